"""Burt's structural holes [4]_: how far a node's contacts are redundant with each other.

``constraint`` (how much a node's ties lead back into one closed group) and ``effective_size``
(how many non-redundant contacts it has), with weights as tie strengths. For every node of a large
network at once, ``graph.kernels`` computes the same values with sparse matrices.

References
----------
.. [4] R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard UP, 1992.
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["constraint", "effective_size"]


def constraint(
    G: nx.Graph, nodes: list[str] | None = None, *, weight: str | None = "weight"
) -> dict[str, float]:
    """Burt's constraint [4]_: c_i = Σ_j (p_ij + Σ_q p_iq p_qj)², q ≠ i, j.

    ``p_ij`` is i's share of its tie weight that goes to j (networkx's mutual weight). A high
    constraint means few, interconnected contacts: no structural hole to broker.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; on a directed graph ties in both directions count.
    nodes : list of str, optional
        The nodes to score; all nodes of ``G`` when ``None``.
    weight : str, optional
        Edge attribute holding the tie strength; ``None`` counts every tie as 1.

    Returns
    -------
    dict
        Node → constraint; isolated nodes (undefined) are left out.

    Raises
    ------
    KeyError
        When a node of ``nodes`` is not in ``G``.
    networkx.NetworkXError
        For a graph without nodes (networkx's check).

    Examples
    --------
    >>> constraint(nx.star_graph(4), weight=None)[0]
    0.25

    Notes
    -----
    networkx's per-node implementation; O(d²) per node of degree d.

    References
    ----------
    .. [4] R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard UP, 1992.
    """
    values = nx.constraint(G, nodes=nodes, weight=weight)
    return {n: float(v) for n, v in values.items() if not math.isnan(v)}


def effective_size(
    G: nx.Graph, nodes: list[str] | None = None, *, weight: str | None = "weight"
) -> dict[str, float]:
    """Burt's effective size [4]_: ES_i = Σ_j (1 − Σ_q p_iq m_jq), j ∈ N(i), q ≠ i, j.

    ``p_iq`` is i's share of its tie weight that goes to q (mutual weight a_iq + a_qi over the
    sum), ``m_jq`` the tie j–q relative to j's strongest tie. Computed per node from this
    definition for every call: networkx's all-nodes weighted shortcut gives other values (its
    open bug), e.g. 1.5 instead of 7/6 for node b of a–b (1), a–c (1), b–c (3), c–d (1).

    Parameters
    ----------
    G : networkx.Graph
        Any graph; on a directed graph N(i) holds predecessors and successors.
    nodes : list of str, optional
        The nodes to score; all nodes of ``G`` when ``None``.
    weight : str, optional
        Edge attribute holding the tie strength (a missing value counts 1); ``None`` counts every
        tie as 1.

    Returns
    -------
    dict
        Node → effective size, between 1 and the number of contacts.

    Raises
    ------
    networkx.NetworkXError
        When a node of ``nodes`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 1), ("b", "c", 3), ("c", "d", 1)])
    >>> round(effective_size(G)["b"], 4)
    1.1667
    >>> effective_size(nx.star_graph(3), weight=None)[0]
    3.0

    Notes
    -----
    O(d²) per node of degree d. Isolated nodes (undefined) are left out.

    Finding each contact's strongest tie adds the contacts' degrees: O(d² + Σ_j d_j) per node.
    Self-loops are ignored.

    References
    ----------
    .. [4] R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard UP, 1992.
    """
    out = {}
    for i in G if nodes is None else nodes:
        contacts = set(nx.all_neighbors(G, i)) - {i}
        if not contacts:
            continue
        total = sum(_mutual(G, i, q, weight) for q in contacts)
        size = 0.0
        for j in contacts:
            j_max = max(_mutual(G, j, k, weight) for k in set(nx.all_neighbors(G, j)) - {j})
            redundancy = sum(
                _mutual(G, i, q, weight) / total * _mutual(G, j, q, weight) / j_max
                for q in contacts
                if q != j
            )
            size += 1.0 - redundancy
        out[i] = float(size)
    return out


def _mutual(G: nx.Graph, u: str, v: str, weight: str | None) -> float:
    def a(x: str, y: str) -> float:
        if not G.has_edge(x, y):
            return 0.0
        return float(G.edges[x, y].get(weight, 1.0)) if weight else 1.0

    return a(u, v) + a(v, u)
