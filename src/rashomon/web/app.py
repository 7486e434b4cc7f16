"""The local web app: the report's views, live over the store, plus a JSON API and uploads.

Pages are rendered server-side with the report's own section renderers (`rashomon.report.html`), so the
app and the one-file report never drift apart. The store is read through one connection guarded by a lock;
the export is rebuilt only when another connection has committed (`PRAGMA data_version`), and not while
the app's own analysis writes (the last complete export is served until its results are saved). Uploads are
read as they arrive (`uploads`, refused at once past the limits), stored with `rashomon.pipeline.ingest` in
the request, then queued as a job for the one analysis worker (`jobs`: a child process runs
`rashomon.pipeline.analyze`), whose progress and errors `GET /api/jobs/{id}` reports. Requests naming another
Host than the loopback names are refused on a loopback bind (`hosts`). The page per entity, story and finding
is in `pages`, `?format=csv` on the listings in `csv_out`, and the offline OpenAPI docs (/docs) in `apidocs`.
"""
from __future__ import annotations

import math
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode, urlparse

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..export import Selection, build_export
from ..export.tables import finding_between, finding_sides
from ..report import html as views
from ..report.dates import bound
from ..report.index import FINDING_TYPES, Index
from ..report.timeline import render_timeline
from ..report.util import esc
from . import pages
from .apidocs import add_docs
from .csv_out import COLUMNS, FormatQuery, UnknownFormat, csv_response, finding_row, wants_csv
from .hosts import HostCheck
from .jobs import MAX_QUEUED_JOBS, RETRY_AFTER_SECONDS, RUNNERS, Job, JobQueue, error_line, summary
from .reads import Reader, Reads
from .uploads import UploadRefused, receive_files

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_FILES = 100
PAGE_SIZE = 100
ENTITY_DOCUMENTS = 200      # an entity's page quotes it in its first this many documents (then counts the rest)
COOKIE = "rashomon_token"
LINKS = pages.LINKS
NAV = [("Overview", "/"), ("Stories", "/stories"), ("Conflicts", "/conflicts"), ("Agreements", "/agreements"),
       ("Inconsistencies", "/inconsistencies"), ("Documents", "/documents"), ("Entities", "/entities"),
       ("Events", "/events"), ("Framing", "/framing"), ("Search", "/search"), ("Upload", "/upload"), ("API", "/docs")]
PAGE_OF_TYPE = pages.PAGE_OF_TYPE


class BadRequest(Exception):
    """A client error with a message meant for the user (rendered as 400, or `status`)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


# ---------------------------------------------------------------------------------------------- state
class _UploadStore:
    """The store as `pipeline.ingest` sees it during an upload: records what was added and names each
    document's path after the uploaded file instead of the temporary folder it was read from."""

    def __init__(self, store, tmp: str):
        self._store, self._tmp, self.added = store, tmp, []

    def add_document(self, doc):
        if doc.path and doc.path.startswith(self._tmp):
            rel = doc.path[len(self._tmp):].lstrip("/\\")
            doc.path = "upload/" + (rel.split("/", 1)[1] if "/" in rel else rel)
        doc_id = self._store.add_document(doc)
        if doc_id:
            self.added.append(doc_id)
        return doc_id

    def __getattr__(self, name):
        return getattr(self._store, name)


class State:
    """The read connection (`reads`: SQL per request, a small cache per version of the store) and the upload
    jobs (their queue and worker)."""

    def __init__(self, db_path: str, runner: str = "process", max_queued: int = MAX_QUEUED_JOBS):
        from ..store import Store

        self.db_path = str(db_path)
        self.store = Store(self.db_path)        # for search; the pages read through `reads`
        self.reads = Reads(self.db_path)
        self.lock = threading.Lock()            # the search connection is used by one thread at a time
        self.queue = JobQueue(self.db_path, RUNNERS[runner], max_queued=max_queued)

    @property
    def jobs(self) -> dict[str, Job]:
        return self.queue.jobs

    def close(self) -> None:
        with self.lock:
            self.store.close()
        self.reads.close()

    def read(self):
        """`with state.read() as r:` one request's reads, in one snapshot of the store."""
        return self.reads.open()

    def search(self, q: str, limit: int) -> list[dict]:
        with self.lock:
            try:
                return self.store.search(q, limit=limit)
            except ValueError as e:
                raise BadRequest(_search_message(q, e)) from None
            except sqlite3.Error as e:
                raise BadRequest(f"malformed search query {q!r}: {e}") from None

    # ------------------------------------------------------------------ uploads
    def ingest(self, paths: list[Path], tmp: str, max_bytes: int) -> tuple[list[str], list[str], list[str]]:
        """Store the files (pipeline.ingest, its own connection): (added ids, duplicate names, errors)."""
        from .. import pipeline
        from ..store import Store

        with Store(self.db_path) as store:
            proxy = _UploadStore(store, tmp)
            report = pipeline.ingest(proxy, paths, max_bytes=max_bytes)
        dups = [Path(str(p)).name for p in report.duplicates]
        return proxy.added, dups, [error_line(e) for e in report.errors]


