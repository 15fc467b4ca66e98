"""Cross-cluster partner recommendations with explanations.

For an actor, the partners it is not yet linked to in clusters it does not belong to, scored by
graph proximity in the actor network (resource allocation index [1]_ and personalised PageRank
[2]_) and content similarity (TF-IDF cosine [3]_ over the labels, topics, clusters and activities
the graph holds for each actor). Each recommendation says why: the shared neighbours, a shortest
path with its relation types, and the shared topics.

References
----------
.. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
   Eur. Phys. J. B 71, 623–630, 2009.
.. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
.. [3] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
   Information Processing & Management 24, 513–523, 1988.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from innograph.graph.contracts import (
    Evidence,
    EvidenceActivity,
    PathHop,
    Recommendation,
    SaidArc,
)
from innograph.graph.kernels import SparseGraph, personalised_pagerank
from innograph.graph.projection import PHRASES

if TYPE_CHECKING:
    from innograph.graph.recommendation_index import RecommendationIndex

__all__ = [
    "ContentIndex",
    "Ranker",
    "Wording",
    "candidates",
    "diversified",
    "explained_path",
    "hub_nodes",
    "proximity_scores",
    "recommend",
    "relation_phrase",
    "resource_allocation",
]

Ranker = Callable[[str, list[str]], list[float]]
"""Scores a pool of candidates for an actor, one score per candidate (higher is likelier):
``ranker(actor, pool)``. ``graph.learned_mix.mix_ranker`` gives the learned one."""

_TOKEN = re.compile(r"[a-zäöüß0-9]{3,}")
_STOP = frozenset(
    [
        "und",
        "der",
        "die",
        "das",
        "des",
        "für",
        "von",
        "mit",
        "den",
        "dem",
        "zur",
        "zum",
        "auf",
        "bei",
        "aus",
        "ein",
        "eine",
        "einer",
        "eines",
        "sowie",
        "the",
        "and",
        "for",
        "with",
        "e.v",
        "gmbh",
        "thüringen",
        "thüringer",
        "thuringia",
        "thuringian",
    ]
)


class ContentIndex:
    """TF-IDF vectors of every actor's text: label, topics, cluster labels, activity labels.

    The content side of the recommendations: two actors are similar when their texts share
    distinctive words (TF-IDF cosine [3]_).

    Parameters
    ----------
    G : networkx.Graph
        The projection: actor nodes (``kind="actor"``) with ``label``, ``topics`` and
        ``clusters``; an actor's activities are its neighbours that are not actors.

    Attributes
    ----------
    vectors : dict
        Actor → its unit-length TF-IDF vector (term → weight).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", kind="actor", label="Optik Netz", topics=["Laser"], clusters=[])
    >>> G.add_node("b", kind="actor", label="Laser Zentrum", topics=["Laser"], clusters=[])
    >>> ContentIndex(G).similarity("a", "b") > 0
    True

    Notes
    -----
    Terms are the lower-cased words of at least three letters (a–z, äöüß) or digits, without a short
    list of German and English stop words (and "Thüringen", "GmbH" and the like, which every actor
    could have). A term's weight is (1 + ln tf) · (1 + ln((1 + N) / (1 + df))) for N actors, df of
    which use it (sublinear tf, smoothed idf, as scikit-learn's ``TfidfVectorizer`` with
    ``sublinear_tf=True``), each vector normalised to unit length. Building costs O(n + m + T) for T
    terms in all texts; a similarity O(min(|a|, |b|)) terms. Build it once per graph and pass it to
    ``recommend`` as ``content=`` when asking for several actors.

    References
    ----------
    .. [3] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
       Information Processing & Management 24, 513–523, 1988.
    """

    def __init__(self, G: nx.Graph) -> None:
        docs: dict[str, Counter[str]] = {}
        for n, d in G.nodes(data=True):
            if d.get("kind") != "actor":
                continue
            texts = [d.get("label", ""), *d.get("topics", [])]
            texts += [G.nodes[c].get("label", "") for c in d.get("clusters", []) if c in G]
            texts += [
                G.nodes[x].get("label", "") for x in G[n] if G.nodes[x].get("kind") != "actor"
            ]
            docs[n] = Counter(_tokens(" ".join(texts)))
        df: Counter[str] = Counter()
        for terms in docs.values():
            df.update(terms.keys())
        n_docs = max(len(docs), 1)
        self.vectors: dict[str, dict[str, float]] = {}
        for n, terms in docs.items():
            vec = {
                t: (1 + math.log(c)) * (1 + math.log((1 + n_docs) / (1 + df[t])))
                for t, c in terms.items()
            }
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors[n] = {t: v / norm for t, v in vec.items()}

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity [3]_ of the texts of actors ``a`` and ``b``.

        Parameters
        ----------
        a, b : str
            Actor nodes of the indexed graph.

        Returns
        -------
        float
            The dot product of the two unit vectors, in [0, 1]; 0.0 when either is not an indexed
            actor or has no terms.

        Examples
        --------
        >>> G = nx.Graph()
        >>> G.add_node("a", kind="actor", label="Laser Optik", topics=[], clusters=[])
        >>> G.add_node("b", kind="actor", label="Laser Optik", topics=[], clusters=[])
        >>> G.add_node("c", kind="actor", label="Holz Bau", topics=[], clusters=[])
        >>> ix = ContentIndex(G)
        >>> round(ix.similarity("a", "b"), 4), ix.similarity("a", "c"), ix.similarity("a", "x")
        (1.0, 0.0, 0.0)

        Notes
        -----
        O(min(|a|, |b|)) for vectors of |a| and |b| terms.

        References
        ----------
        .. [3] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
           Information Processing & Management 24, 513–523, 1988.
        """
        va, vb = self.vectors.get(a, {}), self.vectors.get(b, {})
        if len(va) > len(vb):
            va, vb = vb, va
        return float(sum(v * vb.get(t, 0.0) for t, v in va.items()))


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


