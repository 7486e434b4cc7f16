"""Distinctive words: the log-odds ratio with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5. For a word w, groups i and j with
counts y_w^i, y_w^j and totals n^i, n^j, and prior pseudo-counts alpha_w summing to alpha_0:

    delta_w = log((y_w^i + a_w) / (n^i + a_0 - y_w^i - a_w))
            - log((y_w^j + a_w) / (n^j + a_0 - y_w^j - a_w))
    var(delta_w) ~= 1 / (y_w^i + a_w) + 1 / (y_w^j + a_w)
    z_w = delta_w / sqrt(var)

Positive z: group i uses w more than group j. The informative prior a_w = a_0 * f_w (f_w the
word's relative frequency in the whole corpus) shrinks rare words towards "no difference".

Choice of a_0: a tenth of the corpus size (`DEFAULT_ALPHA0_SHARE` = 0.1). The background is the
corpus itself (a dispute between a handful of sources has no larger neutral corpus at hand), and
the prior should be worth less than the evidence it is compared with: at a_0 = corpus size (the
prior equal to the data, as when a big background corpus's raw counts are used as the prior) a
word used 11 times by one side and never by the other cannot reach |z| >= 1.96 on a corpus of a
few thousand words; at a_0 = 0.1 * size it can, while a word seen once or twice in one group only
stays shrunk well below 1.96 (z ~ 0.6 for 2 vs 0 on the seeds), which is the purpose of the
informative prior. tests/test_frame.py checks both on a worked example.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from ..settings import DEFAULT_ALPHA0_SHARE, Z_THRESHOLD
from ..settings import LOGODDS_FLOOR as _FLOOR  # pseudo-count for a word the prior does not know


def informative_prior(corpus_counts: Mapping[str, float], alpha0: float | None = None) -> dict[str, float]:
    """Prior pseudo-counts a_w = a_0 * (corpus frequency of w).

    Args:
        corpus_counts: word counts over the whole corpus (the background).
        alpha0: the prior's total weight; default `DEFAULT_ALPHA0_SHARE` * corpus size.
    """
    total = float(sum(corpus_counts.values()))
    if total <= 0:
        return {}
    a0 = DEFAULT_ALPHA0_SHARE * total if alpha0 is None else float(alpha0)
    return {w: a0 * c / total for w, c in corpus_counts.items() if c > 0}


def log_odds_dirichlet(
    counts_i: Mapping[str, float],
    counts_j: Mapping[str, float],
    prior: Mapping[str, float],
) -> dict[str, tuple[float, float]]:
    """Log-odds ratio of every word between two groups with a Dirichlet prior.

    Args:
        counts_i: word counts of group i.
        counts_j: word counts of group j.
        prior: pseudo-count a_w per word (see `informative_prior`); a_0 is their sum. A word
            missing from the prior gets 0.01.

    Returns:
        {word: (delta, z)} for every word in either group or the prior; delta > 0 and z > 0 when
        group i uses the word more.
    """
    words = set(counts_i) | set(counts_j) | set(prior)
    n_i = float(sum(counts_i.values()))
    n_j = float(sum(counts_j.values()))
    alpha = {w: (prior.get(w) or 0.0) or _FLOOR for w in words}
    a0 = float(sum(alpha.values()))
    result: dict[str, tuple[float, float]] = {}
    for w in words:
        a = alpha[w]
        yi = float(counts_i.get(w, 0))
        yj = float(counts_j.get(w, 0))
        rest_i, rest_j = n_i + a0 - yi - a, n_j + a0 - yj - a
        if rest_i <= 0 or rest_j <= 0:  # a one-word vocabulary: the odds are undefined
            result[w] = (0.0, 0.0)
            continue
        delta = math.log((yi + a) / rest_i) - math.log((yj + a) / rest_j)
        var = 1.0 / (yi + a) + 1.0 / (yj + a)
        result[w] = (delta, delta / math.sqrt(var))
    return result


def distinctive_words(
    group_counts: list[Counter],
    alpha0: float | None = None,
    threshold: float = Z_THRESHOLD,
    names: list[str | None] | None = None,
) -> list[dict]:
    """Words each group uses more than all other groups together (z >= threshold).

    Returns dicts `{group, word, z, delta, count, other_count}` (plus `name` when group names are
    given), per group by descending z; groups in order, ties broken by word.
    """
    if len(group_counts) < 2:
        return []
    group_counts = [Counter(c) for c in group_counts]
    corpus: Counter = Counter()
    for c in group_counts:
        corpus.update(c)
    prior = informative_prior(corpus, alpha0)
    out: list[dict] = []
    for g, counts in enumerate(group_counts):
        rest = corpus - counts
        scores = log_odds_dirichlet(counts, rest, prior)
        rows = [(w, d, z) for w, (d, z) in scores.items() if z >= threshold and counts.get(w, 0) > 0]
        rows.sort(key=lambda r: (-r[2], r[0]))
        for w, d, z in rows:
            row = {"group": g, "word": w, "z": round(z, 3), "delta": round(d, 3),
                   "count": int(counts.get(w, 0)), "other_count": int(rest.get(w, 0))}
            if names is not None:
                row["name"] = names[g]
            out.append(row)
    return out
