"""The cluster bridge graph and the gaps between clusters."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph import cluster_graph


def test_cluster_bridge_graph_and_gaps() -> None:
    G = nx.Graph()
    for c in ("c1", "c2", "c3"):
        G.add_node(c, kind="cluster", clusters=[])
    G.add_node("a", kind="actor", clusters=["c1", "c2"])
    G.add_edge("c1", "c3", crosslinks={"topic-overlap": 0.5}, types=["topic-overlap"], weight=0.5)
    C = cluster_graph.cluster_bridge_graph(G, ["c1", "c2", "c3"])
    assert C.edges["c1", "c2"]["shared_actors"] == ["a"]
    assert [(g["a"], g["b"]) for g in cluster_graph.gaps(C)] == [("c1", "c3")]


def test_cluster_bridge_graph_counts_each_organisation_once_with_configured_weights() -> None:
    G = nx.Graph()
    for c in ("c1", "c2"):
        G.add_node(c, kind="cluster", clusters=[])
    G.add_node("org", kind="actor", clusters=["c1", "c2"])
    G.add_node("agency", kind="actor", clusters=[])
    for c in ("c1", "c2"):
        G.add_edge("agency", c, types=["manages"], weight=0.5)
    G.add_edge("c1", "c2", crosslinks={"shared-organisation": 1.0, "stated": 1.0}, weight=1.5)
    weights = {"shared-organisation": 0.5, "stated": 2.0, "shared-actor": 1.0}
    C = cluster_graph.cluster_bridge_graph(G, ["c1", "c2"], weights=weights)
    edge = C.edges["c1", "c2"]
    assert edge["shared_actors"] == ["agency", "org"]  # managing both counts as being in both
    assert edge["weight"] == pytest.approx(2.0 * 1.0 + 1.0 * 2)  # no shared-organisation twice
