"""Machine-readable exports: the contract's JSON, CSV tables and a Markdown report."""
from .contract import Selection, build_export, export_schema, validate_export
from .tables import evidence_rows, to_markdown, write_csv

__all__ = ["Selection", "build_export", "export_schema", "validate_export", "evidence_rows", "to_markdown", "write_csv"]
