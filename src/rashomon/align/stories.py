"""Stories: documents clustered by what they are about, so statements of different stories are never compared.

Each document is a TF-IDF vector (sublinear term frequency) over its content words, the canonical names
of the actors, places and things it names, and the years of its dates. Documents are clustered by
average-linkage agglomerative clustering on cosine distance, cut at `DISTANCE_THRESHOLD`. A story is
labelled by the names, years and words that most set its documents apart from the rest of the corpus.
"""
from __future__ import annotations

import re
from collections import Counter

from ..models import Document, Mention, Story

# Where to cut the average-linkage tree (cosine distance between document vectors). Measured with
# `scripts/story_threshold.py` on 69 documents in 5 stories: the seed corpus (5 long articles), the three
# dev corpora of ../shared (20 short articles each, from many outlets and decades apart) and the 4
# fictional articles of tests/fixtures/factory_fire, clustered all together and each corpus alone (a
# corpus alone weighs its shared words least). The highest merge inside one story was 0.838 (all
# corpora together) and the lowest merge between two stories 0.963 (two military stories: the seed
# corpus and one of the dev corpora); the cut sits in the middle of that gap. Unrelated documents
# share no names and only common words, so their distance stays near 1. The weights below were chosen on
# the same documents, so the gap is an optimistic estimate.
DISTANCE_THRESHOLD = 0.90

# The three kinds of term are vectorised apart and weighted: a story's names count as much as all its
# words; years half as much, as unrelated stories often share a year. Of the grid tried on the same
# documents (names 0.5-3, years 0-1, words 1; terms of one document kept or dropped), these weights and
# dropping one-document terms gave the widest gap (0.838 to 0.963; keeping them: 0.945 to 0.960).
BLOCK_WEIGHTS = {"": 1.0, "name:": 1.0, "year:": 0.5}
MIN_DOCS = 2          # a term only one document uses says nothing about which documents belong together
MIN_WORD = 3          # shorter words are too often function words or abbreviations
LABEL_TERMS = 3       # terms in a story's label
STORY_TERMS = 10      # terms kept in `Story.terms`

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_NAME_KINDS = ("actor", "place", "other")
_NAME, _YEAR = "name:", "year:"


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def document_terms(doc: Document, mentions: list[Mention], stop: frozenset[str] | None = None) -> list[str]:
    """The terms a document is clustered on: its content words (lower case, stop words dropped), a
    `name:` term per named-entity mention (its canonical name, else its text) and a `year:` term per
    dated mention."""
    stop = _stop_words() if stop is None else stop
    terms = []
    for w in _WORD.findall(doc.text):
        w = w.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) >= MIN_WORD and w not in stop:
            terms.append(w)
    for m in mentions:
        if m.kind in _NAME_KINDS:
            name = str(m.value if m.value is not None else m.text).strip()
            if name:
                terms.append(_NAME + name)
        elif m.kind == "date" and isinstance(m.value, str) and m.value[:4].isdigit():
            terms.append(_YEAR + m.value[:4])
    return terms


def terms_of(docs: dict[str, Document], mentions: list[Mention]) -> dict[str, list[str]]:
    """`document_terms` of each of `docs` (by id), from `mentions` (those of other documents are ignored)."""
    stop = _stop_words()
    by_doc: dict[str, list[Mention]] = {i: [] for i in docs}
    for m in mentions:
        if m.doc in by_doc:
            by_doc[m.doc].append(m)
    return {i: document_terms(docs[i], by_doc[i], stop) for i in docs}


def assign_stories(docs: dict[str, Document], mentions: list[Mention],
                   terms: dict[str, list[str]] | None = None) -> list[Story]:
    """Cluster the documents into stories ("s1", "s2", … in order of their first document) and set
    `doc.story` on each. One or two documents make one story.

    Args:
        docs: the corpus, by document id.
        mentions: the corpus's mentions (names with their canonical `value` after resolution).
        terms: each document's `document_terms`, when known already (then `mentions` is not read).

    Returns:
        The stories, each with its label, documents and distinguishing terms.
    """
    ids = sorted(docs, key=_order)
    if not ids:
        return []
    if terms is None:
        terms = terms_of(docs, mentions)
    terms = {i: terms[i] for i in ids}
    labels = _cluster([terms[i] for i in ids])
    members: dict[int, list[str]] = {}
    for doc_id, label in zip(ids, labels):
        members.setdefault(label, []).append(doc_id)
    stories = []
    df_all = document_frequencies(terms.values())
    for n, group in enumerate(members.values(), 1):   # dicts keep first-seen order: by first document
        top = distinguishing_terms(group, terms, df_all)
        story = Story(id=f"s{n}", label=_label(top, group, docs), documents=group,
                      terms=_shown_terms(top)[:STORY_TERMS])
        for doc_id in group:
            docs[doc_id].story = story.id
        stories.append(story)
    return stories


