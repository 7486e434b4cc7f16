"""Extraction: what each document states — dates, figures, names — and who it says states it."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..models import Document, Mention, Sentence
from .attribution import attribute
from .denials import extract_denials
from .figures import extract_figures
from .clock import extract_times
from .levels import extract_levels
from .wholes import extract_wholes
from .windows import extract_windows
from .names import extract_names
from .occurrence import extract_occurrences
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
    times = extract_times(doc, sdoc, taken, dates)
    taken += [(m.start, m.end) for m in times]
    figures = extract_figures(doc, sdoc, taken)
    taken += [(m.start, m.end) for m in figures]
    figures += extract_denials(doc, sdoc, taken)
    taken += [(m.start, m.end) for m in figures]
    figures += (levels := extract_levels(doc, sdoc, taken))
    taken += [(m.start, m.end) for m in levels]
    figures += (wholes := extract_wholes(doc, sdoc, taken))
    taken += [(m.start, m.end) for m in wholes]
    figures += (windows := extract_windows(doc, sdoc, taken))
    taken += [(m.start, m.end) for m in windows]
    names = extract_names(doc, sdoc, taken)
    extra = []
    for m in extra_name_mentions(doc, sdoc):
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        inside = [n for n in names if m.start < n.end and n.start < m.end]
        # a longer name found by the name patterns ("UN Security Council Resolution 714") replaces the
        # shorter spaCy entities it contains; one that only partly overlaps them is dropped
        if all(m.start <= n.start and n.end <= m.end for n in inside) and (not inside or len(m.text) > max(len(n.text) for n in inside)):
            names = [n for n in names if n not in inside]
            extra.append(m)
    states = extract_occurrences(doc, sdoc, taken + [(m.start, m.end) for m in names + extra], dates)
    mentions = sorted(dates + times + figures + names + extra + states, key=lambda m: (m.start, m.end))
    attribute(mentions, doc, sdoc)
    return Extraction(sentences, mentions)


__all__ = ["Extraction", "extract_document"]
