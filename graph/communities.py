"""Communities found in the network (Louvain, Blondel et al. 2008), against the clusters the
documents declare: the modularity of each partition (Newman and Girvan 2004) and their agreement
as normalised mutual information (Danon et al. 2005). ``communities`` has the references.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

from innograph.graph.contracts import RawCommunities
from innograph.graph.membership import primary_cluster

__all__ = ["communities"]


def communities(G: nx.Graph, *, seed: int = 42, weight: str = "weight") -> RawCommunities:
    """Louvain communities [6]_ (fixed ``seed``) compared with the given cluster partition.

    The modularity [9]_ of each, and their agreement as normalised mutual information [10]_ over the
    nodes that have a cluster.

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
        ``nmi``: their normalised mutual information in [0, 1] (0.0 when no node has a cluster).

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

    A partition needs one group per node, so the cluster partition puts each node in its
    ``primary_cluster`` and each node without a cluster in a group of its own (for the modularity;
    the NMI leaves those nodes out). The NMI is the arithmetic-mean normalisation 2 I / (H_1 + H_2)
    of [10]_, 0.0 when both partitions have a single group.

    References
    ----------
    .. [6] V. D. Blondel et al., "Fast unfolding of communities in large networks",
       J. Stat. Mech. P10008, 2008.
    .. [9] M. E. J. Newman, M. Girvan, "Finding and evaluating community structure in networks",
       Phys. Rev. E 69, 026113, 2004.
    .. [10] L. Danon, A. Díaz-Guilera, J. Duch, A. Arenas, "Comparing community structure
       identification", J. Stat. Mech. P09008, 2005.
    """
    if G.number_of_edges() == 0:
        raise ValueError("communities need a graph with edges: modularity is undefined without")
    found = nx.community.louvain_communities(G, weight=weight, seed=seed)
    found = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    groups: dict[str, set[str]] = defaultdict(set)
    for n in G:
        c = primary_cluster(G, n)
        if c is not None:
            groups[c].add(n)
    unassigned = set(G) - set().union(*groups.values()) if groups else set(G)
    given = [sorted(g) for g in groups.values()] + [[n] for n in sorted(unassigned)]
    return {
        "louvain": found,
        "modularity_louvain": float(nx.community.modularity(G, found, weight=weight)),
        "modularity_clusters": float(nx.community.modularity(G, given, weight=weight)),
        "nmi": _nmi(
            {n: i for i, c in enumerate(found) for n in c},
            {n: c for c, members in groups.items() for n in members},
        ),
    }


def _nmi(a: dict[str, int], b: dict[str, str]) -> float:
    """Normalised mutual information (arithmetic mean) of two labelings over their common nodes."""
    nodes = sorted(set(a) & set(b))
    n = len(nodes)
    if n == 0:
        return 0.0
    ca, cb = Counter(a[x] for x in nodes), Counter(b[x] for x in nodes)
    joint = Counter((a[x], b[x]) for x in nodes)
    mi = sum(c / n * math.log((c / n) / ((ca[i] / n) * (cb[j] / n))) for (i, j), c in joint.items())
    ha = -sum(c / n * math.log(c / n) for c in ca.values())
    hb = -sum(c / n * math.log(c / n) for c in cb.values())
    return float(0.0 if ha + hb == 0 else 2 * mi / (ha + hb))
