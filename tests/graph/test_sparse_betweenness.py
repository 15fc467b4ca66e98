"""``graph.sparse_betweenness`` equals networkx's betweenness, pivots and rescaling included."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from innograph.graph.sparse_betweenness import betweenness


def _messy_graph(seed: int) -> nx.Graph:
    """Random ties in two parts, an isolated node, a self-loop and string and integer names."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 70, seed=seed)
    G.add_edges_from(nx.relabel_nodes(nx.barabasi_albert_graph(25, 2, seed=seed), str).edges)
    G.add_node("alone")
    G.add_edge(3, 3)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.choice([0.5, 2.0])
    return G


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [None, 1, 7, 30])
def test_betweenness_is_networkx_with_the_same_pivots(seed: int, k: int | None) -> None:
    G = _messy_graph(seed)
    ours = betweenness(G, k=k, seed=seed, batch=8)
    ref = nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
    assert set(ours) == set(ref)
    for v in ref:
        if math.isnan(ref[v]):
            assert math.isnan(ours[v])
        else:
            assert ours[v] == pytest.approx(ref[v], abs=1e-12), v


def test_betweenness_with_every_node_as_pivot_is_exact() -> None:
    G = _messy_graph(9)
    assert betweenness(G, k=G.number_of_nodes(), seed=3) == pytest.approx(
        nx.betweenness_centrality(G), abs=1e-12
    )


def test_betweenness_refuses_a_digraph() -> None:
    with pytest.raises(ValueError, match="undirected"):
        betweenness(nx.DiGraph([(1, 2)]))
