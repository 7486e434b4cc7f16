"""Reads a multipart upload as it arrives, file parts straight to disk, and refuses it the moment a limit is passed.

Why: starlette's `request.form()` spools every file part whatever its size, so a 600 MB chunked upload was
written to disk before the per-file check could answer 413. Here the body is read chunk by chunk
(`request.stream()`), the bytes are counted as they arrive, and a file part is cut off as soon as it is larger
than the per-file limit: nothing beyond the limits reaches the disk.
"""
from __future__ import annotations

import re
from pathlib import Path

try:
    from python_multipart.multipart import MultipartParser, parse_options_header
except ModuleNotFoundError:  # python-multipart < 0.0.13 named its module `multipart`
    from multipart.multipart import MultipartParser, parse_options_header  # type: ignore[no-redef]

# Room for each part's boundary and headers (Content-Disposition with a long file name, Content-Type):
# a browser's part header is a few hundred bytes, so 16 KiB per file is generous.
PART_OVERHEAD_BYTES = 16 * 1024
# Form fields that are not files (the upload form has none): at most this many, each this large.
MAX_FIELDS = 20
MAX_FIELD_BYTES = 64 * 1024


class UploadRefused(Exception):
    """The upload breaks a limit or is not a multipart body we can read: `status` and a one-line message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def request_limit(max_files: int, max_file_bytes: int) -> int:
    """The most bytes an upload body may have: every file at the limit, with its part headers, and the fields."""
    return max_files * (max_file_bytes + PART_OVERHEAD_BYTES) + MAX_FIELDS * MAX_FIELD_BYTES


def too_large(max_files: int, max_file_bytes: int) -> str:
    return f"upload too large: at most {max_files} files of {max_file_bytes:,} bytes each"


def safe_name(filename: str | None, i: int) -> str:
    """The file's own name, without any folder part or characters a file system could take as one."""
    name = re.sub(r"[^\w.\- ]", "_", Path((filename or "").replace("\\", "/")).name).strip(". ")
    return name or f"upload-{i}.txt"


class _Receiver:
    """python-multipart callbacks writing each file part to `dest/<i>/<name>` and checking the limits."""

    def __init__(self, dest: Path, max_files: int, max_file_bytes: int):
        self.dest, self.max_files, self.max_file_bytes = dest, max_files, max_file_bytes
        self.paths: list[Path] = []
        self.fields = 0
        self._header_name = self._header_value = b""
        self._disposition = b""
        self._file = None
        self._name = ""
        self._size = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self.on_part_begin, "on_part_data": self.on_part_data,
                "on_part_end": self.on_part_end, "on_header_field": self.on_header_field,
                "on_header_value": self.on_header_value, "on_header_end": self.on_header_end,
                "on_headers_finished": self.on_headers_finished}

    def on_part_begin(self) -> None:
        self._disposition, self._file, self._size = b"", None, 0

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise UploadRefused("could not read the upload: a part has no Content-Disposition name")
        if b"filename" in options:
            i = len(self.paths)
            if i >= self.max_files:
                raise UploadRefused(f"too many files: at most {self.max_files} in one upload", 413)
            self._name = safe_name(options[b"filename"].decode("utf-8", "replace"), i)
            folder = self.dest / str(i)
            folder.mkdir()
            path = folder / self._name
            self._file = open(path, "wb")   # noqa: SIM115 - closed in on_part_end or close()
            self.paths.append(path)
        else:
            self.fields += 1
            if self.fields > MAX_FIELDS:
                raise UploadRefused(f"too many form fields: at most {MAX_FIELDS}")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._file is None:
            if self._size > MAX_FIELD_BYTES:
                raise UploadRefused(f"a form field is larger than {MAX_FIELD_BYTES:,} bytes", 413)
            return
        if self._size > self.max_file_bytes:
            raise UploadRefused(f"{self._name} is larger than the limit of {self.max_file_bytes:,} bytes per file",
                                413)
        self._file.write(data[start:end])

    def on_part_end(self) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


async def receive_files(request, dest: Path, *, max_files: int, max_file_bytes: int) -> list[Path]:
    """Read the multipart body of `request` into files under `dest` (one folder per file, the file keeping its
    own name); returns their paths. Raises UploadRefused (413) as soon as the body passes
    `request_limit(...)` or a file passes `max_file_bytes`, having written nothing beyond."""
    limit = request_limit(max_files, max_file_bytes)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise UploadRefused(too_large(max_files, max_file_bytes), 413)
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise UploadRefused("could not read the upload: the multipart Content-Type has no boundary")
    receiver = _Receiver(dest, max_files, max_file_bytes)
    parser = MultipartParser(boundary, receiver.callbacks())
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise UploadRefused(too_large(max_files, max_file_bytes), 413)
            parser.write(chunk)
        parser.finalize()
    except UploadRefused:
        raise
    except Exception as e:  # noqa: BLE001 - python-multipart's errors on malformed bodies
        raise UploadRefused(f"could not read the upload: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    finally:
        receiver.close()
    return receiver.paths
