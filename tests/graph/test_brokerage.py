"""The brokerage kernel gives the pairwise definition's roles for every node."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from innograph.graph import bridges
from innograph.graph.brokerage import Brokerage


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
        ours, ref = fast.roles(n), bridges.brokerage_roles(G, n)
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
