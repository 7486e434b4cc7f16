"""Measures where to cut the story tree: merge heights inside one story against merges between stories.

    python scripts/story_threshold.py [--shared ../shared] [--db build/stories.db]

Every corpus (the seeds, each dev corpus, and the fictional factory-fire articles in tests/fixtures) is
one story. The documents are extracted once into one store; then, for all corpora together and for each
corpus alone (entities resolved within that set, as `analyze` would), the average-linkage tree on cosine
distance is built exactly as `rashomon.align.stories` builds it, and two figures are printed:

- inside: the height at which the last document of a story joins it (the cut must stay above it);
- between: the lowest height at which two stories merge (the cut must stay below it).

It ends with the stories `assign_stories` finds on all corpora together at the current threshold.
"""
from __future__ import annotations

import argparse
import copy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpora(shared: Path) -> dict[str, Path]:
    out = {"seeds": shared / "seeds"}
    for d in sorted((shared / "dev").glob("*")):
        if (d / "docs").is_dir():
            out[d.name] = d / "docs"
    out["factory_fire (fixture)"] = ROOT / "tests" / "fixtures" / "factory_fire"
    return out


def heights(docs, mentions, story_of):
    """(highest merge inside a story, lowest merge between two stories) of the clustering tree."""
    import numpy as np
    from scipy.cluster.hierarchy import linkage

    from rashomon.align.stories import _order, document_terms, document_vectors

    ids = sorted(docs, key=_order)
    by_doc = {i: [m for m in mentions if m.doc == i] for i in ids}
    terms = [document_terms(docs[i], by_doc[i]) for i in ids]
    z = linkage(document_vectors(terms), method="average", metric="cosine")
    clusters = {i: {story_of[ids[i]]} for i in range(len(ids))}
    inside, between = 0.0, np.inf
    for k, (a, b, h, _) in enumerate(z):
        sa, sb = clusters.pop(int(a)), clusters.pop(int(b))
        if sa == sb and len(sa) == 1:
            inside = max(inside, h)
        else:
            between = min(between, h)
        clusters[len(ids) + k] = sa | sb
    return inside, between


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=str(ROOT / "build" / "stories.db"))
    args = ap.parse_args(argv)

    from rashomon.align.stories import DISTANCE_THRESHOLD, assign_stories
    from rashomon.pipeline import extract_pending, ingest
    from rashomon.resolve import resolve_entities
    from rashomon.store import Store

    sets = corpora(Path(args.shared))
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    story_of = {}
    with Store(args.db) as store:
        for name, folder in sets.items():
            for path in ingest(store, [folder]).added:
                story_of[path] = name
        extract_pending(store, n_process=4)
        all_docs = {d.id: d for d in store.documents()}
        all_mentions = store.mentions(raw_party=True)
    corpus_of = {d.id: story_of[d.path] for d in all_docs.values()}

    def resolved(names: set[str]):
        docs = {i: copy.copy(d) for i, d in all_docs.items() if corpus_of[i] in names}
        mentions = [copy.copy(m) for m in all_mentions if m.doc in docs]
        ents = resolve_entities([m for m in mentions if m.kind in ("actor", "place", "other")], docs)
        canonical = {e.id: e.canonical for e in ents}
        for m in mentions:
            if m.kind in ("actor", "place", "other"):
                m.value = canonical.get(m.entity)
        return docs, mentions

    print(f"{'documents':<34}{'n':>4}{'inside':>9}{'between':>9}")
    fixture = [name for name in sets if "fixture" in name]
    rows = ([("all together", set(sets))] + [(name, {name}) for name in sets]
            + [("seeds + " + name, {"seeds", name}) for name in fixture])
    for label, names in rows:
        docs, mentions = resolved(names)
        inside, between = heights(docs, mentions, corpus_of)
        print(f"{label:<34}{len(docs):>4}{inside:>9.3f}{between:>9.3f}")
    print(f"\nthreshold {DISTANCE_THRESHOLD}; stories on all {len(all_docs)} documents:")
    docs, mentions = resolved(set(sets))
    for s in assign_stories(docs, mentions):
        counts = {}
        for i in s.documents:
            counts[corpus_of[i]] = counts.get(corpus_of[i], 0) + 1
        print(f"  {s.id} {s.label!r}: " + ", ".join(f"{n} from {c}" for c, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
