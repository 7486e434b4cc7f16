"""Names a statistical tagger tends to miss, found by their shape in the raw text.

Each finder yields `(start, end, label)` spans of one document's text:
operation names ("Operation X", "X Operation", "operation of X"), numbered resolutions
("Resolution 714", "resolution # 714", "UN Security Council Resolution 714"), quoted title-case
names (“Tavesh-e Marvan”), acronyms (MVO, PMOA), ezafe compounds ("Zelend-e Sharq",
"Sar Pol-e-Tarvan") and compass-qualified places ("west Zelend"). Used by `extra_name_mentions`
(with spaCy's parse) and by the resolver for alias forms spaCy's spans cut short.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .acronyms import acronym_letters

_CAP = r"[A-Z\u00C0-\u00DE][\w’'\u00C0-\u024F]*(?:[-‐][\w’'\u00C0-\u024F]+)*"
_CAPRUN = rf"{_CAP}(?:[ \t]+(?:of[ \t]+)?{_CAP}){{0,3}}"

OPERATION_RE = re.compile(
    rf"\b(?:(?:Operation|operation[ \t]+of)[ \t]+(?P<a>{_CAPRUN})|(?P<b>{_CAPRUN})[ \t]+Operation\b)")
RESOLUTION_RE = re.compile(
    r"(?:\b(?:[A-Z][\w.]*[ \t]+){0,4})?\b[Rr]esolution[ \t]*(?:#|[Nn]o\.?|[Nn]umber)?[ \t]*\d{1,5}\b")
QUOTED_RE = re.compile(r"[“\"]([^”\"\n]{2,80})[”\"]")
ACRONYM_RE = re.compile(r"\b(?:[A-Z]\.){2,5}|\b[A-Z][A-Z&]{1,5}(?:['’]?s)?\b")
EZAFE_RE = re.compile(
    rf"\b{_CAP}(?:[ \t]{_CAP})*[-‐](?:e|ye|i)[- \t]{_CAP}(?:[ \t]+{_CAP}(?:[-‐](?:e|ye|i)[- \t]{_CAP})?)*")
COMPASS_RE = re.compile(r"\b(?:west|east|north|south)[ \t]+([A-Z][a-z]{2,}(?:[ \t]+[A-Z][a-z]{2,})?)")

_JOINERS = {"of", "the", "and", "e", "ye", "al", "el", "de", "–", "-", "&", "for", "in"}
_NOT_AFTER_OPERATION = {"The", "In", "On", "At", "It", "This", "That", "He", "She", "They", "We",
                        "But", "And", "As", "When", "While", "After", "Before"}


def operations(text: str) -> Iterator[tuple[int, int, str]]:
    for m in OPERATION_RE.finditer(text):
        g = "a" if m.group("a") else "b"
        name = m.group(g)
        words = name.split()
        if g == "a" and words[0] in _NOT_AFTER_OPERATION:
            continue
        if g == "b":
            # "Summary of the Operation" is not a name; skip leading sentence words
            while words and words[0] in _NOT_AFTER_OPERATION:
                words = words[1:]
            if not words:
                continue
            start = m.start(g) + name.index(words[0])
            yield start, m.end(), "EVENT"
        else:
            yield m.start(), m.end(g), "EVENT"


def resolutions(text: str) -> Iterator[tuple[int, int, str]]:
    for m in RESOLUTION_RE.finditer(text):
        s = m.start()
        lead = re.match(r"(?:(?:The|A|In|On|By|After|Following|Under)[ \t]+)+", m.group())
        if lead:
            s += lead.end()
        yield s, m.end(), "LAW"


def quoted_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Title-case names in quotes: every word capitalized but joiners, at most 6 words."""
    for m in QUOTED_RE.finditer(text):
        inner = m.group(1).strip()
        words = re.findall(r"[\w’'\u00C0-\u024F]+|[–-]", inner)
        if not words or len(words) > 8 or re.search(r"[.,;:!?]", inner.rstrip(".")):
            continue
        content = [w for w in words if w.lower() not in _JOINERS]
        if not content or not all(w[:1].isupper() for w in content):
            continue
        if len(content) == 1 and acronym_letters(content[0]):
            continue
        s = m.start(1) + m.group(1).index(inner)
        yield s, s + len(inner), "MISC"


