"""Communities found in the network (Louvain, Blondel et al. 2008), against the clusters the
documents declare: the modularity of each partition (Newman and Girvan 2004) and their agreement
as normalised mutual information (Danon et al. 2005). ``communities`` has the references.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.contracts import RawCommunities
from innograph.graph.membership import memberships

__all__ = ["communities"]


def communities(G: nx.Graph, *, seed: int = 42, weight: str = "weight") -> RawCommunities:
    """Louvain communities [6]_ (fixed ``seed``) compared with the given cluster partition.

    The modularity [9]_ of each, and their agreement as normalised mutual information [10]_.

    Parameters
    ----------
    G : networkx.Graph
        The projection, with a ``clusters`` node attribute.
    seed : int
        Seed of Louvain's node order: same seed, same communities.
    weight : str
        Edge attribute holding the tie strength.

    Returns
    -------
    dict
        ``louvain``: the communities, each sorted, largest first (ties by first member);
        ``modularity_louvain`` and ``modularity_clusters``: the modularity of the two partitions;
        ``nmi``: their normalised mutual information in [0, 1].

    Raises
    ------
    ValueError
        For a graph without edges (modularity is undefined there).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"),
    ...               ("c", "d")])
    >>> nx.set_node_attributes(G, {n: ["x"] if n in "abc" else ["y"] for n in G}, "clusters")
    >>> result = communities(G)
    >>> result["louvain"], round(result["modularity_clusters"], 4), result["nmi"]
    ([['a', 'b', 'c'], ['d', 'e', 'f']], 0.3571, 1.0)

    Notes
    -----
    networkx's Louvain (resolution 1), near-linear in m in practice; the modularities O(n + m),
    the NMI O(n).

    The clusters are read by the one membership rule (``graph.membership.memberships``): an actor
    in k clusters belongs 1/k to each, an actor with none to the one group ``unaffiliated``. Their
    modularity is the fractional generalisation of [11]_ (each pair weighted by the product of
    the two nodes' shares in a group; Newman–Girvan's when every node is in one group), and the NMI
    counts each node's share in each group (every node, the unaffiliated included). The NMI is the
    arithmetic-mean normalisation 2 I / (H_1 + H_2) of [10]_, 0.0 when both have a single group.

    References
    ----------
    .. [6] V. D. Blondel et al., "Fast unfolding of communities in large networks",
       J. Stat. Mech. P10008, 2008.
    .. [9] M. E. J. Newman, M. Girvan, "Finding and evaluating community structure in networks",
       Phys. Rev. E 69, 026113, 2004.
    .. [10] L. Danon, A. Díaz-Guilera, J. Duch, A. Arenas, "Comparing community structure
       identification", J. Stat. Mech. P09008, 2005.
    .. [11] H. Shen, X. Cheng, K. Cai, M.-B. Hu, "Detect overlapping and hierarchical community
       structure in networks", Physica A 388, 1706–1712, 2009.
    """
    if G.number_of_edges() == 0:
        raise ValueError("communities need a graph with edges: modularity is undefined without")
    found = nx.community.louvain_communities(G, weight=weight, seed=seed)
    found = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    nodes = list(G)
    belonging = _belonging(G, nodes)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr")
    return {
        "louvain": found,
        "modularity_louvain": float(nx.community.modularity(G, found, weight=weight)),
        "modularity_clusters": _modularity(A, belonging),
        "nmi": _nmi(
            {n: i for i, c in enumerate(found) for n in c},
            {n: belonging[i] for i, n in enumerate(nodes)},
        ),
    }


def _belonging(G: nx.Graph, nodes: list[str]) -> list[dict[str, float]]:
    """Each node's share in each of its groups (``memberships``: 1/k in each of k clusters, or
    all in ``UNAFFILIATED``)."""
    out = []
    for n in nodes:
        groups = memberships(G, n)
        out.append({g: 1.0 / len(groups) for g in groups})
    return out


def _modularity(A: sp.csr_array, belonging: list[dict[str, float]]) -> float:
    """Modularity of a fractional partition [11]_: Σ_c Σ_ij (A_ij − k_i k_j / 2m) α_ic α_jc / 2m,
    ``α_ic`` the node's share in group ``c`` (Newman–Girvan's for shares of 0 and 1)."""
    groups = sorted({g for b in belonging for g in b})
    index = {g: j for j, g in enumerate(groups)}
    rows = [i for i, b in enumerate(belonging) for _ in b]
    cols = [index[g] for b in belonging for g in b]
    shares = [v for b in belonging for v in b.values()]
    alpha = sp.csr_array((shares, (rows, cols)), shape=(len(belonging), len(groups)))
    # a self-loop is one tie but two ends, as networkx counts degrees (A_ii = 2w, Σ_ij A_ij = 2m)
    A = A + sp.diags_array(A.diagonal(), format="csr")
    k = np.asarray(A.sum(axis=1)).ravel()
    two_m = float(k.sum())
    inside = float((alpha.T @ (A @ alpha)).diagonal().sum())
    expected = float(np.sum((alpha.T @ k) ** 2)) / two_m
    return (inside - expected) / two_m


def _nmi(a: dict[str, int], b: dict[str, dict[str, float]]) -> float:
    """Normalised mutual information (arithmetic mean) of a labelling ``a`` and fractional
    memberships ``b`` over their common nodes: the joint distribution counts each node's share in
    each group (a hard labelling when every share is 1)."""
    nodes = sorted(set(a) & set(b))
    n = len(nodes)
    if n == 0:
        return 0.0
    joint: defaultdict[tuple[int, str], float] = defaultdict(float)
    for x in nodes:
        for g, share in b[x].items():
            joint[a[x], g] += share / n
    pa: defaultdict[int, float] = defaultdict(float)
    pb: defaultdict[str, float] = defaultdict(float)
    for (i, g), p in joint.items():
        pa[i] += p
        pb[g] += p
    mi = sum(p * math.log(p / (pa[i] * pb[g])) for (i, g), p in joint.items() if p > 0)
    ha = -sum(p * math.log(p) for p in pa.values() if p > 0)
    hb = -sum(p * math.log(p) for p in pb.values() if p > 0)
    return float(0.0 if ha + hb == 0 else 2 * mi / (ha + hb))