def _search_message(q: str, e: Exception) -> str:
    return (f"malformed search query {q!r}: {str(e).split(': ', 1)[-1]}. The search uses SQLite FTS5 syntax: "
            'words, "a phrase", prefix*, AND / OR / NOT; put a phrase in double quotes.')


# ---------------------------------------------------------------------------------------------- helpers
def _filters(params) -> dict:
    """Finding filters from query parameters; raises BadRequest on an unknown type or a bad date."""
    out: dict = {}
    t = (params.get("type") or "").strip()
    if t:
        if t not in FINDING_TYPES:
            raise BadRequest(f"unknown finding type {t!r}: use one of {', '.join(FINDING_TYPES)}")
        out["type"] = t
    for key in ("doc", "party", "entity"):
        v = (params.get(key) or "").strip()
        if v:
            out[key] = v
    try:
        out["date_from"] = bound((params.get("date_from") or "").strip(), upper=False)
        out["date_to"] = bound((params.get("date_to") or "").strip(), upper=True)
    except ValueError as e:
        raise BadRequest(f"date_from/date_to: {e}") from None
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise BadRequest("date_from is after date_to")
    return out


def _int(params, key: str, default: int, lo: int, hi: int) -> int:
    v = params.get(key)
    if v in (None, ""):
        return default
    try:
        return max(lo, min(hi, int(v)))
    except ValueError:
        raise BadRequest(f"{key} must be a whole number") from None


def _wants_csv(fmt: str) -> bool:
    try:
        return wants_csv(fmt)
    except UnknownFormat as e:
        raise BadRequest(str(e)) from None


def _finding_json(ix: Index, f: dict) -> dict:
    evidence = []
    for i, mid in enumerate(f.get("mentions") or []):
        m = ix.mentions.get(mid)
        if not m:
            evidence.append({"mention": mid})
            continue
        text = (ix.docs.get(m["doc"]) or {}).get("text") or ""
        a, b, _, _ = views.quote_bounds(text, m["start"], m["end"])
        evidence.append({"mention": mid, "doc": m["doc"], "text": m.get("text"), "value": m.get("value"),
                         "qualifier": m.get("qualifier"), "party": ix.party(f, i), "quote": text[a:b].strip()})
    v = ix.events.get(f.get("event") or "")
    sid = ix.story_of(f)
    sides = [[i for i, mid in enumerate(f.get("mentions") or []) if mid in side] for side in finding_sides(f)]
    between = [i for i, mid in enumerate(f.get("mentions") or []) if mid in finding_between(f)]
    return {**f, "event_label": v.get("label") if v else None, "story": sid,
            "story_label": ix.story_label(sid) if sid else None, "evidence": evidence,
            "sides": sides, "between": between}


def _doc_summary(ix: Index, d: dict) -> dict:
    return {k: d.get(k) for k in ("id", "file", "title", "outlet", "published", "author", "url", "group",
                                  "story")} | {
        "length": len(d.get("text") or ""), "mentions": len(ix.by_doc.get(d["id"], [])),
        "findings": len(ix.findings_of_doc.get(d["id"], []))}


DOC_FIELDS = ("id", "file", "title", "outlet", "published", "author", "url", "group", "story", "length",
              "mentions", "findings")


