"""The held-out evaluation: splits without leaks, tie-aware measures, intervals, determinism."""

from __future__ import annotations

import json
import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innograph.graph.content_index import ContentIndex
from innograph.graph.evaluation import METHODS, holdout_evaluation
from innograph.graph.evaluation_methods import Predictors
from innograph.graph.evaluation_metrics import (
    bootstrap_interval,
    expected_precision_at_k,
    paired_test,
    rank_measures,
)
from innograph.graph.evaluation_split import (
    activities,
    cross_cluster,
    evaluation_network,
    make_split,
    sample_split,
)
from innograph.graph.projection import actor_network, project
from innograph.graph.recommendations import candidates
from tests.conftest import run_cli


def _graph(
    edges: list[tuple[str, str]],
    clusters: dict[str, list[str]],
    *,
    labels: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
) -> nx.Graph:
    """A tiny projection: actors with clusters; activities are the nodes named ``m…``."""
    G = nx.Graph()
    labels, types = labels or {}, types or {}
    for n in sorted({x for e in edges for x in e} | set(clusters)):
        kind = "measure" if n.startswith("m") else "actor"
        G.add_node(
            n,
            kind=kind,
            type=types.get(n, "Measure" if kind == "measure" else "Network"),
            label=labels.get(n, n),
            clusters=clusters.get(n, []),
            topics=[],
            region=None,
        )
    for u, v in edges:
        G.add_edge(u, v, types=["participation"], weight=1.0)
    return G


def _one_secret() -> nx.Graph:
    """One activity (``mquasar``) links ``a`` (cluster x) and ``b`` (cluster y); twenty other actors
    in cluster w take part in nothing, and their names sort after ``a`` and ``b``."""
    clusters = {"a": ["x"], "b": ["y"], **{f"z{i:02d}": ["w"] for i in range(20)}}
    return _graph(
        [("mquasar", "a"), ("mquasar", "b")],
        clusters,
        labels={"mquasar": "Geheimprojekt Quasar"},
    )


def _planted(pairs: int = 12) -> nx.Graph:
    """Pairs x_i (cluster x) – y_i (cluster y) linked by one activity and sharing three partners
    through activities of their own; twenty actors in other clusters as noise."""
    rng = random.Random(0)
    edges, clusters = [], {}
    for i in range(pairs):
        x, y = f"x{i:02d}", f"y{i:02d}"
        clusters[x], clusters[y] = ["x"], ["y"]
        for j in range(3):
            p = f"p{i:02d}_{j}"
            clusters[p] = []
            edges += [(f"m{i}_{j}a", x), (f"m{i}_{j}a", p), (f"m{i}_{j}b", y), (f"m{i}_{j}b", p)]
        edges += [(f"m{i}_link", x), (f"m{i}_link", y)]
    for k in range(20):
        clusters[f"n{k:02d}"] = [rng.choice(["w", "v"])]
        edges.append((f"mn{k}", f"n{k:02d}"))
    return _graph(edges, clusters)


# --- tie-aware measures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "negatives", "k", "hit", "rr", "auc"),
    [
        (1.0, [0.0, 0.0, 0.0], 1, 1.0, 1.0, 1.0),  # strictly first
        (0.0, [1.0, 1.0, 1.0], 1, 0.0, 0.25, 0.0),  # strictly last
        (0.5, [0.5, 0.5, 0.5], 2, 0.5, (1 + 1 / 2 + 1 / 3 + 1 / 4) / 4, 0.5),  # all tied
        (0.5, [0.9, 0.5, 0.1], 2, 0.5, (1 / 2 + 1 / 3) / 2, 0.5),  # tied with one, below one
        (0.3, [0.1 + 0.2, 0.3], 1, 1 / 3, (1 + 1 / 2 + 1 / 3) / 3, 0.5),  # float noise ties
    ],
)
def test_rank_measures_are_expectations_over_random_tie_breaking(
    positive: float, negatives: list[float], k: int, hit: float, rr: float, auc: float
) -> None:
    got = rank_measures(positive, negatives, k=k)
    assert got["hit_at_k"] == pytest.approx(hit)
    assert got["reciprocal_rank"] == pytest.approx(rr)
    assert got["auc"] == pytest.approx(auc)


