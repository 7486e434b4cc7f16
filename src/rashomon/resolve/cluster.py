"""Union-find over name nodes, with the constraints no merge may break and the context signal.

A cluster (the state at a union-find root) knows its documents, its keys, the given names its
people carry per surname, its compass qualifiers and numbers, and the entities that co-occur
with it (its context). `UnionFind.can_merge` refuses merges that would put two given names on
one surname (Teodor and Tamsin Halvard), two compass qualifiers on one place, two different
numbers on one resolution, a person's full name with a name marked as a place, one acronym
defined as two incompatible long names ("DTO" of two different organisations), or a split
name (alias file) with any other form.

Context: `context(a, b)` compares the entities co-occurring with two clusters. Only keys that
occur in two documents or more can be shared, so only those are weighed (IDF, log(1 + N/df)).
`shared` is the weight of the keys both contexts have (keys in more than half of the documents
do not count once the corpus has 10 documents or more: "Ardesia" in a corpus about Ardesia says
nothing); `sim` is the shared weight over the poorer context's weight.

- VETO: two clusters whose contexts are both rich (MIN_CONTEXT keys or more) and share nothing
  are different things even when their names are equal ("Ostrabad" of a text about Tamaria,
  "Ostrabad" of one about Velmanshah).
- TIE: a contextual signal (a compass word on one side only, a given name alone, a two-letter
  acronym) merges across documents when `sim` >= TIE. Measured with
  `benchmarks/bench_resolve.py --context`: every cross-document merge on the seeds has
  sim >= 0.32 (median 0.76); documents about unrelated things share no key at all (sim 0), so
  0.2 sits between the two.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..settings import MIN_CONTEXT
from .scoring import given_compatible



@dataclass
class Cluster:
    docs: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    givens: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    qualifiers: set[str] = field(default_factory=set)
    numbers: set[frozenset] = field(default_factory=set)
    split: bool = False
    ctx: dict[str, int] = field(default_factory=dict)
    ctx_weight: float = 0.0
    ctx_size: int = 0
    size: int = 1
    defs: dict[str, set[str]] = field(default_factory=dict)   # acronym -> long keys defining it
    person: bool = False          # holds a person's full name (given name + surname)
    place: bool = False           # holds a name marked as a place (compass word, "Pass", ...)


class UnionFind:
    def __init__(self, n: int, df: dict[str, int], n_docs: int, compatible=lambda a, b: a == b):
        self.compatible = compatible  # whether two long-name keys can be one thing
        self.parent = list(range(n))
        self.state: dict[int, Cluster] = {i: Cluster() for i in range(n)}
        self.df = df
        self.n_docs = max(1, n_docs)
        self.idf = {k: math.log(1 + self.n_docs / c) for k, c in df.items()}
        self.ubiquitous = (lambda k: df.get(k, 0) > 0.5 * self.n_docs) if n_docs >= 10 else (lambda k: False)

    def find(self, x: int) -> int:
        p = self.parent
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return root

    def can_merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        A, B = self.state[ra], self.state[rb]
        if (A.split or B.split) and A.keys != B.keys:
            return False
        if A.qualifiers and B.qualifiers and A.qualifiers != B.qualifiers:
            return False
        if A.numbers and B.numbers and not (A.numbers & B.numbers):
            return False
        if (A.person and B.place) or (A.place and B.person):
            return False
        if A.defs and B.defs and not self.defs_agree(A.defs, B.defs):
            return False
        small, big = (A, B) if len(A.givens) <= len(B.givens) else (B, A)
        for surname, givens in small.givens.items():
            other = big.givens.get(surname)
            if other:
                for g in givens:
                    for h in other:
                        if not given_compatible(g, h):
                            return False
        return True

    def defs_agree(self, x: dict[str, set[str]], y: dict[str, set[str]]) -> bool:
        """Whether an acronym both clusters define stands for compatible long names in both
        ("DTO" defined as two different organisations in two documents does not)."""
        for acr, longs in x.items():
            other = y.get(acr)
            if other and not any(self.compatible(p, q) for p in longs for q in other):
                return False
        return True

    def union(self, a: int, b: int, force: bool = False) -> bool:
        """Merge the clusters of a and b; False when a constraint forbids it (unless forced)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and not self.can_merge(ra, rb):
            return False
        A, B = self.state[ra], self.state[rb]
        if A.size < B.size:
            ra, rb, A, B = rb, ra, B, A
        self.parent[rb] = ra
        A.size += B.size
        A.docs |= B.docs
        A.keys |= B.keys
        for s, g in B.givens.items():
            A.givens.setdefault(s, set()).update(g)
        A.qualifiers |= B.qualifiers
        A.numbers |= B.numbers
        A.split = A.split or B.split
        A.person = A.person or B.person
        A.place = A.place or B.place
        for acr, longs in B.defs.items():
            A.defs.setdefault(acr, set()).update(longs)
        A.ctx_size += B.ctx_size
        for k, c in B.ctx.items():
            if k not in A.ctx:
                A.ctx_weight += self.idf[k]
                A.ctx[k] = c
            else:
                A.ctx[k] += c
        del self.state[rb]
        return True

    def add_context(self, node: int, keys: set[str]) -> None:
        st = self.state[self.find(node)]
        st.ctx_size += len(keys)
        for k in keys:
            if self.df.get(k, 0) < 2:
                continue  # a key of one document can never be shared
            if k in st.ctx:
                st.ctx[k] += 1
            else:
                st.ctx[k] = 1
                st.ctx_weight += self.idf[k]

    def context(self, a: int, b: int) -> tuple[float, float, bool] | None:
        """(shared informative weight, sim, rich) of two clusters' contexts, `rich` when both
        have MIN_CONTEXT co-occurring keys or more; None when either has no shareable key."""
        A, B = self.state[self.find(a)], self.state[self.find(b)]
        if not A.ctx or not B.ctx:
            return None
        small, big = (A.ctx, B.ctx) if len(A.ctx) <= len(B.ctx) else (B.ctx, A.ctx)
        shared = informative = 0.0
        for k in small:
            if k in big:
                w = self.idf[k]
                shared += w
                if not self.ubiquitous(k):
                    informative += w
        denom = min(A.ctx_weight, B.ctx_weight)
        rich = A.ctx_size >= MIN_CONTEXT and B.ctx_size >= MIN_CONTEXT
        return informative, (shared / denom if denom > 0 else 0.0), rich


def document_frequency(doc_keys: dict[str, set[str]]) -> dict[str, int]:
    """In how many documents each key occurs."""
    df: dict[str, int] = {}
    for keys in doc_keys.values():
        for k in keys:
            df[k] = df.get(k, 0) + 1
    return df
