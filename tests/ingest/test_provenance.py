"""Every fact says where it comes from: no triple of a source's named graph stands without
provenance in that graph.

A triple ``s p o`` of graph ``g`` is accounted for when

- ``s`` carries ``prov:wasDerivedFrom`` in ``g`` (an entity, figure, cross-link, statement node …,
  with its line);
- an ``rdf:Statement`` of ``g`` states ``s p o`` (with its own document and line);
- it is the shortcut of a node of ``g`` that says where it comes from: an ``ig:Figure`` of ``s``
  measuring ``p``, or an ``ig:CrossLink`` between ``s`` and ``o`` (``ig:linkedTo``, ``ig:cluster``).

Not facts of a document, and so without provenance by design: the ontology's own graph, and the
vocabulary innograph curates in ``data/`` — a ``skos:ConceptScheme`` and the concepts of
``id:scheme/discrepancy-kinds`` (``data/discrepancy_kinds.yaml``).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from innograph.graph.sparql import run_query
from innograph.graph.vocab import IG, PROV, RDF, SKOS

ONTOLOGY = "https://w3id.org/innograph/ontology"


def _n(iri: object) -> str:
    """An IRI as ``str`` writes a pyoxigraph term: ``<…>``."""
    return f"<{iri}>"


VOCABULARY = {_n(SKOS.ConceptScheme), _n(IG.DiscrepancyKind)}


def unaccounted(db: ox.Store) -> list[tuple[str, str, str, str]]:
    """(graph, subject, predicate, object) of every triple nothing in its graph accounts for,
    each term as N-Triples writes it."""
    triples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for q in db.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY:
            triples[str(q.graph_name)].append((str(q.subject), str(q.predicate), str(q.object)))
    out = []
    for graph, rows in triples.items():
        props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in rows:
            props[s][p].append(o)

        def one(ps: dict[str, list[str]], p: object) -> str:
            return (ps.get(_n(p)) or [""])[0]

        sourced = {s for s, ps in props.items() if ps.get(_n(PROV.wasDerivedFrom))}
        vocabulary = {s for s, ps in props.items() if VOCABULARY & set(ps.get(_n(RDF.type), []))}
        stated, measured, linked = set(), set(), set()
        for ps in props.values():
            types = set(ps.get(_n(RDF.type), []))
            if _n(RDF.Statement) in types:
                stated.add((one(ps, RDF.subject), one(ps, RDF.predicate), one(ps, RDF.object)))
            if _n(IG.Figure) in types:
                measured.add((one(ps, IG.figureOf), one(ps, IG.measuredProperty)))
            if _n(IG.CrossLink) in types:
                linked.add(frozenset({one(ps, IG.source), one(ps, IG.target)}))
        for s, p, o in rows:
            if not (
                s in sourced
                or s in vocabulary
                or (s, p, o) in stated
                or (s, p) in measured
                or frozenset({s, o}) in linked
            ):
                out.append((graph, s, p, o))
    return sorted(out)


def test_every_triple_of_a_source_graph_has_provenance(db) -> None:
    rows = unaccounted(db)
    assert not rows, f"{len(rows)} triples without provenance in their graph:\n" + "\n".join(
        " ".join(r) for r in rows[:20]
    )


def test_the_research_societies_are_mentioned_on_line_33(db) -> None:
    """ThCM's page names the four societies on line 33: region/thueringen ig:mentions each, in
    the page's graph, with that line (they had no provenance at all)."""
    q = """SELECT ?org ?line WHERE { GRAPH id:source\\/thcm-partners-networks {
             id:region\\/thueringen ig:mentions ?org .
             ?st rdf:subject id:region\\/thueringen ; rdf:predicate ig:mentions ; rdf:object ?org ;
                 ig:sourceLine ?line } }"""
    found = {
        (str(r["org"].value).rsplit("/", 1)[1], int(r["line"].value)) for r in run_query(db, q)
    }
    assert found == {("mpg", 33), ("fhg", 33), ("wgl", 33), ("hgf", 33)}


def test_the_check_finds_a_bare_triple_and_accepts_a_stated_one() -> None:
    g, doc = ox.NamedNode("https://w3id.org/innograph/id/source/doc"), ox.NamedNode("urn:doc")
    s, p = ox.NamedNode("urn:s"), ox.NamedNode(str(IG.mentions))
    st = ox.NamedNode("urn:st")
    store = ox.Store()
    for triple in [
        (s, p, ox.NamedNode("urn:stated")),
        (st, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDF.Statement))),
        (st, ox.NamedNode(str(RDF.subject)), s),
        (st, ox.NamedNode(str(RDF.predicate)), p),
        (st, ox.NamedNode(str(RDF.object)), ox.NamedNode("urn:stated")),
        (st, ox.NamedNode(str(PROV.wasDerivedFrom)), doc),
        (s, p, ox.NamedNode("urn:bare")),
    ]:
        store.add(ox.Quad(*triple, g))
    assert unaccounted(store) == [(str(g), "<urn:s>", str(p), "<urn:bare>")]
