"""Louvain communities against the clusters."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph import communities
from tests.graph.clustered import two_groups


def test_communities_are_reproducible() -> None:
    G = two_groups()
    a, b = communities.communities(G, seed=3), communities.communities(G, seed=3)
    assert a == b
    assert a["modularity_louvain"] > 0.3


def test_communities_of_an_edgeless_graph_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="edges"):
        communities.communities(nx.empty_graph(3))
