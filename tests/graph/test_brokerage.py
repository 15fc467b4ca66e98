"""The brokerage kernel gives the pairwise definition's roles for every node."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from innograph.graph import brokerage, membership
from innograph.graph.brokerage import Brokerage
from tests.graph.clustered import two_groups


def _graph(seed: int) -> nx.Graph:
    """Random ties; nodes in one, several or no clusters; a self-loop; an isolated node."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(60, 240, seed=seed)
    G.add_edges_from(nx.star_graph(range(60, 90)).edges)  # a hub with many open pairs
    G.add_edge(5, 5)
    G.add_node("alone")
    for n in G:
        k = rng.choice([0, 1, 1, 1, 2, 3])
        G.nodes[n]["clusters"] = rng.sample(["a", "b", "c", "d"], k)
    return G


@pytest.mark.parametrize("seed", range(8))
def test_roles_equal_the_pairwise_definition(seed: int) -> None:
    G = _graph(seed)
    fast = Brokerage(G)
    for n in G:
        ours, ref = fast.roles(n), brokerage.brokerage_roles(G, n)
        assert set(ours) == set(ref)
        for role in ref:
            assert ours[role] == pytest.approx(ref[role], abs=1e-9), (n, role)


def test_one_group_per_node_gives_integers() -> None:
    G = _graph(3)
    for n in G:
        G.nodes[n]["clusters"] = [str(hash(n) % 3)]
    fast = Brokerage(G)
    for n in G:
        assert all(float(v).is_integer() for v in fast.roles(n).values())


def test_refuses_what_the_kernel_does_not_cover() -> None:
    with pytest.raises(ValueError):
        Brokerage(nx.DiGraph([(1, 2)]))
    with pytest.raises(nx.NodeNotFound):
        Brokerage(nx.Graph([(1, 2)])).roles(3)


def test_gatekeeper_and_representative() -> None:
    G = two_groups()
    G.nodes["b"]["clusters"] = ["x"]  # the broker now sits in x
    roles = brokerage.brokerage_roles(G, "b")
    assert set(roles) == set(brokerage.UNDIRECTED_ROLES)  # one role set for undirected ties
    assert roles["representative_or_gatekeeper"] == 1
    assert roles["liaison"] == 0


def test_coordinator_and_itinerant() -> None:
    G = nx.Graph([("a", "v"), ("v", "c")])
    nx.set_node_attributes(G, {"a": ["x"], "v": ["x"], "c": ["x"]}, "clusters")
    assert brokerage.brokerage_roles(G, "v")["coordinator"] == 1
    G.nodes["v"]["clusters"] = ["y"]
    assert brokerage.brokerage_roles(G, "v")["itinerant"] == 1


def test_directed_brokerage_is_gould_fernandez() -> None:
    """a → b → c with three groups: b is a liaison once (the old code gave 0)."""
    D = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(D, {"a": ["x"], "b": ["y"], "c": ["z"]}, "clusters")
    roles = brokerage.brokerage_roles(D, "b")
    assert set(roles) == set(brokerage.BROKERAGE_ROLES)
    assert roles["liaison"] == 1 and sum(roles.values()) == 1
    D.nodes["b"]["clusters"] = ["x"]  # broker with the source: representative
    assert brokerage.brokerage_roles(D, "b")["representative"] == 1
    D.nodes["b"]["clusters"] = ["z"]  # broker with the target: gatekeeper
    assert brokerage.brokerage_roles(D, "b")["gatekeeper"] == 1
    D.add_edge("a", "c")  # a closed triad mediates nothing
    assert sum(brokerage.brokerage_roles(D, "b").values()) == 0


def test_unaffiliated_broker_is_a_liaison() -> None:
    """A ministry (no cluster) between two clusters brokers; it used to score 0."""
    G = nx.Graph([("x1", "m"), ("m", "y1")])
    nx.set_node_attributes(G, {"x1": ["x"], "y1": ["y"]}, "clusters")
    assert membership.memberships(G, "m") == (membership.UNAFFILIATED,)
    assert brokerage.brokerage_roles(G, "m")["liaison"] == 1


def test_multi_cluster_broker_is_counted_fractionally() -> None:
    """An agency in x and y between an x member and a y member: half representative/gatekeeper
    from each membership, never a full liaison it is itself part of."""
    G = nx.Graph([("x1", "v"), ("v", "y1")])
    nx.set_node_attributes(G, {"x1": ["x"], "v": ["x", "y"], "y1": ["y"]}, "clusters")
    roles = brokerage.brokerage_roles(G, "v")
    assert roles["representative_or_gatekeeper"] == 1 and roles["liaison"] == 0
    assert sum(roles.values()) == pytest.approx(1.0)


def test_brokerage_refuses_what_it_does_not_define() -> None:
    with pytest.raises(ValueError, match="multigraph"):
        brokerage.brokerage_roles(nx.MultiGraph([("a", "b")]), "a")
    with pytest.raises(nx.NodeNotFound):
        brokerage.brokerage_roles(nx.Graph([("a", "b")]), "z")
