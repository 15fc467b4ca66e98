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
from decimal import Decimal

import pyoxigraph as ox

from innograph.graph.errors import StoreError
from innograph.graph.queries import select_terms
from innograph.graph.vocab import BASE, IG, PROV, RDF

__all__ = ["DERIVED_GRAPH", "LINK_TYPES", "derive_crosslinks"]

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
        db,
        "derive_coparticipation",
        "x",
        "co-participation",
        "actors of both clusters in {n} shared activit{ies}",
        "count of measures, events, initiatives and committees in which actors of "
        "both clusters take part (ig:lead, ig:participant, org:hasMember)",
    )
    quads += _counted(
        db,
        "derive_shared_organisation",
        "o",
        "shared-organisation",
        "{n} research organisation(s) or agenc{ies} in both clusters",
        "count of research organisations and agencies with ig:cluster or "
        "ig:manages to both clusters",
    )
    quads += _topic_overlap(db)
    return sorted(quads, key=str)


def _counted(
    db: ox.Store, query: str, var: str, kind: str, evidence: str, method: str
) -> list[ox.Quad]:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select_terms(db, query):
        pair = (row["c1"].value, row["c2"].value)
        shared[pair].add(row[var].value)
        graphs[pair].add(row["g"].value)
    out = []
    for pair, items in shared.items():
        n = len(items)
        text = evidence.format(n=n, ies="y" if n == 1 else "ies")
        out += _link(pair, kind, Decimal(n), text, method, graphs[pair])
    return out


def _topic_overlap(db: ox.Store) -> list[ox.Quad]:
    topics: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, set[str]] = defaultdict(set)
    solutions = db.query(
        "SELECT ?c ?p WHERE { ?c <http://www.w3.org/2004/02/skos/core#broader> ?p }",
        use_default_graph_as_union=True,
    )
    if not isinstance(solutions, ox.QuerySolutions):
        raise StoreError("the store answered a SELECT query without solutions")
    broader = {(r["c"].value, r["p"].value) for r in solutions}
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
            text = f"{len(common)} shared topic(s) of {len(topics[a] | topics[b])}"
            out += _link(
                (a, b),
                "topic-overlap",
                round(jaccard, 4),
                text,
                "Jaccard similarity of the clusters' topic sets (own and their networks')",
                graphs[a] | graphs[b],
            )
    return out


def _link(
    pair: tuple[str, str],
    kind: str,
    weight: Decimal,
    evidence: str,
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
        q(str(IG.evidence), ox.Literal(evidence)),
    ]
    out += [
        q(str(PROV.wasDerivedFrom), ox.NamedNode(d)) for d in sorted(graphs) if "/id/source/" in d
    ]
    return out
