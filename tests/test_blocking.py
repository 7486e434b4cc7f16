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
from rashomon.linkage import average_linkage  # noqa: E402

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


@settings(max_examples=150, deadline=None)
@given(rows_of_weights, st.floats(0.05, 0.7))
def test_sparse_average_linkage_equals_the_dense_one(rows, cut):
    """Over every pair that shares a feature (the rest are at similarity 0), the clusters are those of
    sklearn's average linkage over all pairs (rows of zeros each get a dimension of their own there)."""
    from sklearn.cluster import AgglomerativeClustering

    x = np.array(rows)
    i, j, sim = cooccurring_pairs(sparse.csr_matrix(x))
    got = average_linkage(len(x), zip(i.tolist(), j.tolist(), sim.tolist()), cut)
    empty = np.flatnonzero(~(x > 0).any(axis=1))
    pad = np.zeros((len(x), len(empty)))
    pad[empty, np.arange(len(empty))] = 1.0
    dense = np.hstack([x, pad])
    want = AgglomerativeClustering(metric="cosine", linkage="average", distance_threshold=1 - cut,
                                   n_clusters=None).fit_predict(dense)
    assert _partition(got) == _partition(want)
