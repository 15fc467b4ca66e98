"""The vectorised structural-hole kernels agree with networkx and with the per-node definitions
in ``graph.bridges`` on random weighted graphs, hubs, stars and trees."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from innograph.graph import bridges
from innograph.graph.kernels import structural_holes


def _random_weighted(n: int, p: float, seed: int) -> nx.Graph:
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.choice([0.25, 0.5, 1.0, 2.0, 3.0])
    G.add_node("isolated")
    return G


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weight", ["weight", None])
@pytest.mark.parametrize("heavy", [None, 0, 3, 100])  # chosen by cost; none; some; every node
def test_agrees_with_networkx_and_the_definitions(
    seed: int, weight: str | None, heavy: int | None
) -> None:
    G = _random_weighted(40, 0.15, seed)
    hub = max(G.degree, key=lambda x: x[1])[0]
    G.add_edges_from((hub, v, {"weight": 1.0}) for v in range(0, 40, 3) if v != hub)
    holes = structural_holes(G, weight=weight, heavy_nodes=heavy)
    expected_c = bridges.constraint(G, weight=weight)
    expected_es = bridges.effective_size(G, weight=weight)
    assert set(holes) == set(expected_c) == set(expected_es)
    assert "isolated" not in holes
    for node, (c, es) in holes.items():
        assert math.isclose(c, expected_c[node], rel_tol=1e-12, abs_tol=1e-12), node
        assert math.isclose(es, expected_es[node], rel_tol=1e-12, abs_tol=1e-12), node


def test_known_values() -> None:
    star = structural_holes(nx.star_graph(4), weight=None)
    assert star[0] == (0.25, 4.0) and star[1] == (1.0, 1.0)
    triangle = structural_holes(nx.complete_graph(3), weight=None)
    assert all(math.isclose(c, (0.5 + 0.25) ** 2 * 2) for c, _ in triangle.values())
    assert all(math.isclose(es, 1.0) for _, es in triangle.values())


def test_refuses_what_the_measures_do_not_cover() -> None:
    with pytest.raises(ValueError, match="undirected"):
        structural_holes(nx.DiGraph([(1, 2)]))
    G = nx.Graph()
    G.add_edge("a", "b", weight=-1)
    with pytest.raises(ValueError, match="negative"):
        structural_holes(G)
    assert structural_holes(nx.empty_graph(3)) == {}


@pytest.mark.parametrize("seed", range(4))
def test_personalised_pagerank_is_networkx_converged(seed: int) -> None:
    from innograph.graph.kernels import SparseGraph, personalised_pagerank

    G = _random_weighted(60, 0.08, seed)  # with an isolated node: dangling mass goes home
    source = max(G.degree, key=lambda x: x[1])[0]
    ours = personalised_pagerank(SparseGraph(G), source)
    theirs = nx.pagerank(G, personalization={source: 1.0}, weight="weight", tol=1e-13,
                         max_iter=100_000)  # fmt: skip
    assert math.isclose(sum(ours.values()), 1.0, rel_tol=1e-9)
    for node, value in theirs.items():
        assert math.isclose(ours[node], value, abs_tol=1e-9), node
    with pytest.raises(KeyError):
        personalised_pagerank(SparseGraph(G), "nobody")
    with pytest.raises(ValueError, match="damping"):
        personalised_pagerank(SparseGraph(G), source, damping=1.0)


def test_blocks_bound_memory_and_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the full products of a network with a hub did not fit in memory (a 100k
    ecosystem reached 17 GB); rows are now taken in blocks of bounded work, same values."""
    from innograph.graph import kernels

    G = _random_weighted(60, 0.1, 5)
    G.add_edges_from((0, v, {"weight": 1.0}) for v in range(1, 60))  # a hub tied to everyone
    whole = structural_holes(G, heavy_nodes=0)
    monkeypatch.setattr(kernels, "_BLOCK_WORK", 50)  # many small blocks
    assert len(kernels._blocks(np.full(60, 40.0), 50)) == 60
    blocked = structural_holes(G, heavy_nodes=0)
    assert whole.keys() == blocked.keys()
    for node, (c, es) in whole.items():
        assert math.isclose(c, blocked[node][0], rel_tol=1e-12)
        assert math.isclose(es, blocked[node][1], rel_tol=1e-12)
    star = structural_holes(nx.star_graph(20_000), weight=None)  # a hub of degree 20,000
    assert math.isclose(star[0][0], 1 / 20_000) and star[0][1] == 20_000


def test_hubs_are_taken_as_dense_columns() -> None:
    """Regression: through a hub the sparse products cost d² (hours at 100k actors with
    ministries tied to half the network); the split takes the hubs one column at a time."""
    from innograph.graph import kernels

    degree = np.array([50_000, 40_000, 30, 20, 10] + [3] * 100_000)
    heavy = set(kernels._heavy(degree).tolist())
    assert {0, 1} <= heavy and len(heavy) < 10
    assert kernels._heavy(np.array([2, 2, 2])).size == 0  # no hub: all sparse
