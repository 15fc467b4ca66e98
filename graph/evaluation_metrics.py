"""Tie-aware ranking measures, bootstrap intervals and a paired test for the evaluation.

A held-out positive is ranked against the negatives of its source (the candidates that are not
positives: the *filtered* setting of [1]_, so one positive does not push down another). Ties are
broken uniformly at random and the measures are their exact expectations under that draw [2]_, so
a scorer that gives everything the same score gets what chance gets, whatever the candidates are
called: with ``n`` negatives, hit@k ``= min(k / (n + 1), 1)``, reciprocal rank
``= H_{n+1} / (n + 1)`` and AUC ``= 1/2``. Scores equal to 10 significant digits count as tied
(sums of the same terms in another order differ in the last bits).

Intervals are percentile bootstrap intervals [3]_ of a mean over positives, resampling *groups*
of positives (the repeated splits: the ties that one hidden committee takes away are not
independent); the paired test flips the sign of each group's summed differences between two
methods (a randomisation test [4]_).

Examples
--------
>>> r = rank_measures(0.5, [0.5, 0.5, 0.5], k=2)
>>> r["hit_at_k"], round(r["reciprocal_rank"], 4), r["auc"]
(0.5, 0.5208, 0.5)

References
----------
.. [1] A. Bordes et al., "Translating embeddings for modeling multi-relational data", NIPS 2013
   (the filtered ranking setting).
.. [2] F. McSherry, M. Najork, "Computing information retrieval performance measures efficiently
   in the presence of tied scores", ECIR 2008.
.. [3] B. Efron, R. Tibshirani, "An Introduction to the Bootstrap", Chapman & Hall, 1993, ch. 13.
.. [4] E. S. Edgington, P. Onghena, "Randomization Tests", 4th ed., Chapman & Hall, 2007.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import digamma
from typing_extensions import TypedDict

__all__ = [
    "Interval",
    "RankMeasures",
    "bootstrap_interval",
    "expected_precision_at_k",
    "paired_test",
    "rank_measures",
    "reciprocal_ranks",
]


class RankMeasures(TypedDict):
    """The measures of one positive against its negatives."""

    hit_at_k: float
    reciprocal_rank: float
    auc: float


class Interval(TypedDict):
    """A point estimate with its bootstrap interval."""

    value: float
    low: float
    high: float


def rank_measures(
    positive: float, negatives: Sequence[float] | np.ndarray, *, k: int = 10
) -> RankMeasures:
    """Expected hit@k, reciprocal rank and AUC of one positive, ties broken at random.

    Parameters
    ----------
    positive : float
        The positive's score.
    negatives : sequence of float
        The scores of the negatives it competes with.
    k : int
        The cut-off of hit@k.

    Returns
    -------
    dict
        ``hit_at_k`` (probability that the positive is in the top ``k``), ``reciprocal_rank``
        (expected 1 / rank) and ``auc`` (share of negatives scored lower, ties counting half).
    """
    p = float(_keys([positive])[0])
    neg = _keys(negatives)
    above = int(np.sum(neg > p))
    tied = int(np.sum(neg == p)) + 1  # the positive and the negatives it ties with
    hit = min(max((k - above) / tied, 0.0), 1.0)
    rr = float(np.sum(1.0 / np.arange(above + 1, above + tied + 1))) / tied
    auc = (len(neg) - above - (tied - 1) / 2) / len(neg) if len(neg) else 0.5
    return {"hit_at_k": float(hit), "reciprocal_rank": rr, "auc": float(auc)}


def reciprocal_ranks(
    positives: Sequence[float] | np.ndarray,
    negatives: Sequence[float] | np.ndarray,
    *,
    scale: float = 1.0,
) -> np.ndarray:
    """Expected reciprocal rank of each positive among ``negatives``, ties broken at random, when
    each negative stands for ``scale`` of a pool's negatives (a sample of them was kept).

    The ``a`` negatives above a positive and the ``t`` it ties with become ``A = scale·a`` and
    ``T = scale·t``; its rank is uniform over ``A + 1 … A + T + 1`` and the expectation of one over
    it is ``(H(A + T + 1) − H(A)) / (T + 1)`` with the harmonic numbers continued by the digamma
    function, ``H(x) = ψ(x + 1) + γ``. With ``scale = 1`` this is ``rank_measures``'s
    ``reciprocal_rank``; a scorer that ties everything gets chance, not a rank of one.

    >>> reciprocal_ranks([0.5], [0.5, 0.5, 0.5]).round(4).tolist()
    [0.5208]
    >>> reciprocal_ranks([0.9, 0.1], [0.5], scale=3.0).round(4).tolist()
    [1.0, 0.25]
    """
    pos = _keys(positives)
    neg = np.sort(_keys(negatives))
    lo = np.searchsorted(neg, pos, side="left")
    hi = np.searchsorted(neg, pos, side="right")
    above = scale * (len(neg) - hi)
    tied = scale * (hi - lo)
    return (digamma(above + tied + 2) - digamma(above + 1)) / (tied + 1)


def expected_precision_at_k(
    scores: Sequence[float] | np.ndarray, relevant: Sequence[bool], *, k: int
) -> float:
    """Expected share of relevant items in the top ``k`` of one ranking, ties broken at random.

    >>> expected_precision_at_k([1.0, 1.0, 0.0], [True, False, False], k=1)
    0.5
    """
    keys = _keys(scores)
    ordered = np.sort(keys)
    total = 0.0
    for s in keys[np.asarray(relevant, dtype=bool)]:
        lo, hi = np.searchsorted(ordered, s, "left"), np.searchsorted(ordered, s, "right")
        above, tied = len(keys) - int(hi), int(hi - lo)
        total += min(max((k - above) / tied, 0.0), 1.0)
    return total / k


def bootstrap_interval(
    values: Sequence[float],
    groups: Sequence[int],
    *,
    rng: np.random.Generator,
    draws: int = 2000,
    level: float = 0.95,
) -> Interval:
    """The mean of ``values`` with a percentile bootstrap interval, resampling whole groups.

    Each draw takes as many groups as there are, with replacement, and averages the values of the
    positives in them (a cluster bootstrap). Groups of one value give the ordinary bootstrap.

    >>> iv = bootstrap_interval([0.0, 1.0, 1.0, 0.0], [0, 1, 2, 3], rng=np.random.default_rng(1))
    >>> iv["value"], iv["low"] <= 0.5 <= iv["high"]
    (0.5, True)
    """
    sums, counts = _by_group(values, groups)
    if not len(sums):
        return {"value": 0.0, "low": 0.0, "high": 0.0}
    value = float(sums.sum() / counts.sum())
    picks = rng.integers(0, len(sums), size=(draws, len(sums)))
    means = sums[picks].sum(axis=1) / np.maximum(counts[picks].sum(axis=1), 1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return {"value": value, "low": float(low), "high": float(high)}


def paired_test(
    differences: Sequence[float],
    groups: Sequence[int],
    *,
    rng: np.random.Generator,
    draws: int = 10000,
) -> float:
    """Two-sided p-value of "the mean paired difference is 0", flipping signs group by group.

    ``differences`` are per positive (method A's measure minus method B's on the same positive).
    Under the null hypothesis each group's summed difference is as likely negative as positive;
    the p-value is the share of sign flips whose mean is at least as far from 0 as the observed
    one (counting the observed assignment, so it is never 0).

    >>> paired_test([0.0, 0.0], [0, 1], rng=np.random.default_rng(0))
    1.0
    """
    sums, counts = _by_group(differences, groups)
    if not len(sums):
        return 1.0
    n = counts.sum()
    observed = abs(sums.sum()) / n
    signs = rng.choice(np.array([-1.0, 1.0]), size=(draws, len(sums)))
    flipped = np.abs(signs @ sums) / n
    extreme = int(np.sum(flipped >= observed - 1e-12))
    return float((extreme + 1) / (draws + 1))


def _by_group(values: Sequence[float], groups: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    if len(values) != len(groups):
        raise ValueError(f"{len(values)} values but {len(groups)} group labels")
    labels = {g: i for i, g in enumerate(sorted(set(groups)))}
    sums, counts = np.zeros(len(labels)), np.zeros(len(labels))
    for v, g in zip(values, groups, strict=True):
        sums[labels[g]] += v
        counts[labels[g]] += 1
    return sums, counts


def _keys(scores: Sequence[float] | np.ndarray) -> np.ndarray:
    """The scores rounded to 10 significant digits, for deciding ties."""
    a = np.asarray(scores, dtype=float).copy()
    nz = np.isfinite(a) & (a != 0)
    scale = 10.0 ** (9 - np.floor(np.log10(np.abs(a[nz]))))
    a[nz] = np.round(a[nz] * scale) / scale
    return a
