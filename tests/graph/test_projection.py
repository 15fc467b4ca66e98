"""``graph.projection``: the actor network weighs each shared activity by the configured weight
of the weaker of the two actors' relations to it."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph.projection import RELATION_WEIGHTS, _add, actor_network


def _graph() -> nx.Graph:
    G = nx.Graph()
    for n in ("a", "b", "c"):
        G.add_node(n, kind="actor", type="Network", label=n, clusters=[], topics=[])
    G.add_node("m", kind="measure", type="Measure", label="m", clusters=[], topics=[])
    return G


def test_a_mention_weighs_what_the_configuration_says() -> None:
    """Regression: an actor only named in a measure sheet (ig:mentions, 0.25) tied to its lead
    with weight 1, as if it took part: 74 of the seed graph's 488 actor ties rested on that."""
    G = _graph()
    _add(G, "m", "a", "lead", RELATION_WEIGHTS["lead"])
    _add(G, "m", "a", "participation", RELATION_WEIGHTS["participation"])  # one activity, once
    _add(G, "m", "b", "participation", RELATION_WEIGHTS["participation"])
    _add(G, "m", "c", "mention", RELATION_WEIGHTS["mention"])
    A = actor_network(G)
    assert A.edges["a", "b"]["weight"] == pytest.approx(1.0)
    assert A.edges["a", "c"]["weight"] == pytest.approx(RELATION_WEIGHTS["mention"])
    assert A.edges["b", "c"]["weight"] == pytest.approx(0.25)
    assert A.edges["a", "c"]["via"] == ["m"]


def test_a_hand_made_edge_without_relations_counts_its_weight() -> None:
    G = _graph()
    G.add_edge("a", "m", types=["participation"], weight=1.0)
    G.add_edge("b", "m", types=["participation"], weight=0.5)
    assert actor_network(G).edges["a", "b"]["weight"] == pytest.approx(0.5)
