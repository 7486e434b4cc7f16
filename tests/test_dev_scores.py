"""Evaluation gate on the dev corpora beside the project (../shared/dev/*): each corpus is ingested,
analysed and graded with ../shared/tools/score.py, and its scores must stay at or above the floors
measured when they were last raised (like trafilatura's evaluation gate). Raise a floor when a change
improves a score; never lower one silently. The seeds have their own gate in test_end_to_end.py.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import shared_or_skip

# measured with `make score` on 2026-11-29 (see the README's table)
FLOORS = {
    # agreement recall lowered on 2026-11-30 (bhopal 0.3 -> 0.233, maria 0.208 -> 0.125): the higher figures
    # came from agreements chained through compatible pairs that set incompatible dates side by side
    # ("1928" and "September 2017" in one agreement); every agreement now states values that all agree
    "bhopal": {"conflict_recall": 0.6, "conflict_precision": 1.0, "agreement_recall": 0.233,
               "value_accuracy": 0.87, "attribution_accuracy": 0.918},
    # gulf attribution 0.732 -> 0.728 (2026-11-30): the state mentions of "in international waters" newly
    # match gold quotes whose party the attribution does not find; no earlier attribution got worse
    # gulf value accuracy 0.87 -> 0.859 (2026-11-30): times of day are now read, and the gold values "At 11:36
    # p.m." as 23:36-04:00 (a zone the sentence does not state); rashomon says 23:36
    "gulf_of_tonkin": {"conflict_recall": 0.625, "conflict_precision": 1.0, "agreement_recall": 0.185,
                       "value_accuracy": 0.859, "attribution_accuracy": 0.733},
    # maria agreement 0.125 -> 0.083 (2026-11-30): one place name written alike is now one entity across the
    # story, so the landfall winds (150/154/155 mph) are one conflict whose sides hold the agreeing values,
    # and the agreement of two "155 mph" alone is no longer a finding of its own; the date the toll was
    # revised now meets other dates of the merged entities first (one agreement gained, two lost)
    # maria attribution 0.823 -> 0.81 (2026-11-30): the windows of a count ("in the six months after") are now
    # figures of their own; two gold quotes of the window now hit them, and rashomon gives them the party of
    # their sentence ("according to the study by ...") where the gold gives none
    "hurricane_maria": {"conflict_recall": 0.625, "conflict_precision": 1.0, "agreement_recall": 0.083,
                        "value_accuracy": 0.907, "attribution_accuracy": 0.81},
}
CEILINGS = {name: {"false_conflict_rate": 0.0} for name in FLOORS}


def _score_corpora():
    spec = importlib.util.spec_from_file_location(
        "score_corpora", Path(__file__).resolve().parents[1] / "scripts" / "score_corpora.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    shared = shared_or_skip()
    sc = _score_corpora()
    scorer = sc.load_scorer(shared)
    out = {}
    for name, docs, gold in sc.corpora(shared):
        if name in FLOORS:
            export = sc.run_corpus(docs, tmp_path_factory.mktemp(name) / "x.db")
            out[name] = sc.grade(scorer, gold, export)
            out[name]["_export"] = export
    if not out:
        pytest.skip("no dev corpora beside the project")
    return out


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_every_agreement_states_values_that_all_agree(dev_scores, corpus):
    """An agreement's values agree pairwise, not only along a chain ("1928" ~ ... ~ "2017")."""
    from rashomon.compare.values import compatible
    from rashomon.models import Mention

    if corpus not in dev_scores:
        pytest.skip(f"{corpus} is not beside the project")
    export = dev_scores[corpus]["_export"]
    import calendar
    import re

    def bounds(v):
        """The first and last day of an ISO date at the precision stated (the export keeps only the value)."""
        if not isinstance(v, str) or not (g := re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)):
            return None, None
        y, mo, d = int(g[1]), int(g[2] or 0), int(g[3] or 0)
        if d:
            return v, v
        if mo:
            return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
        return f"{y:04d}-01-01", f"{y:04d}-12-31"

    fields = set(Mention.__dataclass_fields__)
    ms = {}
    for m in export["mentions"]:
        mention = Mention(**{k: v for k, v in m.items() if k in fields})
        if mention.kind == "date":
            mention.first, mention.last = bounds(mention.value)
        ms[m["id"]] = mention
    for f in export["findings"]:
        if f["type"] != "agreement" or f["what"].startswith("place"):
            continue
        vals = [ms[i] for i in f["mentions"]]
        bad = [(a.text, b.text) for i, a in enumerate(vals) for b in vals[i + 1:]
               if a.kind == b.kind == "date" and compatible(a, b) is False]
        assert not bad, (f["id"], f["what"], bad[:3])


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_dev_corpus_scores_hold_their_floors(dev_scores, corpus):
    if corpus not in dev_scores:
        pytest.skip(f"{corpus} is not beside the project")
    s = dev_scores[corpus]
    low = {k: s[k] for k, floor in FLOORS[corpus].items() if s[k] is None or s[k] < floor}
    high = {k: s[k] for k, ceil in CEILINGS[corpus].items() if s[k] is None or s[k] > ceil}
    assert not low and not high, f"{corpus}: below floor {low}, above ceiling {high}"


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_the_readme_table_is_the_measured_scores(dev_scores, corpus):
    """The README's figures come from the grading, not from a hand: its row for each dev corpus is the row
    `make readme-scores` writes from these scores."""
    if corpus not in dev_scores:
        pytest.skip(f"{corpus} is not beside the project")
    row = _score_corpora().markdown_row(corpus, dev_scores[corpus])
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert row in readme.splitlines(), f"README's {corpus} row is not the measured {row}; run make readme-scores"
