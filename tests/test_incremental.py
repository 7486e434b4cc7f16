"""Incremental analysis: adding documents computes again only the stories they join, and the result is
the one an analysis from scratch gives. The corpus is made-up news (benchmarks/synthetic_news.py):
many stories told from two sides, some texts reprinted."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from benchmarks.synthetic_news import corpus
from rashomon import story_stages
from rashomon.export import build_export
from rashomon.models import Document, mention_document
from rashomon.pipeline import analyze, analyze_corpus, extract_documents, extract_pending
from rashomon.store import Store

N = 160


def _add(store: Store, title: str, text: str) -> None:
    store.add_document(Document(text=text, title=title, content_hash=hashlib.sha256(text.encode()).hexdigest()))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """A store of N - 2 synthetic documents, extracted but not analysed, and the two left out."""
    docs = corpus(N, seed=3)
    path = tmp_path_factory.mktemp("incremental") / "base.db"
    with Store(path) as store:
        for title, text in docs[:-2]:
            _add(store, title, text)
        extract_pending(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, docs[-2:]


def _copy(path, tmp_path, name):
    out = tmp_path / name
    src = sqlite3.connect(path)
    dst = sqlite3.connect(out)
    src.backup(dst)
    src.close()
    dst.close()
    return out


def test_adding_documents_recomputes_only_their_stories_and_equals_scratch(extracted, tmp_path, monkeypatch):
    base, late = extracted
    computed: list[int] = []
    real = story_stages.analyze_story

    def counting(docs, *args, **kwargs):
        computed.append(len(docs))
        return real(docs, *args, **kwargs)

    monkeypatch.setattr(story_stages, "analyze_story", counting)
    incremental = _copy(base, tmp_path, "incremental.db")
    with Store(incremental) as store:
        analyze_corpus(store)
        n_stories = len(store.stories())
        assert len(computed) == n_stories            # the first analysis computes every story
        computed.clear()
        for title, text in late:
            _add(store, title, text)
        analyze(store)
        assert 1 <= len(computed) <= 2 < n_stories   # then only the stories the two new documents join
        got = build_export(store)
    scratch = _copy(base, tmp_path, "scratch.db")
    with Store(scratch) as store:
        for title, text in late:
            _add(store, title, text)
        analyze(store)
        want = build_export(store)
    assert got == want
    assert got["findings"] and len(got["stories"]) >= 5


def test_adding_a_document_keeps_the_numbers_and_rows_of_the_other_stories(extracted, tmp_path):
    """Entities and events are numbered by the document that first names them, so a document added to a
    story that is not the last one leaves every other story's entities, events and mention rows as stored."""
    base, _ = extracted
    path = _copy(base, tmp_path, "numbers.db")

    def state(store):
        return ({e.id: (e.canonical, tuple(e.mentions)) for e in store.entities()},
                {v.id: (v.label, tuple(v.mentions)) for v in store.events()},
                {r[0]: tuple(r[1:]) for r in store.db.execute("SELECT id, entity, event FROM mentions")})

    with Store(path) as store:
        analyze_corpus(store)
        entities, events, rows = state(store)
        first = store.document("d1")    # a later account of the first story, naming one more party
        _add(store, "A later account", first.text + "\n\nA spokesman for the Orvane Relief Council said the "
             "figures would be reviewed by the council's own staff.")
        analyze(store)
        new_doc = store.db.execute("SELECT id, story FROM documents ORDER BY rowid DESC LIMIT 1").fetchone()
        joined = {r[0] for r in store.db.execute("SELECT doc FROM story_documents WHERE story = ?", (new_doc[1],))}
        stories = [s.id for s in store.stories()]
        entities_after, events_after, rows_after = state(store)
    # the case this is about: the document joins a story before the last one, and brings new entities
    assert stories.index(new_doc[1]) < len(stories) - 1 and len(entities_after) > len(entities)
    other = lambda mentions: all(mention_document(m) not in joined for m in mentions)  # noqa: E731
    kept = {e: v for e, v in entities.items() if other(v[1])}
    assert kept and all(entities_after.get(e) == v for e, v in kept.items())
    kept_events = {e: v for e, v in events.items() if other(v[1])}
    assert kept_events and all(events_after.get(e) == v for e, v in kept_events.items())
    assert all(rows_after[m] == r for m, r in rows.items() if mention_document(m) not in joined)