def test_rank_measures_match_averaging_over_random_draws() -> None:
    rng = random.Random(4)
    positive, negatives = 2.0, [float(rng.randint(0, 4)) for _ in range(30)]
    hits, rrs = [], []
    for _ in range(20000):
        keyed = [(s, rng.random(), False) for s in negatives] + [(positive, rng.random(), True)]
        keyed.sort(key=lambda t: (-t[0], t[1]))
        rank = next(i for i, t in enumerate(keyed, 1) if t[2])
        hits.append(rank <= 10)
        rrs.append(1 / rank)
    got = rank_measures(positive, negatives, k=10)
    assert got["hit_at_k"] == pytest.approx(sum(hits) / len(hits), abs=0.01)
    assert got["reciprocal_rank"] == pytest.approx(sum(rrs) / len(rrs), abs=0.005)


def test_a_constant_scorer_gets_chance_not_the_alphabet() -> None:
    """``same-type`` on actors of one type scores every candidate alike. The positive (``b`` for
    ``a``) sorts before its 20 negatives (``z00``…): an alphabetical tie-break would put it first."""
    report = holdout_evaluation(_one_secret(), splits=3, methods=["same-type"], draws=100)
    assert report["positives"] == 3  # the one tie, once per split
    m = report["methods"][0]
    n = 21  # the positive and 20 negatives
    assert m["hit_at_k"]["value"] == pytest.approx(10 / n)
    assert m["mrr"]["value"] == pytest.approx(sum(1 / r for r in range(1, n + 1)) / n)
    assert m["auc"]["value"] == pytest.approx(0.5)


def test_expected_precision_counts_ties_fractionally() -> None:
    assert expected_precision_at_k([1, 1, 1, 1], [True, True, False, False], k=2) == 0.5
    assert expected_precision_at_k([3, 2, 1], [True, True, False], k=2) == 1.0


# --- splits ------------------------------------------------------------------------------------


def test_no_leak_the_training_content_index_never_sees_a_hidden_participation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    G = _one_secret()
    assert "quasar" in ContentIndex(G).vectors["a"]  # the full graph's index does see it
    split = make_split(G, ["mquasar"])
    assert not any(split.G_train.has_edge("mquasar", n) for n in ("a", "b"))
    assert "quasar" not in ContentIndex(split.G_train).vectors["a"]
    built: list[nx.Graph] = []

    class Recording(ContentIndex):
        def __init__(self, graph: nx.Graph) -> None:
            built.append(graph)
            super().__init__(graph)

    monkeypatch.setattr("innograph.graph.evaluation_methods.ContentIndex", Recording)
    holdout_evaluation(G, splits=2, methods=["content", "innograph"], draws=50)
    assert len(built) == 2  # one content index per split, on that split's training graph
    for graph in built:
        assert "mquasar" in graph and not any(graph.has_edge("mquasar", n) for n in ("a", "b"))


def _lost_by_brute_force(G: nx.Graph, hidden: set[str]) -> set[tuple[str, str]]:
    """Cross-cluster actor pairs whose every piece of evidence in ``G`` is hidden: the activities
    both take part in (a committee counts as one), and a direct relation (which only hiding a
    committee that is one of the two removes)."""
    A = actor_network(G)
    out = set()
    for u, v in A.edges():
        if not cross_cluster(A, u, v):
            continue
        evidence = {
            x
            for x in set(G[u]) & set(G[v])
            if G.nodes[x]["kind"] != "cluster"
            and (G.nodes[x]["kind"] != "actor" or G.nodes[x]["type"] == "Committee")
        }
        if G.has_edge(u, v) and not {u, v} & hidden:
            evidence.add("direct relation")
        if not evidence - hidden:
            out.add((min(u, v), max(u, v)))
    return out


@st.composite
def _random_graph(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=3, max_value=14))
    rng = random.Random(draw(st.integers(min_value=0, max_value=10_000)))
    actors = [f"a{i}" for i in range(n)]
    clusters = {a: rng.sample(["x", "y", "z", "w"], rng.randint(0, 2)) for a in actors}
    edges = []
    for j in range(rng.randint(1, 2 * n)):
        for a in rng.sample(actors, rng.randint(1, min(4, n))):
            edges.append((f"m{j}", a))
    return _graph(edges, clusters)


