"""The same documents give the same export in every run: no finding, event label or story may depend on
the order Python happens to iterate a set in (string hashing is salted per process, PYTHONHASHSEED).
An event label of one dev corpus once changed between runs on a tie between two names."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import shared_or_skip


def _export(docs, tmp_path, seed: str) -> bytes:
    db, out = tmp_path / f"run{seed}.db", tmp_path / f"run{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    for command, *args in (["ingest", str(docs)], ["analyze"], ["export", "--format", "json", str(out)]):
        subprocess.run([sys.executable, "-m", "rashomon", command, "--db", str(db), *args], env=env, check=True,
                       capture_output=True, timeout=600)
    return out.read_bytes()


def test_export_is_the_same_whatever_the_hash_seed(tmp_path):
    docs = shared_or_skip() / "dev" / "hurricane_maria" / "docs"
    # seeds 1 and 3 gave two different labels to one event before ties were broken by entity id
    assert _export(docs, tmp_path, "1") == _export(docs, tmp_path, "3")
