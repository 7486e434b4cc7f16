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
