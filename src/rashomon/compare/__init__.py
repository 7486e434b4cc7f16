"""Comparison: conflicts, agreements and inconsistencies between aligned statements."""
from .findings import compare, number_findings
from .values import compatible, date_interval, number_interval, severity

__all__ = ["compare", "number_findings", "compatible", "date_interval", "number_interval", "severity"]
