"""The RDF graph projected into networkx, for analytics and visualisation.

``project(db)`` reads the store with named SPARQL queries and returns an undirected
``networkx.Graph`` whose nodes are actors, measures, events, initiatives and clusters, keyed by IRI,
with attributes

- ``kind``: ``"actor"``, ``"measure"``, ``"event"``, ``"initiative"`` or ``"cluster"``;
- ``type``: the innograph class's local name (``Network``, ``University`` …);
- ``label`` (German first) and ``label_en`` (English first); ``clusters``: sorted IRIs of the
  clusters the node belongs to (an actor may belong to several; agencies count the clusters
  they look after); ``region``; ``topics``: topic labels;

and whose edges carry ``types`` (the relation types between the two nodes), ``weight`` (the sum
of the configured weights of those relations) and, between clusters, the cross-link weights.

Which relations count, and how much, is configuration: ``RELATION_WEIGHTS`` below is the one place
that says it. ``ProjectionCache`` keeps one projection per data release and rebuilds it only when
the release changes.

Examples
--------
>>> import pyoxigraph as ox
>>> G = project(ox.Store())
>>> G.number_of_nodes()
0
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from innograph.graph.database import Database
from innograph.graph.queries import select_terms
from innograph.graph.vocab import IG, ORG

__all__ = [
    "ACTOR_TYPES",
    "PHRASES",
    "RELATION_WEIGHTS",
    "ProjectionCache",
    "actor_network",
    "actors",
    "clusters_of",
    "label_of",
    "project",
]

RELATION_WEIGHTS: dict[str, float] = {
    # actor/activity ↔ cluster
    "membership": 1.0,  # ig:cluster (an actor, measure, event or initiative in a cluster)
    "manages": 0.5,  # ig:manages (an agency looks after a cluster)
    # activity ↔ actor
    "lead": 1.0,  # ig:lead
    "participation": 1.0,  # ig:participant
    "member": 1.0,  # org:hasMember (committee members)
    "partnership": 1.0,  # ig:partner
    "mention": 0.25,  # ig:mentions (named in a measure sheet)
    "project-coordination": 1.0,  # ig:coordinator (an imported funded project's coordinator)
    "project-partnership": 1.0,  # ig:projectPartner (an imported funded project's partner)
    # actor ↔ actor
    "sub-organisation": 1.0,  # org:subOrganizationOf
    "predecessor": 0.5,  # ig:predecessorOf
    # cluster ↔ cluster, by ig:linkType, multiplied by the link's own ig:weight
    "stated": 1.0,
    "co-participation": 1.0,
    "shared-organisation": 0.5,
    "topic-overlap": 1.0,
    # cluster bridge graph: an actor in (or managing) both clusters
    "shared-actor": 1.0,
}
"""Relation → weight in the projection. Relations not listed (and weight 0) are left out."""

PHRASES: dict[str, str] = {
    "membership": "belongs to",
    "manages": "manages",
    "lead": "is led by",
    "participation": "has as participant",
    "member": "has as member",
    "partnership": "has as partner",
    "mention": "mentions",
    "project-coordination": "is coordinated by",
    "project-partnership": "has as project partner",
    "sub-organisation": "is part of",
    "predecessor": "is the predecessor of",
    "stated": "is stated to be linked to",
    "co-participation": "shares activities with",
    "shared-organisation": "shares organisations with",
    "topic-overlap": "shares topics with",
}
"""How an explanation reads a relation from its subject to its object."""

_PREDICATES = {
    str(IG.cluster): "membership",
    str(IG.manages): "manages",
    str(IG.lead): "lead",
    str(IG.participant): "participation",
    str(ORG.hasMember): "member",
    str(IG.partner): "partnership",
    str(IG.mentions): "mention",
    str(IG.coordinator): "project-coordination",
    str(IG.projectPartner): "project-partnership",
    str(ORG.subOrganizationOf): "sub-organisation",
    str(IG.predecessorOf): "predecessor",
}
_KIND = {"Measure": "measure", "Event": "event", "Initiative": "initiative", "Cluster": "cluster"}
_SPECIFIC = [  # most specific first: a node typed twice keeps the first
    "Cluster",
    "Measure",
    "Event",
    "Initiative",
    "University",
    "UniversityOfAppliedSciences",
    "ResearchInstitute",
    "Network",
    "Ministry",
    "Agency",
    "Company",
    "Chamber",
    "Foundation",
    "Committee",
    "ResearchOrganisation",
    "Actor",
]
ACTOR_TYPES = frozenset(_SPECIFIC) - set(_KIND)
"""The innograph classes whose instances are actors in the projection."""


def project(db: Database, weights: Mapping[str, float] = RELATION_WEIGHTS) -> nx.Graph:
    """Project the store into an undirected, weighted networkx graph (see the module docstring)."""
    G = nx.Graph()
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    english: dict[str, str] = {}
    for row in _rows(db, "projection_nodes"):
        node = row["node"].value
        t = row["type"].value.rsplit("#", 1)[1]
        if node not in types or _SPECIFIC.index(t) < _SPECIFIC.index(types[node]):
            types[node] = t
        labels.setdefault(node, row["label"].value)
        english.setdefault(node, row["labelEn"].value)
    for node, t in types.items():
        G.add_node(
            node,
            type=t,
            kind=_KIND.get(t, "actor"),
            label=labels[node],
            label_en=english[node],
            clusters=[],
            topics=[],
            region=None,
        )
    memberships: dict[str, set[str]] = {n: set() for n in G}
    for row in _rows(db, "projection_edges"):
        s, o = row["s"].value, row["o"].value
        relation = _PREDICATES[row["p"].value]
        if s not in G or o not in G or s == o:
            continue
        if relation in ("membership", "manages") and G.nodes[o]["kind"] == "cluster":
            memberships[s].add(o)
        _add(G, s, o, relation, weights.get(relation, 0.0))
    for row in _rows(db, "projection_crosslinks"):
        a, b, kind = row["a"].value, row["b"].value, row["type"].value
        if a in G and b in G and a != b:
            w = weights.get(kind, 0.0) * float(row["weight"].value)
            _add(G, a, b, kind, w)
            G.edges[a, b].setdefault("crosslinks", {})
            G.edges[a, b]["crosslinks"][kind] = G.edges[a, b]["crosslinks"].get(kind, 0.0) + float(
                row["weight"].value
            )
    for row in _rows(db, "projection_topics"):
        node = row["node"].value
        if node in G:
            G.nodes[node]["topics"].append(row["label"].value)
    for row in _rows(db, "projection_regions"):
        if row["node"].value in G:
            G.nodes[row["node"].value]["region"] = row["region"].value
    for node, clusters in memberships.items():
        G.nodes[node]["clusters"] = sorted(clusters)
        regions = {G.nodes[c]["region"] for c in clusters if G.nodes[c]["region"]}
        if G.nodes[node]["kind"] != "cluster" and regions:
            G.nodes[node]["region"] = sorted(regions)[0]
    for node in G:
        G.nodes[node]["topics"] = sorted(set(G.nodes[node]["topics"]))
    return G


def _rows(db: Database, name: str) -> list[dict]:
    """The rows of the named query in one order whatever the store: sorted by their terms.

    A store answers in its own order (an embedded store by its indexes, a remote server by its
    plan); the projection keeps the order it is built in — the first label of a node, each node's
    neighbours, the sums of weights — and shortest paths, communities and ties between equal
    scores follow it. Sorted, the same data gives the same projection on every store.
    """
    return sorted(select_terms(db, name), key=lambda row: tuple(map(str, row.values())))


def actors(G: nx.Graph) -> list[str]:
    """The actor nodes of a projection, sorted."""
    return sorted(n for n, d in G.nodes(data=True) if d["kind"] == "actor")


def clusters_of(G: nx.Graph, node: str) -> list[str]:
    """The clusters a node belongs to (its ``clusters`` attribute)."""
    return list(G.nodes[node].get("clusters", []))


def actor_network(G: nx.Graph) -> nx.Graph:
    """One-mode actor network: two actors are linked when they share an activity (measure, event,
    initiative, committee) or are related directly; ``weight`` counts the shared activities, each
    as much as the weaker of the two actors' relations to it (``_share``: one only named in a
    measure sheet adds 0.25).

    Clusters are left out: membership is the partition, not a tie.
    """
    A = nx.Graph()
    for n in actors(G):
        A.add_node(n, **G.nodes[n])
    for u, v, d in G.edges(data=True):
        if u in A and v in A:
            A.add_edge(u, v, weight=d["weight"], types=sorted(d["types"]), via=[])
    for x, d in G.nodes(data=True):
        if d["kind"] == "cluster" and d["type"] == "Cluster":
            continue
        if d["kind"] == "actor" and d["type"] != "Committee":
            continue
        members = sorted(n for n in G[x] if n in A and n != x)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                share = min(_share(G, a, x), _share(G, b, x))
                if A.has_edge(a, b):
                    A.edges[a, b]["weight"] += share
                else:
                    A.add_edge(a, b, weight=share, types=[], via=[])
                A.edges[a, b]["via"].append(x)
    return A


def _share(G: nx.Graph, actor: str, activity: str) -> float:
    """What taking part in ``activity`` adds to a tie: the weight of the strongest relation the
    actor has with it (``RELATION_WEIGHTS``: leading or taking part 1, being named in a measure
    sheet 0.25; an imported project's own weights), not the sum (leading and taking part is one
    activity shared)."""
    edge = G.edges[actor, activity]
    return float(edge.get("strongest", edge["weight"]))


@dataclass
class ProjectionCache:
    """One projection per data release, built on first use and kept until the release changes."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(RELATION_WEIGHTS))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _key: str | None = None
    _graph: nx.Graph | None = None
    builds: int = 0

    def get(self, release_id: str, db: Database) -> nx.Graph:
        """The projection of release ``release_id`` (built from ``db`` only when it changed)."""
        with self._lock:
            if self._graph is None or self._key != release_id:
                self._graph = project(db, self.weights)
                self._key = release_id
                self.builds += 1
            return self._graph