@settings(max_examples=60, deadline=None)
@given(_random_graph(), st.floats(min_value=0.05, max_value=0.95), st.integers(0, 1000))
def test_every_lost_tie_is_a_positive_and_nothing_else(G: nx.Graph, hide: float, seed: int) -> None:
    split = sample_split(G, hide, random.Random(seed))
    assert set(split.positives) == _lost_by_brute_force(G, set(split.hidden))
    for u, v in split.positives:  # and each is a candidate of both its ends in training
        assert v in candidates(split.A_train, u) and u in candidates(split.A_train, v)


def test_on_the_seed_graph_hiding_the_cluster_council_loses_its_ties(db) -> None:
    G = project(db)
    council = next(x for x in G if x.endswith("/committee/clustercouncil"))
    assert council in activities(G)
    split = make_split(G, [council])
    assert set(split.positives) == _lost_by_brute_force(G, {council})
    assert len(split.positives) >= 50 and split.from_committees == len(split.positives)
    assert all(split.evidence[p] == (council,) for p in split.positives)


def test_committee_co_membership_is_weighted_one_over_n_minus_one() -> None:
    members = ["a", "b", "c", "d", "e"]
    G = _graph([], {m: [m] for m in members})
    G.add_node("board", kind="actor", type="Committee", label="Board", clusters=[], topics=[])
    for m in members:
        G.add_edge("board", m, types=["member"], weight=1.0)
    G.add_node("mx", kind="measure", type="Measure", label="x", clusters=[], topics=[])
    for m in ("a", "b"):
        G.add_edge("mx", m, types=["participation"], weight=1.0)
    A = evaluation_network(G)
    assert A.edges["c", "d"]["weight"] == pytest.approx(1 / 4)
    assert A.edges["a", "b"]["weight"] == pytest.approx(1 + 1 / 4)  # the measure counts fully
    assert A.edges["board", "a"]["weight"] == 1.0  # the membership itself is a direct tie
    assert sorted(A.edges()) == sorted(actor_network(G).edges())


# --- the report --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted_report() -> dict:
    return dict(holdout_evaluation(_planted(), splits=8, hide=0.25, seed=5, draws=500))


def test_a_sensible_method_beats_random_on_a_planted_structure(planted_report: dict) -> None:
    by = {m["method"]: m for m in planted_report["methods"]}
    for method in ("common-neighbours", "adamic-adar", "katz", "innograph"):
        assert by[method]["mrr"]["low"] > by["random"]["mrr"]["high"], method
        assert by[method]["auc"]["value"] > 0.9, method
    vs_random = next(
        c
        for c in planted_report["comparisons"]
        if c["method"] == "random" and c["measure"] == "mrr"
    )
    assert vs_random["difference"]["low"] > 0 and vs_random["p_value"] < 0.01
    assert 0.3 < by["random"]["auc"]["value"] < 0.7


def test_intervals_contain_the_point_estimate(planted_report: dict) -> None:
    assert [m["method"] for m in planted_report["methods"]] == list(METHODS)
    for m in planted_report["methods"]:
        for x in ("hit_at_k", "mrr", "auc"):
            assert m[x]["low"] <= m[x]["value"] <= m[x]["high"], (m["method"], x)
    for c in planted_report["comparisons"]:
        d = c["difference"]
        assert d["low"] <= d["value"] <= d["high"] and 0 < c["p_value"] <= 1


def test_same_seed_same_report_other_seed_other_splits(planted_report: dict) -> None:
    again = holdout_evaluation(_planted(), splits=8, hide=0.25, seed=5, draws=500)
    assert json.dumps(again, sort_keys=True) == json.dumps(planted_report, sort_keys=True)
    other = holdout_evaluation(_planted(), splits=8, hide=0.25, seed=6, draws=500)
    assert other["positives_per_split"] != planted_report["positives_per_split"]


def test_a_subset_of_methods_gets_the_same_figures(planted_report: dict) -> None:
    some = holdout_evaluation(
        _planted(), splits=8, hide=0.25, seed=5, draws=500, methods=["random", "innograph"]
    )
    full = {m["method"]: m for m in planted_report["methods"]}
    assert some["methods"] == [full["random"], full["innograph"]]


