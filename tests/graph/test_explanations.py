"""Explanations in words (``graph.explanations``): paths keep the direction of their relations,
and several relations between one subject and one object make one phrase."""

from __future__ import annotations

import networkx as nx

from innograph.graph.explanations import Wording, explained_path, relation_phrase
from innograph.graph.projection import _add


def test_explanations_keep_the_direction_of_relations() -> None:
    """ "ThEGA manages GreenTech", not "GreenTech → ThEGA [manages]"."""
    G = nx.Graph()
    G.add_node("thega", label="ThEGA", kind="actor")
    G.add_node("greentech", label="GreenTech", kind="cluster")
    _add(G, "thega", "greentech", "manages", 0.5)
    hops = explained_path(G, "greentech", "thega")
    assert hops[1]["says"] == ["ThEGA manages GreenTech"]
    assert explained_path(G, "thega", "greentech")[1]["says"] == ["ThEGA manages GreenTech"]


def test_a_path_through_an_activity_says_who_takes_part() -> None:
    G = nx.Graph()
    G.add_node("a", label="OptoNet", kind="actor")
    G.add_node("m", label="L2-02", kind="measure")
    G.add_node("b", label="medways", kind="actor")
    _add(G, "m", "a", "participation", 1.0)
    _add(G, "m", "b", "participation", 1.0)
    hops = explained_path(G, "a", "b")
    assert [h["node"] for h in hops] == ["a", "m", "b"]
    assert hops[0]["via"] == [] and hops[1]["via"] == hops[2]["via"] == ["participation"]
    G.add_node("alone", label="Alone", kind="actor")
    assert explained_path(G, "a", "alone") == []  # not connected


def test_relations_between_one_pair_make_one_phrase_in_any_language() -> None:
    assert relation_phrase(["co-participation", "topic-overlap"]) == (
        "shares activities and topics with"
    )
    german = {"activities": "Aktivitäten", "topics": "Themen", "manages": "betreut"}
    wording = Wording(german.get, german.get, "teilt {} mit", "und")  # type: ignore[arg-type]
    assert relation_phrase(["manages", "topic-overlap"], wording) == "betreut und teilt Themen mit"
