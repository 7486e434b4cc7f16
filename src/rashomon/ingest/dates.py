"""Publication dates as written on pages and in corpus fields, normalized to ISO `YYYY-MM-DD`.

A small, strict parser: the whole string must be one calendar date (optionally with a weekday, a
time and a time zone). Anything vaguer or ambiguous ("03/04/2023", "March 2023") gives None.
"""
from __future__ import annotations

import datetime as dt
import re

from .. import data

_CALENDAR = data.load("calendar")
# month names and abbreviations -> month number; weekday names and abbreviations
MONTHS = {m: i for i, m in enumerate(_CALENDAR["months"], 1)} | _CALENDAR["month_abbreviations"]
WEEKDAYS = tuple(_CALENDAR["weekdays"]) + tuple(_CALENDAR["weekday_abbreviations"])

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_PATTERNS = [
    # 2024-10-08, 2024/10/08, 2024.10.08, 20241008
    re.compile(r"(?P<year>\d{4})([-/.]?)(?P<month>\d{1,2})\2(?P<day>\d{1,2})"),
    # Tuesday, October 8, 2024 / Oct. 8th 2024
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    # Tuesday 8 October 2024 / 8th of Oct, 2024 / Tue, 08 Oct 2024
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
    # 2024 October 8
    re.compile(_YEAR + r",?\s+" + _MONTH + r"\s+" + _DAY, re.I),
]
# 08.10.2024 (day first), 08/10/2024 or 10/08/2024 (day first only when unambiguous)
_NUMERIC = re.compile(_WEEKDAY + r"(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)" + _YEAR, re.I)

# A trailing time of day and zone: "10:42 am", "T09:30:00.000Z", "at 2:30 p.m. EDT", "+0000".
_TIME = re.compile(
    r"(?:T|\s*[,|@–—-]\s*|\s+at\s+|\s+)"
    r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?\s?m\.?)?"   # 10:42, 09:30:00.000, 2:30 p.m.
    r"|\d{1,2}(?:[.h]\d{2})?\s*[ap]\.?\s?m\.?)"                     # 5 pm, 10.42am
    r"(?:\s*\(?(?:Z|UTC|GMT|[A-Z]{2,5})\)?)?(?:\s*[+-]\d{2}:?\d{2})?$",
    re.I,
)


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """The ISO date (`YYYY-MM-DD`) a string states, or None when it is not exactly one full date.

    >>> parse_date("Tuesday, October 8, 2024")
    '2024-10-08'
    >>> parse_date("2021-03-05T09:30:00Z")
    '2021-03-05'
    """
    if not isinstance(value, str):
        return None
    s = " ".join(value.split()).strip(" ,;|")
    if not s or len(s) > 80:
        return None
    s = _TIME.sub("", s).strip(" ,;|")
    for pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            month = m.group("month")
            month_no = int(month) if month.isdigit() else MONTHS[month.lower()]
            return _date(int(m.group("year")), month_no, int(m.group("day")))
    m = _NUMERIC.fullmatch(s)
    if m:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if m.group("sep") == "." or a > 12:
            return _date(year, b, a)       # day first
        if b > 12:
            return _date(year, a, b)       # month first
        if a == b:
            return _date(year, a, b)
    return None
