"""Held-out evaluation of the partner recommendations.

Hide a share of the known cross-cluster links between actors, score every candidate pair on the
graph that remains, and measure how well the hidden links come back. A link is hidden at its
root: the hidden actor's participation in every activity the two actors share is removed from the
projection before the actor network is rebuilt, so that the other co-participants of that
activity do not give the link away. Measures: AUC (hidden link vs random
non-link), precision@k and mean reciprocal rank — for innograph's combined scorer, plain common
neighbours and a random baseline, over several seeds.

References
----------
.. [1] D. Liben-Nowell, J. Kleinberg, "The link-prediction problem for social networks",
   JASIST 58, 1019–1031, 2007.
.. [2] L. Lü, T. Zhou, "Link prediction in complex networks: A survey", Physica A 390, 2011.
"""

from __future__ import annotations

import bisect
import random
import statistics
from collections.abc import Callable
from typing import Any

import networkx as nx

from innograph.graph.projection import actor_network
from innograph.graph.recommendations import ContentIndex, candidates, proximity_scores

__all__ = ["METHODS", "cross_cluster_links", "evaluate", "summarise"]

Scorer = Callable[[nx.Graph, str, list[str]], dict[str, float]]


def cross_cluster_links(A: nx.Graph) -> list[tuple[str, str]]:
    """Actor pairs linked in ``A`` whose cluster sets are non-empty and disjoint."""
    out = []
    for u, v in A.edges():
        cu, cv = set(A.nodes[u].get("clusters") or []), set(A.nodes[v].get("clusters") or [])
        if cu and cv and not cu & cv:
            out.append(tuple(sorted((u, v))))
    return sorted(out)


def _combined(G: nx.Graph, alpha: float = 0.6) -> Scorer:
    content = ContentIndex(G)

    def score(A: nx.Graph, u: str, pool: list[str]) -> dict[str, float]:
        prox = proximity_scores(A, u, pool)
        return {b: alpha * prox[b] + (1 - alpha) * content.similarity(u, b) for b in pool}

    return score


def _common_neighbours(A: nx.Graph, u: str, pool: list[str]) -> dict[str, float]:
    return {b: float(len(list(nx.common_neighbors(A, u, b)))) for b in pool}


def _random(seed: int) -> Scorer:
    rng = random.Random(seed)

    def score(A: nx.Graph, u: str, pool: list[str]) -> dict[str, float]:
        return {b: rng.random() for b in pool}

    return score


METHODS = ("innograph", "common-neighbours", "random")


def evaluate(
    G: nx.Graph,
    A: nx.Graph,
    *,
    seeds: tuple[int, ...] = (1, 2, 3, 4, 5),
    hide: float = 0.2,
    k: int = 10,
    negatives: int = 2000,
    max_hidden: int | None = None,
) -> list[dict[str, object]]:
    """One row per (method, seed): ``auc``, ``precision_at_k``, ``mrr``, ``hidden``.

    ``max_hidden`` caps the number of hidden links (large graphs: each needs a ranking).

    Raises
    ------
    ValueError
        If there are no cross-cluster links to hide.
    """
    links = cross_cluster_links(A)
    if not links:
        raise ValueError("no cross-cluster links to evaluate on")
    rows = []
    for seed in seeds:
        rng = random.Random(seed)
        n_hidden = max(1, round(hide * len(links)))
        hidden = rng.sample(links, min(n_hidden, max_hidden or n_hidden))
        H = actor_network(_without(G, A, hidden))
        scorers = {
            "innograph": _combined(G),
            "common-neighbours": _common_neighbours,
            "random": _random(seed),
        }
        for method, scorer in scorers.items():
            rows.append(
                {
                    "method": method,
                    "seed": seed,
                    "hidden": len(hidden),
                    **_measure(H, hidden, scorer, k, negatives, seed),
                }
            )
    return rows


def _without(G: nx.Graph, A: nx.Graph, hidden: list[tuple[str, str]]) -> nx.Graph:
    """``G`` with the evidence of each hidden pair removed: the first actor's ties to the
    activities the pair shares, and any direct tie between the two."""
    H = G.copy()
    for u, v in hidden:
        for x in A.edges[u, v].get("via", []):
            if H.has_edge(u, x):
                H.remove_edge(u, x)
        if H.has_edge(u, v):
            H.remove_edge(u, v)
    return H


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, object]]:
    """Mean and standard deviation of each measure per method."""
    out = []
    for method in METHODS:
        mine = [r for r in rows if r["method"] == method]
        if not mine:
            continue
        entry: dict[str, object] = {"method": method, "seeds": len(mine)}
        for key in ("auc", "precision_at_k", "mrr"):
            values = [float(r[key]) for r in mine]
            entry[key] = round(statistics.mean(values), 4)
            entry[key + "_sd"] = round(statistics.pstdev(values), 4)
        out.append(entry)
    return out


def _measure(
    H: nx.Graph, hidden: list[tuple[str, str]], scorer: Scorer, k: int, negatives: int, seed: int
) -> dict[str, float]:
    by_source: dict[str, set[str]] = {}
    for u, v in hidden:
        by_source.setdefault(u, set()).add(v)
        by_source.setdefault(v, set()).add(u)
    reciprocal, precision, pos_scores = [], [], []
    scores_of: dict[str, dict[str, float]] = {}
    for u, targets in sorted(by_source.items()):
        pool = candidates(H, u)
        if not pool:
            continue
        scores = scorer(H, u, pool)
        scores_of[u] = scores
        ranked = sorted(pool, key=lambda b: (-scores[b], b))
        top = set(ranked[:k])
        precision.append(len(top & targets) / k)
        for t in targets:
            if t in scores:
                rank = ranked.index(t) + 1
                reciprocal.append(1.0 / rank)
                pos_scores.append(scores[t])
    rng = random.Random(seed + 1000)
    neg_scores = []
    sources = sorted(scores_of)
    for _ in range(negatives):
        if not sources:
            break
        u = rng.choice(sources)
        options = [b for b in scores_of[u] if b not in by_source[u]]
        if options:
            neg_scores.append(scores_of[u][rng.choice(options)])
    return {
        "auc": round(_auc(pos_scores, neg_scores), 4),
        "precision_at_k": round(sum(precision) / len(precision), 4) if precision else 0.0,
        "mrr": round(sum(reciprocal) / len(reciprocal), 4) if reciprocal else 0.0,
    }


def _auc(pos: list[float], neg: list[float]) -> float:
    """P(score of a hidden link > score of a non-link), ties counting one half."""
    if not pos or not neg:
        return 0.5
    neg_sorted = sorted(neg)
    total = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg_sorted, p)
        hi = bisect.bisect_right(neg_sorted, p)
        total += lo + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))