def resource_allocation(A: nx.Graph, a: str, b: str) -> float:
    """Resource allocation index [1]_: Σ over common neighbours z of 1 / degree(z).

    Parameters
    ----------
    A : networkx.Graph
        The actor network.
    a, b : str
        The two actors.

    Returns
    -------
    float
        The index; 0.0 when ``a`` and ``b`` have no neighbour in common.

    Raises
    ------
    networkx.NetworkXError
        When ``a`` or ``b`` is not in ``A``.

    Examples
    --------
    >>> A = nx.Graph([("a", "z"), ("z", "b"), ("b", "c")])
    >>> resource_allocation(A, "a", "b"), resource_allocation(A, "a", "c")
    (0.5, 0.0)

    Notes
    -----
    O(deg(a) + deg(b)). Degrees are unweighted, so a shared partner's many weak ties dilute it as
    much as strong ones. For one pair this is networkx's ``resource_allocation_index``.

    References
    ----------
    .. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
       Eur. Phys. J. B 71, 623–630, 2009.
    """
    return float(sum(1.0 / A.degree(z) for z in nx.common_neighbors(A, a, b)))


def proximity_scores(
    A: nx.Graph, actor: str, pool: Iterable[str], *, sparse: SparseGraph | None = None
) -> dict[str, float]:
    """Graph proximity in [0, 1] of each candidate in ``pool`` to ``actor``.

    The mean of the max-normalised resource allocation index and the max-normalised personalised
    PageRank from ``actor``.

    Parameters
    ----------
    A : networkx.Graph
        The actor network, edge attribute ``weight`` the tie strength.
    actor : str
        The actor the PageRank restarts at.
    pool : iterable of str
        The candidates to score (``candidates``).

    Returns
    -------
    dict
        Candidate → proximity; the best candidate of the pool on each measure gets that half in
        full.

    Raises
    ------
    networkx.NetworkXError
        When ``actor`` or a candidate is not in ``A`` (for a missing ``actor`` and an empty
        ``pool``, networkx's PageRank raises ``ZeroDivisionError`` instead).
    networkx.PowerIterationFailedConvergence
        When PageRank does not converge (networkx's 100 iterations).

    Examples
    --------
    >>> A = nx.Graph([("a", "z"), ("z", "b"), ("b", "c")])
    >>> scores = proximity_scores(A, "a", ["b", "c"])
    >>> scores["b"], round(scores["c"], 4)
    (1.0, 0.2125)

    Notes
    -----
    Personalised PageRank [2]_ (networkx's, damping 0.85, weighted) restarts at ``actor`` only:
    O(iterations · m). The resource allocation index [1]_ costs O(deg(actor) + deg(b)) per
    candidate b.

    The scores are relative to the pool: each half is divided by its maximum over the pool (a
    measure that is 0 for the whole pool adds 0), so a candidate's proximity changes with the other
    candidates. On a network without edges every proximity is 0.

    References
    ----------
    .. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
       Eur. Phys. J. B 71, 623–630, 2009.
    .. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
    """
    pool = list(pool)
    ra = {b: resource_allocation(A, actor, b) for b in pool}
    if not A.number_of_edges():
        ppr: dict = {}
    elif sparse is not None:  # the release's matrix, converged to 1e-10 (graph.kernels)
        ppr = personalised_pagerank(sparse, actor)
    else:
        ppr = nx.pagerank(A, personalization={actor: 1.0}, weight="weight")
    pr = {b: ppr.get(b, 0.0) for b in pool}
    ra_max, pr_max = max(ra.values(), default=0.0) or 1.0, max(pr.values(), default=0.0) or 1.0
    return {b: 0.5 * ra[b] / ra_max + 0.5 * pr[b] / pr_max for b in pool}


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
        (``"high"``, ``"medium"`` or ``"low"``). ``[]`` when no candidate passes the filters.

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


