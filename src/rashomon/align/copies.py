"""Finds documents and passages that copy one another (MinHash on word shingles, passage level).

A copy is the same text republished, so an agreement between a text and its copy is not independent
corroboration.
"""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

from ..models import CopyRelation, Document
from ..settings import COPY_MIN_WORDS as MIN_WORDS  # shorter passages carry too few shingles to judge
from ..settings import COPY_NUM_PERM as NUM_PERM
from ..settings import COPY_SHINGLE as SHINGLE  # words per shingle
from ..settings import COPY_THRESHOLD as THRESHOLD  # estimated Jaccard similarity of two passages' shingles

_WORD = re.compile(r"\w+", re.UNICODE)


def passages(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (blank-line or line separated), each at least MIN_WORDS words long."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if len(_WORD.findall(m.group())) >= MIN_WORDS:
            out.append((m.start(), m.end()))
    return out


def _minhash(words: list[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def find_copies(docs: list[Document]) -> list[CopyRelation]:
    """Every pair of passages in different documents whose estimated similarity passes THRESHOLD,
    plus one whole-document relation per document pair (start=end=0) with the share of copied passages."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    spans: dict[str, tuple[str, int, int]] = {}
    for d in docs:
        for i, (a, b) in enumerate(passages(d.text)):
            key = f"{d.id}:{i}"
            mh = _minhash([w.lower() for w in _WORD.findall(d.text[a:b])])
            hashes[key], spans[key] = mh, (d.id, a, b)
            lsh.insert(key, mh)
    out: list[CopyRelation] = []
    seen: set[tuple[str, str]] = set()
    per_pair: dict[tuple[str, str], int] = {}
    for key, mh in hashes.items():
        for other in lsh.query(mh):
            da, a0, a1 = spans[key]
            db, b0, b1 = spans[other]
            if da == db or (other, key) in seen:
                continue
            seen.add((key, other))
            sim = mh.jaccard(hashes[other])
            if sim < THRESHOLD:
                continue
            if _order(da) > _order(db):
                da, a0, a1, db, b0, b1 = db, b0, b1, da, a0, a1
            out.append(CopyRelation(da, db, round(sim, 3), a0, a1, b0, b1))
            per_pair[(da, db)] = per_pair.get((da, db), 0) + 1
    counts = {d.id: max(1, len(passages(d.text))) for d in docs}
    for (da, db), n in per_pair.items():
        out.append(CopyRelation(da, db, round(n / min(counts[da], counts[db]), 3)))
    return out


def _order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id[1:]) if doc_id[1:].isdigit() else 0, doc_id)


class CopyIndex:
    """Passage copy relations looked up by document pair."""

    def __init__(self, copies: list[CopyRelation]):
        self.by_pair: dict[tuple[str, str], list[CopyRelation]] = {}
        for c in copies:
            if c.end_a:
                self.by_pair.setdefault((c.doc_a, c.doc_b), []).append(c)

    def copied(self, doc_a: str, pos_a: int, doc_b: str, pos_b: int) -> bool:
        """Whether offset pos_a in doc_a and pos_b in doc_b lie in passages that copy one another."""
        for c in self.by_pair.get((doc_a, doc_b), ()):
            if c.start_a <= pos_a < c.end_a and c.start_b <= pos_b < c.end_b:
                return True
        for c in self.by_pair.get((doc_b, doc_a), ()):
            if c.start_a <= pos_b < c.end_a and c.start_b <= pos_a < c.end_b:
                return True
        return False


def copied(copies: list[CopyRelation], doc_a: str, pos_a: int, doc_b: str, pos_b: int) -> bool:
    """Whether offset pos_a in doc_a and pos_b in doc_b lie in passages that copy one another."""
    return CopyIndex(copies).copied(doc_a, pos_a, doc_b, pos_b)
