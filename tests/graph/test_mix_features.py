"""The learned mix's features over the heterogeneous graph (``graph.mix_features``): each one on a
hand-made projection where its value can be worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from innograph.graph.mix_features import HETERO_FEATURES, HeteroFeatures
from innograph.graph.projection import actor_network


def _projection(actors: dict[str, list[str]], activities: dict[str, list[str]]) -> nx.Graph:
    """Actors (name → topics), each in its own cluster, and measures (name → participants)."""
    G = nx.Graph()
    for a, topics in actors.items():
        G.add_node(a, kind="actor", type="Company", label=a, clusters=[f"c-{a}"], topics=topics)
    for m, members in activities.items():
        G.add_node(m, kind="measure", type="Measure", label=m, clusters=[], topics=[])
        for a in members:
            G.add_edge(a, m, types=["participation"], weight=1.0)
    return G


def _features(G: nx.Graph) -> HeteroFeatures:
    return HeteroFeatures(G, actor_network(G))


def test_every_feature_scores_every_candidate() -> None:
    G = _projection({"a": ["Laser"], "b": ["Optik"], "c": []}, {"m": ["a", "b"]})
    f = _features(G)
    for feature in HETERO_FEATURES:
        values = f.score(feature, "a", ["b", "c"])
        assert len(values) == 2 and all(isinstance(v, float) for v in values), feature


def test_unknown_feature_is_a_value_error() -> None:
    f = _features(_projection({"a": [], "b": []}, {}))
    with pytest.raises(ValueError, match="not one of"):
        f.score("cosine", "a", ["b"])


def test_diffusion_joins_topics_that_one_actor_states_together() -> None:
    """c states "Laser" and "Photonik" together: a (Laser) and b (Photonik) share no topic,
    but their diffused profiles meet; d (Bio) stays apart."""
    G = _projection(
        {"a": ["Laser"], "b": ["Photonik"], "c": ["Laser", "Photonik"], "d": ["Bio"]}, {}
    )
    f = _features(G)
    assert f.score("shared-topics", "a", ["b"]) == [0.0]
    together, apart = f.score("topic-diffusion", "a", ["b", "d"])
    assert together > 0.5
    assert apart == 0.0


def test_diffusion_joins_topics_met_in_one_activity() -> None:
    """No actor states both topics, but x (Laser) and y (Photonik) took part in one measure."""
    G = _projection(
        {"a": ["Laser"], "b": ["Photonik"], "x": ["Laser"], "y": ["Photonik"], "d": ["Bio"]},
        {"m": ["x", "y"]},
    )
    f = _features(G)
    linked, apart = f.score("topic-diffusion", "a", ["b", "d"])
    assert linked > 0.0
    assert apart == 0.0
    without = _features(_projection({k: G.nodes[k]["topics"] for k in "abxyd"}, {}))
    assert without.score("topic-diffusion", "a", ["b"]) == [0.0]


def test_diffusion_ignores_what_hubs_take_part_in() -> None:
    """A hub (linked to everyone) that took part in a measure adds no co-occurrence of topics."""
    actors = {f"z{i}": ["Bio"] for i in range(12)} | {"a": ["Laser"], "b": ["Photonik"]}
    actors["hub"] = ["Photonik"]
    activities = {f"m{i}": ["hub", f"z{i}"] for i in range(12)} | {"ma": ["hub", "a"]}
    f = _features(_projection(actors, activities))
    assert "hub" in f.hubs
    assert f.score("topic-diffusion", "a", ["b"]) == [0.0]


def test_diffusion_grows_with_the_candidates_activities_but_damped() -> None:
    """Two candidates with the same topic: one with 8 activities, one with none; the first
    scores (1 + 8)^(1/4) = √3 times the second."""
    actors = {"a": ["Laser"], "busy": ["Laser"], "idle": ["Laser"]}
    actors |= {f"p{i}": [] for i in range(8)}
    activities = {f"m{i}": ["busy", f"p{i}"] for i in range(8)}
    f = _features(_projection(actors, activities))
    assert "busy" not in f.hubs  # below min_degree: not a hub, its activities count
    busy, idle = f.score("topic-diffusion", "a", ["busy", "idle"])
    assert busy == pytest.approx(3**0.5 * idle)
    assert idle == pytest.approx(1.0)


def test_via_measures_counts_shared_partners_by_inverse_degree() -> None:
    """a and b both met z in a measure; z has 2 partners, so the score is 1/2."""
    G = _projection({"a": [], "b": [], "z": []}, {"m1": ["a", "z"], "m2": ["z", "b"]})
    f = _features(G)
    assert f.score("via-measures", "a", ["b"]) == [0.5]
    assert f.score("via-events", "a", ["b"]) == [0.0]
