"""Windows of a count: "died in the six months after the storm", "within the first 72 hours after the blast".
The length of the window is a figure of its own (label WINDOW, counted the time unit): two accounts of one
estimate that give it different windows ("in the six months after" / "in the five months after") dispute
the window, which align pairs through the counts it is the window of."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..models import Document, Mention
from .numbers import num_word_value

_WINDOW = re.compile(
    r"\b(?:in|over|during|within)\s+the\s+(?:first\s+|next\s+|following\s+)?"
    r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>hours?|days?|weeks?|months?|years?)\s+(?:after|since|following)\b",
    re.I)


def extract_windows(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """A WINDOW figure (the count of time units) for every window of "in the N units after X"."""
    text = doc.text or ""
    starts = [s.start_char for s in sdoc.sents]
    out: list[Mention] = []
    for m in _WINDOW.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else num_word_value(m["n"].lower())
        if not n:
            continue
        s, e = m.start("n"), m.end("unit")
        if any(s < te and ts < e for ts, te in taken):
            continue
        sentence = max((i for i, x in enumerate(starts) if x <= s), default=0)
        out.append(Mention(id="", doc=doc.id or "", start=s, end=e, text=text[s:e], kind="quantity", label="WINDOW",
                           sentence=sentence, value=n, qualifier="exact", counted=m["unit"].lower().rstrip("s"),
                           predicate="after"))
    for i, w in enumerate(out, 1):
        w.id = f"{doc.id}.p{i}"
    return out
