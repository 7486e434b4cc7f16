"""Alignment: statements of the same attribute of the same happening, across documents; and copies."""
from .copies import copied, find_copies
from .events import Alignment, Pair, align_events

__all__ = ["Alignment", "Pair", "align_events", "copied", "find_copies"]
