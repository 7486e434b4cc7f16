"""Reading a number expression at a token: digits, written-out numbers, scale words and vague multiples."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc

# ---------------------------------------------------------------- vocabulary

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ABBR_SCALES = {"k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
# vague multiples: word -> (lower bound, upper bound) of one "unit" count
VAGUE = {"tens": (20, 99), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
         "thousands": (2000, 9999), "millions": (2 * 10**6, 10**7 - 1),
         "billions": (2 * 10**9, 10**10 - 1)}
_VAGUE_SCALE = {"thousands": 1000, "millions": 10**6, "billions": 10**9}
_FEW = {"several", "few", "many", "some"}  # "several hundred", "a few thousand", "many thousands"
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)$", re.I)
_TOKEN_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[-–—](\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)$")
_PLUS_TOKEN = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\+$")
DASHES = {"-", "–", "—", "‒", "−"}

# ---------------------------------------------------------------- parsing

# words a number expression can start with
STARTERS = set(_UNITS) | set(_TENS) | set(VAGUE) | _FEW | {"a", "an", "half"}


def num_word_value(w: str) -> int | None:
    """The value of one written-out number word ("seven", "forty-two"), or None."""
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    m = re.fullmatch(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-‐](one|two|three|four|"
                     r"five|six|seven|eight|nine)", w)
    if m:
        return _TENS[m.group(1)] + _UNITS[m.group(2)]
    return None


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


@dataclass
class Number:
    """A number expression: its tokens, value and how it was written."""

    start: int              # first token
    end: int                # one past the last token
    value: Decimal
    scaled: bool = False    # carries its own scale word ("2 million")
    scale: int = 1
    year_like: bool = False
    words: bool = False     # written out ("seven")
    vague: tuple[Decimal, Decimal] | None = None
    token_range: tuple[Decimal, Decimal] | None = None


def parse_number(sdoc: Doc, i: int, stop: int) -> Number | None:
    """The number expression starting at token i (not crossing token `stop`), or None."""
    t = sdoc[i]
    low = t.lower_
    n = min(len(sdoc), stop)

    def scales(j: int, val: Decimal, scaled: bool, scale: int, glued_ok: bool) -> tuple[int, Decimal, bool, int]:
        if glued_ok and j < n and not sdoc[j - 1].whitespace_ and sdoc[j].lower_.rstrip(".") in _ABBR_SCALES:
            f = _ABBR_SCALES[sdoc[j].lower_.rstrip(".")]
            return j + 1, val * f, True, scale * f
        while j < n and (sdoc[j].lower_ in SCALES or sdoc[j].lower_ == "dozen"):
            f = SCALES.get(sdoc[j].lower_, 12)
            val, scaled, scale, j = val * f, True, scale * f, j + 1
        return j, val, scaled, scale

    if _DIGITS.match(t.text):
        val = _dec(t.text)
        if val is None:
            return None
        j, val2, scaled, scale = scales(i + 1, val, False, 1, True)
        year_like = (not scaled and re.fullmatch(r"\d{4}", t.text) is not None and 1000 <= val <= 2100)
        return Number(i, j, val2, scaled, scale, year_like)
    m = _SUFFIXED.match(t.text)
    if m:
        f = _ABBR_SCALES[m.group(2).lower()]
        j, val, _, scale = scales(i + 1, Decimal(m.group(1)) * f, True, f, False)
        return Number(i, j, val, True, scale)
    m = _TOKEN_RANGE.match(t.text)
    if m:
        a, b = _dec(m.group(1)), _dec(m.group(2))
        if a is None or b is None:
            return None
        j, bb, scaled, scale = scales(i + 1, b, False, 1, True)
        aa = a * scale if scaled else a
        num = Number(i, j, bb, scaled, scale)
        num.token_range = (aa, bb)
        num.year_like = all(re.fullmatch(r"\d{4}", x) and 1000 <= int(x) <= 2100 for x in m.groups())
        return num
    m = _PLUS_TOKEN.match(t.text)
    if m:
        return Number(i, i + 1, _dec(m.group(1)) or Decimal(0))
    # written-out numbers
    if low in ("a", "an") and i + 1 < n and sdoc[i + 1].lower_ in ("hundred", "thousand", "million",
                                                                   "billion", "trillion", "dozen"):
        j, val, scaled, scale = scales(i + 1, Decimal(1), False, 1, False)
        return Number(i, j, val, scaled, scale, words=True)
    if low == "half" and i + 2 < n and sdoc[i + 1].lower_ in ("a", "an") and sdoc[i + 2].lower_ in (
            "million", "billion", "dozen", "thousand", "hundred", "trillion"):
        j, val, scaled, scale = scales(i + 2, Decimal("0.5"), False, 1, False)
        return Number(i, j, val, scaled, scale, words=True)
    if num_word_value(low) is None:
        return None
    total, current, j, seen = Decimal(0), Decimal(0), i, False
    last = None  # "unit" | "tens" | "scale"
    while j < n:
        w = sdoc[j].lower_
        v = num_word_value(w)
        if v is not None:
            if last in ("unit", "tens") and not (last == "tens" and v < 10 and w in _UNITS):
                break
            if last == "tens" and w in _UNITS and v < 10:
                current += v
                last = "unit"
            else:
                current += v
                last = "tens" if (w in _TENS) else "unit"
            seen, j = True, j + 1
            continue
        if w in DASHES and last == "tens" and j + 1 < n and sdoc[j + 1].lower_ in _UNITS \
                and _UNITS[sdoc[j + 1].lower_] < 10 and not sdoc[j - 1].whitespace_:
            j += 1
            continue
        if w == "hundred" and seen:
            current = (current or 1) * 100
            last, j = "scale", j + 1
            continue
        if w in ("thousand", "million", "billion", "trillion", "dozen") and seen:
            f = SCALES.get(w, 12)
            total += (current or 1) * f
            current, last, j = Decimal(0), "scale", j + 1
            continue
        if w == "and" and last == "scale" and j + 1 < n and num_word_value(sdoc[j + 1].lower_) is not None:
            j += 1
            continue
        break
    if not seen:
        return None
    val = total + current
    scaled = any(sdoc[k].lower_ in SCALES or sdoc[k].lower_ == "dozen" for k in range(i, j))
    scale = 1
    for k in range(i, j):
        if sdoc[k].lower_ in SCALES:
            scale = max(scale, SCALES[sdoc[k].lower_])
    # a trailing digit scale ("two million") is already in; digits after words are not joined
    return Number(i, j, val, scaled, scale, words=True)


def parse_vague(sdoc: Doc, i: int, stop: int) -> Number | None:
    """Vague multiples: "dozens", "hundreds of", "tens of thousands", "several hundred", "a few thousand"."""
    n = min(len(sdoc), stop)
    low = sdoc[i].lower_
    if low in VAGUE:
        lo, hi = VAGUE[low]
        j = i + 1
        if low in ("tens", "scores") and not (j < n and sdoc[j].lower_ == "of"):
            return None
        if low in ("hundreds", "thousands", "millions", "dozens", "tens", "scores") and j + 1 < n \
                and sdoc[j].lower_ == "of" and sdoc[j + 1].lower_ in _VAGUE_SCALE:
            f = _VAGUE_SCALE[sdoc[j + 1].lower_]
            lo, hi, j = lo * f, (hi + 1) * f - 1, j + 2
        num = Number(i, j, Decimal(lo))
        num.vague = (Decimal(lo), Decimal(hi))
        return num
    # several hundred / a few thousand / many thousands
    k = i
    if low == "a" and k + 1 < n and sdoc[k + 1].lower_ == "few":
        k += 1
    if sdoc[k].lower_ in _FEW and k + 1 < n:
        w = sdoc[k + 1].lower_
        unit = SCALES.get(w) or SCALES.get(w[:-1] if w.endswith("s") else "", None)
        if w in ("dozen", "dozens"):
            num = Number(i, k + 2, Decimal(24))
            num.vague = (Decimal(24), Decimal(99))
            return num
        if unit and unit >= 100:
            j = k + 2
            if j + 1 < n and sdoc[j].lower_ == "of" and sdoc[j + 1].lower_ in _VAGUE_SCALE:
                unit *= _VAGUE_SCALE[sdoc[j + 1].lower_]
                j += 2
            num = Number(i, j, Decimal(2 * unit))
            num.vague = (Decimal(2 * unit), Decimal(10 * unit - 1))
            return num
    return None


def to_python(v: Decimal) -> int | float:
    """A value as an `int` when integral, else a `float`."""
    if v == v.to_integral_value():
        return int(v)
    return float(v)
