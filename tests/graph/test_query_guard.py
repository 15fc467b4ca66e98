"""The query guard: the token-level fast path (``quick_shape``) never lets through what the full
parse (``inspect_query``) would flag — a SERVICE call, a dataset clause, an update — on the
project's own queries, on adversarial spellings, and on generated variations."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from innograph.graph.errors import QueryError, QueryRefusedError
from innograph.graph.queries import examples
from innograph.graph.query_guard import (
    EMPTY_QUERY,
    MAX_DEPTH,
    inspect_query,
    quick_shape,
    undeclared_prefixes,
)
from innograph.graph.sparql import run_query
from innograph.graph.vocab import PREFIXES

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> list[str]:
    questions = yaml.safe_load((ROOT / "graph" / "rq" / "questions.yaml").read_text())
    rq = [p.read_text() for p in (ROOT / "graph" / "rq").glob("*.rq")]
    return [e.query for e in examples()] + [q["query"] for q in questions] + rq


def _agrees(text: str) -> None:
    """Whenever the fast path answers, the full parse finds nothing it would act on."""
    try:
        quick = quick_shape(text)
    except QueryError:
        with pytest.raises(QueryError):
            inspect_query(text, PREFIXES)
        return
    if quick is None:
        return
    try:
        full = inspect_query(text, PREFIXES)
    except QueryRefusedError:
        # an update (or an empty text, which is an empty update): the engine's query parser must
        # refuse it, so nothing is ever run as an update
        with pytest.raises(SyntaxError):
            ox.Store().query(text)
        return
    except QueryError:
        return  # a syntax error: the engine says so itself
    assert full.services == () and not full.has_dataset, text
    assert full.depth == quick.depth


def test_the_projects_own_queries_take_the_fast_path_when_they_may() -> None:
    corpus = _corpus()
    fast = [q for q in corpus if quick_shape(q) is not None]
    assert len(fast) > len(corpus) // 2  # most need no second parse
    for q in corpus:
        _agrees(q)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { sErViCe <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * FROM <http://e/g> { ?s ?p ?o }",
        "SELECT * from named <http://e/g> { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * { <http://e/#x> ?p ?o } SERVICE",
        "SELECT * { ?s ?p 'it''s' . SERVICE <http://x/> {} }",
        'SELECT * { ?s ?p "\\"" . SERVICE <http://x/> {} }',
        "SELECT * { ?s ?p '''a\nb''' . SERVICE <http://x/> {} }",
        "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * { FILTER (?a < ?b) SERVICE <http://x/> {} }",
        "SELECT * { ?s ?p ?o } # comment\nSERVICE",
        # a CR ends a comment too (SPARQL's EOL): regression, the scan read on to the LF
        "SELECT * { <x:a> <x:p> ?o #\r SERVICE <http://127.0.0.1:9/> { ?s ?p ?o2 } \n }",
        'SELECT * { ?s ?p "unterminated SERVICE <http://x/> { } }',
    ],
)
def test_adversarial_spellings_go_to_the_full_parse(text: str) -> None:
    assert quick_shape(text) is None


def test_words_inside_strings_iris_and_comments_do_not_count() -> None:
    for text in [
        'ASK { ?s ?p "SERVICE FROM INSERT" }',
        "ASK { <http://e/SERVICE/FROM> ?p ?o }",
        "ASK { ?s ?p ?o } # SERVICE <http://x/> FROM",
        "ASK { ?s ?p '''DELETE\nDATA''' }",
    ]:
        assert quick_shape(text) is not None, text
        _agrees(text)


def test_deep_nesting_is_refused_on_both_paths() -> None:
    deep = "ASK " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1)
    with pytest.raises(QueryError, match="nests"):
        quick_shape(deep)
    for unary in ("!" * (MAX_DEPTH + 1), "- " * (MAX_DEPTH + 1)):  # each operator a level
        with pytest.raises(QueryError, match="nests"):
            quick_shape(f"ASK {{ FILTER({unary}true) }}")
    assert quick_shape("ASK { FILTER(!true && ?a != -1 && 2 - -3 > +1) }") is not None


_PIECES = st.sampled_from(
    ["SELECT", "*", "WHERE", "{", "}", "?s", "?p", "?o", "<http://e/x>", "'s'", '"t"', "#c\n",
     "SERVICE", "service", "FROM", "NAMED", "GRAPH", "ig:Cluster", "a", ".", ";", "(", ")",
     "FILTER", "<", ">", "\\u0053", "'''x'''", "INSERT", "DATA", "LIMIT", "1", "OPTIONAL"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=25))
def test_generated_queries_never_slip_past(pieces: list[str]) -> None:
    _agrees(" ".join(pieces))


@pytest.mark.parametrize(
    ("text", "undeclared"),
    [
        ("SELECT * { ?s foo:bar ?o }", ["foo"]),
        ("PREFIX foo: <http://e/> SELECT * { ?s foo:bar ?o }", []),
        ("SELECT * { ?s ig:cluster ?c ; :p ?o }", [""]),  # the empty prefix counts too
        ("SELECT * { ?s a ?o FILTER(fn:f(?o) = '1'^^dt:x) }", ["fn", "dt"]),
        ("CONSTRUCT { ?s foo:p ?o } WHERE { ?s ?p ?o }", ["foo"]),
        ("ASK { SELECT ?s { ?s q:p ?o } }", ["q"]),  # in a sub-query
        ("SELECT * { ?s foo:bar", []),  # no parse: the engine's message stands
    ],
)
def test_undeclared_prefixes_are_found_on_the_parse(text: str, undeclared: list[str]) -> None:
    assert undeclared_prefixes(text, PREFIXES) == undeclared


def test_the_engine_names_an_undeclared_prefix_and_an_empty_query() -> None:
    """Regression: pyoxigraph's own words were a list of every character a name may go on with,
    and "expected [_]" for an empty query."""
    db = ox.Store()
    with pytest.raises(QueryError, match=r"^undeclared prefix foo:; declare it with PREFIX foo:"):
        run_query(db, "SELECT * { ?s foo:bar ?o }")
    for empty in ("", " \n\t"):
        with pytest.raises(QueryError, match=f"^{re.escape(EMPTY_QUERY)}$"):
            run_query(db, empty)
    with pytest.raises(QueryError, match=r"^SPARQL syntax error: error at 1:"):
        run_query(db, "SELECT * { ?s ?p")


@pytest.mark.parametrize(
    ("text", "endpoint"),
    [
        ("PREFIX : <http://e/x> SELECT * { SERVICE : { ?s ?p ?o } }", "http://e/x"),
        ("PREFIX e: <http://e/x> SELECT * { SERVICE e: { ?s ?p ?o } }", "http://e/x"),
    ],
)
def test_a_service_named_by_an_empty_prefix_or_local_name_is_read_whole(
    text: str, endpoint: str
) -> None:
    """Regression: rdflib answers a missing part of a prefixed name with the key's own name, so
    ``SERVICE :`` was "the undeclared prefix prefix:" and ``SERVICE e:`` ``http://e/xlocalname``."""
    assert inspect_query(text).services == (endpoint,)
