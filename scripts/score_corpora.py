"""Grades rashomon on the seeds and every dev corpus beside the project (../shared/dev/*/docs + gold.json).

    python scripts/score_corpora.py [--shared ../shared] [--out build/score] [--only NAME] [--json]
                                    [--readme README.md]

Each corpus is ingested into its own fresh store, analysed, exported (CONTRACT.md) and graded with
../shared/tools/score.py; one row per corpus is printed, and written as the README table's rows to
<out>/table.md (`--readme` rewrites them in the README). `make score` runs this; `make readme-scores`
rewrites the README's table.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

COLUMNS = ["conflict_recall", "conflict_precision", "false_conflict_rate", "agreement_recall",
           "value_accuracy", "attribution_accuracy", "conflicts_reported"]


def corpora(shared: Path) -> list[tuple[str, Path, Path]]:
    """(name, docs folder, gold file) for the seeds and each dev corpus that has both."""
    out = [("seeds", shared / "seeds", shared / "gold" / "seeds.json")]
    for d in sorted((shared / "dev").glob("*")):
        if (d / "docs").is_dir() and (d / "gold.json").is_file():
            out.append((d.name, d / "docs", d / "gold.json"))
    return out


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("rashomon_score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_corpus(docs: Path, db: Path) -> dict:
    """Ingest, analyse and export one corpus into a fresh store; returns the export."""
    from rashomon.export import build_export
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with Store(db) as store:
        ingest(store, [docs])
        analyze(store)
        return build_export(store)


def grade(scorer, gold_path: Path, export: dict) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if isinstance(gold, list):
        gold = {"slots": gold}
    return scorer.score(gold, scorer.Export(export))


def markdown_row(name: str, scores: dict) -> str:
    """The README table's row for one corpus: | name | each COLUMNS value |."""
    return "| " + " | ".join([name] + [str(scores.get(c)) for c in COLUMNS]) + " |"


def update_readme(readme: Path, results: dict) -> None:
    """Rewrite the rows of the README's score table (the lines starting "| <corpus> |") from `results`."""
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        for name, scores in results.items():
            if line.startswith(f"| {name} |"):
                lines[i] = markdown_row(name, scores) + "\n"
    readme.write_text("".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--out", default="build/score")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--json", action="store_true", help="print every corpus's full scores as JSON")
    ap.add_argument("--readme", help="rewrite this README's score table rows from the scores")
    a = ap.parse_args(argv)
    shared, out = Path(a.shared), Path(a.out)
    if not (shared / "tools" / "score.py").is_file():
        print(f"score: {shared / 'tools' / 'score.py'}: not found", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(shared)
    results = {}
    print(f"{'corpus':<18}" + "".join(f"{c:>22}" for c in COLUMNS) + f"{'seconds':>10}")
    for name, docs, gold in corpora(shared):
        if a.only and name not in a.only:
            continue
        t = time.perf_counter()
        export = run_corpus(docs, out / f"{name}.db")
        (out / f"{name}.json").write_text(json.dumps(export), encoding="utf-8")
        s = results[name] = grade(scorer, gold, export)
        print(f"{name:<18}" + "".join(f"{str(s.get(c)):>22}" for c in COLUMNS) + f"{time.perf_counter() - t:>10.1f}")
    (out / "table.md").write_text("".join(markdown_row(n, s) + "\n" for n, s in results.items()), encoding="utf-8")
    if a.readme:
        update_readme(Path(a.readme), results)
    if a.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
