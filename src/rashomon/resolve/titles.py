"""Honorifics and titles before names ("Sheikh", "Mr.", "Supreme Leader", "the former President")."""
from __future__ import annotations

import re

from .. import data
from .fold import singular

# Titles and honorifics: generic vocabulary, no names. Multiword ones first.
TITLES = tuple(data.load("titles")["titles"])
# Titles that also begin names of other things ("General Motors", "President Hotel"): stripped
# only when a name of two words or more follows ("President Kasimir Durrein").
RANKS = data.words("titles", "ranks")
_TITLE_RE = re.compile(
    r"^(?:(?:the|former|late|then|acting|deputy|new|ex)[\s-]+)*"
    r"(?:(?:[A-Z][a-z]+(?:i|ian|ese|ish|an)\s+)?)"  # a nationality adjective: "Tamarian President"
    r"(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]")
                      for t in sorted(TITLES, key=len, reverse=True)) + r")\.?(?=\s)\s*",
    re.I,
)
TITLE_WORDS = frozenset(w for t in TITLES for w in re.split(r"[\s-]", t))


def leading_titles(words: list[str] | tuple[str, ...]) -> int:
    """How many of a name's words, before its last, are title words ("President Lorrimer": 1): a rank the
    title rules kept in the name (one word follows it) is not a given name."""
    k = 0
    while k < len(words) - 1 and singular(words[k].lower().strip(".,")) in TITLE_WORDS:
        k += 1
    return k


def split_title(name: str) -> tuple[str, str]:
    """(title, rest): the leading titles of a name and the name without them.

    Never strips the last word ("the Shah" stays a name): `split_title("Sheikh Velameini")` is
    ("Sheikh", "Velameini"); `split_title("Supreme Leader Orsan Velameini")` is
    ("Supreme Leader", "Orsan Velameini").
    """
    rest, title = name.strip(), ""
    while True:
        m = _TITLE_RE.match(rest)
        if not m or not rest[m.end():].strip():
            return title.strip(), rest
        # a lowercase or function word after the title means it was not a title ("General Motors"
        # keeps its name only when followed by a capitalized word, which is the common case)
        tail = rest[m.end():]
        if not tail[:1].isupper():
            return title.strip(), rest
        words = re.findall(r"[a-z]+", m.group().lower())
        if words and words[-1] in RANKS and len(tail.split()) < 2:
            return title.strip(), rest
        title += " " + rest[:m.end()].strip()
        rest = tail


def strip_title(name: str) -> str:
    """The name without leading titles."""
    return split_title(name)[1]


_LEFT_TITLE_RE = re.compile(
    r"(?:(?<=\s)|^)((?:(?:[Ff]ormer|[Ll]ate|[Aa]cting)\s+)?"
    r"(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]")
                      for t in sorted(TITLES, key=len, reverse=True)) + r")\.?)\s+$",
    re.I,
)


def title_before(text: str, start: int) -> int | None:
    """The start of a capitalized title written just before `start` in text ("Mr. " before
    "Halvard"), or None."""
    left = text[max(0, start - 40):start]
    if "\n" in left:
        left = left[left.rindex("\n") + 1:]
    m = _LEFT_TITLE_RE.search(left)
    if not m or not m.group(1)[:1].isupper():
        return None
    return start - len(left) + m.start(1)
