"""The partner recommender's scores for every candidate at once, from arrays built once per release.

``graph.recommendations.recommend`` scores each candidate in Python: the resource allocation
index over common neighbours, a lookup in the personalised PageRank, a cosine of two term
dictionaries. For an actor tied to 20,000 others with 76,000 candidates that is a second per
request. The same three scores are a sparse matrix–vector product each:

- resource allocation: ``A (1/deg ∘ 1_{N(a)})``, the common neighbours weighted by 1 / degree;
- personalised PageRank: ``graph.kernels.personalised_pagerank`` on the release's tie matrix;
- content: ``X x_a`` for the unit TF-IDF rows ``X`` of ``ContentIndex``;

and the candidate filter is a few boolean masks. ``recommend(..., index=...)`` ranks with them and
returns what it returns without one (tests compare both on the seed graph and random networks).

>>> import networkx as nx
>>> A = nx.Graph([("a", "z"), ("z", "b"), ("b", "c")])
>>> nx.set_node_attributes(A, {"a": ["c1"], "z": ["c2"], "b": ["c3"], "c": ["c3"]}, "clusters")
>>> ix = RecommendationIndex(A)
>>> [b for *_, b in ix.ranked("a")]
['b', 'c']
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.content_index import ContentIndex
from innograph.graph.kernels import SparseGraph, personalised_pagerank_vector
from innograph.graph.proximity import hub_nodes
from innograph.graph.recommendations import RANK_DIGITS, Ranker

__all__ = ["RecommendationIndex"]


class RecommendationIndex:
    """Arrays of one actor network for ranking every candidate of an actor at once.

    Parameters
    ----------
    A : networkx.Graph
        The actor network (``clusters``, ``type`` and ``region`` node attributes).
    content : ContentIndex, optional
        The TF-IDF index of the actors' texts; none means content scores of 0.
    sparse : SparseGraph, optional
        ``SparseGraph(A)`` if already built.
    """

    def __init__(
        self,
        A: nx.Graph,
        content: ContentIndex | None = None,
        sparse: SparseGraph | None = None,
    ) -> None:
        self.S = sparse if sparse is not None else SparseGraph(A)
        self.nodes: list[str] = [str(n) for n in self.S.nodes]
        n = len(self.nodes)
        self.index = self.S.index
        self.adjacency = self.S.adjacency
        degree = np.asarray([A.degree(v) for v in self.S.nodes], dtype=float)
        self.inv_degree = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
        self.has_edges = A.number_of_edges() > 0
        names = sorted({c for v in self.S.nodes for c in A.nodes[v].get("clusters") or []})
        column = {c: j for j, c in enumerate(names)}
        self.cluster_column = column
        rows, cols = [], []
        for i, v in enumerate(self.S.nodes):
            for c in set(A.nodes[v].get("clusters") or []):
                rows.append(i)
                cols.append(column[c])
        self.membership = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, len(names)))
        self.has_cluster = np.diff(self.membership.indptr) > 0
        self.types = np.array([A.nodes[v].get("type") for v in self.S.nodes], dtype=object)
        self.regions = np.array([A.nodes[v].get("region") for v in self.S.nodes], dtype=object)
        self.name_rank = np.empty(n, dtype=np.int64)
        self.name_rank[np.argsort(np.array(self.nodes, dtype=object), kind="stable")] = np.arange(n)
        self.texts = self._tfidf(content, n)
        self.hubs = hub_nodes(A)
        """``proximity.hub_nodes(A)``: partners whose ties say little."""

    def _tfidf(self, content: ContentIndex | None, n: int) -> sp.csr_array:
        terms: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for i, v in enumerate(self.nodes):
            for t, w in (content.vectors.get(v, {}) if content else {}).items():
                rows.append(i)
                cols.append(terms.setdefault(t, len(terms)))
                vals.append(w)
        return sp.csr_array((vals, (rows, cols)), shape=(n, max(len(terms), 1)))

    def _neighbours(self, i: int) -> np.ndarray:
        return self.adjacency.indices[self.adjacency.indptr[i] : self.adjacency.indptr[i + 1]]

    def pool(
        self,
        actor: str,
        *,
        cluster: str | None = None,
        actor_type: str | None = None,
        region: str | None = None,
    ) -> np.ndarray:
        """Indices of ``graph.recommendations.candidates`` (same rule, as masks)."""
        a = self.index[actor]
        mine = self.membership[[a]].toarray().ravel()
        shares = (self.membership @ mine) > 0
        keep = self.has_cluster & ~shares
        keep[a] = False
        keep[self._neighbours(a)] = False
        if cluster is not None:
            j = self.cluster_column.get(cluster)
            in_cluster = np.zeros(len(keep), dtype=bool)
            if j is not None:
                in_cluster = self.membership[:, [j]].toarray().ravel() > 0
            keep &= in_cluster
        if actor_type is not None:
            keep &= self.types == actor_type
        if region is not None:
            keep &= self.regions == region
        return np.flatnonzero(keep)

    def ranked(
        self,
        actor: str,
        *,
        cluster: str | None = None,
        actor_type: str | None = None,
        region: str | None = None,
        alpha: float = 0.6,
        ranker: Ranker | None = None,
    ) -> Iterator[tuple[float, float, float, str]]:
        """(score, proximity, content, candidate) best first, ties by name, as ``recommend``
        (with a ``ranker``, its scores rank).

        Raises
        ------
        networkx.NodeNotFound
            When ``actor`` is not in the network.
        """
        if actor not in self.index:
            raise nx.NodeNotFound(f"Node {actor} not in the actor network.")
        pool = self.pool(actor, cluster=cluster, actor_type=actor_type, region=region)
        if not len(pool):
            return
        a = self.index[actor]
        neighbours = np.zeros(len(self.nodes))
        neighbours[self._neighbours(a)] = 1.0
        ra = (self.adjacency @ (neighbours * self.inv_degree))[pool]
        ppr = (
            personalised_pagerank_vector(self.S, actor)[pool]
            if self.has_edges
            else np.zeros(len(pool))
        )
        ra_max, pr_max = ra.max() or 1.0, ppr.max() or 1.0
        proximity = 0.5 * ra / ra_max + 0.5 * ppr / pr_max
        similarity = (self.texts[pool] @ self.texts[[a]].T).toarray().ravel()
        if ranker is None:
            score = alpha * proximity + (1 - alpha) * similarity
        else:
            score = np.asarray(ranker(actor, [self.nodes[j] for j in pool]), dtype=float)
        order = np.lexsort((self.name_rank[pool], -np.round(score, RANK_DIGITS)))
        for j in order:
            yield float(score[j]), float(proximity[j]), float(similarity[j]), self.nodes[pool[j]]
