"""The cluster-level answers of ``graph.analysis.Analysis``, as functions of the graphs: every
cluster with its figures and strongest bridges (``cluster_summaries``), one cluster's links and
brokers (``cluster_bridge_report``), and what connects two clusters (``between_report``).

``C`` is the cluster graph (``graph.cluster_graph.cluster_graph``: edge attributes ``weight``,
``crosslinks`` by type and ``shared_actors``), ``G`` the projection (node labels).

>>> import networkx as nx
>>> G = nx.Graph()
>>> for c in ("c1", "c2"):
...     G.add_node(c, label=c.upper())
>>> C = nx.Graph()
>>> C.add_edge("c1", "c2", weight=1.5, crosslinks={"partner": 1.5}, shared_actors=[])
>>> [s["bridges"]["strongest"] for s in cluster_summaries(G, C, ["c1"], {"c1": []}, {})]
[[{'cluster': 'c2', 'label': 'C2', 'weight': 1.5}]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from innograph.graph.contracts import (
    Between,
    Broker,
    ClusterBridges,
    ClusterLink,
    ClusterSummary,
    Communities,
    Connectors,
    Gap,
    Labelled,
    RawCommunities,
    RawGap,
    SharedActivity,
)

__all__ = [
    "between_report",
    "cluster_bridge_report",
    "cluster_summaries",
    "labelled",
    "labelled_communities",
    "labelled_gaps",
    "shared_activities",
]

_ACTIVITY_KINDS = frozenset({"measure", "event", "initiative"})
_TAKING_PART = frozenset(
    {"lead", "participation", "member", "partnership", "project-coordination",
     "project-partnership"}
)  # fmt: skip  # an activity's relations to an actor that take part in it (a mention does not)


def cluster_summaries(
    G: nx.Graph,
    C: nx.Graph,
    clusters: list[str],
    members: Mapping[str, list[str]],
    figures: Mapping[str, dict[str, int | float]],
) -> list[ClusterSummary]:
    """Every cluster of ``clusters`` with its figures, its number of actors and a bridge summary:
    how many clusters it is linked to, the summed weight, the three strongest links."""
    out: list[ClusterSummary] = []
    for c in clusters:
        d = G.nodes[c]
        links = (
            sorted(((nb, C.edges[c, nb]["weight"]) for nb in C[c]), key=lambda x: (-x[1], x[0]))
            if c in C
            else []
        )
        out.append(
            {
                "id": c,
                "label": d["label"],
                "region": d.get("region"),
                "figures": figures.get(c, {}),
                "actors": len(members.get(c, [])),
                "bridges": {
                    "linked_clusters": len(links),
                    "strength": round(sum(w for _, w in links), 4),
                    "strongest": [
                        {"cluster": nb, "label": G.nodes[nb]["label"], "weight": round(w, 4)}
                        for nb, w in links[:3]
                    ],
                },
            }
        )
    return out


def cluster_bridge_report(
    G: nx.Graph,
    C: nx.Graph,
    c: str,
    members: list[str],
    roles: Mapping[str, tuple[float, float]],
    betweenness: Mapping[str, float],
) -> ClusterBridges:
    """The clusters ``c`` is linked to, strongest first (cross-links by type, shared actors), and
    its ten strongest brokers: ``members`` with a participation coefficient above 0 (``roles``:
    participation, within-cluster degree z), by participation, then betweenness."""
    links: list[ClusterLink] = []
    neighbours = list(C.adj[c]) if C.has_node(c) else []
    for nb in sorted(neighbours, key=lambda n: -C.edges[c, n]["weight"]):
        e = C.edges[c, nb]
        links.append(
            {
                "cluster": nb,
                "label": G.nodes[nb]["label"],
                "weight": round(e["weight"], 4),
                "crosslinks": {k: round(v, 4) for k, v in sorted(e["crosslinks"].items())},
                "shared_actors": e["shared_actors"],
            }
        )
    brokers: list[Broker] = sorted(
        (
            {
                "actor": n,
                "label": G.nodes[n]["label"],
                "participation": round(roles[n][0], 4),
                "betweenness": round(betweenness.get(n, 0.0), 4),
            }
            for n in members
        ),
        key=lambda b: (-b["participation"], -b["betweenness"], b["actor"]),
    )
    return {
        "cluster": c,
        "label": G.nodes[c]["label"],
        "links": links,
        "brokers": [b for b in brokers if b["participation"] > 0][:10],
    }


def between_report(
    G: nx.Graph,
    C: nx.Graph,
    a: str,
    b: str,
    connectors: Connectors,
    activities: list[SharedActivity] | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> Between:
    """What connects clusters ``a`` and ``b``: the weight and cross-links of their edge in ``C``,
    ``connectors`` (``graph.bridges.connectors``: ``in_both``, ``spanning``, ``paths``) and
    ``activities`` (``shared_activities``), the lists but ``paths`` sliced to
    ``[offset, offset + limit)`` with their totals, and the topics both clusters name."""
    edge = C.edges[a, b] if C.has_edge(a, b) else {}
    end = None if limit is None else offset + limit
    activities = activities or []
    topics = sorted(set(G.nodes[a].get("topics") or ()) & set(G.nodes[b].get("topics") or ()))
    return {
        "a": a,
        "b": b,
        "weight": round(edge.get("weight", 0.0), 4),
        "crosslinks": {k: round(v, 4) for k, v in sorted(edge.get("crosslinks", {}).items())},
        "in_both": labelled(G, connectors["in_both"][offset:end]),
        "in_both_total": len(connectors["in_both"]),
        "spanning": labelled(G, connectors["spanning"][offset:end]),
        "spanning_total": len(connectors["spanning"]),
        "paths": [labelled(G, p) for p in connectors["paths"]],
        "activities": activities[offset:end],
        "activities_total": len(activities),
        "topics": topics,
    }


def shared_activities(
    G: nx.Graph, members_a: Iterable[str], members_b: Iterable[str]
) -> list[SharedActivity]:
    """The activities (measures, events, initiatives and projects: nodes of ``G`` of those kinds)
    in which a member of one cluster and another actor, a member of the other, take part (lead,
    participate, sit on, partner or run a project: an edge ``types`` of those; a mere mention is
    no part); the most participants from the two clusters first, then by label.

    >>> G = nx.Graph()
    >>> G.add_edges_from([("m", "x"), ("m", "y"), ("e", "x")], types=["participation"])
    >>> G.add_edge("e", "y", types=["mention"])
    >>> for n, kind in [("m", "measure"), ("e", "event"), ("x", "actor"), ("y", "actor")]:
    ...     G.add_node(n, kind=kind, label=n.upper())
    >>> [(s["node"], [p["node"] for p in s["a"]], [p["node"] for p in s["b"]])
    ...  for s in shared_activities(G, ["x"], ["y"])]
    [('m', ['x'], ['y'])]
    """
    in_a, in_b = set(members_a), set(members_b)
    found: list[SharedActivity] = []
    near_a = {x for m in in_a if m in G for x in G[m]}  # only activities a member of a is tied to
    for node in sorted(near_a):
        d = G.nodes[node]
        if d.get("kind") not in _ACTIVITY_KINDS:
            continue
        taking_part = {n for n, e in G[node].items() if _TAKING_PART & set(e.get("types", ()))}
        side_a, side_b = sorted(taking_part & in_a), sorted(taking_part & in_b)
        if side_a and side_b and len(set(side_a) | set(side_b)) > 1:
            found.append(
                {
                    "node": node,
                    "label": d["label"],
                    "kind": d["kind"],
                    "a": labelled(G, side_a),
                    "b": labelled(G, side_b),
                }
            )
    found.sort(key=lambda s: (-len({p["node"] for p in s["a"] + s["b"]}), s["label"], s["node"]))
    return found


def labelled(G: nx.Graph, nodes: list[str]) -> list[Labelled]:
    """Each node with its label."""
    return [{"node": n, "label": G.nodes[n]["label"]} for n in nodes]


def labelled_gaps(G: nx.Graph, gaps: list[RawGap]) -> list[Gap]:
    """The gaps of ``graph.cluster_graph.gaps`` with both clusters' labels."""
    return [
        {
            "a": g["a"],
            "b": g["b"],
            "a_label": G.nodes[g["a"]]["label"],
            "b_label": G.nodes[g["b"]]["label"],
            "topic_overlap": g["topic_overlap"],
            "bridge_strength": g["bridge_strength"],
        }
        for g in gaps
    ]


def labelled_communities(G: nx.Graph, raw: RawCommunities) -> Communities:
    """Louvain's communities (``graph.bridges.communities``) with every member's label."""
    return {
        "louvain": [labelled(G, c) for c in raw["louvain"]],
        "modularity_louvain": raw["modularity_louvain"],
        "modularity_clusters": raw["modularity_clusters"],
        "nmi": raw["nmi"],
    }
