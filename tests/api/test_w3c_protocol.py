"""The W3C SPARQL 1.1 Protocol test suite, replayed against a real innograph server.

Every manifest entry runs: the query tests must pass as written; every update request must be
refused with a 4xx (innograph is read-only), and the query that follows it must then find
that nothing changed; every ``bad_*`` request must get a 4xx.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from innograph.graph.store import DB_DIR, GraphStore
from tests.conftest import SHARED, start_server

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
SUITE = SHARED / "w3c-sparql-protocol"

TABULAR = (
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "text/html")


def _manifest() -> tuple[Graph, list[URIRef]]:
    if not (SUITE / "manifest.ttl").exists():
        return Graph(), []
    g = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID="http://manifest/")
    manifest = next(g.subjects(predicate=MF.entries))
    return g, list(Collection(g, g.value(manifest, MF.entries)))


MANIFEST, ENTRIES = _manifest()


@pytest.fixture(scope="module")
def w3c_server(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store holding the suite's graph data under the names the manifest gives them."""
    store = GraphStore(tmp_path_factory.mktemp("w3c"))
    graphs = {}
    for node in MANIFEST.objects(None, UT.graphData):
        graphs[str(MANIFEST.value(node, RDFS.label))] = MANIFEST.value(node, UT.graph)
    with store.staging() as staging:
        db = ox.Store(str(staging / DB_DIR))
        for name, data in sorted(graphs.items()):
            path = SUITE / "data" / Path(str(data)).name
            db.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        db.flush()
        del db
        store.publish(
            staging,
            {
                "id": "w3c" + "0" * 61,
                "built_at_compact": "20260101T000000Z",
                "graphs": {n: 1 for n in graphs},
            },
        )
    yield from start_server(store.root)


def test_suite_is_complete(shared_dir: Path) -> None:
    assert len(ENTRIES) == 34


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e).rsplit("#", 1)[-1])
def test_protocol(w3c_server: str, entry: URIRef) -> None:
    name = str(entry).rsplit("#", 1)[-1]
    action = MANIFEST.value(entry, MF.action)
    requests = list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))
    is_update_test = name.startswith("update_")
    for i, req in enumerate(requests):
        resp = _send(w3c_server, req)
        expect = MANIFEST.value(req, HT.resp)
        statuses = {str(s).removeprefix(HTS) for s in MANIFEST.objects(expect, MF.expectedStatus)}
        cls = f"{resp.status_code // 100}xx"
        if is_update_test and i == 0:
            assert resp.status_code == 403, f"{name}: update not refused: {resp.status_code}"
            assert "read-only" in resp.json()["message"]
            continue
        if is_update_test:
            # the follow-up ASK must see that the refused update changed nothing
            assert cls == "2xx", resp.text
            assert _boolean(resp) is False
            continue
        assert cls in statuses, f"{name}: got {resp.status_code}, expected {statuses}: {resp.text}"
        fmt = MANIFEST.value(expect, MF.expectedFormat)
        ctype = resp.headers.get("content-type", "").split(";")[0]
        if fmt is not None and str(fmt) == "tabular":
            assert ctype in TABULAR
        if fmt is not None and str(fmt) == "RDF":
            assert ctype in RDF_TYPES
            Graph().parse(data=resp.text, format="turtle" if ctype == "text/turtle" else "xml")
        expected_bool = MANIFEST.value(expect, MF.expectedBoolean)
        if expected_bool is not None:
            assert _boolean(resp) is expected_bool.toPython()


def _send(base: str, req) -> httpx.Response:
    method = str(MANIFEST.value(req, HT.methodName))
    path = str(MANIFEST.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    headers_node = MANIFEST.value(req, HT.headers)
    if headers_node is not None:
        for h in Collection(MANIFEST, headers_node):
            headers[str(MANIFEST.value(h, HT.fieldName))] = str(MANIFEST.value(h, HT.fieldValue))
    content = None
    body = MANIFEST.value(req, HT.body)
    if body is not None:
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(MANIFEST.value(body, CNT.chars)).encode(encoding.lower())
    return httpx.request(method, base + path, headers=headers, content=content, timeout=30)


def _boolean(resp: httpx.Response) -> bool:
    ctype = resp.headers["content-type"].split(";")[0]
    if ctype.endswith("json"):
        return json.loads(resp.text)["boolean"]
    root = ElementTree.fromstring(resp.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    return node is not None and node.text == "true"
