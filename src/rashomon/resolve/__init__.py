"""Entity resolution: which name mentions, across documents, name the same actor, place or thing.

Public API:

- `resolve_entities(mentions, docs, aliases=None) -> list[Entity]` (sets `mention.entity`);
- `canonical_name(entities, surface) -> str | None`: a free-text party ("the MVO") → canonical
  entity name;
- `extra_name_mentions(doc, sdoc) -> list[Mention]`: names spaCy misses, for the extractor;
- `load_aliases(path)` / `parse_aliases(text)`: the TOML alias file (format in
  `rashomon.resolve.aliases`).

Modules, one job each: `fold` (transliteration keys), `titles`, `acronyms`, `forms` (cleaning a
span, a name's keys), `expand` (widening a span), `patterns` (names by shape), `glosses` (what
the text says about names), `scoring` (the pairwise scorer and its measured thresholds),
`cluster` (constrained union-find and context), `resolver` (the steps), `naming` (canonical
name, type, parties), `aliases` (the alias file), `extra` (extra mentions).
"""
from __future__ import annotations

from .aliases import AliasFileError, AliasRules, MergeRule, load_aliases, parse_aliases
from .extra import extra_name_mentions
from .naming import canonical_name
from .resolver import resolve_entities

__all__ = [
    "resolve_entities",
    "canonical_name",
    "extra_name_mentions",
    "load_aliases",
    "parse_aliases",
    "AliasRules",
    "MergeRule",
    "AliasFileError",
]