def explained_path(G: nx.Graph, a: str, b: str) -> list[PathHop]:
    """A shortest path from a to b in the projection, each hop with its relation types.

    Returns ``[]`` when a and b are not connected.

    Parameters
    ----------
    G : networkx.Graph
        The projection: nodes with ``label``, edges with ``types`` and, for the sentences,
        ``arcs`` (``(relation, subject, object)`` triples).
    a, b : str
        The two ends.

    Returns
    -------
    list of dict
        One hop per node of the path, from ``a`` to ``b``: ``node``, ``label``, ``via`` (the
        sorted relation types of the edge that reached it; empty for ``a``), ``says`` (those
        relations read in their direction, one sentence per subject and object, as
        ``relation_phrase`` words them in English) and ``arcs`` (the same as subject, relations
        and object, for wording them in another language).

    Raises
    ------
    networkx.NodeNotFound
        When ``a`` or ``b`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"label": "A"}), ("m", {"label": "M"}), ("b", {"label": "B"})])
    >>> G.add_edge("a", "m", types=["participation"], arcs=[("participation", "m", "a")])
    >>> G.add_edge("m", "b", types=["participation"], arcs=[("participation", "m", "b")])
    >>> [(hop["node"], hop["via"], hop["says"]) for hop in explained_path(G, "a", "b")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('a', [], []), ('m', ['participation'], ['M has as participant A']),
     ('b', ['participation'], ['M has as participant B'])]

    Notes
    -----
    networkx's ``shortest_path``, unweighted (fewest hops, not strongest ties): O(n + m). Of
    several shortest paths it returns one, which depends on the order the edges were added.
    """
    try:
        nodes = nx.shortest_path(G, a, b)
    except nx.NetworkXNoPath:
        return []
    hops: list[PathHop] = [
        {"node": nodes[0], "label": G.nodes[nodes[0]]["label"], "via": [], "says": [], "arcs": []}
    ]
    for u, v in itertools.pairwise(nodes):
        edge = G.edges[u, v]
        by_ends: dict[tuple[str, str], list[str]] = {}
        for rel, s, o in sorted(edge.get("arcs", [])):
            by_ends.setdefault((s, o), []).append(rel)
        arcs: list[SaidArc] = [
            {
                "subject": G.nodes[s]["label"],
                "relations": rels,
                "object": G.nodes[o]["label"],
                "subject_node": s,
                "object_node": o,
            }
            for (s, o), rels in by_ends.items()
        ]
        says = [f"{a['subject']} {relation_phrase(a['relations'])} {a['object']}" for a in arcs]
        hops.append(
            {"node": v, "label": G.nodes[v]["label"], "via": sorted(edge["types"]), "says": says,
             "arcs": arcs}
        )  # fmt: skip
    return hops


