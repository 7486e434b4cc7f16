"""Alignment: statements of the same attribute of the same happening, across documents; and copies."""
from .copies import CopyIndex, copied, find_copies
from .events import Alignment, Pair, align_events

__all__ = ["Alignment", "CopyIndex", "Pair", "align_events", "copied", "find_copies"]
