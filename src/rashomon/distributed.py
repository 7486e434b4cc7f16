"""`rashomon analyze --ray ADDRESS`: extraction and the corpus stages on a Ray cluster, with Ray Data.

Extraction reads the pending documents from Parquet files (`ray.data.read_parquet`), runs a `map_batches`
over them, each batch parsed and extracted by an actor that loads the language model once, and writes the
results as Parquet (`write_parquet`). The corpus stages read one row per (story, document) — the story's
key, the document, its mentions as extracted and its parse — and run a keyed `groupby(key).map_groups`, one
call per story, since statements of different stories are never compared; their results are written as
Parquet too. The store stays on this machine: the driver writes the inputs and reads the results back to
save them, so the cluster needs rashomon installed and the folder, not the store.

The folder (`--ray-dir`) is one every node can read: a shared mount or a URI such as s3://bucket/run.
Without one, a temporary folder here when every Ray node is this machine ("local"); on a cluster, the same
datasets built in memory, their rows going through Ray's object store. Optional: `pip install 'rashomon[ray]'`.
"""
from __future__ import annotations

import itertools
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path

from .models import Document, IngestError, Mention, Sentence
from .story_stages import StoryWork

BATCH_DOCUMENTS = 16     # documents an extraction actor parses at a time (spaCy's nlp.pipe batch)
FILE_DOCUMENTS = 1024    # at most this many documents in one input Parquet file
FILE_STORY_ROWS = 256    # about this many (story, document) rows in one input Parquet file
WATCH_SECONDS = 2.0      # how often the rows written to --ray-dir are counted, for the progress bar
_DOC_FIELDS = [f.name for f in fields(Document)]
# the folders rashomon writes in --ray-dir (each emptied before it is written)
DOCUMENTS, EXTRACTED, STORY_ROWS, STORIES = "documents", "extracted", "story-rows", "stories"


class RayDirError(Exception):
    """--ray-dir cannot be used; the message is one line naming the folder and the reason."""


