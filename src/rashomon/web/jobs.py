"""The upload jobs: a bounded queue analysed by one worker thread, each run in a child process so pages stay fast.

Why: a background task per upload blocked a request thread each while it waited for the analysis lock (75
queued uploads took all the server's threads), and an analysis in the web process held the GIL while pages
waited. Here jobs wait in a queue (no thread each), one worker thread takes every queued job at once (one
`pipeline.analyze` covers all pending documents, so queued jobs are coalesced) and runs the analysis in a
spawned process at a lower CPU priority, which opens its own connection to the store (SQLite WAL: one writer,
many readers). At shutdown queued jobs are cancelled and a running analysis is stopped: the documents stay
stored, pending, and the next analysis picks them up.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("rashomon.web")

# At most this many jobs wait for the analysis; an upload beyond gets 503. A hostile test queued ~75 uploads;
# one analysis covers every pending document, so a hundred waiting jobs are already far more than useful.
MAX_QUEUED_JOBS = 100
# What a 503 tells the client to wait (seconds): an analysis of a few dozen short texts takes 15-30 s here.
RETRY_AFTER_SECONDS = 30
# Finished jobs remembered for /api/jobs (the oldest finished are forgotten beyond).
JOB_HISTORY = 200
# spaCy processes per analysis: one, because the web process shares the machine (2 cores measured: two
# parser processes left the pages none).
ANALYSIS_PROCESSES = 1
# The analysis process's niceness: requests win the CPU when both want it.
ANALYSIS_NICE = 10
# How long shutdown waits for a stopped analysis process, and for the worker thread, before moving on.
STOP_GRACE_SECONDS = 5.0

CANCELLED = ("cancelled: the server stopped {when}; the documents are stored and the next analysis "
             "(rashomon analyze, or another upload) analyses them")


@dataclass
class Job:
    id: str
    status: str = "queued"               # queued | running | done | failed | cancelled
    documents: list[str] = field(default_factory=list)
    progress: dict = field(default_factory=lambda: {"done": 0, "total": 0})
    message: str = ""
    error: str | None = None
    errors: list[str] = field(default_factory=list)   # one line per file: "name: reason" (ingest and analysis)
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None


class Cancelled(Exception):
    """The queue was stopped while the analysis ran."""


class AnalysisFailed(Exception):
    """The analysis failed (its message is the one line to show); `doc_errors`: {document id: line} for the
    documents it failed on, when known."""

    def __init__(self, message: str, doc_errors: dict[str, str] | None = None):
        super().__init__(message)
        self.doc_errors = doc_errors or {}


def error_line(e) -> str:
    """An IngestError (or anything with path/reason/line) as one line naming the file."""
    where = Path(str(getattr(e, "path", "") or "?")).name
    line = getattr(e, "line", None)
    reason = str(getattr(e, "reason", e)).strip()
    reason = reason.splitlines()[0] if reason else "failed"
    return f"{where}{f':{line}' if line else ''}: {reason}"


def one_line(e: BaseException) -> str:
    """An exception as one line: its type, and the first line of its message when it has one."""
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0]}" if text else type(e).__name__


# ---------------------------------------------------------------------------------------------- runners
# A runner analyses everything pending in the store at db_path: runner(db_path, on_event, stop) -> (n, error
# lines). on_event gets ("progress", done, total) and ("stage", name); stop is set when the queue stops.
Runner = Callable[[str, Callable[[tuple], None], threading.Event], "tuple[int, list[str]]"]


def _child_main(db_path: str, conn, n_process: int, nice: int) -> None:
    """The analysis in its own process: progress, the outcome and the errors go back through `conn`."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C on the terminal is the server's to handle: it stops us
    try:
        os.nice(nice)
    except (AttributeError, OSError):
        pass
    try:
        from .. import pipeline
        from ..settings import PASSAGE_CHARS
        from ..store import Store

        errors: list = []
        with Store(db_path) as store:
            # which documents pipeline.extract_pending parses alone, last, in this order: if this process dies
            # (out of memory on a huge text), the parent knows from the progress which one it was on
            pending = store.documents(pending=True)
            conn.send(("plan", len(pending), [d.id for d in pending if len(d.text) > PASSAGE_CHARS]))
            n = pipeline.analyze(store, n_process=n_process, errors=errors,
                                 progress=lambda done, total: conn.send(("progress", done, total)),
                                 stage=lambda name: conn.send(("stage", name)))
        conn.send(("done", n, [error_line(e) for e in errors]))
    except BaseException as e:  # noqa: BLE001 - everything is reported to the parent as one line
        conn.send(("failed", one_line(e)))
    finally:
        conn.close()


