"""Burt's constraint and effective size against networkx and by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph import structural_holes


@pytest.mark.parametrize("seed_graph", [nx.karate_club_graph(), nx.les_miserables_graph()])
def test_constraint_and_effective_size_match_networkx(seed_graph: nx.Graph) -> None:
    G = nx.Graph(seed_graph)
    assert structural_holes.constraint(G, weight=None) == pytest.approx(nx.constraint(G))
    assert structural_holes.effective_size(G, weight=None) == pytest.approx(nx.effective_size(G))


def test_constraint_of_a_star_centre_by_hand() -> None:
    """Burt: an ego with n unconnected contacts of equal weight has constraint n · (1/n)² = 1/n."""
    G = nx.star_graph(4)
    assert structural_holes.constraint(G, weight=None)[0] == pytest.approx(0.25)


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
        assert structural_holes.constraint(ego, [node])[node] == pytest.approx(ref_c)
        assert structural_holes.effective_size(ego, [node])[node] == pytest.approx(ref_e)


def test_weighted_effective_size_for_all_nodes_is_burts() -> None:
    """networkx's all-nodes weighted shortcut gives 1.5 for b; Burt's definition gives 7/6."""
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 1), ("b", "c", 3), ("c", "d", 1)])
    assert structural_holes.effective_size(G)["b"] == pytest.approx(7 / 6)
    for node in G:  # every node agrees with networkx's own per-node computation
        assert structural_holes.effective_size(G)[node] == pytest.approx(
            nx.effective_size(G, nodes=[node], weight="weight")[node]
        )