def connect(address: str | None = None) -> None:
    """Join the Ray cluster at `address` ("auto": the one this machine belongs to), or start Ray here
    (None or "local")."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("--ray needs Ray Data: pip install 'rashomon[ray]'") from None
    if ray.is_initialized():
        return
    import logging

    kwargs = {"include_dashboard": False, "log_to_driver": False}
    if address and address != "local":
        ray.init(address=address, **kwargs)
    else:
        ray.init(**kwargs)
    for name in ("ray", "ray.data"):          # Ray Data's progress lines are not the user's business
        logging.getLogger(name).setLevel(logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False


# --- where the rows go: a folder (--ray-dir, or a temporary one here) or memory ---------------------------

def _uri(ray_dir: str | Path) -> str:
    """A local path made absolute (the workers' working folders are not ours); a URI (s3://...) as is."""
    text = str(ray_dir)
    return text.rstrip("/") if "://" in text else str(Path(text).expanduser().resolve())


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.errno and e.strerror:
        return e.strerror
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def check_ray_dir(ray_dir: str | Path) -> str:
    """Make sure `ray_dir` can be written (it is created when missing): its URI, or RayDirError."""
    try:
        import pyarrow.fs as pafs
    except ImportError:
        raise RuntimeError("--ray needs Ray Data: pip install 'rashomon[ray]'") from None
    uri = _uri(ray_dir)
    try:
        fs, root = pafs.FileSystem.from_uri(uri)
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.File:
            raise NotADirectoryError(20, os.strerror(20))
        fs.create_dir(root, recursive=True)
        probe = f"{root}/.rashomon-probe"
        with fs.open_output_stream(probe) as f:
            f.write(b"ok")
        fs.delete_file(probe)
    except Exception as e:          # pyarrow's errors are OSError, ValueError or ArrowException
        raise RayDirError(f"--ray-dir {ray_dir} cannot be written: {_reason(e)}") from None
    return uri


def _read_parquet(uri: str, blocks: int | None):
    """`ray.data.read_parquet` of rashomon's own files (few, small, written just before), in `blocks` blocks
    when given, with Ray Data's first Parquet reader. Its newer one (the default from Ray 2.60,
    `DataContext.use_datasource_v2`) starts a pool of Ray actors to read the files' footers at every read:
    seconds of worker start for a few small files, and an actor that waits for a CPU slot while the
    extraction actors hold them all. The read tasks reserve no CPU (`num_cpus=0`): they read a few hundred
    kilobytes, and reserving one would leave them waiting for the CPUs the extraction actors hold."""
    import inspect

    import ray

    ctx = ray.data.DataContext.get_current()
    v2 = getattr(ctx, "use_datasource_v2", None)
    no_cpu = ({"num_cpus": 0} if "num_cpus" in inspect.signature(ray.data.read_parquet).parameters
              else {"ray_remote_args": {"num_cpus": 0}})
    if v2:
        ctx.use_datasource_v2 = False
    try:
        return ray.data.read_parquet(uri, override_num_blocks=blocks, **no_cpu)
    finally:
        if v2:
            ctx.use_datasource_v2 = v2


def _write_parquet(ds, uri: str) -> None:
    """`ds.write_parquet(uri)` in files of FILE_DOCUMENTS rows or so, not one per block. Each write task
    starts a Ray worker process (seconds of imports on a busy machine): one per block, they took the CPU
    from the extraction actors while they worked (or, holding a CPU slot as they do, they wait for the
    actors to end and then come one after the other). The write tasks keep their CPU slot: run beside the
    actors with none (num_cpus=0), their starts slowed the actors more than waiting costs."""
    import inspect

    fewer = ({"min_rows_per_file": FILE_DOCUMENTS}
             if "min_rows_per_file" in inspect.signature(ds.write_parquet).parameters else {})
    ds.write_parquet(uri, **fewer)


class _Folder:
    """Datasets read from Parquet files the driver writes, results written as Parquet and read back here."""

    def __init__(self, uri: str):
        import pyarrow.fs as pafs

        self.uri = uri
        self.fs, self.root = pafs.FileSystem.from_uri(uri)

    def _fresh(self, name: str) -> str:
        path = f"{self.root}/{name}"
        self.fs.create_dir(path, recursive=True)
        self.fs.delete_dir_contents(path)       # a run's files only, never an earlier run's
        return path

    def dataset(self, name: str, tables: Iterable, block_rows: int | None = None):
        """The tables written as name/part-00000.parquet... and read back by Ray Data (in blocks of about
        `block_rows` rows when given); None when empty."""
        import pyarrow.parquet as pq

        path, n, rows = self._fresh(name), 0, 0
        for table in tables:
            pq.write_table(table, f"{path}/part-{n:05d}.parquet", filesystem=self.fs)
            n, rows = n + 1, rows + table.num_rows
        if not n:
            return None
        blocks = max(n, math.ceil(rows / block_rows)) if block_rows else None
        return _read_parquet(f"{self.uri}/{name}", blocks)

    def _files(self, name: str) -> list[str]:
        import pyarrow.fs as pafs

        return sorted(i.path for i in self.fs.get_file_info(pafs.FileSelector(f"{self.root}/{name}"))
                      if i.type == pafs.FileType.File and i.path.endswith(".parquet"))

    def results(self, name: str, ds, seen=None) -> Iterator[dict]:
        """Run `ds`, writing its rows to name/ as Parquet (`seen(rows)` hears every few seconds how many
        rows are written), then read them here, file by file."""
        import pyarrow.parquet as pq

        self._fresh(name)
        self._write(ds, name, seen)
        for path in self._files(name):
            with self.fs.open_input_file(path) as f:
                for batch in pq.ParquetFile(f).iter_batches(batch_size=BATCH_DOCUMENTS):
                    yield from batch.to_pylist()

    def _write(self, ds, name: str, seen) -> None:
        import threading

        import pyarrow.parquet as pq

        if seen is None:
            _write_parquet(ds, f"{self.uri}/{name}")
            return
        failed: list[BaseException] = []

        def write():
            try:
                _write_parquet(ds, f"{self.uri}/{name}")
            except BaseException as e:      # raised again here
                failed.append(e)

        writer = threading.Thread(target=write, name="rashomon-ray-write", daemon=True)
        writer.start()
        rows: dict[str, int] = {}
        while writer.is_alive():
            writer.join(WATCH_SECONDS)
            for path in self._files(name):
                if path not in rows:
                    try:
                        rows[path] = pq.read_metadata(path, filesystem=self.fs).num_rows
                    except Exception:       # still being written: its footer is not there yet
                        pass
            seen(sum(rows.values()))
        if failed:
            raise failed[0]


class _Memory:
    """The same datasets built from the driver's tables, rows going through Ray's object store."""

    def dataset(self, name: str, tables: Iterable, block_rows: int | None = None):
        import ray

        if block_rows:
            tables = [t.slice(i, block_rows) for t in tables for i in range(0, t.num_rows, block_rows)]
        tables = list(tables)
        return ray.data.from_arrow(tables) if tables else None

    def results(self, name: str, ds, seen=None) -> Iterator[dict]:
        i = 0
        for batch in ds.iter_batches(batch_size=BATCH_DOCUMENTS, batch_format="pyarrow"):
            for row in batch.to_pylist():
                i += 1
                if seen:
                    seen(i)
                yield row


def _all_here() -> bool:
    """Every live Ray node is this machine (and this is not a Ray Client session): a local folder will do."""
    import ray

    try:
        if ray.util.client.ray.is_connected():
            return False
        here = ray.util.get_node_ip_address()
        return all(n["NodeManagerAddress"] == here for n in ray.nodes() if n.get("Alive"))
    except Exception:
        return False


@contextmanager
def _io(ray_dir: str | Path | None):
    """Where a run's rows go: --ray-dir (kept afterwards), a temporary folder here when Ray runs only on this
    machine (removed afterwards), else memory."""
    if ray_dir is not None:
        yield _Folder(check_ray_dir(ray_dir))
    elif _all_here():
        tmp = tempfile.mkdtemp(prefix="rashomon-ray-")
        try:
            yield _Folder(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        yield _Memory()


# --- extraction: read_parquet -> map_batches over actors -> write_parquet --------------------------------

def _document_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in _DOC_FIELDS])


