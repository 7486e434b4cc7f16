"""Bytes read from a file as text: UTF-8 (with or without a BOM), a declared or detected encoding, or a
one-line reason why not."""
from __future__ import annotations

import codecs
import re

# Well-known binary formats, named in the error so the user knows what they gave us.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office document"),
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"{\\rtf", "RTF document"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeError(ValueError):
    """Why bytes could not be read as text; `line` is the 1-based line where it happened, if known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """The text of a file's bytes (see `decode`)."""
    return decode(data, declared=declared)[0]


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a file's bytes.

    UTF-8 is tried first (a BOM is dropped), then a UTF-16 BOM; then `declared` (an encoding the file
    itself names, e.g. an HTML `<meta charset>`), then the encoding charset-normalizer finds (Latin-1
    and Windows code pages in archives, UTF-16 without a BOM). Nothing is decoded leniently: bytes no
    encoding fits raise DecodeError instead of turning into mojibake.
    """
    if not data.strip():
        raise DecodeError("empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({kind})")
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DecodeError(f"not valid UTF-16 at byte {e.start}") from None
    if b"\x00" in data:
        found = _detected(data)
        if found and found[1].startswith(("utf_16", "utf_32")):
            return found
        raise DecodeError("binary file (NUL bytes)", data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        at = e.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        if data.startswith(codecs.BOM_UTF8):          # the file says it is UTF-8: no guessing
            raise DecodeError(f"not valid UTF-8 at byte {at}", data.count(b"\n", 0, at) + 1) from None
        first_error = DecodeError(f"not valid UTF-8 at byte {at}, and no other encoding fits",
                                  data.count(b"\n", 0, at) + 1)
    if declared and _usable(declared):
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (UnicodeDecodeError, LookupError):
            pass
    found = _detected(data)
    if found:
        return found
    raise first_error


def _detected(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) by charset-normalizer, or None when no encoding decodes the bytes cleanly."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def _usable(encoding: str) -> bool:
    """Whether a declared encoding names a real codec other than UTF-8 (already tried)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name not in ("utf-8", "utf-8-sig")


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its start, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
