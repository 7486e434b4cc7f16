"""ISO date values (at any precision the extractor writes) as day intervals, for placing them on a timeline."""
from __future__ import annotations

import calendar
import re
from datetime import date

from .. import data

_CALENDAR = data.load("calendar")
_SEASONS = {code: tuple(span) for code, span in _CALENDAR["season_months"].items()}
_PARTS = {part: tuple(span) for part, span in _CALENDAR["year_parts"].items()}  # only early|mid|late are read


def _month_span(year: int, m1: int, m2: int) -> tuple[date, date]:
    """First day of month m1 to last day of month m2 (m2 may run into the next year: 14 = February)."""
    y2, mm2 = (year + (m2 - 1) // 12, (m2 - 1) % 12 + 1)
    return date(year, m1, 1), date(y2, mm2, calendar.monthrange(y2, mm2)[1])


def parse_day(s: str | None) -> date | None:
    """`YYYY-MM-DD` (anything after the tenth character ignored) as a date, else None."""
    if not isinstance(s, str) or len(s) < 10:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def interval(value) -> tuple[date, date] | None:
    """The first and last possible day of an ISO value: `1988`, `1988-07`, `1988-07-25`, `196` (a decade),
    `1982-SU` (a season), `1988-early|mid|late`, `1988-Q3`, `1988-H1`, `1988-W30`. None when unreadable."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            return _month_span(int(m[1]), int(m[2]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})", v):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{3})", v):
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v, re.I):
            return _month_span(int(m[1]), *_SEASONS[m[2].upper()])
        if m := re.fullmatch(r"(\d{4})-(early|mid|late)", v, re.I):
            return _month_span(int(m[1]), *_PARTS[m[2].lower()])
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v, re.I):
            q = int(m[2])
            return _month_span(int(m[1]), 3 * q - 2, 3 * q)
        if m := re.fullmatch(r"(\d{4})-H([12])", v, re.I):
            h = int(m[2])
            return _month_span(int(m[1]), 6 * h - 5, 6 * h)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v, re.I):
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, date.fromisocalendar(int(m[1]), int(m[2]), 7)
    except ValueError:
        return None
    return None


def stated_interval(first: str | None, last: str | None, value) -> tuple[date, date] | None:
    """A date statement's days: its first and last possible day when both are known, else its value's."""
    a, b = parse_day(first), parse_day(last)
    if a and b:
        return min(a, b), max(a, b)
    return interval(value)


def bound(value: str | None, *, upper: bool) -> date | None:
    """A filter bound such as `1988`, `1988-07` or `1988-07-25`: its first day, or its last when `upper`.

    Raises ValueError when the value is not such a date."""
    if value is None or value == "":
        return None
    iv = interval(value)
    if iv is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        raise ValueError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return iv[1] if upper else iv[0]