def _document_tables(docs: list[Document], per_file: int) -> Iterator:
    import pyarrow as pa

    schema = _document_schema()
    for i in range(0, len(docs), per_file):
        yield pa.Table.from_pylist([asdict(d) for d in docs[i:i + per_file]], schema=schema)


def _extracted_schema():
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("parse", pa.binary()), ("sentences", pa.string()),
                      ("mentions", pa.string()), ("failed", pa.string())])


class _Extractor:
    """A Ray Data actor: loads the language model once, then extracts batch after batch."""

    def __init__(self):
        from .extract.nlp import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch):
        import pyarrow as pa

        from .pipeline import extract_documents

        docs = [Document(**{k: row.get(k) for k in _DOC_FIELDS}) for row in batch.to_pylist()]
        out: dict[str, list] = {"id": [], "parse": [], "sentences": [], "mentions": [], "failed": []}
        for doc, found in extract_documents(docs, self.nlp):
            out["id"].append(doc.id)
            if isinstance(found, str):
                out["parse"].append(b"")
                out["sentences"].append("[]")
                out["mentions"].append("[]")
                out["failed"].append(found)
            else:
                parse, sentences, mentions = found
                out["parse"].append(parse)
                out["sentences"].append(json.dumps([asdict(s) for s in sentences]))
                out["mentions"].append(json.dumps([asdict(m) for m in mentions]))
                out["failed"].append("")
        return pa.Table.from_pydict(out, schema=_extracted_schema())


def extract_on_ray(store, workers: int | None = None, errors: list[IngestError] | None = None,
                   progress=None, ray_dir: str | Path | None = None) -> int:
    """Extract every pending document on Ray (connect first) with `workers` actors (default: one per CPU
    of the cluster). The documents go to `ray_dir`/documents/ as Parquet, the results to
    `ray_dir`/extracted/ (see `_io` without a folder); they are saved here as they are read back, and
    `progress(done, total)` hears of each. Returns how many documents were analysed."""
    import ray

    from .pipeline import _report

    pending = store.documents(pending=True)
    if not pending:
        return 0
    by_id = {d.id: d for d in pending}
    workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    done = 0
    if progress:
        progress(0, len(pending))
    with _io(ray_dir) as io:
        # blocks of at most a batch, as many for each actor (a last actor left alone with the last batch is
        # time the others idle); read as the actors go: the read tasks hold no CPU (see _read_parquet)
        blocks = math.ceil(len(pending) / BATCH_DOCUMENTS)
        size = min(workers, blocks)
        blocks = size * math.ceil(blocks / size)
        ds = io.dataset(DOCUMENTS, _document_tables(pending, FILE_DOCUMENTS),
                        block_rows=math.ceil(len(pending) / blocks))
        # an actor takes one block at a time: one that is done takes the next, none waits behind a slower one
        found = ds.map_batches(_Extractor, batch_size=BATCH_DOCUMENTS, num_cpus=1, batch_format="pyarrow",
                               compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=1))
        for row in io.results(EXTRACTED, found, seen=progress and (lambda i: progress(i, len(pending)))):
            doc = by_id[row["id"]]
            if row["failed"]:
                _report(errors, doc, row["failed"])
                store.mark_failed(doc.id, row["failed"])
                continue
            store.save_extraction(doc.id, bytes(row["parse"]),
                                  [Sentence(**s) for s in json.loads(row["sentences"])],
                                  [Mention(**m) for m in json.loads(row["mentions"])])
            done += 1
    return done


