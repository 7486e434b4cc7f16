"""Corpus files: one document per JSON Lines record (.jsonl) or per CSV row (.csv)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields as dataclass_fields
from pathlib import Path

from ..models import Document, IngestError
from .decode import DecodeError, decode
from .text import build_document


@dataclass(frozen=True)
class CorpusFields:
    """The names of the fields (JSONL keys, CSV columns) that hold each part of a record."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    outlet: str = "outlet"
    published: str = "published"
    author: str = "author"
    group: str = "group"


_META = tuple(f.name for f in dataclass_fields(CorpusFields) if f.name != "text")


def _record(rec: dict, fields: CorpusFields, path: Path, line: int,
            encoding: str | None = None) -> Document | IngestError:
    """A Document from one record, or why the record cannot be one."""
    where = f"{path}:{line}"
    if fields.text not in rec or rec[fields.text] is None:
        return IngestError(str(path), f"missing text field '{fields.text}'", line)
    text = rec[fields.text]
    if not isinstance(text, str):
        return IngestError(str(path), f"text field '{fields.text}' is not a string "
                                      f"({type(text).__name__})", line)
    if not text.strip():
        return IngestError(str(path), f"empty text field '{fields.text}'", line)
    if "\x00" in text:
        return IngestError(str(path), "binary text (NUL characters)", line)
    meta = {name: rec.get(getattr(fields, name)) for name in _META}
    doc = build_document(text, file=f"{path.name}#{line}", path=where, encoding=encoding, **meta)
    if isinstance(doc, IngestError):
        return IngestError(str(path), doc.reason, line)
    return doc


def read_jsonl(path: Path, data: bytes, fields: CorpusFields = CorpusFields()) -> Iterator[Document | IngestError]:
    """One Document per non-blank line of a JSON Lines file; a bad line is an error, not the end."""
    try:
        raw, encoding = decode(data)
    except DecodeError as e:
        yield IngestError(str(path), e.reason, e.line)
        return
    for line_no, line in enumerate(raw.split("\n"), 1):   # not splitlines(): JSON may hold U+2028
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(str(path), f"malformed JSON: {e.msg} at column {e.colno}", line_no)
            continue
        if not isinstance(rec, dict):
            yield IngestError(str(path), f"expected a JSON object, got {type(rec).__name__}", line_no)
            continue
        yield _record(rec, fields, path, line_no, encoding)


def read_csv(path: Path, data: bytes, fields: CorpusFields = CorpusFields()) -> Iterator[Document | IngestError]:
    """One Document per row of a CSV file with a header row (UTF-8, a BOM is fine).

    A row's line is the line it starts on, so quoted fields spanning lines do not shift the count.
    """
    try:
        raw, encoding = decode(data)
    except DecodeError as e:
        yield IngestError(str(path), e.reason, e.line)
        return
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(raw, newline=""), strict=True)   # an unclosed quote is an error
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            why = "a quote opened in this row is never closed" if "end of data" in str(e) else str(e)
            yield IngestError(str(path), f"malformed CSV: {why}", start)
            return
        line_no, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue                                   # a blank row
        if header is None:
            header = [cell.strip() for cell in row]
            if fields.text not in header:
                shown = ", ".join(h for h in header if h)[:200]
                yield IngestError(str(path), f"missing text field '{fields.text}' (columns: {shown})", line_no)
                return
            continue
        yield _record(dict(zip(header, row)), fields, path, line_no, encoding)
    if header is None:
        yield IngestError(str(path), "empty file")
