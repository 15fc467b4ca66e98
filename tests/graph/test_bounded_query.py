"""Queries bounded before they run: the fragment, the bound, and the same answers as a worker."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innograph.graph.bounded_query import PRODUCT, parse_bounded, within_bound
from innograph.graph.query_guard import QueryShape
from innograph.graph.query_task import QueryTask, execute
from innograph.graph.vocab import PREFIXES

IG = "https://w3id.org/innograph/ontology#"

IN_FRAGMENT = {
    "prefixed, ';' and LIMIT": (
        "PREFIX ig: <https://w3id.org/innograph/ontology#> "
        "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } LIMIT 5 # 17",
        2,
    ),
    "default prefixes, ',' and literals": (
        'select distinct * { ?s rdfs:label "x"@de , "y"^^xsd:string . ?s a ig:Cluster . }',
        3,
    ),
    "full IRIs, OFFSET before LIMIT": (
        f"SELECT ?s {{ ?s <{IG}cluster> <https://w3id.org/innograph/id/cluster/optik> }} "
        "OFFSET 1 LIMIT 2",
        1,
    ),
    "keywords inside strings and comments": (
        'SELECT * { ?s rdfs:label "FILTER SERVICE }" } # SERVICE <http://x/> FROM',
        1,
    ),
    "a trailing ';'": ("SELECT * { ?s a ig:Cluster ; }", 1),
    "numbers and booleans": ("SELECT * { ?s ig:employeeCount 50000 ; ig:isNew false }", 2),
    # a CR ends a comment for the engine: what follows it is query text, counted too
    "a pattern after a comment ended by CR": (
        "SELECT * { ?c a ig:Cluster #\r ; ig:employeeCount ?n \n }",
        2,
    ),
}

OUTSIDE = {
    "FILTER": "SELECT * { ?s ?p ?o FILTER(?o > 1) }",
    "OPTIONAL": "SELECT * { ?s a ig:Cluster OPTIONAL { ?s rdfs:label ?l } }",
    "UNION": "SELECT * { { ?s a ig:Cluster } UNION { ?s a ig:Network } }",
    "property path": "SELECT * { ?s ig:cluster/rdfs:label ?o }",
    "sequence of '*' path": "SELECT * { ?s rdfs:subClassOf* ?o }",
    "blank node brackets": "SELECT * { ?s ig:figure [ ig:value ?v ] }",
    "sub-query": "SELECT * { { SELECT ?s { ?s ?p ?o } } }",
    "aggregate": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "ORDER BY": "SELECT * { ?s a ig:Cluster } ORDER BY ?s",
    "GRAPH": "SELECT * { GRAPH ?g { ?s ?p ?o } }",
    "FROM": "SELECT * FROM <http://example.org/g> { ?s ?p ?o }",
    "SERVICE": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "VALUES": "SELECT * { VALUES ?s { ig:x } ?s ?p ?o }",
    "ASK": "ASK { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "an undeclared prefix": "SELECT * { ?s ex:p ?o }",
    "a relative IRI": "SELECT * { ?s <p> ?o }",
    "a string escape": 'SELECT * { ?s rdfs:label "a\\"b" }',
    "a long string": 'SELECT * { ?s rdfs:label """x""" }',
    "a decimal": "SELECT * { ?s ig:value 1.5 }",
    "a literal subject": 'SELECT * { "x" ?p ?o }',
    "a second query": "SELECT * { ?s a ig:Cluster } SELECT * { ?s ?p ?o }",
    "an update": "INSERT DATA { ig:a ig:b ig:c }",
    "an unterminated IRI": "SELECT * { ?s <http://x ?o }",
    "a blank node label": "SELECT * { _:b ?p ?o . ?s ?q _:b }",
    # a CR ends a comment for the engine: what follows it is query text
    "SERVICE after a comment ended by CR": (
        "SELECT * { <x:a> <x:p> ?o #\r SERVICE <http://127.0.0.1:9/> { ?s ?p ?o2 } \n }"
    ),
    "a datatype that is a literal": 'SELECT * { ?s <x:p> "a"^^"b" }',
    "nested datatypes": "SELECT * { ?s <x:p> " + '"a"^^' * 1200 + '"a" }',
    "a text over the length read": "SELECT * { ?s a ig:Cluster } # " + "x" * 5000,
    "a blank node label under a declared '_' prefix": (
        "PREFIX _: <http://example.org/> SELECT * { _:b ig:p ?o }"
    ),
}


@pytest.mark.parametrize(("text", "n"), IN_FRAGMENT.values(), ids=IN_FRAGMENT.keys())
def test_the_fragment_is_recognised(text: str, n: int) -> None:
    query = parse_bounded(text, PREFIXES)
    assert query is not None and len(query.patterns) == n


@pytest.mark.parametrize("text", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_everything_else_goes_to_a_worker(text: str) -> None:
    assert parse_bounded(text, PREFIXES) is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("?$<>{}.;,*@^\"'#: \n\\aSELCTWHRIMF0123456789ig"), max_size=80))
def test_no_text_makes_the_recogniser_raise(text: str) -> None:
    query = parse_bounded("SELECT * { " + text, PREFIXES)
    assert query is None or all(len(p) == 3 for p in query.patterns)


def test_the_bound_counts_matches_and_their_product() -> None:
    db = ox.Store()
    g = ox.NamedNode("http://example.org/g")
    cls, p = ox.NamedNode(IG + "Cluster"), ox.NamedNode(IG + "employeeCount")
    for i in range(60):
        s = ox.NamedNode(f"http://example.org/c{i}")
        db.add(ox.Quad(s, ox.NamedNode(PREFIXES["rdf"] + "type"), cls, g))
        db.add(ox.Quad(s, p, ox.Literal(str(i)), g))
    star = parse_bounded("SELECT * { ?c a ig:Cluster ; ig:employeeCount ?n }", PREFIXES)
    assert star is not None
    assert within_bound(db, star)  # 60 × 60
    assert not within_bound(db, star, product=3599)
    assert not within_bound(db, star, per_pattern=59)
    assert not within_bound(db, star, max_patterns=1)
    everything = parse_bounded("SELECT * { ?s ?p ?o } LIMIT 1", PREFIXES)
    assert everything is not None and not within_bound(db, everything)  # never counted
    assert not within_bound(object(), star)  # type: ignore[arg-type]  # only a local store


def test_bounded_queries_answer_what_the_worker_path_answers(db) -> None:
    shape = QueryShape(services=(), has_dataset=False, depth=1)
    for text, _ in IN_FRAGMENT.values():
        bounded = parse_bounded(text, PREFIXES)
        assert bounded is not None
        proven = PRODUCT if within_bound(db, bounded) else None  # as the endpoint does
        for fmt in ("json", "csv", "xml", "tsv"):
            task = QueryTask(query=text, select_format=fmt)
            inline = execute(db, task, shape=shape, bounded=bounded, rows_at_most=proven)
            worker = execute(db, task)
            assert (inline.body, inline.kind, inline.format) == (
                worker.body,
                worker.kind,
                worker.format,
            ), (text, fmt)
            assert inline.rows in (None, worker.rows) and not inline.truncated


def test_the_engine_writes_json_as_graph_results_does() -> None:
    """Where the bounded path lets the engine write rows (JSON), the bytes are graph.results'
    own; its CSV is not used, since it leaves an IRI with a comma unquoted."""
    from innograph.graph.results import write_rows

    db = ox.Store()
    p = ox.NamedNode("http://example.org/p")
    objects = [
        ox.Literal('quote " comma , newline \n tab \t ü 🙂'),
        ox.Literal("Wert", language="de-DE"),
        ox.Literal("12", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")),
        ox.Literal("x", datatype=ox.NamedNode(PREFIXES["xsd"] + "string")),
        ox.NamedNode("http://example.org/o?a=1&b=%3C2%3E,x"),
        ox.BlankNode("b0"),
        ox.Literal(""),
    ]
    for i, o in enumerate(objects):
        db.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), p, o))
    for text in (
        "SELECT ?s ?o ?unbound WHERE { ?s <http://example.org/p> ?o }",
        "SELECT * { <http://example.org/s0> <http://example.org/p> ?o }",
        "SELECT * { <http://example.org/none> <http://example.org/p> ?o }",
        "SELECT * { <http://example.org/s1> <http://example.org/p> ?o . "
        "<http://example.org/s9> <http://example.org/p> ?x }",  # no row
    ):
        result = db.query(text)
        names = [v.value for v in result.variables]
        ours = write_rows(names, [[row[v] for v in names] for row in result], "json")
        assert db.query(text).serialize(format=ox.QueryResultsFormat.JSON) == ours, text
    comma = "SELECT ?o { <http://example.org/s4> ?p ?o }"
    assert b'"http://example.org/o?a=1&b=%3C2%3E,x"' in write_rows(
        ["o"], [[row["o"]] for row in db.query(comma)], "csv"
    )
    engine_csv = db.query(comma).serialize(format=ox.QueryResultsFormat.CSV)
    assert b'"http://' not in engine_csv, "the engine quotes IRIs now: its CSV may be used"


def test_the_engine_is_given_only_the_prefixes_the_text_uses_undeclared() -> None:
    declared = parse_bounded(
        "PREFIX ig: <http://example.org/own#> SELECT * { ?s a ig:Cluster ; rdfs:label ?l }",
        PREFIXES,
    )
    assert declared is not None and dict(declared.prefixes) == {"rdfs": PREFIXES["rdfs"]}
    assert declared.patterns[0][2] == ox.NamedNode("http://example.org/own#Cluster")
    typed = parse_bounded('SELECT * { ?s ig:v "1"^^xsd:integer }', PREFIXES)
    assert typed is not None and set(typed.prefixes) == {"ig", "xsd"}
    full = parse_bounded(f"SELECT * {{ ?s a <{IG}Cluster> }}", PREFIXES)
    assert full is not None and dict(full.prefixes) == {}


def test_the_server_answers_bounded_queries_itself_and_the_rest_in_a_worker(server: str) -> None:
    def ask(text: str) -> httpx.Response:
        r = httpx.get(
            server + "/sparql",
            params={"query": text},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert r.status_code == 200, r.text
        return r

    light = "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } # light"
    inline = ask(light)
    assert inline.headers["x-innograph-worker"] == "no"
    worker = ask(light.replace("?n }", "?n FILTER(true) }"))  # the same rows, not the fragment
    assert worker.headers["x-innograph-worker"] == "yes"
    # the same rows; their order is each engine's (the server reads an in-memory copy of a small
    # release, the worker the disk), and no ORDER BY asks for one
    rows = [sorted(map(repr, r.json()["results"]["bindings"])) for r in (inline, worker)]
    assert rows[0] == rows[1] and rows[0]
    assert inline.json()["head"] == worker.json()["head"]
    heavy = ask("SELECT * { ?s ?p ?o . ?a ?b ?c } LIMIT 3 # every triple twice")
    assert heavy.headers["x-innograph-worker"] == "yes"  # in the fragment, over the bound


def test_pattern_counts_are_kept_per_store_and_bounded_in_number() -> None:
    from innograph.graph.bounded_query import PatternCounts

    db = ox.Store()
    g = ox.NamedNode("http://example.org/g")
    p = ox.NamedNode("http://example.org/p")
    for i in range(5):
        db.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), p, ox.Literal(str(i)), g))
    counts = PatternCounts(db, capacity=2)
    assert counts.count((None, p, None), cap=3) == 4  # stops one past the cap
    assert counts.count((None, p, None), cap=10) == 5
    db.add(ox.Quad(ox.NamedNode("http://example.org/s9"), p, ox.Literal("9"), g))
    assert counts.count((None, p, None), cap=10) == 5  # kept: a release never changes
    counts.count((None, None, ox.Literal("1")), cap=10)
    assert len(counts) == 2  # the least recently used went
    assert counts.count((None, p, None), cap=3) == 4  # counted again
    query = parse_bounded("SELECT * { ?s <http://example.org/p> ?o }", {})
    assert query is not None and within_bound(db, query, counts=counts)
    assert not within_bound(db, query, counts=counts, per_pattern=5)
