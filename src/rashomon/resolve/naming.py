"""An entity's canonical name and type, and mapping free-text parties onto entities.

- `choose_canonical`: the longest frequent full form — not an acronym, not a surname alone.
- `entity_type`: the weighted majority of spaCy labels, name-shape hints ("Operation X" is an
  event, "Resolution 714" a law, "Mr. X" a person) and context cues ("the city of X").
- `canonical_name`: "the MVO" or "MVO sources" → the canonical name of the entity whose alias it
  contains.
"""
from __future__ import annotations

import re
from collections import Counter

from ..models import Entity
from .acronyms import acronym_letters
from .fold import tokens
from .forms import DESIGNATORS, make_form

LABEL_TYPE = {"PERSON": "PERSON", "ORG": "ORG", "NORP": "OTHER", "GPE": "GPE", "LOC": "LOC",
              "FAC": "LOC", "EVENT": "EVENT", "LAW": "LAW"}


def choose_canonical(counts: Counter, persons: set[str]) -> str:
    """The longest frequent full form among the display forms and their mention counts."""
    names: Counter = Counter()
    for shown, c in counts.items():
        names[make_form(shown).name] += c
    if not names:
        return ""
    full = [n for n in names if not acronym_letters(n)] or list(names)
    multi_person = any(make_form(n).key in persons and make_form(n).n >= 2 for n in full)
    if multi_person:
        full = [n for n in full if make_form(n).n >= 2] or full
    frequent = [n for n in full if names[n] >= 2] or full
    return max(frequent, key=lambda n: (make_form(n).n, names[n], -len(n), n))


def designator_free(shown: str) -> str:
    """The display form without leading/trailing designators ("Darvezan Pass Camp" →
    "Darvezan", "operation of Korvel" → "Korvel")."""
    words = shown.split()
    edge = DESIGNATORS | {"of", "the"}

    def folded(w: str) -> str:
        t = tokens(w)
        return t[0] if len(t) == 1 else ""

    while len(words) > 1 and folded(words[-1]) in edge:
        words.pop()
    while len(words) > 1 and folded(words[0]) in edge:
        words.pop(0)
    return " ".join(words)


def entity_type(nodes, form_of, is_person) -> str:
    """The weighted majority type of a cluster of nodes."""
    votes: Counter = Counter()
    for n in nodes:
        for label, c in n.labels.items():
            votes[LABEL_TYPE.get(label, "OTHER")] += c
        for hint, w in n.hints.items():
            if hint == "PLACE":
                place = max(("GPE", "LOC"), key=lambda t: votes[t])
                votes[place] += w
            else:
                votes[hint] += w
    if not votes:
        return "OTHER"
    return max(votes, key=lambda t: (votes[t], t != "OTHER", t))


def _words(text: str) -> list[str]:
    """Whitespace words without edge punctuation or a possessive ("MVO’s" → "MVO")."""
    out = []
    for w in text.split():
        w = w.strip(",;:!?()[]\"“”‘'")
        w = re.sub(r"(?:['’]s|['’])$", "", w)
        if w.endswith(".") and not re.search(r"\.[A-Za-z]\.?$|^[A-Z]\.$", w):
            w = w[:-1]
        if w:
            out.append(w)
    return out


_INDEX: dict = {}


def _alias_index(entities: list[Entity]):
    """{words of an alias: (rank, canonical)}: acronyms by exact case, other names lowercased. Kept for the
    list last asked about, which the cache holds: an `id()` alone would match a new list made where a freed
    one was (each story's entities are a new list with ids e1..eN)."""
    sig = (len(entities), tuple(e.id for e in entities[:1] + entities[-1:]))
    if _INDEX.get("entities") is entities and _INDEX.get("sig") == sig:
        return _INDEX["index"]
    index: dict[tuple[str, ...], tuple] = {}
    for e in entities:
        if e.type == "OTHER":
            continue
        for alias in {*e.aliases, e.canonical}:
            words = _words(alias)
            if not words or len(alias.strip()) < 2:
                continue
            key = tuple(words) if acronym_letters(alias.strip()) else tuple(w.lower() for w in words)
            rank = (len(alias), len(e.mentions), e.canonical)
            if key not in index or rank > index[key]:
                index[key] = rank
    _INDEX.update(entities=entities, sig=sig, index=index)
    return index


def canonical_name(entities: list[Entity], surface: str | None) -> str | None:
    """The canonical name of the entity a free-text party string names, or None.

    The party names an entity when it contains one of the entity's aliases as whole words
    (acronyms case-sensitively, other names ignoring case); the longest alias found wins.
    Nationality-only entities (type OTHER, e.g. "Ardesian") are not parties, so "Ardesian
    government sources" maps to None unless an entity has that longer alias.
    """
    if not surface or not surface.strip():
        return None
    index = _alias_index(entities)
    words = _words(surface)
    lower = [w.lower() for w in words]
    best = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 10) + 1):
            for key in (tuple(words[i:j]), tuple(lower[i:j])):
                hit = index.get(key)
                if hit and (best is None or hit > best):
                    best = hit
    return best[2] if best else None
