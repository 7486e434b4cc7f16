"""Acronyms: recognising them, the initials a long name can have, and definitions in the text.

"Morvanin-e Vardan Organization (MEV)" defines MEV; "(MVO, MEV)" and "(MEV/PMOA)" define two at
once. A long name's initials are computed under several conventions (with or without "of", the
ezafe "e", a trailing designator), so PMOA matches "People's Morvanin Organization of Ardesia",
MEV matches "Morvanin-e Vardan" and MVO "Morvanin Vardan Organization".
"""
from __future__ import annotations

import re
import unicodedata

from .fold import STOPWORDS, strip_accents

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z][A-Z0-9&]{1,6}$")
ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def acronym_letters(text: str) -> str | None:
    """The capital letters of an acronym ("U.N." → "UN", "MVOs" → "MVO"), or None if text is not
    one. Roman numerals and one-letter words are not acronyms."""
    s = text.strip().rstrip(".")
    s = re.sub(r"(?<=[A-Z])(?:['’]?s|['’])$", "", s)
    if not s or " " in s:
        return None
    dotted = s + "." if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", s) else s
    if not _ACRONYM.match(dotted) and not _ACRONYM.match(s):
        return None
    letters = "".join(c for c in s if c.isupper() or c.isdigit())
    if len(letters) < 2 or ROMAN.match(letters):
        return None
    return letters


def _words(name: str) -> list[str]:
    s = strip_accents(name)
    s = re.sub(r"['’]s\b", "", s)
    return [w for w in re.split(r"[\s/]+", s) if w and re.search(r"[A-Za-z]", w)]


_DESIGNATOR_WORDS = frozenset("organization organisation org corps group party movement front".split())


def initials(name: str) -> set[str]:
    """Every initialism the long name can have, in upper case.

    >>> sorted(initials("National Council of Resistance of Ardesia"))[:2]
    ['NCOROA', 'NCRA']
    """
    words = _words(name)
    if len(words) < 2:
        return set()
    out: set[str] = set()
    # each word as (initial, is_function_word, sub-initials of hyphen parts)
    parts = []
    for w in words:
        hy = [p for p in re.split(r"[-‐‑]", w) if p]
        lw = w.lower()
        func = lw in STOPWORDS
        if re.fullmatch(r"[A-Z]{2,6}", w):  # an acronym inside a name: "UN Security Council"
            first = subs = w
        else:
            first = hy[0][0].upper() if hy else w[0].upper()
            subs = "".join(p[0].upper() for p in hy if p.lower() not in ("al", "el"))
        parts.append((first, func, subs, lw))
    last_generic = parts[-1][3] in _DESIGNATOR_WORDS
    for keep_func in (False, True):
        for split_hyphen in (False, True):
            for drop_last in (False, True):
                if drop_last and not (last_generic and len(parts) > 2):
                    continue
                seq = parts[:-1] if drop_last else parts
                s = ""
                for first, func, subs, _ in seq:
                    if func and not keep_func:
                        continue
                    s += subs if split_hyphen else first
                if len(s) >= 2:
                    out.add(s)
    return out


def letters_fit(acronym: str, name: str, before: str = "") -> bool:
    """Whether an acronym plausibly abbreviates `name` (optionally extended by the word before it,
    "Ardesia's Republican Guards Corps (ARGC)"): its first letter begins a word of the name and at
    least two thirds of its letters are, in order, initials of the name's words or hyphen parts."""
    acr = acronym.upper()
    if acr in initials(name) or (before and acr in initials(before + " " + name)):
        return True
    words = _words((before + " " + name).strip())
    inits = []
    for w in words:
        for p in re.split(r"[-‐‑]", w):
            if p:
                inits.append(unicodedata.normalize("NFKD", p)[0].upper())
    if not inits or acr[0] not in inits:
        return False
    i = inits.index(acr[0])
    hits = 0
    for ch in acr:
        try:
            i = inits.index(ch, i) + 1
            hits += 1
        except ValueError:
            continue
    return hits >= max(2, (2 * len(acr) + 2) // 3)


_DEF = re.compile(r"[ \t]*\(\s*((?:[A-Z][A-Za-z.&]{1,9})(?:\s*[,/;]\s*(?:or\s+)?[A-Z][A-Za-z.&]{1,9})*)\s*\)")


def defined_after(text: str, end: int) -> list[tuple[str, int, int]]:
    """Acronyms in a parenthesis right after position `end` ("... Organization (MEV/PMOA)"), as
    (acronym, start, end) in text."""
    m = _DEF.match(text, end)
    if not m:
        return []
    out = []
    base = m.start(1)
    for am in re.finditer(r"[A-Z][A-Za-z.&]{1,9}", m.group(1)):
        letters = acronym_letters(am.group())
        if letters:
            out.append((am.group(), base + am.start(), base + am.end()))
    return out
