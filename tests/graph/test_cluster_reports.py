"""``graph.cluster_reports``: cluster summaries, one cluster's bridges, what joins two clusters."""

from __future__ import annotations

import networkx as nx

from innograph.graph.cluster_reports import (
    between_report,
    cluster_bridge_report,
    cluster_summaries,
)


def _graphs() -> tuple[nx.Graph, nx.Graph]:
    G = nx.Graph()
    for n in ("c1", "c2", "c3", "c4", "x", "y", "z"):
        G.add_node(n, label=f"label {n}")
    C = nx.Graph()
    C.add_edge("c1", "c2", weight=1.0, crosslinks={"partner": 1.0}, shared_actors=["x"])
    C.add_edge("c1", "c3", weight=2.5, crosslinks={"partner": 0.5, "member": 2.0}, shared_actors=[])
    C.add_edge("c1", "c4", weight=1.0, crosslinks={"member": 1.0}, shared_actors=[])
    return G, C


def test_summaries_name_the_three_strongest_links_ties_by_id() -> None:
    G, C = _graphs()
    members = {"c1": ["x", "y"], "c2": ["x"]}
    (c1, c2) = cluster_summaries(G, C, ["c1", "c2"], members, {"c1": {"companies": 7}})
    assert c1["bridges"]["linked_clusters"] == 3 and c1["bridges"]["strength"] == 4.5
    assert [s["cluster"] for s in c1["bridges"]["strongest"]] == ["c3", "c2", "c4"]
    assert c1["figures"] == {"companies": 7} and c1["actors"] == 2
    assert c2["figures"] == {} and c2["bridges"]["strongest"][0]["label"] == "label c1"


def test_a_cluster_without_links_has_an_empty_summary() -> None:
    G, C = _graphs()
    G.add_node("c9", label="lonely")
    (c9,) = cluster_summaries(G, C, ["c9"], {}, {})
    assert c9["bridges"] == {"linked_clusters": 0, "strength": 0, "strongest": []}
    assert cluster_bridge_report(G, C, "c9", [], {}, {})["links"] == []


def test_brokers_are_members_with_participation_strongest_first() -> None:
    G, C = _graphs()
    roles = {"x": (0.5, 1.0), "y": (0.0, 2.0), "z": (0.5, 0.0)}
    report = cluster_bridge_report(G, C, "c1", ["x", "y", "z"], roles, {"z": 0.3})
    assert [b["actor"] for b in report["brokers"]] == ["z", "x"]  # same participation: betweenness
    assert report["links"][0]["cluster"] == "c3"
    assert report["links"][0]["crosslinks"] == {"member": 2.0, "partner": 0.5}


def test_between_slices_but_counts_everything() -> None:
    G, C = _graphs()
    conn = {"in_both": ["x", "y", "z"], "spanning": ["y"], "paths": [["x", "y"]]}
    report = between_report(G, C, "c1", "c2", conn, offset=1, limit=1)  # type: ignore[arg-type]
    assert [n["node"] for n in report["in_both"]] == ["y"] and report["in_both_total"] == 3
    assert report["spanning"] == [] and report["spanning_total"] == 1
    assert report["paths"] == [
        [{"node": "x", "label": "label x"}, {"node": "y", "label": "label y"}]
    ]
    assert between_report(G, C, "c2", "c4", conn)["weight"] == 0.0
