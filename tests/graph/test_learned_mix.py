"""The learned mix (``graph.learned_mix``): it learns the signal a graph's ties follow, only from
the graph it is given, and it is one of the evaluation's methods."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from innograph.graph.evaluation_methods import METHODS, Predictors
from innograph.graph.evaluation_seeds import evaluate
from innograph.graph.evaluation_split import evaluation_network
from innograph.graph.learned_mix import COLUMNS, FEATURES, fit_mix, rank_percentiles
from innograph.graph.recommendations import candidates


def _planted(seed: int = 1) -> nx.Graph:
    """Actors of two types in six clusters; every activity joins actors of one type only."""
    rng = random.Random(seed)
    G = nx.Graph()
    actors = []
    for i in range(48):
        a = f"a{i}"
        kind = "Network" if i % 2 else "University"
        G.add_node(a, kind="actor", type=kind, label=a, clusters=[f"c{i % 6}"],
                   topics=[], region="r")  # fmt: skip
        actors.append(a)
    for j in range(60):
        m = f"m{j}"
        G.add_node(m, kind="measure", type="Measure", label=m, clusters=[], topics=[])
        kind = rng.choice(["Network", "University"])
        for a in rng.sample([a for a in actors if G.nodes[a]["type"] == kind], 3):
            G.add_edge(a, m, types=["participation"], weight=1.0)
    return G


def test_learns_the_planted_signal() -> None:
    G = _planted()
    mix = fit_mix(G, evaluation_network(G), rounds=6, seed=3)
    assert mix.positives > 0 and mix.examples > mix.positives
    assert set(mix.weights) == set(COLUMNS) and len(COLUMNS) == 2 * (3 * len(FEATURES) + 1)
    heaviest = max(mix.weights, key=lambda c: abs(mix.weights[c]))
    assert heaviest.split("/")[0] in ("same-type", "type-affinity")  # the planted signal
    A, share = evaluation_network(G), []
    predictors = Predictors(G, A)
    for u in sorted(A):  # the planted signal first: every actor's top five are of its own type
        pool = candidates(A, u)
        scores = np.array(mix.score(predictors, u, pool))
        top = [pool[i] for i in np.argsort(-scores, kind="stable")[:5]]
        share.append(np.mean([G.nodes[b]["type"] == G.nodes[u]["type"] for b in top]))
    assert np.mean(share) > 0.9


def test_falls_back_when_there_is_nothing_to_learn() -> None:
    G = nx.Graph()
    G.add_node("a", kind="actor", type="Network", label="a", clusters=["c"], topics=[])
    mix = fit_mix(G, evaluation_network(G))
    assert mix.examples == 0 and mix.weights["content"] == mix.weights["same-type"] == 1.0


def test_rank_percentiles_ignore_scale() -> None:
    assert np.allclose(rank_percentiles([1, 10, 100]), rank_percentiles([0.1, 0.2, 0.3]))
    assert rank_percentiles([]).size == 0


def test_rank_percentiles_are_average_ranks_as_scipy_gives_them() -> None:
    """numpy's own average ranks (scipy.stats is kept out of the server's address space) equal
    ``scipy.stats.rankdata(method="average")`` on tie-heavy draws."""
    from scipy.stats import rankdata

    rng = np.random.default_rng(0)
    for _ in range(300):
        x = rng.integers(0, 6, rng.integers(1, 60)).astype(float)
        assert np.allclose(rank_percentiles(x), rankdata(x, method="average") / x.size)


def test_is_an_evaluation_method_that_beats_chance_on_planted_ties() -> None:
    assert "learned-mix" in METHODS
    rows = evaluate(_planted(), seeds=(1, 2, 3), hide=0.3, methods=("random", "learned-mix"))
    mean = {r["method"]: r["auc"] for r in rows}
    assert mean["learned-mix"] > mean["random"]


def test_the_ranker_gives_each_thread_its_own_answer() -> None:
    """The partner finder's learned ranker, end to end: the same answers from eight threads as
    alone, and for a pool in another order. (Threads rarely interleave inside it; the race itself
    is forced in tests/graph/test_evaluation.py with a scorer that waits.)"""
    from concurrent.futures import ThreadPoolExecutor

    from innograph.graph.learned_mix import mix_ranker
    from innograph.graph.recommendations import candidates

    G = _planted(2)
    rank = mix_ranker(G)
    A = evaluation_network(G)
    asks = [(u, candidates(A, u)) for u in sorted(A)[:12]]
    asks += [(u, pool[::-1]) for u, pool in asks]  # same source, the pool in another order
    alone = [rank(u, pool) for u, pool in asks]
    with ThreadPoolExecutor(8) as pool_of_threads:
        for _ in range(5):
            together = list(pool_of_threads.map(lambda a: rank(*a), asks * 4))
            assert together == alone * 4
    assert alone[0] == pytest.approx(alone[12][::-1], rel=1e-12)  # whatever the pool's order


def _rows(rng: np.random.Generator, signal: str | None) -> tuple[list, list, list]:
    """Four rounds of ten ends, each end 30 candidates and 2 lost ties; with ``signal`` the lost
    ties are the candidates with that column at 1 (and only they)."""
    from innograph.graph.learned_mix import COLUMNS as columns

    rows, labels, folds = [], [], []
    for round_ in range(4):
        for _ in range(10):
            X = rng.random((30, len(columns)))
            y = np.zeros(30)
            y[:2] = 1
            if signal is not None:
                X[:, columns.index(signal)] = y
            rows.append(X)
            labels.append(y)
            folds.append(round_)
    return rows, labels, folds


def test_cross_validation_takes_the_columns_that_carry_the_signal() -> None:
    """A signal only the log-linear columns hold (whether the candidate is a hub) is found; a
    signal both hold (content's percentile) goes to the simpler, additive mix, as the
    one-standard-error rule says; with one round there is nothing to cross-validate."""
    from innograph.graph.learned_mix import MODELS, _choose

    rng = np.random.default_rng(0)
    assert not MODELS["additive"][COLUMNS.index("candidate-is-hub")]
    assert MODELS["additive"][COLUMNS.index("content")]
    assert _choose(*_rows(rng, "candidate-is-hub"))[0] == "log-linear"
    assert _choose(*_rows(rng, "content"))[0] == "additive"
    one_round = _rows(rng, "candidate-is-hub")
    assert _choose(one_round[0][:10], one_round[1][:10], one_round[2][:10]) == ("additive", 1.0)


def test_cross_validation_counts_a_tie_at_chance_not_in_its_favour() -> None:
    """Regression: a setting whose columns cannot tell candidates apart (here the additive ones,
    all zero) used to rank every held-out tie first, since no negative scored strictly above it,
    and so won over a setting with a real but imperfect signal. Ranked with random tie-breaking
    it gets chance and the signal wins."""
    from innograph.graph.learned_mix import _choose

    rng = np.random.default_rng(3)
    rows, labels, folds = _rows(rng, None)
    hub = COLUMNS.index("candidate-is-hub")
    for X, y in zip(rows, labels, strict=True):
        X[:] = 0.0
        X[:, hub] = y + rng.normal(0.0, 0.6, size=len(y))  # a noisy signal: ranks, not perfect
    assert _choose(rows, labels, folds, [5.0] * len(rows))[0] == "log-linear"
