"""The vectorised recommender ranks as the per-candidate one, on the release and random networks."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from innograph.graph.analysis import Analysis
from innograph.graph.content_index import ContentIndex
from innograph.graph.recommendation_index import RecommendationIndex
from innograph.graph.recommendations import recommend


def _same(G: nx.Graph, A: nx.Graph, ix: RecommendationIndex, actor: str, **filters) -> int:
    slow = recommend(G, A, actor, content=ix_content(G), sparse=ix.S, **filters)
    fast = recommend(G, A, actor, index=ix, content=ix_content(G), sparse=ix.S, **filters)
    assert [r["actor"] for r in fast] == [r["actor"] for r in slow], (actor, filters)
    for f, s in zip(fast, slow, strict=True):
        assert f["score"] == pytest.approx(s["score"], abs=1e-9)
        assert f["proximity"] == pytest.approx(s["proximity"], abs=1e-9)
        assert f["content"] == pytest.approx(s["content"], abs=1e-9)
        assert f["evidence"] == s["evidence"] and f["confidence"] == s["confidence"]
    return len(fast)


_CONTENT: dict[int, ContentIndex] = {}


def ix_content(G: nx.Graph) -> ContentIndex:
    return _CONTENT.setdefault(id(G), ContentIndex(G))


def test_every_actor_of_the_release_gets_the_same_partners(db, store) -> None:
    a = Analysis.from_store(db, release_id=store.current().id)
    ix = RecommendationIndex(a.A, ix_content(a.G), a.sparse)
    found = sum(_same(a.G, a.A, ix, actor) for actor in sorted(a.A))
    assert found > 100


def _random(seed: int) -> tuple[nx.Graph, nx.Graph]:
    rng = random.Random(seed)
    A = nx.gnm_random_graph(80, 200, seed=seed)
    A = nx.relabel_nodes(A, {i: f"n{i:02d}" for i in A})
    A.add_edges_from(("n00", v) for v in list(A)[1:40])  # a hub
    A.add_node("alone")
    G = nx.Graph()
    for v in A:
        A.nodes[v]["clusters"] = rng.sample(["c1", "c2", "c3", "c4", "c5"], rng.choice([0, 1, 2]))
        A.nodes[v]["type"] = rng.choice(["Company", "Network"])
        A.nodes[v]["region"] = rng.choice(["r1", "r2"])
        G.add_node(
            v, kind="actor", label=f"Firma {v} {rng.choice(['Laser', 'Holz'])}", **A.nodes[v]
        )
    for u, v in A.edges:
        A.edges[u, v]["weight"] = rng.choice([1.0, 2.0, 0.5])
        G.add_edge(u, v, types=["participant"])
    return G, A


@pytest.mark.parametrize("seed", range(5))
def test_random_networks_and_filters_rank_alike(seed: int) -> None:
    G, A = _random(seed)
    ix = RecommendationIndex(A, ix_content(G))
    for actor in ["n00", "n05", "n17", "alone"]:
        _same(G, A, ix, actor)
        _same(G, A, ix, actor, actor_type="Network", k=5)
        _same(G, A, ix, actor, region="r2", cluster="c3")
        _same(G, A, ix, actor, cluster="no-such-cluster")


def test_unknown_actor_is_refused() -> None:
    _, A = _random(1)
    with pytest.raises(nx.NodeNotFound):
        list(RecommendationIndex(A).ranked("nobody"))


@pytest.mark.parametrize("seed", range(3))
def test_a_ranker_ranks_both_ways_alike_and_keeps_the_reported_scores(seed: int) -> None:
    """With a ranker, its scores order the partners (ties by name) in the index and per candidate;
    proximity and content are still the fixed mix's parts."""
    G, A = _random(seed)
    ix = RecommendationIndex(A, ix_content(G))

    def by_name_length(actor: str, pool: list[str]) -> list[float]:
        return [float(len(b) + int(b[-1:]) if b[-1:].isdigit() else 0) for b in pool]

    for actor in ["n00", "n05"]:
        fixed = recommend(G, A, actor, index=ix, content=ix_content(G), k=80)
        slow = recommend(G, A, actor, content=ix_content(G), sparse=ix.S, ranker=by_name_length)
        fast = recommend(G, A, actor, index=ix, content=ix_content(G), ranker=by_name_length)
        assert [r["actor"] for r in fast] == [r["actor"] for r in slow]
        scores = [r["score"] for r in fast]
        assert all(a >= b for a, b in itertools.pairwise(scores))  # best first
        parts = {r["actor"]: (r["proximity"], r["content"]) for r in fixed}
        for r in fast:
            assert r["score"] == by_name_length(actor, [r["actor"]])[0]
            assert (r["proximity"], r["content"]) == pytest.approx(parts[r["actor"]])
