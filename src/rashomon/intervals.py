"""Stated values as intervals, widened by their qualifiers: the shared arithmetic of dates and figures.

The semantics are CONTRACT.md's: "by June 1982" is an upper bound; "about" widens a date by its own span
(at least a month); "over 2,500" is open above; an exact round figure stands for its rounding
("1,300" covers 1,250..1,350). `align` uses these to say how close two statements are in time;
`compare` alone decides whether two values conflict.
"""
from __future__ import annotations

import datetime as dt
import math

from .models import Mention
from .settings import TIME_ABOUT_MINUTES

MIN_DATE, MAX_DATE = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def date_interval(m: Mention) -> tuple[dt.date, dt.date] | None:
    """A date mention's (first, last) possible day, widened by its qualifier."""
    if not (m.first and m.last):
        return None
    try:
        first, last = dt.date.fromisoformat(m.first), dt.date.fromisoformat(m.last)
    except ValueError:
        return None
    q = (m.qualifier or "exact").lower()
    if q in ("by", "before", "until"):
        return MIN_DATE, last
    if q in ("after", "since"):
        return first, MAX_DATE
    if q == "about":
        pad = max(dt.timedelta(days=31), last - first)
        return first - pad, last + pad
    return first, last


def time_interval(m: Mention, wall: bool = False) -> tuple[dt.datetime, dt.datetime] | None:
    """A time of day on its day (`first`) as an interval of instants, in UTC when the value has an
    offset ("23:34-04:00") unless `wall` (the clock as written), else on the day's own clock; "about"
    widens it by TIME_ABOUT_MINUTES."""
    if not m.first or not isinstance(m.value, str):
        return None
    try:
        day = dt.date.fromisoformat(m.first)
        t = dt.time.fromisoformat(m.value)
    except ValueError:
        return None
    at = dt.datetime.combine(day, t.replace(tzinfo=None))
    if t.utcoffset() is not None and not wall:
        at -= t.utcoffset()
    pad = dt.timedelta(minutes=TIME_ABOUT_MINUTES if (m.qualifier or "exact") == "about" else 0)
    return at - pad, at + pad


def number_interval(m: Mention, scale: float = 1.0) -> tuple[float, float] | None:
    """A figure with its qualifier as an inclusive interval, times `scale` (to a base unit)."""
    v = m.value
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v):
        return float(v[0]) * scale, float(v[1]) * scale
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    x = float(v)
    q = (m.qualifier or "exact").lower()
    if q in ("over", "at least"):
        return x * scale, math.inf
    if q in ("under", "at most"):
        return -math.inf, x * scale
    if q == "about":
        return x * 0.95 * scale, x * 1.05 * scale
    if m.counted == "percent":
        return x * scale, x * scale   # "100 percent" is all of it, not a rounded hundred
    step = 1.0
    while x and x % (step * 10) == 0:
        step *= 10
    return ((x - step / 2) * scale, (x + step / 2) * scale) if step >= 100 else (x * scale, x * scale)


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def gap(a: tuple, b: tuple) -> float:
    """How far apart two intervals are (0 when they overlap), in their own units (days or counts)."""
    if overlap(a, b):
        return 0.0
    lo, hi = (a, b) if a[1] < b[0] else (b, a)
    d = hi[0] - lo[1]
    if isinstance(hi[0], dt.datetime):
        return d.total_seconds()   # instants: seconds apart
    return d.days if isinstance(d, dt.timedelta) else float(d)