def _recent_jobs(jobs: list[Job], n: int = 10) -> str:
    """The latest upload jobs, each with its status, message and every error (one line per file)."""
    jobs = sorted(jobs, key=lambda j: -j.created)[:n]
    if not jobs:
        return ""
    rows = "".join(
        f'<tr id="job-{esc(j.id)}"><td>{esc(j.id)}</td><td>{esc(time.strftime("%H:%M:%S", time.localtime(j.created)))}'
        f'</td><td>{esc(j.status)}</td><td>{esc((j.message or "").splitlines()[0] if j.message else "")}'
        + (f'<div class="error">{esc(j.error)}</div>' if j.error else "")
        + (f'<ul class="errors">{"".join(f"<li>{esc(e)}</li>" for e in j.errors)}</ul>' if j.errors else "")
        + "</td></tr>" for j in jobs)
    return ('<h2>Recent uploads</h2><table id="t-jobs"><thead><tr><th>job</th><th>started</th><th>status</th>'
            f'<th>outcome</th></tr></thead><tbody>{rows}</tbody></table>')


def _qs(params: dict, **change) -> str:
    merged = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""


def _pager(total: int, page: int, size: int, base: str, params: dict) -> str:
    pages = max(1, math.ceil(total / size))
    if pages <= 1:
        return f'<p class="meta">{total:,} shown</p>'
    prev = (f'<a href="{esc(base + _qs(params, page=page - 1))}">‹ previous</a>' if page > 1 else "")
    nxt = (f'<a href="{esc(base + _qs(params, page=page + 1))}">next ›</a>' if page < pages else "")
    a, b = (page - 1) * size + 1, min(total, page * size)
    return f'<div class="pager">{prev}<span class="meta">{a:,}–{b:,} of {total:,} (page {page} of {pages})</span>{nxt}</div>'


def _select(name: str, label: str, options: list[tuple[str, str]], value: str) -> str:
    opts = '<option value="">any</option>' + "".join(
        f'<option value="{esc(v)}"{" selected" if v == value else ""}>{esc(t)}</option>' for v, t in options)
    return f'<label>{esc(label)}<select name="{name}">{opts}</select></label>'


def _text(name: str, label: str, value: str, placeholder: str = "") -> str:
    return (f'<label>{esc(label)}<input type="text" name="{name}" value="{esc(value)}" '
            f'placeholder="{esc(placeholder)}"></label>')


def _filter_form(r: Reader, action: str, params: dict) -> str:
    doc, party, entity = params.get("doc", ""), params.get("party", ""), params.get("entity", "")
    docs = r.document_options(300)
    doc_field = (_select("doc", "source document", docs, doc) if docs is not None
                 else _text("doc", "source (id, file, title or outlet)", doc, "d12 or outlet"))
    parties = r.party_names()
    party_field = (_select("party", "party", [(p, p) for p in parties], party) if len(parties) <= 300
                   else _text("party", "party", party))
    ents = r.entity_options(500)
    entity_field = (_select("entity", "entity", ents, entity) if ents is not None
                    else _text("entity", "entity (id or name)", entity))
    return (f'<form class="filters" method="get" action="{esc(action)}">{doc_field}{party_field}{entity_field}'
            f'{_text("date_from", "from", params.get("date_from", ""), "YYYY[-MM[-DD]]")}'
            f'{_text("date_to", "to", params.get("date_to", ""), "YYYY[-MM[-DD]]")}'
            f'<button type="submit">filter</button> <a href="{esc(action)}">clear</a></form>')


