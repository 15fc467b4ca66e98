"""Recommendations and their evaluation, on synthetic graphs with known answers."""

from __future__ import annotations

import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from innograph.graph.evaluation import cross_cluster_links
from innograph.graph.evaluation_seeds import evaluate, summarise
from innograph.graph.projection import actor_network
from innograph.graph.recommendations import recommend


def _projection(edges: list[tuple[str, str]], clusters: dict[str, list[str]]) -> nx.Graph:
    """A tiny projection: actors with clusters, activities (``m*``) they take part in."""
    G = nx.Graph()
    for n in {x for e in edges for x in e} | set(clusters):
        kind = "measure" if n.startswith("m") else "actor"
        G.add_node(
            n,
            kind=kind,
            type="Measure" if kind == "measure" else "Network",
            label=n,
            clusters=clusters.get(n, []),
            topics=[],
            region=None,
        )
    for u, v in edges:
        G.add_edge(u, v, types=["participation"], weight=1.0)
    return G


def test_planted_partner_is_ranked_first() -> None:
    # a (cluster x) and b (cluster y) share three partners p1..p3 but no activity; c (y) shares none
    edges = [
        ("m1", "a"),
        ("m1", "p1"),
        ("m2", "a"),
        ("m2", "p2"),
        ("m3", "a"),
        ("m3", "p3"),
        ("m4", "b"),
        ("m4", "p1"),
        ("m5", "b"),
        ("m5", "p2"),
        ("m6", "b"),
        ("m6", "p3"),
        ("m7", "c"),
        ("m7", "q"),
    ]
    clusters = {
        "a": ["x"],
        "b": ["y"],
        "c": ["y"],
        "p1": ["z"],
        "p2": ["z"],
        "p3": ["z"],
        "q": ["w"],
    }
    G = _projection(edges, clusters)
    A = actor_network(G)
    recs = recommend(G, A, "a", k=3)
    assert recs[0]["actor"] == "b"
    assert {n["node"] for n in recs[0]["shared_neighbours"]} == {"p1", "p2", "p3"}
    assert recs[0]["path"][0]["node"] == "a" and recs[0]["path"][-1]["node"] == "b"
    assert all(h["via"] for h in recs[0]["path"][1:])


def test_filters() -> None:
    G = _projection([("m1", "a"), ("m1", "b"), ("m2", "c")], {"a": ["x"], "b": ["y"], "c": ["z"]})
    A = actor_network(G)
    assert recommend(G, A, "a", cluster="z") == []  # nothing ties or likens c to a: no guess
    G.nodes["a"]["topics"] = G.nodes["c"]["topics"] = ["Laser"]  # now their words are alike
    assert [r["actor"] for r in recommend(G, A, "a", cluster="z")] == ["c"]
    assert recommend(G, A, "a", actor_type="University") == []


@st.composite
def _random_projection(draw):
    n = draw(st.integers(min_value=3, max_value=12))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    rng = random.Random(seed)
    actors = [f"a{i}" for i in range(n)]
    clusters = {a: rng.sample(["x", "y", "z", "w"], rng.randint(0, 2)) for a in actors}
    edges = []
    for j in range(rng.randint(1, 2 * n)):
        for a in rng.sample(actors, rng.randint(1, min(3, n))):
            edges.append((f"m{j}", a))
    return _projection(edges, clusters)


@settings(max_examples=40, deadline=None)
@given(_random_projection())
def test_never_proposes_an_existing_partner_or_own_cluster(G: nx.Graph) -> None:
    A = actor_network(G)
    for actor in A:
        mine = set(A.nodes[actor]["clusters"])
        for r in recommend(G, A, actor, k=20):
            assert not A.has_edge(actor, r["actor"])
            assert r["actor"] != actor
            assert not mine & set(r["clusters"])


