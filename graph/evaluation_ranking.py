"""Rank the positives of one held-out split by every method.

For each end ``u`` of a positive, every method scores all of ``u``'s candidates in the training
network (``graph.recommendations.candidates``: actors that share no cluster with ``u`` and are not
linked to it — the pool ``recommend`` ranks). Each positive is measured against the candidates
that are not positives of ``u`` (``graph.evaluation_metrics.rank_measures``) from both of its ends,
and the two directions are averaged.

Examples
--------
>>> import networkx as nx
>>> from innograph.graph.evaluation_split import make_split
>>> G = nx.Graph()
>>> for n, cl in [("a", ["x"]), ("b", ["y"]), ("c", ["z"])]:
...     G.add_node(n, kind="actor", type="Network", label=n, clusters=cl, topics=[])
>>> G.add_node("m", kind="measure", type="Measure", label="m", clusters=[], topics=[])
>>> G.add_edge("a", "m", types=["participation"], weight=1.0)
>>> G.add_edge("b", "m", types=["participation"], weight=1.0)
>>> ranked = rank_split(make_split(G, ["m"]), ["same-type"], k=1)
>>> ranked.positives, ranked.measures["same-type"][0]["hit_at_k"]
([('a', 'b')], 0.5)

References
----------
.. [1] A. Bordes et al., "Translating embeddings for modeling multi-relational data", NIPS 2013
   (the filtered ranking setting).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from innograph.graph.evaluation_methods import Predictors, Scorer
from innograph.graph.evaluation_metrics import (
    RankMeasures,
    expected_precision_at_k,
    rank_measures,
)
from innograph.graph.evaluation_split import Split
from innograph.graph.recommendations import candidates

__all__ = ["RankedSplit", "rank_split"]


@dataclass(frozen=True)
class RankedSplit:
    """What ``rank_split`` measured.

    Attributes
    ----------
    positives : list of (str, str)
        The positives evaluated (all of the split's, or a sample of them).
    measures : dict
        Per method, the measures of each positive (in the order of ``positives``).
    precision : dict
        Per method, each asked end's expected share of positives in its top ``k``.
    """

    positives: list[tuple[str, str]]
    measures: dict[str, list[RankMeasures]]
    precision: dict[str, list[float]]


def rank_split(
    split: Split,
    methods: Sequence[str],
    *,
    k: int = 10,
    rng: random.Random | None = None,
    max_positives: int | None = None,
    scorers: Mapping[str, Scorer] | None = None,
) -> RankedSplit:
    """Score every candidate of every end of the positives, by every method; measure the ranks.

    Parameters
    ----------
    split : Split
        A held-out split (``graph.evaluation_split.make_split``).
    methods : sequence of str
        Methods from ``graph.evaluation_methods.METHODS``.
    k : int
        The cut-off of hit@k and precision@k.
    rng : random.Random, optional
        Draws the sample of positives and seeds the ``random`` method (default: seed 0).
    max_positives : int, optional
        Evaluate a sample of at most this many positives.
    scorers : mapping of str to Scorer, optional
        Methods of one's own (``graph.evaluation_methods.Predictors``), named in ``methods``.
    """
    rng = rng or random.Random(0)
    positives = list(split.positives)
    if max_positives is not None and len(positives) > max_positives:
        positives = sorted(rng.sample(positives, max_positives))
    lost, asked = _ends(split.positives), _ends(positives)
    predictors = Predictors(
        split.G_train, split.A_train, seed=rng.randrange(2**32), scorers=scorers
    )
    directed: dict[str, dict[tuple[str, str], RankMeasures]] = {m: {} for m in methods}
    precision: dict[str, list[float]] = {m: [] for m in methods}
    for u in sorted(asked):
        pool = candidates(split.A_train, u)
        missing = set(asked[u]) - set(pool)
        if missing:  # a lost cross-cluster tie is always a candidate; anything else is a bug
            raise AssertionError(f"positives {sorted(missing)} of {u} are not candidates")
        relevant = [b in lost[u] for b in pool]
        for method in methods:
            scores = predictors.score(method, u, pool)
            by_candidate = dict(zip(pool, scores, strict=True))
            negatives = [s for s, rel in zip(scores, relevant, strict=True) if not rel]
            for t in asked[u]:
                directed[method][(u, t)] = rank_measures(by_candidate[t], negatives, k=k)
            precision[method].append(expected_precision_at_k(scores, relevant, k=k))
    measures = {
        m: [_mean(directed[m][(u, v)], directed[m][(v, u)]) for u, v in positives] for m in methods
    }
    return RankedSplit(positives, measures, precision)


def _ends(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for u, v in pairs:
        out.setdefault(u, []).append(v)
        out.setdefault(v, []).append(u)
    return out


def _mean(a: RankMeasures, b: RankMeasures) -> RankMeasures:
    return {
        "hit_at_k": (a["hit_at_k"] + b["hit_at_k"]) / 2,
        "reciprocal_rank": (a["reciprocal_rank"] + b["reciprocal_rank"]) / 2,
        "auc": (a["auc"] + b["auc"]) / 2,
    }
