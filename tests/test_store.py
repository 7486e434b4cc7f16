"""The SQLite store: WAL, versioned schema with forward migrations, FTS5, all-or-nothing writes."""
from __future__ import annotations

import sqlite3

import pytest

from rashomon.models import Document, Mention, Sentence
from rashomon.store import SCHEMA_VERSION, Store


def _doc(text: str) -> Document:
    import hashlib

    return Document(text=text, file="a.txt", title="A title", content_hash=hashlib.sha256(text.encode()).hexdigest())


def test_a_new_file_is_in_wal_mode_at_the_current_schema_version(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in sqlite3.connect(tmp_path / "s.db").execute("SELECT name FROM sqlite_master")}
    assert {"documents", "sentences", "mentions", "timex", "entities", "events", "findings",
            "documents_fts"} <= tables


def test_reopening_migrates_nothing_and_keeps_the_data(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_document(_doc("The dam burst on March 3, 2021.")) == "d1"
    with Store(tmp_path / "s.db") as store:
        assert [d.text for d in store.documents()] == ["The dam burst on March 3, 2021."]


def test_a_file_from_a_newer_rashomon_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "new.db")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer"):
        Store(tmp_path / "new.db")


def test_identical_content_is_stored_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_document(_doc("Same text.")) == "d1"
        assert store.add_document(_doc("Same text.")) is None
        assert len(store.documents()) == 1


def test_full_text_search_and_a_malformed_query(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_document(_doc("The Marrow dam burst after days of rain."))
        assert [r["id"] for r in store.search("marrow")] == ["d1"]
        with pytest.raises(ValueError, match="malformed search query"):
            store.search('"unbalanced')


def test_a_failed_write_leaves_what_was_stored(tmp_path):
    with Store(tmp_path / "s.db") as store:
        doc_id = store.add_document(_doc("The bridge opened in 1990."))
        good = Mention(id="d1.t1", doc=doc_id, start=22, end=26, text="1990", kind="date", label="DATE",
                       sentence=0, value="1990", first="1990-01-01", last="1990-12-31")
        store.save_extraction(doc_id, b"", [Sentence(doc_id, 0, 0, 27)], [good])
        clash = Mention(id="d1.t1", doc=doc_id, start=0, end=3, text="The", kind="other", label="X", sentence=0)
        with pytest.raises(sqlite3.IntegrityError):
            store.save_extraction(doc_id, b"", [Sentence(doc_id, 0, 0, 27)], [clash, clash])
        assert [m.text for m in store.mentions()] == ["1990"]
