"""Comparison: conflicts, agreements and inconsistencies between aligned statements."""
from .findings import compare
from .values import compatible, date_interval, number_interval, severity

__all__ = ["compare", "compatible", "date_interval", "number_interval", "severity"]
