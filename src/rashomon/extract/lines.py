"""The lines of a text and their list layout (intro line, items, headings), shared by figures and attribution."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from .numbers import VAGUE, num_word_value

# characters that open a list item
BULLETS = "-*•·▪◦‣–—>"


@dataclass
class Line:
    """One non-blank line of a text: its character span and where it stands in a list layout."""

    index: int
    start: int
    end: int
    text: str
    heading: bool = False       # a short title-like line without a number ("Spoils of War")
    intro: bool = False         # a line introducing what follows (ends with ":" or "?")
    item: bool = False          # a line of a list under the nearest intro line
    intro_line: int | None = None  # index (in the list of lines) of the intro line of an item


_STOP = {"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "&",
         "de", "la", "le", "du", "vs", "vs.", "is", "are", "was"}
_WORD_RE = re.compile(r"[\w’'.$%+-]+", re.U)
_FINITE = re.compile(r"^(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|"
                     r"did|does|do|said|says)$", re.I)


def _is_heading(text: str) -> bool:
    words = _WORD_RE.findall(text)
    if not words or len(words) > 10 or re.search(r"\d", text):
        return False
    if any(num_word_value(w.lower()) is not None for w in words) or words[0].lower() in VAGUE:
        return False
    content = [w for w in words if w.lower() not in _STOP]
    return bool(content) and all(w[0].isupper() or not w[0].isalpha() for w in content)


def _looks_like_item(text: str) -> bool:
    s = text.strip()
    words = _WORD_RE.findall(s)
    if not words or len(words) > 12 or s.endswith((":", "?")):
        return False
    if s[0] in BULLETS or re.match(r"^\(?\d+[.)]\s", s):
        return True
    if any(_FINITE.match(w) for w in words):
        return False
    if len(words) > 8 and s.endswith("."):
        return False
    return True


def text_lines(text: str) -> list[Line]:
    """The non-blank lines of a text, with their list layout: a line ending with ":" or "?" introduces
    the short verbless lines after it ("72 tanks"), until a heading or an ordinary paragraph."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(len(lines), start, start + len(s), s))
        pos += len(raw) + 1
    intro: int | None = None
    for ln in lines:
        ln.heading = _is_heading(ln.text) and not ln.text.endswith((":", "?"))
        ln.intro = ln.text.endswith((":", "?", "："))
        if ln.intro:
            intro = ln.index
            continue
        if intro is not None and not ln.heading and _looks_like_item(ln.text):
            ln.item, ln.intro_line = True, intro
        else:
            intro = None
    return lines


class LineIndex:
    """Maps characters and tokens to lines."""

    def __init__(self, text: str):
        self.lines = text_lines(text)
        self.starts = [ln.start for ln in self.lines]
        self.breaks = [i for i, c in enumerate(text) if c == "\n"]

    def key(self, char: int) -> int:
        """A line key for a character: the number of line breaks before it."""
        return bisect.bisect_right(self.breaks, char - 1) if self.breaks else 0

    def same(self, a: Token, b: Token) -> bool:
        return self.key(a.idx) == self.key(b.idx)

    def line_at(self, char: int) -> Line | None:
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and self.lines[i].start <= char <= self.lines[i].end:
            return self.lines[i]
        return None
