"""Named queries: one binding (``select``) and many at once (``select_many``)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from innograph.graph.queries import select, select_many

E = "http://example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
IG = "https://w3id.org/innograph/ontology#"
PROV = "http://www.w3.org/ns/prov#"
INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture()
def db() -> ox.Store:
    store = ox.Store()
    doc = ox.NamedNode(E + "doc")
    for s, o in [("a", "1"), ("b", "2"), ("c", "3"), ("a", "4")]:
        store.add(ox.Quad(ox.NamedNode(E + s), ox.NamedNode(E + "p"), ox.Literal(o), doc))
    return store


def test_many_bindings_answer_as_each_one_alone(db: ox.Store) -> None:
    entities = [ox.NamedNode(E + x) for x in ("a", "c", "zzz")]
    together = select_many(db, "entity_outgoing", [{"entity": e} for e in entities])
    alone = [row for e in entities for row in select(db, "entity_outgoing", entity=e)]
    key = lambda r: (r["entity"], r["o"])  # noqa: E731
    assert sorted(together, key=key) == sorted(alone, key=key)
    assert sorted(r["o"] for r in together) == ["1", "3", "4"]


def test_no_rows_ask_nothing_and_uneven_rows_are_refused(db: ox.Store) -> None:
    assert select_many(db, "entity_outgoing", []) == []
    with pytest.raises(ValueError, match="same variables"):
        select_many(db, "entity_outgoing", [{"entity": ox.NamedNode(E + "a")}, {}])


def test_a_term_is_written_as_a_term_not_as_query_text() -> None:
    """A literal full of SPARQL syntax is one value in the VALUES clause, nothing more: it finds
    the statement whose object it is, and only that one."""
    store = ox.Store()
    doc, p = ox.NamedNode(E + "doc"), ox.NamedNode(E + "p")
    tricky = ox.Literal('x" } } SELECT * WHERE { ?s ?p ?o } #\n', language="de")
    for s, o in [("a", tricky), ("b", ox.Literal("x")), ("c", ox.Literal("x", language="de"))]:
        st = ox.BlankNode()
        store.add(ox.Quad(ox.NamedNode(E + s), p, o, doc))
        for pp, oo in [(RDF + "subject", ox.NamedNode(E + s)), (RDF + "predicate", p),
                       (RDF + "object", o), (IG + "sourceLine", ox.Literal("7", datatype=INT)),
                       (PROV + "wasDerivedFrom", doc)]:  # fmt: skip
            store.add(ox.Quad(st, ox.NamedNode(pp), oo, doc))
    rows = select_many(
        store, "entity_fact_lines", [{"entity": ox.NamedNode(E + s)} for s in ("a", "b", "c")]
    )
    by_entity = {r["entity"]: r["o"] for r in rows}
    assert by_entity == {E + "a": str(tricky.value), E + "b": "x", E + "c": "x"}


def test_queries_one_values_clause_cannot_split_are_refused(db: ox.Store) -> None:
    """A trailing VALUES joins after GROUP BY and before LIMIT: such a query would answer for all
    rows together (entity_incoming's LIMIT 500 capped 40 entities at 500 rows)."""
    with pytest.raises(ValueError, match="LIMIT/OFFSET"):
        select_many(db, "entity_incoming", [{"entity": ox.NamedNode(E + "a")}])
    with pytest.raises(ValueError, match="GROUP BY"):
        select_many(db, "triples_per_graph", [{"graph": ox.NamedNode(E + "doc")}])
    with pytest.raises(TypeError, match="IRIs"):
        select_many(db, "entity_outgoing", [{"entity": ox.BlankNode()}])
