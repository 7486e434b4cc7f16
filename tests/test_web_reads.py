"""The web app reads one page at a time: the SQL filters equal the in-memory ones of the report's Index, and
no page (but the whole-report download) reads every row of the store."""
from __future__ import annotations

import itertools
import warnings
from datetime import date

import pytest

from benchmarks.bench_web import build_store
from rashomon.export import build_export
from rashomon.report.index import FINDING_TYPES, Index
from rashomon.report.sample import build_sample_store
from rashomon.store import Store
from rashomon.web.reads import Reads

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon.web import create_app


def _filter_values(ix: Index) -> dict[str, list]:
    """Every value a user may type in each filter, in several spellings, and some that name nothing."""
    docs = [*ix.doc_ids[:6]]
    for d in list(ix.docs.values())[:6]:
        docs += [x for x in (d.get("file"), (d.get("title") or "").upper(), d.get("outlet"),
                             (d.get("outlet") or "").lower()) if x]
    parties = ix.all_parties()[:12]
    parties += [p.upper() for p in parties[:4]] + [p[:-9] for p in parties if p.endswith(" (itself)")][:4]
    entities = list(ix.entities)[:6]
    for e in list(ix.entities.values())[:6]:
        entities += [e.get("canonical"), *(e.get("aliases") or [])[:2], str(e.get("canonical")).swapcase()]
    return {"type": [None, *FINDING_TYPES], "doc": [None, *docs, "no such document"],
            "party": [None, *parties, "nobody at all"], "entity": [None, *entities, "nothing"],
            "dates": [(None, None), (date(2021, 3, 1), date(2021, 3, 5)), (date(2021, 3, 10), None),
                      (None, date(1986, 6, 30)), (date(1986, 1, 1), date(1987, 12, 31)), (date(1990, 5, 1), None)]}


