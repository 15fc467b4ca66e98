"""Named queries: one binding (``select``) and many at once (``select_many``)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from innograph.graph.queries import select, select_many

E = "http://example.org/"


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


def test_a_term_is_written_as_a_term_not_as_query_text(db: ox.Store) -> None:
    """A literal full of SPARQL syntax is one value in the VALUES clause, nothing more."""
    tricky = ox.Literal('x" } } SELECT * WHERE { ?s ?p ?o } #')
    rows = select_many(db, "entity_outgoing", [{"entity": tricky}])
    assert rows == []
