"""Calendar arithmetic for temporal expressions: ISO/TIMEX3 values, their day intervals, and shifts.

A resolved date is a `TimeValue`: its `value` at the precision the text states (`1988`, `1988-07`,
`1988-07-25`, `196` for a decade, `18` for a century, `1982-SU` for a season, `1965/2005` for a stated
range) and the first and last day it can be.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .. import data

# precisions from finest to coarsest; "season" sits between month and year
PRECISIONS = ("day", "month", "season", "year", "decade", "century", "range")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}

_CALENDAR = data.load("calendar")
SEASONS = {code: tuple(span) for code, span in _CALENDAR["season_months"].items()}
SEASON_CODES = dict(_CALENDAR["seasons"])
WEEKDAYS = tuple(d.capitalize() for d in _CALENDAR["weekdays"])

# parts of a unit: fractions (start, end) of it
YEAR_PARTS = {part: tuple(span) for part, span in _CALENDAR["year_parts"].items()}  # months, inclusive
MONTH_PARTS = {  # days, inclusive (31 = the month's last day)
    "early": (1, 10), "mid": (11, 20), "late": (21, 31), "begin": (1, 10), "end": (21, 31),
    "h1": (1, 15), "h2": (16, 31),
    "w1": (1, 7), "w2": (8, 14), "w3": (15, 21), "w4": (22, 28), "w5": (29, 31), "wl": (25, 31),
}
DECADE_PARTS = {"early": (0, 3), "mid": (3, 7), "late": (7, 9), "begin": (0, 2), "end": (8, 9),
                "h1": (0, 4), "h2": (5, 9)}
CENTURY_PARTS = {"early": (0, 33), "mid": (33, 66), "late": (66, 99), "begin": (0, 10),
                 "end": (90, 99), "h1": (0, 49), "h2": (50, 99)}
SEASON_PARTS = {"early": (0, 0), "mid": (1, 1), "late": (2, 2)}  # month offsets inside the season

MIN_DAY, MAX_DAY = dt.date(1, 1, 1), dt.date(9999, 12, 31)


@dataclass
class TimeValue:
    """A resolved date: value at the stated precision and its interval of possible days."""

    value: str
    first: dt.date
    last: dt.date
    precision: str

    @property
    def year(self) -> int:
        return self.first.year


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions."""
    return a if _RANK[a] >= _RANK[b] else b


def rank(p: str) -> int:
    return _RANK[p]


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def valid_day(year: int | None, month: int, day: int) -> bool:
    """Whether day exists in month (in a leap year when the year is unknown)."""
    if not (1 <= month <= 12 and day >= 1):
        return False
    return day <= last_day(year if year else 2000, month)


def weekday_name(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()]


def _y(y: int) -> str:
    return f"{y:04d}"


def day_value(d: dt.date) -> TimeValue:
    return TimeValue(f"{_y(d.year)}-{d.month:02d}-{d.day:02d}", d, d, "day")


def month_value(y: int, m: int) -> TimeValue:
    return TimeValue(f"{_y(y)}-{m:02d}", dt.date(y, m, 1), dt.date(y, m, last_day(y, m)), "month")


def year_value(y: int) -> TimeValue:
    return TimeValue(_y(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def decade_value(decade: int) -> TimeValue:
    """decade is the year divided by ten: 196 is the 1960s."""
    y = decade * 10
    return TimeValue(f"{decade:03d}", dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31), "decade")


def century_value(century: int) -> TimeValue:
    """century is the year divided by a hundred (TIMEX3): 18 is 1800-1899, the 19th century."""
    y = century * 100
    return TimeValue(f"{century:02d}", dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31), "century")


def season_value(y: int, code: str) -> TimeValue:
    a, b = SEASONS[code]
    end_y, end_m = (y + 1, b - 12) if b > 12 else (y, b)
    return TimeValue(f"{_y(y)}-{code}", dt.date(y, a, 1), dt.date(end_y, end_m, last_day(end_y, end_m)),
                     "season")


