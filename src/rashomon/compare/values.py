"""Stated values as intervals, widened by their qualifiers, and whether two of them can both be true.

The semantics are CONTRACT.md's: "by June 1982" is an upper bound; "about" widens a date by its own span
(at least a month); "over 2,500" is open above; an exact round figure stands for its rounding
("1,300" covers 1,250..1,350).
"""
from __future__ import annotations

import math

from ..intervals import date_interval, gap, number_interval, overlap, time_interval
from ..models import Mention
from ..settings import UNIT_TOLERANCE

__all__ = ["compatible", "date_interval", "gap", "number_interval", "overlap", "severity", "show", "states_denied"]


def compatible(a: Mention, b: Mention, scales: tuple[float, float] = (1.0, 1.0)) -> bool | None:
    """Whether two values of the same attribute can both be true; None when they cannot be compared.
    `scales` bring figures stated in different units to one base unit."""
    if a.kind == "state" and b.kind == "state":
        return a.value == b.value   # "happened" / "did not happen"
    if a.kind == "time" and b.kind == "time":
        ia, ib = _times(a, b)
        return None if ia is None or ib is None else overlap(ia, ib)
    if a.kind == "date" and b.kind == "date":
        ia, ib = date_interval(a), date_interval(b)
    elif a.kind == "quantity" and b.kind == "quantity":
        ia, ib = number_interval(a, scales[0]), number_interval(b, scales[1])
        if ia and ib and isinstance(a.value, list) and isinstance(b.value, list) \
                and a.qualifier == b.qualifier == "range":
            return all(abs(x - y) <= 0.05 * max(abs(x), abs(y), 1) for x, y in zip(ia, ib))
    else:
        return None
    if ia is None or ib is None:
        return None
    if scales[0] != scales[1]:
        # figures converted from different units: unit words are loose ("tons" for tonnes), so the
        # conversion is read with a tolerance
        ia, ib = _widen(ia, UNIT_TOLERANCE), _widen(ib, UNIT_TOLERANCE)
    return overlap(ia, ib)


def states_denied(denied: Mention, claim: Mention, scales: tuple[float, float] = (1.0, 1.0)) -> bool:
    """Whether a claim states the amount a denial denies: one of the claim's bounds lies within the
    denied amount ("more than 3,000 died" against "3,000 did not die"; "more than 1,000" does not)."""
    ia, ib = number_interval(denied, scales[0]), number_interval(claim, scales[1])
    if ia is None or ib is None:
        return False
    if scales[0] != scales[1]:
        ia = _widen(ia, UNIT_TOLERANCE)
    return any(math.isfinite(x) and ia[0] <= x <= ia[1] for x in ib)


def _times(a: Mention, b: Mention):
    """Two times of day as intervals: in UTC when both state an offset, else as their clocks read (a
    time with no zone is set beside a local zone's time only; align decides that)."""
    wall = not (_offset(a) and _offset(b))
    return time_interval(a, wall), time_interval(b, wall)


def _offset(m: Mention) -> bool:
    return isinstance(m.value, str) and len(m.value) > 5


def _widen(i: tuple, share: float) -> tuple:
    return i[0] - abs(i[0]) * share, i[1] + abs(i[1]) * share


def severity(a: Mention, b: Mention, scales: tuple[float, float] = (1.0, 1.0)) -> str:
    """`minor` for a one-day or rounding-scale gap (a quarter of an hour for times), else `major`."""
    if a.kind == "time":
        ia, ib = _times(a, b)
        return "minor" if ia and ib and gap(ia, ib) <= 15 * 60 else "major"
    if a.kind == "date":
        ia, ib = date_interval(a), date_interval(b)
        return "minor" if ia and ib and gap(ia, ib) <= 1 else "major"
    ia, ib = number_interval(a, scales[0]), number_interval(b, scales[1])
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
