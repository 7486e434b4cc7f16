"""The web app: every JSON endpoint (including bad input), the server-rendered pages, uploads, the token."""
from __future__ import annotations

import hashlib
import importlib.util
import re
import time
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon import pipeline
from rashomon.models import Document
from conftest import set_finding_quotes
from rashomon.store import Store
from rashomon.web import create_app

TOKEN = "s3cret-token"
BASE = "http://127.0.0.1"        # a loopback Host, as a browser on the local app sends


def make_client(db, **kw) -> TestClient:
    """A client of the app as served on loopback; the analysis runs in a thread, so a stubbed pipeline applies."""
    return TestClient(create_app(db, analysis="thread", **kw), base_url=BASE)


def wait_job(client, job_id: str, timeout: float = 20.0) -> dict:
    """The job once it is no longer queued or running (the worker thread analyses in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


@pytest.fixture()
def client(db):
    with make_client(db) as c:
        yield c


@pytest.fixture()
def stub_pipeline(monkeypatch):
    """No NLP in these tests: analysis is a stub that reports progress and marks the documents analysed.

    Ingest is the real stage when it imports, else a minimal reader of text files."""
    calls = []

    def analyze(store, n_process=1, aliases=None, progress=None, errors=None, stage=None):
        pending = store.documents(analyzed=False)
        for i, d in enumerate(pending, 1):
            store.save_extraction(d.id, b"", [], [])
            if progress:
                progress(i, len(pending))
        calls.append([d.id for d in pending])
        return len(pending)

    monkeypatch.setattr(pipeline, "analyze", analyze)
    if importlib.util.find_spec("rashomon.ingest") is None or not hasattr(
            importlib.import_module("rashomon.ingest"), "read_paths"):
        def ingest(store, paths, fields=None, group=None, on_item=None, max_bytes=None):
            report = pipeline.IngestReport()
            for p in paths:
                text = p.read_text("utf-8").strip()
                if not text:
                    report.errors.append(pipeline.IngestError(str(p), "empty file"))
                    continue
                doc = Document(text=text, file=p.name, path=str(p),
                               content_hash=hashlib.sha256(text.encode()).hexdigest())
                (report.added if store.add_document(doc) else report.duplicates).append(str(p))
            return report

        monkeypatch.setattr(pipeline, "ingest", ingest)
    return calls


# ---------------------------------------------------------------------------------------------- documents
def test_documents_list(client):
    r = client.get("/api/documents")
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 5 and [d["id"] for d in data["documents"]] == ["d1", "d2", "d3", "d4", "d5"]
    d1 = data["documents"][0]
    assert d1["file"] == "herald-varn.txt" and d1["outlet"] == "The Capital Herald" and d1["findings"] == 5
    assert "text" not in d1
    assert [d["id"] for d in client.get("/api/documents?offset=1&limit=2").json()["documents"]] == ["d2", "d3"]
    assert client.get("/api/documents?limit=x").status_code == 400


def test_document_detail_and_unknown_id(client):
    r = client.get("/api/documents/d2")
    assert r.status_code == 200
    d = r.json()
    assert d["text"].startswith("Fighters of the Free Coast Front")
    assert {m["id"] for m in d["mentions"]} >= {"d2.t1", "d2.q1"}
    assert {f["id"] for f in d["findings"]} == {"f1", "f2", "f7"}
    assert client.get("/api/documents/d1").json()["copies"] == [{"doc": "d3", "similarity": 0.93}]
    for bad in ("d99", "nope", "%3Cscript%3E"):
        r = client.get(f"/api/documents/{bad}")
        assert r.status_code == 404 and "no document" in r.json()["detail"]


# ---------------------------------------------------------------------------------------------- findings
def ids(r):
    assert r.status_code == 200, r.text
    return sorted(f["id"] for f in r.json()["findings"])


def test_findings_filters(client):
    assert ids(client.get("/api/findings")) == ["f1", "f2", "f3", "f4", "f5", "f6", "f7"]
    assert ids(client.get("/api/findings?type=conflict")) == ["f1", "f2", "f7"]
    assert ids(client.get("/api/findings?type=agreement&doc=d3")) == ["f4", "f5"]
    assert ids(client.get("/api/findings?type=conflict&party=Ministry%20of%20Defence")) == ["f1", "f2"]
    assert ids(client.get("/api/findings?entity=e4")) == ["f7"]
    assert ids(client.get("/api/findings?entity=Idris%20Maro")) == ["f7"]
    assert ids(client.get("/api/findings?type=conflict&date_from=2021-03-08&date_to=2021-03-31")) == ["f1", "f2", "f7"]
    assert ids(client.get("/api/findings?type=conflict&date_from=2021-03-01&date_to=2021-03-05")) == ["f1", "f2", "f7"]
    assert ids(client.get("/api/findings?date_from=2021-04")) == []
    assert ids(client.get("/api/findings?date_to=2020")) == []
    assert ids(client.get("/api/findings?doc=d99")) == []
    f1 = next(f for f in client.get("/api/findings?type=conflict").json()["findings"] if f["id"] == "f1")
    assert f1["event_label"] == "Varn bridge destroyed" and f1["parties"] == ["Ministry of Defence", "Free Coast Front"]
    ev = {e["mention"]: e for e in f1["evidence"]}
    assert ev["d2.t1"]["value"] == "2021-03-09" and ev["d2.t1"]["party"] == "Free Coast Front"
    assert ev["d2.t1"]["quote"] == "Fighters of the Free Coast Front say the bridge at Varn fell on March 9, 2021."
    f4 = next(f for f in client.get("/api/findings?type=agreement").json()["findings"] if f["id"] == "f4")
    assert f4["independent"] is False


@pytest.mark.parametrize("query,message", [
    ("type=rumour", "unknown finding type"),
    ("date_from=yesterday", "not a date"),
    ("date_to=2021-13-01", "not a date"),
    ("date_from=2021-03-10&date_to=2021-03-01", "after"),
    ("limit=-", "whole number")])
def test_findings_bad_input(client, query, message):
    r = client.get(f"/api/findings?{query}")
    assert r.status_code == 400 and message in r.json()["detail"]


# ---------------------------------------------------------------------------------------------- entities, events
def test_entities(client):
    data = client.get("/api/entities").json()
    by = {e["id"]: e for e in data["entities"]}
    assert data["count"] == 5 and by["e4"]["canonical"] == "Idris Maro"
    assert by["e4"]["aliases"] == ["Colonel Idris Maro", "Col. Maro"]
    assert by["e4"]["documents"] == ["d1", "d2", "d4"] and "v3" in by["e4"]["events"]


def test_events(client):
    data = client.get("/api/events").json()
    by = {v["id"]: v for v in data["events"]}
    assert data["count"] == 4 and by["v1"]["label"] == "Varn bridge destroyed"
    assert by["v1"]["documents"] == ["d1", "d2", "d3", "d4"] and by["v1"]["findings"] == ["f1", "f3", "f4"]


# ---------------------------------------------------------------------------------------------- search
def test_search_finds_a_phrase(client):
    r = client.get("/api/search", params={"q": '"bridge at Varn"'})
    assert r.status_code == 200
    assert {x["id"] for x in r.json()["results"]} == {"d1", "d2", "d3", "d4"}
    assert "[bridge at Varn]" in r.json()["results"][0]["snippet"]
    assert client.get("/api/search", params={"q": "convoy"}).json()["results"][0]["id"] == "d5"
    assert client.get("/api/search", params={"q": "zebra"}).json()["count"] == 0


@pytest.mark.parametrize("q", ['"unterminated', "AND", "bridge AND", "(varn", "NEAR(", "*", "a:b"])
def test_search_malformed_query_is_400(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400, (q, r.status_code, r.text)
    assert "malformed search query" in r.json()["detail"]


def test_search_missing_or_long_query(client):
    assert client.get("/api/search").status_code == 400
    assert client.get("/api/search?q=%20").status_code == 400
    r = client.get("/api/search", params={"q": "x" * 501})
    assert r.status_code == 400 and "too long" in r.json()["detail"]


# ---------------------------------------------------------------------------------------------- upload and jobs
def test_upload_stores_then_analyses_in_the_background(client, stub_pipeline):
    files = [("files", ("ferry.txt", b"The ferry at Ostrel sank on May 2, 2020, the harbour master said.\n",
                        "text/plain")),
             ("files", ("../../etc/notes.txt", b"Rescuers reached Ostrel on May 3, 2020.\n", "text/plain"))]
    r = client.post("/api/upload", files=files)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["added"] == ["d6", "d7"] and body["duplicates"] == [] and body["errors"] == []
    job = wait_job(client, body["job"])
    assert job["status"] == "done" and job["documents"] == ["d6", "d7"] and job["progress"] == {"done": 2, "total": 2}
    assert job["errors"] == [] and job["message"] == "2 of 2 documents analysed"
    assert stub_pipeline == [["d6", "d7"]]
    docs = client.get("/api/documents").json()
    assert docs["count"] == 7
    d7 = client.get("/api/documents/d7").json()
    assert d7["file"] == "notes.txt"                        # the path part of the name is dropped
    assert client.get("/api/search", params={"q": '"ferry at Ostrel"'}).json()["results"][0]["id"] == "d6"
    assert any(j["id"] == body["job"] for j in client.get("/api/jobs").json()["jobs"])
    # the same file again: nothing new, nothing to analyse
    again = client.post("/api/upload", files=files[:1]).json()
    assert again["added"] == [] and len(again["duplicates"]) == 1
    assert client.get(f"/api/jobs/{again['job']}").json()["status"] == "done" and len(stub_pipeline) == 1


def test_upload_reports_bad_files(client, stub_pipeline):
    r = client.post("/api/upload", files=[("files", ("empty.txt", b"", "text/plain")),
                                         ("files", ("ok.txt", b"A short note about Varn.", "text/plain"))])
    assert r.status_code == 202
    assert r.json()["added"] == ["d6"] and len(r.json()["errors"]) == 1 and "empty.txt" in r.json()["errors"][0]


def test_an_upload_with_nothing_accepted_is_a_client_error(client, stub_pipeline):
    r = client.post("/api/upload", files=[("files", ("photo.png", b"\x89PNG\r\n\x1a\n", "image/png"))])
    assert r.status_code == 415 and "photo.png" in r.json()["detail"] and "unsupported" in r.json()["detail"]
    r = client.post("/api/upload", files=[("files", ("empty.txt", b"", "text/plain"))])
    assert r.status_code == 422 and "empty.txt" in r.json()["detail"]
    assert stub_pipeline == []


def test_upload_too_large_is_413(client, stub_pipeline):
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = client.post("/api/upload", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "big.txt" in r.json()["detail"]
    assert client.get("/api/documents").json()["count"] == 5 and stub_pipeline == []


def test_upload_limit_is_configurable(db, stub_pipeline):
    with make_client(db, max_upload_bytes=10) as c:
        assert c.post("/api/upload", files=[("files", ("a.txt", b"0123456789A", "text/plain"))]).status_code == 413
        assert c.post("/api/upload", files=[("files", ("a.txt", b"012345678", "text/plain"))]).status_code == 202


def test_upload_without_files_is_400(client):
    assert client.post("/api/upload", data={"x": "1"}).status_code == 400
    r = client.post("/api/upload", content=b"hello", headers={"content-type": "text/plain"})
    assert r.status_code == 400 and "multipart" in r.json()["detail"]
    r = client.post("/api/upload", content=b"--zz\r\ngarbage", headers={"content-type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 400


def test_failed_analysis_is_reported(client, stub_pipeline, monkeypatch):
    def broken(store, **kw):
        raise RuntimeError("spaCy model missing")

    monkeypatch.setattr(pipeline, "analyze", broken)
    body = client.post("/api/upload", files=[("files", ("n.txt", b"Another note.", "text/plain"))]).json()
    job = wait_job(client, body["job"])
    assert job["status"] == "failed" and "spaCy model missing" in job["error"]


def test_unknown_job_is_404(client):
    r = client.get("/api/jobs/does-not-exist")
    assert r.status_code == 404 and "no job" in r.json()["detail"]


def test_cross_origin_post_refused(client, stub_pipeline):
    files = [("files", ("x.txt", b"text", "text/plain"))]
    r = client.post("/api/upload", files=files, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/upload", files=files, headers={"Origin": BASE})
    assert r.status_code == 202


# ---------------------------------------------------------------------------------------------- token
def test_token_required_everywhere(db):
    with make_client(db, token=TOKEN) as c:
        for url in ("/api/documents", "/api/documents/d1", "/api/findings", "/api/entities", "/api/events",
                    "/api/search?q=bridge", "/api/jobs/x", "/", "/conflicts", "/documents/d1"):
            r = c.get(url)
            assert r.status_code == 401, url
            assert r.headers["www-authenticate"] == "Bearer"
            assert c.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/upload", files=[("files", ("a.txt", b"a", "text/plain"))]).status_code == 401
        assert c.get("/api/documents?token=wrong").status_code == 401
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/findings", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200
        r = c.get(f"/conflicts?token={TOKEN}")
        assert r.status_code == 200 and "rashomon_token" in r.headers.get("set-cookie", "")
        assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
        assert c.get("/documents/d1").status_code == 200            # the browser keeps the cookie
        assert c.get("/api/documents/d1").status_code == 200
        c.cookies.clear()
        r = c.get("/documents/d1")
        assert r.status_code == 401 and 'name="token"' in r.text        # a form to give the token


def test_no_token_needed_without_token(client):
    assert client.get("/api/documents").status_code == 200


# ---------------------------------------------------------------------------------------------- pages
def test_pages_render(client):
    for url, needle in [("/", "5</b> documents"), ("/conflicts", 'id="f-f1"'), ("/agreements", "same text, republished"),
                        ("/inconsistencies", 'id="f-f6"'), ("/documents", "herald-varn.txt"),
                        ("/documents/d1", 'id="m-d1.t1"'), ("/entities", 'id="e-e4"'), ("/events", 'id="v-v1"'),
                        ("/framing", "Group 1"), ("/search", 'name="q"'), ("/upload", 'id="upload-form"')]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert needle in r.text, (url, needle)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_conflicts_page_links_to_quotes_in_documents(client):
    html = client.get("/conflicts").text
    assert 'href="/documents/d1#m-d1.t1"' in html and 'href="/documents/d2#m-d2.t1"' in html
    assert 'data-href="/documents/d1#m-d1.t1"' in html
    doc = client.get("/documents/d2").text
    assert 'id="m-d2.t1"' in doc and 'id="f-f1"' in doc                    # the findings it is part of


def test_conflicts_page_filters(client):
    def rows(query):
        r = client.get(f"/conflicts?{query}")
        return r.status_code, sorted(re.findall(r'<tr id="f-(f\d+)"', r.text))

    assert rows("") == (200, ["f1", "f2", "f7"])
    assert rows("doc=d4") == (200, ["f7"])
    assert rows("doc=Coast+Radio") == (200, ["f1", "f2", "f7"])
    assert rows("party=Ministry+of+Defence") == (200, ["f1", "f2"])
    assert rows("party=Evening+Post+%28itself%29") == (200, ["f7"])
    assert rows("entity=e4") == (200, ["f7"])
    assert rows("date_from=2021-03-09&date_to=2021-03-09") == (200, ["f1", "f2", "f7"])
    assert rows("date_from=2022") == (200, [])
    assert rows("id=f2") == (200, ["f2"])
    status, _ = rows("date_from=last+week")
    assert status == 400
    assert "not a date" in client.get("/conflicts?date_from=last+week").text
    assert rows("type=agreement") == (200, ["f1", "f2", "f7"])             # the page fixes the type
    form = client.get("/conflicts?party=Free+Coast+Front").text
    assert '<option value="Free Coast Front" selected>' in form


def test_page_bad_input(client):
    assert client.get("/documents/d99").status_code == 404
    r = client.get("/search", params={"q": '"open'})
    assert r.status_code == 400 and "malformed search query" in r.text
    r = client.get("/search", params={"q": '"bridge at Varn"'})
    assert r.status_code == 200 and "4 documents match" in r.text and "<mark>bridge at Varn</mark>" in r.text
    assert client.get("/conflicts?page=abc").status_code == 400


def test_pages_escape_document_content(client):
    for url in ("/documents/d5", "/inconsistencies", "/entities", "/framing", "/documents", "/search?q=memo"):
        html = client.get(url).text
        assert "<script>window.pwned" not in html and "<img src=x" not in html, url
        assert "<b>7</b>" not in html and "<b>blog</b>" not in html
        assert len(re.findall(r"<script", html)) == 2
    assert "&lt;script&gt;window.pwned = 1;" in client.get("/documents/d5").text


def test_full_report_download(client):
    r = client.get("/report.html")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert 'id="timeline"' in r.text and 'class="tl-view" data-mode="doc" data-tl' in r.text
    assert 'id="rashomon-rows"' in r.text and 'id="rashomon-docs"' in r.text    # drawn by report.js from data


def test_store_changes_are_picked_up(client, db):
    assert client.get("/api/documents").json()["count"] == 5
    with Store(db) as store:
        store.add_document(Document(text="A late dispatch from Kessa.", file="late.txt", content_hash="late"))
    assert client.get("/api/documents").json()["count"] == 6
    assert client.get("/api/search?q=Kessa").json()["results"][0]["id"] == "d6"


def test_pagination(db):
    with make_client(db, page_size=2) as c:
        html = c.get("/conflicts").text
        assert len(re.findall(r'<tr id="f-', html)) == 2 and "1–2 of 3" in html and "page=2" in html
        assert re.findall(r'<tr id="f-(f\d+)"', c.get("/conflicts?page=2").text) == ["f7"]
        assert "3–4 of 5" in c.get("/documents?page=2").text


def test_empty_store(tmp_path):
    with make_client(tmp_path / "empty.db") as c:
        for url in ("/", "/conflicts", "/agreements", "/inconsistencies", "/documents", "/entities", "/events",
                    "/framing", "/search?q=anything", "/upload", "/report.html"):
            assert c.get(url).status_code == 200, url
        assert c.get("/api/documents").json() == {"count": 0, "offset": 0, "documents": []}
        assert c.get("/api/findings").json()["count"] == 0
        assert c.get("/api/search?q=anything").json()["count"] == 0
        assert "No dated statements" in c.get("/").text and "No conflicts" in c.get("/conflicts").text


def test_stories_page_and_api(client):
    r = client.get("/stories")
    assert r.status_code == 200
    assert "Varn · Free Coast Front · 2021" in r.text and 'id="story-s2"' in r.text
    assert "Leaked &lt;i&gt;memo&lt;/i&gt;" in r.text and "<i>memo</i>" not in r.text
    assert 'href="/documents/d5"' in r.text and 'href="/stories"' in r.text
    api = client.get("/api/stories").json()
    assert api["count"] == 2 and api["stories"][0]["documents"] == ["d1", "d2", "d3", "d4"]
    docs = {d["id"]: d["story"] for d in client.get("/api/documents").json()["documents"]}
    assert docs == {"d1": "s1", "d2": "s1", "d3": "s1", "d4": "s1", "d5": "s2"}


def test_conflicts_show_sides_reasons_story_and_escape_quotes(db):
    with Store(db) as store:    # f1 becomes one finding per dispute: two agreeing sources and d5's quote
        set_finding_quotes(store, "f1", ["d1.t1", "d3.t1", "d5.t1"], ["Ministry of Defence"] * 2 + [None],
                           [["d1.t1", "d3.t1"], ["d5.t1"]])
        store.db.commit()
    with make_client(db) as client:
        html = client.get("/conflicts").text
        start = html.index('<tr id="f-f1"')
        r = html[start:html.index("</tr>", start)]
        assert r.count('class="side"') == 2 and "side 1:" in r and "2 documents" in r
        assert "same happening to the same named theme" in r and "the same place: &lt;Varn&gt;" in r
        assert "confidence 0.80" in r and 'href="/stories/s1"' in r
        assert "&lt;script&gt;window.pwned = 1;" in r and "<script>window" not in html
        f1 = next(f for f in client.get("/api/findings?type=conflict").json()["findings"] if f["id"] == "f1")
        assert f1["groups"] == [["d1.t1", "d3.t1"], ["d5.t1"]] and f1["sides"] == [[0, 1], [2]]
        assert f1["reasons"][0] == "same happening to the same named theme" and f1["confidence"] == 0.8
        assert f1["story"] == "s1" and f1["story_label"] == "Varn · Free Coast Front · 2021"


def test_pages_say_when_the_analysis_is_out_of_date(db, client):
    assert "Analysis out of date" not in client.get("/conflicts").text
    with Store(db) as store:                      # a document added after the findings were computed
        store.add_document(Document(text="A new account of the bridge.", file="late.txt",
                                    content_hash=hashlib.sha256(b"late").hexdigest()))
    for url in ("/", "/conflicts", "/documents"):
        assert "<p class=stale role=alert>Analysis out of date" in client.get(url).text, url
    assert client.get("/api/findings").status_code == 200


def test_a_document_is_removed_from_the_api_and_from_its_page(db, client):
    assert client.delete("/api/documents/d99").status_code == 404
    r = client.delete("/api/documents/d5")
    assert r.status_code == 200 and r.json() == {"removed": ["d5"], "stale": True}
    ids = [d["id"] for d in client.get("/api/documents").json()["documents"]]
    assert "d5" not in ids and "d4" in ids
    page = client.get("/documents/d4").text
    assert 'action="/documents/d4/remove"' in page
    gone = client.post("/documents/d4/remove", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/documents"
    assert "Analysis out of date" in client.get("/documents").text
    with Store(db) as store:
        assert [d.id for d in store.documents()] == ["d1", "d2", "d3"] and not store.mentions("d4")
    assert client.post("/documents/d4/remove", headers={"Origin": "http://evil.example"}).status_code == 403