def acronyms(text: str) -> Iterator[tuple[int, int, str]]:
    """Acronyms outside all-caps lines (headlines in capitals are not acronyms)."""
    for m in ACRONYM_RE.finditer(text):
        letters = acronym_letters(m.group())
        if not letters:
            continue
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        line = text[ls: le if le >= 0 else len(text)]
        letters_in_line = [c for c in line if c.isalpha()]
        if letters_in_line and sum(c.isupper() for c in letters_in_line) / len(letters_in_line) > 0.6:
            continue
        end = m.end()
        tail = re.search(r"(?:['’]?s)$", m.group())
        if tail and not m.group().endswith("S"):
            end -= len(tail.group())
        yield m.start(), end, "ORG"


def ezafe_names(text: str) -> Iterator[tuple[int, int, str]]:
    for m in EZAFE_RE.finditer(text):
        s = m.start()
        lead = re.match(r"(?:(?:The|A|An|In|On|At|By|From|To|Of)[ \t]+)+", m.group())
        if lead:
            s += lead.end()
        yield s, m.end(), "MISC"


def compass_places(text: str) -> Iterator[tuple[int, int, str]]:
    for m in COMPASS_RE.finditer(text):
        word = m.group(1).split()[0]
        if re.search(r"(?:ern|ian|ese|ish)$", word):
            continue
        yield m.start(), m.end(), "GPE"


_TITLE_RUN = re.compile(rf"{_CAP}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?{_CAP})+")
_LEADING = {"the", "a", "an", "in", "on", "at", "by", "for", "from", "after", "before", "when",
            "while", "if", "as", "but", "and", "so", "since", "with", "this", "that", "these",
            "those", "there", "his", "her", "their", "its", "our", "photo", "home", "read", "see"}


def title_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """Runs of two or more capitalized words ("Silent Dawn", "Morvanin Vardan Organization"),
    without leading function words; in title-case lines (headlines) only runs with a designator.
    Without a parse these are only used as alias forms, never as mentions."""
    from .forms import make_form  # forms imports nothing from here; late to keep layers simple

    for m in _TITLE_RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        for i, w in enumerate(words[:-1]):  # "Ardesia’s Republican Guards": the name follows
            if re.search(r"['’]s$", w.group()):
                words = words[i + 1:]
                break
        while words and words[0].group().lower().strip("’'") in _LEADING:
            words.pop(0)
        while words and words[-1].group().lower() in _LEADING | {"of"}:
            words.pop()
        if len(words) < 2:
            continue
        s, e = m.start() + words[0].start(), m.start() + words[-1].end()
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", s)
        line = text[ls: le if le >= 0 else len(text)]
        caps = [w for w in re.findall(r"[A-Za-z’']+", line) if len(w) >= 4]
        headline = len(caps) >= 3 and sum(w[0].isupper() for w in caps) >= 0.8 * len(caps)
        if headline and not make_form(text[s:e]).hint:
            continue
        yield s, e, "RUN"


FINDERS = (operations, resolutions, quoted_names, acronyms, ezafe_names, compass_places)


def pattern_names(text: str, runs: bool = False) -> list[tuple[int, int, str]]:
    """Every pattern span in text (with `runs`, capitalized runs too), longest first where they
    overlap (overlaps are kept)."""
    out = set()
    for finder in FINDERS + ((title_runs,) if runs else ()):
        out.update(finder(text))
    return sorted(out, key=lambda x: (x[0], -(x[1] - x[0])))
