"""Shared fixtures: where ../shared is, and one analysed seeds store for the end-to-end tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))


def shared_or_skip() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seeds, gold, scorer) is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory):
    """The seeds ingested, analysed and exported once per test session."""
    shared = shared_or_skip()
    from rashomon.export import build_export
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as store:
        report = ingest(store, [shared / "seeds"])
        assert not report.errors
        analyze(store)
        return build_export(store)
