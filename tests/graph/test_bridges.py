"""Bridging measures on small hand-made graphs whose answers are known."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph import bridges


def _two_groups() -> nx.Graph:
    """Two triangles (clusters x and y) joined only through the broker b."""
    G = nx.Graph(
        [
            ("x1", "x2"),
            ("x2", "x3"),
            ("x1", "x3"),
            ("y1", "y2"),
            ("y2", "y3"),
            ("y1", "y3"),
            ("x1", "b"),
            ("b", "y1"),
        ]
    )
    clusters = {n: [n[0]] for n in G if n != "b"}
    clusters["b"] = ["z"]
    nx.set_node_attributes(G, clusters, "clusters")
    return G


def test_sole_link_between_groups_is_liaison_and_articulation_point() -> None:
    G = _two_groups()
    assert bridges.brokerage_roles(G, "b")["liaison"] == 2
    assert "b" in bridges.articulation_points(G)
    assert ("b", "x1") in bridges.bridge_edges(G) and ("b", "y1") in bridges.bridge_edges(G)


def test_gatekeeper_and_representative() -> None:
    G = _two_groups()
    G.nodes["b"]["clusters"] = ["x"]  # the broker now sits in x
    roles = bridges.brokerage_roles(G, "b")
    assert roles["gatekeeper"] == roles["representative"] == 1
    assert roles["liaison"] == 0


def test_coordinator_and_itinerant() -> None:
    G = nx.Graph([("a", "v"), ("v", "c")])
    nx.set_node_attributes(G, {"a": ["x"], "v": ["x"], "c": ["x"]}, "clusters")
    assert bridges.brokerage_roles(G, "v")["coordinator"] == 2
    G.nodes["v"]["clusters"] = ["y"]
    assert bridges.brokerage_roles(G, "v")["itinerant"] == 2


def test_participation_coefficient() -> None:
    G = _two_groups()
    assert bridges.participation_coefficient(G, "x2") == 0.0  # all links inside x
    assert bridges.participation_coefficient(G, "b") == pytest.approx(0.5)  # half x, half y
    assert bridges.participation_coefficient(G, "x1") == pytest.approx(
        1 - ((2 / 3) ** 2 + (1 / 3) ** 2)
    )


def test_within_cluster_degree_z() -> None:
    G = _two_groups()
    assert bridges.within_cluster_degree_z(G, "x2") == 0.0  # every x member has 2 links inside x
    G.add_edge("x1", "x4")
    G.nodes["x4"]["clusters"] = ["x"]
    assert bridges.within_cluster_degree_z(G, "x1") > 1.0


@pytest.mark.parametrize("seed_graph", [nx.karate_club_graph(), nx.les_miserables_graph()])
def test_constraint_and_effective_size_match_networkx(seed_graph: nx.Graph) -> None:
    G = nx.Graph(seed_graph)
    assert bridges.constraint(G, weight=None) == pytest.approx(nx.constraint(G))
    assert bridges.effective_size(G, weight=None) == pytest.approx(nx.effective_size(G))


def test_constraint_of_a_star_centre_by_hand() -> None:
    """Burt: an ego with n unconnected contacts of equal weight has constraint n · (1/n)² = 1/n."""
    G = nx.star_graph(4)
    assert bridges.constraint(G, weight=None)[0] == pytest.approx(0.25)


def test_betweenness_exact_and_sampled() -> None:
    G = nx.path_graph(5)
    assert bridges.betweenness(G)[2] == pytest.approx(nx.betweenness_centrality(G)[2])
    big = nx.barabasi_albert_graph(300, 2, seed=1)
    assert bridges.betweenness(big, k=50, seed=7) == bridges.betweenness(big, k=50, seed=7)


def test_inter_cluster_edges_and_connectors() -> None:
    G = _two_groups()
    G.nodes["b"]["clusters"] = ["x", "y"]
    assert bridges.inter_cluster_edges(G) == []
    conn = bridges.connectors(G, "x", "y")
    assert conn["in_both"] == ["b"]


def test_cluster_bridge_graph_and_gaps() -> None:
    G = nx.Graph()
    for c in ("c1", "c2", "c3"):
        G.add_node(c, kind="cluster", clusters=[])
    G.add_node("a", kind="actor", clusters=["c1", "c2"])
    G.add_edge("c1", "c3", crosslinks={"topic-overlap": 0.5}, types=["topic-overlap"], weight=0.5)
    C = bridges.cluster_bridge_graph(G, ["c1", "c2", "c3"])
    assert C.edges["c1", "c2"]["shared_actors"] == ["a"]
    assert [(g["a"], g["b"]) for g in bridges.gaps(C)] == [("c1", "c3")]


def test_communities_are_reproducible() -> None:
    G = _two_groups()
    a, b = bridges.communities(G, seed=3), bridges.communities(G, seed=3)
    assert a == b
    assert a["modularity_louvain"] > 0.3


def test_structural_holes_on_the_ego_network_equal_networkx_per_node() -> None:
    """Constraint and effective size read only the radius-2 ego network (what Analysis computes):
    equal to networkx's per-node computation on the whole weighted graph. (networkx's all-nodes
    weighted path takes a sparse-matrix shortcut whose effective sizes differ from its own per-node
    formula; innograph uses the per-node definition.)"""
    G = nx.les_miserables_graph()
    for node in list(G)[:20]:
        ego = nx.ego_graph(G, node, radius=2)
        ref_c = nx.constraint(G, nodes=[node], weight="weight")[node]
        ref_e = nx.effective_size(G, nodes=[node], weight="weight")[node]
        assert bridges.constraint(ego, [node])[node] == pytest.approx(ref_c)
        assert bridges.effective_size(ego, [node])[node] == pytest.approx(ref_e)