def test_ties_through_hubs_and_between_non_hubs_partition_the_positives() -> None:
    """``by_ties`` splits the positives in two: each kind's point estimates, weighted by its
    positives, give the overall ones; a hub (an actor in every activity) makes the first kind."""
    G = _planted()
    for x in [n for n, d in G.nodes(data=True) if d["kind"] != "actor"]:
        G.add_edge(x, "hub", types=["participation"], weight=1.0)
    G.add_node("hub", kind="actor", type="Agency", label="hub", clusters=["h"], topics=[])
    report = holdout_evaluation(G, splits=6, hide=0.25, seed=3, draws=200)
    n, through = report["positives"], report["positives_through_hubs"]
    assert 0 < through < n
    kinds = report["by_ties"]
    for j, overall in enumerate(report["methods"]):
        hub, other = kinds["through a hub"][j], kinds["between non-hubs"][j]
        assert hub["method"] == other["method"] == overall["method"]
        for x in ("hit_at_k", "mrr", "auc"):
            mixed = (through * hub[x]["value"] + (n - through) * other[x]["value"]) / n
            assert mixed == pytest.approx(overall[x]["value"]), (overall["method"], x)
            assert hub[x]["low"] <= hub[x]["value"] <= hub[x]["high"]


def test_bootstrap_and_paired_test_behave() -> None:
    rng = np.random.default_rng(0)
    iv = bootstrap_interval([1.0] * 10, list(range(10)), rng=rng)
    assert iv == {"value": 1.0, "low": 1.0, "high": 1.0}
    clear = paired_test([0.5 + 0.01 * i for i in range(30)], list(range(30)), rng=rng)
    assert clear < 0.001
    noise = paired_test([(-1) ** i * 0.3 for i in range(30)], list(range(30)), rng=rng)
    assert noise > 0.5
    # grouped: thirty identical positives in one unit are one observation, not thirty
    assert paired_test([0.5] * 30, [0] * 30, rng=rng) == 1.0


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"hide": 1.0}, "hide=1.0"),
        ({"splits": 0}, "splits=0"),
        ({"k": 0}, "k=0"),
        ({"methods": ["oracle"]}, "oracle"),
        ({"reference": "katz", "methods": ["random"]}, "reference='katz'"),
        ({"resample": "actors"}, "resample='actors'"),
    ],
)
def test_bad_parameters_are_named(kwargs: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named.replace("[", r"\[").replace("(", r"\(")):
        holdout_evaluation(_planted(2), **kwargs)


def test_predictors_score_each_candidate() -> None:
    G = _planted(3)
    p = Predictors(G, evaluation_network(G), seed=1)
    pool = candidates(p.A, "x00")
    for method in METHODS:
        scores = p.score(method, "x00", pool)
        assert len(scores) == len(pool) and all(math.isfinite(s) for s in scores), method
    with pytest.raises(ValueError, match="method='oracle'"):
        p.score("oracle", "x00", pool)


