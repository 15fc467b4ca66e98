"""``/sparql`` beyond the W3C suite: negotiation, limits, errors, caching, real clients."""

from __future__ import annotations

import concurrent.futures as cf
import csv
import gzip
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests.conftest import N_DOCS, start_server
from tests.procfs import children_cpu

SELECT = "SELECT ?doc WHERE { ?doc a ig:SourceDocument } ORDER BY ?doc"
CONSTRUCT = "CONSTRUCT { ?doc a ig:SourceDocument } WHERE { ?doc a ig:SourceDocument }"
# Five-way cross product of every triple: far beyond any time limit on any store.
EXPENSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
)


@pytest.fixture(scope="module")
def limited(store) -> Iterator[str]:
    """A server with tight limits: 3 s timeout, 5 rows, 2 workers."""
    yield from start_server(
        store.root,
        ("INNOGRAPH_QUERY_TIMEOUT", "3"),
        ("INNOGRAPH_MAX_ROWS", "5"),
        ("INNOGRAPH_MAX_CONCURRENT_QUERIES", "2"),
        ("INNOGRAPH_MAX_QUERY_BYTES", "2000"),
        ("INNOGRAPH_WARM_ANALYTICS", "0"),  # its CPU tests measure the query workers alone
    )


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(server: str, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(server + "/sparql", params={"query": SELECT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "source/thcm-brochure-2012" in r.text


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/trig", "application/trig", "trig"),
        ("text/turtle;q=0.1, application/n-triples;q=0.9", "application/n-triples", "nt"),
    ],
)
def test_construct_negotiation(server: str, accept, media: str, rdflib_format: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.post(server + "/sparql", data={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    if rdflib_format in ("nquads", "trig"):
        from rdflib import Dataset

        g = Dataset()
        g.parse(data=r.text, format=rdflib_format)
        assert len(list(g.quads())) == N_DOCS
    else:
        assert len(Graph().parse(data=r.text, format=rdflib_format)) == N_DOCS


@pytest.mark.parametrize(
    ("fmt", "media"), [("csv", "text/csv"), ("xml", "application/sparql-results+xml")]
)
def test_format_parameter_overrides_accept(server: str, fmt: str, media: str) -> None:
    r = httpx.get(
        server + "/sparql",
        params={"query": SELECT, "format": fmt},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.headers["content-type"].split(";")[0] == media


def test_not_acceptable(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable"
    r = httpx.get(server + "/sparql", params={"query": CONSTRUCT},
                  headers={"Accept": "application/sparql-results+xml"})  # fmt: skip
    assert r.status_code == 406 and "CONSTRUCT" in r.json()["message"]
    # a spreadsheet of a graph is one row per triple, not a refusal
    r = httpx.get(server + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.startswith("subject,predicate,object")


def test_default_graph_is_union_and_graphs_stay_visible(server: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    n = [
        int(
            httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0][
                "n"
            ]["value"]
        )
        for q in (count, per_graph)
    ]
    assert n[0] == n[1] > 400


def _count(server: str, query: str, params: list[tuple[str, str]]) -> int:
    r = httpx.get(server + "/sparql", params=[("query", query), ("format", "json"), *params])
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_the_protocols_dataset_replaces_the_querys_whole(server: str) -> None:
    """Regression: with ``named-graph-uri`` alone the query's ``FROM`` still counted (and
    without ``FROM`` the default graph was the union); with ``default-graph-uri`` alone the
    query's ``FROM NAMED``, or every graph, stayed visible. SPARQL 1.1 Protocol §2.1.4: the
    protocol's dataset wins, whole; a side it does not name is empty."""
    onto, derived = (
        "https://w3id.org/innograph/ontology",
        "https://w3id.org/innograph/graph/derived",
    )
    in_default = "SELECT (COUNT(*) AS ?n) DATASET WHERE { ?s ?p ?o }".replace
    in_named = "SELECT (COUNT(*) AS ?n) DATASET WHERE { GRAPH ?g { ?s ?p ?o } }".replace
    own_default = in_default("DATASET", f"FROM <{onto}>")
    own_named = in_named("DATASET", f"FROM NAMED <{onto}>")
    ontology = _count(server, own_default, [])
    assert ontology > 0 and _count(server, own_named, []) == ontology  # the query's own dataset
    assert _count(server, own_default, [("named-graph-uri", derived)]) == 0
    assert _count(server, in_default("DATASET", ""), [("named-graph-uri", onto)]) == 0
    assert _count(server, in_named("DATASET", ""), [("named-graph-uri", onto)]) == ontology
    derived_n = _count(server, in_default("DATASET", ""), [("default-graph-uri", derived)])
    assert derived_n > 0 and derived_n != ontology
    assert _count(server, own_named, [("default-graph-uri", derived)]) == 0
    assert _count(server, in_named("DATASET", ""), [("default-graph-uri", derived)]) == 0
    both = [("default-graph-uri", derived), ("named-graph-uri", onto)]
    assert _count(server, own_default, both) == derived_n
    assert _count(server, in_named("DATASET", ""), both) == ontology


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p"}}, 400, "1:"),
        ({"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read-only"),
        (
            {"params": {"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ({"params": {"query": SELECT, "timeout": "99"}}, 400, "timeout"),
        ({"params": {"query": SELECT, "format": "png"}}, 400, "format"),
        ({"params": [("query", SELECT), ("query", SELECT)]}, 400, "one query"),
    ],
)
def test_bad_requests(server: str, kwargs: dict, status: int, needle: str) -> None:
    r = httpx.get(server + "/sparql", **kwargs)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "message", "status"} and body["status"] == status
    assert needle in body["message"]


def test_wrong_media_type_and_update_post(server: str) -> None:
    r = httpx.post(server + "/sparql", content=SELECT, headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = httpx.post(
        server + "/sparql",
        content="CLEAR ALL",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 403 and "read-only" in r.json()["message"]


def test_oversized_query_is_413(limited: str) -> None:
    big = SELECT + " #" + "x" * 3000
    r = httpx.post(
        server_url := limited + "/sparql",
        content=big,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 413, server_url


def test_row_cap_is_signalled(limited: str) -> None:
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    r = httpx.get(limited + "/sparql", params={"query": q})
    assert r.status_code == 200
    assert r.headers["x-innograph-truncated"] == "true"
    assert r.headers["x-innograph-row-limit"] == "5"
    body = r.json()
    assert len(body["results"]["bindings"]) == 5
    assert body["head"]["link"] == ["urn:innograph:truncated"]
    r = httpx.get(limited + "/sparql", params={"query": SELECT + " LIMIT 2"})
    assert "x-innograph-truncated" not in r.headers


def _server_pid(port: int) -> int:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and str(port).encode() in args:
            return int(cmdline.parent.name)
    raise LookupError(port)


def test_timeout_stops_evaluation_while_cheap_queries_succeed(limited: str) -> None:
    pid = _server_pid(int(limited.rsplit(":", 1)[1]))
    with cf.ThreadPoolExecutor(2) as ex:
        slow = ex.submit(
            httpx.get,
            limited + "/sparql",
            params={"query": EXPENSIVE, "timeout": "1.5"},
            timeout=30,
        )
        time.sleep(0.2)
        fast = ex.submit(httpx.get, limited + "/sparql", params={"query": SELECT}, timeout=30)
        assert fast.result().status_code == 200
        slow_still_running = not slow.done()
        before = children_cpu(pid)
        time.sleep(0.5)
        during = children_cpu(pid)
        busy = max(during, key=lambda p: during[p] - before.get(p, 0.0))
        # an idle worker uses no CPU; a busy one most of a core, less on a loaded machine
        assert during[busy] - before.get(busy, 0.0) > 0.15, "no worker was evaluating the query"
        r = slow.result()
    assert r.status_code == 504
    assert "1.5 s" in r.json()["message"]
    assert slow_still_running, "the cheap query waited for the expensive one"
    # the evaluation itself was stopped: the worker that ran it is gone
    assert not Path(f"/proc/{busy}").exists()
    assert httpx.get(limited + "/sparql", params={"query": SELECT}).status_code == 200


def test_default_timeout_applies(limited: str) -> None:
    r = httpx.get(limited + "/sparql", params={"query": EXPENSIVE}, timeout=60)
    assert r.status_code == 504 and "3 s" in r.json()["message"]  # the configured limit applied


def test_head_cors_gzip_etag(server: str) -> None:
    params = {"query": SELECT}
    r = httpx.get(server + "/sparql", params=params)
    etag = r.headers["etag"]
    assert r.headers["cache-control"].startswith("public")
    h = httpx.head(server + "/sparql", params=params)
    assert h.status_code == 200 and h.headers["etag"] == etag and h.content == b""
    r304 = httpx.get(server + "/sparql", params=params, headers={"If-None-Match": etag})
    assert r304.status_code == 304
    pre = httpx.options(
        server + "/sparql",
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] in ("*", "http://example.org")
    assert "POST" in pre.headers["access-control-allow-methods"]
    r = httpx.get(
        server + "/sparql",
        params={"query": "SELECT * { ?s ?p ?o }"},
        headers={"Accept-Encoding": "gzip", "Origin": "http://example.org"},
    )
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["access-control-allow-origin"] == "*"
    raw = httpx.get(
        server + "/sparql",
        params={"query": "SELECT * { ?s ?p ?o }"},
        headers={"Accept-Encoding": "gzip"},
    ).read()
    assert json.loads(raw if raw[:1] == b"{" else gzip.decompress(raw))["results"]


def test_service_description(server: str) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(o) == sd + "UnionDefaultGraph" for o in g.objects())
    assert "union of all named graphs" in r.text
    r = httpx.get(server + "/sparql", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json") and json.loads(r.text)
    r = httpx.get(server + "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.headers["content-type"].startswith("text/html") and "Examples" in r.text


def test_sparqlwrapper_select_and_construct(server: str) -> None:
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery("PREFIX ig: <https://w3id.org/innograph/ontology#>\n" + SELECT)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert len(rows) == N_DOCS
    sw.setQuery("PREFIX ig: <https://w3id.org/innograph/ontology#>\n" + CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == N_DOCS


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_every_graph_format(server: str, method: str) -> None:
    """Regression: SPARQLWrapper sends ``format=json-ld&format=application/ld+json,…`` (and
    ``format=n3``) besides its ``Accept``; the last ``format`` was judged alone and refused."""
    from SPARQLWrapper import JSONLD, N3, POST, RDFXML, XML

    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod(POST if method == "POST" else "GET")
    sw.setQuery("PREFIX ig: <https://w3id.org/innograph/ontology#>\n" + CONSTRUCT)
    for fmt in (JSONLD, N3, RDFXML, XML, TURTLE):
        sw.setReturnFormat(fmt)
        result = sw.query()
        body = result.response.read()
        kind = {JSONLD: "json-ld", N3: "turtle", RDFXML: "xml", XML: "xml", TURTLE: "turtle"}[fmt]
        assert len(Graph().parse(data=body, format=kind)) == N_DOCS, fmt


@pytest.mark.parametrize(
    ("params", "headers", "media"),
    [
        ({"format": ["jsn", "json-ld"]}, {}, "application/ld+json"),  # one known is enough
        ({"output": ["ttl"]}, {}, "text/turtle"),
        ({"format": ["application/x-json+ld,application/ld+json"]}, {}, "application/ld+json"),
        ({}, {"Accept": "application/sparql-results+json, text/csv;q=0.5"}, "text/csv"),
        ({}, {"Accept": "text/rdf+n3"}, "text/turtle"),
    ],
)
def test_graph_formats_from_parameters_and_accept(
    server: str, params: dict, headers: dict, media: str
) -> None:
    """Regression: a CONSTRUCT whose Accept ranks CSV below a results-only type got 406."""
    pairs = [("query", "CONSTRUCT WHERE { cluster:optik a ?c }")]
    pairs += [(k, v) for k, values in params.items() for v in values]
    r = httpx.get(server + "/sparql", params=pairs, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    ("request_", "status", "needle"),
    [
        ({"params": {"query": ""}}, 400, "empty"),
        ({"params": {"query": "   "}}, 400, "empty"),
        ({"params": {"query": "PREFIX ex: <http://e/>"}}, 400, "syntax"),
        ({"params": {"query": "SELECT * { ?s foo:bar ?o }"}}, 400, "undeclared prefix foo:;"),
        ({"content": b"", "headers": {"Content-Type": "application/sparql-query"}}, 400, "empty"),
        ({"params": {"query": "ASK {}", "format": "jsn"}}, 400, "jsn"),
        (
            {"params": {"query": "ASK {}"}, "headers": {"Accept": ", ".join(["image/png"] * 3000)}},
            406,
            "characters",
        ),
    ],
)
def test_empty_and_unknown_requests_are_named(
    server: str, request_: dict, status: int, needle: str
) -> None:
    """Regression: an empty query was refused as a SPARQL Update (403); a 406 echoed an Accept
    header of 45 KB."""
    method = "POST" if "content" in request_ else "GET"
    r = httpx.request(method, server + "/sparql", **request_)
    assert r.status_code == status, r.text
    assert needle in r.json()["message"] and len(r.content) < 2000


def test_query_text_that_is_no_utf8_is_refused(server: str) -> None:
    """Regression: ``%FF%FE`` in a GET query became U+FFFD and ran; in a POST body it was 400."""
    for raw in ("query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%FE%22%20%7D", "query=ASK%20%7B%7D&x=%C3"):
        r = httpx.get(f"{server}/sparql?{raw}")
        assert r.status_code == 400 and "UTF-8" in r.json()["message"], raw
        form = httpx.post(
            server + "/sparql",
            content=raw.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert form.status_code == 400 and "UTF-8" in form.json()["message"], raw
    ok = httpx.get(server + "/sparql", params={"query": 'ASK { ?s ?p "Thüringen" }'})
    assert ok.status_code == 200


def test_rdflib_sparqlstore_select_and_construct(server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server + "/sparql"))  # default: XML results, RDF/XML graphs
    prefix = "PREFIX ig: <https://w3id.org/innograph/ontology#>\n"
    assert len(list(g.query(prefix + SELECT))) == N_DOCS
    assert len(g.query(prefix + CONSTRUCT).graph) == N_DOCS


def _examples():
    from innograph.graph.queries import examples

    return examples()


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e.name)
def test_every_example_query_runs(server: str, example) -> None:
    r = httpx.post(server + "/sparql", data={"query": example.query})
    assert r.status_code == 200, r.text
    assert "results" in r.json()


def test_construct_downloads_as_a_table_of_triples(server: str) -> None:
    """Every result kind downloads: a CONSTRUCT as CSV/TSV is one row per triple."""
    query = "CONSTRUCT { cluster:optik ig:employeeCount ?n } WHERE { cluster:optik ig:employeeCount ?n }"
    r = httpx.get(server + "/sparql", params={"query": query, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["subject", "predicate", "object"]
    assert rows[1][0].endswith("/id/cluster/optik") and rows[1][1].endswith("#employeeCount")
    assert int(rows[1][2]) > 0
    tsv = httpx.get(server + "/sparql", params={"query": query, "format": "tsv"})
    assert tsv.status_code == 200 and tsv.text.startswith("?subject\t?predicate\t?object")
    # a results-only format that cannot hold a graph is still refused, naming the problem
    xml = httpx.get(server + "/sparql", params={"query": query},
                    headers={"Accept": "application/sparql-results+xml"})  # fmt: skip
    assert xml.status_code == 406 and "graph" in xml.json()["message"]


def test_every_entity_kind_has_its_prefix(server: str, db) -> None:
    """``cluster:optik`` works without a PREFIX line; every kind of entity page has a prefix."""
    from innograph.graph.vocab import ID, ID_KINDS, PREFIXES

    r = httpx.get(server + "/sparql", params={"query": "ASK { cluster:optik a ig:Cluster }"},
                  headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert r.json()["boolean"] is True
    kinds = {
        row[0].value[len(str(ID)) :].split("/")[0]
        for row in db.query(
            f"SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER (STRSTARTS(STR(?s), {str(ID)!r})) }}",
            use_default_graph_as_union=True,
        )
    }
    internal = {"statement", "figure", "crosslink", "involvement", "address", "participation"}
    assert kinds - internal <= set(ID_KINDS), kinds - internal - set(ID_KINDS)
    assert all(PREFIXES[k] == f"{ID}{k}/" for k in ID_KINDS)


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_format_may_name_a_media_type(server: str, fmt: str, media: str) -> None:
    """Clients written for Virtuoso send ``format=<media type>``; it selects that format."""
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?s a ig:Cluster }", "format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    graph = httpx.get(
        server + "/sparql",
        params={"query": "CONSTRUCT WHERE { cluster:optik a ?c }", "format": "text/turtle"},
    )
    assert graph.status_code == 200 and graph.headers["content-type"].startswith("text/turtle")
    bad = httpx.get(server + "/sparql", params={"query": "ASK {}", "format": "image/png"})
    assert bad.status_code == 400 and "format" in bad.json()["message"]


def test_repeated_queries_are_answered_from_the_release_cache(server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ig:Cluster } # cache probe"
    first = httpx.get(server + "/sparql", params={"query": query, "format": "json"})
    again = httpx.get(server + "/sparql", params={"query": query, "format": "json"})
    assert (
        first.headers["x-innograph-cache"] == "miss" and again.headers["x-innograph-cache"] == "hit"
    )
    assert first.content == again.content
    # another format, or another dataset, is another answer
    csv_ = httpx.get(server + "/sparql", params={"query": query, "format": "csv"})
    assert csv_.headers["x-innograph-cache"] == "miss" and csv_.text.startswith("n\r\n")
    scoped = httpx.get(server + "/sparql", params={"query": query, "format": "json",
                       "default-graph-uri": "https://w3id.org/innograph/ontology"})  # fmt: skip
    assert scoped.headers["x-innograph-cache"] == "miss"
    assert scoped.json()["results"]["bindings"][0]["n"]["value"] == "0"
    # errors are not kept
    for _ in range(2):
        bad = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE {", "format": "json"})
        assert bad.status_code == 400 and bad.headers.get("x-innograph-cache") != "hit"


def test_sparql_answers_pass_every_middleware(server: str) -> None:
    """``/sparql`` is answered before FastAPI's router (``SparqlFastPath``) but inside
    innograph's middlewares: results, errors and the page all carry the security and CORS
    headers, a large result is compressed when asked, errors keep the one JSON shape."""
    origin = {"Origin": "https://example.org"}
    big = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500"
    answers = {
        "result": httpx.get(server + "/sparql", params={"query": big}, headers=origin),
        "error": httpx.get(server + "/sparql", params={"query": "SELEC"}, headers=origin),
        "post": httpx.post(server + "/sparql", content=b"ASK {}", headers=origin),
        "page": httpx.get(server + "/sparql", headers={**origin, "Accept": "text/html"}),
    }
    for name, r in answers.items():
        assert "default-src 'self'" in r.headers["content-security-policy"], name
        assert r.headers["access-control-allow-origin"] == "*", name
        assert r.headers["x-content-type-options"] == "nosniff", name
    assert answers["result"].status_code == 200 and answers["page"].status_code == 200
    assert answers["result"].headers["content-encoding"] == "gzip"
    assert len(answers["result"].json()["results"]["bindings"]) == 500
    error = answers["error"].json()
    assert answers["error"].status_code == 400 and set(error) == {"error", "message", "status"}
    assert (
        answers["post"].status_code == 415 and "Content-Type" in answers["post"].json()["message"]
    )
    assert "<form" in answers["page"].text


def test_sparql_requests_the_fast_path_leaves_to_the_app(server: str) -> None:
    """A query asking for a language keeps the cookie the language middleware sets; a CORS
    preflight gets the CORS answer; a GET without a query the service description."""
    q = {"query": "ASK {}"}
    with_lang = httpx.get(server + "/sparql", params={**q, "lang": "de"})
    assert with_lang.status_code == 200 and "lang=de" in with_lang.headers["set-cookie"]
    plain = httpx.get(server + "/sparql", params=q)
    assert plain.status_code == 200 and "set-cookie" not in plain.headers
    assert plain.json() == with_lang.json() == {"head": {}, "boolean": True}
    preflight = httpx.options(
        server + "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    description = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert (
        description.status_code == 200 and "sparql-service-description#Service" in description.text
    )


@pytest.mark.parametrize(
    "parts",
    [
        {"scheme": "http", "server": ("127.0.0.1", 8000), "root_path": ""},
        {"scheme": "https", "server": ("10.0.0.1", 443), "root_path": "/graph",
         "headers": [(b"host", b"innograph.example.org")]},
        {"scheme": "http", "server": None, "root_path": "/a/", "app_root_path": "/b",
         "headers": [(b"host", b"example.org:8080"), (b"host", b"second.example")]},
        {"scheme": "http", "server": ("::1", 80), "root_path": ""},
    ],
)  # fmt: skip
def test_the_endpoint_url_is_starlettes_base_url(parts: dict) -> None:
    """The kept endpoint URL (the base for relative IRIs) is what ``request.base_url`` gives."""
    from starlette.requests import Request

    from innograph.api.config import Settings
    from innograph.api.sparql import _endpoint

    scope = {"type": "http", "path": "/sparql", "query_string": b"query=x", "headers": [], **parts}
    expected = str(Request(scope).base_url).rstrip("/") + "/sparql"
    assert _endpoint(Request(scope), Settings(base_url="")) == expected
    configured = Settings(base_url="https://graph.example.org/")
    assert _endpoint(Request(scope), configured) == "https://graph.example.org/sparql"
