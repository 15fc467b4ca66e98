"""Bridging measures on small hand-made graphs whose answers are known."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph import bridges
from tests.graph.clustered import two_groups


def test_sole_link_between_groups_is_liaison_and_articulation_point() -> None:
    G = two_groups()
    assert bridges.brokerage_roles(G, "b")["liaison"] == 1  # one open pair {x1, y1}
    assert "b" in bridges.articulation_points(G)
    assert ("b", "x1") in bridges.bridge_edges(G) and ("b", "y1") in bridges.bridge_edges(G)


def test_betweenness_exact_and_sampled() -> None:
    G = nx.path_graph(5)
    assert bridges.betweenness(G)[2] == pytest.approx(nx.betweenness_centrality(G)[2])
    big = nx.barabasi_albert_graph(300, 2, seed=1)
    assert bridges.betweenness(big, k=50, seed=7) == bridges.betweenness(big, k=50, seed=7)


def test_inter_cluster_edges_and_connectors() -> None:
    G = two_groups()
    G.nodes["b"]["clusters"] = ["x", "y"]
    assert bridges.inter_cluster_edges(G) == []
    conn = bridges.connectors(G, "x", "y")
    assert conn["in_both"] == ["b"]


@pytest.mark.parametrize("seed", range(6))
def test_connector_paths_are_every_shortest_path_between_the_clusters(seed: int) -> None:
    """Regression: the go-between test rebuilt the union of both clusters per node (quadratic:
    minutes at 100k actors) and the paths copied the graph; one search now finds the same paths."""
    import random

    rng = random.Random(seed)
    G = nx.gnm_random_graph(60, 90, seed=seed)
    for n in G:
        G.nodes[n]["clusters"] = rng.choice([["x"], ["y"], [], [], []])
    conn = bridges.connectors(G, "x", "y", max_paths=10_000)
    H = G.copy()
    H.add_edges_from(("__a__", n) for n in G if G.nodes[n]["clusters"] == ["x"])
    H.add_edges_from(("__b__", n) for n in G if G.nodes[n]["clusters"] == ["y"])
    try:
        expected = {tuple(p[1:-1]) for p in nx.all_shortest_paths(H, "__a__", "__b__")}
    except nx.NetworkXNoPath:
        expected = set()
    assert {tuple(p) for p in conn["paths"]} == expected
    assert len(bridges.connectors(G, "x", "y", max_paths=2)["paths"]) == min(2, len(expected))


def test_connectors_with_known_members_answer_the_same() -> None:
    import random

    rng = random.Random(3)
    G = nx.gnm_random_graph(80, 160, seed=3)
    for n in G:
        G.nodes[n]["clusters"] = rng.sample(["x", "y", "z"], rng.choice([0, 1, 1, 2]))
    members: dict[str, list[int]] = {}
    for n in G:
        for c in G.nodes[n]["clusters"]:
            members.setdefault(c, []).append(n)
    for a, b in [("x", "y"), ("y", "z"), ("x", "nothing")]:
        assert bridges.connectors(G, a, b, members=members) == bridges.connectors(G, a, b)


@pytest.mark.parametrize("seed", range(5))
def test_connectors_over_the_sparse_matrix_answer_the_same(seed: int) -> None:
    """The go-betweens as two sparse products (57 ms → a few at 100k actors) equal the walk over
    the members' neighbours, isolated nodes and weights included."""
    import random

    from innograph.graph.kernels import SparseGraph

    rng = random.Random(seed)
    G = nx.gnm_random_graph(120, 200, seed=seed)
    G.add_nodes_from(range(120, 125))  # isolated
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.choice([0.5, 1, 3])
    for n in G:
        G.nodes[n]["clusters"] = rng.sample(["x", "y", "z"], rng.choice([0, 0, 1, 1, 2]))
    S = SparseGraph(G)
    for a, b in [("x", "y"), ("y", "z"), ("z", "x"), ("x", "nothing")]:
        assert bridges.connectors(G, a, b, sparse=S) == bridges.connectors(G, a, b)


def test_every_cluster_analytic_is_found_in_bridges_as_in_its_own_module() -> None:
    """``graph.bridges`` re-exports each family's names: the same objects, not copies."""
    from innograph.graph import (
        brokerage,
        cartography,
        cluster_graph,
        communities,
        membership,
        structural_holes,
    )

    families = (brokerage, cartography, cluster_graph, communities, membership, structural_holes)
    own = {n: getattr(m, n) for m in families for n in m.__all__ if n != "Brokerage"}
    assert own.keys() <= set(bridges.__all__)
    for name, obj in own.items():
        assert getattr(bridges, name) is obj, name
    for name in bridges.__all__:
        assert getattr(bridges, name) is not None
