"""Language data (word lists, verb classes, patterns), each defined once in a JSON file of this folder.

`words("scope_markers")` reads `scope_markers.json` once and returns it; a file holds either a list of
words or an object of named lists. Code never types its own copy of a list kept here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str):
    """The parsed JSON file `<name>.json` of this folder (cached: read once per process)."""
    return json.loads(resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def words(name: str, key: str | None = None) -> frozenset[str]:
    """A word list as a frozenset: the whole file when it is a list, else its entry `key`."""
    data = load(name)
    if key is not None:
        data = data[key]
    return frozenset(w.lower() for w in data)