def test_vectorised_predictors_equal_their_definitions_per_candidate() -> None:
    """The scores computed for all actors at once (and remembered per source) are the per-pair
    definitions: resource allocation and networkx's PageRank in innograph's proximity, Jaccard,
    preferential attachment and same type; a second pool for the same source is scored afresh."""
    from innograph.graph.evaluation_methods import _ALPHA
    from innograph.graph.proximity import proximity_scores

    G = _planted(3)
    A = evaluation_network(G)
    types = {n: ("Company" if i % 3 else "Network") for i, n in enumerate(sorted(A))}
    nx.set_node_attributes(A, types, "type")
    p = Predictors(G, A, seed=1)
    for u in sorted(A)[:6]:
        pool = candidates(A, u)
        prox = proximity_scores(A, u, pool)  # per pair, networkx's PageRank
        content = p.score("content", u, pool)
        expected = [_ALPHA * prox[b] + (1 - _ALPHA) * c for b, c in zip(pool, content, strict=True)]
        assert p.score("innograph", u, pool) == pytest.approx(expected, abs=1e-9)
        jaccard = [
            len(set(A[u]) & set(A[b])) / len(set(A[u]) | set(A[b])) if set(A[u]) | set(A[b]) else 0
            for b in pool
        ]
        assert p.score("jaccard", u, pool) == pytest.approx(jaccard)
        assert p.score("preferential-attachment", u, pool) == [
            float(A.degree(u) * A.degree(b)) for b in pool
        ]
        assert p.score("same-type", u, pool) == [float(types[b] == types[u]) for b in pool]
        half = pool[: len(pool) // 2]
        assert p.score("jaccard", u, half) == jaccard[: len(half)]
        assert p.score("random", u, pool) != p.score("random", u, pool)  # drawn afresh


def test_what_predictors_remember_never_crosses_threads() -> None:
    """The learned ranker of the partner finder scores from several threads at once. A scorer that
    sleeps inside keeps every thread's question open while the others replace what ``Predictors``
    remembers (the source, the pool, its positions): each must still get its own answer."""
    import contextlib
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    G = _planted(3)
    A = evaluation_network(G)
    gate = threading.Barrier(6)

    def slow_positions(p: Predictors, u: str, pool: list[str]) -> list[float]:
        at = p.positions(pool)
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait(timeout=2)  # all six threads inside at once
        time.sleep(0.002)
        return [float(i) for i in at] + [float(p.index[u])]

    p = Predictors(G, A, seed=1, scorers={"where": slow_positions})
    asks = []
    for u in sorted(A)[:6]:
        pool = candidates(A, u)
        asks.append((u, pool[: len(pool) // 2 + 1]))
    expected = [[float(p.index[b]) for b in pool] + [float(p.index[u])] for u, pool in asks]
    with ThreadPoolExecutor(6) as threads:
        for _ in range(3):
            got = list(threads.map(lambda a: p.score("where", *a), asks))
            assert got == expected
            gate.reset()
            # what is remembered now must be the answer to the question it is remembered for
            last = next(i for i, (u, pool) in enumerate(asks) if u == p._memo[0])
            assert p.score("where", *asks[last]) == expected[last]
    scores = p.score("where", *asks[0])
    scores.append(-1.0)  # what a caller does with its copy is its own
    assert p.score("where", *asks[0]) == expected[0]
    with pytest.raises(ValueError):
        p.positions(asks[0][1])[0] = 7  # the remembered positions are read-only


def test_a_scorer_of_ones_own_is_evaluated_like_the_methods(planted_report: dict) -> None:
    """``scorers`` evaluates a method of one's own beside innograph's, with the same splits."""

    def partner_of_pair(p: Predictors, source: str, pool: list[str]) -> list[float]:
        # knows the planted pairs: x_i's partner is y_i
        twin = {"x": "y", "y": "x"}.get(source[0], "?") + source[1:]
        return [1.0 if b == twin else 0.0 for b in pool]

    def flat(p: Predictors, source: str, pool: list[str]) -> list[float]:
        return [float(len(p.A))] * len(pool)  # the training graph is at hand

    report = holdout_evaluation(
        _planted(),
        splits=8,
        hide=0.25,
        seed=5,
        draws=500,
        methods=["random", "innograph", "twin", "flat"],
        scorers={"twin": partner_of_pair, "flat": flat},
    )
    by = {m["method"]: m for m in report["methods"]}
    full = {m["method"]: m for m in planted_report["methods"]}
    assert by["innograph"] == full["innograph"] and by["random"] == full["random"]  # same splits
    assert by["twin"]["hit_at_k"]["value"] == 1.0 and by["twin"]["mrr"]["value"] == 1.0
    assert by["flat"]["auc"]["value"] == pytest.approx(0.5)  # every candidate tied
    compared = {(c["method"], c["measure"]) for c in report["comparisons"]}
    assert ("twin", "mrr") in compared and ("flat", "auc") in compared
    with pytest.raises(ValueError, match="'katz' is one of innograph's methods"):
        holdout_evaluation(_planted(2), methods=["katz"], scorers={"katz": flat})
    with pytest.raises(ValueError, match="twin"):
        holdout_evaluation(_planted(2), methods=["twin"])  # named but not given


# --- the command -------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_evaluate_json_is_deterministic_and_the_table_names_every_method(store) -> None:
    args = ["evaluate", "--store", str(store.root), "--splits", "10", "--seed", "3"]
    first = json.loads(run_cli(*args, "--json").stdout)
    second = json.loads(run_cli(*args, "--json").stdout)
    assert first == second
    assert [m["method"] for m in first["methods"]] == list(METHODS)
    assert first["positives"] == sum(first["positives_per_split"]) > 0
    table = run_cli(*args).stdout
    assert "hit@10" in table and "MRR" in table and "AUC" in table
    for method in ("random", "adamic-adar", "innograph"):
        assert method in table
    through = first["positives_through_hubs"]
    assert f"by kind of tie: {through} of {first['positives']} run through a hub" in table
    bad = run_cli("evaluate", "--store", str(store.root), "--hide", "2", check=False)
    assert bad.returncode == 1 and "hide=2.0" in bad.stderr
