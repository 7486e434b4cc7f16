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
