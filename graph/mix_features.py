"""Features over the heterogeneous graph for the learned mix: what kind of activity two actors'
partners were met in, which topics they and their partners work on, how often their types tie.

``HeteroFeatures(G, A)`` derives everything from one (training) projection ``G`` and its actor
network ``A``, and ``score(feature, source, pool)`` gives one value per candidate:

- ``via-measures``, ``via-events``, ``via-committees``, ``via-other``: resource allocation [1]_
  through the source's partners met in activities of that kind (measures; events; committees;
  initiatives, imported projects and direct relations), each shared partner counting 1 / its
  degree — and a *hub* (``graph.proximity.hub_nodes``: agencies, ministries, a council
  that joins everything) not at all;
- ``shared-topics``: the topics both actors are stated to work on, each weighted by its inverse
  document frequency (a topic every actor has says little);
- ``topic-profile``: the cosine of the two actors' topic profiles, each its own topics plus the
  mean of its non-hub partners' topics (what an actor works on, seen through whom it works with);
- ``topic-diffusion``: the cosine of the two actors' *diffused* topic profiles times
  ``(1 + a)^(1/4)`` for the candidate's ``a`` activities. An actor's topics take two steps of a
  random walk on the topic co-occurrence network (topics stated by one actor, or by the non-hub
  participants of one activity, co-occur), in the manner of a diffusion kernel on a graph [4]_:
  two actors who state different topics of one field (one "Laser", the other "Photonik") meet,
  which a shared topic or a TF-IDF cosine cannot see. The damped activity count is the
  candidate's reach: who took part often is drawn again, but not in proportion;
- ``pagerank-without-hubs``: personalised PageRank [3]_ from the source (damping 0.85, weighted)
  in the actor network without the hubs' ties, so that the walk stays among partners that say
  something about the source;
- ``type-affinity``: the log density of ties between the two actors' types in ``A``
  (``log((ties + 1) / (pairs + 1))``), so that "networks tie with networks" and "companies with
  research institutes" are learned rather than only "same type".

Examples
--------
>>> G = nx.Graph()
>>> for n, c, t in [("a", "c1", ["Laser"]), ("z", "c2", []), ("b", "c3", ["Laser"])]:
...     G.add_node(n, kind="actor", type="Company", label=n, clusters=[c], topics=t)
>>> G.add_node("m", kind="measure", type="Measure", label="m", clusters=[], topics=[])
>>> G.add_node("e", kind="event", type="Event", label="e", clusters=[], topics=[])
>>> G.add_edges_from([("a", "m"), ("z", "m"), ("z", "e"), ("b", "e")], types=["participation"],
...                  weight=1.0)
>>> from innograph.graph.projection import actor_network
>>> f = HeteroFeatures(G, actor_network(G))
>>> f.score("via-measures", "a", ["b"]), f.score("via-events", "a", ["b"])
([0.5], [0.0])
>>> f.score("shared-topics", "a", ["b"]) > [0.0]
True

References
----------
.. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
   Eur. Phys. J. B 71, 623–630, 2009.
.. [2] Y. Dong, N. V. Chawla, A. Swami, "metapath2vec: Scalable representation learning for
   heterogeneous networks", KDD 2017 (meta-paths through typed nodes).
.. [3] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
.. [4] R. I. Kondor, J. Lafferty, "Diffusion kernels on graphs and other discrete input spaces",
   ICML 2002.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.evaluation_split import activities
from innograph.graph.kernels import PoolPositions
from innograph.graph.proximity import hub_nodes

__all__ = ["HETERO_FEATURES", "KINDS", "HeteroFeatures", "activity_kind"]

KINDS: tuple[str, ...] = ("measures", "events", "committees", "other")
"""The kinds of activity a partner can have been met in (``activity_kind``)."""

HETERO_FEATURES: tuple[str, ...] = (
    *(f"via-{k}" for k in KINDS),
    "shared-topics",
    "topic-profile",
    "type-affinity",
    "pagerank-without-hubs",
    "topic-diffusion",
)
"""The features ``HeteroFeatures.score`` knows."""


def activity_kind(G: nx.Graph, x: str | None) -> str:
    """The kind (one of ``KINDS``) of activity ``x`` of ``G``; ``other`` for a direct relation
    (``x`` is ``None``).

    >>> G = nx.Graph(); G.add_node("m", kind="measure"); G.add_node("c", type="Committee")
    >>> activity_kind(G, "m"), activity_kind(G, "c"), activity_kind(G, None)
    ('measures', 'committees', 'other')
    """
    if x is None:
        return "other"
    d = G.nodes[x]
    if d.get("type") == "Committee":
        return "committees"
    return {"measure": "measures", "event": "events"}.get(str(d.get("kind")), "other")


class HeteroFeatures:
    """The features of ``HETERO_FEATURES`` on one projection and its actor network.

    Parameters
    ----------
    G : networkx.Graph
        The projection (node attributes ``kind``, ``type``, ``topics``).
    A : networkx.Graph
        Its actor network (edge attribute ``via``: the shared activities).
    """

    def __init__(self, G: nx.Graph, A: nx.Graph) -> None:
        self.G, self.A = G, A
        self.nodes = sorted(A)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        self.hubs = hub_nodes(A)
        self._positions = PoolPositions(self.index)

    def score(self, feature: str, source: str, pool: list[str]) -> list[float]:
        """The ``feature`` of each candidate in ``pool`` with ``source`` (plain floats).

        Raises
        ------
        ValueError
            If ``feature`` is not one of ``HETERO_FEATURES``.
        """
        if feature not in HETERO_FEATURES:
            raise ValueError(f"feature={feature!r}: not one of {', '.join(HETERO_FEATURES)}")
        i = self.index[source]
        if feature.startswith("via-"):
            row = self._by_kind[feature[4:]][[i], :].toarray().ravel() * self._inverse_degree
            vector = np.asarray(self._binary.T @ row).ravel()
        elif feature == "shared-topics":
            vector = np.asarray(self._topics_idf @ self._topics[[i], :].T.toarray()).ravel()
        elif feature == "pagerank-without-hubs":
            vector = self._pagerank(i)
        elif feature == "topic-diffusion":
            N, S2, inverse = self._walk
            mine = (N[[i], :] @ S2).toarray().ravel() * inverse[i]  # the source's unit profile
            cosine = inverse * np.asarray(N @ (S2 @ mine)).ravel()
            vector = cosine * (1.0 + self._activity_counts) ** 0.25
        elif feature == "topic-profile":
            vector = np.asarray(self._profile @ self._profile[[i], :].T.toarray()).ravel()
        else:
            t = self._types[i]
            vector = self._affinity[t][self._types]
        return np.asarray(vector, dtype=float)[self._positions(pool)].tolist()

    def _pagerank(self, i: int) -> np.ndarray:
        n = len(self.nodes)
        e = np.zeros(n)
        e[i] = 1.0
        P, dangling = self._transition
        x = e.copy()
        for _ in range(100):
            last = x
            x = 0.85 * (x @ P + x[dangling].sum() * e) + 0.15 * e
            if np.abs(x - last).sum() < 1e-8:
                break
        return np.asarray(x)

    @cached_property
    def _transition(self) -> tuple[sp.csr_array, np.ndarray]:
        W = sp.csr_array(nx.to_scipy_sparse_array(self.A, nodelist=self.nodes, weight="weight"))
        keep = np.ones(len(self.nodes))
        keep[[self.index[h] for h in self.hubs]] = 0.0
        W = sp.csr_array(sp.diags_array(keep) @ W @ sp.diags_array(keep))
        return _row_normalised(W), np.asarray(W.sum(axis=1)).ravel() == 0

    @cached_property
    def _binary(self) -> sp.csr_array:
        return sp.csr_array(nx.to_scipy_sparse_array(self.A, nodelist=self.nodes, weight=None))

    @cached_property
    def _inverse_degree(self) -> np.ndarray:
        """1 / degree of each actor as an intermediate, 0 for hubs and isolated actors."""
        d = np.asarray(self._binary.sum(axis=1)).ravel()
        out = np.divide(1.0, d, out=np.zeros_like(d, dtype=float), where=d > 0)
        out[[self.index[h] for h in self.hubs]] = 0.0
        return out

    @cached_property
    def _by_kind(self) -> dict[str, sp.csr_array]:
        """Per kind, the 0/1 matrix of partners met in an activity of that kind."""
        entries: dict[str, tuple[list[int], list[int]]] = {k: ([], []) for k in KINDS}
        for u, v, d in self.A.edges(data=True):
            kinds = {activity_kind(self.G, x) for x in d.get("via", [])}
            if d.get("types"):
                kinds.add("other")
            for k in kinds:
                rows, cols = entries[k]
                rows += [self.index[u], self.index[v]]
                cols += [self.index[v], self.index[u]]
        n = len(self.nodes)
        return {
            k: sp.csr_array((np.ones(len(r)), (r, c)), shape=(n, n))
            for k, (r, c) in entries.items()
        }

    @cached_property
    def _topics(self) -> sp.csr_array:
        terms: dict[str, int] = {}
        rows, cols = [], []
        for n in self.nodes:
            for t in sorted(set(self.A.nodes[n].get("topics") or [])):
                rows.append(self.index[n])
                cols.append(terms.setdefault(t, len(terms)))
        shape = (len(self.nodes), max(len(terms), 1))
        return sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=shape)

    @cached_property
    def _topics_idf(self) -> sp.csr_array:
        df = np.asarray(self._topics.sum(axis=0)).ravel()
        idf = np.log((1 + len(self.nodes)) / (1 + df)) + 1.0
        return sp.csr_array(self._topics @ sp.diags_array(idf))

    @cached_property
    def _profile(self) -> sp.csr_array:
        """Unit-length rows: own topics plus the mean of the non-hub partners' topics."""
        B = self._binary.copy().astype(float)
        keep = np.ones(len(self.nodes))
        keep[[self.index[h] for h in self.hubs]] = 0.0
        B = sp.csr_array(B @ sp.diags_array(keep))
        P = sp.csr_array(self._topics + _row_normalised(B) @ self._topics)
        norms = np.sqrt(np.asarray(P.multiply(P).sum(axis=1)).ravel())
        inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_array(sp.diags_array(inverse) @ P)

    @cached_property
    def _participation(self) -> sp.csr_array:
        """Actor × activity, 1 where a non-hub actor takes part (``graph.evaluation_split``'s
        activities: measures, events, initiatives, projects, committees)."""
        rows, cols = [], []
        acts = activities(self.G)
        for j, x in enumerate(acts):
            for n in self.G[x]:
                if n != x and n in self.index and n not in self.hubs:
                    rows.append(self.index[n])
                    cols.append(j)
        shape = (len(self.nodes), max(len(acts), 1))
        return sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=shape)

    @cached_property
    def _activity_counts(self) -> np.ndarray:
        return np.asarray(self._participation.sum(axis=1)).ravel()

    @cached_property
    def _walk(self) -> tuple[sp.csr_array, sp.csr_array, np.ndarray]:
        """``(N, S2, inverse)``: the actors' topics, each row summing to 1; two steps of the
        random walk on the topic co-occurrence network (a self-loop on every topic); the inverse
        length of each actor's diffused profile ``N[i] @ S2``.

        The profiles themselves are not kept: they fill about half of each row (300 of 600
        topics at 10,000 actors), while ``S2`` is topics × topics.
        """
        T = self._topics
        Q = self._participation.T @ T  # activity × topic: its participants' topics
        C = sp.csr_array(T.T @ T + Q.T @ Q)
        C = sp.csr_array(C - sp.diags_array(C.diagonal()))
        S = _row_normalised(sp.csr_array(C + sp.eye_array(T.shape[1])))
        S2 = sp.csr_array(S @ S)
        N = _row_normalised(T)
        norms = np.zeros(N.shape[0])
        for start in range(0, N.shape[0], 4096):  # the profiles a block at a time
            P = sp.csr_array(N[start : start + 4096] @ S2)
            norms[start : start + 4096] = np.sqrt(np.asarray(P.multiply(P).sum(axis=1)).ravel())
        inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return N, S2, inverse

    @cached_property
    def _types(self) -> np.ndarray:
        codes = {
            t: j
            for j, t in enumerate(sorted({str(self.A.nodes[n].get("type")) for n in self.nodes}))
        }
        return np.array([codes[str(self.A.nodes[n].get("type"))] for n in self.nodes], dtype=int)

    @cached_property
    def _affinity(self) -> np.ndarray:
        """``log((ties + 1) / (pairs + 1))`` between each pair of types."""
        m = int(self._types.max(initial=-1)) + 1
        sizes = np.bincount(self._types, minlength=m).astype(float)
        ties = np.zeros((m, m))
        counted: Counter[tuple[int, int]] = Counter()
        for u, v in self.A.edges():
            a, b = self._types[self.index[u]], self._types[self.index[v]]
            counted[a, b] += 1
            if a != b:
                counted[b, a] += 1
        for (a, b), c in counted.items():
            ties[a, b] = c
        pairs = np.outer(sizes, sizes) - np.diag(sizes)
        pairs = np.where(np.eye(m, dtype=bool), pairs / 2, pairs)
        return np.asarray(np.log((ties + 1.0) / (pairs + 1.0)))


def _row_normalised(M: sp.csr_array) -> sp.csr_array:
    """``M`` with every non-empty row divided by its sum."""
    sums = np.asarray(M.sum(axis=1)).ravel().astype(float)
    inverse = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
    return sp.csr_array(sp.diags_array(inverse) @ M)
