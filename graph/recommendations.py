"""Cross-cluster partner recommendations with explanations.

For an actor, the partners it is not yet linked to in clusters it does not belong to, scored by
graph proximity in the actor network (resource allocation index [1]_ and personalised PageRank
[2]_) and content similarity (TF-IDF cosine [3]_ over the labels, topics, clusters and activities
the graph holds for each actor). Each recommendation says why: the shared neighbours, a shortest
path with its relation types, and the shared topics. The parts live in their own modules:
``graph.proximity`` (resource allocation, PageRank, hubs), ``graph.content_index`` (TF-IDF) and
``graph.explanations`` (paths and their wording).

References
----------
.. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
   Eur. Phys. J. B 71, 623–630, 2009.
.. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
.. [3] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
   Information Processing & Management 24, 513–523, 1988.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import networkx as nx

from innograph.graph.content_index import ContentIndex
from innograph.graph.contracts import (
    Evidence,
    EvidenceActivity,
    Recommendation,
)
from innograph.graph.explanations import explained_path
from innograph.graph.kernels import SparseGraph
from innograph.graph.proximity import hub_nodes, proximity_scores

if TYPE_CHECKING:
    from innograph.graph.recommendation_index import RecommendationIndex

__all__ = [
    "Ranker",
    "candidates",
    "diversified",
    "recommend",
]

Ranker = Callable[[str, list[str]], list[float]]
"""Scores a pool of candidates for an actor, one score per candidate (higher is likelier):
``ranker(actor, pool)``. ``graph.learned_mix.mix_ranker`` gives the learned one."""


def candidates(
    A: nx.Graph,
    actor: str,
    *,
    cluster: str | None = None,
    actor_type: str | None = None,
    region: str | None = None,
) -> list[str]:
    """Cross-cluster partner candidates for ``actor`` in the actor network, sorted.

    Actors that share no cluster with ``actor`` (and have one), not yet linked to it, after the
    filters. For an actor without a cluster (a ministry), every actor with a cluster qualifies.

    Parameters
    ----------
    A : networkx.Graph
        The actor network (``graph.projection.actor_network``).
    actor : str
        The actor to find partners for.
    cluster : str, optional
        Keep only candidates in this cluster.
    actor_type : str, optional
        Keep only candidates whose ``type`` attribute is this.
    region : str, optional
        Keep only candidates whose ``region`` attribute is this.

    Returns
    -------
    list of str
        The candidates, sorted; never ``actor`` itself nor one of its neighbours in ``A``.

    Raises
    ------
    KeyError
        When ``actor`` is not in ``A``.

    Examples
    --------
    >>> A = nx.Graph([("a", "z"), ("z", "b")]); A.add_node("d"); A.add_node("m")
    >>> clusters = {"a": ["c1"], "z": ["c2"], "b": ["c1", "c3"], "d": ["c3"], "m": []}
    >>> nx.set_node_attributes(A, clusters, "clusters")
    >>> candidates(A, "a"), candidates(A, "m")
    (['d'], ['a', 'b', 'd', 'z'])

    Notes
    -----
    O(n · c) for n actors in up to c clusters. Actors without a cluster are never candidates:
    a recommendation is a tie across clusters.
    """
    mine = set(A.nodes[actor].get("clusters") or [])
    out: list[str] = []
    for b, d in A.nodes(data=True):
        theirs = set(d.get("clusters") or [])
        if b == actor or A.has_edge(actor, b) or not theirs or theirs & mine:
            continue
        if cluster is not None and cluster not in theirs:
            continue
        if actor_type is not None and d.get("type") != actor_type:
            continue
        if region is not None and d.get("region") != region:
            continue
        out.append(b)
    return sorted(out)


def recommend(
    G: nx.Graph,
    A: nx.Graph,
    actor: str,
    *,
    k: int = 10,
    cluster: str | None = None,
    actor_type: str | None = None,
    region: str | None = None,
    alpha: float = 0.6,
    content: ContentIndex | None = None,
    sparse: SparseGraph | None = None,
    index: RecommendationIndex | None = None,
    ranker: Ranker | None = None,
) -> list[Recommendation]:
    """Top-``k`` cross-cluster partners for ``actor``, best first, each with its explanation.

    Parameters
    ----------
    G : networkx.Graph
        The full projection (for paths and labels).
    A : networkx.Graph
        The actor network (``graph.projection.actor_network``) the proximity is measured in.
    actor : str
        The actor to find partners for.
    k : int
        At most this many recommendations.
    cluster, actor_type, region : str, optional
        Filters of the candidates (see ``candidates``).
    alpha : float
        Weight of graph proximity against content similarity (``1 - alpha``).
    content : ContentIndex, optional
        A content index of ``G``, to reuse over several calls; built from ``G`` when ``None``.
    sparse : SparseGraph, optional
        ``SparseGraph(A)``, to reuse over several calls (the personalised PageRank runs on it).
    index : RecommendationIndex, optional
        ``RecommendationIndex(A, content, sparse)``: scores every candidate at once (the same
        ranking; a request then costs O(ties) in compiled code instead of Python per candidate).

    Returns
    -------
    list of dict
        ``{"actor", "label", "type", "clusters", "score", "proximity", "content",
        "shared_neighbours", "path", "shared_topics"}``, and ``evidence`` (the shared partners
        that are not hubs, each with the activities behind both ties) and ``confidence``
        (``"high"``, ``"medium"`` or ``"low"``). ``[]`` when no candidate passes the filters,
        and without a ``ranker`` only candidates with a positive score: an actor the graph ties
        to nothing and describes in no shared words gets none (not ten at random).

    Raises
    ------
    networkx.NodeNotFound
        When ``actor`` is not in ``A``.
    KeyError
        When ``G`` lacks a node the answer names (``actor``, a partner, a shared neighbour) or its
        ``label``, or a partner's ``type``.

    Examples
    --------
    >>> from innograph.graph.projection import actor_network
    >>> G = nx.Graph()
    >>> for n, c in [("a", "c1"), ("z", "c2"), ("b", "c3")]:
    ...     G.add_node(n, kind="actor", type="Company", label=n.upper(), clusters=[c],
    ...                topics=["Laser"])
    >>> G.add_node("m1", kind="measure", type="Measure", label="Optik")
    >>> G.add_node("m2", kind="measure", type="Measure", label="Photonik")
    >>> G.add_edges_from([("a", "m1"), ("z", "m1"), ("z", "m2"), ("b", "m2")],
    ...                  types=["participation"], weight=1.0)
    >>> A = actor_network(G)
    >>> recs = recommend(G, A, "a")
    >>> [(r["actor"], r["score"], r["confidence"]) for r in recs]
    [('b', 0.750482, 'high')]
    >>> [hop["node"] for hop in recs[0]["path"]], [e["partner"] for e in recs[0]["evidence"]]
    (['a', 'm1', 'z', 'm2', 'b'], ['z'])

    Notes
    -----
    Without a ``ranker``, score = ``alpha`` · proximity + (1 − ``alpha``) · content, where
    proximity is ``proximity_scores`` (resource allocation [1]_ and personalised PageRank [2]_,
    relative to the candidate pool) and content the TF-IDF cosine [3]_ of ``ContentIndex``; with
    one, score is the ranker's and ``alpha`` is unused. Equal scores are ordered by actor id.
    ``alpha`` is not checked: values outside [0, 1] extrapolate.

    Confidence is ``high`` with two or more shared non-hub partners, or one and shared topics;
    ``medium`` with one non-hub partner, or shared topics with similar descriptions (content above
    0.1); ``low`` when only hubs (``hub_nodes``) or the descriptions connect them.

    The top ``k`` is diversified (``diversified``): at most ``ceil(k / 2)`` partners whose first
    cluster is the same, while other clusters have candidates left.

    Cost: the candidates O(n · c); one PageRank O(iterations · m); the resource allocation and
    content per candidate; a content index of ``G`` when none is given, O(n + m + T); then, for
    each of the ``k`` returned, a shortest path in ``G``, O(n + m).

    References
    ----------
    .. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
       Eur. Phys. J. B 71, 623–630, 2009.
    .. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
    .. [3] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
       Information Processing & Management 24, 513–523, 1988.
    """
    if actor not in A:
        raise nx.NodeNotFound(f"Node {actor} not in the actor network.")
    stream: Iterator[tuple[float, float, float, str]]
    if index is not None:  # every candidate scored at once (graph.recommendation_index)
        stream = index.ranked(
            actor, cluster=cluster, actor_type=actor_type, region=region, alpha=alpha, ranker=ranker
        )
    else:
        stream = iter(
            _scored(G, A, actor, cluster, actor_type, region, alpha, content, sparse, ranker)
        )
    by_actor: dict[str, tuple[float, float, float, str]] = {}

    def ranked() -> Iterator[str]:
        for x in stream:
            if ranker is None and x[0] <= 0:  # best first: no proximity and no content from here
                return
            by_actor[x[3]] = x
            yield x[3]

    picked = diversified(ranked(), lambda b: _first_cluster(A, b), k=k)
    mine_topics = set(G.nodes[actor].get("topics") or [])
    hubs = index.hubs if index is not None else hub_nodes(A)
    out: list[Recommendation] = []
    for score, p, sim, b in (by_actor[b] for b in picked):
        shared = sorted(nx.common_neighbors(A, actor, b))
        evidence: list[Evidence] = [
            {
                "partner": z,
                "partner_label": G.nodes[z]["label"],
                "with_actor": _activities(G, A, actor, z),
                "with_candidate": _activities(G, A, z, b),
            }
            for z in shared
            if z not in hubs
        ]
        topics = sorted(mine_topics & set(G.nodes[b].get("topics") or []))
        out.append(
            {
                "actor": b,
                "label": G.nodes[b]["label"],
                "type": G.nodes[b]["type"],
                "clusters": list(G.nodes[b].get("clusters") or []),
                "score": round(float(score), 6),
                "proximity": round(float(p), 6),
                "content": round(float(sim), 6),
                "shared_neighbours": [
                    {"node": z, "label": G.nodes[z]["label"]}
                    for z in sorted(nx.common_neighbors(A, actor, b))
                ],
                "path": explained_path(G, actor, b),
                "shared_topics": topics,
                "evidence": evidence,
                "confidence": _confidence(len(evidence), len(topics), float(sim)),
            }
        )
    return out


def _scored(
    G: nx.Graph,
    A: nx.Graph,
    actor: str,
    cluster: str | None,
    actor_type: str | None,
    region: str | None,
    alpha: float,
    content: ContentIndex | None,
    sparse: SparseGraph | None,
    ranker: Ranker | None = None,
) -> list[tuple[float, float, float, str]]:
    """(score, proximity, content, candidate) for every candidate, best first, ties by name."""
    pool = candidates(A, actor, cluster=cluster, actor_type=actor_type, region=region)
    if not pool:
        return []
    content = content or ContentIndex(G)
    prox = proximity_scores(A, actor, pool, sparse=sparse)
    learned = ranker(actor, pool) if ranker is not None else None
    scored = []
    for i, b in enumerate(pool):
        sim = content.similarity(actor, b)
        fixed = alpha * prox[b] + (1 - alpha) * sim
        scored.append((fixed if learned is None else learned[i], prox[b], sim, b))
    scored.sort(key=lambda x: (-round(x[0], RANK_DIGITS), x[3]))
    return scored


RANK_DIGITS = 12
"""Scores are ranked rounded to this many places, so sums taken in another order rank alike."""


def diversified(ranked: Iterable[str], group: Callable[[str], str], *, k: int) -> list[str]:
    """The first ``k`` of ``ranked`` (best first), at most ``ceil(k / 2)`` from one ``group``
    while other groups have candidates left; the order within the result stays by rank.

    A partner list that is all one cluster tells a manager less than one that spans several: the
    best candidates of a crowded cluster make room for the best of the others, and come back only
    when nothing else is left.

    >>> ranked = ["a1", "a2", "a3", "a4", "b1", "c1"]
    >>> diversified(ranked, lambda x: x[0], k=4)
    ['a1', 'a2', 'b1', 'c1']
    >>> diversified(["a1", "a2", "a3"], lambda x: x[0], k=3)
    ['a1', 'a2', 'a3']
    """
    cap = max(1, math.ceil(k / 2))
    taken: list[tuple[int, str]] = []
    deferred: list[tuple[int, str]] = []
    per_group: Counter[str] = Counter()
    for i, x in enumerate(ranked):
        if len(taken) == k:
            break
        g = group(x)
        if per_group[g] < cap:
            taken.append((i, x))
            per_group[g] += 1
        else:
            deferred.append((i, x))
    taken += deferred[: k - len(taken)]
    return [x for _, x in sorted(taken)]


def _first_cluster(A: nx.Graph, node: str) -> str:
    clusters = sorted(A.nodes[node].get("clusters") or [])
    return clusters[0] if clusters else ""


def _activities(G: nx.Graph, A: nx.Graph, u: str, v: str) -> list[EvidenceActivity]:
    """The shared activities (measures, events, initiatives, committees, projects) behind the tie
    u–v, or the direct relation when they are related without one."""
    via = A.edges[u, v].get("via", []) if A.has_edge(u, v) else []
    return [{"node": x, "label": G.nodes[x]["label"]} for x in sorted(set(via))]


def _confidence(evidence: int, topics: int, content: float) -> str:
    """``high``: two or more non-hub partners in common, or one and shared topics; ``medium``:
    one non-hub partner, or shared topics with similar descriptions; ``low``: only hubs or
    similarity of descriptions connect them."""
    if evidence >= 2 or (evidence == 1 and topics):
        return "high"
    if evidence == 1 or (topics and content > 0.1):
        return "medium"
    return "low"
