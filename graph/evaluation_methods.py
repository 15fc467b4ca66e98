"""The link predictors the held-out evaluation compares, built on one training graph.

``Predictors(G_train, A_train, seed=...)`` derives everything from the training graph only (the
adjacency matrices, the degrees, the content index), and ``score(method, source, pool)`` returns
one score per candidate in ``pool``, higher meaning a likelier partner. The methods:

- ``random``: uniform scores (seeded);
- ``same-type``: 1 if the candidate's type is the source's type, else 0;
- ``common-neighbours``, ``adamic-adar``, ``jaccard``, ``preferential-attachment``: the classic
  neighbourhood indices of [1]_, on the unweighted actor network;
- ``katz``: ``Σ_l β^l (W^l)_{uv}`` over the weighted actor network [2]_, β = 0.005 (lowered to
  half the inverse of the largest weighted degree if needed, so that the series converges);
- ``personalised-pagerank``: PageRank restarting at the source [3]_ (damping 0.85, weighted);
- ``content``: TF-IDF cosine of what the training graph says about each actor
  (``graph.content_index.ContentIndex``);
- ``learned-mix``: the features above mixed by weights learned on the training graph itself
  (``graph.learned_mix``: inner splits, logistic regression on rank percentiles);
- ``innograph``: innograph's own recommender score, ``α · proximity + (1 − α) · content`` with
  ``graph.proximity.proximity_scores`` and α = 0.6, as ``recommend`` computes it.

Weighted methods see committee co-membership weighted 1 / (n − 1)
(``graph.evaluation_split.evaluation_network``).

Examples
--------
>>> import networkx as nx
>>> from innograph.graph.evaluation_split import evaluation_network
>>> G = nx.Graph()
>>> for n in ("a", "b", "c"):
...     G.add_node(n, kind="actor", type="Network", label=n, clusters=[n], topics=[])
>>> G.add_node("m", kind="measure", type="Measure", label="m", clusters=[], topics=[])
>>> for n in ("a", "b"):
...     G.add_edge(n, "m", types=["participation"], weight=1.0)
>>> G.add_edge("b", "c", types=["partnership"], weight=1.0)
>>> p = Predictors(G, evaluation_network(G))
>>> p.score("common-neighbours", "a", ["c"])
[1.0]

References
----------
.. [1] D. Liben-Nowell, J. Kleinberg, "The link-prediction problem for social networks",
   JASIST 58, 1019–1031, 2007.
.. [2] L. Katz, "A new status index derived from sociometric analysis", Psychometrika 18, 1953.
.. [3] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from functools import cached_property, partial
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.content_index import ContentIndex
from innograph.graph.contracts import EVALUATION_METHODS
from innograph.graph.kernels import PoolPositions
from innograph.graph.proximity import proximity_scores

if TYPE_CHECKING:
    from innograph.graph.learned_mix import Mix
    from innograph.graph.mix_features import HeteroFeatures

__all__ = ["BASELINES", "KATZ_BETA", "METHODS", "Predictors", "Scorer"]

METHODS: tuple[str, ...] = EVALUATION_METHODS
"""Every method the evaluation knows: the baselines, innograph's fixed mix, the learned mix."""

BASELINES: tuple[str, ...] = METHODS[:-2]
"""The methods that are not innograph's recommender."""

Scorer = Callable[["Predictors", str, list[str]], list[float]]
"""A method of one's own: ``scorer(predictors, source, pool)`` → one score per candidate, with the
training graph's ``predictors`` (``G``, ``A``, ``index``, the baselines' scores) at hand."""

KATZ_BETA = 0.005
"""Katz's attenuation factor (a small β, as in [1]_)."""

_ALPHA = 0.6  # innograph's weight of proximity against content (``recommend``'s default)
_KATZ_TERMS = 50
_DAMPING, _PAGERANK_ITERATIONS, _PAGERANK_TOL = 0.85, 100, 1e-6  # networkx's pagerank defaults


