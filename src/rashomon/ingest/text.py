"""Plain-text pages (.txt, .md) as Documents, and the one place a Document is built from raw text."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..models import Document, IngestError
from ..settings import MAX_TEXT_CHARS
from .dates import parse_date
from .decode import DecodeError, decode
from .furniture import clean_text

NO_TEXT = "no article text left after removing page furniture"


def content_hash(text: str) -> str:
    """The sha256 hex digest of a document's (cleaned) text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_document(raw: str, *, file: str, path: str, title: str | None = None,
                   author: str | None = None, published: str | None = None,
                   outlet: str | None = None, url: str | None = None,
                   group: str | None = None, encoding: str | None = None) -> Document | IngestError:
    """Clean `raw` once and make the Document; metadata given here wins over the page header's."""
    if len(raw) > MAX_TEXT_CHARS:
        return IngestError(path, f"text too long to analyse ({len(raw):,} characters; the limit is "
                                 f"{MAX_TEXT_CHARS:,}, a 500-page book): split it into parts")
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        return IngestError(path, NO_TEXT)
    return Document(
        text=cleaned.text,
        file=file,
        path=path,
        title=_clean(title) or cleaned.title,
        outlet=_clean(outlet),
        author=_clean(author) or cleaned.author,
        url=_clean(url),
        published=parse_date(published) or cleaned.published,
        content_hash=content_hash(cleaned.text),
        group=_clean(group),
        encoding=encoding,
    )


def _clean(value: object) -> str | None:
    """A metadata value as a one-line string, or None when empty."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(v for v in value if v.strip())   # "authors": ["A", "B"]
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    s = " ".join(str(value).split())
    return s or None


_FRONT_KEYS = {"title": "title", "author": "author", "authors": "author", "date": "published",
               "published": "published", "url": "url", "link": "url", "outlet": "outlet",
               "source": "outlet", "publisher": "outlet"}


def front_matter(raw: str) -> tuple[dict, str]:
    """(metadata, rest) for a Markdown file that opens with a `---` YAML front-matter block of
    simple `key: value` lines; ({}, raw) otherwise."""
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, raw
    meta: dict = {}
    for k, line in enumerate(lines[1:41], 1):
        if line.strip() in ("---", "..."):
            return meta, "\n".join(lines[k + 1:])
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in _FRONT_KEYS:
            meta.setdefault(_FRONT_KEYS[key.strip().lower()], value.strip().strip("\"'") or None)
    return {}, raw


def read_text(path: Path, data: bytes) -> Iterator[Document | IngestError]:
    """One Document from a plain-text or Markdown file's bytes."""
    try:
        raw, encoding = decode(data)
    except DecodeError as e:
        yield IngestError(str(path), e.reason, e.line)
        return
    meta: dict = {}
    if path.suffix.lower() == ".md":
        meta, raw = front_matter(raw.replace("\r\n", "\n"))
    yield build_document(raw, file=path.name, path=str(path), encoding=encoding, **meta)
