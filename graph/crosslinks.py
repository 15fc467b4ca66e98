"""Derived cross-links between clusters, computed from the store after the sources are loaded.

Three derivations, each an ``ig:CrossLink`` with its ``ig:linkType``, ``ig:weight``, ``ig:method``,
a short ``ig:evidence`` and ``prov:wasDerivedFrom`` the documents the underlying facts come from;
they go into their own named graph (``DERIVED_GRAPH``):

- ``co-participation``: actors of two different clusters take part in the same measure, event,
  initiative or committee; weight = number of such shared activities;
- ``shared-organisation``: one research organisation or agency belongs to (or looks after) both
  clusters; weight = number of such organisations;
- ``topic-overlap``: the clusters' topic sets (own topics and their networks') overlap; weight =
  Jaccard similarity |A ∩ B| / |A ∪ B|.

A cluster and its own sub-field (``skos:broader``) are not linked: that relation is structural.

References
----------
.. [1] P. Jaccard, "Étude comparative de la distribution florale dans une portion des Alpes
   et des Jura", Bulletin de la Société Vaudoise des Sciences Naturelles 37, 1901.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from innograph.graph.errors import StoreError
from innograph.graph.queries import select_terms
from innograph.graph.vocab import BASE, IG, PROV, RDF

__all__ = ["DERIVED_GRAPH", "LINK_TYPES", "coparticipation", "derive_crosslinks"]

DERIVED_GRAPH = ox.NamedNode(BASE + "graph/derived")
LINK_TYPES = ("stated", "co-participation", "shared-organisation", "topic-overlap")

_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def derive_crosslinks(db: ox.Store) -> list[ox.Quad]:
    """All derived cross-links as quads in ``DERIVED_GRAPH``, sorted, without blank nodes.

    Examples
    --------
    >>> derive_crosslinks(ox.Store())
    []
    """
    quads: list[ox.Quad] = []
    quads += _counted(
        coparticipation(db),
        "co-participation",
        _Evidence(
            "actors of both clusters in {n} shared activity",
            "actors of both clusters in {n} shared activities",
            "Akteure beider Cluster in {n} gemeinsamen Aktivität",
            "Akteure beider Cluster in {n} gemeinsamen Aktivitäten",
        ),
        "count of measures, events, initiatives and committees in which actors of "
        "both clusters take part (ig:lead, ig:participant, org:hasMember)",
    )
    quads += _counted(
        (
            (r["c1"].value, r["c2"].value, r["o"].value, r["g"].value)
            for r in select_terms(db, "derive_shared_organisation")
        ),
        "shared-organisation",
        _Evidence(
            "{n} research organisation or agency in both clusters",
            "{n} research organisations or agencies in both clusters",
            "{n} Forschungseinrichtung oder Agentur in beiden Clustern",
            "{n} Forschungseinrichtungen oder Agenturen in beiden Clustern",
        ),
        "count of research organisations and agencies with ig:cluster or "
        "ig:manages to both clusters",
    )
    quads += _topic_overlap(db)
    return sorted(quads, key=str)


def coparticipation(db: ox.Store) -> set[tuple[str, str, str, str]]:
    """(cluster, cluster, activity, graph) for every activity in which actors of two different
    clusters take part, as stated in that graph: the rows of ``derive_coparticipation.rq``.

    The query pairs every two participants of an activity before it looks at their clusters,
    which grows with the square of the participants of the busiest activities; here each
    activity's participants are grouped by cluster once and the clusters paired.

    >>> coparticipation(ox.Store())
    set()
    """
    clusters: dict[str, set[str]] = defaultdict(set)
    for row in select_terms(db, "cluster_members"):
        clusters[row["a"].value].add(row["c"].value)
    broader = _broader(db)
    actors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select_terms(db, "activity_participants"):
        a = row["a"].value
        if a in clusters:
            actors[row["x"].value, row["g"].value].add(a)
    out: set[tuple[str, str, str, str]] = set()
    for (x, g), members in actors.items():
        by_cluster: dict[str, set[str]] = defaultdict(set)
        for a in members:
            for c in clusters[a]:
                by_cluster[c].add(a)
        names = sorted(by_cluster)
        for i, c1 in enumerate(names):
            for c2 in names[i + 1 :]:
                one, two = by_cluster[c1], by_cluster[c2]
                if len(one) == 1 and one == two:  # one actor in both: no tie between clusters
                    continue
                if (c1, c2) in broader or (c2, c1) in broader:
                    continue
                out.add((c1, c2, x, g))
    return out


def _broader(db: ox.Store) -> set[tuple[str, str]]:
    solutions = db.query(
        "SELECT ?c ?p WHERE { ?c <http://www.w3.org/2004/02/skos/core#broader> ?p }",
        use_default_graph_as_union=True,
    )
    if not isinstance(solutions, ox.QuerySolutions):
        raise StoreError("the store answered a SELECT query without solutions")
    return {(r["c"].value, r["p"].value) for r in solutions}


@dataclass(frozen=True)
class _Evidence:
    """A derived link's evidence in English and German, for one item and for several (``{n}``)."""

    en_one: str
    en_many: str
    de_one: str
    de_many: str

    def texts(self, n: int, **fields: object) -> dict[str, str]:
        """The evidence for ``n`` items by language (``fields`` fill the other placeholders).

        >>> _Evidence("{n} a of {m}", "{n} as of {m}", "{n} b", "{n} bs").texts(2, m=5)
        {'en': '2 as of 5', 'de': '2 bs'}
        """
        en, de = (self.en_one, self.de_one) if n == 1 else (self.en_many, self.de_many)
        return {"en": en.format(n=n, **fields), "de": de.format(n=n, **fields)}


