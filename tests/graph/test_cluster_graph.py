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


def test_gaps_weigh_the_other_connections_as_the_bridge_graph_does() -> None:
    """Regression: a gap's bridge strength added the raw cross-links (no configured weights) and
    counted an organisation twice (its shared-organisation link besides itself as a shared actor),
    so /api/gaps disagreed with /api/bridges and left out pairs as weak as the ones it listed."""
    G = nx.Graph()
    for c in ("c1", "c2"):
        G.add_node(c, kind="cluster", clusters=[])
    G.add_node("org", kind="actor", clusters=["c1", "c2"])
    links = {"topic-overlap": 0.6, "shared-organisation": 1.0, "co-participation": 2.0}
    G.add_edge("c1", "c2", crosslinks=links, weight=3.6)
    weights = {"topic-overlap": 1.0, "shared-organisation": 0.5, "co-participation": 0.25,
               "shared-actor": 1.0}  # fmt: skip
    C = cluster_graph.cluster_bridge_graph(G, ["c1", "c2"], weights=weights)
    (gap,) = cluster_graph.gaps(C, weak=2.0, weights=weights)
    assert gap["bridge_strength"] == pytest.approx(0.25 * 2.0 + 1.0)  # co-participation + org
    assert gap["bridge_strength"] == pytest.approx(C.edges["c1", "c2"]["weight"] - 0.6)
    assert cluster_graph.gaps(C, weak=1.4, weights=weights) == []
