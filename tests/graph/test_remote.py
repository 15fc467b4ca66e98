"""The store-level behaviour against a real ``oxigraph serve`` process on 127.0.0.1."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.processes import free_port, running
from innograph.graph.errors import SourceError
from innograph.graph.projection import project
from innograph.graph.remote import RemoteStore
from innograph.graph.sparql import rows, run_query
from innograph.graph.stats import triples_per_graph
from innograph.ingest.build import build
from tests.conftest import DATA, start_server

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    location = str(tmp_path_factory.mktemp("oxigraph"))
    cmd = [OXIGRAPH, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"]
    with running(cmd, base + "/"):
        yield RemoteStore(base)


@pytest.fixture(scope="module")
def built_remote(remote: RemoteStore):
    return build(remote, DATA)


def test_remote_build_publishes_the_same_graphs(built_remote, remote: RemoteStore, built) -> None:
    _local_store, local = built
    assert built_remote.release.id == local.release.id
    assert triples_per_graph(remote.open_current()) == local.graphs


def test_remote_build_is_idempotent(built_remote, remote: RemoteStore) -> None:
    again = build(remote, DATA)
    assert again.unchanged and again.release.id == built_remote.release.id


def test_failed_build_leaves_the_remote_unchanged(
    built_remote, remote: RemoteStore, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "sources.yaml").write_text("- id: [broken\n")
    with pytest.raises(SourceError):
        build(remote, data)
    assert remote.require_current().id == built_remote.release.id


def test_queries_and_analytics_work_unchanged(built_remote, remote: RemoteStore, db) -> None:
    r = rows(
        run_query(
            remote.open_current(), "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ig:Measure }"
        )
    )
    assert r == [{"n": 75}]
    named = rows(
        run_query(
            remote.open_current(),
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        )
    )
    assert named[0]["n"] == len(built_remote.graphs)
    G_remote, G_local = project(remote.open_current()), project(db)
    assert G_remote.number_of_nodes() == G_local.number_of_nodes()
    assert G_remote.number_of_edges() == G_local.number_of_edges()
    # the same projection in the same order: the remote server answers in its own row order, and
    # paths, communities and ties between equal scores follow the order a projection is built in
    assert list(G_remote.nodes(data=True)) == list(G_local.nodes(data=True))
    assert all(list(G_remote.adj[n].items()) == list(G_local.adj[n].items()) for n in G_local)


def test_innograph_serves_a_remote_store(built_remote, remote: RemoteStore, server: str) -> None:
    local = httpx.get(server + "/api/actors/tu-ilmenau/recommendations").json()
    for url in start_server(remote.base):  # type: ignore[arg-type]
        # the evidence's sources come from one batched query (a VALUES clause) per page: the
        # remote store must give what the local one gives
        recs = httpx.get(url + "/api/actors/tu-ilmenau/recommendations", timeout=120).json()
        assert recs == local
        assert any(s["line"] for r in recs for e in r["evidence"]
                   for x in e["with_actor"] + e["with_candidate"] for s in x["sources"])  # fmt: skip
        r = httpx.get(url + "/sparql", params={"query": "ASK { ?m a ig:Measure }"})
        assert r.json()["boolean"] is True
        page = httpx.get(url + "/id/network/optonet", headers={"Accept": "text/turtle"})
        assert page.status_code == 200 and "OptoNet" in page.text
        metrics = httpx.get(url + "/api/actors/optonet/metrics").json()
        assert metrics["label"] == "OptoNet e.V."
        assert httpx.get(url + "/dump.nq").status_code == 200


def test_the_protocols_dataset_is_whole_on_a_remote_store(
    built_remote, remote: RemoteStore, db
) -> None:
    """Named graphs alone mean an empty default graph there too (sent as a graph that is not
    there: the protocol cannot name an empty one); the query's own FROM is set aside."""
    onto = "https://w3id.org/innograph/ontology"
    count = f"SELECT (COUNT(*) AS ?n) FROM <{onto}> WHERE {{ ?s ?p ?o }}"
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    for store in (remote.open_current(), db):
        own = rows(run_query(store, count, own_dataset=True))[0]["n"]
        assert own > 0
        assert rows(run_query(store, count, own_dataset=True, named_graphs=[onto])) == [{"n": 0}]
        assert rows(run_query(store, per_graph, named_graphs=[onto]))[0]["n"] == own
        assert rows(run_query(store, per_graph, default_graphs=[onto])) == [{"n": 0}]
