"""Functional cartography (Guimerà and Amaral 2005): the role of a node by how its ties spread
over the clusters.

``participation_coefficient`` (how evenly a node's ties spread over the groups),
``within_cluster_degree_z`` (how strongly it is tied within its own groups, against their other
members) and ``module_roles`` (both for every node in one pass), all on the one membership rule
of ``graph.membership``. Each function has the reference.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from innograph.graph.membership import memberships

__all__ = ["module_roles", "participation_coefficient", "within_cluster_degree_z"]


def participation_coefficient(G: nx.Graph, node: str) -> float:
    """Guimerà–Amaral participation coefficient [3]_: P = 1 − Σ_s (k_s / k)².

    ``k_s`` counts the node's links to neighbours in group s (``memberships``: a neighbour in
    several clusters counts 1/|clusters| in each; neighbours without a cluster form the group
    ``UNAFFILIATED``), ``k`` all its links. 0 when all links stay in one group.

    Parameters
    ----------
    G : networkx.Graph
        A graph with a ``clusters`` node attribute.
    node : str
        The node whose links are split by group.

    Returns
    -------
    float
        P in [0, 1); 0.0 for an isolated node.

    Raises
    ------
    KeyError
        When ``node`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "b": ["x"], "c": ["y"]}, "clusters")
    >>> participation_coefficient(G, "a")
    0.5

    Notes
    -----
    O(degree). With one cluster per node this is bctpy's ``participation_coef`` (binary).

    Only the neighbours' groups enter, not the node's own. Links are counted unweighted; on a
    directed graph ``G[node]`` holds the successors, so only out-links count.

    References
    ----------
    .. [3] R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks",
       Nature 433, 895–900, 2005.
    """
    shares: defaultdict[str, float] = defaultdict(float)
    for nb in G[node]:
        groups = memberships(G, nb)
        for c in groups:
            shares[c] += 1.0 / len(groups)
    k = sum(shares.values())
    if k == 0:
        return 0.0
    return float(1.0 - sum((ks / k) ** 2 for ks in shares.values()))


def within_cluster_degree_z(G: nx.Graph, node: str) -> float:
    """Guimerà–Amaral within-module degree z-score [3]_, on the ``memberships`` rule.

    For each group s of ``node``: z_s = (κ_s(node) − mean κ_s) / σ κ_s over the members of s,
    where κ_s(n) counts n's neighbours in s (population standard deviation, as bctpy's
    ``module_degree_zscore``); a node in several groups gets the mean of its z_s. 0 where all
    members of a group are alike.

    Parameters
    ----------
    G : networkx.Graph
        A graph with a ``clusters`` node attribute.
    node : str
        The node to score.

    Returns
    -------
    float
        The (mean) z-score; positive for a hub of its group.

    Raises
    ------
    KeyError
        When ``node`` is not in ``G``.

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> nx.set_node_attributes(G, dict.fromkeys(G, ["x"]), "clusters")
    >>> round(within_cluster_degree_z(G, 0), 4)
    1.7321

    Notes
    -----
    O(Σ members' degrees) per group. With one cluster per node this equals bctpy's
    ``module_degree_zscore`` for the node.

    Finding the members of a group scans every node, so one call costs O(n + Σ members' degrees)
    per group of the node, and scoring all nodes one by one is quadratic in n. Nodes without a
    cluster are scored within the group ``UNAFFILIATED``.

    References
    ----------
    .. [3] R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks",
       Nature 433, 895–900, 2005.
    """
    values = []
    for s in memberships(G, node):
        members = [n for n in G if s in memberships(G, n)]
        k_in = {n: sum(1 for nb in G[n] if s in memberships(G, nb)) for n in members}
        mean = sum(k_in.values()) / len(members)
        sd = math.sqrt(sum((v - mean) ** 2 for v in k_in.values()) / len(members))
        values.append(0.0 if sd == 0 else (k_in[node] - mean) / sd)
    return float(sum(values) / len(values))


def module_roles(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Participation coefficient and within-cluster z-score of every node, in one pass.

    The same values as ``participation_coefficient`` and ``within_cluster_degree_z`` node by
    node (same ``memberships`` rule), but computed together so that all nodes cost O(m + n·g)
    for m edges and g groups per node, instead of O(n) per node for the z-score.

    Parameters
    ----------
    G : networkx.Graph
        Nodes with a ``clusters`` attribute.

    Returns
    -------
    dict
        Node → ``(participation, z)``.

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> nx.set_node_attributes(G, dict.fromkeys(G, ["x"]), "clusters")
    >>> p, z = module_roles(G)[0]
    >>> p, round(z, 4)
    (0.0, 1.7321)

    Notes
    -----
    Guimerà and Amaral [3]_. Linear in the size of the graph for a bounded number of groups.
    """
    groups = {n: memberships(G, n) for n in G}
    shares: dict[str, defaultdict[str, float]] = {}
    k_in: dict[str, dict[str, int]] = {n: dict.fromkeys(groups[n], 0) for n in G}
    for n in G:
        share: defaultdict[str, float] = defaultdict(float)
        for nb in G[n]:
            gs = groups[nb]
            for c in gs:
                share[c] += 1.0 / len(gs)
                if c in k_in[n]:
                    k_in[n][c] += 1
        shares[n] = share
    stats: dict[str, tuple[float, float]] = {}
    members: defaultdict[str, list[int]] = defaultdict(list)
    for n in G:
        for c, k in k_in[n].items():
            members[c].append(k)
    for c, values in members.items():
        mean = sum(values) / len(values)
        stats[c] = (mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)))
    out = {}
    for n in G:
        total = sum(shares[n].values())
        p = 0.0 if total == 0 else 1.0 - sum((s / total) ** 2 for s in shares[n].values())
        zs = [
            0.0 if stats[c][1] == 0 else (k - stats[c][0]) / stats[c][1] for c, k in k_in[n].items()
        ]
        out[n] = (float(p), float(sum(zs) / len(zs)))
    return out