# --- the stories: one row per (story, document) -> groupby(key).map_groups -> write_parquet ---------------

def _story_row_schema():
    import pyarrow as pa

    return pa.schema([("key", pa.string()), ("position", pa.int32()),
                      *[(name, pa.string()) for name in _DOC_FIELDS],
                      ("mentions", pa.string()),          # JSON: [[index in the story's mentions, mention]...]
                      ("parse", pa.binary())])            # null: the document has no parse (it failed)


def _story_tables(works: Iterable[StoryWork]) -> Iterator:
    """One row per (story, document), files of about FILE_STORY_ROWS rows; a story's rows share a file."""
    import pyarrow as pa

    schema, rows = _story_row_schema(), []
    for work in works:
        at: dict[str, list] = {d: [] for d in work.docs}
        for i, m in enumerate(work.mentions):
            at[m.doc].append([i, asdict(m)])
        for pos, (doc_id, doc) in enumerate(work.docs.items()):
            rows.append({"key": work.key, "position": pos, **asdict(doc),
                         "mentions": json.dumps(at[doc_id]), "parse": work.parses.get(doc_id)})
        if len(rows) >= FILE_STORY_ROWS:
            yield pa.Table.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=schema)


def _work_of(rows: list[dict]) -> StoryWork:
    """A story's rows (in any order) back into its StoryWork: documents and mentions in their order."""
    rows = sorted(rows, key=lambda r: r["position"])
    docs = {r["id"]: Document(**{k: r[k] for k in _DOC_FIELDS}) for r in rows}
    mentions = sorted((im for r in rows for im in json.loads(r["mentions"])), key=lambda im: im[0])
    return StoryWork(rows[0]["key"], docs, [Mention(**m) for _, m in mentions],
                     {r["id"]: r["parse"] for r in rows if r["parse"] is not None})


def _run_story_group(group, aliases_text: str | None):
    """On a Ray worker: one story's results from its rows (a pyarrow table)."""
    import pyarrow as pa

    work = _work_of(group.to_pylist())
    if aliases_text is None:
        data = work.run(None)
    else:
        with tempfile.TemporaryDirectory() as tmp:      # the aliases file is the driver's: its text travels
            path = Path(tmp) / "aliases.json"
            path.write_text(aliases_text, encoding="utf-8")
            data = work.run(path)
    return pa.table({"key": [work.key], "data": [data]})


def run_stories_on_ray(works: Iterable[StoryWork], aliases: str | Path | None,
                       ray_dir: str | Path | None = None) -> dict[str, str]:
    """`story_stages.run_stories` on Ray: the stories' rows written to `ray_dir`/story-rows/, a
    groupby(key).map_groups over them, the results written to `ray_dir`/stories/ and read back here
    (see `_io` without a folder). key -> results JSON."""
    import ray

    works = iter(works)
    first = next(works, None)
    if first is None:                   # nothing to compute: --ray-dir keeps the last run's files
        return {}
    aliases_text = Path(aliases).read_text(encoding="utf-8") if aliases else None
    keys: set[str] = set()

    def counted(works):
        for w in works:
            keys.add(w.key)
            yield w

    with _io(ray_dir) as io:
        ds = io.dataset(STORY_ROWS, _story_tables(counted(itertools.chain([first], works))))
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        found = ds.groupby("key", num_partitions=max(1, min(len(keys), 4 * cpus))).map_groups(
            _run_story_group, batch_format="pyarrow", fn_kwargs={"aliases_text": aliases_text}, num_cpus=1)
        return {row["key"]: row["data"] for row in io.results(STORIES, found)}


def analyze_on_ray(store, address: str | None = None, aliases: str | Path | None = None,
                   errors: list[IngestError] | None = None, stage=None, workers: int | None = None,
                   ray_dir: str | Path | None = None) -> int:
    """`pipeline.analyze` with extraction and the corpus stages on Ray. Returns documents newly analysed."""
    from functools import partial

    from .pipeline import analyze_corpus

    tell = stage or (lambda _: None)
    if ray_dir is not None:
        check_ray_dir(ray_dir)                      # before Ray starts
    tell("starting Ray")
    connect(address)
    tell("extracting")
    n = extract_on_ray(store, workers=workers, errors=errors, ray_dir=ray_dir)
    analyze_corpus(store, aliases=aliases, stage=stage, run_stories=partial(run_stories_on_ray, ray_dir=ray_dir))
    return n