def _add(G: nx.Graph, u: str, v: str, relation: str, weight: float) -> None:
    """Add relation ``u`` → ``v``: the graph is undirected, the arc keeps the direction."""
    if weight <= 0:
        return
    if G.has_edge(u, v):
        data = G.edges[u, v]
        if relation not in data["types"]:
            data["types"].append(relation)
        data["weight"] += weight
        data["strongest"] = max(data["strongest"], weight)
    else:
        G.add_edge(u, v, types=[relation], weight=weight, arcs=[], strongest=weight)
    arcs = G.edges[u, v].setdefault("arcs", [])
    if (relation, u, v) not in arcs:
        arcs.append((relation, u, v))


def label_of(G: nx.Graph, n: str, lang: str = "de") -> str:
    """``n``'s name on a page in ``lang``. A cluster, measure or other concept is named in that
    language (``label_en``, English first, for ``en``; else ``label``, German first). An
    organisation (``kind`` actor) keeps the name it goes by in the sources, ``label``, in every
    language: proper names are not translated (its entity page lists every label).

    >>> G = nx.Graph()
    >>> G.add_node("o", kind="cluster", label="Optik", label_en="Optics")
    >>> G.add_node("u", kind="actor", label="Universität Jena", label_en="University of Jena")
    >>> label_of(G, "o"), label_of(G, "o", "en"), label_of(G, "u", "en")
    ('Optik', 'Optics', 'Universität Jena')
    """
    d = G.nodes[n]
    if lang == "en" and d.get("kind") != "actor":
        return str(d.get("label_en") or d["label"])
    return str(d["label"])