def range_value(a: TimeValue, b: TimeValue) -> TimeValue:
    """An ISO 8601 interval `a/b` spanning both."""
    return TimeValue(f"{a.value}/{b.value}", min(a.first, b.first), max(a.last, b.last), "range")


def narrow(tv: TimeValue, part: str | None) -> tuple[dt.date, dt.date]:
    """The part of a value's interval that `part` ("early", "mid", "late", "h1", "w2", ...) names."""
    if not part:
        return tv.first, tv.last
    y = tv.first.year
    if tv.precision == "year" and part in YEAR_PARTS:
        a, b = YEAR_PARTS[part]
        return dt.date(y, a, 1), dt.date(y, b, last_day(y, b))
    if tv.precision == "month" and part in MONTH_PARTS:
        m = tv.first.month
        a, b = MONTH_PARTS[part]
        return dt.date(y, m, a), dt.date(y, m, min(b, last_day(y, m)))
    if tv.precision == "decade" and part in DECADE_PARTS:
        a, b = DECADE_PARTS[part]
        base = tv.last.year - 9
        return dt.date(max(base + a, 1), 1, 1), dt.date(base + b, 12, 31)
    if tv.precision == "century" and part in CENTURY_PARTS:
        a, b = CENTURY_PARTS[part]
        base = tv.last.year - 99
        return dt.date(max(base + a, 1), 1, 1), dt.date(base + b, 12, 31)
    if tv.precision == "season" and part in SEASON_PARTS:
        off = SEASON_PARTS[part][0]
        m0 = tv.first.month + off
        yy, mm = (y + 1, m0 - 12) if m0 > 12 else (y, m0)
        return dt.date(yy, mm, 1), dt.date(yy, mm, last_day(yy, mm))
    return tv.first, tv.last


def add_months(d: dt.date, n: int) -> dt.date:
    """d moved by n calendar months, the day clipped to the month's length."""
    k = d.year * 12 + (d.month - 1) + n
    y, m = divmod(k, 12)
    if y < 1 or y > 9999:
        raise OverflowError("date out of range")
    return dt.date(y, m + 1, min(d.day, last_day(y, m + 1)))


def shift(d: dt.date, n: int, unit: str) -> dt.date:
    """d moved by n units (day, week, month, year, decade, century). Raises OverflowError."""
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(days=7 * n)
    if unit == "month":
        return add_months(d, n)
    if unit == "year":
        return add_months(d, 12 * n)
    if unit == "decade":
        return add_months(d, 120 * n)
    if unit == "century":
        return add_months(d, 1200 * n)
    raise ValueError(unit)


UNIT_PRECISION = {"day": "day", "week": "day", "month": "month", "year": "year", "decade": "year",
                  "century": "year"}


def containing(first: dt.date, last: dt.date, at_least: str = "day") -> TimeValue:
    """The finest value (day, month, year, decade, century) no finer than `at_least` whose interval
    holds both first and last."""
    order = ["day", "month", "year", "decade", "century"]
    start = order.index(at_least) if at_least in order else (2 if at_least == "season" else 0)
    for p in order[start:]:
        if p == "day" and first == last:
            return day_value(first)
        if p == "month" and (first.year, first.month) == (last.year, last.month):
            return month_value(first.year, first.month)
        if p == "year" and first.year == last.year:
            return year_value(first.year)
        if p == "decade" and first.year // 10 == last.year // 10:
            return decade_value(first.year // 10)
        if p == "century" and first.year // 100 == last.year // 100:
            return century_value(first.year // 100)
    return range_value(year_value(first.year), year_value(last.year))


def pick_year(month: int, day: int | None, ref: dt.date, ref_precision: str) -> int:
    """The year of a month (and day) stated without one: the anchor's own year when the anchor is
    only a year, else whichever of the neighbouring years puts the date closest to the anchor."""
    if rank(ref_precision) >= rank("year"):
        return ref.year
    best, best_gap = ref.year, None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        if y < 1 or y > 9999:
            continue
        dd = min(day or 15, last_day(y, month))
        gap = abs((dt.date(y, month, dd) - ref).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def iso(d: dt.date) -> str:
    return d.isoformat()