def run_in_process(db_path: str, on_event, stop: threading.Event) -> tuple[int, list[str]]:
    """Run `pipeline.analyze` in a spawned child process; stopping the queue terminates it."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")       # no fork of a threaded server
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(db_path, sender, ANALYSIS_PROCESSES, ANALYSIS_NICE),
                       name="rashomon-analysis")
    proc.start()
    sender.close()
    outcome, plan, done, total = None, None, 0, None
    try:
        while outcome is None:
            if stop.is_set():
                raise Cancelled()
            if not receiver.poll(0.2):
                if not proc.is_alive() and not receiver.poll(0):
                    break
                continue
            try:
                msg = receiver.recv()
            except EOFError:
                break
            if msg[0] in ("done", "failed"):
                outcome = msg
            elif msg[0] == "plan":
                plan = msg[1:]
            else:
                if msg[0] == "progress":
                    done, total = msg[1], msg[2]
                on_event(msg)
    finally:
        if outcome is not None:
            proc.join(STOP_GRACE_SECONDS)
        if proc.is_alive():
            proc.terminate()          # SIGTERM: SQLite rolls back the open transaction, if any
            proc.join(STOP_GRACE_SECONDS)
            if proc.is_alive():
                proc.kill()
                proc.join()
        receiver.close()
    if outcome is None:
        raise _died(db_path, proc.exitcode, plan if plan and plan[0] == total else None, done)
    if outcome[0] == "failed":
        raise AnalysisFailed(outcome[1])
    return outcome[1], outcome[2]


def _died(db_path: str, exitcode: int | None, plan: tuple | None, done: int) -> AnalysisFailed:
    """The analysis process ended without a word (killed: out of memory, most likely). When it was on one of the
    long documents, parsed one at a time, that document is marked failed, so later analyses skip it instead
    of dying on it again."""
    how = ("was killed (SIGKILL: out of memory?)" if exitcode == -9 else
           f"was killed by signal {-exitcode}" if exitcode and exitcode < 0 else f"ended with exit code {exitcode}")
    message = f"the analysis process {how}"
    if plan is None:
        return AnalysisFailed(message)
    total, long_docs = plan
    k = done - (total - len(long_docs))          # the long documents come after every short one
    if not 0 <= k < len(long_docs):
        return AnalysisFailed(message)
    from ..store import Store

    reason = f"extraction failed: the analysis process {how} on this document; it is skipped from now on"
    with Store(db_path) as store:
        doc = store.document(long_docs[k])
        store.mark_failed(long_docs[k], reason)
    name = Path(str((doc.path or doc.file) if doc else long_docs[k])).name
    return AnalysisFailed(f"{message} while analysing {name}", {long_docs[k]: f"{name}: {reason}"})


def run_in_thread(db_path: str, on_event, stop: threading.Event) -> tuple[int, list[str]]:
    """Run `pipeline.analyze` in the calling thread (for tests that stub the pipeline in this process)."""
    from .. import pipeline
    from ..store import Store

    errors: list = []
    with Store(db_path) as store:
        n = pipeline.analyze(store, n_process=ANALYSIS_PROCESSES, errors=errors,
                             progress=lambda done, total: on_event(("progress", done, total)),
                             stage=lambda name: on_event(("stage", name)))
    return n, [error_line(e) for e in errors]


RUNNERS: dict[str, Runner] = {"process": run_in_process, "thread": run_in_thread}


# ---------------------------------------------------------------------------------------------- the queue
class JobQueue:
    """The jobs, the bounded queue of those waiting, and the one worker thread that analyses them."""

    def __init__(self, db_path: str, runner: Runner = run_in_process, max_queued: int = MAX_QUEUED_JOBS):
        self.db_path, self.runner, self.max_queued = str(db_path), runner, max_queued
        self.jobs: dict[str, Job] = {}
        self.running: list[Job] = []              # the batch being analysed
        self._queue: deque[Job] = deque()
        self._reserved = 0                        # uploads being read that will queue a job
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._work, name="rashomon-analysis-worker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Cancel the queued jobs, stop a running analysis, and end the worker; does not wait for the queue."""
        with self._cond:
            self._stop.set()
            waiting = list(self._queue)
            self._queue.clear()
            self._cond.notify_all()
        for job in waiting:
            self._cancel(job, "before the analysis ran")
        if self._thread is not None:
            self._thread.join(STOP_GRACE_SECONDS)

    @property
    def busy(self) -> bool:
        """Whether an analysis is running now."""
        return bool(self.running)

    # ------------------------------------------------------------------ jobs
    def reserve(self) -> bool:
        """Hold a place in the queue for an upload about to be read; False when the queue is full."""
        with self._cond:
            if self._stop.is_set() or len(self._queue) + self._reserved >= self.max_queued:
                return False
            self._reserved += 1
            return True

    def release(self) -> None:
        """Give back a place held by `reserve` (the upload queued nothing)."""
        with self._cond:
            self._reserved = max(0, self._reserved - 1)

    def create(self, documents: list[str], errors: list[str] | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], documents=list(documents), errors=list(errors or []))
        with self._cond:
            self.jobs[job.id] = job
            if len(self.jobs) > JOB_HISTORY:   # forget the oldest finished jobs
                for old in sorted((j for j in self.jobs.values() if j.finished), key=lambda j: j.created)[:50]:
                    self.jobs.pop(old.id, None)
        return job

    def submit(self, job: Job) -> None:
        """Queue a job in the place its upload reserved (the queue may run over by the reserved places only)."""
        with self._cond:
            self._reserved = max(0, self._reserved - 1)
            if self._stop.is_set():
                stopped = True
            else:
                stopped = False
                self._queue.append(job)
                self._cond.notify()
        if stopped:
            self._cancel(job, "before the analysis ran")

    def queued(self) -> int:
        with self._cond:
            return len(self._queue)

    # ------------------------------------------------------------------ the worker
    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stop.is_set():
                    self._cond.wait()
                if self._stop.is_set():
                    return
                batch = list(self._queue)          # every waiting job: one analysis covers them all
                self._queue.clear()
                self.running = batch
            try:
                self._run(batch)
            except Exception:  # noqa: BLE001 - the worker must outlive any one batch
                log.exception("analysis worker")
            finally:
                with self._cond:
                    self.running = []

    def _run(self, batch: list[Job]) -> None:
        now = time.time()
        for job in batch:
            job.status, job.message, job.started = "running", "starting the analysis", now

        def on_event(ev: tuple) -> None:
            for job in batch:
                if ev[0] == "progress":
                    job.progress = {"done": ev[1], "total": ev[2]}
                elif ev[0] == "stage":
                    job.message = str(ev[1])

        try:
            n, errors = self.runner(self.db_path, on_event, self._stop)
        except Cancelled:
            for job in batch:
                self._cancel(job, "during the analysis")
            return
        except Exception as e:  # noqa: BLE001 - reported to the user through the job
            if self._stop.is_set():
                for job in batch:
                    self._cancel(job, "during the analysis")
                return
            line = str(e) if isinstance(e, AnalysisFailed) else one_line(e)
            doc_errors = getattr(e, "doc_errors", {})
            for job in batch:
                job.errors += [doc_errors[d] for d in job.documents if d in doc_errors]
                job.status, job.error = "failed", line
                job.message = "the analysis failed: " + line + "".join("\n" + x for x in job.errors)
                job.finished = time.time()
            log.warning("analysis failed: %s", line)
            return
        self._finish(batch, n, errors)

    def _finish(self, batch: list[Job], n: int, errors: list[str]) -> None:
        """Each job's outcome from the store: which of its documents were analysed, and why not the others."""
        from ..store import Store

        ids = sorted({d for job in batch for d in job.documents})
        rows: dict = {}
        if ids:
            with Store(self.db_path) as store:
                marks = ",".join("?" * len(ids))
                rows = {r["id"]: r for r in store.db.execute(
                    f"SELECT id, file, path, analyzed, failed FROM documents WHERE id IN ({marks})", ids)}
        by_name: dict[str, str] = {}
        for line in errors:
            name, _, reason = line.partition(": ")
            by_name.setdefault(name, reason)
        for job in batch:
            analysed = 0
            for doc_id in job.documents:
                r = rows.get(doc_id)
                if r is None:
                    job.errors.append(f"{doc_id}: removed before it was analysed")
                    continue
                name = Path(str(r["path"] or r["file"] or doc_id)).name
                if r["analyzed"]:
                    analysed += 1
                else:
                    reason = r["failed"] or by_name.get(name) or "not analysed"
                    job.errors.append(f"{name}: {reason}".splitlines()[0])
            job.progress = {"done": analysed, "total": len(job.documents)}
            job.message = summary(analysed, len(job.documents), job.errors)
            job.status, job.finished = "done", time.time()
        unmatched = [e for e in errors if e.partition(": ")[0] not in
                     {Path(str(r["path"] or r["file"] or "")).name for r in rows.values()}]
        for line in unmatched:      # documents pending from elsewhere (the CLI): the server log says it
            log.warning("analysis error: %s", line)

    def _cancel(self, job: Job, when: str) -> None:
        job.status, job.message, job.finished = "cancelled", CANCELLED.format(when=when), time.time()


def summary(analysed: int, total: int, errors: list[str]) -> str:
    """A job's message: what was analysed, then each error on its own line (the upload page shows it)."""
    head = f"{analysed} of {total} documents analysed" if total else "nothing new to analyse"
    if not errors:
        return head
    return f"{head}; {len(errors)} problem{'s' if len(errors) != 1 else ''}:\n" + "\n".join(errors)
