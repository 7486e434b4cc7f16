"""The pairs of rows that share a feature, with their cosine similarity, found through an inverted index.

Rows of non-negative weights that share no feature have cosine 0, so these are all the pairs that can be
similar at all. A feature used by very many rows (a word every news text uses) would make a quadratic
number of pairs and is left out of the index (`max_df`): two rows sharing only such features are taken
as unrelated, while a pair found through a rarer feature is scored on all its features.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

CHUNK_ROWS = 1024     # rows probed at a time: bounds the candidate matrix held in memory
CHUNK_PAIRS = 1 << 15   # pairs scored on the common features at a time: bounds the rows gathered


def cooccurring_pairs(x: sparse.spmatrix, max_df: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) for every i < j whose rows share a feature used by at most `max_df` rows (None:
    any feature). Rows must be non-negative; they are L2-normalised here.

    The cosine is split by feature: the product of the rows on the indexed features (a sparse product,
    which also finds the pairs) plus their product on the common features, few and dense, computed for
    the pairs found only."""
    x = sparse.csr_matrix(x, dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)
    x.eliminate_zeros()
    n = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    indexed = df <= (max_df if max_df is not None else n)
    rare = x[:, np.flatnonzero(indexed)].tocsr()
    common = x[:, np.flatnonzero(~indexed)].toarray()
    rare_t = rare.T.tocsr()
    out_i, out_j, out_s = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)], [np.empty(0)]
    for lo in range(0, n, CHUNK_ROWS):
        hi = min(n, lo + CHUNK_ROWS)
        part = (rare[lo:hi] @ rare_t).tocoo()        # rows sharing an indexed feature, and that share's product
        i, j = part.row.astype(np.int64) + lo, part.col.astype(np.int64)
        keep = i < j
        i, j, sims = i[keep], j[keep], part.data[keep]
        if not len(i):
            continue
        if common.shape[1]:
            for a in range(0, len(i), CHUNK_PAIRS):
                b = a + CHUNK_PAIRS
                sims[a:b] += np.einsum("ij,ij->i", common[i[a:b]], common[j[a:b]])
        out_i.append(i)
        out_j.append(j)
        out_s.append(sims)
    i, j, s = np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s)
    order = np.lexsort((j, i))
    return i[order], j[order], s[order]
