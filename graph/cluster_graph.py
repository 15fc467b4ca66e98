"""Clusters as nodes: the cluster bridge graph, each link from the distinct evidence that joins
two clusters with the configured weights, and the gaps, clusters with shared topics but no or weak
links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations

import networkx as nx

from innograph.graph.contracts import RawGap

__all__ = ["cluster_bridge_graph", "gaps"]


def cluster_bridge_graph(
    G: nx.Graph, cluster_nodes: list[str], *, weights: Mapping[str, float] | None = None
) -> nx.Graph:
    """Clusters as nodes, linked by the distinct evidence that connects them.

    An edge carries ``crosslinks`` (cross-link type → the links' own weight), ``shared_actors``
    (the actors in both clusters: members of both, or managing both) and ``weight``, the strength:
    Σ over cross-link types of ``weights[type]`` × weight, plus ``weights["shared-actor"]`` per
    shared actor. A ``shared-organisation`` cross-link states the same evidence as the shared
    actors (an organisation in both clusters), so it is listed but not counted again.

    Parameters
    ----------
    G : networkx.Graph
        The projection (``graph.projection.project``).
    cluster_nodes : list of str
        The cluster nodes of ``G`` to link; other clusters are ignored.
    weights : mapping, optional
        Relation → weight; default ``graph.projection.RELATION_WEIGHTS``.

    Returns
    -------
    networkx.Graph
        Every node of ``cluster_nodes`` with its attributes from ``G``, and an edge for each pair
        of them whose strength is positive.

    Raises
    ------
    KeyError
        When a node of ``cluster_nodes`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> for c in ("c1", "c2"): G.add_node(c, kind="cluster", clusters=[])
    >>> G.add_node("a", kind="actor", clusters=["c1", "c2"])
    >>> C = cluster_bridge_graph(G, ["c1", "c2"], weights={"shared-actor": 2.0})
    >>> C.edges["c1", "c2"]["weight"], C.edges["c1", "c2"]["shared_actors"]
    (2.0, ['a'])

    Notes
    -----
    One pass over the actors: O(Σ_actors k²) for actors in k clusters, plus the cluster edges.

    A cross-link type missing from ``weights`` weighs 0 (listed, not counted); a missing
    ``"shared-actor"`` weighs 1.
    """
    from innograph.graph.projection import RELATION_WEIGHTS  # same floor; configuration

    w = RELATION_WEIGHTS if weights is None else weights
    wanted = set(cluster_nodes)
    shared: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for n, d in G.nodes(data=True):
        if d.get("kind") != "actor":
            continue
        tied = set(d.get("clusters") or [])
        tied |= {c for c in G[n] if c in wanted and "manages" in G.edges[n, c].get("types", ())}
        for a, b in combinations(sorted(tied & wanted), 2):
            shared[a, b].add(n)
    C = nx.Graph()
    for c in cluster_nodes:
        C.add_node(c, **dict(G.nodes[c]))
    for a, b in combinations(sorted(wanted), 2):
        crosslinks = dict(G.edges[a, b].get("crosslinks", {})) if G.has_edge(a, b) else {}
        actors_ = sorted(shared.get((a, b), ()))
        weight = _strength(crosslinks, actors_, w)
        if weight > 0:
            C.add_edge(a, b, weight=float(weight), crosslinks=crosslinks, shared_actors=actors_)
    return C


def gaps(
    C: nx.Graph, *, weak: float = 1.0, weights: Mapping[str, float] | None = None
) -> list[RawGap]:
    """Cluster gaps ("Clusterlücken"): topic-sharing cluster pairs with weak bridges, by overlap.

    Pairs that share topics (a topic-overlap link) but whose other connections (stated,
    co-participation, shared organisations, shared actors) weigh at most ``weak``; sorted by topic
    overlap, strongest first.

    Parameters
    ----------
    C : networkx.Graph
        A cluster bridge graph (``cluster_bridge_graph``): edges with ``crosslinks`` and
        ``shared_actors``.
    weak : float
        The most the other connections may weigh for a pair to count as a gap.
    weights : mapping, optional
        Relation → weight, as the bridge graph was built with; default
        ``graph.projection.RELATION_WEIGHTS``.

    Returns
    -------
    list of dict
        ``{"a", "b", "topic_overlap", "bridge_strength"}`` per gap, ``bridge_strength`` being the
        other connections' weight; ties in overlap ordered by ``a``, then ``b``.

    Raises
    ------
    KeyError
        When an edge with a topic overlap has no ``shared_actors``.

    Examples
    --------
    >>> C = nx.Graph()
    >>> C.add_edge("c1", "c2", crosslinks={"topic-overlap": 0.8}, shared_actors=[])
    >>> C.add_edge("c2", "c3", crosslinks={"topic-overlap": 0.5, "stated": 2.0}, shared_actors=[])
    >>> gaps(C)
    [{'a': 'c1', 'b': 'c2', 'topic_overlap': 0.8, 'bridge_strength': 0.0}]

    Notes
    -----
    O(m log m) for the m edges of ``C``. The other connections weigh as in the bridge graph's own
    strength: each cross-link type times its weight, plus ``weights["shared-actor"]`` per shared
    actor, and a ``shared-organisation`` link (the same evidence as the shared actors) not again.
    Only pairs joined in ``C`` can be gaps.
    """
    from innograph.graph.projection import RELATION_WEIGHTS  # same floor; configuration

    w = RELATION_WEIGHTS if weights is None else weights
    out: list[RawGap] = []
    for a, b, d in C.edges(data=True):
        links = d.get("crosslinks", {})
        overlap = links.get("topic-overlap", 0.0)
        if overlap <= 0:
            continue
        other = _strength(links, d["shared_actors"], w, leave_out="topic-overlap")
        if other <= weak:
            out.append({"a": a, "b": b, "topic_overlap": overlap, "bridge_strength": float(other)})
    return sorted(out, key=lambda g: (-g["topic_overlap"], g["a"], g["b"]))


def _strength(
    crosslinks: Mapping[str, float],
    shared_actors: list[str],
    w: Mapping[str, float],
    *,
    leave_out: str | None = None,
) -> float:
    """A cluster pair's strength from its distinct evidence: Σ over cross-link types (but
    ``leave_out``) of ``w[type]`` × the links' weight, plus ``w["shared-actor"]`` per shared actor;
    a ``shared-organisation`` link states the shared actors again and is not counted."""
    total = sum(
        w.get(kind, 0.0) * value
        for kind, value in crosslinks.items()
        if kind not in ("shared-organisation", leave_out)
    )
    return total + w.get("shared-actor", 1.0) * len(shared_actors)