def _cluster(term_lists: list[list[str]]) -> list[int]:
    """A cluster number per document: average linkage on cosine distance, cut at DISTANCE_THRESHOLD.

    Run over the pairs of documents that share a term (`allpairs.cooccurring_pairs`; the others are at
    distance 1), so its cost is those pairs, not all pairs. A term more than STORY_BLOCK_DF documents use
    makes no pairs by itself; below that many documents, the clusters are exactly those of average linkage
    over all pairs. The linkage is merged in rounds of array operations (`linkage.average_linkage_rounds`:
    the clusters of the one-pair-at-a-time `linkage.average_linkage`)."""
    if len(term_lists) <= 2:
        return [0] * len(term_lists)
    from ..allpairs import cooccurring_pairs
    from ..linkage import average_linkage_rounds
    from ..settings import STORY_BLOCK_DF

    i, j, sim = cooccurring_pairs(sparse_document_vectors(term_lists), STORY_BLOCK_DF)
    return average_linkage_rounds(len(term_lists), i, j, sim, 1.0 - DISTANCE_THRESHOLD)


def document_vectors(term_lists: list[list[str]]):
    """`sparse_document_vectors` as a dense array."""
    return sparse_document_vectors(term_lists).toarray()


def sparse_document_vectors(term_lists: list[list[str]]):
    """One row per document: the TF-IDF vectors of its words, names and years (sublinear tf, terms of
    at least two documents), each scaled to unit length and weighted by BLOCK_WEIGHTS, side by side.
    A document sharing no term with any other gets a dimension of its own, so cosine stays defined."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    split: dict[str, list[list[str]]] = {prefix: [] for prefix in BLOCK_WEIGHTS}
    block_of: dict[str, str] = {}       # a term's kind, found once per distinct term
    for terms in term_lists:
        own: dict[str, list[str]] = {prefix: [] for prefix in BLOCK_WEIGHTS}
        for t in terms:
            b = block_of.get(t)
            if b is None:
                b = block_of[t] = _block(t)
            own[b].append(t)
        for prefix in BLOCK_WEIGHTS:
            split[prefix].append(own[prefix])
    blocks = []
    for prefix, weight in BLOCK_WEIGHTS.items():
        part = split[prefix]
        try:
            x = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DOCS).fit_transform(part)
        except ValueError:   # no term of this kind is used by two documents
            continue
        blocks.append(normalize(x).astype(np.float32) * np.float32(weight))
    n = len(term_lists)
    vectors = sparse.hstack(blocks, format="csr") if blocks else sparse.csr_matrix((n, 0), dtype=np.float32)
    vectors.eliminate_zeros()
    empty = np.flatnonzero(np.diff(vectors.indptr) == 0)
    if len(empty):
        pad = sparse.csr_matrix((np.ones(len(empty), dtype=np.float32), (empty, np.arange(len(empty)))),
                                shape=(n, len(empty)))
        vectors = sparse.hstack([vectors, pad], format="csr")
    return vectors


def _block(term: str) -> str:
    return _NAME if term.startswith(_NAME) else _YEAR if term.startswith(_YEAR) else ""


def _identity(terms: list[str]) -> list[str]:
    return terms


def document_frequencies(term_lists) -> Counter[str]:
    """How many documents use each term."""
    df: Counter[str] = Counter()
    for ts in term_lists:
        df.update(set(ts))
    return df


def distinguishing_terms(group: list[str], terms: dict[str, list[str]],
                         df_all: Counter[str] | None = None) -> list[str]:
    """The terms that most set a story's documents apart: the share of its documents using a term less
    the share of the other documents using it; ties go to the term used more often in the story.
    `df_all` (the corpus's `document_frequencies`, counted once for all stories) keeps the cost to the
    story's own documents."""
    n_in, n_out = len(group), max(1, len(terms) - len(group))
    df_all = document_frequencies(terms.values()) if df_all is None else df_all
    df_in = document_frequencies(terms[d] for d in group)
    tf_in: Counter[str] = Counter()
    for doc_id in group:
        tf_in.update(terms[doc_id])
    score = {t: df_in[t] / n_in - (df_all[t] - df_in[t]) / n_out for t in df_in}
    # a term only one document of a larger story uses says nothing about the story
    keep = [t for t in score if df_in[t] > 1 or n_in == 1]
    return sorted(keep, key=lambda t: (-score[t], -tf_in[t], t))


def _label(top: list[str], group: list[str], docs: dict[str, Document]) -> str:
    """Up to LABEL_TERMS of the top terms, names first, then a year, then words: "Varno · Acme Chemicals · 1991"."""
    names = [t for t in top if t.startswith(_NAME)]
    years = [t for t in top if t.startswith(_YEAR)]
    words = [t for t in top if not t.startswith((_NAME, _YEAR))]
    picked = names[:LABEL_TERMS - 1]
    picked += [w for w in words if not any(w in p.lower() for p in picked)][:LABEL_TERMS - 1 - len(picked)]
    picked += years[:1]
    if not picked:
        first = docs[group[0]]
        return first.title or first.file or first.id or "story"
    return " · ".join(_display(t) for t in picked)


def _shown_terms(top: list[str]) -> list[str]:
    """The top terms as shown: a word that is part of a top name ("ardesia" beside "Ardesia") is left out."""
    name_words = {w for t in top[:3 * STORY_TERMS] if t.startswith(_NAME)
                  for w in _display(t).casefold().split()}
    return [_display(t) for t in top if t.startswith((_NAME, _YEAR)) or t not in name_words]


def _display(term: str) -> str:
    return term.split(":", 1)[1] if term.startswith((_NAME, _YEAR)) else term


def _order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id[1:]) if doc_id[1:].isdigit() else 0, doc_id)
