"""Disjoint sets (union-find): the connected groups that pairwise links make, used wherever pairs of
statements or documents are gathered into wholes (events, disputes, sources)."""
from __future__ import annotations

from collections.abc import Hashable, Iterable


class DisjointSets:
    """Union-find with path halving; groups come out in first-seen order."""

    def __init__(self, items: Iterable[Hashable] = ()):
        self.parent: dict = {}
        for x in items:
            self.find(x)

    def find(self, x):
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list]:
        out: dict = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
