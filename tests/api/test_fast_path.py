"""``/sparql`` ahead of the framework (``api.fast_path``) answers exactly what the route does
through FastAPI and every middleware: same status, headers and body, request by request."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from innograph.api.app import InnographApp, create_app
from innograph.api.config import Settings
from innograph.api.fast_path import form_pairs

LIGHT = "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } LIMIT 3"
BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 300"
ORIGIN = {"Origin": "https://example.org"}
GZIP = {"Accept-Encoding": "gzip"}

# (method, query-string parameters, headers, body): every kind of answer and refusal
REQUESTS: dict[str, tuple[str, dict[str, str], dict[str, str], bytes | None]] = {
    "light": ("GET", {"query": LIGHT}, {}, None),
    "light, CORS": ("GET", {"query": LIGHT}, ORIGIN, None),
    "light, gzip accepted": ("GET", {"query": LIGHT}, {**ORIGIN, **GZIP}, None),
    "light as CSV (text, charset)": ("GET", {"query": LIGHT, "format": "csv"}, ORIGIN, None),
    "light as XML by Accept": (
        "GET", {"query": LIGHT}, {"Accept": "application/sparql-results+xml"}, None),
    "big, gzip": ("GET", {"query": BIG}, {**ORIGIN, **GZIP}, None),
    "big, identity": ("GET", {"query": BIG}, {"Accept-Encoding": "identity"}, None),
    "ASK": ("GET", {"query": "ASK { ?s ?p ?o }"}, {}, None),
    "CONSTRUCT as Turtle": (
        "GET", {"query": "CONSTRUCT WHERE { ?s a ig:Cluster } LIMIT 2"},
        {"Accept": "text/turtle"}, None),
    "HEAD": ("HEAD", {"query": LIGHT}, ORIGIN, None),
    "POST form": ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"},
                  b"query=" + LIGHT.replace(" ", "+").encode()),
    "POST query": ("POST", {}, {"Content-Type": "application/sparql-query"}, LIGHT.encode()),
    "POST without a type": ("POST", {}, ORIGIN, b"ASK {}"),
    "POST without a query": (
        "POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"format=json"),
    "syntax error": ("GET", {"query": "SELEC"}, ORIGIN, None),
    "update": ("GET", {"update": "INSERT DATA { <x:a> <x:b> <x:c> }", "query": "ASK {}"}, {}, None),
    "two queries": ("GET", [("query", "ASK {}"), ("query", "ASK {}")], {}, None),
    "unknown format": ("GET", {"query": LIGHT, "format": "yaml"}, {}, None),
    "nothing acceptable": ("GET", {"query": LIGHT}, {"Accept": "image/png"}, None),
    "graph for a table-only Accept": (
        "GET", {"query": "CONSTRUCT WHERE { ?s a ig:Cluster }"},
        {"Accept": "application/sparql-results+json"}, None),
    "timeout out of range": ("GET", {"query": LIGHT, "timeout": "-1"}, {}, None),
    "a named graph": (
        "GET", {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                "default-graph-uri": "https://w3id.org/innograph/ontology"}, {}, None),
    "the slash path": ("GET", {"query": "ASK {}"}, {}, None),
}  # fmt: skip


@pytest.fixture(scope="module")
def clients(store) -> Iterator[tuple[TestClient, TestClient]]:
    """The app as served, and the same app with every ``/sparql`` request left to FastAPI."""
    settings = Settings.from_env(store=str(store.root), warm_analytics=False)
    fast, framework = create_app(settings), create_app(settings)
    assert isinstance(fast, InnographApp) and fast.sparql_path is not None
    framework.sparql_path = None
    with TestClient(fast) as a, TestClient(framework) as b:
        yield a, b


def _seen(response) -> tuple[int, Counter, bytes]:
    headers = Counter(response.headers.multi_items())
    if response.headers.get("content-encoding") == "gzip":  # compressed bytes carry a time
        headers.pop(("content-length", response.headers["content-length"]))
    return response.status_code, headers, response.content


@pytest.mark.parametrize("name", REQUESTS)
def test_the_fast_path_answers_what_the_framework_answers(clients, name: str) -> None:
    method, params, headers, body = REQUESTS[name]
    path = "/sparql/" if name == "the slash path" else "/sparql"
    fast, framework = (
        c.request(method, path, params=params, headers=headers, content=body) for c in clients
    )
    assert _seen(fast) == _seen(framework), name
    if name == "big, gzip":  # the large answer did go through the compression middleware
        assert fast.headers["content-encoding"] == "gzip"
        assert len(gzip.compress(fast.content)) < len(fast.content)


def test_a_repeated_request_is_answered_from_the_cache_or_as_not_modified(clients) -> None:
    fast, framework = clients
    for client in (fast, framework):
        client.get("/sparql", params={"query": LIGHT})
    again = [c.get("/sparql", params={"query": LIGHT}) for c in clients]
    assert _seen(again[0]) == _seen(again[1])
    assert again[0].headers["x-innograph-cache"] == "hit"
    etag = again[0].headers["etag"]
    unchanged = [
        c.get("/sparql", params={"query": LIGHT}, headers={"If-None-Match": etag}) for c in clients
    ]
    assert unchanged[0].status_code == 304 and _seen(unchanged[0]) == _seen(unchanged[1])


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["%", "%2", "%20", "%7B", "%C3%A4", "%c3", "%zz", "+", "&", "=", "\\",
                             "\\x41", "%5C", "query", "a", "é", "%%41", "&&", "=="]),
            st.text(max_size=3),
        ),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_query_strings_are_decoded_as_parse_qsl_does(text: str) -> None:
    text = text.encode("utf-8").decode("latin-1")  # as a query string's bytes arrive
    assert form_pairs(text) == parse_qsl(text, keep_blank_values=True)


@pytest.mark.parametrize("fault", ["raises", "a header value outside latin-1"])
def test_a_fault_after_the_answer_is_a_json_500_without_a_trace(store, monkeypatch, fault) -> None:
    """Fault injection: whatever breaks on the fast path before the answer starts is the one
    error shape, never uvicorn's bare text nor a stack trace."""
    from innograph.api import sparql

    def broken(version, task) -> str:
        if fault == "raises":
            raise RuntimeError("secret detail")
        return '"€"'  # not latin-1: fails while the head is encoded

    monkeypatch.setattr(sparql, "_etag", broken)
    settings = Settings.from_env(store=str(store.root), warm_analytics=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        r = client.get("/sparql", params={"query": LIGHT}, headers=ORIGIN)
    assert r.status_code == 500 and r.json()["error"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text


def test_answers_from_the_copy_and_from_the_disk_never_share_an_etag(store) -> None:
    """Without ORDER BY the two engines may keep different rows under one LIMIT: the ETag (and
    the result cache) tell them apart."""
    on_disk = Settings.from_env(store=str(store.root), warm_analytics=False, memory_quads=0)
    in_memory = Settings.from_env(store=str(store.root), warm_analytics=False)
    answers = []
    for configured in (on_disk, in_memory):
        with TestClient(create_app(configured)) as client:
            answers.append(client.get("/sparql", params={"query": LIGHT}))
    assert answers[0].headers["x-innograph-release"] == answers[1].headers["x-innograph-release"]
    assert answers[0].headers["etag"] != answers[1].headers["etag"]
