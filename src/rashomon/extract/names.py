"""Name mentions (actors, places, other named things) from spaCy's entities."""
from __future__ import annotations

from spacy.tokens import Doc

from ..models import Document, Mention

# spaCy label -> mention kind. Dates and figures are found by their own extractors.
NAME_KINDS = {
    "PERSON": "actor", "ORG": "actor", "NORP": "actor",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
}
_STRIP = " \t\n\r\"'“”‘’«»()[]"


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_names(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """Every PERSON, ORG, NORP, GPE, LOC, FAC, EVENT, LAW ... entity spaCy finds, trimmed of quotes and
    line breaks, skipping spans already claimed by dates and figures."""
    sent_index = {s.start: i for i, s in enumerate(sdoc.sents)}
    out: list[Mention] = []
    for ent in sdoc.ents:
        kind = NAME_KINDS.get(ent.label_)
        if kind is None:
            continue
        start, end = ent.start_char, ent.end_char
        raw = doc.text[start:end]
        # trim surrounding quotes/whitespace, and cut at a line break (spaCy glues headings to names)
        lead = len(raw) - len(raw.lstrip(_STRIP))
        raw = raw.strip(_STRIP)
        start += lead
        if "\n" in raw:
            raw = raw.split("\n", 1)[0].rstrip(_STRIP)
        if raw.lower().startswith("the "):
            start, raw = start + 4, raw[4:]
        end = start + len(raw)
        if not raw or not any(c.isalpha() for c in raw) or _overlaps(start, end, taken):
            continue
        out.append(Mention(id="", doc=doc.id or "", start=start, end=end, text=raw, kind=kind,
                           label=ent.label_, sentence=sent_index.get(ent.sent.start, 0)))
    for i, m in enumerate(out, 1):
        m.id = f"{doc.id}.n{i}"
    return out