def test_adding_a_document_writes_and_reads_again_only_the_story_it_joins(extracted, tmp_path, monkeypatch):
    """The saved results are kept story by story under digests of what their rows are made from: adding a
    document to the first story writes that story's entities, events, mention rows and framing labels
    again and leaves the other stories' alone, whose detail (mention rows, labels) is not even read."""
    from rashomon.store import db as store_db

    base, late = extracted
    path = _copy(base, tmp_path, "parts.db")
    written: dict[str, set[str]] = {}
    real_rows = store_db._family_rows

    def recording(family, parts):
        written.setdefault(family, set()).update(p.story for p in parts)
        return real_rows(family, parts)
    details: list[str] = []
    real_details = Store.story_details

    def reading(self, keys):
        details.extend(keys)
        return real_details(self, keys)
    with Store(path) as store:
        analyze_corpus(store)
        framing_rows = dict(store.db.execute("SELECT part, story FROM framing_parts"))
        monkeypatch.setattr(store_db, "_family_rows", recording)
        monkeypatch.setattr(Store, "story_details", reading)
        first = store.document("d1")
        _add(store, "A later account", first.text + "\n\nA spokesman for the Orvane Relief Council said the "
             "figures would be reviewed by the council's own staff.")
        analyze(store)
        joined = store.db.execute("SELECT story FROM documents ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        n_stories = len(store.stories())
        kept = dict(store.db.execute("SELECT part, story FROM framing_parts WHERE story != ?", (joined,)))
        got = build_export(store)
    assert n_stories > 2 and written["entity"] == written["event"] == {joined}
    assert details == [] and kept and kept.items() <= framing_rows.items()
    scratch = _copy(base, tmp_path, "parts-scratch.db")
    with Store(scratch) as store:
        _add(store, "A later account", first.text + "\n\nA spokesman for the Orvane Relief Council said the "
             "figures would be reviewed by the council's own staff.")
        analyze(store)
        assert got == build_export(store)


def test_a_whole_save_and_an_older_stores_results_are_replaced_by_the_next_analysis(extracted, tmp_path):
    """Results saved whole (not story by story), and results a store kept before they were kept by story,
    belong to no stored part: the next analysis replaces them all."""
    from rashomon.models import Entity, Framing

    base, _ = extracted
    path = _copy(base, tmp_path, "whole.db")
    with Store(path) as store:
        analyze_corpus(store)
        want = build_export(store)
        store.save_corpus_results([], [Entity("e1", "Solo", "ORG", ["Solo"], [])], [], [], [], Framing(groups=[["d1"]]))
        assert [e.canonical for e in store.entities()] == ["Solo"] and store.events() == []
        assert store.framing().labels == [] and store.framing().groups == [["d1"]]
        analyze_corpus(store)
        assert build_export(store) == want
        store.db.execute("DELETE FROM result_parts")      # as a store written before results had parts
        store.db.execute("DELETE FROM framing_parts")
        store.db.commit()
        analyze_corpus(store)
        assert build_export(store) == want


def test_stories_renumbered_keep_their_rows_and_get_their_new_ids(extracted, tmp_path, monkeypatch):
    """A story's rows do not depend on its id: when the stories are numbered otherwise (as a story merged
    or split renumbers those after it), their stored parts stay and only the story ids they are filed
    under (framing parts, findings) change; the export is the one from scratch."""
    from rashomon.align import stories as stories_module

    base, _ = extracted
    real = stories_module.assign_stories

    def reversed_ids(docs, mentions, terms=None):
        found = real(docs, mentions, terms=terms)
        for st, new_id in zip(found, reversed([st.id for st in found])):
            st.id = new_id
            for d in st.documents:
                docs[d].story = new_id
        return sorted(found, key=lambda st: int(st.id[1:]))
    path = _copy(base, tmp_path, "renumbered.db")
    with Store(path) as store:
        analyze_corpus(store)
        parts = store.result_digests()
        monkeypatch.setattr(stories_module, "assign_stories", reversed_ids)
        analyze_corpus(store)
        kept = parts & store.result_digests()
        got = build_export(store), store.db.execute("SELECT id, story FROM findings ORDER BY id").fetchall()
    scratch = _copy(base, tmp_path, "renumbered-scratch.db")
    with Store(scratch) as store:
        analyze_corpus(store)
        assert got == (build_export(store), store.db.execute("SELECT id, story FROM findings ORDER BY id").fetchall())
    assert kept          # some parts were not written again


def test_removing_a_document_equals_scratch_without_it(extracted, tmp_path):
    base, _ = extracted
    path = _copy(base, tmp_path, "removed.db")
    with Store(path) as store:
        analyze_corpus(store)
        store.remove_documents(["d7"])
        analyze_corpus(store)
        got = build_export(store)
    path = _copy(base, tmp_path, "without.db")
    with Store(path) as store:
        store.remove_documents(["d7"])
        analyze_corpus(store)
        want = build_export(store)
    assert got == want


def test_changed_code_or_aliases_are_a_new_key(tmp_path):
    docs = [Document(text="The bridge at Varso fell.", id="d1", content_hash="h1")]
    aliases = tmp_path / "aliases.json"
    aliases.write_text('{"Varso": ["Varsograd"]}', encoding="utf-8")
    plain, with_aliases = story_stages.story_key(docs, None), story_stages.story_key(docs, aliases)
    assert plain != with_aliases
    story_stages.code_fingerprint.cache_clear()       # read from the package's files again: the same
    assert story_stages.story_key(docs, None) == plain
    other = [Document(text="The bridge at Varso fell.", id="d1", content_hash="h2")]
    assert story_stages.story_key(other, None) != plain


def test_an_analysis_starts_from_what_extraction_found(tmp_path):
    """Resolution writes canonical names (and kinds) over the mentions; the next analysis must still start
    from the names as written, or a story computed again would differ from one computed from scratch."""
    texts = ["Colonel Idris Maro led the garrison at Varn on March 3, 2021, the ministry said.",
             "Maro left Varn before dawn on March 4, 2021, the Front said. Maro denied it.",
             "Col. Maro and his unit withdrew from Varn, residents said on March 5, 2021."]
    with Store(tmp_path / "s.db") as store:
        for i, text in enumerate(texts):
            _add(store, f"note {i}", text)
        extract_pending(store)
        before = [(m.id, m.kind, m.value, m.attributed_to, m.entity, m.event) for m in store.mentions(extracted=True)]
        analyze_corpus(store)
        resolved = store.mentions()
        assert any(m.value != m.text for m in resolved if m.kind in ("actor", "place", "org", "person"))  # it did resolve
        after = [(m.id, m.kind, m.value, m.attributed_to, m.entity, m.event) for m in store.mentions(extracted=True)]
        assert after == before
        first = build_export(store)
        store.db.execute("DELETE FROM story_results")       # every story computed again, from the store
        store.db.commit()
        analyze_corpus(store)
        assert build_export(store) == first


def test_document_terms_are_kept_and_only_new_or_changed_documents_computed(tmp_path, monkeypatch):
    """Each document's story terms are stored (under the code's fingerprint) at the first analysis; the
    next computes only those of an added or re-extracted document, and a removed one's row goes."""
    from rashomon.align import stories

    texts = ["Colonel Idris Maro led the garrison at Varn on March 3, 2021, the ministry said.",
             "Maro left Varn before dawn on March 4, 2021, the Front said. Maro denied it.",
             "Col. Maro and his unit withdrew from Varn, residents said on March 5, 2021."]
    computed: list[str] = []
    real = stories.document_terms

    def counting(doc, *args, **kwargs):
        computed.append(doc.id)
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(stories, "document_terms", counting)
    code = story_stages.code_fingerprint()
    with Store(tmp_path / "s.db") as store:
        for i, text in enumerate(texts[:2]):
            _add(store, f"note {i}", text)
        extract_pending(store)
        analyze_corpus(store)
        assert sorted(computed) == ["d1", "d2"]
        kept = store.document_terms(code)
        docs = {d.id: d for d in store.documents()}
        assert kept == {d: real(docs[d], [m for m in store.mentions(extracted=True) if m.doc == d]) for d in docs}
        assert any(t.startswith("name:") for t in kept["d1"]) and store.document_terms("other code") == {}
        computed.clear()
        _add(store, "note 2", texts[2])
        analyze(store)
        assert computed == ["d3"]                      # the others are read back
        computed.clear()
        sdoc, sentences, mentions = next(iter(extract_documents([docs["d1"]], _nlp())))[1]
        store.save_extraction("d1", sdoc, sentences, mentions)   # extracted again: its terms are computed again
        assert "d1" not in store.document_terms(code)
        analyze_corpus(store)
        assert computed == ["d1"]
        store.remove_documents(["d2"])
        assert set(store.document_terms(code)) == {"d1", "d3"}


def _nlp():
    from rashomon.extract.nlp import load_nlp

    return load_nlp()
