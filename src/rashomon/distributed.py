"""`rashomon analyze --ray ADDRESS`: extraction and the corpus stages on a Ray cluster, with Ray Data.

Extraction is a `map_batches` over the pending documents, each batch parsed and extracted by an actor that
loads the language model once; the corpus stages are a `map` over the stories to compute (keyed by the
story's key, each row carrying the story's documents, mentions and parses), since statements of different
stories are never compared. The store stays on this machine: rows go out through Ray's object store and the
results come back here to be saved, so the cluster needs rashomon installed, not the store. Without an
address ("local"), Ray starts on this machine. Optional: `pip install 'rashomon[ray]'`.
"""
from __future__ import annotations

import base64
import json
import tempfile
from dataclasses import asdict
from pathlib import Path

from .models import Document, IngestError, Mention, Sentence
from .story_stages import StoryWork

BATCH_DOCUMENTS = 16     # documents an extraction actor parses at a time (spaCy's nlp.pipe batch)


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


class _Extractor:
    """A Ray Data actor: loads the language model once, then extracts batch after batch."""

    def __init__(self):
        from .extract.nlp import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch: dict) -> dict:
        from .pipeline import extract_documents

        docs = [Document(**json.loads(x)) for x in batch["doc"]]
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
        return out


def extract_on_ray(store, workers: int | None = None, errors: list[IngestError] | None = None,
                   progress=None) -> int:
    """Extract every pending document on Ray (connect first) with `workers` actors (default: one per CPU
    of the cluster); results are saved here as they come back, and `progress(done, total)` hears of each.
    Returns how many documents were analysed."""
    import ray

    from .pipeline import _report

    pending = store.documents(pending=True)
    if not pending:
        return 0
    by_id = {d.id: d for d in pending}
    workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    ds = ray.data.from_items([{"doc": json.dumps(asdict(d))} for d in pending])
    found = ds.map_batches(_Extractor, batch_size=BATCH_DOCUMENTS, num_cpus=1, batch_format="numpy",
                           compute=ray.data.ActorPoolStrategy(size=min(workers, len(pending))))
    done = 0
    if progress:
        progress(0, len(pending))
    for i, row in enumerate(found.iter_rows(), 1):
        if progress:
            progress(i, len(pending))
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


def _story_row(work: StoryWork) -> dict:
    return {"key": work.key,
            "docs": json.dumps([asdict(d) for d in work.docs.values()]),
            "mentions": json.dumps([asdict(m) for m in work.mentions]),
            "parses": json.dumps({d: base64.b64encode(p).decode("ascii") for d, p in work.parses.items()})}


def _run_story_row(row: dict, aliases_text: str | None) -> dict:
    """On a Ray worker: one story's results from its row."""
    docs = [Document(**d) for d in json.loads(row["docs"])]
    work = StoryWork(row["key"], {d.id: d for d in docs}, [Mention(**m) for m in json.loads(row["mentions"])],
                     {d: base64.b64decode(p) for d, p in json.loads(row["parses"]).items()})
    if aliases_text is None:
        return {"key": work.key, "data": work.run(None)}
    with tempfile.TemporaryDirectory() as tmp:      # the aliases file is the driver's: its text travels
        path = Path(tmp) / "aliases.json"
        path.write_text(aliases_text, encoding="utf-8")
        return {"key": work.key, "data": work.run(path)}


def run_stories_on_ray(works, aliases: str | Path | None) -> dict[str, str]:
    """`story_stages.run_stories` on Ray: a map over the stories to compute, key -> results JSON."""
    import ray

    rows = [_story_row(w) for w in works]
    if not rows:
        return {}
    aliases_text = Path(aliases).read_text(encoding="utf-8") if aliases else None
    ds = ray.data.from_items(rows).map(_run_story_row, fn_kwargs={"aliases_text": aliases_text}, num_cpus=1)
    return {row["key"]: row["data"] for row in ds.iter_rows()}


def analyze_on_ray(store, address: str | None = None, aliases: str | Path | None = None,
                   errors: list[IngestError] | None = None, stage=None, workers: int | None = None) -> int:
    """`pipeline.analyze` with extraction and the corpus stages on Ray. Returns documents newly analysed."""
    from .pipeline import analyze_corpus

    tell = stage or (lambda _: None)
    tell("starting Ray")
    connect(address)
    tell("extracting")
    n = extract_on_ray(store, workers=workers, errors=errors)
    analyze_corpus(store, aliases=aliases, stage=stage, run_stories=run_stories_on_ray)
    return n
