"""The sentence around a span of a document, for quotes shown beside findings (report, CSV, Markdown)."""
from __future__ import annotations

import re

_ENDS = (". ", "? ", "! ")
# a period after these does not end a sentence ("Mr. Halvard", "St. Louis", "J. Smith")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
                  "st", "mt", "jr", "sr", "no", "vol", "p", "pp", "fig", "u.s", "u.n", "e.g", "i.e", "vs"}
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_break(text: str, i: int, mark: str) -> bool:
    if mark != ". ":
        return True
    m = _WORD_BEFORE.search(text, max(0, i - 40), i)      # a short window: the whole text would be quadratic
    word = m.group(1).lower() if m else ""
    return not (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()))


def sentence_bounds(text: str, start: int, end: int, limit: int = 320) -> tuple[int, int, bool, bool]:
    """The sentence around text[start:end] (from the previous sentence end or line break to the next),
    at most about `limit` characters: (start, end, cut at the start, cut at the end)."""
    a = text.rfind("\n", 0, start) + 1
    for p in _ENDS:
        i = text.rfind(p, a, start)
        while i >= 0 and not _is_break(text, i, p):
            i = text.rfind(p, a, i)
        if i >= 0:
            a = max(a, i + len(p))
    b = len(text)
    i = text.find("\n", end)
    if i >= 0:
        b = i
    for p in _ENDS:
        i = text.find(p, end, b)
        while i >= 0 and not _is_break(text, i, p):
            i = text.find(p, i + 1, b)
        if i >= 0:
            b = min(b, i + 1)
    cut_a = cut_b = False
    if b - a > limit:   # keep the span and up to `limit` characters around it
        room = max(limit - (end - start), 40) // 2
        if start - room > a:
            a, cut_a = start - room, True
        if end + room < b:
            b, cut_b = end + room, True
    while a < start and text[a].isspace():
        a += 1
    return a, b, cut_a, cut_b


def sentence_of(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence around a span as plain text, with an ellipsis where it was cut."""
    a, b, cut_a, cut_b = sentence_bounds(text, start, end, limit)
    return ("…" if cut_a else "") + text[a:b].strip() + ("…" if cut_b else "")
