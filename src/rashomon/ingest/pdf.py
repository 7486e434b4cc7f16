"""PDF files (.pdf) by pypdf: the text layer of each page, reflowed into paragraphs, running heads and
page numbers dropped, then the same furniture cleaning as any page."""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..models import Document, IngestError
from .text import build_document

logging.getLogger("pypdf").setLevel(logging.ERROR)

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]?\s*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
# A line shorter than this share of the usual line width ends its paragraph.
_SHORT_LINE = 0.8


def read_pdf(path: Path, data: bytes) -> Iterator[Document | IngestError]:
    """One Document from a PDF file's bytes, or why not (encrypted, no text layer, unreadable)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            yield IngestError(str(path), "PDF is encrypted")
            return
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
        title, author = meta.get("/Title"), meta.get("/Author")
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        yield IngestError(str(path), f"PDF could not be read: {type(e).__name__}: {e}".splitlines()[0])
        return
    text = pdf_text(pages)
    if not text.strip():
        yield IngestError(str(path), "PDF has no text layer (a scan? run OCR first)")
        return
    yield build_document(text, file=path.name, path=str(path), title=_plain(title), author=_plain(author))


def _plain(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value.strip() else None


def pdf_text(pages: list[str]) -> str:
    """The pages' text as paragraphs, one a line: lines a page repeats at its top or bottom on most
    pages (running heads, footers) and bare page numbers are dropped, hard-wrapped lines joined, and
    a word hyphenated at a line's end rejoined."""
    page_lines = [[ln.strip() for ln in p.splitlines()] for p in pages]
    repeated = _running_lines(page_lines)
    kept = [[ln for ln in lines if not _PAGE_NUMBER.match(ln) and _shape(ln) not in repeated]
            for lines in page_lines]
    widths = sorted(len(ln) for lines in kept for ln in lines if ln)
    usual = widths[len(widths) * 3 // 4] if widths else 0
    paragraphs: list[str] = []
    for lines in kept:
        paragraphs.extend(_reflow(lines, paragraphs, usual))
    return "\n\n".join(p for p in paragraphs if p)


def _shape(line: str) -> str:
    """A line with its digits blanked, so "Page 3" and "Page 4" are one running line."""
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Shapes of the lines among the first and last two of a page that recur on over half the pages."""
    if len(page_lines) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in page_lines:
        body = [ln for ln in lines if ln]
        seen.update({_shape(ln) for ln in body[:2] + body[-2:]})
    return {s for s, n in seen.items() if n > len(page_lines) / 2}


def _reflow(lines: list[str], before: list[str], usual: int) -> list[str]:
    """Paragraphs of one page's lines: a line well short of the usual width ends its paragraph (the
    last line of one, or a heading); the first continues the last paragraph of the page before when
    that one did not end a sentence (a paragraph running across a page break; it is taken off
    `before`)."""
    out: list[str] = []
    current = before.pop() if before and not _SENTENCE_END.search(before[-1]) else ""
    ended = False
    for ln in lines:
        if not ln:
            if current:
                out.append(current)
            current, ended = "", False
            continue
        if current and ended:
            out.append(current)
            current = ""
        if not current:
            current = ln
        elif _HYPHENATED.search(current) and ln[:1].islower():
            current = current[:-1] + ln
        else:
            current = f"{current} {ln}"
        ended = len(ln) < _SHORT_LINE * usual
    if current:
        out.append(current)
    return out
