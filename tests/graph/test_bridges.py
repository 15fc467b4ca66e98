"""Bridging measures on small hand-made graphs whose answers are known."""

from __future__ import annotations

import networkx as nx
import numpy as np
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
    assert bridges.brokerage_roles(G, "b")["liaison"] == 1  # one open pair {x1, y1}
    assert "b" in bridges.articulation_points(G)
    assert ("b", "x1") in bridges.bridge_edges(G) and ("b", "y1") in bridges.bridge_edges(G)


def test_gatekeeper_and_representative() -> None:
    G = _two_groups()
    G.nodes["b"]["clusters"] = ["x"]  # the broker now sits in x
    roles = bridges.brokerage_roles(G, "b")
    assert set(roles) == set(bridges.UNDIRECTED_ROLES)  # one role set for undirected ties
    assert roles["representative_or_gatekeeper"] == 1
    assert roles["liaison"] == 0


def test_coordinator_and_itinerant() -> None:
    G = nx.Graph([("a", "v"), ("v", "c")])
    nx.set_node_attributes(G, {"a": ["x"], "v": ["x"], "c": ["x"]}, "clusters")
    assert bridges.brokerage_roles(G, "v")["coordinator"] == 1
    G.nodes["v"]["clusters"] = ["y"]
    assert bridges.brokerage_roles(G, "v")["itinerant"] == 1


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


def test_directed_brokerage_is_gould_fernandez() -> None:
    """a → b → c with three groups: b is a liaison once (the old code gave 0)."""
    D = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(D, {"a": ["x"], "b": ["y"], "c": ["z"]}, "clusters")
    roles = bridges.brokerage_roles(D, "b")
    assert set(roles) == set(bridges.BROKERAGE_ROLES)
    assert roles["liaison"] == 1 and sum(roles.values()) == 1
    D.nodes["b"]["clusters"] = ["x"]  # broker with the source: representative
    assert bridges.brokerage_roles(D, "b")["representative"] == 1
    D.nodes["b"]["clusters"] = ["z"]  # broker with the target: gatekeeper
    assert bridges.brokerage_roles(D, "b")["gatekeeper"] == 1
    D.add_edge("a", "c")  # a closed triad mediates nothing
    assert sum(bridges.brokerage_roles(D, "b").values()) == 0


def test_unaffiliated_broker_is_a_liaison() -> None:
    """A ministry (no cluster) between two clusters brokers; it used to score 0."""
    G = nx.Graph([("x1", "m"), ("m", "y1")])
    nx.set_node_attributes(G, {"x1": ["x"], "y1": ["y"]}, "clusters")
    assert bridges.memberships(G, "m") == (bridges.UNAFFILIATED,)
    assert bridges.brokerage_roles(G, "m")["liaison"] == 1


def test_multi_cluster_broker_is_counted_fractionally() -> None:
    """An agency in x and y between an x member and a y member: half representative/gatekeeper
    from each membership, never a full liaison it is itself part of."""
    G = nx.Graph([("x1", "v"), ("v", "y1")])
    nx.set_node_attributes(G, {"x1": ["x"], "v": ["x", "y"], "y1": ["y"]}, "clusters")
    roles = bridges.brokerage_roles(G, "v")
    assert roles["representative_or_gatekeeper"] == 1 and roles["liaison"] == 0
    assert sum(roles.values()) == pytest.approx(1.0)


def test_brokerage_refuses_what_it_does_not_define() -> None:
    with pytest.raises(ValueError, match="multigraph"):
        bridges.brokerage_roles(nx.MultiGraph([("a", "b")]), "a")
    with pytest.raises(nx.NodeNotFound):
        bridges.brokerage_roles(nx.Graph([("a", "b")]), "z")


def test_weighted_effective_size_for_all_nodes_is_burts() -> None:
    """networkx's all-nodes weighted shortcut gives 1.5 for b; Burt's definition gives 7/6."""
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 1), ("b", "c", 3), ("c", "d", 1)])
    assert bridges.effective_size(G)["b"] == pytest.approx(7 / 6)
    for node in G:  # every node agrees with networkx's own per-node computation
        assert bridges.effective_size(G)[node] == pytest.approx(
            nx.effective_size(G, nodes=[node], weight="weight")[node]
        )


def _bct_participation(adj: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """bctpy's ``participation_coef`` (binary, undirected), written out."""
    ko = adj.sum(axis=1)
    gc = (adj > 0) * ci[np.newaxis, :]
    kc2 = np.zeros(len(adj))
    for m in np.unique(ci):
        kc2 += ((adj * (gc == m)).sum(axis=1)) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.ones(len(adj)) - kc2 / ko**2
    p[ko == 0] = 0
    return p


def _bct_zscore(adj: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """bctpy's ``module_degree_zscore`` (flag 0), written out."""
    z = np.zeros(len(adj))
    for m in np.unique(ci):
        idx = ci == m
        koi = adj[np.ix_(idx, idx)].sum(axis=1)
        sd = koi.std()
        z[idx] = 0 if sd == 0 else (koi - koi.mean()) / sd
    return z


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_participation_and_z_agree_with_bctpy_on_single_memberships(seed: int) -> None:
    G = nx.gnp_random_graph(30, 0.15, seed=seed)
    rng = np.random.default_rng(seed)
    groups = {n: f"c{rng.integers(0, 4)}" for n in G}
    nx.set_node_attributes(G, {n: [g] for n, g in groups.items()}, "clusters")
    order = sorted(G)
    adj = nx.to_numpy_array(G, nodelist=order)
    ci = np.array([int(groups[n][1:]) for n in order])
    p, z = _bct_participation(adj, ci), _bct_zscore(adj, ci)
    for i, n in enumerate(order):
        assert bridges.participation_coefficient(G, n) == pytest.approx(p[i], abs=1e-12)
        assert bridges.within_cluster_degree_z(G, n) == pytest.approx(z[i], abs=1e-12)


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
    C = bridges.cluster_bridge_graph(G, ["c1", "c2"], weights=weights)
    edge = C.edges["c1", "c2"]
    assert edge["shared_actors"] == ["agency", "org"]  # managing both counts as being in both
    assert edge["weight"] == pytest.approx(2.0 * 1.0 + 1.0 * 2)  # no shared-organisation twice


def test_communities_of_an_edgeless_graph_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="edges"):
        bridges.communities(nx.empty_graph(3))


@pytest.mark.parametrize("seed", [1, 2])
def test_module_roles_in_one_pass_equal_the_per_node_values(seed: int) -> None:
    G = nx.gnp_random_graph(40, 0.1, seed=seed)
    rng = np.random.default_rng(seed)
    nx.set_node_attributes(
        G, {n: [f"c{i}" for i in range(4) if rng.random() < 0.3] for n in G}, "clusters"
    )
    roles = bridges.module_roles(G)
    for n in G:
        assert roles[n][0] == pytest.approx(bridges.participation_coefficient(G, n), abs=1e-12)
        assert roles[n][1] == pytest.approx(bridges.within_cluster_degree_z(G, n), abs=1e-12)


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
