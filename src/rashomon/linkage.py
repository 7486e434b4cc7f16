"""Average-linkage clustering over a sparse similarity graph, cut at a similarity.

Average linkage merges the two clusters whose pairs are most similar on average, until no two clusters
are on average more similar than the cut. When the graph holds every pair of non-zero similarity (pairs
it lacks are 0), the clusters are those of the dense algorithm, and the work is the graph's edges, not
all pairs: a corpus of thousands of unrelated stories costs what its stories cost. Each cluster keeps
the summed similarity to its neighbours; a merge folds the smaller neighbour map into the larger.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable


def average_linkage(n: int, edges: Iterable[tuple[int, int, float]], cut: float) -> list[int]:
    """A cluster number per item 0..n-1 (numbered by first item), merging while the average similarity
    of two clusters (over all their pairs, 0 for a pair with no edge) is above `cut`."""
    size = [1] * n
    near: list[dict[int, float] | None] = [{} for _ in range(n)]
    for i, j, s in edges:
        if i != j and s > 0:
            near[i][j] = near[i].get(j, 0.0) + s
            near[j][i] = near[j].get(i, 0.0) + s
    heap = [(-s, i, j) for i in range(n) for j, s in near[i].items() if i < j and s > cut]
    heapq.heapify(heap)
    parent = list(range(n))
    while heap:
        neg, a, b = heapq.heappop(heap)
        if near[a] is None or near[b] is None or near[a].get(b, 0.0) / (size[a] * size[b]) != -neg:
            continue        # one of them has merged since this entry was pushed: a newer entry holds
        # fold the smaller neighbourhood into the larger; the merged cluster keeps the larger's number
        if len(near[a]) < len(near[b]):
            a, b = b, a
        keep, gone = near[a], near[b]
        keep.pop(b, None)
        gone.pop(a, None)
        for k, s in gone.items():
            keep[k] = keep.get(k, 0.0) + s
            other = near[k]
            other[a] = other.get(a, 0.0) + other.pop(b)
        near[b] = None
        parent[b] = a
        size[a] += size[b]
        for k, s in keep.items():       # only the pairs with the merged cluster changed
            avg = s / (size[a] * size[k])
            if avg > cut:
                heapq.heappush(heap, (-avg, min(a, k), max(a, k)))
    root = list(range(n))
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        root[i] = r
    number: dict[int, int] = {}
    return [number.setdefault(r, len(number)) for r in root]
