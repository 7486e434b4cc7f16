"""Finding absolute, partial and vague temporal expressions: candidate spans and what each one states.

The finder is regex-first (spaCy's DATE entities miss or mis-span many dates) and uses the parse only
to decide ambiguous cases, such as whether a bare four-digit number is a year ("in 1986" yes, "1274
people" no). Relative and deictic expressions are found by `timex_relative`; anchoring is `timex.py`'s.
The shared vocabulary and the `Cand` record live here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .. import data
from .timex_normalize import (
    SEASON_CODES, TimeValue, century_value, day_value, decade_value, month_value, range_value,
    season_value, valid_day, year_value,
)

# ---------------------------------------------------------------- vocabulary

_CALENDAR = data.load("calendar")
MONTHS = {m: i for i, m in enumerate(_CALENDAR["months"], 1)}
MONTH_ABBR = dict(_CALENDAR["month_abbreviations"])
WEEKDAY_NAMES = {d: d.capitalize() for d in _CALENDAR["weekdays"]} | {
    a: d.capitalize() for a, d in _CALENDAR["weekday_abbreviations"].items()}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
                "a hundred": 100, "a dozen": 12, "dozen": 12}
VAGUE_COUNTS = {"a couple of": (2, 3), "couple of": (2, 3), "a few": (2, 5), "few": (2, 5),
                "several": (3, 7), "some": (2, 9), "many": (2, 20), "a number of": (2, 9),
                "dozens of": (24, 99), "": (2, 9)}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
                 "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
                 "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                 "twenty-first": 21, "twenty first": 21}
DECADE_WORDS = {"twenties": 192, "thirties": 193, "forties": 194, "fifties": 195, "sixties": 196,
                "seventies": 197, "eighties": 198, "nineties": 199}
PART_WORDS = {  # the phrase naming part of a unit -> part key of timex_normalize
    "early": "early", "mid": "mid", "late": "late", "beginning": "begin", "start": "begin",
    "dawn": "begin", "end": "end", "close": "end", "middle": "mid", "first half": "h1",
    "second half": "h2", "latter half": "h2", "latter part": "h2", "later part": "h2",
    "late part": "h2", "early part": "h1", "first quarter": "q1", "second quarter": "q2",
    "third quarter": "q3", "fourth quarter": "q4", "last quarter": "q4", "final quarter": "q4",
    "early months": "early", "first months": "early", "first few months": "early",
    "last months": "late", "final months": "late", "closing months": "late",
    "last few months": "late", "first week": "w1", "second week": "w2", "third week": "w3",
    "fourth week": "w4", "last week": "wl", "final week": "wl", "first days": "w1",
    "first few days": "w1", "last days": "wl", "final days": "wl", "last few days": "wl",
}
UNIT_WORDS = {"day": "day", "days": "day", "night": "day", "nights": "day", "morning": "day",
              "mornings": "day", "afternoon": "day", "evening": "day", "evenings": "day",
              "week": "week", "weeks": "week", "weekend": "week", "fortnight": "fortnight",
              "fortnights": "fortnight", "month": "month", "months": "month", "year": "year",
              "years": "year", "decade": "decade", "decades": "decade", "century": "century",
              "centuries": "century", "hour": "hour", "hours": "hour", "minute": "minute",
              "minutes": "minute"}

# ---------------------------------------------------------------- regex building blocks

_B = r"(?<![\w'’-])"           # left word boundary (no letter, digit, apostrophe or hyphen before)
_BM = r"(?<![\w'’])"            # before a month name a hyphen is fine ("May-June 2019")
_E = r"(?![\w])"               # right word boundary


def _mon(name: str) -> str:
    full = "|".join(m.capitalize() + "|" + m.upper() for m in MONTHS)
    abbr = "|".join(a.capitalize() + "|" + a.upper() for a in sorted(MONTH_ABBR, key=len, reverse=True))
    return rf"(?P<{name}>(?:{full})(?![\w])|(?:{abbr})(?:\.|(?![\w-])))"


_SEASON_ALT = "|".join(SEASON_CODES)  # spring|summer|autumn|fall|winter
_WD_FULL = "|".join(d.capitalize() for d in _CALENDAR["weekdays"])
_WD_ANY = _WD_FULL + "|" + "|".join(
    a.capitalize() for a in sorted(_CALENDAR["weekday_abbreviations"], key=len, reverse=True))
_WD_PREFIX = rf"(?:(?P<wd>{_WD_ANY}|{_WD_FULL.upper()})\.?,?\s+(?:(?i:the)\s+)?)?"


def _day(name: str) -> str:
    return rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}})(?![\d])(?![.,]\d)"


_MON, _DAY, _YEAR = _mon("mon"), _day("day"), _year("year")
_SEP = r"(?:\s*,\s*|\s+)"
_THE = r"(?:(?i:the)\s+)"
_PART = r"(?P<part>(?i:early|mid|late))"

ABS_PATTERNS: list[tuple[str, re.Pattern]] = [(n, re.compile(p)) for n, p in [
    ("mdy", rf"{_BM}{_WD_PREFIX}{_MON}\s+{_THE}?{_DAY}{_SEP}(?:(?i:of)\s+)?{_YEAR}"),
    ("dmy", rf"{_B}{_WD_PREFIX}{_DAY}(?:\s+(?i:of))?\s+{_MON},?\s+{_YEAR}"),
    ("mdy_range", rf"{_B}{_MON}\s+{_day('d1')}\s*(?:[-–—]|(?i:to|and))\s*{_day('d2')}{_SEP}{_YEAR}"),
    ("dmy_range", rf"{_B}{_day('d1')}\s*(?:[-–—]|(?i:to|and))\s*{_day('d2')}\s+{_MON},?\s+{_YEAR}"),
    ("iso", r"(?<![\w-])(?P<year>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w-])"),
    ("numeric", r"(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/])"),
    ("numeric_ymd", r"(?<![\w/.-])(?P<year>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/])"),
    ("my", rf"{_BM}(?:(?i:the\s+month\s+of)\s+)?{_MON},?\s+(?:(?i:of)\s+)?{_YEAR}"),
    ("my_range", rf"{_B}{_mon('m1')}\s*(?:[-–—]|(?i:to|and|through|until))\s*{_mon('m2')},?\s+{_YEAR}"),
    ("md", rf"{_B}{_WD_PREFIX}{_MON}\s+{_THE}?{_DAY}"),
    ("dm", rf"(?<![\w'’.,-]){_WD_PREFIX}{_THE}?{_DAY}(?:\s+(?i:of))?\s+{_MON}"),
    ("the_nth", r"(?<![\w])(?i:the)\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?![\w])"),
    ("year_range", r"(?<![\w.,/$£€#-])(?P<y1>\d{4})\s*[-–—/]\s*(?P<y2>\d{4}|\d{2})(?![\w.%-])(?![.,]\d)"),
    ("between_years", rf"{_B}(?i:between|from)\s+{_year('y1')}\s+(?:(?i:and|to|until|till|through)|[-–—])"
                      rf"\s+{_year('y2')}"),
    ("decade4", rf"{_B}{_THE}?(?:{_PART}[\s-]+)?(?P<dec>\d{{3}}0)['’]?s{_E}"),
    ("decade2", rf"{_B}(?i:the)\s+(?:{_PART}[\s-]+)?['’]?(?P<dd>\d0)['’]?s{_E}"),
    ("decade_word", rf"{_B}(?i:the)\s+(?:{_PART}[\s-]+)?(?P<dw>(?i:{'|'.join(DECADE_WORDS)})){_E}"),
    ("century", rf"{_B}{_THE}?(?:{_PART}[\s-]+)?(?:(?P<c>\d{{1,2}})(?:st|nd|rd|th)|"
                rf"(?P<cw>(?i:{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))})))"
                rf"[\s-]+(?i:century)(?!\s*(?:B\.?C|BCE))"),
    ("season_year", rf"{_B}(?:{_PART}[\s-]+)?{_THE}?(?:(?P<part2>(?i:early|mid|late))[\s-]+)?"
                    rf"(?P<season>(?i:{_SEASON_ALT}))(?:\s+(?i:of))?,?\s+"
                    rf"(?:{_YEAR}(?:\s*[-–/]\s*(?:\d{{4}}|\d{{2}})(?![\d]))?|['’](?P<yy>\d{{2}}){_E})"),
    ("part_year", rf"{_B}(?:{_THE})?{_PART}(?:[\s-]+|\s+(?i:in)\s+){_YEAR}"),
    ("part_of_year", rf"{_B}(?i:the)\s+(?P<pw>(?i:{'|'.join(sorted(PART_WORDS, key=len, reverse=True))}))"
                     rf"\s+(?i:of)\s+(?:(?i:the\s+year)\s+)?{_YEAR}"),
    ("part_month", rf"{_B}{_THE}?{_PART}(?:[\s-]+|\s+(?i:in)\s+){_MON}(?:,?\s+{_YEAR})?"),
    ("part_of_month", rf"{_B}(?i:the)\s+(?P<pw>(?i:{'|'.join(sorted(PART_WORDS, key=len, reverse=True))}))"
                      rf"\s+(?i:of)\s+{_MON}(?:,?\s+{_YEAR})?"),
    ("season", rf"{_B}{_THE}?(?:{_PART}[\s-]+)?(?P<season>(?i:{_SEASON_ALT}))"
               rf"(?!\s+(?i:of)\b){_E}"),
    ("month", rf"{_B}{_MON}"),
    ("year", r"(?<![\w.,/$£€#:-])(?P<year>\d{4})(?![\w%/-])(?![.,:]\d)"),
    ("ad_year", r"(?<![\w])(?:(?:AD|A\.D\.)\s+(?P<year>\d{1,4})(?![\w])|(?P<year2>\d{1,4})\s+(?:AD|A\.D\.|CE|C\.E\.)(?![\w]))"),
    ("weekday", rf"(?<![\w])(?P<wd>{_WD_FULL})(?:\s+(?P<tod>(?i:morning|afternoon|evening|night)))?(?![\w])"),
]]

_CUE = re.compile(r"(?i)(?:^|[^\w])(in|since|by|until|till|from|through|throughout|during|before|after|of|"
                  r"around|circa|c\.|ca\.|early|mid|late|year|between|as\s+of|\d{4},?\s+(?:and|or|to))\s*[-\s]$")
_MONTH_CUE = re.compile(r"(?i)(?:^|[^\w])(in|since|by|until|till|from|through|throughout|during|before|"
                        r"after|of|early|mid|late|that|until\s+early|until\s+late|to|and|or|last|next|this)"
                        r"[\s-]+(?:the\s+)?$")
_SEASON_CUE = re.compile(r"(?i)(?:^|[^\w])(in|during|by|until|till|since|through|throughout|over|that)\s+$")
_WEEKDAY_CUE = re.compile(r"(?i)(?:^|[^\w])(on|by|until|till|since|before|after|from|late|early|last|next|"
                          r"this)\s+$")
_NTH_CUE = re.compile(r"(?i)(?:^|[^\w])(on|by|until|till|since|before|after|from)\s+$")


@dataclass
class Cand:
    """A temporal expression found in the text, with what it states (not yet anchored)."""

    start: int
    end: int
    kind: str                        # abs | partial | rel | deictic | weekday
    pattern: str
    tv: TimeValue | None = None      # abs: the stated value
    part: str | None = None          # early / mid / late / begin / end / h1 / w2 ... (narrows the interval)
    vague: bool = False
    weekday: str | None = None
    qualifier: str | None = None     # from the expression itself ("about two weeks later")
    # partial: what is stated
    month: int | None = None
    day: int | None = None
    season: str | None = None
    # relative / deictic
    unit: str | None = None          # day | week | month | year | decade | century | season code
    n: tuple[int, int] = (0, 0)      # count range (lo, hi); (1, 1) for "a day", (2, 5) for "a few days"
    direction: int = 0               # +1 later, -1 earlier, 0 same
    mode: str = "shift"              # shift | same | later_same | earlier_same | week | weekday | ...
    word: str | None = None          # deictic word ("today", "last") or the month of "last July"
    event: tuple[int, int] | None = None   # the event phrase of "two days after <event>"
    event_head: str | None = None    # its head lemma
    event_date: "Cand | None" = None  # a date candidate that dates the event itself
    into: bool = False               # "six years into the war": from the event's start
    merged_rel: bool = False         # an absolute date that absorbed "8 days later on ..."
    extra: dict = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


# ---------------------------------------------------------------- helpers

def month_number(s: str) -> int | None:
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or MONTH_ABBR.get(s)


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy <= 29 else 1900 + yy


class TokenIndex:
    """Char offset -> spaCy token lookups, and which chars spaCy calls DATE."""

    def __init__(self, sdoc: Doc | None, n: int):
        self.sdoc = sdoc
        self.by_char: list[int] = [-1] * (n + 1)
        self.date_ents: list[tuple[int, int]] = []
        self.ent_chars: list[tuple[int, int]] = []
        if sdoc is None:
            return
        for t in sdoc:
            for c in range(t.idx, min(t.idx + len(t.text), n)):
                self.by_char[c] = t.i
        for e in sdoc.ents:
            if e.label_ in ("DATE", "TIME"):
                self.date_ents.append((e.start_char, e.end_char))
            else:
                self.ent_chars.append((e.start_char, e.end_char))

    def token_at(self, char: int):
        if self.sdoc is None or char < 0 or char >= len(self.by_char) or self.by_char[char] < 0:
            return None
        return self.sdoc[self.by_char[char]]

    def in_date_ent(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.date_ents)

    def in_name_ent(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.ent_chars)


# ---------------------------------------------------------------- absolute, partial and vague expressions

def _accept_year(text: str, start: int, end: int, year: int, toks: TokenIndex) -> bool:
    """Whether a bare four-digit number is a year here: a temporal preposition or cue before it, or
    spaCy calls it a DATE; never a count ("1274 people") or a label ("Resolution 1701")."""
    if not 1000 <= year <= 2100:
        return False
    before = text[max(0, start - 25):start]
    after = text[end:end + 20]
    if re.match(r"\s*(?:BC|B\.C\.|BCE|B\.C\.E\.)", after):
        return False
    if re.search(r"(?i)(?:\b(?:no|nos|p|pp|vol|page|pages|number|flight|route|room|resolution|article|"
                 r"chapter|section|model|version|item|code|bus|unit)\.?\s*|#\s*)$", before):
        return False
    nxt = toks.token_at(_skip_space(text, end))
    ytok = toks.token_at(start)
    prev = toks.sdoc[ytok.i - 1] if ytok is not None and ytok.i > 0 else None
    counted = nxt is not None and nxt.idx >= end and nxt.tag_ in ("NNS", "NNPS") and nxt.pos_ == "NOUN"
    if _CUE.search(before):
        return not counted
    if toks.sdoc is None:
        return False
    if not toks.in_date_ent(start, end) or year < 1500:
        return False
    if nxt is not None and nxt.idx >= end and nxt.pos_ in ("NOUN", "PROPN", "NUM") and nxt.is_alpha:
        # "the 1988 elections" is a date; "1274 people" is not
        return prev is not None and prev.lower_ in ("the", "its", "his", "her", "their", "our", "this",
                                                    "that", "a", "an")
    if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.is_title and \
            month_number(prev.text) is None and prev.lower_ not in WEEKDAY_NAMES:
        return False
    return True


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _abs_from_match(name: str, m: re.Match, text: str, toks: TokenIndex) -> Cand | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    wd = WEEKDAY_NAMES.get((g.get("wd") or "").lower().rstrip("."))
    c = Cand(start, end, "abs", name, weekday=wd)
    if name in ("mdy", "dmy"):
        y, mo, d = int(g["year"]), month_number(g["mon"]), int(g["day"])
        if not (1000 <= y <= 2100 and valid_day(y, mo, d)):
            return None
        c.tv = day_value(dt.date(y, mo, d))
    elif name in ("mdy_range", "dmy_range"):
        y, mo, d1, d2 = int(g["year"]), month_number(g["mon"]), int(g["d1"]), int(g["d2"])
        if not (1000 <= y <= 2100 and d1 < d2 and valid_day(y, mo, d2)):
            return None
        c.tv = range_value(day_value(dt.date(y, mo, d1)), day_value(dt.date(y, mo, d2)))
    elif name in ("iso", "numeric_ymd"):
        y, mo, d = int(g["year"]), int(g["m"]), int(g["d"])
        if not (1000 <= y <= 2100 and valid_day(y, mo, d)):
            return None
        c.tv = day_value(dt.date(y, mo, d))
    elif name == "numeric":
        a, b, ys = int(g["a"]), int(g["b"]), g["y"]
        y = int(ys) if len(ys) == 4 else _two_digit_year(int(ys))
        mo, d = (a, b) if a <= 12 else (b, a)      # US order unless the first cannot be a month
        if not (1000 <= y <= 2100 and valid_day(y, mo, d)):
            return None
        c.tv = day_value(dt.date(y, mo, d))
    elif name == "my":
        y, mo = int(g["year"]), month_number(g["mon"])
        if not 1000 <= y <= 2100:
            return None
        if g["mon"].lower() in ("may", "march") and not _MONTH_CUE.search(text[max(0, start - 25):start]) \
                and not toks.in_date_ent(start, end) and toks.sdoc is not None:
            return None
        c.tv = month_value(y, mo)
    elif name in ("md", "dm"):
        mo, d = month_number(g["mon"]), int(g["day"])
        if not valid_day(None, mo, d):
            return None
        if g["mon"] in ("May", "March", "MAY", "MARCH") and name == "dm" and \
                not _NTH_CUE.search(text[max(0, start - 12):start]) and not toks.in_date_ent(start, end) \
                and toks.sdoc is not None:
            return None
        c.kind, c.month, c.day = "partial", mo, d
    elif name == "the_nth":
        if not _NTH_CUE.search(text[max(0, start - 12):start]):
            return None
        follow = text[end:end + 30]
        nxt = toks.token_at(_skip_space(text, end))
        if toks.sdoc is not None and nxt is not None and nxt.idx >= end:
            if nxt.pos_ in ("NOUN", "PROPN") and nxt.lower_ != "of":     # "the 20th century", "the 3rd Army"
                return None
        elif not re.match(r"\s*(?:[,.;:)]|$|(?i:and|when|at|in|the|of\s+(?:the|that|this)\s+month)\b)", follow):
            return None
        c.kind, c.day = "partial", int(g["day"])
    elif name == "my_range":
        y, m1, m2 = int(g["year"]), month_number(g["m1"]), month_number(g["m2"])
        if not (1000 <= y <= 2100 and m1 < m2):
            return None
        c.tv = range_value(month_value(y, m1), month_value(y, m2))
    elif name in ("year_range", "between_years"):
        y1, s2 = int(g["y1"]), g["y2"]
        y2 = int(s2) if len(s2) == 4 else (y1 // 100) * 100 + int(s2)
        if not (1000 <= y1 < y2 <= 2100 and (y2 - y1 <= 200 or name == "between_years")):
            return None
        if name == "year_range" and re.search(r"(?i)\b(?:pp?|pages?|nos?|vol)\.?\s*$", text[max(0, start - 8):start]):
            return None
        c.tv = range_value(year_value(y1), year_value(y2))
    elif name in ("decade4", "decade2", "decade_word"):
        if g.get("dec"):
            dec = int(g["dec"])
            if dec % 100 == 0 and dec < 2000:      # "the 1800s": a century
                c.tv = century_value(dec // 100)
            elif 1000 <= dec <= 2090:
                c.tv = decade_value(dec // 10)
            else:
                return None
        elif g.get("dd"):
            if not (g.get("part") or re.search(r"['’]", m.group(0)) or toks.in_date_ent(start, end)):
                return None                               # "in the 90s" may be a temperature
            dd = int(g["dd"])
            c.tv = decade_value(200 + dd // 10 if dd <= 10 else 190 + dd // 10)
        else:
            c.tv = decade_value(DECADE_WORDS[g["dw"].lower()])
        c.part = (g.get("part") or "").lower() or None
    elif name == "century":
        n = int(g["c"]) if g.get("c") else ORDINAL_WORDS[" ".join(g["cw"].lower().split())]
        if not 1 <= n <= 21:
            return None
        c.tv = century_value(n - 1)
        c.part = (g.get("part") or "").lower() or None
    elif name == "season_year":
        y = int(g["year"]) if g.get("year") else _two_digit_year(int(g["yy"]))
        if not 1000 <= y <= 2100:
            return None
        c.tv = season_value(y, SEASON_CODES[g["season"].lower()])
        c.part = (g.get("part") or g.get("part2") or "").lower() or None
        c.vague = True
    elif name == "part_year":
        y = int(g["year"])
        if not 1000 <= y <= 2100:
            return None
        c.tv, c.part, c.vague = year_value(y), g["part"].lower(), True
    elif name == "part_of_year":
        y = int(g["year"])
        if not 1000 <= y <= 2100:
            return None
        c.tv, c.part, c.vague = year_value(y), PART_WORDS[" ".join(g["pw"].lower().split())], True
    elif name in ("part_month", "part_of_month"):
        mo = month_number(g["mon"])
        part = g["part"].lower() if g.get("part") else PART_WORDS[" ".join(g["pw"].lower().split())]
        if part in ("q1", "q2", "q3", "q4", "begin") and name == "part_of_month":
            part = "begin" if part == "begin" else "mid"
        c.part, c.vague = part, True
        if g.get("year"):
            y = int(g["year"])
            if not 1000 <= y <= 2100:
                return None
            c.tv = month_value(y, mo)
        else:
            c.kind, c.month = "partial", mo
    elif name == "season":
        if not _SEASON_CUE.search(text[max(0, start - 20):start]):
            return None
        if g["season"].lower() == "fall" and not m.group(0).lower().startswith("the"):
            return None                                   # "about to fall", "the fall of Kessra"
        c.kind, c.season, c.vague = "partial", SEASON_CODES[g["season"].lower()], True
        c.part = (g.get("part") or "").lower() or None
    elif name == "month":
        mo = month_number(g["mon"])
        cue = _MONTH_CUE.search(text[max(0, start - 25):start])
        if g["mon"].endswith(".") or len(g["mon"]) <= 4 and g["mon"].lower() not in MONTHS:
            return None                                   # "Jan" alone: too ambiguous
        if not cue and not (toks.in_date_ent(start, end) and g["mon"] not in ("May", "March", "MAY")):
            return None
        if cue and cue.group(1).lower() in ("last", "next", "this"):
            return None                                   # a deictic pattern takes it
        c.kind, c.month = "partial", mo
    elif name == "year":
        y = int(g["year"])
        if not _accept_year(text, start, end, y, toks):
            return None
        c.tv = year_value(y)
    elif name == "ad_year":
        y = int(g.get("year") or g.get("year2"))
        if not 1 <= y <= 2100:
            return None
        c.tv = year_value(y)
    elif name == "weekday":
        if not _WEEKDAY_CUE.search(text[max(0, start - 12):start]):
            return None
        cue = _WEEKDAY_CUE.search(text[max(0, start - 12):start]).group(1).lower()
        if cue in ("last", "next", "this"):
            return None
        if re.match(r"['’]?s?\s+(?:prayers?|imams?|sermons?|mosques?|services?)\b", text[end:end + 12], re.I):
            return None
        c.kind, c.weekday = "weekday", WEEKDAY_NAMES[g["wd"].lower()]
    else:  # pragma: no cover - every pattern is handled above
        return None
    return c


# patterns worth running only when the text holds one of these words (lower case)
_NEEDS = {"century": ("century",), "season_year": tuple(SEASON_CODES),
          "season": tuple(SEASON_CODES), "decade_word": ("ties",),
          "part_of_year": (" of ",), "part_of_month": (" of ",), "ad_year": ("ad", "a.d.", "ce", "c.e."),
          "between_years": ("between", "from"), "the_nth": ("st", "nd", "rd", "th")}


def find_fixed(text: str, toks: TokenIndex) -> list[Cand]:
    """Absolute, partial, vague and weekday candidates (possibly overlapping)."""
    out: list[Cand] = []
    lower = text.lower()
    for name, pat in ABS_PATTERNS:
        if name in _NEEDS and not any(w in lower for w in _NEEDS[name]):
            continue
        for m in pat.finditer(text):
            c = _abs_from_match(name, m, text, toks)
            if c is not None:
                out.append(c)
    return out


# ---------------------------------------------------------------- choosing among overlapping candidates

_KIND_PRIORITY = {"abs": 0, "partial": 1, "deictic": 2, "weekday": 3, "rel": 4}


def select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates: longest first, then absolute before partial before relative."""
    chosen: list[Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), _KIND_PRIORITY[c.kind], c.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
