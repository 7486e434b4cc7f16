"""Shared fixtures: where ../shared is, and one analysed seeds store for the end-to-end tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))


def shared_or_skip() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seeds, gold, scorer) is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory):
    """The seeds ingested, analysed and exported once per test session."""
    shared = shared_or_skip()
    from rashomon.export import build_export
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as store:
        report = ingest(store, [shared / "seeds"])
        assert not report.errors
        analyze(store)
        return build_export(store)


def pdf_bytes(pages: list[list[str]], title: str | None = None) -> bytes:
    """A small PDF whose pages hold these lines of Helvetica text, one under another (a text layer
    like a word processor's), written by hand so the tests need no PDF writer."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = []                       # object k+1 is objects[k]
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for i, lines in enumerate(pages):
        stream = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(f"({esc(ln)}) Tj T*" for ln in lines) + " ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream".encode("latin-1"))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    info = f"<< /Title ({esc(title)}) >>" if title else "<< >>"
    objects.append(info.encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def pytest_configure(config):
    config.addinivalue_line("markers", "reliability: slow checks under hostile or heavy use (real servers, load, large inputs)")


@pytest.fixture()
def db(tmp_path):
    """A store holding the invented sample corpus (rashomon.report.sample), analysed."""
    from rashomon.report.sample import build_sample_store

    path = tmp_path / "sample.db"
    build_sample_store(path).close()
    return path


@pytest.fixture()
def client(db):
    """The web app over the sample store, addressed as a browser on this machine would (127.0.0.1)."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def set_finding_quotes(store, finding: str, mentions: list[str], parties: list, groups: list[list[str]]) -> None:
    """Give a stored finding other quotes, parties and sides (the tables of schema 5), committed."""
    db = store.db
    for table in ("finding_mentions", "finding_sides"):
        db.execute(f"DELETE FROM {table} WHERE finding = ?", (finding,))
    db.executemany("INSERT INTO finding_mentions VALUES (?,?,?,?)",
                   [(finding, i, m, p) for i, (m, p) in enumerate(zip(mentions, parties))])
    db.executemany("INSERT INTO finding_sides VALUES (?,?,?,?)",
                   [(finding, g, i, m) for g, side in enumerate(groups) for i, m in enumerate(side)])
    db.commit()


def set_entity_aliases(store, entity: str, aliases: list[str]) -> None:
    """Give a stored entity other aliases (not committed: the caller commits or closes the store)."""
    store.db.execute("DELETE FROM entity_aliases WHERE entity = ?", (entity,))
    store.db.executemany("INSERT INTO entity_aliases VALUES (?,?,?)", [(entity, i, a) for i, a in enumerate(aliases)])
