"""Widening a name's span with what the text writes around it: the rest of an ezafe compound
("Vardan" → "Morvanin-e Vardan"), a title ("Mr. Halvard"), a compass word ("west Zelend"), an
"Operation" ("operation of Korvel"), an "of X" complement ("Morvanin Organization of Ardesia") and
a capitalized word the tagger left out ("Morvanin Vardan Organization").
"""
from __future__ import annotations

import re

from .fold import tokens
from .forms import FUNCTION_CAPS, NATIONALITY_LIKE, ORG_HEADS
from .titles import TITLE_WORDS, title_before

_W = r"[A-Z\u00C0-\u00DE][\w’'\u00C0-\u024F]*"
_EZ_LEFT = re.compile(rf"({_W}(?:[ \t]{_W})*)[-‐](?:e|ye|i)[- \t]$")
_EZ_RIGHT = re.compile(rf"[-‐](?:e|ye|i)[- \t]({_W})")
_COMPASS_LEFT = re.compile(r"(?:^|(?<=[ \t(]))((?:[Ww]est|[Ee]ast|[Nn]orth|[Ss]outh)[ \t]+)$")
_OPERATION_LEFT = re.compile(r"(?:^|(?<=[ \t(]))((?:[Oo]peration|[Oo]peration[ \t]+of)[ \t]+)$")
_OPERATION_RIGHT = re.compile(r"[ \t]+Operation\b")
_OF_RIGHT = re.compile(rf"[ \t]+of[ \t]+((?:the[ \t]+)?{_W}(?:[ \t]+{_W}){{0,2}})")
_CAP_LEFT = re.compile(rf"(?:^|(?<=[ \t\n»›|:>(\-–]))({_W})[ \t]$")

Span = tuple[int, int]


def ezafe(text: str, s: int, e: int) -> Span:
    """The span widened over ezafe joins on either side."""
    for _ in range(3):
        m = _EZ_LEFT.search(text, max(0, s - 80), s)
        if not m or m.end() != s:
            break
        s = m.start(1)
    for _ in range(3):
        m = _EZ_RIGHT.match(text, e)
        if not m:
            break
        e = m.end(1)
    return s, e


def extras(text: str, s: int, e: int, label: str, covered) -> list[Span]:
    """Longer spans around the name that are also its names. `covered(i)` says whether text[i]
    belongs to another name (those are never swallowed)."""
    out: list[Span] = []
    t = title_before(text, s)
    if t is not None:
        out.append((t, e))
    left = text[max(0, s - 30):s]
    m = _COMPASS_LEFT.search(left)
    if m and not tokens(text[s:e])[:1] in (("west",), ("east",), ("north",), ("south",)):
        out.append((s - len(m.group(1)), e))
    m = _OPERATION_LEFT.search(left)
    if m:
        out.append((s - len(m.group(1)), e))
    m = _OPERATION_RIGHT.match(text, e)
    if m:
        out.append((s, m.end()))
    words = tokens(text[s:e])
    if words and words[-1] in ORG_HEADS:
        m = _OF_RIGHT.match(text, e)
        if m:
            out.append((s, m.end()))
    if label in ("ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "MISC"):
        m = _CAP_LEFT.search(text, max(0, s - 40), s)
        if m and m.end() == s:
            w = m.group(1)
            before = text[max(0, m.start(1) - 3):m.start(1)]
            initial = m.start(1) == 0 or re.search(r"(?:[.!?][\"”’']?[ \t]+|\n[ \t]*)$", before)
            if (not initial and w.lower() not in FUNCTION_CAPS and w.lower().strip(".") not in TITLE_WORDS
                    and not NATIONALITY_LIKE.match(w) and not covered(m.start(1))
                    and not w.endswith(("’s", "'s"))):
                out.append((m.start(1), e))
    return out
