"""Louvain communities against the clusters."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from innograph.graph import communities
from innograph.graph.membership import memberships
from tests.graph.clustered import two_groups


def test_communities_are_reproducible() -> None:
    G = two_groups()
    a, b = communities.communities(G, seed=3), communities.communities(G, seed=3)
    assert a == b
    assert a["modularity_louvain"] > 0.3


def test_communities_of_an_edgeless_graph_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="edges"):
        communities.communities(nx.empty_graph(3))


def _random_clustered(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 120, seed=seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 3.0])
    G.add_edge(0, 0, weight=2.0)  # a self-loop, as networkx counts it
    for n in G:
        G.nodes[n]["clusters"] = rng.choice([[], ["x"], ["y"], ["z"], ["x", "y"], ["y", "z", "x"]])
    return G


@pytest.mark.parametrize("seed", range(5))
def test_the_clusters_modularity_follows_the_membership_rule(seed: int) -> None:
    """Regression: an actor in several clusters counted only in its alphabetically first one and
    every actor without a cluster was a group of its own (110 singletons on the seed graph), so
    the clusters' modularity was near 0 whatever the ties. Now the one membership rule: 1/k in
    each of k clusters, the unaffiliated one group — checked against the double sum of Shen et
    al. (2009) and, for one group per node, against networkx."""
    G = _random_clustered(seed)
    got = communities.communities(G)["modularity_clusters"]
    share = {n: {c: 1 / len(g) for c in g} for n in G for g in [memberships(G, n)]}
    k = dict(G.degree(weight="weight"))
    two_m = sum(k.values())

    def a(i: int, j: int) -> float:  # a self-loop is one tie with two ends, as networkx counts
        w = G.edges[i, j]["weight"] if G.has_edge(i, j) else 0.0
        return 2 * w if i == j else w

    expected = (
        sum(
            (a(i, j) - k[i] * k[j] / two_m) * share[i].get(c, 0) * share[j].get(c, 0)
            for c in ("x", "y", "z", "unaffiliated")
            for i in G
            for j in G
        )
        / two_m
    )
    assert got == pytest.approx(expected, abs=1e-12)
    hard = G.copy()
    for n in hard:
        hard.nodes[n]["clusters"] = hard.nodes[n]["clusters"][:1]
    groups: dict[str, set] = {}
    for n in hard:
        groups.setdefault(memberships(hard, n)[0], set()).add(n)
    reference = nx.community.modularity(hard, list(groups.values()), weight="weight")
    assert communities.communities(hard)["modularity_clusters"] == pytest.approx(reference)


def test_nmi_counts_every_node_with_its_shares() -> None:
    """Identical partitions agree fully, the unaffiliated included (they had been left out)."""
    G = nx.Graph(
        [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")]
    )
    nx.set_node_attributes(G, {n: ["x"] if n in "abc" else [] for n in G}, "clusters")
    result = communities.communities(G)
    assert result["louvain"] == [["a", "b", "c"], ["d", "e", "f"]] and result[
        "nmi"
    ] == pytest.approx(1.0)
    nx.set_node_attributes(G, {"c": ["x", "y"]}, "clusters")  # c half in another group
    assert 0 < communities.communities(G)["nmi"] < 1
