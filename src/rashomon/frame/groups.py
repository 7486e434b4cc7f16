"""Which documents frame alike: a framing vector per document, cosine similarity, and
average-linkage clustering cut where the mean silhouette is highest.

The framing vector has three blocks. Each is scaled to unit length, centred on the corpus mean
(what every document does alike says nothing about who frames alike) and weighted
(`BLOCK_WEIGHTS`):

* descriptors — for each entity that at least two documents name, the head nouns of the
  descriptors the document attaches to it ("movement", "faction") and, at half weight, their
  other words ("grassroots", "militant");
* names — for each such entity, the names the document uses for it (one acronym or another);
* vocabulary — the document's log-odds z-score (informative Dirichlet prior, `logodds`) for every
  word outside names, against the rest of the corpus: which words it over- and under-uses.

Clustering: average linkage on 1 - cosine, cut at the number of groups k in 2..min(6, n-1) with
the highest mean silhouette — the standard internal criterion that needs no threshold and
compares within-group closeness to the nearest other group for every document.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..settings import BLOCK_WEIGHTS, MAX_GROUPS, Z_CLIP
from .logodds import informative_prior, log_odds_dirichlet

# Block weights of the framing vector: what a document says an entity is (descriptors) weighs
# most; which names it uses, and its vocabulary at large, are noisier proxies (names follow the
# outlet's spelling habits, vocabulary follows the topic) and weigh half. Measured on the seeds
# through the real pipeline: the grouping is the same for every weighting in {0, .5, 1}^3 where
# descriptors weigh at least as much as each other block, while names and vocabulary alone group
# the long historical texts against the short ones (topic, not framing) (tests/test_frame.py).
# (BLOCK_WEIGHTS, with MAX_GROUPS and Z_CLIP, are in settings.py)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


def _shared_entities(labels: list[dict]) -> set[str]:
    docs_per_entity: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        docs_per_entity[lab["entity"]].add(lab["doc"])
    return {e for e, ds in docs_per_entity.items() if len(ds) >= 2}


def _per_entity_unit(per: dict[str, dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """doc -> entity -> feature -> weight, flattened with each entity's part scaled to unit length
    (an entity named forty times must not outweigh one named twice)."""
    return {d: {f"{e}\x00{k}": v for e, feats in ents.items() for k, v in _unit(feats).items()}
            for d, ents in per.items()}


def _empty(doc_ids: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    return {d: defaultdict(lambda: defaultdict(float)) for d in doc_ids}


def name_features(labels: list[dict], doc_ids: list[str]) -> dict[str, dict[str, float]]:
    """Per document: which names it uses for each entity other documents name too."""
    shared = _shared_entities(labels)
    per = _empty(doc_ids)
    for lab in labels:
        if lab["doc"] in per and lab["entity"] in shared and lab["relation"] in ("name", "descriptive name"):
            per[lab["doc"]][lab["entity"]][lab["label"].lower()] += lab.get("count", 1)
    return _per_entity_unit(per)


def descriptor_features(labels: list[dict], doc_ids: list[str],
                        modifier_weight: float = 0.5) -> dict[str, dict[str, float]]:
    """Per document: for each shared entity, the head nouns of the descriptors it attaches
    ("movement", "faction") and, at half weight, their other words ("grassroots", "militant")."""
    shared = _shared_entities(labels)
    per = _empty(doc_ids)
    for lab in labels:
        if lab["doc"] not in per or lab["entity"] not in shared or lab["kind"] != "descriptor":
            continue
        n = float(lab.get("count", 1))
        feats = per[lab["doc"]][lab["entity"]]
        head = lab.get("head")
        if head:
            feats[f"head\x00{head}"] += n
        for w in lab.get("words") or []:
            if w != head:
                feats[f"word\x00{w}"] += modifier_weight * n
    return _per_entity_unit(per)


def vocabulary_features(counts: dict[str, Counter], alpha0: float | None = None,
                        min_docs: int = 2) -> dict[str, dict[str, float]]:
    """Per document: log-odds z of each word, this document against all the others (clipped to
    +-4), over the words at least `min_docs` documents use (a word only one document uses cannot
    make two documents alike; it would only dilute the vector)."""
    corpus: Counter = Counter()
    df: Counter = Counter()
    for c in counts.values():
        corpus.update(c)
        df.update(set(c))
    prior = informative_prior(corpus, alpha0)
    feats: dict[str, dict[str, float]] = {}
    for d, c in counts.items():
        rest = corpus - c
        scores = log_odds_dirichlet(c, rest, prior)
        feats[d] = {w: max(-Z_CLIP, min(Z_CLIP, z)) for w, (_, z) in scores.items()
                    if df[w] >= min_docs}
    return feats


def framing_matrix(doc_ids: list[str], blocks: list[dict[str, dict[str, float]]],
                   weights: list[float] | None = None, center: bool = True) -> np.ndarray:
    """Documents x features: each block unit-normalised per document, centred on the corpus mean
    (so what every document shares, e.g. everybody calling a country by its name, counts for nothing),
    unit-normalised again, weighted, and concatenated."""
    weights = weights or [1.0] * len(blocks)
    rows: list[dict[str, float]] = [dict() for _ in doc_ids]
    for b, (block, w) in enumerate(zip(blocks, weights)):
        for r, d in enumerate(doc_ids):
            for k, v in _unit(block.get(d, {})).items():
                rows[r][f"{b}\x00{k}"] = w * v
    names = sorted({k for row in rows for k in row})
    index = {k: i for i, k in enumerate(names)}
    mat = np.zeros((len(doc_ids), len(names)))
    for r, row in enumerate(rows):
        for k, v in row.items():
            mat[r, index[k]] = v
    if not center or not len(doc_ids):
        return mat
    out = []
    for b, w in enumerate(weights):
        cols = [index[k] for k in names if k.startswith(f"{b}\x00")]
        part = mat[:, cols]
        part = part - part.mean(axis=0, keepdims=True)
        norms = np.linalg.norm(part, axis=1, keepdims=True)
        out.append(w * part / np.where(norms > 0, norms, 1.0))
    return np.hstack(out) if out else mat


def cosine_similarity(mat: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarity of rows (0 for an all-zero row)."""
    norms = np.linalg.norm(mat, axis=1)
    safe = np.where(norms > 0, norms, 1.0)
    unit = mat / safe[:, None]
    sim = unit @ unit.T
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, -1.0, 1.0)


def silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (Rousseeuw 1987) of a clustering under a distance matrix; 0 for singletons."""
    n = len(labels)
    values = []
    for i in range(n):
        same = (labels == labels[i])
        same[i] = False
        if not same.any():
            values.append(0.0)
            continue
        a = dist[i, same].mean()
        b = min(dist[i, labels == k].mean() for k in set(labels.tolist()) if k != labels[i])
        values.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return float(np.mean(values))


def cluster(doc_ids: list[str], sim: np.ndarray, max_groups: int = MAX_GROUPS) -> list[list[str]]:
    """Average-linkage agglomerative clustering on 1 - cosine, cut at the k in 2..min(max, n-1)
    with the highest mean silhouette (smallest k on ties).

    Fewer than three documents cannot be cut by that criterion: each is then its own group.
    Groups are ordered by their first document, documents within a group by input order.
    """
    n = len(doc_ids)
    if n == 0:
        return []
    if n < 3:
        return [[d] for d in doc_ids]
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(2, min(max_groups, n - 1) + 1):
        labels = fcluster(tree, t=k, criterion="maxclust")
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette(dist, labels)
        if best is None or score > best[0] + 1e-12:
            best = (score, k, labels)
    if best is None:
        return [list(doc_ids)]
    labels = best[2]
    groups: dict[int, list[str]] = {}
    for d, lab in zip(doc_ids, labels.tolist()):
        groups.setdefault(lab, []).append(d)
    return sorted(groups.values(), key=lambda g: doc_ids.index(g[0]))


def user_groups(doc_ids: list[str],
                assignment: dict[str, str | None]) -> tuple[list[list[str]], list[str | None]]:
    """Groups from a user's doc -> group-name mapping, in order of first document; documents without
    a group name are pooled in one last group named None."""
    order: dict[str | None, list[str]] = {}
    for d in doc_ids:
        order.setdefault(assignment.get(d), []).append(d)
    names = [k for k in order if k is not None] + ([None] if None in order else [])
    return [order[k] for k in names], names
