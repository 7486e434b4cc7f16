"""Stories: documents clustered by content before alignment (rashomon.align.stories)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_or_skip
from rashomon.align.stories import assign_stories, document_terms
from rashomon.models import Document, Mention

FIRE = Path(__file__).resolve().parent / "fixtures" / "factory_fire"

# A second, unrelated story, written for this test: a ferry that sank on an invented lake.
FERRY = {
    "ferry_a.txt": """Ferry sinks on Lake Varno, dozens missing

The passenger ferry Santa Ilse capsized on Lake Varno near the port of Tessaly on the morning of
June 2, 2019, and 31 passengers are still missing, the coast guard said. Rescuers pulled 84 people from
the water. The ferry was carrying cars and about 120 passengers when strong winds hit it.
""",
    "ferry_b.txt": """Survivors of the Santa Ilse describe final minutes

Passengers who survived the sinking of the Santa Ilse on Lake Varno said the ferry listed sharply after
a wave struck it on June 2, 2019. "Water came through the car deck," said one survivor in Tessaly.
The ferry operator, Varno Lines, said 29 passengers were missing and the coast guard was still searching.
""",
    "ferry_c.txt": """Varno Lines blamed for Santa Ilse disaster

An inquiry into the sinking of the ferry Santa Ilse on Lake Varno in June 2019 found that Varno Lines
had overloaded the vessel with cars. The coast guard said 33 passengers died. Families in Tessaly
demanded that the ferry operator's licence be withdrawn.
""",
}


def _extracted(tmp_path: Path, texts: dict[str, str]) -> tuple[dict[str, Document], list[Mention], dict[str, str]]:
    """The texts ingested and extracted into a fresh store: (documents, mentions, file name by doc id)."""
    from rashomon.pipeline import extract_pending, ingest
    from rashomon.store import Store

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest(store, [folder])
        extract_pending(store)
        docs = {d.id: d for d in store.documents()}
        return docs, store.mentions(), {d.id: d.file for d in docs.values()}


def _fire_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(FIRE.glob("*.txt"))}


def _story_files(stories, files) -> list[set[str]]:
    return sorted(({files[d] for d in s.documents} for s in stories), key=lambda s: sorted(s))


def test_two_unrelated_topics_make_two_stories(tmp_path):
    docs, mentions, files = _extracted(tmp_path, {**_fire_texts(), **FERRY})
    stories = assign_stories(docs, mentions)
    assert _story_files(stories, files) == [set(_fire_texts()), set(FERRY)]
    assert [s.id for s in stories] == ["s1", "s2"]
    for s in stories:
        assert all(docs[d].story == s.id for d in s.documents)
    fire = next(s for s in stories if files[s.documents[0]] in _fire_texts())
    assert "Lindmark" in fire.label and "2021" in fire.label
    assert "Ostrava Textiles" in fire.terms


def test_one_topic_makes_one_story(tmp_path):
    docs, mentions, files = _extracted(tmp_path, FERRY)
    stories = assign_stories(docs, mentions)
    assert len(stories) == 1
    assert stories[0].documents == sorted(docs, key=lambda d: int(d[1:]))
    assert "Santa Ilse" in stories[0].label or "Lake Varno" in stories[0].label


def test_one_or_two_documents_are_one_story_and_none_is_none():
    a = Document(text="The bridge over the Tarn collapsed in 1999.", id="d1")
    b = Document(text="Stock markets rose on Friday after the central bank held rates.", id="d2")
    stories = assign_stories({"d1": a, "d2": b}, [])
    assert [(s.id, s.documents) for s in stories] == [("s1", ["d1", "d2"])]
    assert a.story == b.story == "s1"
    assert assign_stories({}, []) == []


def test_documents_with_nothing_in_common_are_apart_even_when_empty():
    docs = {"d1": Document(text="", id="d1"), "d2": Document(text="Kettle rivers.", id="d2"),
            "d3": Document(text="!!!", id="d3")}
    stories = assign_stories(docs, [])
    assert sorted(len(s.documents) for s in stories) == [1, 1, 1]


def test_terms_are_content_words_names_and_years():
    doc = Document(text="The union's strike began in Kessin.", id="d1")
    mentions = [Mention("d1.n1", "d1", 29, 35, "Kessin", "place", "GPE", 0, value="Kessin City"),
                Mention("d1.n2", "d1", 4, 9, "union", "other", "ORG", 0),
                Mention("d1.t1", "d1", 0, 0, "", "date", "DATE", 0, value="2003-05")]
    assert document_terms(doc, mentions) == ["union", "strike", "began", "kessin", "name:Kessin City",
                                             "name:union", "year:2003"]


# ------------------------------------------------------------------ the real corpora of ../shared
CORPORA = ("seeds", "dev/gulf_of_tonkin/docs", "dev/bhopal/docs", "dev/hurricane_maria/docs")


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """All four corpora of ../shared (65 documents) in one store, analysed once."""
    shared = shared_or_skip()
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    db = tmp_path_factory.mktemp("stories") / "all.db"
    store = Store(db)
    corpus_of = {}
    for corpus in CORPORA:
        for path in ingest(store, [shared / corpus]).added:
            corpus_of[path] = corpus
    analyze(store, n_process=2)
    yield store, corpus_of
    store.close()


def test_the_four_shared_corpora_are_four_stories(shared_store):
    store, corpus_of = shared_store
    docs = store.documents()
    assert len(docs) == 65
    stories = store.stories()
    by_story = {s.id: {corpus_of[d.path] for d in docs if d.story == s.id} for s in stories}
    assert sorted(map(sorted, by_story.values())) == sorted([c] for c in CORPORA)
    assert sorted(len(s.documents) for s in stories) == [5, 20, 20, 20]
    bhopal = next(s for s in stories if by_story[s.id] == {"dev/bhopal/docs"})
    assert "Bhopal" in bhopal.label


def test_no_finding_joins_two_stories(shared_store):
    store, _ = shared_store
    docs = store.documents()
    story_of_mention = {m.id: next(d.story for d in docs if d.id == m.doc) for m in store.mentions()}
    for f in store.findings():
        assert len({story_of_mention[m] for m in f.mentions}) == 1, f


def _finding_keys(store) -> set:
    """Findings by what they hold (file and value of each mention), independent of ids."""
    files = {d.id: d.file for d in store.documents()}
    ms = {m.id: m for m in store.mentions()}
    return {(f.type, tuple(sorted((files[ms[x].doc], str(ms[x].value)) for x in f.mentions))) for f in store.findings()}


def test_each_corpus_gets_the_findings_it_gets_alone(shared_store, tmp_path_factory):
    shared = shared_or_skip()
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    store, corpus_of = shared_store
    together = _finding_keys(store)
    union = set()
    for corpus in CORPORA:
        with Store(tmp_path_factory.mktemp("alone") / "one.db") as one:
            ingest(one, [shared / corpus])
            analyze(one)
            alone = _finding_keys(one)
        assert alone <= together, (corpus, sorted(alone - together)[:3])
        union |= alone
    assert together == union
