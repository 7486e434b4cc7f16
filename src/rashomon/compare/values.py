"""Stated values as intervals, widened by their qualifiers, and whether two of them can both be true.

The semantics are CONTRACT.md's: "by June 1982" is an upper bound; "about" widens a date by its own span
(at least a month); "over 2,500" is open above; an exact round figure stands for its rounding
("1,300" covers 1,250..1,350).
"""
from __future__ import annotations

import datetime as dt
import math

from ..models import Mention

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


def number_interval(m: Mention) -> tuple[float, float] | None:
    """A figure with its qualifier as an inclusive interval."""
    v = m.value
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v):
        return float(v[0]), float(v[1])
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    x = float(v)
    q = (m.qualifier or "exact").lower()
    if q in ("over", "at least"):
        return x, math.inf
    if q in ("under", "at most"):
        return -math.inf, x
    if q == "about":
        return x * 0.95, x * 1.05
    step = 1.0
    while x and x % (step * 10) == 0:
        step *= 10
    return (x - step / 2, x + step / 2) if step >= 100 else (x, x)


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def gap(a: tuple, b: tuple) -> float:
    """How far apart two intervals are (0 when they overlap), in their own units (days or counts)."""
    if overlap(a, b):
        return 0.0
    lo, hi = (a, b) if a[1] < b[0] else (b, a)
    d = hi[0] - lo[1]
    return d.days if isinstance(d, dt.timedelta) else float(d)


def compatible(a: Mention, b: Mention) -> bool | None:
    """Whether two values of the same attribute can both be true; None when they cannot be compared."""
    if a.kind == "date" and b.kind == "date":
        ia, ib = date_interval(a), date_interval(b)
    elif a.kind == "quantity" and b.kind == "quantity":
        ia, ib = number_interval(a), number_interval(b)
        if ia and ib and isinstance(a.value, list) and isinstance(b.value, list) \
                and a.qualifier == b.qualifier == "range":
            return all(abs(x - y) <= 0.05 * max(abs(x), abs(y), 1) for x, y in zip(ia, ib))
    else:
        return None
    if ia is None or ib is None:
        return None
    return overlap(ia, ib)


def severity(a: Mention, b: Mention) -> str:
    """`minor` for a one-day or rounding-scale gap, else `major`."""
    if a.kind == "date":
        ia, ib = date_interval(a), date_interval(b)
        return "minor" if ia and ib and gap(ia, ib) <= 1 else "major"
    ia, ib = number_interval(a), number_interval(b)
    if not (ia and ib):
        return "major"
    scale = max(1.0, min(abs(x) for x in (*ia, *ib) if math.isfinite(x)) if any(
        math.isfinite(x) for x in (*ia, *ib)) else 1.0)
    return "minor" if gap(ia, ib) / scale <= 0.1 else "major"


def show(m: Mention) -> str:
    """A value as a reader says it: "over 2,500", "1988-07-18", "by 1982-06", "20–99"."""
    v = m.value
    if isinstance(v, list):
        text = f"{_num(v[0])}–{_num(v[1])}"
    elif isinstance(v, (int, float)):
        text = _num(v)
    else:
        text = str(v)
    q = m.qualifier
    return text if not q or q in ("exact", "range") else f"{q} {text}"


def _num(x) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"
