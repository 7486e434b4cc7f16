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


# ------------------------------------------------ lists are tables (schema 5), not JSON text
def _results():
    from rashomon.models import Entity, Event, Finding, Story

    entities = [Entity("e1", "Varso", "GPE", ["Varso", "Varsograd"], ["d1.n1", "d2.n3"]),
                Entity("e2", "Tamaria Relief", "ORG", ["Tamaria Relief"], [])]
    events = [Event("v1", "bridge collapsed", "2021-03-03", ["e1"], "collapse", ["d1.q1", "d2.q2"])]
    findings = [Finding("f1", "conflict", "count of: people killed", ["d1.q1", "d2.q2", "d2.q5"], "two counts",
                        event="v1", severity="major", parties=["Tamaria Relief", None, "the mayor"],
                        confidence=0.9, groups=[["d1.q1"], ["d2.q2", "d2.q5"]], reasons=["same happening", "same thing"]),
                Finding("f2", "agreement", "date of: bridge collapsed", ["d1.t1", "d2.t1"], "both say March 3",
                        event="v1", parties=[None, None], independent=False)]
    stories = [Story("s1", "Varso · bridge · 2021", ["d1", "d2"], ["Varso", "bridge", "2021"])]
    return entities, events, findings, stories


def test_findings_events_entities_and_stories_read_back_from_their_tables(tmp_path):
    entities, events, findings, stories = _results()
    with Store(tmp_path / "s.db") as store:
        store.save_corpus_results([], entities, events, findings, [], None, stories)
        assert store.entities() == entities and store.events() == events
        assert store.findings() == findings and store.findings("agreement") == findings[1:]
        assert store.stories() == stories
        # a question any SQLite tool can ask: which findings quote a statement of d2, and who says it
        rows = store.db.execute("SELECT finding, mention, party FROM finding_mentions WHERE mention LIKE 'd2.%' "
                                "ORDER BY finding, position").fetchall()
        assert [tuple(r) for r in rows] == [("f1", "d2.q2", None), ("f1", "d2.q5", "the mayor"), ("f2", "d2.t1", None)]
        columns = {r[1] for r in store.db.execute("PRAGMA table_info(findings)")}
        assert not columns & {"mentions", "parties", "groups", "reasons"}


def test_a_store_of_schema_4_moves_its_json_lists_into_tables(tmp_path):
    import json

    from rashomon.store.db import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for i, script in enumerate(MIGRATIONS[:4]):
        db.executescript("BEGIN;" + script + f";PRAGMA user_version={i + 1};COMMIT;")
    entities, events, findings, stories = _results()
    for e in entities:
        db.execute("INSERT INTO entities VALUES (?,?,?,?,?)", (e.id, e.canonical, e.type, json.dumps(e.aliases),
                                                                json.dumps(e.mentions)))
    for v in events:
        db.execute("INSERT INTO events VALUES (?,?,?,?,?,?)", (v.id, v.label, v.date, json.dumps(v.entities),
                                                                v.predicate, json.dumps(v.mentions)))
    for f in findings:
        db.execute("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   (f.id, f.type, f.event, f.what, json.dumps(f.mentions), f.severity, f.explanation,
                    json.dumps(f.parties), int(f.independent), f.confidence, json.dumps(f.groups), json.dumps(f.reasons)))
    for s in stories:
        db.execute("INSERT INTO stories VALUES (?,?,?,?)", (s.id, s.label, json.dumps(s.documents), json.dumps(s.terms)))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert (store.entities(), store.events(), store.findings(), store.stories()) == (entities, events, findings, stories)
