"""A learned mix of link predictors: which signals predict a cross-cluster tie, fitted on the
training graph itself.

Instead of fixing the weights of proximity and content, ``fit_mix(G, A)`` learns them: it hides
the participations of a random share of the training graph's own activities (an *inner* split,
as the evaluation does), scores every candidate of every end of the ties that lost their evidence
with each feature method, and fits an L2-regularised logistic regression [1]_ of "this candidate
is a lost tie" on the features. Each feature is first turned into its rank percentile within the
candidate pool (ties averaged), so features on different scales (a count, a cosine, a PageRank
mass) enter alike and a method that cannot tell candidates apart contributes a constant; each
enters also as its share of the pool's best and as the log of that share, so that the fitted
log-odds can be a product of signals (a log-linear model: a candidate must be close in topics
*and* active, as a co-participant is drawn), and every column once more for a hub as the source
(whose partners follow other rules: anyone active). Which columns enter (``MODELS``: the additive
ones or all) and how strongly the weights are penalised (``PENALTIES``) is chosen by
leave-one-round-out cross-validation with the one-standard-error rule [2]_. Nothing of the graph
the mix is later applied to is hidden from or added to the fit: on a held-out split the mix is
fitted on that split's training graph only.

The features (``FEATURES``): the baselines of ``graph.evaluation_methods`` (same type, content
(TF-IDF cosine), Adamic–Adar, Jaccard, preferential attachment — its *negative* weight, if
learned, is a hub penalty —, Katz and personalised PageRank) and the paths through the
heterogeneous graph of ``graph.mix_features`` (partners met in measures, events, committees and
other activities as separate, hub-penalised counts; shared topics; topic profiles through
partners; the tie density of the two types; topic profiles diffused over the topic co-occurrence
network). On a large graph each inner split learns from a
sample of ``sources`` ends and ``negatives`` of each end's negatives (the percentiles are taken
over the whole pool first).

>>> import numpy as np
>>> rank_percentiles([3.0, 1.0, 1.0, 7.0]).tolist()
[0.75, 0.375, 0.375, 1.0]

References
----------
.. [1] D. R. Cox, "The regression analysis of binary sequences", JRSS B 20, 215–242, 1958.
.. [2] T. Hastie, R. Tibshirani, J. Friedman, "The Elements of Statistical Learning", 2nd ed.,
   Springer, 2009, §7.10 (cross-validation, the one-standard-error rule).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx
import numpy as np

from innograph.graph.evaluation_methods import METHODS, Predictors
from innograph.graph.evaluation_metrics import reciprocal_ranks
from innograph.graph.evaluation_split import activities, evaluation_network, sample_split
from innograph.graph.mix_features import HETERO_FEATURES
from innograph.graph.recommendations import Ranker, candidates

__all__ = [
    "COLUMNS",
    "FEATURES",
    "MODELS",
    "PENALTIES",
    "Mix",
    "fit_mix",
    "mix_ranker",
    "rank_percentiles",
]

FEATURES: tuple[str, ...] = (
    "same-type",
    "content",
    "adamic-adar",
    "jaccard",
    "preferential-attachment",
    "katz",
    "personalised-pagerank",
    *HETERO_FEATURES,
)
_PER_POOL: tuple[str, ...] = (
    *(c for f in FEATURES for c in (f, f + "/max", f + "/log")),
    "candidate-is-hub",
)
COLUMNS: tuple[str, ...] = (*_PER_POOL, *(f"hub-source×{c}" for c in _PER_POOL))
"""The mix's inputs: per feature its rank percentile (named as the feature), its value over the
pool's maximum (``<feature>/max``) and that share's logarithm (``<feature>/log``: a weight on it
is an exponent, so that the mix can multiply signals — "how close the topics" *times* "how active
the candidate" — where the other columns only add them); whether the candidate is a hub
(``graph.proximity.hub_nodes``); and every one of these again when the source is a hub
(``hub-source×…``: a hub's partners follow other rules than an actor's)."""
_ADDITIVE = {c for f in FEATURES for c in (f, f + "/max")}
MODELS: dict[str, np.ndarray] = {
    "additive": np.array([c in _ADDITIVE for c in COLUMNS]),
    "log-linear": np.ones(len(COLUMNS), dtype=bool),
}
"""The column sets ``fit_mix`` chooses from: ``additive``, each feature's rank percentile and share
of the best (a weighted sum of signals), and ``log-linear``, every column (products of signals,
hub terms)."""
PENALTIES: tuple[float, ...] = (1.0, 10.0, 100.0, 1000.0)
"""The ridge penalties (on the weights, not the intercept) ``fit_mix`` chooses from by
leave-one-round-out cross-validation: few examples (a graph of a hundred actors) need a strong
one, many (ten thousand) a weak one."""
_ATTEMPTS = 5  # inner splits drawn per round asked for, until that many leave lost ties
_LOG_FLOOR = 1e-3  # log(share + floor): a candidate with nothing of a signal is not -∞


def rank_percentiles(scores: list[float] | np.ndarray) -> np.ndarray:
    """Each score's rank in (0, 1] among ``scores``, ties at their average rank."""
    values = np.asarray(scores, dtype=float)
    if values.size == 0:
        return values
    # average ranks by hand: scipy.stats adds ~170 MB of address space to any process that
    # imports it, the memory-capped query workers included
    order = np.argsort(values, kind="stable")
    _, first, counts = np.unique(values[order], return_index=True, return_counts=True)
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(first + (counts + 1) / 2.0, counts)
    return ranks / values.size


@dataclass(frozen=True)
class Mix:
    """Learned weights of ``FEATURES`` (on rank percentiles) and how they were learned."""

    weights: dict[str, float]
    intercept: float
    examples: int
    positives: int
    penalty: float = PENALTIES[0]
    """The ridge penalty the cross-validation chose."""
    model: str = "log-linear"
    """The columns the cross-validation chose (a name of ``MODELS``; the others weigh 0)."""

    def features(self, predictors: Predictors, source: str, pool: list[str]) -> np.ndarray:
        """The pool × ``COLUMNS`` matrix: each feature's rank percentile, its value divided by the
        pool's largest absolute value (how far ahead the best candidates are) and the log of that
        share (0 and below at the floor); the candidate-is-hub indicator; all of them once more,
        multiplied by 1 if the source is a hub and by 0 if not."""
        columns = []
        for f in FEATURES:
            values = np.asarray(_feature(predictors, f, source, pool), dtype=float)
            top = float(np.abs(values).max(initial=0.0)) or 1.0
            share = values / top
            columns += [
                rank_percentiles(values),
                share,
                np.log(np.maximum(share, 0.0) + _LOG_FLOOR),
            ]
        hubs = predictors.hetero.hubs
        columns.append(np.array([b in hubs for b in pool], dtype=float))
        X = np.column_stack(columns)
        return np.hstack([X, X * float(source in hubs)])

    def score(self, predictors: Predictors, source: str, pool: list[str]) -> list[float]:
        """The mix's score of each candidate (a log-odds; higher is likelier)."""
        if not pool:
            return []
        X = self.features(predictors, source, pool)
        w = np.array([self.weights[c] for c in COLUMNS])
        return [float(v) for v in X @ w + self.intercept]


def fit_mix(
    G: nx.Graph,
    A: nx.Graph,
    *,
    rounds: int = 4,
    hide: float = 0.2,
    seed: int = 0,
    sources: int = 60,
    negatives: int = 400,
) -> Mix:
    """Fit the mix on ``G`` (projection) and ``A`` (its evaluation network) by inner splits.

    Parameters
    ----------
    G, A : networkx.Graph
        The graph to learn from; for an honest evaluation, the training graph of a split.
    rounds : int
        How many inner splits to pool examples from: splits that hide no cross-cluster tie (on a
        small graph) are drawn again, up to five times as many in all.
    hide : float
        Share of the activities each inner split hides.
    seed : int
        Seed of the inner splits.
    sources : int
        Learn from at most this many ends of lost ties per inner split (a seeded sample).
    negatives : int
        Keep at most this many of each end's negatives (a seeded sample; all its positives stay).

    Returns
    -------
    Mix
        The weights of ``COLUMNS`` (0 for a column the chosen model leaves out), the chosen
        ``model`` and ``penalty``; with equal weights on content and same type (and 0 elsewhere)
        when no inner split leaves a lost cross-cluster tie to learn from.
    """
    rng = random.Random(seed)
    pool_of_activities = activities(G)
    rows: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    folds: list[int] = []  # the inner split (round) of each end's rows
    scale: list[float] = []  # each end's negatives per negative kept
    for round_ in range(_ATTEMPTS * rounds if pool_of_activities else 0):
        if len(set(folds)) >= rounds:
            break
        split = sample_split(G, hide, rng, pool=pool_of_activities, A_full=A)
        if not split.positives:
            continue
        predictors = Predictors(split.G_train, split.A_train, seed=rng.randrange(2**32))
        lost: dict[str, set[str]] = {}
        for u, v in split.positives:
            lost.setdefault(u, set()).add(v)
            lost.setdefault(v, set()).add(u)
        probe = Mix(dict.fromkeys(COLUMNS, 0.0), 0.0, 0, 0)
        ends = sorted(lost)
        if len(ends) > sources:
            ends = sorted(rng.sample(ends, sources))
        for u in ends:
            pool = candidates(split.A_train, u)
            if not pool:
                continue
            y = np.array([b in lost[u] for b in pool], dtype=float)
            X = probe.features(predictors, u, pool)
            others = np.flatnonzero(y == 0)
            if len(others) > negatives:
                others = np.array(sorted(rng.sample(others.tolist(), negatives)), dtype=int)
            keep = np.concatenate([np.flatnonzero(y), others]).astype(int)
            rows.append(X[keep])
            labels.append(y[keep])
            folds.append(round_)
            scale.append((len(y) - y.sum()) / max(len(others), 1))
    if not rows:
        default = dict.fromkeys(COLUMNS, 0.0) | {"content": 1.0, "same-type": 1.0}
        return Mix(default, 0.0, 0, 0)
    model, penalty = _choose(rows, labels, folds, scale)
    keep = MODELS[model]
    X, y = np.vstack(rows)[:, keep], np.concatenate(labels)
    w, b = _logistic(X, y, penalty=penalty)
    chosen = [c for c, k in zip(COLUMNS, keep, strict=True) if k]
    weights = dict.fromkeys(COLUMNS, 0.0) | dict(zip(chosen, map(float, w), strict=True))
    return Mix(weights, float(b), len(y), int(y.sum()), penalty, model)


def _choose(
    rows: list[np.ndarray],
    labels: list[np.ndarray],
    folds: list[int],
    scale: list[float] | None = None,
) -> tuple[str, float]:
    """The columns (a name of ``MODELS``) and penalty of ``PENALTIES`` chosen by leave-one-round-out
    cross-validation with the one-standard-error rule [2]_.

    For each round, every candidate setting is fitted on the other rounds and each of the held-out
    round's lost ties gets its expected reciprocal rank in its end's whole pool, ties broken at
    random (``graph.evaluation_metrics.reciprocal_ranks``), estimated from the rows kept: the
    negatives ranked above and level with it times ``scale`` (the end's negatives per negative
    kept). A setting that cannot tell candidates apart gets chance, not a rank of one.
    The best setting has the highest mean; chosen is the simplest (fewer columns, then a larger
    penalty) whose mean lies within one standard error of the paired differences below the best's.
    With few held-out ties (a graph of a hundred actors) that is the additive mix unless the
    log-linear one is clearly better; with one round only, the additive columns and the smallest
    penalty.
    """
    rounds = sorted(set(folds))
    settings = [(model, penalty) for model in MODELS for penalty in PENALTIES]
    if len(rounds) < 2:
        return settings[0]
    ranks: dict[tuple[str, float], list[float]] = {key: [] for key in settings}
    for held in rounds:
        train = [i for i, f in enumerate(folds) if f != held]
        y = np.concatenate([labels[i] for i in train])
        if not y.any():
            continue
        for model, keep in MODELS.items():
            X = np.vstack([rows[i][:, keep] for i in train])
            start = None  # each penalty's fit starts from the previous one's: a few Newton steps
            for penalty in PENALTIES:
                w, b = _logistic(X, y, penalty=penalty, start=start)
                start = np.append(w, b)
                for i in (i for i, f in enumerate(folds) if f == held):
                    scores = rows[i][:, keep] @ w
                    ranks[model, penalty] += reciprocal_ranks(
                        scores[labels[i] == 1],
                        scores[labels[i] == 0],
                        scale=1.0 if scale is None else scale[i],
                    ).tolist()
    if not ranks[settings[0]]:
        return settings[0]
    table = {key: np.array(r) for key, r in ranks.items()}
    best = max(settings, key=lambda key: float(table[key].mean()))

    def close_to_best(key: tuple[str, float]) -> bool:
        difference = table[key] - table[best]
        se = float(difference.std(ddof=1)) / np.sqrt(difference.size) if difference.size > 1 else 0
        return float(difference.mean()) >= -se

    return min(
        (key for key in settings if close_to_best(key)),
        key=lambda key: (int(MODELS[key[0]].sum()), -key[1]),
    )


def mix_ranker(G: nx.Graph, *, seed: int = 0) -> Ranker:
    """The partner finder's ranking: the mix fitted on all of ``G`` (a release's projection).

    The features are those of the held-out evaluation, on ``G``'s evaluation network (committee
    co-membership weighted ``1 / (n - 1)``). Each candidate's score is its learned odds of a tie
    divided by the best candidate's: 1 for the first, between 0 and 1 for the others (the odds
    are not calibrated probabilities, since the fit samples the negatives; their ratios rank).

    >>> G = nx.Graph()
    >>> for n, c, t in [("a", "c1", ["Laser"]), ("b", "c2", ["Laser"]), ("d", "c3", ["Bio"])]:
    ...     G.add_node(n, kind="actor", type="Company", label=n, clusters=[c], topics=t)
    >>> rank = mix_ranker(G)  # nothing to learn: content and same type, weights 1 on percentiles
    >>> [round(s, 3) for s in rank("a", ["b", "d"])]  # b: 1 + 0.75, d: 0.5 + 0.75; exp(-0.5)
    [1.0, 0.607]
    """
    A = evaluation_network(G)
    mix = fit_mix(G, A, seed=seed)
    predictors = Predictors(G, A, seed=seed)

    def rank(actor: str, pool: list[str]) -> list[float]:
        if not pool:
            return []
        logits = np.asarray(mix.score(predictors, actor, pool))
        return [float(v) for v in np.exp(logits - logits.max())]

    return rank


def _feature(predictors: Predictors, name: str, source: str, pool: list[str]) -> list[float]:
    if name in METHODS:
        return predictors.score(name, source, pool)
    return predictors.hetero.score(name, source, pool)


def _logistic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    penalty: float = PENALTIES[0],
    iterations: int = 50,
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (IRLS), intercept unpenalised;
    ``start`` (weights and intercept) where the iterations begin (0 by default)."""
    n, d = X.shape
    Z = np.column_stack([X, np.ones(n)])
    beta = np.zeros(d + 1) if start is None else np.array(start, dtype=float)
    ridge = np.diag([penalty] * d + [0.0])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(Z @ beta)))
        gradient = Z.T @ (y - p) - ridge @ beta
        hessian = (Z.T * (p * (1 - p))) @ Z + ridge + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:d], float(beta[d])