# ---------------------------------------------------------------------------------------------- the app
def create_app(db_path, token: str | None = None, *, host: str = "127.0.0.1", port: int | None = None,
               max_upload_bytes: int = MAX_UPLOAD_BYTES, max_files: int = MAX_FILES, page_size: int = PAGE_SIZE,
               max_queued: int = MAX_QUEUED_JOBS, analysis: str = "process") -> FastAPI:
    """The web app over the store at `db_path`. With `token`, every request must carry it
    (`Authorization: Bearer <token>`, `?token=<token>`, or the cookie a `?token=` visit sets), else 401.

    `host`/`port`: where the server is bound. On a loopback address only requests naming 127.0.0.1, localhost
    or [::1] (with `port`, when given) in their Host header are answered (DNS rebinding); elsewhere the bound
    name, and the token protects. `max_queued`: jobs that may wait for the analysis before uploads get 503.
    `analysis`: "process" runs each analysis in a child process (the pages stay fast); "thread" runs it in the
    worker thread of this process (for tests that stub the pipeline)."""
    if analysis not in RUNNERS:
        raise ValueError(f"analysis must be one of {', '.join(RUNNERS)}, not {analysis!r}")
    state = State(str(db_path), runner=analysis, max_queued=max_queued)
    hosts = HostCheck(host, port)

    @asynccontextmanager
    async def lifespan(app):
        state.queue.start()
        try:
            yield
        finally:
            await run_in_threadpool(state.queue.stop)     # queued jobs cancelled, a running analysis stopped
            state.close()

    app = FastAPI(title="rashomon", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.rashomon = state

    def html_page(title: str, body: str, current: str | None = None, status: int = 200) -> HTMLResponse:
        with state.read() as r:
            stale = r.stale()
        return HTMLResponse(views.page(f"{title} · rashomon", body, nav=NAV, connect="'self'", current=current,
                                       stale=stale), status_code=status)

    def error_page(status: int, message: str, current: str | None = None, extra: str = "") -> HTMLResponse:
        return html_page("error", f'<h1>{status}</h1><p class="error">{esc(message)}</p>{extra}', current, status)

    csp_of_path = add_docs(app, lambda message: error_page(404, message))   # /docs: its own CSP

    # ------------------------------------------------------------------ access
    @app.middleware("http")
    async def guard(request: Request, call_next):
        refused = hosts.refuse(request.headers.get("host"), request.client.host if request.client else None)
        if refused:
            return PlainTextResponse(refused + "\n", status_code=421, headers={"X-Content-Type-Options": "nosniff"})
        set_cookie = False
        if token:
            given = None
            auth = request.headers.get("authorization", "")
            if auth[:7].lower() == "bearer ":
                given = auth[7:].strip()
            if not given and request.query_params.get("token"):
                given, set_cookie = request.query_params["token"], True
            if not given:
                given = request.cookies.get(COOKIE)
            if not given or not secrets.compare_digest(given.encode(), token.encode()):
                msg = "a valid token is required: send 'Authorization: Bearer <token>' or add ?token=<token>"
                headers = {"WWW-Authenticate": "Bearer"}
                if request.url.path.startswith("/api/"):
                    return JSONResponse({"detail": msg}, status_code=401, headers=headers)
                resp = error_page(401, msg, extra='<form class="search" method="get"><label>token<input '
                                  'type="password" name="token" autocomplete="current-password"></label>'
                                  '<button type="submit">open</button></form>')
                resp.headers.update(headers)
                return resp
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # a page on another site must not post into the local app (CSRF): same origin only
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlparse(origin).netloc != request.headers.get("host"):
                return JSONResponse({"detail": f"cross-origin request from {origin} refused"}, status_code=403)
            if origin == "null":
                return JSONResponse({"detail": "request from an opaque origin refused"}, status_code=403)
        try:
            response = await call_next(request)
        except BadRequest as e:       # raised inside a sync endpoint run in the threadpool
            response = JSONResponse({"detail": e.message}, status_code=e.status)
        if set_cookie:
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.headers.get("content-type", "").startswith("text/html"):
            own = csp_of_path.get(request.url.path) if response.status_code == 200 else None
            response.headers["Content-Security-Policy"] = own or (views.content_security_policy("'self'")
                                                                  + "; frame-ancestors 'none'")
        return response

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        return error_page(exc.status, exc.message)

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/documents")
    def api_documents(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        p = request.query_params
        offset = _int(p, "offset", 0, 0, 10**9)
        limit = _int(p, "limit", 1000, 1, 10000)
        with state.read() as r:
            total, rows = r.document_rows(offset, limit)
        docs = [{k: row.get(k) for k in DOC_FIELDS} for row in rows]
        if as_csv:
            return csv_response(docs, COLUMNS["documents"], "documents")
        return JSONResponse({"count": total, "offset": offset, "documents": docs})

    @app.get("/api/documents/{doc_id}")
    def api_document(doc_id: str):
        with state.read() as r:
            ix = r.index(Selection(documents=[doc_id], findings=r.finding_ids_of_docs([doc_id])))
        d = ix.docs.get(doc_id)
        if d is None:
            return JSONResponse({"detail": f"no document {doc_id!r}"}, status_code=404)
        copies = [{"doc": c["doc_b"] if c["doc_a"] == doc_id else c["doc_a"], "similarity": c.get("similarity")}
                  for c in ix.copies if doc_id in (c["doc_a"], c["doc_b"])]
        return JSONResponse({**_doc_summary(ix, d), "text": d.get("text"), "mentions": ix.by_doc.get(doc_id, []),
                             "findings": [{"id": f["id"], "type": f.get("type"), "what": f.get("what")}
                                          for f in ix.findings_of_doc.get(doc_id, [])], "copies": copies})

    def remove_documents(doc_ids: list[str]) -> list[str]:
        from ..store import Store

        with Store(state.db_path) as store:
            return store.remove_documents(doc_ids)

    @app.delete("/api/documents/{doc_id}")
    def api_remove_document(doc_id: str):
        """Remove a document and everything extracted from it; the findings are out of date until the
        next analysis (an upload, or rashomon analyze)."""
        if not remove_documents([doc_id]):
            return JSONResponse({"detail": f"no document {doc_id!r}"}, status_code=404)
        return {"removed": [doc_id], "stale": True}

    @app.post("/documents/{doc_id}/remove")
    def remove_document_form(doc_id: str):
        if not remove_documents([doc_id]):
            return error_page(404, f"no document {doc_id!r}", "/documents")
        return RedirectResponse("/documents", status_code=303)

    @app.get("/api/findings")
    def api_findings(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        p = request.query_params
        flt = _filters(p)
        offset = _int(p, "offset", 0, 0, 10**9)
        limit = _int(p, "limit", page_size, 1, 10000)
        with state.read() as r:
            total, ix, found = r.findings(offset=offset, limit=limit, **flt)
        shown = [_finding_json(ix, f) for f in found]
        if as_csv:
            return csv_response([finding_row(f) for f in shown], COLUMNS["findings"], "findings")
        return JSONResponse({"count": total, "offset": offset, "findings": shown})

    @app.get("/api/stories")
    def api_stories(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        p = request.query_params
        offset = _int(p, "offset", 0, 0, 10**9)
        limit = _int(p, "limit", 1000, 1, 10000)
        with state.read() as r:
            total, ix, _ = r.story_page(offset, limit, docs_shown=0)
        stories = list(ix.stories.values())
        if as_csv:
            return csv_response(stories, COLUMNS["stories"], "stories")
        return JSONResponse({"count": total, "offset": offset, "stories": stories})

    @app.get("/api/entities")
    def api_entities(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        p = request.query_params
        offset = _int(p, "offset", 0, 0, 10**9)
        limit = _int(p, "limit", 1000, 1, 10000)
        with state.read() as r:
            total, out = r.entity_api(offset, limit)
        if as_csv:
            return csv_response(out, COLUMNS["entities"], "entities")
        return JSONResponse({"count": total, "offset": offset, "entities": out})

    @app.get("/api/events")
    def api_events(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        p = request.query_params
        offset = _int(p, "offset", 0, 0, 10**9)
        limit = _int(p, "limit", 1000, 1, 10000)
        with state.read() as r:
            total, out = r.event_api(offset, limit)
        if as_csv:
            return csv_response(out, COLUMNS["events"], "events")
        return JSONResponse({"count": total, "offset": offset, "events": out})

    @app.get("/api/search")
    def api_search(request: Request, fmt: str = FormatQuery):
        as_csv = _wants_csv(fmt)
        q = (request.query_params.get("q") or "").strip()
        if not q:
            raise BadRequest("missing search query: add ?q=<words or \"a phrase\">")
        if len(q) > 500:
            raise BadRequest("search query too long (500 characters at most)")
        limit = _int(request.query_params, "limit", 50, 1, 500)
        results = state.search(q, limit)
        if as_csv:
            return csv_response(results, COLUMNS["search"], "search")
        return {"query": q, "count": len(results), "results": results}

    @app.post("/api/upload", status_code=202)
    async def api_upload(request: Request):
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise BadRequest("send the files as multipart/form-data, each in a field named 'files'")
        if not state.queue.reserve():
            return JSONResponse({"detail": f"too many uploads waiting for the analysis ({state.queue.max_queued}); "
                                           f"try again in {RETRY_AFTER_SECONDS} s"},
                                status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        queued = False
        try:
            tmp = tempfile.mkdtemp(prefix="rashomon-upload-")
            try:
                try:
                    paths = await receive_files(request, Path(tmp), max_files=max_files,
                                                max_file_bytes=max_upload_bytes)
                except UploadRefused as e:
                    return JSONResponse({"detail": e.message}, status_code=e.status,
                                        headers={"Connection": "close"} if e.status == 413 else None)
                if not paths:
                    raise BadRequest("no files in the upload: send them in fields named 'files'")
                try:
                    added, dups, errors = await run_in_threadpool(state.ingest, paths, tmp, max_upload_bytes)
                except ImportError as e:
                    return JSONResponse({"detail": f"the ingest stage is not available: {e}"}, status_code=503)
            finally:
                await run_in_threadpool(shutil.rmtree, tmp, True)
            if not added and not dups:
                # nothing was accepted: say why, with a client error, rather than start an empty job
                unsupported = all("unsupported file type" in str(e) for e in errors)
                return JSONResponse({"detail": "nothing was accepted: " + "; ".join(str(e) for e in errors),
                                     "errors": errors}, status_code=415 if errors and unsupported else 422)
            job = state.queue.create(added, errors)
            if added:
                state.queue.submit(job)
                queued = True
            else:
                job.status, job.finished, job.message = "done", time.time(), summary(0, 0, job.errors)
        finally:
            if not queued:
                state.queue.release()
        return JSONResponse({"job": job.id, "status_url": f"/api/jobs/{job.id}", "added": added,
                             "duplicates": dups, "errors": errors}, status_code=202)

    @app.get("/api/jobs/{job_id}")
    def api_job(job_id: str):
        job = state.jobs.get(job_id)
        if job is None:
            return JSONResponse({"detail": f"no job {job_id!r}"}, status_code=404)
        return asdict(job)

    @app.get("/api/jobs")
    def api_jobs():
        return {"jobs": [asdict(j) for j in sorted(state.jobs.values(), key=lambda j: -j.created)]}

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse)
    def overview():
        with state.read() as r:
            body = r.cached("overview", lambda: _overview(r))
        return html_page("overview", body, "/")

    def _overview(r: Reader) -> str:
        ix, c = r.overview(), r.counts()
        shown = len(ix.findings)
        total = c["conflicts"] + c["agreements"] + c["inconsistencies"]
        note = (f'<p class="note">The timeline draws the first {shown:,} of {total:,} findings, conflicts first; '
                'the listings hold them all.</p>' if shown < total else "")
        return (f'<section><h1>Where the accounts agree and where they conflict</h1>{views.render_header(ix, c)}'
                f'</section><section><h2>Timeline</h2>{note}{render_timeline(ix, LINKS)}</section>'
                f'<section>{views.render_copies(ix, LINKS)}</section>')

    def findings_page(kind: str, request: Request) -> HTMLResponse:
        base = "/" + PAGE_OF_TYPE[kind]
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        error = ""
        try:
            flt = _filters({**params, "type": kind})
        except BadRequest as e:
            error, flt = e.message, {"type": kind}
        if params.get("id"):
            flt["finding"] = params["id"]
        page_no = _int(params, "page", 1, 1, 10**6)
        with state.read() as r:
            total, ix, shown = r.findings(offset=(page_no - 1) * page_size, limit=page_size, **flt)
            form = _filter_form(r, base, params)
            copies = views.render_copies(r.overview(), LINKS) if kind == "agreement" else ""
        title = {"conflict": "Conflicts", "agreement": "Agreements", "inconsistency": "Inconsistencies"}[kind]
        body = (f'<h1>{title}</h1>{form}'
                + (f'<p class="error">{esc(error)}</p>' if error else "")
                + _pager(total, page_no, page_size, base, params)
                + views.render_findings_by_story(ix, shown, LINKS, kind=kind)
                + copies)
        return html_page(title.lower(), body, base, 400 if error else 200)

    @app.get("/conflicts", response_class=HTMLResponse)
    def conflicts(request: Request):
        return findings_page("conflict", request)

    @app.get("/agreements", response_class=HTMLResponse)
    def agreements(request: Request):
        return findings_page("agreement", request)

    @app.get("/inconsistencies", response_class=HTMLResponse)
    def inconsistencies(request: Request):
        return findings_page("inconsistency", request)

    @app.get("/documents", response_class=HTMLResponse)
    def documents(request: Request):
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        page_no = _int(params, "page", 1, 1, 10**6)
        with state.read() as r:
            total, rows = r.document_rows((page_no - 1) * page_size, page_size)
            ix = r.index(Selection(named=[d["id"] for d in rows]))
        body_rows = "".join(
            f'<tr><td>{esc(d["id"])}</td><td>{views.doc_ref(ix, d["id"], LINKS)}</td><td>{esc(d.get("file"))}</td>'
            f'<td class="num">{d["mentions"]}</td><td class="num">{d["findings"]}</td></tr>'
            for d in rows)
        body = (f'<h1>Documents</h1>{_pager(total, page_no, page_size, "/documents", params)}'
                '<input type="search" class="table-filter" data-table="t-docs" placeholder="filter this page…" '
                'aria-label="filter documents"><table id="t-docs"><thead><tr><th>id</th><th>Document</th><th>File</th>'
                f'<th>Statements</th><th>Findings</th></tr></thead><tbody>{body_rows}</tbody></table>')
        return html_page("documents", body, "/documents")

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str):
        with state.read() as r:
            ix = r.index(Selection(documents=[doc_id], findings=r.finding_ids_of_docs([doc_id])))
        if doc_id not in ix.docs:
            return error_page(404, f"no document {doc_id!r}", "/documents")
        fs = ix.findings_of_doc.get(doc_id, [])
        failed = ix.docs[doc_id].get("failed")
        parts = [f"<h1>{esc(ix.doc_label(doc_id))}</h1>",
                 f'<p class="error">could not be analysed: {esc(failed)}</p>' if failed else "",
                 views.render_document(ix, doc_id, LINKS, open=True),
                 f'<form method="post" action="/documents/{esc(doc_id)}/remove" class="remove">'
                 '<button type="submit">Remove this document</button> <span class="meta">and everything '
                 'extracted from it; the findings are recomputed by the next analysis</span></form>']
        for kind in FINDING_TYPES:
            mine = [f for f in fs if f.get("type") == kind]
            if mine:
                parts.append(f"<h2>{kind.capitalize()}s this document is part of</h2>"
                             + views.render_findings(ix, mine, LINKS, kind=kind, table_id=f"t-{kind}-doc"))
        return html_page(ix.doc_label(doc_id), "".join(parts), "/documents")

    @app.get("/stories", response_class=HTMLResponse)
    def stories(request: Request):
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        page_no = _int(params, "page", 1, 1, 10**6)
        with state.read() as r:
            total, ix, n_of = r.story_page((page_no - 1) * page_size, page_size, pages.SHOWN)
        return html_page("stories", "<h1>Stories</h1>" + _pager(total, page_no, page_size, "/stories", params)
                         + pages.link_stories(views.render_stories(ix, LINKS, n_of, pages.SHOWN)), "/stories")

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: str):
        with state.read() as r:
            ix = r.story(story_id)
        got = pages.story_page(ix, story_id) if ix is not None else None
        if got is None:
            return error_page(404, f"no story {story_id!r}", "/stories")
        return html_page(got[0], got[1], "/stories")

    @app.get("/entities", response_class=HTMLResponse)
    def entities(request: Request):
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        page_no = _int(params, "page", 1, 1, 10**6)
        with state.read() as r:
            total, rows = r.entity_rows((page_no - 1) * page_size, page_size, pages.SHOWN)
            called = r.cached("labels-of-entity", r.labels_of_entity)
            names = r.labels(sorted({v for e in rows for v in e["events"][:pages.SHOWN]}),
                             sorted({d for e in rows for d, _ in e["docs"][:pages.SHOWN]}
                                    | {lab.get("doc") for e in rows for lab in called.get(e["id"], [])[:pages.SHOWN]}))
        return html_page("entities", "<h1>Entities</h1>" + _pager(total, page_no, page_size, "/entities", params)
                         + pages.link_entities(pages.entity_dossiers(rows, names, called)), "/entities")

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity(entity_id: str):
        with state.read() as r:
            found = r.entity(entity_id, shown_docs=ENTITY_DOCUMENTS, shown_findings=page_size)
        got = pages.entity_page(found[0], entity_id, found[1]) if found is not None else None
        if got is None:
            return error_page(404, f"no entity {entity_id!r}", "/entities")
        return html_page(got[0], got[1], "/entities")

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding(finding_id: str):
        with state.read() as r:
            ix = r.index(Selection(findings=[finding_id]))
        got = pages.finding_page(ix, finding_id)
        if got is None:
            return error_page(404, f"no finding {finding_id!r}")
        return html_page(got[0], got[1], "/" + PAGE_OF_TYPE.get(ix.finding_by_id[finding_id].get("type"), ""))

    @app.get("/events", response_class=HTMLResponse)
    def events(request: Request):
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        page_no = _int(params, "page", 1, 1, 10**6)
        with state.read() as r:
            total, rows = r.event_rows((page_no - 1) * page_size, page_size)
        return html_page("events", "<h1>Events</h1>" + _pager(total, page_no, page_size, "/events", params)
                         + pages.event_table(rows), "/events")

    @app.get("/framing", response_class=HTMLResponse)
    def framing():
        with state.read() as r:
            body = r.cached("framing", lambda: views.render_framing(r.index(Selection(framing=True)), LINKS))
        return html_page("framing", "<h1>Framing</h1>" + body, "/framing")

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request):
        q = (request.query_params.get("q") or "").strip()
        form = ('<form class="search" method="get" action="/search"><label>words or "a phrase" (FTS5 syntax)'
                f'<input type="search" name="q" value="{esc(q)}" size="50" autofocus></label>'
                '<button type="submit">search</button></form>')
        if not q:
            return html_page("search", "<h1>Search</h1>" + form, "/search")
        try:
            if len(q) > 500:
                raise BadRequest("search query too long (500 characters at most)")
            results = state.search(q, 100)
        except BadRequest as e:
            return html_page("search", f'<h1>Search</h1>{form}<p class="error">{esc(e.message)}</p>', "/search", 400)
        with state.read() as rd:
            ix = rd.index(Selection(named=[r["id"] for r in results]))
        items = []
        for r in results:
            snippet = re.sub(r"\[([^\[\]]*)\]", r"<mark>\1</mark>", esc(r.get("snippet") or ""))
            items.append(f'<li>{views.doc_ref(ix, r["id"], LINKS) if r["id"] in ix.docs else esc(r["id"])}'
                         f'<div class="snippet">{snippet}</div></li>')
        found = (f'<p class="meta">{len(results)} documents match</p><ol class="results">{"".join(items)}</ol>'
                 if items else f'<p class="empty">Nothing matches {esc(q)}.</p>')
        return html_page("search", f"<h1>Search</h1>{form}{found}", "/search")

    @app.get("/upload", response_class=HTMLResponse)
    def upload_page():
        body = ('<h1>Upload documents</h1><p class="note">Text, Markdown, HTML, JSONL or CSV files, at most '
                f'{max_upload_bytes // (1024 * 1024)} MB each. They are stored at once and analysed in the '
                'background; the findings pages update when the analysis is done.</p>'
                '<form id="upload-form" class="upload" method="post" action="/api/upload" enctype="multipart/form-data">'
                '<label>files<input type="file" name="files" multiple required></label>'
                '<button type="submit">upload and analyse</button></form><div id="job" aria-live="polite"></div>'
                + _recent_jobs(list(state.jobs.values())))
        return html_page("upload", body, "/upload")

    @app.get("/report.html")
    def full_report():
        """The same one-file report the CLI writes, for download (built from the whole store: the one view
        that reads everything)."""
        with state.read() as r:
            export = build_export(r.store)
        return Response(views.render_html(export), media_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="rashomon-report.html"'})

    @app.get("/favicon.ico")
    def favicon():
        return Response(status_code=204)

    @app.get("/index.html")
    def index_html():
        return RedirectResponse("/")

    return app
