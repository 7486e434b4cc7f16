"""HTML pages (.html, .htm): the main text by trafilatura, then the same furniture cleaning."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import trafilatura

from ..models import Document, IngestError
from .decode import DecodeError, declared_charset, decode
from .text import build_document

logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_html(html: str) -> dict | None:
    """{text, title, author, published, outlet, url} of a page's main article, or None if none.

    Reader comments are left out; tables are kept (casualty lists are often tables).
    """
    for favor_recall in (False, True):
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, with_metadata=True,
            favor_recall=favor_recall, deduplicate=False,
        )
        if doc is not None and (doc.text or "").strip():
            return {
                "text": doc.text,
                "title": doc.title,
                "author": doc.author,
                "published": doc.date,
                "outlet": doc.sitename or doc.hostname,
                "url": doc.url,
            }
    return None


def read_html(path: Path, data: bytes) -> Iterator[Document | IngestError]:
    """One Document from an HTML file's bytes."""
    try:
        html, encoding = decode(data, declared=declared_charset(data))
    except DecodeError as e:
        yield IngestError(str(path), e.reason, e.line)
        return
    try:
        found = extract_html(html)
    except Exception as e:  # trafilatura/lxml can fail on pathological markup
        yield IngestError(str(path), f"HTML could not be parsed: {type(e).__name__}: {e}".splitlines()[0])
        return
    if not found:
        yield IngestError(str(path), "no article text found in HTML")
        return
    text = found.pop("text")
    yield build_document(text, file=path.name, path=str(path), encoding=encoding, **found)
