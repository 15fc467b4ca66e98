"""Who connects the clusters: brokerage and bridging measures over a projection.

Every function takes a networkx graph first (nodes with a ``clusters`` attribute, as made by
``graph.projection``), options as keywords, and returns plain Python values.

References
----------
.. [1] L. C. Freeman, "A set of measures of centrality based on betweenness", Sociometry 40, 1977.
.. [2] U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociology 25, 2001.
.. [3] R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks",
   Nature 433, 895–900, 2005.
.. [4] R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard UP, 1992.
.. [5] R. V. Gould, R. M. Fernandez, "Structures of mediation: A formal approach to brokerage in
   transaction networks", Sociological Methodology 19, 89–126, 1989.
.. [6] V. D. Blondel et al., "Fast unfolding of communities in large networks",
   J. Stat. Mech. P10008, 2008.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

__all__ = [
    "BROKERAGE_ROLES",
    "EXACT_BETWEENNESS_MAX_NODES",
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
    "participation_coefficient",
    "primary_cluster",
    "within_cluster_degree_z",
]

EXACT_BETWEENNESS_MAX_NODES = 2000
"""Above this many nodes, betweenness is estimated from a fixed-seed sample of pivots."""

BROKERAGE_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def primary_cluster(G: nx.Graph, node: str) -> str | None:
    """The group a node counts in for partition-based measures: its first cluster, if any.

    >>> G = nx.Graph(); G.add_node("a", clusters=["c2", "c1"])
    >>> primary_cluster(G, "a")
    'c1'
    """
    clusters = G.nodes[node].get("clusters") or []
    return min(clusters) if clusters else None


def betweenness(
    G: nx.Graph, *, weight: str | None = None, seed: int = 42, k: int | None = None
) -> dict[str, float]:
    """Normalised betweenness centrality [1]_ [2]_; exact up to ``EXACT_BETWEENNESS_MAX_NODES``
    nodes, otherwise estimated from ``k`` (default 256) pivots drawn with ``seed``.

    >>> betweenness(nx.path_graph(3))[1]
    1.0
    """
    n = G.number_of_nodes()
    if n <= EXACT_BETWEENNESS_MAX_NODES and k is None:
        values = nx.betweenness_centrality(G, weight=weight, normalized=True)
    else:
        values = nx.betweenness_centrality(
            G, k=min(k or 256, n), weight=weight, normalized=True, seed=seed
        )
    return {node: float(v) for node, v in values.items()}


def participation_coefficient(G: nx.Graph, node: str) -> float:
    """Guimerà–Amaral participation coefficient [3]_: P = 1 − Σ_s (k_s / k)², where k_s counts the
    node's links to neighbours in cluster s (a neighbour in several clusters counts in each, with
    weight 1/|clusters|). 0 when all links stay in one cluster; neighbours without a cluster are
    not counted.

    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "b": ["x"], "c": ["y"]}, "clusters")
    >>> participation_coefficient(G, "a")
    0.5
    """
    shares: Counter[str] = Counter()
    for nb in G[node]:
        clusters = G.nodes[nb].get("clusters") or []
        for c in clusters:
            shares[c] += 1.0 / len(clusters)
    k = sum(shares.values())
    if k == 0:
        return 0.0
    return float(1.0 - sum((ks / k) ** 2 for ks in shares.values()))


def within_cluster_degree_z(G: nx.Graph, node: str) -> float | None:
    """Guimerà–Amaral within-module degree z-score [3]_ of ``node`` in its primary cluster: how
    many more links it has to members of that cluster than the cluster's members have on average,
    in standard deviations. ``None`` for a node without a cluster; 0 when all members are alike.
    """
    c = primary_cluster(G, node)
    if c is None:
        return None
    members = [n for n in G if primary_cluster(G, n) == c]

    def k_in(n: str) -> int:
        return sum(1 for nb in G[n] if c in (G.nodes[nb].get("clusters") or []))

    values = [k_in(n) for n in members]
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return 0.0 if sd == 0 else float((k_in(node) - mean) / sd)


def constraint(
    G: nx.Graph, nodes: list[str] | None = None, *, weight: str | None = "weight"
) -> dict[str, float]:
    """Burt's constraint [4]_ (networkx's implementation); NaN for isolated nodes is left out."""
    values = nx.constraint(G, nodes=nodes, weight=weight)
    return {n: float(v) for n, v in values.items() if not math.isnan(v)}


def effective_size(
    G: nx.Graph, nodes: list[str] | None = None, *, weight: str | None = "weight"
) -> dict[str, float]:
    """Burt's effective size [4]_ (networkx's implementation); isolated nodes are left out."""
    values = nx.effective_size(G, nodes=nodes, weight=weight)
    return {n: float(v) for n, v in values.items() if not math.isnan(v)}


def brokerage_roles(G: nx.Graph, node: str) -> dict[str, int]:
    """Gould–Fernandez brokerage roles [5]_ of ``node`` over its primary-cluster groups.

    For every ordered pair of neighbours (u, w) of v that are not linked to each other, the path
    u → v → w is classified by groups: coordinator (u, v, w in one group), itinerant (u and w in
    one group, v in another), representative (v with u, w elsewhere), gatekeeper (v with w, u
    elsewhere), liaison (three groups). The graph is undirected, so every open pair is counted in
    both directions: representative and gatekeeper counts are therefore equal. Triads with a node
    outside every cluster are skipped.

    >>> G = nx.Graph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "v": ["y"], "b": ["z"]}, "clusters")
    >>> brokerage_roles(G, "v")["liaison"]
    2
    """
    roles = dict.fromkeys(BROKERAGE_ROLES, 0)
    gv = primary_cluster(G, node)
    if gv is None:
        return roles
    neighbours = [n for n in G[node] if primary_cluster(G, n) is not None]
    for u, w in combinations(neighbours, 2):
        if G.has_edge(u, w):
            continue
        gu, gw = primary_cluster(G, u), primary_cluster(G, w)
        for a, b in ((gu, gw), (gw, gu)):
            roles[_role(a, gv, b)] += 1
    return roles


def _role(gu: str, gv: str, gw: str) -> str:
    if gu == gv == gw:
        return "coordinator"
    if gu == gw:
        return "itinerant"
    if gu == gv:
        return "representative"
    if gv == gw:
        return "gatekeeper"
    return "liaison"


def bridge_edges(G: nx.Graph) -> list[tuple[str, str]]:
    """Edges whose removal disconnects their component (graph-theoretic bridges), sorted."""
    return sorted(tuple(sorted(e)) for e in nx.bridges(G))


def articulation_points(G: nx.Graph) -> list[str]:
    """Nodes whose removal disconnects their component, sorted."""
    return sorted(nx.articulation_points(G))


def inter_cluster_edges(G: nx.Graph) -> list[tuple[str, str]]:
    """Edges between two nodes that both have clusters but share none, sorted."""
    out = []
    for u, v in G.edges():
        cu, cv = set(G.nodes[u].get("clusters") or []), set(G.nodes[v].get("clusters") or [])
        if cu and cv and not cu & cv:
            out.append(tuple(sorted((u, v))))
    return sorted(out)


def connectors(G: nx.Graph, a: str, b: str, *, max_paths: int = 5) -> dict[str, object]:
    """Who connects clusters ``a`` and ``b``: actors in both, actors with neighbours in both, and
    a few shortest paths between their members (node lists)."""
    in_a = {n for n in G if a in (G.nodes[n].get("clusters") or [])}
    in_b = {n for n in G if b in (G.nodes[n].get("clusters") or [])}
    both = sorted(in_a & in_b)
    spanning = sorted(
        n
        for n in G
        if n not in in_a | in_b
        and any(nb in in_a for nb in G[n])
        and any(nb in in_b for nb in G[n])
    )
    paths: list[list[str]] = []
    if in_a and in_b and not both:
        H = G.copy()
        H.add_edges_from(("__a__", n) for n in in_a)
        H.add_edges_from(("__b__", n) for n in in_b)
        try:
            for path in nx.all_shortest_paths(H, "__a__", "__b__"):
                paths.append(path[1:-1])
                if len(paths) >= max_paths:
                    break
        except nx.NetworkXNoPath:
            pass
    return {"in_both": both, "spanning": spanning, "paths": paths}


def cluster_bridge_graph(G: nx.Graph, cluster_nodes: list[str]) -> nx.Graph:
    """Clusters as nodes; an edge's ``weight`` sums the cross-links between the two clusters (by
    type in ``crosslinks``) and the actors in both (``shared_actors``), so its strength says how
    strongly the clusters are connected."""
    C = nx.Graph()
    for c in cluster_nodes:
        C.add_node(c, **{k: v for k, v in G.nodes[c].items()})
    for a, b in combinations(sorted(cluster_nodes), 2):
        crosslinks = dict(G.edges[a, b].get("crosslinks", {})) if G.has_edge(a, b) else {}
        shared = sorted(
            n
            for n in G
            if G.nodes[n]["kind"] == "actor"
            and a in (G.nodes[n].get("clusters") or [])
            and b in (G.nodes[n].get("clusters") or [])
        )
        weight = sum(crosslinks.values()) + len(shared)
        if weight > 0:
            C.add_edge(a, b, weight=float(weight), crosslinks=crosslinks, shared_actors=shared)
    return C


def gaps(C: nx.Graph, *, weak: float = 1.0) -> list[dict[str, object]]:
    """Cluster gaps ("Clusterlücken"): pairs that share topics (a topic-overlap link) but whose
    other connections (stated, co-participation, shared organisations, shared actors) weigh at most
    ``weak``; sorted by topic overlap, strongest first."""
    out = []
    for a, b, d in C.edges(data=True):
        links = d.get("crosslinks", {})
        overlap = links.get("topic-overlap", 0.0)
        if overlap <= 0:
            continue
        other = sum(v for k, v in links.items() if k != "topic-overlap") + len(d["shared_actors"])
        if other <= weak:
            out.append({"a": a, "b": b, "topic_overlap": overlap, "bridge_strength": float(other)})
    return sorted(out, key=lambda g: (-g["topic_overlap"], g["a"], g["b"]))


def communities(G: nx.Graph, *, seed: int = 42, weight: str = "weight") -> dict[str, object]:
    """Louvain communities [6]_ (fixed ``seed``) compared with the given cluster partition: the
    modularity of each, and their agreement as normalised mutual information over the nodes that
    have a cluster."""
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