def _check_equal(path, combos: int) -> int:
    with Store(path) as store:
        ix = Index(build_export(store))
        reads = Reads(str(path))
        values = _filter_values(ix)
        grid = list(itertools.product(*values.values()))
        step = max(1, len(grid) // combos)
        checked = 0
        for kind, doc, party, entity, (lo, hi) in grid[::step]:
            flt = {"type": kind, "doc": doc, "party": party, "entity": entity}
            want = [f["id"] for f in ix.filter_findings(**flt, date_from=lo, date_to=hi)]
            with reads.open() as r:
                total, page, shown = r.findings(**flt, date_from=lo, date_to=hi)
                first_total, first = r.query.page(**flt, keep=None if lo or hi else None, limit=3)
            assert [f["id"] for f in shown] == want, (flt, lo, hi)
            assert total == len(want)
            if not (lo or hi):
                assert first_total == len(want) and first == want[:3]
            checked += bool(want)
        return checked


def test_sql_filters_equal_the_index_on_the_sample(tmp_path):
    build_sample_store(tmp_path / "s.db").close()
    assert _check_equal(tmp_path / "s.db", 3000) > 50


def test_sql_filters_equal_the_index_on_a_synthetic_store(tmp_path):
    build_store(tmp_path / "b.db", n_docs=60, n_events=12).close()
    assert _check_equal(tmp_path / "b.db", 1500) > 30


ROUTES = ["/", "/conflicts", "/agreements", "/inconsistencies", "/conflicts?party=Red+Cross&date_from=1986",
          "/documents", "/documents/d3", "/stories", "/entities", "/entities/e1", "/events", "/framing",
          "/findings/f1", "/search?q=attack", "/api/findings?type=conflict&limit=10", "/api/documents",
          "/api/documents/d2", "/api/stories", "/api/entities", "/api/events", "/api/search?q=attack"]


def test_no_page_reads_the_whole_store(tmp_path, monkeypatch):
    """Every page and API route (not the whole-report download) asks the store for some rows only: a
    call reading every mention, document or finding fails the request."""
    build_store(tmp_path / "b.db", n_docs=40, n_events=8).close()
    whole = []
    for name in ("mentions", "documents", "findings", "events", "entities", "stories"):
        original = getattr(Store, name)

        def guarded(self, *args, _original=original, _name=name, **kw):
            if not args and not any(v is not None for k, v in kw.items() if k in ("ids", "docs", "type")) \
                    and not kw.get("pending") and kw.get("analyzed") is None:
                whole.append(_name)
            return _original(self, *args, **kw)

        monkeypatch.setattr(Store, name, guarded)
    with TestClient(create_app(tmp_path / "b.db", analysis="thread"), base_url="http://127.0.0.1") as client:
        for url in ROUTES:
            r = client.get(url)
            assert r.status_code == 200, (url, r.text[:300])
            assert not whole, (url, whole)
        assert client.get("/report.html").status_code == 200
        assert whole          # the download does read everything (the guard sees such calls)


def test_pages_split_into_pages(tmp_path):
    """A listing longer than a page shows one page and a pager; the next page holds the next rows."""
    build_store(tmp_path / "b.db", n_docs=60, n_events=12).close()
    with TestClient(create_app(tmp_path / "b.db", analysis="thread", page_size=7),
                    base_url="http://127.0.0.1") as client:
        for url in ("/conflicts", "/documents", "/entities", "/events", "/stories"):
            one, two = client.get(url).text, client.get(url + "?page=2").text
            assert "page 1 of" in one and "page 2 of" in two or url == "/stories", url
        ids = lambda html: set(__import__("re").findall(r'id="f-(f\d+)"', html))  # noqa: E731
        a, b = ids(client.get("/conflicts").text), ids(client.get("/conflicts?page=2").text)
        assert len(a) == 7 and len(b) == 7 and not a & b


@pytest.mark.parametrize("route", ["/api/entities", "/api/events"])
def test_api_listings_equal_the_export(tmp_path, route):
    """The paged API listings give, over all pages, what the whole export gives."""
    build_store(tmp_path / "b.db", n_docs=30, n_events=6).close()
    with Store(tmp_path / "b.db") as store:
        export = build_export(store)
    key = route.rsplit("/", 1)[1]
    with TestClient(create_app(tmp_path / "b.db", analysis="thread"), base_url="http://127.0.0.1") as client:
        got, offset = [], 0
        while True:
            page = client.get(f"{route}?limit=4&offset={offset}").json()
            got += page[key]
            offset += 4
            if offset >= page["count"]:
                break
    assert [x["id"] for x in got] == [x["id"] for x in export[key]]
    for x, e in zip(got, export[key]):
        assert {k: x[k] for k in e} == e


def test_filters_follow_new_results(tmp_path):
    """The findings' order, types and dates kept for the filters are those of the store's current version:
    after new results are saved (other findings, other events' dates), the filters equal the Index again."""
    import dataclasses

    build_store(tmp_path / "b.db", n_docs=40, n_events=8).close()
    reads = Reads(str(tmp_path / "b.db"))
    flt = {"party": "Red Cross", "date_from": date(1986, 1, 1), "date_to": date(1988, 12, 31)}
    with reads.open() as r:
        before = r.findings(**flt)[0], r.query.page(party="Red Cross")[0]
    with Store(tmp_path / "b.db") as store:
        findings = store.findings()
        kept = [dataclasses.replace(f, id=f"f{len(findings) + k + 1}",
                                    type="agreement" if f.type == "conflict" else "conflict")
                for k, f in enumerate(findings[::2])]           # renumbered, types swapped, half of them
        events = [dataclasses.replace(v, date="1987-05") for v in store.events()]
        store.save_corpus_results(store.mentions(), store.entities(), events, kept, store.copies(), store.framing())
        ix = Index(build_export(store))
    with reads.open() as r:
        for kind in (None, *FINDING_TYPES):
            total, _, shown = r.findings(**flt, type=kind)
            want = [f["id"] for f in ix.filter_findings(**flt, type=kind)]
            assert [f["id"] for f in shown] == want and total == len(want)
        after = r.findings(**flt)[0], r.query.page(party="Red Cross")[0]
        # one finding by id, with another filter: itself when that filter matches it, else nothing
        total, ids = r.query.page(party="Red Cross")
        other = next(f.id for f in kept if f.id not in ids)
        assert r.query.page(party="Red Cross", finding=ids[1]) == (1, [ids[1]])
        assert r.query.page(party="Red Cross", finding=other) == (0, [])
        assert r.findings(party="Red Cross", finding=ids[1], date_from=date(1900, 1, 1))[0] == 1
    assert after != before
