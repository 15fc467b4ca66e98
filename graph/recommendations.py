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
from collections.abc import Iterable

import networkx as nx

from innograph.graph.contracts import Evidence, Labelled, PathHop, Recommendation
from innograph.graph.projection import PHRASES

__all__ = [
    "ContentIndex",
    "candidates",
    "hub_nodes",
    "proximity_scores",
    "recommend",
    "resource_allocation",
]

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

    >>> G = nx.Graph()
    >>> G.add_node("a", kind="actor", label="Optik Netz", topics=["Laser"], clusters=[])
    >>> G.add_node("b", kind="actor", label="Laser Zentrum", topics=["Laser"], clusters=[])
    >>> ContentIndex(G).similarity("a", "b") > 0
    True
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
    """Actors that share no cluster with ``actor`` (and have one), not yet linked to it, after the
    filters. For an actor without a cluster (a ministry), every actor with a cluster qualifies."""
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
    """Resource allocation index [1]_: Σ over common neighbours z of 1 / degree(z)."""
    return float(sum(1.0 / A.degree(z) for z in nx.common_neighbors(A, a, b)))


def proximity_scores(A: nx.Graph, actor: str, pool: Iterable[str]) -> dict[str, float]:
    """Graph proximity in [0, 1]: the mean of the max-normalised resource allocation index and the
    max-normalised personalised PageRank from ``actor``."""
    pool = list(pool)
    ra = {b: resource_allocation(A, actor, b) for b in pool}
    ppr = (
        nx.pagerank(A, personalization={actor: 1.0}, weight="weight") if A.number_of_edges() else {}
    )
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
) -> list[Recommendation]:
    """Top-``k`` cross-cluster partners for ``actor``, best first, each with its explanation.

    Parameters
    ----------
    G : networkx.Graph
        The full projection (for paths and labels).
    A : networkx.Graph
        The actor network (``graph.projection.actor_network``) the proximity is measured in.
    alpha : float
        Weight of graph proximity against content similarity (``1 - alpha``).

    Returns
    -------
    list of dict
        ``{"actor", "label", "type", "clusters", "score", "proximity", "content",
        "shared_neighbours", "path", "shared_topics"}``.
    """
    if actor not in A:
        raise nx.NodeNotFound(f"Node {actor} not in the actor network.")
    pool = candidates(A, actor, cluster=cluster, actor_type=actor_type, region=region)
    if not pool:
        return []
    content = content or ContentIndex(G)
    prox = proximity_scores(A, actor, pool)
    scored = []
    for b in pool:
        sim = content.similarity(actor, b)
        scored.append((alpha * prox[b] + (1 - alpha) * sim, prox[b], sim, b))
    scored.sort(key=lambda x: (-x[0], x[3]))
    mine_topics = set(G.nodes[actor].get("topics") or [])
    hubs = hub_nodes(A)
    out: list[Recommendation] = []
    for score, p, sim, b in scored[:k]:
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


def explained_path(G: nx.Graph, a: str, b: str) -> list[PathHop]:
    """A shortest path from a to b in the projection, each hop with its relation types.

    Returns ``[]`` when a and b are not connected.
    """
    try:
        nodes = nx.shortest_path(G, a, b)
    except nx.NetworkXNoPath:
        return []
    hops: list[PathHop] = [
        {"node": nodes[0], "label": G.nodes[nodes[0]]["label"], "via": [], "says": []}
    ]
    for u, v in itertools.pairwise(nodes):
        edge = G.edges[u, v]
        says = [
            f"{G.nodes[s]['label']} {PHRASES.get(rel, rel)} {G.nodes[o]['label']}"
            for rel, s, o in sorted(edge.get("arcs", []))
        ]
        hops.append(
            {"node": v, "label": G.nodes[v]["label"], "via": sorted(edge["types"]), "says": says}
        )
    return hops


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def hub_nodes(A: nx.Graph, *, share: float = 0.05, min_degree: int = 10) -> set[str]:
    """Actors linked to so many others that a tie through them says little (agencies,
    ministries, the ClusterCouncil): the top ``share`` by degree, at least ``min_degree``.

    >>> sorted(hub_nodes(nx.star_graph(20)))
    [0]
    """
    if A.number_of_nodes() == 0:
        return set()
    degrees = sorted((d for _, d in A.degree()), reverse=True)
    cut = max(min_degree, degrees[min(len(degrees) - 1, int(len(degrees) * share))])
    return {n for n, d in A.degree() if d >= cut}


def _activities(G: nx.Graph, A: nx.Graph, u: str, v: str) -> list[Labelled]:
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
