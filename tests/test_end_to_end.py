"""End to end on the seeds: ingest, analyse, export (validated against the schema), grade with the scorer.

The floors below are the seeds scores as measured; raise them when a change improves them, never lower
them silently (like trafilatura's evaluation gate).
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import shared_or_skip

FLOORS = {
    "mention_recall": 1.0,
    "timex_recall": 1.0,
    "timex_accuracy": 1.0,
    "value_accuracy": 0.92,        # 25/27: two place quotes overlap two mentions each (see the README)
    "attribution_accuracy": 1.0,
    "inconsistency_recall": 1.0,
    "entity_precision": 1.0,
    "entity_recall": 0.93,
    "conflict_recall": 1.0,
    "agreement_recall": 0.9,
}
CEILINGS = {
    "false_conflict_rate": 0.0,
    "conflicts_reported": 15,
}


def _scorer():
    shared = shared_or_skip()
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod, json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(seeds_export):
    mod, gold = _scorer()
    return mod.score(gold, mod.Export(seeds_export))


def test_export_follows_the_contract_schema(seeds_export):
    from rashomon.export import validate_export

    validate_export(seeds_export)


def test_every_mention_points_into_its_document(seeds_export):
    texts = {d["id"]: d["text"] for d in seeds_export["documents"]}
    for m in seeds_export["mentions"]:
        assert texts[m["doc"]][m["start"]:m["end"]] == m["text"], m


def test_all_five_seeds_are_ingested(seeds_export):
    assert sorted(d["file"] for d in seeds_export["documents"]) == [
        "000_74dbda113a048172.txt", "001_2839d99d62592b5a.txt", "002_cac9b96cea816975.txt",
        "003_b3cb6dc92e9a9a2d.txt", "004_48d7fdfcf0369b38.txt"]


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_seeds_score_floor(scores, metric):
    assert scores[metric] is not None and scores[metric] >= FLOORS[metric], (metric, scores)


@pytest.mark.parametrize("metric", sorted(CEILINGS))
def test_seeds_score_ceiling(scores, metric):
    assert scores[metric] is not None and scores[metric] <= CEILINGS[metric], (metric, scores)


def test_scorer_cli_runs_on_the_export(seeds_export, tmp_path):
    import subprocess
    import sys

    shared = shared_or_skip()
    out = tmp_path / "seeds.json"
    out.write_text(json.dumps(seeds_export), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--gold",
                           str(shared / "gold" / "seeds.json"), "--export", str(out)],
                          capture_output=True, text=True, check=True)
    assert "conflict_recall=" in proc.stdout


def test_the_whole_pipeline_survives_garbage(tmp_path):
    """Random mixtures of dates, figures, names, markup and punctuation: no stage crashes, every span holds
    and the export still follows the schema."""
    import random

    import rashomon
    from rashomon.export import validate_export

    rng = random.Random(3)
    words = ("the army said killed people on March 3 , 1990 in Kerend over 2,500 about 1,000 tens of tanks "
             "according to ministry founded Operation X ( NLA ) 's — : “ ” 23rd Friday , July 23rd , 1988 "
             "no one was killed between 100 and 200 thousand West Karand . ? \n \n\n Mr. Resolution # 598 "
             "p. 400 % $ 5 million").split(" ")
    folder = tmp_path / "garbage"
    folder.mkdir()
    for i in range(8):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 300)))
        name = f"g{i}.html" if i % 4 == 0 else f"g{i}.txt"
        (folder / name).write_text(f"<p>{text}</p>" if name.endswith(".html") else "Title\n\n" + text,
                                   encoding="utf-8")
    data = rashomon.analyze([folder], db=tmp_path / "g.db")
    validate_export(data)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert all(texts[m["doc"]][m["start"]:m["end"]] == m["text"] for m in data["mentions"])
