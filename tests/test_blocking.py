"""Blocking stays exact where it matters and linear in one document: statements about one place found
through an index are the partners the pair-by-pair way finds, with the same counts for every shared
class; candidate pairs of a bucket are all pairs across documents and, in one document, the pairs
SAME_DOCUMENT_WINDOW apart at most."""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from itertools import combinations

from rashomon.align.events import _bucket_pairs, _Corpus, _place_partners_indexed, _place_partners_pairwise
from rashomon.settings import SAME_DOCUMENT_WINDOW
from rashomon.align.statements import Statement
from rashomon.models import Entity, Mention

CLASSES = ["attack", "capture", "flood"]
NAMES = ["e2", "e3", "e4"]

statement = st.tuples(st.sampled_from(["d1", "d2", "d3", "d4"]), st.sets(st.sampled_from(CLASSES), max_size=2),
                      st.sets(st.sampled_from(NAMES), max_size=2), st.sampled_from([None, *CLASSES]))


def _corpus(ubiquitous: bool) -> _Corpus:
    docs = ["d1", "d2", "d3", "d4"]
    mentions = [Mention(id=f"n{d}{e}", doc=d, start=0, end=1, text="x", kind="place", label="GPE", sentence=0, entity=e)
                for d in docs for e in (["e1"] if ubiquitous else []) + ["e2"]]
    return _Corpus(mentions, [Entity(e, e, "GPE", [e], []) for e in ("e1", "e2", "e3", "e4")], len(docs))


@settings(max_examples=200, deadline=None)
@given(st.lists(statement, max_size=14), st.booleans())
def test_indexed_partners_equal_pairwise_ones(rows, ubiquitous):
    corpus = _corpus(ubiquitous)
    stmts = [Statement(mention=Mention(id=f"m{i}", doc=doc, start=i, end=i + 1, text="x", kind="place", label="GPE", sentence=0,
                                       entity="e1"),
                       head=SimpleNamespace(name=head) if head else None, classes=classes,
                       context=set(names) | {"e1"}, located=True, direct=True)
             for i, (doc, classes, names, head) in enumerate(rows)]
    keep_pairs, reason_pairs = _place_partners_pairwise(stmts, "e1", corpus)
    keep_index, reason_index = _place_partners_indexed(stmts, "e1", corpus)
    assert set(keep_index) == set(keep_pairs)
    classes = lambda r: Counter({k: v for k, v in r.items() if k != "mentioned" and v})  # noqa: E731
    assert classes(reason_index) == classes(reason_pairs)
    assert bool(reason_index) == bool(reason_pairs)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["d1", "d2", "d3"]), max_size=2 * SAME_DOCUMENT_WINDOW + 30))
def test_bucket_pairs_are_every_cross_document_pair_and_near_ones_in_a_document(docs):
    idx = list(range(0, 3 * len(docs), 3))                       # statement positions, ascending
    got = _bucket_pairs(idx, docs)
    doc = dict(zip(idx, docs))
    rank = {i: sum(1 for j in idx if j < i and doc[j] == doc[i]) for i in idx}   # place within its document
    want = [(i, j) for i, j in combinations(idx, 2)
            if doc[i] != doc[j] or rank[j] - rank[i] <= SAME_DOCUMENT_WINDOW]
    assert got == want                                           # the same pairs, in the same order
    if max((docs.count(d) for d in set(docs)), default=0) <= SAME_DOCUMENT_WINDOW + 1:
        assert got == list(combinations(idx, 2))                 # small documents: every pair


# ------------------------------------------------ stories: average linkage over co-occurring pairs
import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

from rashomon.allpairs import cooccurring_pairs  # noqa: E402
from rashomon.linkage import average_linkage, average_linkage_rounds  # noqa: E402

rows_of_weights = st.lists(st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.2, 0.5, 1.0, 3.0]), min_size=8, max_size=8),
                           min_size=2, max_size=24)


def _partition(labels) -> list[list[int]]:
    groups: dict = {}
    for i, x in enumerate(labels):
        groups.setdefault(x, []).append(i)
    return sorted(groups.values())


@settings(max_examples=150, deadline=None)
@given(rows_of_weights, st.integers(1, 30))
def test_cooccurring_pairs_are_the_pairs_sharing_a_feature_scored_on_all(rows, max_df):
    x = np.array(rows)
    i, j, sim = cooccurring_pairs(sparse.csr_matrix(x), max_df)
    norms = np.linalg.norm(x, axis=1)
    unit = x / np.where(norms > 0, norms, 1)[:, None]
    df = (x > 0).sum(axis=0)
    want = {(a, b) for a in range(len(x)) for b in range(a + 1, len(x))
            if ((x[a] > 0) & (x[b] > 0) & (df <= max_df)).any()}
    assert set(zip(i.tolist(), j.tolist())) == want
    assert np.allclose(sim, [unit[a] @ unit[b] for a, b in zip(i, j)])


