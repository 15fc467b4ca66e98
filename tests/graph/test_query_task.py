"""One query as the endpoint runs it (``graph.query_task.execute``), in this process, on a real
in-memory Oxigraph store: kinds and formats, the row cap, refusals and their messages."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from innograph.graph.errors import NotAcceptableError, QueryError, QueryRefusedError
from innograph.graph.query_task import QueryTask, execute

EX = "http://example.org/"


@pytest.fixture()
def db() -> ox.Store:
    store = ox.Store()
    for i in range(5):
        s = ox.NamedNode(f"{EX}s{i}")
        store.add(ox.Quad(s, ox.NamedNode(EX + "p"), ox.Literal(f"v,{i}")))
    return store


def test_select_rows_in_each_results_format(db: ox.Store) -> None:
    q = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"
    as_json = execute(db, QueryTask(query=q, select_format="json"))
    assert as_json.kind == "select" and as_json.rows == 5 and not as_json.truncated
    bindings = json.loads(as_json.body)["results"]["bindings"]
    assert [b["o"]["value"] for b in bindings] == [f"v,{i}" for i in range(5)]
    as_csv = execute(db, QueryTask(query=q, select_format="csv"))
    rows = list(csv.reader(io.StringIO(as_csv.body.decode())))
    assert rows[0] == ["s", "o"] and rows[1] == [EX + "s0", "v,0"]  # the comma stays in its field


def test_the_row_cap_truncates_and_says_so(db: ox.Store) -> None:
    q = f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}"
    answer = execute(db, QueryTask(query=q, select_format="json", max_rows=3))
    assert answer.rows == 3 and answer.truncated
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3


def test_ask_and_construct_have_their_kinds(db: ox.Store) -> None:
    ask = execute(db, QueryTask(query=f"ASK {{ <{EX}s1> ?p ?o }}"))
    assert ask.kind == "ask" and json.loads(ask.body)["boolean"] is True
    q = f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}"
    graph = execute(db, QueryTask(query=q, graph_format="ntriples"))
    assert graph.kind == "graph" and graph.rows == 5
    assert len(list(ox.parse(graph.body, format=ox.RdfFormat.N_TRIPLES))) == 5
    table = execute(db, QueryTask(query=q, graph_format=None, select_format="csv"))
    assert table.body.decode().splitlines()[0] == "subject,predicate,object"


def test_a_result_kind_without_an_acceptable_format_is_named(db: ox.Store) -> None:
    q = f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}"
    with pytest.raises(NotAcceptableError, match="returns a graph"):
        execute(db, QueryTask(query=q, graph_format=None, select_format="json"))
    with pytest.raises(NotAcceptableError, match="rows or a boolean"):
        execute(db, QueryTask(query="ASK {}", select_format=None))


def test_service_outside_the_allow_list_is_refused_before_it_runs(db: ox.Store) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryRefusedError, match=r"127\.0\.0\.1:9"):
        execute(db, QueryTask(query=q))


def test_a_syntax_error_is_a_query_error(db: ox.Store) -> None:
    with pytest.raises(QueryError):
        execute(db, QueryTask(query="SELECT ?s WHERE { ?s ?p }"))
