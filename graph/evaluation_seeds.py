"""The per-seed view of the held-out evaluation the benchmark prints: one split per seed, the
measures' means per (method, seed) with ``precision_at_k`` as well (``evaluate``), and their mean
and standard deviation over the seeds (``summarise``). The procedure is
``graph.evaluation.holdout_evaluation``'s, without intervals.

>>> summarise([{"method": "random", "auc": 0.5, "hit_at_k": 0.1, "precision_at_k": 0.1,
...             "mrr": 0.2}])[0]["seeds"]
1
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from typing import Any

import networkx as nx

from innograph.graph.evaluation import MEASURES, METHODS, _check, _get, _mean
from innograph.graph.evaluation_ranking import rank_split
from innograph.graph.evaluation_split import activities, sample_split
from innograph.graph.projection import actor_network

__all__ = ["evaluate", "summarise"]


def evaluate(
    G: nx.Graph,
    A: nx.Graph | None = None,
    *,
    seeds: tuple[int, ...] = (1, 2, 3, 4, 5),
    hide: float = 0.2,
    k: int = 10,
    negatives: int | None = None,
    max_hidden: int | None = None,
    methods: Sequence[str] = METHODS,
) -> list[dict[str, object]]:
    """One row per (method, seed) of one held-out split per seed: the benchmark's view.

    Same procedure as ``holdout_evaluation`` (activities hidden, everything rebuilt from the
    training graph, ties broken at random in expectation), without intervals.

    Parameters
    ----------
    G : networkx.Graph
        The full projection.
    A : networkx.Graph, optional
        Ignored: the actor networks are rebuilt from ``G`` (kept for the old call signature).
    seeds : tuple of int
        One split per seed.
    hide : float
        Share of the activities whose participations each split hides, in (0, 1).
    k : int
        The cut-off of hit@k and precision@k.
    negatives : int, optional
        Ignored: each positive is compared with every negative of its source.
    max_hidden : int, optional
        Evaluate at most this many positives per split.
    methods : sequence of str
        Methods to evaluate (from ``METHODS``), in the order of the rows.

    Returns
    -------
    list of dict
        ``method``, ``seed``, ``hidden`` (positives evaluated), ``auc``, ``hit_at_k``, ``mrr``
        (means over positives) and ``precision_at_k`` (expected share of positives in a source's
        top ``k``, mean over sources). A seed whose split lost no cross-cluster tie has no rows.

    Raises
    ------
    ValueError
        For no ``seeds`` (reported as ``splits=0``), ``k`` below 1, an unknown method, ``hide``
        outside (0, 1), or a graph without activities to hide.
    ValueError
        For an empty ``methods``.

    Examples
    --------
    A ring of four actors in four clusters, each pair of neighbours sharing one measure:

    >>> actors, G = ["a0", "a1", "a2", "a3"], nx.Graph()
    >>> G.add_nodes_from(actors, kind="actor", type="Network", topics=[])
    >>> nx.set_node_attributes(G, {a: {"label": a, "clusters": ["c" + a]} for a in actors})
    >>> for i, a in enumerate(actors):
    ...     m = f"m{i}"
    ...     G.add_node(m, kind="measure", type="Measure", label=m, clusters=[], topics=[])
    ...     G.add_edges_from([(m, a), (m, actors[i - 1])], types=["participation"], weight=1.0)
    >>> rows = evaluate(G, seeds=(1, 2), hide=0.3, methods=("random", "innograph"))
    >>> [(r["method"], r["seed"], r["hidden"]) for r in rows]
    [('random', 1, 1), ('innograph', 1, 1), ('random', 2, 1), ('innograph', 2, 1)]

    Notes
    -----
    The cost of ``holdout_evaluation`` with one split per seed and no bootstrap. The split of seed
    s is the first split of ``holdout_evaluation(G, seed=s)`` with the same ``hide``. The measures
    are rounded to 4 decimals; a mean over the rows of several seeds weighs seeds, not positives.

    References
    ----------
    .. [1] D. Liben-Nowell, J. Kleinberg, "The link-prediction problem for social networks",
       JASIST 58, 1019–1031, 2007.
    .. [2] L. Lü, T. Zhou, "Link prediction in complex networks: A survey", Physica A 390, 2011.
    """
    methods = list(methods)
    if not methods:
        raise ValueError("methods: name at least one method to evaluate")
    _check(splits=len(seeds), k=k, draws=1, methods=methods, reference=methods[0], known=METHODS)
    pool, A_full = activities(G), actor_network(G)
    rows: list[dict[str, object]] = []
    for seed in seeds:
        rng = random.Random(f"innograph-evaluation/{seed}/0")
        split = sample_split(G, hide, rng, pool=pool, A_full=A_full)
        ranked = rank_split(split, methods, k=k, rng=rng, max_positives=max_hidden)
        if not ranked.positives:
            continue  # nothing to recover: no row rather than a zero
        for method in methods:
            pairs = ranked.measures[method]
            rows.append(
                {
                    "method": method,
                    "seed": seed,
                    "hidden": len(pairs),
                    **{x: round(_mean([_get(p, x) for p in pairs]), 4) for x in MEASURES},
                    "precision_at_k": round(_mean(ranked.precision[method]), 4),
                }
            )
    return rows


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, object]]:
    """Mean and (population) standard deviation of each measure per method over the seeds.

    Parameters
    ----------
    rows : list of dict
        Rows of ``evaluate``: ``method`` and the measures ``auc``, ``hit_at_k``,
        ``precision_at_k`` and ``mrr``.

    Returns
    -------
    list of dict
        Per method with rows, in the order of ``METHODS``: ``method``, ``seeds`` (its number of
        rows), and for each measure its mean and, as ``<measure>_sd``, its standard deviation,
        rounded to 4 decimals.

    Raises
    ------
    KeyError
        When a row of a known method lacks one of the four measures.

    Examples
    --------
    >>> rows = [{"method": "random", "auc": a, "hit_at_k": 0.2, "precision_at_k": 0.1, "mrr": 0.3}
    ...         for a in (0.4, 0.6)]
    >>> summary = summarise(rows)
    >>> summary[0]["method"], summary[0]["seeds"], summary[0]["auc"], summary[0]["auc_sd"]
    ('random', 2, 0.5, 0.1)

    Notes
    -----
    O(|rows| · |METHODS|). Rows of a method not in ``METHODS`` are left out; a method with one
    row has standard deviation 0.
    """
    out = []
    for method in METHODS:
        mine = [r for r in rows if r["method"] == method]
        if not mine:
            continue
        entry: dict[str, object] = {"method": method, "seeds": len(mine)}
        for key in ("auc", "hit_at_k", "precision_at_k", "mrr"):
            values = [float(r[key]) for r in mine]
            entry[key] = round(statistics.mean(values), 4)
            entry[key + "_sd"] = round(statistics.pstdev(values), 4)
        out.append(entry)
    return out
