"""Betweenness centrality for every node at once, as sparse matrix products (scipy, BSD).

``betweenness(G, k=…, seed=…)`` returns what networkx's ``betweenness_centrality`` returns (the
same pivots for the same ``k`` and ``seed``, the same normalisation), by Brandes' accumulation run
for a batch of sources at once: breadth-first levels as sparse products, path counts and
dependencies as dense columns. On the 10k-actor synthetic graph that takes seconds where networkx
loops in Python for minutes.

>>> import networkx as nx
>>> betweenness(nx.path_graph(3)) == nx.betweenness_centrality(nx.path_graph(3))
True

The papers are cited at ``betweenness``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.kernels import SparseGraph

__all__ = ["betweenness"]


def betweenness(
    G: nx.Graph,
    *,
    k: int | None = None,
    seed: int | None = None,
    sparse: SparseGraph | None = None,
    batch: int = 64,
) -> dict[Hashable, float]:
    """Normalised hop-count betweenness [1]_, as networkx's ``betweenness_centrality`` computes it
    (same pivots for the same ``k`` and ``seed``, same rescaling), by Brandes' accumulation [2]_ run
    for ``batch`` sources at once as sparse matrix products.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; weights are ignored (hop counts).
    k : int, optional
        Number of pivots (``None`` or ``len(G)``: every node, exact values).
    seed : int, optional
        Seed of the pivot sample, as networkx draws it (``random.Random(seed).sample``).
    sparse : SparseGraph, optional
        ``SparseGraph(G)`` if already built (its ties are read as 0/1; a tie of weight 0 is none).
    batch : int
        Sources per product (memory: a few ``n × batch`` float arrays).

    Raises
    ------
    ValueError
        For a directed graph.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))[1]
    1.0
    >>> b = betweenness(nx.karate_club_graph(), k=10, seed=1)
    >>> ref = nx.betweenness_centrality(nx.karate_club_graph(), k=10, seed=1)
    >>> max(abs(b[v] - ref[v]) for v in ref) < 1e-12
    True

    Notes
    -----
    Each breadth-first level is one product of the adjacency matrix with the path counts of the
    batch's frontier, each level of the backward accumulation another: O(levels · m · k) flops
    in compiled code, against networkx's O(k · m) steps of Python.

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40, 1977.
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociology 25, 2001.
    """
    if G.is_directed():
        raise ValueError("the betweenness kernel counts undirected paths; networkx does digraphs")
    S = sparse if sparse is not None else SparseGraph(G, weight=None)
    nodes, n = list(G), G.number_of_nodes()
    if k is not None and k != n:
        pivots = random.Random(seed).sample(nodes, k)
    else:
        pivots, k = nodes, None
    A = S.adjacency
    total = np.zeros(len(S.nodes))
    sources = np.array([S.index[p] for p in pivots], dtype=np.int64)
    for start in range(0, len(sources), batch):
        total += _dependencies(A, sources[start : start + batch])
    values = {node: float(total[i]) for i, node in enumerate(S.nodes)}
    out = {node: values.get(node, 0.0) for node in nodes}  # isolated nodes are not in S
    N = n - 1  # endpoints excluded: v is never the target
    if N < 2:
        return out
    if k is None:
        scale = 1 / (N * (N - 1))
        return {v: b * scale for v, b in out.items()}
    sampled = set(pivots)
    on_source = 1 / ((k - 1) * (N - 1)) if k > 1 else math.nan
    off_source = 1 / (k * (N - 1))
    return {v: b * (on_source if v in sampled else off_source) for v, b in out.items()}


def _dependencies(A: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Σ over ``sources`` of Brandes' dependencies δ_s(v), v ≠ s, on the 0/1 adjacency ``A``."""
    n, b = A.shape[0], len(sources)
    cols = np.arange(b)
    sigma = np.zeros((n, b))
    sigma[sources, cols] = 1.0
    dist = np.full((n, b), -1, dtype=np.int32)
    dist[sources, cols] = 0
    level = 0
    while True:
        frontier = np.where(dist == level, sigma, 0.0)
        reached = A @ frontier
        new = (dist < 0) & (reached > 0)
        if not new.any():
            break
        level += 1
        sigma[new] = reached[new]
        dist[new] = level
    delta = np.zeros((n, b))
    safe = np.where(sigma > 0, sigma, 1.0)
    for d in range(level, 0, -1):
        coeff = np.where(dist == d, (1.0 + delta) / safe, 0.0)
        pulled = A @ coeff
        below = dist == d - 1
        delta[below] += (sigma * pulled)[below]
    delta[sources, cols] = 0.0
    return delta.sum(axis=1)
