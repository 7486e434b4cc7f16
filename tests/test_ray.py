"""`rashomon analyze --ray local`: extraction and the corpus stages on a local Ray instance (Ray Data) give
the export the single-process analysis gives. The corpus is made-up news (benchmarks/synthetic_news.py)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from benchmarks.synthetic_news import corpus
from rashomon.models import Document
from rashomon.store import Store

pytest.importorskip("ray.data")


def _store(path, docs) -> str:
    with Store(path) as store:
        for title, text in docs:
            store.add_document(Document(text=text, title=title, content_hash=hashlib.sha256(text.encode()).hexdigest()))
    return str(path)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rashomon", *args], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "RAY_ADDRESS": ""})


def test_analysis_on_ray_equals_the_single_process_one(tmp_path):
    docs = corpus(24, seed=8)
    here, on_ray = _store(tmp_path / "here.db", docs), _store(tmp_path / "ray.db", docs)
    assert _run("analyze", "--db", here, "-q").returncode == 0
    done = _run("analyze", "--db", on_ray, "--ray", "local")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "24 documents analysed" in done.stdout
    exports = []
    for db in (here, on_ray):
        out = tmp_path / (os.path.basename(db) + ".json")
        assert _run("export", "--db", db, "--format", "json", str(out)).returncode == 0
        exports.append(json.loads(out.read_text(encoding="utf-8")))
    assert exports[0] == exports[1]
    assert exports[0]["findings"] and len(exports[0]["stories"]) >= 2


def test_analysis_through_a_ray_dir_writes_parquet_and_equals_the_single_process_one(tmp_path):
    """--ray-dir: the documents, the extraction results, the stories' rows and their results are Parquet
    files there (read_parquet, map_batches / groupby(key).map_groups, write_parquet), and the export is
    the single-process one."""
    import pyarrow.parquet as pq

    docs = corpus(12, seed=21)      # two stories: 8 and 4 documents
    here, on_ray = _store(tmp_path / "here.db", docs), _store(tmp_path / "ray.db", docs)
    assert _run("analyze", "--db", here, "-q").returncode == 0
    shared = tmp_path / "shared"
    (shared / "extracted").mkdir(parents=True)
    (shared / "extracted" / "stale.parquet").write_bytes(b"an earlier run's file")   # emptied first
    done = _run("analyze", "--db", on_ray, "--ray", "local", "--ray-dir", str(shared))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "12 documents analysed" in done.stdout
    rows = {name: pq.read_table(shared / name).num_rows for name in ("documents", "extracted", "story-rows", "stories")}
    assert rows["documents"] == rows["extracted"] == rows["story-rows"] == 12
    exports = []
    for db in (here, on_ray):
        out = tmp_path / (os.path.basename(db) + ".json")
        assert _run("export", "--db", db, "--format", "json", str(out)).returncode == 0
        exports.append(json.loads(out.read_text(encoding="utf-8")))
    assert exports[0] == exports[1]
    assert rows["stories"] == len(exports[0]["stories"]) >= 2


def test_a_story_travels_as_one_row_per_document_and_comes_back_whole():
    """The rows the groupby gets (any order) give back the story's documents, mentions and parses in order."""
    import random

    import pyarrow as pa

    from rashomon.distributed import _story_tables, _work_of
    from rashomon.models import Mention
    from rashomon.story_stages import StoryWork

    docs = {d: Document(text=f"text of {d}", id=d, title=d, content_hash=d) for d in ("d10", "d2", "d3")}
    mentions = [Mention(id=f"{d}.m{i}", doc=d, start=i, end=i + 1, text="x", kind="figure", label="CARDINAL",
                        sentence=0, value=[i, i + 1]) for i in range(3) for d in ("d2", "d10", "d3")]
    work = StoryWork("k1", docs, mentions, {"d10": b"\x00parse", "d2": b""})    # d3 failed: no parse
    other = StoryWork("k2", {"d4": Document(text="t", id="d4")}, [], {})
    rows = pa.concat_tables(list(_story_tables([work, other]))).to_pylist()
    assert len(rows) == 4
    random.Random(1).shuffle(rows)
    back = _work_of([r for r in rows if r["key"] == "k1"])
    assert (back.key, list(back.docs), back.docs, back.mentions, back.parses) == \
        ("k1", ["d10", "d2", "d3"], docs, mentions, work.parses)


def test_a_ray_dir_that_cannot_be_written_is_a_one_line_error(tmp_path):
    db = _store(tmp_path / "r.db", corpus(1, seed=1))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = _run("analyze", "--db", db, "--ray", "local", "--ray-dir", str(blocker / "sub"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert f"--ray-dir {blocker / 'sub'} cannot be written" in done.stderr


def test_a_missing_ray_is_a_one_line_error(tmp_path, monkeypatch):
    import builtins

    from rashomon import distributed

    real = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(RuntimeError, match=r"pip install 'rashomon\[ray\]'"):
        distributed.connect("local")
