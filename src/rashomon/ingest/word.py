"""Word documents (.docx) by python-docx: paragraphs and table rows in document order, one a line,
then the same furniture cleaning as any page."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..models import Document, IngestError
from .text import build_document


def read_docx(path: Path, data: bytes) -> Iterator[Document | IngestError]:
    """One Document from a .docx file's bytes, or why not."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(io.BytesIO(data))
        lines = list(_lines(d))
        props = d.core_properties
        title, author = props.title, props.author
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        yield IngestError(str(path), f"DOCX could not be read: {type(e).__name__}: {e}".splitlines()[0])
        return
    text = "\n\n".join(lines)
    if not text.strip():
        yield IngestError(str(path), "DOCX has no text")
        return
    yield build_document(text, file=path.name, path=str(path), title=title or None, author=author or None)


def _lines(d) -> Iterator[str]:
    """Each paragraph's text, and each table row's cells joined by " | ", in the body's order."""
    from docx.table import Table

    for block in d.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = _unique(c.text.strip() for c in row.cells)
                if any(cells):
                    yield " | ".join(cells)
        elif block.text.strip():
            yield block.text.strip()


def _unique(cells) -> list[str]:
    """Row cells with merged cells (python-docx repeats them) kept once."""
    out: list[str] = []
    for c in cells:
        if not out or c != out[-1]:
            out.append(c)
    return out