class Predictors:
    """The methods of ``METHODS`` on one training graph.

    Parameters
    ----------
    G : networkx.Graph
        The training projection (for content and types).
    A : networkx.Graph
        Its actor network (``graph.evaluation_split.evaluation_network``).
    seed : int
        Seed of the ``random`` method.
    scorers : mapping of str to Scorer, optional
        Methods of one's own, by name (not one of ``METHODS``), scored like the others.

    Raises
    ------
    ValueError
        If a name of ``scorers`` is one of ``METHODS``.
    """

    def __init__(
        self,
        G: nx.Graph,
        A: nx.Graph,
        *,
        seed: int = 0,
        scorers: Mapping[str, Scorer] | None = None,
    ) -> None:
        self.G, self.A = G, A
        self.nodes = sorted(A)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        self._rng = random.Random(seed)
        self._seed = seed
        # the scores of the source asked last, per method, with the pool they were asked for: the
        # evaluation and the learned mix's features ask the same source and pool by many methods
        self._memo: tuple[str, list[str], dict[str, list[float]]] = ("", [], {})
        self._last_pagerank: tuple[str | None, np.ndarray] = (None, np.zeros(0))
        self.positions = PoolPositions(self.index)
        """The row of each candidate of a pool in the matrices (``nodes`` order)."""
        self._scorers: dict[str, Callable[[str, list[str]], list[float]]] = {
            "random": lambda u, pool: [self._rng.random() for _ in pool],
            "same-type": self._same_type,
            "common-neighbours": lambda u, pool: self._take(self._common(u), pool),
            "adamic-adar": lambda u, pool: self._take(self._adamic_adar(u), pool),
            "jaccard": self._jaccard,
            "preferential-attachment": self._preferential,
            "katz": lambda u, pool: self._take(self._katz(u), pool),
            "personalised-pagerank": lambda u, pool: self._take(self._pagerank(u), pool),
            "content": lambda u, pool: self._take(self._content(u), pool),
            "innograph": self._innograph,
            "learned-mix": self._learned,
        }
        for name, scorer in (scorers or {}).items():
            if name in METHODS:
                raise ValueError(f"scorers: {name!r} is one of innograph's methods; rename it")
            self._scorers[name] = partial(scorer, self)

    def score(self, method: str, source: str, pool: list[str]) -> list[float]:
        """Scores of the candidates in ``pool`` as partners of ``source`` (plain floats).

        The scores of the source and pool asked last are remembered per method (the evaluation
        and the learned mix's features ask one source by many methods): a method, one's own
        ``scorers`` included, is taken to answer the same question the same way. Only ``random``
        draws afresh on every call.

        Raises
        ------
        ValueError
            If ``method`` is not one of ``METHODS``.
        """
        if method not in self._scorers:
            raise ValueError(f"method={method!r}: not one of {', '.join(self._scorers)}")
        if method == "random":  # drawn afresh on every call, never remembered
            return [float(s) for s in self._scorers[method](source, pool)]
        last, last_pool, scores = self._memo
        if last != source or last_pool != pool:
            scores = {}
            self._memo = (source, list(pool), scores)
        if method not in scores:
            scores[method] = [float(s) for s in self._scorers[method](source, pool)]
        return list(scores[method])

    @cached_property
    def content(self) -> ContentIndex:
        """The content index of the training graph (built on first use)."""
        return ContentIndex(self.G)

    @cached_property
    def _binary(self) -> sp.csr_array:
        return sp.csr_array(nx.to_scipy_sparse_array(self.A, nodelist=self.nodes, weight=None))

    @cached_property
    def _weighted(self) -> sp.csr_array:
        return sp.csr_array(nx.to_scipy_sparse_array(self.A, nodelist=self.nodes, weight="weight"))

    @cached_property
    def _degree(self) -> np.ndarray:
        return np.asarray(self._binary.sum(axis=1)).ravel()

    @cached_property
    def _katz_beta(self) -> float:
        strength = float(np.asarray(self._weighted.sum(axis=1)).max(initial=0.0))
        return min(KATZ_BETA, 0.5 / strength) if strength > 0 else KATZ_BETA

    def _take(self, vector: np.ndarray, pool: list[str]) -> list[float]:
        return np.asarray(vector, dtype=float)[self.positions(pool)].tolist()

    def _row(self, u: str) -> np.ndarray:
        e = np.zeros(len(self.nodes))
        e[self.index[u]] = 1.0
        return e

    def _common(self, u: str) -> np.ndarray:
        return np.asarray(self._binary @ (self._binary @ self._row(u)))

    def _adamic_adar(self, u: str) -> np.ndarray:
        d = self._degree
        inv_log = np.where(d > 1, 1.0 / np.log(np.maximum(d, 2)), 0.0)
        return np.asarray(self._binary @ (inv_log * (self._binary @ self._row(u))))

    def _jaccard(self, u: str, pool: list[str]) -> list[float]:
        at = self.positions(pool)
        common, d = self._common(u)[at], self._degree[at]
        union = self._degree[self.index[u]] + d - common
        return np.divide(common, union, out=np.zeros_like(common), where=union > 0).tolist()

    def _preferential(self, u: str, pool: list[str]) -> list[float]:
        du = self._degree[self.index[u]]
        return (du * self._degree[self.positions(pool)]).astype(float).tolist()

    def _katz(self, u: str) -> np.ndarray:
        x, total = self._row(u), np.zeros(len(self.nodes))
        for _ in range(_KATZ_TERMS):
            x = self._katz_beta * (self._weighted @ x)
            total += x
            if x.sum() <= 1e-15 * max(total.sum(), 1e-300):
                break
        return total

    def _pagerank(self, u: str) -> np.ndarray:
        """networkx's ``pagerank`` (scipy power iteration, dangling mass back to the source), on
        the matrix built once per split instead of once per call."""
        asked, vector = self._last_pagerank
        if asked == u:
            return vector
        n, e = len(self.nodes), self._row(u)
        if not self._weighted.nnz:
            return np.zeros(n)
        P, dangling = self._transition
        x = np.full(n, 1.0 / n)
        for _ in range(_PAGERANK_ITERATIONS):
            last = x
            x = _DAMPING * (x @ P + x[dangling].sum() * e) + (1 - _DAMPING) * e
            if np.abs(x - last).sum() < n * _PAGERANK_TOL:
                break
        x = np.array(x)
        x.flags.writeable = False  # remembered for the next method asking this source
        self._last_pagerank = (u, x)
        return x

    @cached_property
    def _transition(self) -> tuple[sp.csr_array, np.ndarray]:
        strength = np.asarray(self._weighted.sum(axis=1)).ravel()
        inverse = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength != 0)
        return sp.csr_array(sp.diags_array(inverse) @ self._weighted), strength == 0

    def _content(self, u: str) -> np.ndarray:
        """``ContentIndex.similarity(u, b)`` for every actor ``b`` at once."""
        return np.asarray(self._tfidf @ self._tfidf[[self.index[u]], :].T.toarray()).ravel()

    @cached_property
    def _tfidf(self) -> sp.csr_array:
        terms: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for n, vector in self.content.vectors.items():
            if n in self.index:
                for t, v in vector.items():
                    rows.append(self.index[n])
                    cols.append(terms.setdefault(t, len(terms)))
                    vals.append(v)
        shape = (len(self.nodes), max(len(terms), 1))
        return sp.csr_array((vals, (rows, cols)), shape=shape)

    def _same_type(self, u: str, pool: list[str]) -> list[float]:
        same = self._type_codes[self.positions(pool)] == self._type_codes[self.index[u]]
        return same.astype(float).tolist()

    @cached_property
    def _type_codes(self) -> np.ndarray:
        """Each actor's type as a number (a missing type is a type of its own)."""
        codes: dict[object, int] = {}
        types = (self.A.nodes[n].get("type") for n in self.nodes)
        return np.array([codes.setdefault(t, len(codes)) for t in types], dtype=int)

    @cached_property
    def hetero(self) -> HeteroFeatures:
        """The heterogeneous-graph features of the training graph (``graph.mix_features``)."""
        from innograph.graph.mix_features import HeteroFeatures

        return HeteroFeatures(self.G, self.A)

    @cached_property
    def mix(self) -> Mix:
        """The learned mix, fitted on this (training) graph by inner splits (on first use)."""
        from innograph.graph.learned_mix import fit_mix  # it builds Predictors of its own

        return fit_mix(self.G, self.A, seed=self._seed)

    def _learned(self, u: str, pool: list[str]) -> list[float]:
        return self.mix.score(self, u, pool)

    def _innograph(self, u: str, pool: list[str]) -> list[float]:
        at = self.positions(pool)
        prox = proximity_scores(
            self.A,
            u,
            pool,
            allocation=self._allocation(u)[at].tolist(),
            pagerank=self._pagerank(u)[at].tolist(),
        )
        content = self._content(u)[at]
        return [_ALPHA * prox[b] + (1 - _ALPHA) * c for b, c in zip(pool, content, strict=True)]

    def _allocation(self, u: str) -> np.ndarray:
        """``proximity.resource_allocation(A, u, b)`` for every actor ``b`` at once."""
        return np.asarray(self._binary @ (self._inverse_degree * (self._binary @ self._row(u))))

    @cached_property
    def _inverse_degree(self) -> np.ndarray:
        d = self._degree
        return np.divide(1.0, d, out=np.zeros_like(d, dtype=float), where=d > 0)