@dataclass(frozen=True)
class Wording:
    """How a language words the relations of an explanation (English by default).

    ``phrases`` maps a relation type to its phrase read from subject to object; relations whose
    English phrase is "shares X with" are gathered into one ``shared`` phrase (``{}`` takes the
    nouns, each through ``noun``), joined by ``conjunction``.
    """

    phrase: Callable[[str], str] = lambda english: english
    noun: Callable[[str], str] = lambda english: english
    shared: str = "shares {} with"
    conjunction: str = "and"


def relation_phrase(relations: list[str], wording: Wording | None = None) -> str:
    """The relations between one subject and one object in one phrase: "shares activities,
    organisations and topics with", not three sentences.

    >>> relation_phrase(["co-participation", "shared-organisation", "topic-overlap"])
    'shares activities, organisations and topics with'
    >>> relation_phrase(["stated", "topic-overlap"])
    'is stated to be linked to and shares topics with'
    >>> german = {"activities": "Aktivitäten", "topics": "Themen", "manages": "betreut"}
    >>> relation_phrase(["manages", "co-participation", "topic-overlap"],
    ...                 Wording(german.get, german.get, "teilt {} mit", "und"))
    'betreut und teilt Aktivitäten und Themen mit'
    """
    w = wording or Wording()
    english = [PHRASES.get(rel, rel) for rel in relations]
    nouns = [w.noun(p[len("shares ") : -len(" with")]) for p in english if p.startswith("shares ")]
    said = [w.phrase(p) for p in english if not p.startswith("shares ")]
    if nouns:
        listed = (
            nouns[0]
            if len(nouns) == 1
            else ", ".join(nouns[:-1]) + f" {w.conjunction} " + nouns[-1]
        )
        said.append(w.shared.format(listed))
    return f" {w.conjunction} ".join(said)


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def hub_nodes(A: nx.Graph, *, share: float = 0.05, min_degree: int = 10) -> set[str]:
    """Actors linked to so many others that a tie through them says little.

    Agencies, ministries, the ClusterCouncil: the top ``share`` by degree, at least ``min_degree``.

    Parameters
    ----------
    A : networkx.Graph
        The actor network.
    share : float
        The share of actors with the highest degrees that may count as hubs.
    min_degree : int
        A hub has at least this degree, however small the network.

    Returns
    -------
    set of str
        The hubs; empty for an empty network or one with no degree ``min_degree`` or above.

    Examples
    --------
    >>> sorted(hub_nodes(nx.star_graph(20)))
    [0]
    >>> hub_nodes(nx.star_graph(5))
    set()

    Notes
    -----
    O(n log n) for sorting the degrees. The cut is the larger of ``min_degree`` and the degree at
    rank ``int(n · share)`` (counting from 0, highest first), and every actor at or above the cut
    is a hub, so ties at the cut can make the hubs more than ``share`` of the actors. Degrees are
    unweighted.
    """
    if A.number_of_nodes() == 0:
        return set()
    degrees = sorted((d for _, d in A.degree()), reverse=True)
    cut = max(min_degree, degrees[min(len(degrees) - 1, int(len(degrees) * share))])
    return {n for n, d in A.degree() if d >= cut}


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
