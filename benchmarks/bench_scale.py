"""Scale: the corpus stages (stories, names, alignment, comparison, framing) from 1,000 documents up, and
the extraction stage beside raw spaCy `nlp.pipe` on the same texts.

The corpus is made-up news (benchmarks/synthetic_news.py): many stories, each told by several outlets from
two sides. It is extracted once at the largest size and cached under build/bench/ (keyed by the generator
and the extraction code); each size is the first N documents of that store, analysed in a fresh process
so its peak memory is its own. Printed: time per step (grouping into stories, analysing the stories, saving), peak memory, store size
per document, the exponent of a power law fitted to the corpus stages' time (issue 14 asks <= 1.15), the
time to add one document at 10,000 documents and at the largest size, the report's size at the smallest
size and at 10,000 documents, raw `nlp.pipe` vs the pipeline's
extraction, and the parallel efficiency of extraction on a local Ray (Ray Data) over this machine's cores.
Every size is a first analysis (no story results stored yet).

Run: `python -m benchmarks bench_scale` (sizes 1000 2000 5000 10000 20000: on 2 cores about 13 minutes to
extract the 20,000 documents the first time, then about 17 for the rest) or
`python benchmarks/bench_scale.py --sizes 1000 2000 4000`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "bench"
SIZES = [1000, 2000, 5000, 10000, 20000]
EXPONENT_TARGET = 1.15
RAW_RATIO_TARGET = 0.7


def _key() -> str:
    """Changes when the generator or anything extraction reads or runs changes."""
    h = hashlib.sha256()
    files = [ROOT / "benchmarks" / "synthetic_news.py"]
    for sub in ("extract", "data", "ingest"):
        files += sorted((ROOT / "src" / "rashomon" / sub).rglob("*"))
    for f in files:
        if f.is_file() and f.suffix in (".py", ".json"):
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def base_store(n: int) -> Path:
    """A store of the first `n` synthetic documents, extracted (cached)."""
    from benchmarks.synthetic_news import corpus
    from rashomon.models import Document
    from rashomon.pipeline import extract_pending
    from rashomon.store import Store

    path = CACHE / f"scale-{n}-{_key()}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    with Store(tmp) as store:
        for title, text in corpus(n):
            store.add_document(Document(text=text, title=title,
                                        content_hash=hashlib.sha256(text.encode()).hexdigest()))
        extract_pending(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    print(f"extracted {n} synthetic documents in {time.perf_counter() - t:.0f} s (cached in {path.relative_to(ROOT)})",
          flush=True)
    return path


def subset(base: Path, n: int, out: Path) -> Path:
    """A copy of `base` keeping its first `n` documents and what was extracted from them."""
    shutil.copy(base, out)
    db = sqlite3.connect(out)
    db.execute("DELETE FROM documents WHERE rowid > ?", (n,))
    for table in ("sentences", "mentions", "timex"):
        db.execute(f"DELETE FROM {table} WHERE doc NOT IN (SELECT id FROM documents)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    return out


def run_corpus_stages(path: str) -> dict:
    """In this process: the corpus stages over the store at `path`, timed stage by stage."""
    from rashomon.pipeline import analyze_corpus
    from rashomon.store import Store

    times: dict[str, float] = {}
    last: list = [None, time.perf_counter()]

    def stage(name):
        now = time.perf_counter()
        if last[0]:
            times[last[0]] = now - last[1]
        last[:] = [name, now]

    t = time.perf_counter()
    with Store(path) as store:
        analyze_corpus(store, stage=stage)
        stage(None)
        counts = store.counts()
        stories = len(store.stories())
    return {"seconds": time.perf_counter() - t, "stages": times, "findings": counts["findings"], "stories": stories,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _in_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def add_one(path: str) -> dict:
    """In this process: ingest one more document into the store and analyse (extraction + corpus stages)."""
    from benchmarks.synthetic_news import corpus
    from rashomon.models import Document
    from rashomon.pipeline import analyze
    from rashomon.store import Store

    with Store(path) as store:
        n = store.counts()["documents"]
        title, text = corpus(n + 1, seed=29)[-1]
        store.add_document(Document(text=text, title=title, content_hash=hashlib.sha256(text.encode()).hexdigest()))
        t = time.perf_counter()
        analyze(store, n_process=1)
        return {"seconds": time.perf_counter() - t}


def fit_exponent(sizes: list[int], seconds: list[float]) -> float:
    """The b of seconds = a * size^b, least squares on logs."""
    xs, ys = [math.log(n) for n in sizes], [math.log(max(s, 1e-9)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def throughput(n_docs: int = 300, repeats: int = 2) -> dict:
    """Raw `nlp.pipe` and the pipeline's extraction (parse + extractors + storing) on the same texts,
    one process each, `repeats` times alternately (this machine's speed drifts): the fastest of each."""
    import tempfile

    from benchmarks.synthetic_news import corpus
    from rashomon.extract.nlp import load_nlp
    from rashomon.models import Document
    from rashomon.pipeline import extract_pending
    from rashomon.store import Store

    texts = [t for _, t in corpus(n_docs, seed=5)]
    nlp = load_nlp()
    list(nlp.pipe(texts[:20]))                      # warm up
    raw, ours = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=16))
        raw.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            with Store(Path(tmp) / "t.db") as store:
                for i, text in enumerate(texts):
                    store.add_document(Document(text=text, title=str(i),
                                                content_hash=hashlib.sha256(text.encode()).hexdigest()))
                t = time.perf_counter()
                extract_pending(store, n_process=1)
                ours.append(time.perf_counter() - t)
    return {"docs": len(texts), "tokens": tokens, "raw_s": min(raw), "pipeline_s": min(ours)}


