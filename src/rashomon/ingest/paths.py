"""Files and folders given by the user, read in a stable order, each by its format's reader."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ..models import Document, IngestError
from ..settings import MAX_FILE_MB
from .corpus import CorpusFields, read_csv, read_jsonl
from .html import read_html
from .pdf import read_pdf
from .text import read_text
from .word import read_docx

READERS = {
    ".txt": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED = tuple(READERS)
# Files a folder of articles often holds beside them; read only when named explicitly.
NOT_ARTICLES = frozenset(("readme", "license", "licence", "changelog", "notice", "authors",
                          "contributing", "copying"))


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path, skipped: list[Path] | None = None) -> tuple[list[Path], list[IngestError]]:
    """The supported, visible files under a folder, sorted by their path, and folders unreadable; visible
    files of other types go to `skipped`."""
    found: list[Path] = []
    errors: list[IngestError] = []

    def onerror(e: OSError) -> None:
        errors.append(IngestError(str(e.filename or folder), _os_reason(e)))

    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in files:
            p = Path(root, name)
            if _hidden(name) or p.stem.lower() in NOT_ARTICLES:
                continue
            if p.suffix.lower() not in READERS:
                if skipped is not None:
                    skipped.append(p)
                continue
            found.append(p)
    found.sort(key=lambda p: p.relative_to(folder).parts)
    return found, errors


def _os_reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "unreadable: permission denied"
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"unreadable: {(e.strerror or str(e)).lower()}"


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _bounded_read(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or why it is not read: only a regular file (after symlinks) no larger than
    `max_bytes` is opened, and never more than that is read (a file growing while read included)."""
    try:
        st = path.stat()
    except RuntimeError:                                 # Python < 3.13: a symlink loop
        return "symlink loop"
    except OSError as e:
        return "symlink loop" if e.errno == 40 else _os_reason(e)
    for test, what in _NOT_REGULAR:
        if test(st.st_mode):
            return f"not a regular file ({what})"
    if st.st_size > max_bytes:
        return f"too large ({st.st_size / 2**20:,.1f} MB; the limit is {max_bytes / 2**20:,.0f} MB, see --max-size)"
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        return _os_reason(e)
    if len(data) > max_bytes:
        return f"too large (over {max_bytes / 2**20:,.0f} MB, see --max-size)"
    return data


def read_file(path: Path, fields: CorpusFields = CorpusFields(),
              max_bytes: int = MAX_FILE_MB * 2**20) -> Iterator[Document | IngestError]:
    """The documents in one file (one for a page, one per record for a corpus), or its errors."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        suffix = path.suffix.lower() or "(no extension)"
        yield IngestError(str(path), f"unsupported file type {suffix} "
                                     f"(supported: {' '.join(SUPPORTED)})")
        return
    data = _bounded_read(path, max_bytes)
    if isinstance(data, str):
        yield IngestError(str(path), data)
        return
    reader = {
        "text": read_text,
        "html": read_html,
        "jsonl": partial(read_jsonl, fields=fields),
        "csv": partial(read_csv, fields=fields),
        "pdf": read_pdf,
        "docx": read_docx,
    }[kind]
    yield from reader(path, data)


def read_paths(paths: list[str | Path], fields: CorpusFields = CorpusFields(),
               skipped: list[Path] | None = None,
               max_bytes: int = MAX_FILE_MB * 2**20) -> Iterator[Document | IngestError]:
    """Every document in the given files and folders, in order; a bad input yields an IngestError
    and the rest of the batch goes on.

    Folders are read recursively in sorted order, skipping hidden files and folders, files of other
    types, and README/LICENSE-like files. A file named explicitly must be of a supported type
    (.txt .md .html .htm .jsonl .csv .pdf .docx). A file reached twice is read once. Files of other
    types found in folders are listed in `skipped`, for the caller to say so. Only regular files of at
    most `max_bytes` are read: a pipe, a device, a symlink loop or a larger file is an error.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]                                # one path given bare
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            files, errors = _walk(p, skipped)
            yield from errors
            if not files and not errors:
                yield IngestError(str(p), f"no supported files in folder ({' '.join(SUPPORTED)})")
        elif p.exists() or p.is_symlink():
            files = [p]
        else:
            yield IngestError(str(p), "no such file or directory")
            continue
        for f in files:
            try:
                key = f.resolve(strict=True)
            except (RuntimeError, OSError) as e:           # a symlink loop or a dangling link
                yield IngestError(str(f), "symlink loop" if isinstance(e, RuntimeError) or
                                  getattr(e, "errno", None) == 40 else _os_reason(e))
                continue
            if key in seen:
                continue
            seen.add(key)
            yield from read_file(f, fields, max_bytes)