def test_evaluation_machinery_finds_planted_links() -> None:
    """Cross-cluster pairs that share many partners are recovered far above the random baseline."""
    rng = random.Random(0)
    edges, clusters = [], {}
    for i in range(12):  # twelve pairs (x_i in cluster x, y_i in cluster y) with their own partners
        x, y = f"x{i}", f"y{i}"
        clusters[x], clusters[y] = ["x"], ["y"]
        for j in range(3):
            p = f"p{i}_{j}"
            clusters[p] = []  # partners outside every cluster: only x–y pairs are cross-cluster
            edges += [(f"m{i}_{j}a", x), (f"m{i}_{j}a", p), (f"m{i}_{j}b", y), (f"m{i}_{j}b", p)]
        edges += [(f"m{i}_link", x), (f"m{i}_link", y)]  # the known cross-cluster link
    for k in range(20):  # noise: single actors in other clusters
        a = f"n{k}"
        clusters[a] = [rng.choice(["w", "v"])]
        edges.append((f"mn{k}", a))
    G = _projection(edges, clusters)
    A = actor_network(G)
    assert cross_cluster_links(A) == sorted((f"x{i}", f"y{i}") for i in range(12))
    rows = evaluate(G, A, seeds=(1, 2, 3), hide=0.25, k=5)
    summary = {s["method"]: s for s in summarise(rows)}
    assert summary["innograph"]["auc"] > 0.9
    assert summary["innograph"]["mrr"] > 2 * summary["random"]["mrr"]
    assert 0.3 < summary["random"]["auc"] < 0.7


def test_explanations_leave_out_hubs_and_say_how_sure() -> None:
    """An explanation never rests on a hub alone; the shared partner's activities are named."""
    from innograph.graph.projection import actor_network
    from innograph.graph.proximity import hub_nodes
    from innograph.graph.recommendations import recommend

    G = nx.Graph()
    for n, cl in [("a", ["x"]), ("b", ["y"]), ("z", ["x"]), ("hub", [])]:
        G.add_node(n, label=n.upper(), kind="actor", type="Network", clusters=cl, topics=[])
    for i in range(12):  # the hub is linked to everyone
        G.add_node(f"o{i}", label=f"O{i}", kind="actor", type="Company", clusters=["w"], topics=[])
    G.add_node("m1", label="Measure 1", kind="activity", type="Measure", clusters=[], topics=[])
    G.add_node("m2", label="Measure 2", kind="activity", type="Measure", clusters=[], topics=[])
    for u, v in [("a", "m1"), ("z", "m1"), ("z", "m2"), ("b", "m2")]:
        G.add_edge(u, v, types=["participation"], weight=1.0, arcs=[("participation", v, u)])
    for n in ["a", "b", "z", *(f"o{i}" for i in range(12))]:
        G.add_edge("hub", n, types=["member"], weight=1.0, arcs=[("member", "hub", n)])
    A = actor_network(G)
    assert "hub" in hub_nodes(A)
    (rec,) = [r for r in recommend(G, A, "a", k=20) if r["actor"] == "b"]
    partners = [e["partner"] for e in rec["evidence"]]
    assert partners == ["z"]  # the hub is in common too, but it explains nothing
    assert [x["label"] for x in rec["evidence"][0]["with_actor"]] == ["Measure 1"]
    assert [x["label"] for x in rec["evidence"][0]["with_candidate"]] == ["Measure 2"]
    assert rec["confidence"] in ("medium", "high")


def test_top_k_is_diversified_across_clusters() -> None:
    from innograph.graph.recommendations import diversified

    ranked = [f"a{i}" for i in range(8)] + ["b0", "c0", "c1"]
    top = diversified(ranked, lambda x: x[0], k=6)
    assert sum(x.startswith("a") for x in top) == 3  # ceil(6 / 2)
    assert top == ["a0", "a1", "a2", "b0", "c0", "c1"]  # still in rank order
    # when one cluster is all there is, it fills the list
    assert diversified(ranked[:8], lambda x: x[0], k=5) == ranked[:5]
    assert diversified(ranked, lambda x: x[0], k=50) == ranked