def ray_efficiency(n_docs: int = 200, repeats: int = 2) -> dict | None:
    """Extraction of the same documents on a local Ray instance with one actor, then with one per core,
    `repeats` times (alternating, the machine's load drifts): the end-to-end parallel efficiency is
    t1 / (cores * tn), each t the fastest of its runs; returned for main to print. Printed here: each run's
    breakdown, from its actors' own clocks (a subclass of the extraction actor stamps its model load and
    each batch): start (the documents written and read, the actors' processes started, the model loaded;
    once per actor, in parallel), the extraction stage (first batch started to last batch done: the NLP
    the actors share), the end (the last results written, read back and saved in SQLite on the driver,
    serial), and the CPU seconds the actors' batches got against their wall seconds (below 1 per actor:
    other processes took the cores). Also the extraction stage's own efficiency, clearly not the end-to-end
    one. Ray's own start (ray.init and its first Ray Data run, a few seconds of worker start paid once per
    session) is done before the clock and printed apart. None when Ray is not installed."""
    import tempfile

    try:
        import ray
    except ImportError:
        return None
    from benchmarks.synthetic_news import corpus
    from rashomon import distributed
    from rashomon.distributed import connect, extract_on_ray
    from rashomon.models import Document
    from rashomon.store import Store

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    texts = [t for _, t in corpus(n_docs, seed=13)]
    stamps = Path(tempfile.mkdtemp(prefix="rashomon-bench-ray-")) / "actors.jsonl"
    plain = distributed._Extractor

    class Timed(plain):      # defined here: Ray pickles it by value, the log's path with it (one machine)
        def __init__(self):
            t, c = time.time(), time.process_time()
            super().__init__()
            self._log("load", t, c, 0)

        def __call__(self, batch):
            t, c = time.time(), time.process_time()
            out = super().__call__(batch)
            self._log("batch", t, c, batch.num_rows)
            return out

        def _log(self, what, t, c, n):
            with open(stamps, "a", encoding="utf-8") as f:
                f.write(json.dumps({"pid": os.getpid(), "what": what, "t0": t, "t1": time.time(),
                                    "cpu": time.process_time() - c, "n": n}) + "\n")

    t = time.perf_counter()
    connect("local")
    ray.data.range(1).materialize()
    ray_start = time.perf_counter() - t
    print(f"Ray Data on {cores} cores, {n_docs} documents: Ray's start {ray_start:.1f} s (ray.init and a first "
          f"Ray Data run; not timed below), load average {os.getloadavg()[0]:.1f}", flush=True)
    runs: dict[int, list[dict]] = {1: [], cores: []}
    distributed._Extractor = Timed
    try:
        for _ in range(repeats):
            for workers in (1, cores):
                stamps.write_text("")
                with tempfile.TemporaryDirectory() as tmp:
                    with Store(Path(tmp) / "r.db") as store:
                        for i, text in enumerate(texts):
                            store.add_document(Document(text=text, title=str(i),
                                                        content_hash=hashlib.sha256(text.encode()).hexdigest()))
                        save = store.save_extraction
                        saving = [0.0]

                        def timed_save(*a, **k):
                            s0 = time.perf_counter()
                            save(*a, **k)
                            saving[0] += time.perf_counter() - s0

                        store.save_extraction = timed_save
                        load = os.getloadavg()[0]
                        t0 = time.time()
                        extract_on_ray(store, workers=workers)
                        total = time.time() - t0
                ev = [json.loads(line) for line in stamps.read_text(encoding="utf-8").splitlines()]
                batches = [e for e in ev if e["what"] == "batch"]
                loads = [e["t1"] - e["t0"] for e in ev if e["what"] == "load"]
                first, last = min(e["t0"] for e in batches) - t0, max(e["t1"] for e in batches) - t0
                r = {"total": total, "start": first, "stage": last - first, "end": total - last,
                     "save": saving[0], "model_load": max(loads), "actors": len(loads),
                     "cpu": sum(e["cpu"] for e in batches), "busy": sum(e["t1"] - e["t0"] for e in batches),
                     "load": load}
                runs[workers].append(r)
                print(f"  {workers} actor{'s' if workers > 1 else ' '}: {total:5.1f} s = start {first:4.1f} s "
                      f"(model load {r['model_load']:.1f} s per actor, in parallel) + extraction stage "
                      f"{r['stage']:4.1f} s + end {r['end']:3.1f} s (saving in SQLite {r['save']:.1f} s); "
                      f"the actors' batches got {r['cpu']:.1f} CPU s in {r['busy']:.1f} s "
                      f"({r['cpu'] / r['busy']:.2f} of a core each); load average {load:.1f}", flush=True)
    finally:
        distributed._Extractor = plain
        ray.shutdown()
        shutil.rmtree(stamps.parent, ignore_errors=True)
    best = {w: min(rs, key=lambda r: r["total"]) for w, rs in runs.items()}
    stage = {w: min(r["stage"] for r in rs) for w, rs in runs.items()}
    stage_eff = stage[1] / (cores * stage[cores])
    print(f"  extraction stage only (fastest runs; not end to end): one actor {stage[1]:.1f} s, {cores} actors "
          f"{stage[cores]:.1f} s: efficiency {stage_eff:.2f}; the start and the end are the serial part "
          f"of the end-to-end figure", flush=True)
    return {"docs": n_docs, "cores": cores, "t1": best[1]["total"], "tn": best[cores]["total"],
            "efficiency": best[1]["total"] / (cores * best[cores]["total"]), "stage_efficiency": stage_eff,
            "runs": runs, "ray_start": ray_start}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--no-throughput", action="store_true")
    args = ap.parse_args(argv if argv is not None else [])
    sizes = sorted(args.sizes)
    if not args.no_throughput:
        r = throughput()
        ratio = r["raw_s"] / r["pipeline_s"]
        print(f"{'extraction, one process':<34}{'docs/s':>10}{'tokens/s':>11}")
        print(f"{'raw nlp.pipe (en_core_web_sm)':<34}{r['docs'] / r['raw_s']:>10.1f}{r['tokens'] / r['raw_s']:>11.0f}")
        print(f"{'rashomon extraction':<34}{r['docs'] / r['pipeline_s']:>10.1f}{r['tokens'] / r['pipeline_s']:>11.0f}")
        print(f"ratio {ratio:.2f} (target >= {RAW_RATIO_TARGET}) on {r['docs']} documents, {r['tokens']} tokens "
              "(the faster of two runs each, run alternately)\n",
              flush=True)
    base = base_store(sizes[-1])
    rows = []
    work = CACHE / "runs"
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'documents':>9} {'corpus stages':>13} {'stories':>8} {'analysis':>9} {'save':>6} {'peak MB':>8} "
          f"{'store KB/doc':>13} {'findings':>9} {'stories':>8}", flush=True)
    for n in sizes:
        path = subset(base, n, work / f"n{n}.db")
        r = _in_child("--corpus-stages", str(path))
        st = r["stages"]
        size_kb = os.path.getsize(path) / 1024 / n
        rows.append((n, r["seconds"]))
        print(f"{n:>9} {r['seconds']:>12.1f}s "
              + " ".join(f"{st.get(k, 0):>{w}.1f}" for k, w in (("grouping into stories", 8),
                                                                ("analysing the stories", 9), ("saving", 6)))
              + f" {r['peak_mb']:>8.0f} {size_kb:>13.1f} {r['findings']:>9} {r['stories']:>8}", flush=True)
    if len(rows) >= 2:
        b = fit_exponent([n for n, _ in rows], [s for _, s in rows])
        print(f"fitted exponent of the corpus stages, {rows[0][0]} to {rows[-1][0]} documents: {b:.2f} "
              f"(target <= {EXPONENT_TARGET})")
    for n in sorted({min(sizes[-1], 10_000), sizes[-1]}):
        r = _in_child("--add-one", str(work / f"n{n}.db"))
        print(f"adding one document to {n} and analysing: {r['seconds']:.1f} s (its extraction, the stories "
              f"found again, the story it joins analysed, the others read back)", flush=True)
    small = subset(base, sizes[0], work / "report.db")
    _in_child("--corpus-stages", str(small))
    for n, db in ((sizes[0], small), (min(sizes[-1], 10_000), work / f"n{min(sizes[-1], 10_000)}.db")):
        report = work / f"report-{n}.html"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rashomon", "report", str(report), "--db", str(db)],
                       check=True, capture_output=True, cwd=ROOT)
        budget = " (budget 10 MB)" if n == sizes[0] else ""
        print(f"HTML report at {n:,} documents: {report.stat().st_size / 2**20:.1f} MB{budget}, "
              f"written in {time.perf_counter() - t:.0f} s", flush=True)
    r = ray_efficiency()
    if r is None:
        print("Ray Data: not installed (pip install 'rashomon[ray]')")
    else:
        print(f"Ray Data, extraction of {r['docs']} documents on a local Ray: one actor {r['t1']:.1f} s, "
              f"{r['cores']} actors {r['tn']:.1f} s: parallel efficiency {r['efficiency']:.2f} on {r['cores']} cores")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--corpus-stages":
        print(json.dumps(run_corpus_stages(sys.argv[2])))
    elif len(sys.argv) == 3 and sys.argv[1] == "--add-one":
        print(json.dumps(add_one(sys.argv[2])))
    else:
        main(sys.argv[1:])
