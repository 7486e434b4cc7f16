"""The app's guards against a hostile client: Host names (DNS rebinding) and upload bodies read as they arrive."""
from __future__ import annotations

import os
import select
import socket
import tempfile
import threading
import time
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon.web import create_app
from rashomon.web.uploads import request_limit

TOKEN = "tok-guard-1"


# ---------------------------------------------------------------------------------------------- Host
@pytest.mark.parametrize("url", ["/", "/conflicts", "/api/findings", "/api/documents/d1", "/upload"])
def test_a_foreign_host_is_refused_on_loopback(db, url):
    with TestClient(create_app(db, port=8765), base_url="http://evil.example:8765") as c:
        r = c.get(url)
        assert r.status_code == 421
        assert "evil.example" in r.text and "DNS rebinding" in r.text and r.text.count("\n") == 1
        assert "Free Coast Front" not in r.text


def test_an_upload_from_a_rebound_name_is_refused(db):
    with TestClient(create_app(db, port=8765, analysis="thread"), base_url="http://evil.example:8765") as c:
        r = c.post("/api/upload", files=[("files", ("x.txt", b"A note from Kessa.", "text/plain"))],
                   headers={"Origin": "http://evil.example:8765"})        # its own origin: same-origin passes
        assert r.status_code == 421
    with TestClient(create_app(db, port=8765), base_url="http://127.0.0.1:8765") as c:
        assert c.get("/api/documents").json()["count"] == 5                # nothing was stored


@pytest.mark.parametrize("base,status", [
    ("http://127.0.0.1:8765", 200), ("http://localhost:8765", 200), ("http://[::1]:8765", 200),
    ("http://LOCALHOST:8765", 200), ("http://127.0.0.1:9999", 421), ("http://localhost.evil.example:8765", 421),
    ("http://127.0.0.1.nip.example:8765", 421), ("http://[::2]:8765", 421)])
def test_loopback_names_with_the_bound_port_are_answered(db, base, status):
    with TestClient(create_app(db, port=8765), base_url=base) as c:
        assert c.get("/api/documents").status_code == status, base


def test_a_name_that_is_not_loopback_is_refused_even_from_the_test_client(db):
    with TestClient(create_app(db)) as c:                     # its default Host is "testserver"
        r = c.get("/api/documents")
        assert r.status_code == 421 and "DNS rebinding" in r.text


def test_off_loopback_the_bound_host_is_answered_and_the_token_protects(db):
    app = create_app(db, token=TOKEN, host="192.0.2.10", port=8765)
    with TestClient(app, base_url="http://192.0.2.10:8765") as c:
        assert c.get("/api/documents").status_code == 401
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    with TestClient(app, base_url="http://evil.example:8765") as c:
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 421
    with TestClient(create_app(db, token=TOKEN, host="0.0.0.0", port=8765), base_url="http://box.lan:8765") as c:
        assert c.get("/api/documents").status_code == 401                  # any name on a wildcard bind
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


# ---------------------------------------------------------------------------------------------- upload size
SMALL = 64 * 1024          # the per-file limit in these tests
BOUNDARY = "----rashomon-test-boundary"


def multipart_head(name: str) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()


def files_under(folder: Path) -> int:
    """Bytes of the files under `folder` (0 for a folder removed while it was walked: the upload ended)."""
    try:
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    except FileNotFoundError:
        return 0


