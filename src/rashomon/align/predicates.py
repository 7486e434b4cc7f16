"""What happened, in classes: verbs and their nominalizations grouped by the kind of happening they name.

A class marked `once` names something that happens once to its theme (a founding, a start, a death),
so two different dates for it are a conflict; other classes (meetings, attacks) recur, so differing dates
may simply be different occurrences and are never reported as conflicts. The classes are language data,
in `data/happenings.json`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..data import load


@dataclass(frozen=True)
class PredicateClass:
    name: str
    past: str            # how a label says it happened: "founded", "began"
    once: bool
    words: frozenset[str]


CLASSES: tuple[PredicateClass, ...] = tuple(
    PredicateClass(c["name"], c["past"], c["once"], frozenset(c["words"])) for c in load("happenings")["classes"])

_BY_WORD: dict[str, PredicateClass] = {}
for _cls in CLASSES:
    for _w in _cls.words:
        _BY_WORD.setdefault(_w, _cls)
_BY_NAME = {c.name: c for c in CLASSES}


def predicate_class(lemma: str | None) -> PredicateClass | None:
    """The class a verb or noun lemma belongs to, or None."""
    if not lemma:
        return None
    return _BY_WORD.get(lemma.lower().replace(" ", "_"))   # "shoot down" as the class lists it


def by_name(name: str) -> PredicateClass:
    return _BY_NAME[name]
