"""Denials as figures: "no one was killed", "no casualties", "nobody was hurt" state a count of zero."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import data
from ..models import Document, Mention

_PEOPLE = r"(?:one|body|people|persons?|civilians?|soldiers?|troops?|residents?|passengers?|workers?|lives?)"
_HARM_NOUNS = dict(data.load("harm")["denied_harm_nouns"])
_DENIAL = re.compile(
    rf"\b(?:[Nn]o\s+(?P<who>{_PEOPLE}|casualt(?:y|ies)|deaths?|fatalit(?:y|ies)|injur(?:y|ies))"
    rf"|(?P<nobody>[Nn]obody)|[Nn]ot\s+a\s+single\s+(?P<single>{_PEOPLE[3:-1]}))\b")
_HARM_VERBS = dict(data.load("harm")["denied_harm_verbs"])


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_denials(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """A zero figure for every denial of harm to people ("no casualties", "no one was killed")."""
    out: list[Mention] = []
    sents = list(sdoc.sents)
    starts = [s.start_char for s in sents]
    for m in _DENIAL.finditer(doc.text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        word = (m.group("who") or m.group("single") or "one").lower()
        predicate = _HARM_NOUNS.get(word)
        span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        if predicate is None:
            # "no one was killed", "nobody died": the verb the denial is the subject of
            verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "ADJ")), None)
            predicate = _HARM_VERBS.get(verb.lemma_.lower()) if verb is not None else None
        if predicate is None:
            continue
        counted = "people" if word in ("one", "body", "nobody") or word in _HARM_NOUNS else word.rstrip("s")
        sentence = max(i for i, s in enumerate(starts) if s <= m.start())
        out.append(Mention(id="", doc=doc.id or "", start=m.start(), end=m.end(), text=m.group(),
                           kind="quantity", label="CARDINAL", sentence=sentence, value=0, qualifier="exact",
                           counted=counted, predicate=predicate))
    for i, mention in enumerate(out, 1):
        mention.id = f"{doc.id}.z{i}"
    return out