# weights drawn from a continuum: equal cosines (whose order sklearn breaks its own way) are rare
rows_of_real_weights = st.lists(st.lists(st.one_of(st.just(0.0), st.just(0.0), st.floats(0.01, 3.0)),
                                         min_size=8, max_size=8), min_size=2, max_size=24)


@settings(max_examples=150, deadline=None)
@given(rows_of_real_weights, st.floats(0.05, 0.7))
def test_sparse_average_linkage_equals_the_dense_one(rows, cut):
    """Over every pair that shares a feature (the rest are at similarity 0), the clusters are those of
    sklearn's average linkage over all pairs (rows of zeros each get a dimension of their own there).
    Equal averages are left out: sklearn breaks them its own way (test_average_linkage_equals_the_naive_one
    pins down ours)."""
    from hypothesis import assume
    from sklearn.cluster import AgglomerativeClustering

    x = np.array(rows)
    i, j, sim = cooccurring_pairs(sparse.csr_matrix(x))
    assume(len(np.unique(sim)) == len(sim))
    got = average_linkage(len(x), zip(i.tolist(), j.tolist(), sim.tolist()), cut)
    empty = np.flatnonzero(~(x > 0).any(axis=1))
    pad = np.zeros((len(x), len(empty)))
    pad[empty, np.arange(len(empty))] = 1.0
    dense = np.hstack([x, pad])
    want = AgglomerativeClustering(metric="cosine", linkage="average", distance_threshold=1 - cut,
                                   n_clusters=None).fit_predict(dense)
    assert _partition(got) == _partition(want)


CUT = 0.3


def test_average_linkage_breaks_a_tie_by_first_items():
    """8-11 and 9-11 tie at 1.0: 8 and 11 merge, and the cluster is known by 8 (not by 11, whose edge
    to item 0 gives it more neighbours), so its tie at 0.6 with 9-10 goes to it ({8, 9, 11}, {10})."""
    edges = [(0, 11, 0.05), (8, 9, 0.2), (8, 11, 1.0), (9, 10, 0.6), (9, 11, 1.0)]
    want = list(range(8)) + [8, 8, 9, 8]
    assert average_linkage(12, edges, CUT) == want
    i, j, sim = (np.array([e[k] for e in edges]) for k in range(3))
    assert average_linkage_rounds(12, i, j, sim, CUT) == want


def _naive_average_linkage(n: int, edges, cut: float) -> list[int]:
    """Average linkage as defined, every average recomputed at each step: the pair of clusters with the
    highest average above the cut merges, of equal averages the one with the lowest first items."""
    sim: dict = {}
    for i, j, s in edges:
        if i != j and s > 0:
            sim[min(i, j), max(i, j)] = sim.get((min(i, j), max(i, j)), 0.0) + s
    clusters = [[i] for i in range(n)]
    while True:
        best = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                a, b = clusters[x], clusters[y]
                avg = sum(sim.get((min(p, q), max(p, q)), 0.0) for p in a for q in b) / (len(a) * len(b))
                key = (-avg, min(a[0], b[0]), max(a[0], b[0]))
                if avg > cut and (best is None or key < best[0]):
                    best = (key, x, y)
        if best is None:
            break
        _, x, y = best
        clusters[x] = sorted(clusters[x] + clusters.pop(y))
    label = {i: min(c) for c in clusters for i in c}
    number: dict = {}
    return [number.setdefault(label[i], len(number)) for i in range(n)]


# dyadic similarities add up exactly in floating point, so the naive sums equal the incremental ones
dyadic_graphs = st.integers(2, 16).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                   st.sampled_from([0.0625, 0.125, 0.25, 0.375, 0.5, 0.75, 1.0])),
                         max_size=3 * n)))


@settings(max_examples=300, deadline=None)
@given(dyadic_graphs, st.sampled_from([0.125, 0.25, 0.3, 0.5]))
def test_average_linkage_equals_the_naive_one(graph, cut):
    """Merges, ties (equal averages, averages at the cut) and numbering are those of the definition."""
    n, edges = graph
    want = _naive_average_linkage(n, edges, cut)
    assert average_linkage(n, edges, cut) == want
    i, j, sim = (np.array([e[k] for e in edges], dtype=float if k == 2 else np.int64) for k in range(3))
    assert average_linkage_rounds(n, i, j, sim, cut) == want


@settings(max_examples=150, deadline=None)
@given(rows_of_weights, st.floats(0.05, 0.7))
def test_average_linkage_rounds_equal_one_pair_at_a_time_on_cosines(rows, cut):
    """On the cosines of rows sharing features (as stories are clustered), the rounds give the clusters
    and numbers of the one-pair-at-a-time algorithm."""
    i, j, sim = cooccurring_pairs(sparse.csr_matrix(np.array(rows)))
    want = average_linkage(len(rows), zip(i.tolist(), j.tolist(), sim.tolist()), cut)
    assert average_linkage_rounds(len(rows), i, j, sim, cut) == want
