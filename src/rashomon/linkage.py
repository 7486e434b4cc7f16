"""Average-linkage clustering over a sparse similarity graph, cut at a similarity.

Average linkage merges the two clusters whose pairs are most similar on average, until no two clusters
are on average more similar than the cut; of equal averages, the pair with the lowest first items merges
first, and a cluster is known by its first item. When the graph holds every pair of non-zero similarity
(pairs it lacks are 0), the clusters are those of the dense algorithm, and the work is the graph's edges,
not all pairs.

`average_linkage` merges one pair at a time off a heap (each cluster keeps the summed similarity to its
neighbours; a merge folds the smaller neighbour map into the larger). `average_linkage_rounds` gives the
same clusters in rounds of array operations: average linkage is reducible (the average between a merged
cluster and a third is never above both of the averages it comes from), so two clusters that are each
other's most similar neighbour are merged by the one-pair-at-a-time algorithm too, whatever it merges
before, and every such pair above the cut can be merged at once: both build the same tree of merges, and
as an average never rises along it, both stop at the cut with the same clusters. (The sums are added up in another
order, so averages equal in exact arithmetic may differ in their last bit: the clusters differ only if
two averages, or an average and the cut, are that close.)
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable

import numpy as np


def average_linkage(n: int, edges: Iterable[tuple[int, int, float]], cut: float) -> list[int]:
    """A cluster number per item 0..n-1 (numbered by first item), merging while the average similarity
    of two clusters (over all their pairs, 0 for a pair with no edge) is above `cut`. Of equal averages,
    the pair of clusters with the lowest first items merges first."""
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
        neg, a, b = heapq.heappop(heap)          # a < b: clusters are known by their first item
        if near[a] is None or near[b] is None or near[a].get(b, 0.0) / (size[a] * size[b]) != -neg:
            continue        # one of them has merged since this entry was pushed: a newer entry holds
        # fold the smaller neighbourhood into the larger (sums are the same either way)
        big, small = (b, a) if len(near[a]) < len(near[b]) else (a, b)
        keep, gone = near[big], near[small]
        keep.pop(small, None)
        gone.pop(big, None)
        for k, s in gone.items():
            keep[k] = keep.get(k, 0.0) + s
            other = near[k]
            other[big] = other.get(big, 0.0) + other.pop(small)
        if big != a:        # the merged cluster is known by its first item, a: its neighbours say so
            for k in keep:
                other = near[k]
                other[a] = other.pop(big)
        near[a], near[b] = keep, None
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


def average_linkage_rounds(n: int, i, j, sim, cut: float) -> list[int]:
    """`average_linkage(n, zip(i, j, sim), cut)` (arrays of edges), merged in rounds: in each, every
    cluster's most similar neighbour above the cut is found (of equal averages, the one with the lowest
    first item), and every two clusters that are each other's merge. A round costs a few array passes
    over the edges and merges at least the most similar pair (usually a large share of all clusters)."""
    from scipy import sparse

    i, j, sim = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), np.asarray(sim, dtype=np.float64)
    used = (i != j) & (sim > 0)                   # the edges average_linkage uses
    i, j, sim = i[used], j[used], sim[used]
    # both directions of each pair (pairs given twice summed): row r holds cluster r's neighbours
    s = sparse.coo_matrix((np.concatenate([sim, sim]), (np.concatenate([i, j]), np.concatenate([j, i]))),
                          shape=(n, n)).tocsr()
    s.sum_duplicates()
    cluster = np.arange(n)                        # item -> cluster (a row of s)
    size = np.ones(n)
    first = np.arange(n)                          # cluster -> its first item
    none = np.iinfo(np.int64).max
    while True:
        m = s.shape[0]
        rows = np.repeat(np.arange(m), np.diff(s.indptr))
        avg = s.data / (size[rows] * size[s.indices])
        above = avg > cut
        if not above.any():
            break
        r, c, a = rows[above], s.indices[above], avg[above]
        top = np.full(m, -np.inf)
        np.maximum.at(top, r, a)
        tied = a == top[r]
        best_first = np.full(m, none)
        np.minimum.at(best_first, r[tied], first[c[tied]])
        slot = np.empty(n, dtype=np.int64)
        slot[first] = np.arange(m)
        x = np.flatnonzero(best_first != none)
        best = np.full(m, -1)
        best[x] = slot[best_first[x]]
        pairs = x[(best[best[x]] == x) & (x < best[x])]   # each other's most similar, above the cut
        into = np.arange(m)
        into[best[pairs]] = pairs
        kept = np.ones(m, dtype=bool)
        kept[best[pairs]] = False
        into = (np.cumsum(kept) - 1)[into]               # new cluster numbers, in the old order
        m2 = int(kept.sum())
        p = sparse.csr_matrix((np.ones(m), (np.arange(m), into)), shape=(m, m2))
        s = (p.T @ s @ p).tocsr()
        s.setdiag(0)
        s.eliminate_zeros()
        merged_size = np.zeros(m2)
        np.add.at(merged_size, into, size)
        merged_first = np.full(m2, n)
        np.minimum.at(merged_first, into, first)
        size, first, cluster = merged_size, merged_first, into[cluster]
    _, number = np.unique(first[cluster], return_inverse=True)   # numbered by first item
    return number.tolist()
