"""Which groups a node belongs to, for every partition-based measure of the cluster analytics:
participation and the within-cluster z-score (``graph.cartography``, after Guimerà and Amaral
2005), brokerage (``graph.brokerage``, after Gould and Fernandez 1989) and the comparison of
communities with clusters (``graph.communities``).

An actor in several clusters belongs to each (1/k in each of k), and an actor with none (a
ministry, a chamber) to the one explicit group ``UNAFFILIATED``: no measure silently drops it or
places it in an arbitrary cluster. ``memberships`` has the references.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["UNAFFILIATED", "memberships", "primary_cluster"]

UNAFFILIATED = "unaffiliated"
"""The explicit group of nodes without a cluster."""


def memberships(G: nx.Graph, node: str) -> tuple[str, ...]:
    """The groups ``node`` belongs to for every partition-based measure of the cluster analytics.

    Its clusters, or the one explicit group ``UNAFFILIATED`` when it has none (a ministry, a
    chamber). This is the one membership rule: participation, the within-cluster z-score and
    brokerage all read it, and an actor in k clusters counts 1/k in each.

    Parameters
    ----------
    G : networkx.Graph
        A graph whose nodes may carry a ``clusters`` attribute (a list of cluster ids).
    node : str
        A node of ``G``.

    Returns
    -------
    tuple of str
        The node's distinct clusters, sorted, or ``("unaffiliated",)``.

    Raises
    ------
    KeyError
        When ``node`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("a", clusters=["c2", "c1"]); G.add_node("m")
    >>> memberships(G, "a"), memberships(G, "m")
    (('c1', 'c2'), ('unaffiliated',))

    Notes
    -----
    O(c log c) for a node in c clusters. A missing, ``None`` or empty ``clusters`` attribute all
    mean "no cluster".

    References
    ----------
    .. [3] R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks",
       Nature 433, 895–900, 2005.
    .. [5] R. V. Gould, R. M. Fernandez, "Structures of mediation: A formal approach to brokerage in
       transaction networks", Sociological Methodology 19, 89–126, 1989.
    """
    clusters = G.nodes[node].get("clusters") or ()
    return tuple(sorted(set(clusters))) or (UNAFFILIATED,)


def primary_cluster(G: nx.Graph, node: str) -> str | None:
    """A node's first cluster (alphabetically), if any.

    Only for colouring views, never for a measure (measures use ``memberships``).

    Parameters
    ----------
    G : networkx.Graph
        A graph whose nodes may carry a ``clusters`` attribute.
    node : str
        A node of ``G``.

    Returns
    -------
    str or None
        The smallest cluster id of the node, ``None`` when it has no cluster.

    Raises
    ------
    KeyError
        When ``node`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("a", clusters=["c2", "c1"]); G.add_node("m")
    >>> primary_cluster(G, "a"), primary_cluster(G, "m")
    ('c1', None)

    Notes
    -----
    O(c) for a node in c clusters. ``communities`` uses it to turn the clusters into a partition
    (one group per node), so there a node in several clusters counts in this one only.

    See Also
    --------
    memberships : the membership rule of the measures.
    """
    clusters = G.nodes[node].get("clusters") or []
    return min(clusters) if clusters else None
