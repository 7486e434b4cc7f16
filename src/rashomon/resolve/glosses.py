"""Glosses: where a text itself says two names are one, or what a name means.

- acronym definitions: "Highland Liberation Army (HLA)", "(MVO, MEV)", "(MEV/PMOA)", and
  "NCRA (National Council of Resistance of Ardesia)";
- parenthetical alternates: "Daybreak (Roshvan)", "Civic Coalition (Hamvand-e Sarvi)";
- appositive aliases: "X, known as Y", "X, also called Y", "X, code-named Y",
  "X with the code name Y", "X (called Y)";
- meanings: "“Tavesh-e Marvan” which means a silent dawn", "X, meaning Y", "X (literally
  Y)": a capitalized meaning is another name of X; a lowercase one is a translation that the
  resolver may match against a name of the same document (see `resolver._meaning_links`);
- type hints: "an operation called Y", "called their operation Y", "the code name Y" make Y an
  event.

All functions work on one document's text and the spans of the names already known in it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .acronyms import acronym_letters, defined_after, letters_fit
from .patterns import _CAPRUN

Span = tuple[int, int]


@dataclass(frozen=True)
class Link:
    """The text says the names at spans a and b are one. kind: "definition" (a long name and the
    acronym b it defines), "acronym" (an alternate acronym listed with it), "paren", "alias"."""

    a: Span
    b: Span
    kind: str


@dataclass(frozen=True)
class Meaning:
    """The text glosses the name at `span` with the lowercase words `words`."""

    span: Span
    words: tuple[str, ...]


_OPEN = "“\"'‘«"
_CLOSE = "”\"'’»"
_ARTICLES = {"a", "an", "the"}
_TRIGGER = re.compile(
    r"[”\"’']?[ \t]*[,(]?[ \t]*(?:(?:also|commonly|better|widely|later|formerly|now|officially|"
    r"locally|popularly)[ \t]+)?(?:known[ \t]+as|called|named|dubbed|code-?named|codenamed|"
    r"(?:with|under)[ \t]+the[ \t]+code[- ]?name|(?:with|under)[ \t]+the[ \t]+name|a\.?k\.?a\.?)"
    r"[ \t]*[:,]?[ \t]*")
_MEANING = re.compile(
    r"[”\"’']?[ \t]*,?[ \t]*(?:(?:which|that)[ \t]+(?:means?|meant|translates[ \t]+(?:as|to))|"
    r"meaning|literally|lit\.|\((?:meaning|literally|lit\.))[ \t]*[:,]?[ \t]*")
_EVENT_HINT = re.compile(
    r"\b(?:(?:operations?|offensives?|attacks?|campaigns?|raids?|battles?)[ \t]+"
    r"(?:(?:was|were|is)[ \t]+)?(?:called|named|dubbed|code-?named|codenamed|known[ \t]+as)|"
    r"(?:called|named|dubbed|code-?named)[ \t]+(?:the|their|its|his|her|our|this|an?)[ \t]+"
    r"(?:operation|offensive|attack|campaign|raid)|code[- ]?name)[ \t]*[:,]?[ \t]*", re.I)
_CAPRUN_RE = re.compile(_CAPRUN)


def _title_case(text: str) -> bool:
    words = re.findall(r"[\w’'\u00C0-\u024F]+", text)
    content = [w for w in words if w.lower() not in ("of", "the", "and", "e", "ye", "al", "el")]
    return bool(content) and all(w[:1].isupper() for w in content) and len(content) <= 6


def name_at(text: str, p: int, spans: list[Span]) -> Span | None:
    """The name starting at (or just after quotes/space at) position p: a quoted name, a known
    span, or a run of capitalized words."""
    n = len(text)
    while p < n and text[p] in " \t":
        p += 1
    if p < n and text[p] in _OPEN:
        close = re.compile(r"[”\"’»]|\n")
        m = close.search(text, p + 1)
        if m and m.group() != "\n" and 1 < m.start() - p - 1 <= 80:
            inner = text[p + 1:m.start()].strip()
            s = text.index(inner, p + 1) if inner else p + 1
            if inner and _title_case(inner):
                return s, s + len(inner)
        p += 1
    starts = [s for s, _ in spans]
    i = bisect.bisect_left(starts, p)
    best = None
    while i < len(spans) and spans[i][0] <= p + 1:
        if best is None or spans[i][1] > best[1]:
            best = spans[i]
        i += 1
    if best:
        return best
    m = _CAPRUN_RE.match(text, p)
    return (m.start(), m.end()) if m else None


def _word_before(text: str, s: int) -> str:
    m = re.search(r"([A-Z][\w\u00C0-\u024F]*)(?:['’]s)?[ \t]+$", text[max(0, s - 40):s])
    return m.group(1) if m else ""


def find_glosses(text: str, spans: list[Span]) -> tuple[list[Link], list[Meaning], dict[Span, str], list[Span]]:
    """Links, meanings and type hints the text states about the names at `spans`.

    Returns (links, meanings, hints, new_spans): `new_spans` are names the glosses point at that
    were not among `spans` (an acronym in parentheses, a quoted code name).
    """
    spans = sorted(set(spans))
    known = set(spans)
    links: list[Link] = []
    meanings: list[Meaning] = []
    hints: dict[Span, str] = {}
    new: set[Span] = set()

    def add(span: Span | None) -> Span | None:
        if span and span not in known:
            new.add(span)
        return span

    for s, e in spans:
        name = text[s:e]
        acr = acronym_letters(name)
        # 1. "Long Name (ACR)" and "(ACR1, ACR2)"
        defs = defined_after(text, e)
        if defs and not acr:
            before = _word_before(text, s)
            fits = [letters_fit(acronym_letters(a) or a, name, before) for a, _, _ in defs]
            if any(fits):
                # the acronyms whose letters fit are definitions; the others are listed alternates
                for (_, a_s, a_e), fit in zip(defs, fits):
                    links.append(Link((s, e), add((a_s, a_e)), "definition" if fit else "acronym"))
                continue
        # 2. "ACR (Long Name)"
        m = re.compile(r"[ \t]*\(([^()\n]{4,90})\)").match(text, e)
        if acr and m and letters_fit(acr, m.group(1)):
            inner = m.group(1).strip()
            i_s = m.start(1) + m.group(1).index(inner)
            links.append(Link(add((i_s, i_s + len(inner))), (s, e), "definition"))
            continue
        # 3. "X (Y)": a capitalized alternate in parentheses, not a caption at the end of a line
        m = re.compile(r"[ \t]*\(([^()\n]{2,60})\)").match(text, e)
        if m and not acr:
            inner = m.group(1).strip()
            after = text[m.end():m.end() + 3]
            if (_title_case(inner) and not re.search(r"\d", inner) and not acronym_letters(inner)
                    and not re.match(r"[ \t]*(?:\n|$)", after)):
                i_s = m.start(1) + m.group(1).index(inner)
                links.append(Link((s, e), add((i_s, i_s + len(inner))), "paren"))
                continue
        # 4. meanings
        m = _MEANING.match(text, e)
        if m:
            gm = re.compile(r"[^.,;:()\n”\"]{2,80}").match(text, m.end())
            if gm:
                gloss = gm.group().strip()
                words = gloss.split()
                if len(words) <= 8:
                    if _title_case(gloss):
                        g_s = gm.start() + gm.group().index(gloss)
                        links.append(Link((s, e), add((g_s, g_s + len(gloss))), "alias"))
                    else:
                        content = tuple(w.lower().strip("’'\"") for w in words
                                        if w.lower() not in _ARTICLES)
                        if content:
                            meanings.append(Meaning((s, e), content))
            continue
        # 5. "X, known as Y", "X with the code name Y"
        m = _TRIGGER.match(text, e)
        if m and re.fullmatch(r"[ \t]*(?:called|named|dubbed)[ \t]*", m.group()):
            m = None   # "Carlsen called Governor Abbot": a bare verb after a name is no alias
        if m and m.end() > e + 1:
            target = name_at(text, m.end(), spans)
            if target and target[0] - m.end() <= 2 and target != (s, e):
                links.append(Link((s, e), add(target), "alias"))
    # 6. type hints
    for m in _EVENT_HINT.finditer(text):
        target = name_at(text, m.end(), spans)
        if target and target[0] - m.end() <= 2:
            hints[add(target)] = "EVENT"
    return links, meanings, hints, sorted(new)
