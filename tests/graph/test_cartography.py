"""Functional cartography: participation and the within-cluster z-score, by hand and against bctpy's formulas."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from innograph.graph import cartography
from tests.graph.clustered import two_groups


def test_participation_coefficient() -> None:
    G = two_groups()
    assert cartography.participation_coefficient(G, "x2") == 0.0  # all links inside x
    assert cartography.participation_coefficient(G, "b") == pytest.approx(0.5)  # half x, half y
    assert cartography.participation_coefficient(G, "x1") == pytest.approx(
        1 - ((2 / 3) ** 2 + (1 / 3) ** 2)
    )


def test_within_cluster_degree_z() -> None:
    G = two_groups()
    assert (
        cartography.within_cluster_degree_z(G, "x2") == 0.0
    )  # every x member has 2 links inside x
    G.add_edge("x1", "x4")
    G.nodes["x4"]["clusters"] = ["x"]
    assert cartography.within_cluster_degree_z(G, "x1") > 1.0


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
        assert cartography.participation_coefficient(G, n) == pytest.approx(p[i], abs=1e-12)
        assert cartography.within_cluster_degree_z(G, n) == pytest.approx(z[i], abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2])
def test_module_roles_in_one_pass_equal_the_per_node_values(seed: int) -> None:
    G = nx.gnp_random_graph(40, 0.1, seed=seed)
    rng = np.random.default_rng(seed)
    nx.set_node_attributes(
        G, {n: [f"c{i}" for i in range(4) if rng.random() < 0.3] for n in G}, "clusters"
    )
    roles = cartography.module_roles(G)
    for n in G:
        assert roles[n][0] == pytest.approx(cartography.participation_coefficient(G, n), abs=1e-12)
        assert roles[n][1] == pytest.approx(cartography.within_cluster_degree_z(G, n), abs=1e-12)
