"""Ingest: files and folders of articles (.txt .md .html .htm .jsonl .csv .pdf .docx) as furniture-free Documents.

Entry point: `read_paths(paths, fields=CorpusFields()) -> Iterator[Document | IngestError]`.
Cleaning happens here, once: every later offset points into `Document.text`.
"""
from __future__ import annotations

from .corpus import CorpusFields
from .dates import parse_date
from .furniture import Cleaned, clean_text
from .paths import SUPPORTED, read_file, read_paths

__all__ = ["CorpusFields", "Cleaned", "SUPPORTED", "clean_text", "parse_date", "read_file", "read_paths"]
