"""Extraction: what each document states — dates, figures, names — and who it says states it."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..models import Document, Mention, Sentence
from .attribution import attribute
from .figures import extract_figures
from .names import extract_names
from .timex import extract_dates


@dataclass
class Extraction:
    """One document's sentences and mentions."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def extract_document(doc: Document, sdoc: Doc) -> Extraction:
    """Run every extractor on one parsed document; spans claimed by dates are not figures or names."""
    from ..resolve import extra_name_mentions

    sentences = [Sentence(doc.id or "", i, s.start_char, s.end_char) for i, s in enumerate(sdoc.sents)]
    dates = extract_dates(doc, sdoc)
    taken = [(m.start, m.end) for m in dates]
    figures = extract_figures(doc, sdoc, taken)
    taken += [(m.start, m.end) for m in figures]
    names = extract_names(doc, sdoc, taken)
    taken += [(m.start, m.end) for m in names]
    extra = [m for m in extra_name_mentions(doc, sdoc)
             if not any(m.start < e and s < m.end for s, e in taken)]
    mentions = sorted(dates + figures + names + extra, key=lambda m: (m.start, m.end))
    attribute(mentions, doc, sdoc)
    return Extraction(sentences, mentions)


__all__ = ["Extraction", "extract_document"]