@pytest.fixture()
def upload_tmp(tmp_path, monkeypatch):
    """The folder the app writes uploads into (tempfile's), to see what reaches the disk."""
    folder = tmp_path / "uploads-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_chunked_upload_over_the_limit_is_413_and_nothing_stays_on_disk(db, upload_tmp):
    def body():
        yield multipart_head("flood.txt")
        for _ in range(64):                             # 4 MiB of one file, far over the 64 KiB per file
            yield b"The water rose at Marrow Bay. " * 2184 + b"xxxx"
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    with TestClient(create_app(db, max_upload_bytes=SMALL, max_files=2, analysis="thread"),
                    base_url="http://127.0.0.1") as c:
        r = c.post("/api/upload", content=body(),
                   headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        # (TestClient hands the app the whole generated body as one chunk: the request limit speaks first)
        assert r.status_code == 413 and "upload too large" in r.json()["detail"]
        assert "Content-Length" not in r.request.headers                 # it went chunked
        assert files_under(upload_tmp) == 0 and list(upload_tmp.iterdir()) == []
        assert c.get("/api/documents").json()["count"] == 5


def test_too_many_files_and_oversized_fields_are_413(db, upload_tmp):
    with TestClient(create_app(db, max_upload_bytes=SMALL, max_files=2, analysis="thread"),
                    base_url="http://127.0.0.1") as c:
        files = [("files", (f"n{i}.txt", b"A note from Ostrel.", "text/plain")) for i in range(3)]
        r = c.post("/api/upload", files=files)
        assert r.status_code == 413 and "at most 2" in r.json()["detail"]
        r = c.post("/api/upload", files=files[:1], data={"comment": "x" * 100_000})
        assert r.status_code == 413 and "form field" in r.json()["detail"]
        assert list(upload_tmp.iterdir()) == [] and c.get("/api/documents").json()["count"] == 5


# ---------------------------------------------------------------------------------------------- a real server
@pytest.fixture()
def server(db, upload_tmp):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db, port=port, max_upload_bytes=SMALL, max_files=2, analysis="thread")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        assert time.time() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(timeout=10)


def raw_request(port: int, head: str, chunks=(), limit_s: float = 60.0) -> tuple[bytes, int]:
    """Send `head` then each chunk (HTTP chunked framing) until the server answers; (answer, body bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=limit_s) as s:
        s.sendall(head.encode())
        deadline = time.monotonic() + limit_s
        for chunk in chunks:
            if select.select([s], [], [], 0)[0] or time.monotonic() > deadline:
                break                                  # the server answered (or gave up on us): stop sending
            try:
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                break
            sent += len(chunk)
        s.settimeout(10)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                got = s.recv(65536)
                if not got:
                    break
                answer += got
        except OSError:
            pass
    return answer, sent


def test_a_large_chunked_upload_is_cut_off_as_soon_as_it_passes_the_limit(server, upload_tmp):
    total = 64 * 2**20                                   # 64 MiB offered, 1000 times the per-file limit
    peak = 0
    stop = threading.Event()

    def watch():                                         # what the upload folder holds while the body arrives
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, files_under(upload_tmp))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    head = (f"POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:{server}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n")
    chunks = [multipart_head("flood.txt")] + [b"y" * 65536] * (total // 65536)
    try:
        answer, sent = raw_request(server, head, chunks)
    finally:
        stop.set()
        watcher.join()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # answered long before the body ended: what was sent is the limit plus what the sockets buffer
    assert sent < 16 * 2**20, sent
    assert peak <= SMALL, peak                            # never more than the limit on disk
    assert list(upload_tmp.iterdir()) == []


def test_a_declared_length_over_the_limit_is_413_before_the_body(server):
    limit = request_limit(2, SMALL)
    head = (f"POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:{server}\r\nContent-Length: {limit + 1}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n")
    t = time.monotonic()
    answer, _ = raw_request(server, head)
    assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - t < 5


@pytest.mark.parametrize("host", ["evil.example", "testserver", "localhost.evil.example"])
def test_the_real_server_refuses_foreign_host_names(server, host):
    answer, _ = raw_request(server, f"GET /api/findings HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 421"), answer[:200]
    answer, _ = raw_request(server, f"GET /api/findings HTTP/1.1\r\nHost: 127.0.0.1:{server}\r\n"
                                    "Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")


def test_uploads_still_work_at_the_limit(server):
    import httpx

    at_limit = (b"The dam at Quarry Hill held. " * 3000)[:SMALL]
    r = httpx.post(f"http://127.0.0.1:{server}/api/upload", files=[("files", ("dam.txt", at_limit, "text/plain"))],
                   timeout=30)
    assert r.status_code == 202, r.text
    assert os.path.basename(r.json()["status_url"]) == r.json()["job"]
