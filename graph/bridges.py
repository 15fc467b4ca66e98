"""Who connects the clusters: the bridging measures over a projection, and the one place to find
every cluster analytic.

Here: ``betweenness`` [1]_ [2]_, ``bridge_edges`` [7]_, ``articulation_points`` [8]_,
``inter_cluster_edges`` and ``connectors`` (who lies on the short paths between two clusters).
Each family of the other measures has a module of its own, and its names are re-exported here:

- ``graph.membership``: ``memberships``, ``primary_cluster``, ``UNAFFILIATED`` — the one rule of
  which groups a node belongs to;
- ``graph.cartography``: ``participation_coefficient``, ``within_cluster_degree_z``,
  ``module_roles`` (Guimerà–Amaral);
- ``graph.structural_holes``: ``constraint``, ``effective_size`` (Burt);
- ``graph.brokerage``: ``brokerage_roles``, ``BROKERAGE_ROLES``, ``UNDIRECTED_ROLES``
  (Gould–Fernandez);
- ``graph.communities``: ``communities`` (Louvain against the clusters);
- ``graph.cluster_graph``: ``cluster_bridge_graph``, ``gaps``.

Every function takes a networkx graph first (nodes with a ``clusters`` attribute, as made by
``graph.projection``), options as keywords, and returns plain Python values.

References
----------
.. [1] L. C. Freeman, "A set of measures of centrality based on betweenness", Sociometry 40, 1977.
.. [2] U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociology 25, 2001.
.. [7] J. M. Schmidt, "A simple test on 2-vertex- and 2-edge-connectivity",
   Information Processing Letters 113, 241–244, 2013.
.. [8] J. Hopcroft, R. Tarjan, "Algorithm 447: Efficient algorithms for graph manipulation",
   Communications of the ACM 16, 372–378, 1973.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

import networkx as nx
import numpy as np

from innograph.graph import kernels, sparse_betweenness
from innograph.graph.brokerage import BROKERAGE_ROLES, UNDIRECTED_ROLES, brokerage_roles
from innograph.graph.cartography import (
    module_roles,
    participation_coefficient,
    within_cluster_degree_z,
)
from innograph.graph.cluster_graph import cluster_bridge_graph, gaps
from innograph.graph.communities import communities
from innograph.graph.contracts import Connectors
from innograph.graph.membership import UNAFFILIATED, memberships, primary_cluster
from innograph.graph.structural_holes import constraint, effective_size

__all__ = [
    "BROKERAGE_ROLES",
    "EXACT_BETWEENNESS_MAX_NODES",
    "UNAFFILIATED",
    "UNDIRECTED_ROLES",
    "articulation_points",
    "betweenness",
    "bridge_edges",
    "brokerage_roles",
    "cluster_bridge_graph",
    "communities",
    "connectors",
    "constraint",
    "effective_size",
    "gaps",
    "inter_cluster_edges",
    "memberships",
    "module_roles",
    "participation_coefficient",
    "primary_cluster",
    "within_cluster_degree_z",
]

EXACT_BETWEENNESS_MAX_NODES = 2000
"""Above this many nodes, betweenness is estimated from a fixed-seed sample of pivots."""


def betweenness(
    G: nx.Graph, *, weight: str | None = None, seed: int = 42, k: int | None = None
) -> dict[str, float]:
    """Normalised betweenness centrality [1]_ [2]_.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; directed graphs count directed shortest paths.
    weight : str, optional
        Edge attribute used as distance; ``None`` for hop counts.
    seed : int
        Seed of the pivot sample.
    k : int, optional
        Number of pivots; exact when ``None`` and ``G`` has at most
        ``EXACT_BETWEENNESS_MAX_NODES`` nodes, else 256 pivots.

    Returns
    -------
    dict
        Node → betweenness in [0, 1].

    Examples
    --------
    >>> betweenness(nx.path_graph(3))[1]
    1.0
    >>> round(betweenness(nx.path_graph(5), k=2, seed=1)[2], 4)
    0.6667

    Notes
    -----
    Brandes' algorithm: O(nm) exact, O(km) sampled. Hop counts on an undirected graph run on the
    sparse kernel ``graph.sparse_betweenness.betweenness`` (networkx's values, pivots and
    rescaling).

    A given ``k`` always samples, even on a small graph; it is capped at the number of nodes
    (``k=0`` counts as unset and means 256 pivots). With ``k`` equal to the number of nodes every
    node is a pivot and the values are exact. The sampled estimate is networkx's (rescaled by
    n / k), so it depends on ``seed``; the exact values do not. The ``weight`` attribute is a
    distance (a longer edge is a weaker tie), not a strength.

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40, 1977.
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociology 25, 2001.
    """
    n = G.number_of_nodes()
    if weight is None and not G.is_directed():  # the same values by sparse products
        exact = n <= EXACT_BETWEENNESS_MAX_NODES and k is None
        values = sparse_betweenness.betweenness(G, k=None if exact else min(k or 256, n), seed=seed)
        return cast(dict[str, float], values)  # G's own nodes, as networkx returns them
    if n <= EXACT_BETWEENNESS_MAX_NODES and k is None:
        values = nx.betweenness_centrality(G, weight=weight, normalized=True)
    else:
        values = nx.betweenness_centrality(
            G, k=min(k or 256, n), weight=weight, normalized=True, seed=seed
        )
    return {node: float(v) for node, v in values.items()}


def bridge_edges(G: nx.Graph) -> list[tuple[str, str]]:
    """Edges whose removal disconnects their component (graph-theoretic bridges), sorted.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph (a multigraph is allowed: parallel edges are never bridges).

    Returns
    -------
    list of tuple
        Each bridge as a sorted ``(u, v)`` pair, the list sorted.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For a directed graph.

    Examples
    --------
    >>> G = nx.Graph([("b", "a"), ("b", "c"), ("c", "d"), ("d", "b")])
    >>> bridge_edges(G)
    [('a', 'b')]

    Notes
    -----
    networkx's ``bridges``, by a chain decomposition [7]_: O(n + m), plus sorting the result. The
    node ids must be orderable (the projection's are strings).

    References
    ----------
    .. [7] J. M. Schmidt, "A simple test on 2-vertex- and 2-edge-connectivity",
       Information Processing Letters 113, 241–244, 2013.
    """
    return sorted(tuple(sorted(e)) for e in nx.bridges(G))


def articulation_points(G: nx.Graph) -> list[str]:
    """Nodes whose removal disconnects their component, sorted.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph.

    Returns
    -------
    list of str
        The articulation points (cut vertices), sorted.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For a directed graph.

    Examples
    --------
    >>> G = nx.Graph([("b", "a"), ("b", "c"), ("c", "d"), ("d", "b")])
    >>> articulation_points(G)
    ['b']

    Notes
    -----
    networkx's depth-first search of Hopcroft and Tarjan [8]_: O(n + m), plus sorting the result.

    References
    ----------
    .. [8] J. Hopcroft, R. Tarjan, "Algorithm 447: Efficient algorithms for graph manipulation",
       Communications of the ACM 16, 372–378, 1973.
    """
    return sorted(nx.articulation_points(G))


def inter_cluster_edges(G: nx.Graph) -> list[tuple[str, str]]:
    """Edges between two nodes that both have clusters but share none, sorted.

    Parameters
    ----------
    G : networkx.Graph
        A graph with a ``clusters`` node attribute.

    Returns
    -------
    list of tuple
        Each such edge as a sorted ``(u, v)`` pair, the list sorted.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "m"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "b": ["y"], "c": ["x", "y"]}, "clusters")
    >>> inter_cluster_edges(G)
    [('a', 'b')]

    Notes
    -----
    O(m · c) for nodes in up to c clusters, plus sorting. Unlike ``memberships``, a node without a
    cluster is in no group here, so its edges never count (``b``–``m`` above); nor does an edge to
    a node that shares one of several clusters (``a``–``c``). The evaluation's cross-cluster ties
    (``graph.evaluation_split.cross_cluster_links``) are these edges of the actor network.
    """
    out = []
    for u, v in G.edges():
        cu, cv = set(G.nodes[u].get("clusters") or []), set(G.nodes[v].get("clusters") or [])
        if cu and cv and not cu & cv:
            out.append(tuple(sorted((u, v))))
    return sorted(out)


def connectors(
    G: nx.Graph,
    a: str,
    b: str,
    *,
    max_paths: int = 5,
    members: Mapping[str, Iterable[str]] | None = None,
    sparse: kernels.SparseGraph | None = None,
) -> Connectors:
    """Who connects clusters ``a`` and ``b``: members of both, go-betweens, and shortest paths.

    Actors in both, actors with neighbours in both, and a few shortest paths between their members
    (node lists).

    Parameters
    ----------
    G : networkx.Graph
        The projection, with a ``clusters`` node attribute.
    a, b : str
        Cluster ids, as they appear in the ``clusters`` attributes.
    max_paths : int
        At most this many paths.
    members : mapping, optional
        Cluster → its nodes, if already known (else read from the ``clusters`` attributes).
    sparse : SparseGraph, optional
        ``kernels.SparseGraph(G)`` if already built: the go-betweens then come from two sparse
        matrix–vector products instead of a walk over the members' neighbours (same result).

    Returns
    -------
    dict
        ``in_both``: the nodes in both clusters, sorted; ``spanning``: the nodes in neither with a
        neighbour in each, sorted; ``paths``: shortest paths, each from a member of ``a`` to a
        member of ``b`` (both ends included), only when no node is in both clusters, ``[]`` when
        none connects them.

    Examples
    --------
    >>> G = nx.Graph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "v": [], "b": ["y"]}, "clusters")
    >>> connectors(G, "x", "y")
    {'in_both': [], 'spanning': ['v'], 'paths': [['a', 'v', 'b']]}

    Notes
    -----
    O(n) for the two groups (O(1) with ``members``), the sum of their members' degrees for the
    go-betweens; the paths come from one breadth-first search
    from every member of ``a`` at once that stops at the first level holding a member of ``b``,
    O(n + m), then are read back through the predecessors (at most ``max_paths``). All paths have
    the same, shortest, length and may pass through nodes of any kind (activities, other clusters'
    actors). At least one path is returned when one exists, even for ``max_paths`` below 1. A
    cluster id that no node has gives empty lists.
    """
    if members is None:
        in_a = {n for n in G if a in (G.nodes[n].get("clusters") or [])}
        in_b = {n for n in G if b in (G.nodes[n].get("clusters") or [])}
    else:
        in_a, in_b = set(members.get(a, ())), set(members.get(b, ()))
    both = sorted(in_a & in_b)
    either = in_a | in_b
    if sparse is None:
        near_a = {nb for n in in_a for nb in G[n]} - either
        near_b = {nb for n in in_b for nb in G[n]} - either
        spanning = sorted(near_a & near_b)
    else:
        spanning = _spanning(sparse, in_a, in_b)
    paths: list[list[str]] = []
    if in_a and in_b and not both:
        paths = _shortest_paths(G, in_a, in_b, max(max_paths, 1))
    return {"in_both": both, "spanning": spanning, "paths": paths}


def _spanning(sparse: kernels.SparseGraph, in_a: set, in_b: set) -> list:
    """The nodes in neither group with a neighbour in each, sorted: a node's count of neighbours
    in a group is the 0/1 tie matrix times the group's indicator vector."""
    n = len(sparse.nodes)
    near, outside = [], np.ones(n, dtype=bool)
    for group in (in_a, in_b):
        ind = np.zeros(n)
        idx = [sparse.index[v] for v in group if v in sparse.index]
        ind[idx] = 1.0
        outside[idx] = False
        near.append(sparse.adjacency @ ind > 0)
    hit = np.flatnonzero(near[0] & near[1] & outside)
    return sorted(sparse.nodes[i] for i in hit)


def _shortest_paths(G: nx.Graph, sources: set, targets: set, limit: int) -> list[list[str]]:
    """Up to ``limit`` shortest paths from any of ``sources`` to any of ``targets`` (disjoint):
    one breadth-first search from all sources at once, then the paths read back through each
    node's predecessors on the previous level, in sorted order."""
    level = dict.fromkeys(sources, 0)
    pred: dict[str, list[str]] = {s: [] for s in sources}
    frontier, depth = sorted(sources), 0
    reached: list[str] = []
    while frontier and not reached:
        depth += 1
        nxt: list[str] = []
        for u in frontier:
            for v in G[u]:
                if v not in level:
                    level[v] = depth
                    pred[v] = [u]
                    nxt.append(v)
                elif level[v] == depth:
                    pred[v].append(u)
        reached = sorted(v for v in nxt if v in targets)
        frontier = sorted(nxt)
    paths: list[list[str]] = []

    def back(node: str, tail: list[str]) -> None:
        if len(paths) >= limit:
            return
        if not pred[node]:
            paths.append([node, *tail])
            return
        for p in sorted(pred[node]):
            back(p, [node, *tail])

    for t in reached:
        back(t, [])
    return paths
