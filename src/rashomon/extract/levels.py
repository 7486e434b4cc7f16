"""Ranks on a scale: "a Category 4 storm", "a magnitude 7.8 earthquake", "Level 3 alert". spaCy reads
them as names or identifiers; they are values an account gives a happening, so they become figures
that count their scale noun ("category"), for the comparison to set "Category 4" against "Category 5"."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import data
from ..models import Document, Mention

_NOUNS = sorted(data.words("frames", "level_nouns"), key=len, reverse=True)
_LEVEL = re.compile(rf"\b({'|'.join(_NOUNS)})[ -](\d{{1,2}}(?:\.\d{{1,2}})?)\b(?![\d,.:/-]\d)", re.I)


def extract_levels(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """A figure for every rank on a named scale outside spans already taken."""
    out: list[Mention] = []
    starts = [s.start_char for s in sdoc.sents]
    for m in _LEVEL.finditer(doc.text or ""):
        word, number = m.group(1), m.group(2)
        if word.islower() and word.lower() != "magnitude":
            continue   # "level 3" in running text is too often something else; "Level 3", "magnitude 7"
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        value = float(number) if "." in number else int(number)
        sentence = max(i for i, s in enumerate(starts) if s <= m.start()) if starts else 0
        out.append(Mention(id="", doc=doc.id or "", start=m.start(), end=m.end(), text=m.group(0), kind="quantity",
                           label="LEVEL", sentence=sentence, value=value, qualifier="exact", counted=word.lower()))
    for i, mention in enumerate(out, 1):
        mention.id = f"{doc.id}.l{i}"
    return out