_TOPICS_SHARED = _Evidence(
    "{n} shared topic of {total}",
    "{n} shared topics of {total}",
    "{n} gemeinsames Thema von {total}",
    "{n} gemeinsame Themen von {total}",
)


def _counted(
    rows: Iterable[tuple[str, str, str, str]], kind: str, evidence: _Evidence, method: str
) -> list[ox.Quad]:
    """Cross-links of ``kind`` from (cluster, cluster, item, graph) rows; weight: distinct items."""
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c1, c2, item, g in rows:
        shared[c1, c2].add(item)
        graphs[c1, c2].add(g)
    out = []
    for pair, items in shared.items():
        n = len(items)
        out += _link(pair, kind, Decimal(n), evidence.texts(n), method, graphs[pair])
    return out


def _topic_overlap(db: ox.Store) -> list[ox.Quad]:
    topics: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, set[str]] = defaultdict(set)
    broader = _broader(db)
    for row in select_terms(db, "cluster_topics"):
        topics[row["c"].value].add(row["t"].value)
        graphs[row["c"].value].add(row["g"].value)
    out = []
    clusters = sorted(topics)
    for i, a in enumerate(clusters):
        for b in clusters[i + 1 :]:
            if (a, b) in broader or (b, a) in broader:
                continue
            common = topics[a] & topics[b]
            if not common:
                continue
            jaccard = Decimal(len(common)) / Decimal(len(topics[a] | topics[b]))
            out += _link(
                (a, b),
                "topic-overlap",
                round(jaccard, 4),
                _TOPICS_SHARED.texts(len(common), total=len(topics[a] | topics[b])),
                "Jaccard similarity of the clusters' topic sets (own and their networks')",
                graphs[a] | graphs[b],
            )
    return out


def _link(
    pair: tuple[str, str],
    kind: str,
    weight: Decimal,
    evidence: dict[str, str],
    method: str,
    graphs: Iterable[str],
) -> list[ox.Quad]:
    a, b = pair
    s = ox.NamedNode(f"{BASE}id/crosslink/{a.rsplit('/', 1)[-1]}--{b.rsplit('/', 1)[-1]}--{kind}")
    g = DERIVED_GRAPH

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(p), o, g)

    out = [
        q(str(RDF.type), ox.NamedNode(str(IG.CrossLink))),
        q(str(IG.source), ox.NamedNode(a)),
        q(str(IG.target), ox.NamedNode(b)),
        q(str(IG.linkType), ox.Literal(kind)),
        q(str(IG.weight), ox.Literal(str(weight), datatype=_XSD_DECIMAL)),
        q(str(IG.method), ox.Literal(method)),
        *(q(str(IG.evidence), ox.Literal(t, language=lang)) for lang, t in evidence.items()),
    ]
    out += [
        q(str(PROV.wasDerivedFrom), ox.NamedNode(d)) for d in sorted(graphs) if "/id/source/" in d
    ]
    return out
