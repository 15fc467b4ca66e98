"""``--store http(s)://…`` against a real Virtuoso 7.2 open source, started here on 127.0.0.1.

The fixture runs its own ``virtuoso-t`` with a ``virtuoso.ini`` in a temporary directory (free
ports, no system service), creates a user for the digest-protected Graph Store endpoint
``/sparql-graph-crud-auth`` through ``isql-vt``, and stops it at the end. Without Virtuoso the
tests skip with a message (``make virtuoso`` installs it); under ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from bench.processes import free_port, running
from innograph.api.config import Settings, store_of
from innograph.graph.errors import SourceError, StoreError
from innograph.graph.query_task import QueryTask
from innograph.graph.remote import RemoteStore
from innograph.graph.sparql import rows, run_query
from innograph.graph.stats import triples_per_graph
from innograph.graph.vocab import BASE
from innograph.ingest.build import BuildReport, build
from tests.conftest import DATA, run_cli, start_server

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")  # Debian's name; a plain ``isql`` is usually unixODBC's
USER, PASSWORD = "innograph", "graph-store-secret"
QUERY_PATH, DATA_PATH = "/sparql", "/sparql-graph-crud-auth"

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""

# A user of its own for the Graph Store endpoint: may write any graph, nothing else.
_GRANTS = (
    f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); "
    f'GRANT SPARQL_UPDATE TO "{USER}"; '
    f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 7);"
)


@dataclass(frozen=True)
class Virtuoso:
    base: str

    def store(self, *, password: str = PASSWORD) -> RemoteStore:
        return RemoteStore(
            self.base, query_path=QUERY_PATH, data_path=DATA_PATH, user=USER, password=password
        )

    def env(self, *, password: str = PASSWORD) -> dict[str, str]:
        """The settings pointing innograph at this Virtuoso, as ``INNOGRAPH_*`` variables."""
        return {
            "INNOGRAPH_REMOTE_QUERY_PATH": QUERY_PATH,
            "INNOGRAPH_REMOTE_DATA_PATH": DATA_PATH,
            "INNOGRAPH_REMOTE_USER": USER,
            "INNOGRAPH_REMOTE_PASSWORD": password,
        }


def _need_virtuoso() -> tuple[str, str]:
    if VIRTUOSO and ISQL:
        return VIRTUOSO, ISQL
    msg = (
        "Virtuoso open source (virtuoso-t and isql-vt) is not installed: "
        "`make virtuoso` installs Debian's package"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{msg} (CI=true requires it)")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server, isql = _need_virtuoso()
    home = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(_INI.format(dir=home, sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    cmd = [server, "+foreground", "+configfile", str(ini)]
    with running(cmd, base + QUERY_PATH, cwd=home):
        _wait_for_sparql(base)
        done = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={_GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt could not create the user:\n{done.stdout}{done.stderr}")
        yield Virtuoso(base)


def _wait_for_sparql(base: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        r = httpx.get(base + QUERY_PATH, params={"query": "ASK {}"}, timeout=5)
        if r.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base}{QUERY_PATH} answered {r.status_code} for {limit} s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def built_virtuoso(virtuoso: Virtuoso) -> BuildReport:
    return build(virtuoso.store(), DATA)


def test_build_publishes_the_same_graphs(built_virtuoso, virtuoso: Virtuoso, built) -> None:
    _local_store, local = built
    assert built_virtuoso.release.id == local.release.id
    assert triples_per_graph(virtuoso.store().open_current()) == local.graphs


def test_build_is_idempotent(built_virtuoso, virtuoso: Virtuoso) -> None:
    again = build(virtuoso.store(), DATA)
    assert again.unchanged and again.release.id == built_virtuoso.release.id


def test_failed_build_keeps_the_last_good_release(
    built_virtuoso, virtuoso: Virtuoso, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "sources.yaml").write_text("- id: [broken\n")
    with pytest.raises(SourceError):
        build(virtuoso.store(), data)
    assert virtuoso.store().require_current().id == built_virtuoso.release.id


def test_wrong_password_is_refused_and_keeps_the_release(
    built_virtuoso, virtuoso: Virtuoso
) -> None:
    store = virtuoso.store(password="not-the-password")
    with pytest.raises(StoreError) as err:
        store.publish({"http://example.org/g": b""}, {"id": "x" * 64})
    message = str(err.value)
    assert virtuoso.base in message and repr(USER) in message and "401" in message
    assert "not-the-password" not in message
    assert virtuoso.store().require_current().id == built_virtuoso.release.id


def test_cli_build_with_a_wrong_password_says_so_without_a_traceback(
    built_virtuoso, virtuoso: Virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in virtuoso.env(password="not-the-password").items():
        monkeypatch.setenv(key, value)
    proc = run_cli("build", "--store", virtuoso.base, check=False)
    assert proc.returncode != 0
    assert virtuoso.base in proc.stderr and "refused" in proc.stderr
    assert "Traceback" not in proc.stderr and "not-the-password" not in proc.stderr + proc.stdout
    assert virtuoso.store().require_current().id == built_virtuoso.release.id


def test_virtuoso_quirks_are_normalised(built_virtuoso, virtuoso: Virtuoso) -> None:
    db = virtuoso.store().open_current()
    assert bool(run_query(db, "ASK { ?m a ig:Measure }")) is True
    assert bool(run_query(db, "ASK { ?m a ig:NoSuchClass }")) is False
    # Virtuoso's own system graphs stay outside the release's union default graph
    graphs = rows(run_query(db, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert {r["g"] for r in graphs} == set(built_virtuoso.graphs)
    described = run_query(db, f"DESCRIBE <{BASE}id/network/optonet>")
    assert isinstance(described, list) and len(described) > 0
    dumped = db.dump(format=ox.RdfFormat.N_QUADS)
    assert dumped and dumped.count(b"\n") == sum(built_virtuoso.graphs.values())


COMPARED_QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ig:Measure }",
    "SELECT ?a ?label WHERE { ?a skos:prefLabel ?label } ORDER BY ?a STR(?label) LANG(?label)",
    "ASK { ?m a ig:Measure }",
]


def test_innograph_on_virtuoso_answers_as_on_the_embedded_store(
    built_virtuoso, virtuoso: Virtuoso, server: str
) -> None:
    for url in start_server(virtuoso.base, *virtuoso.env().items()):
        for query in COMPARED_QUERIES:
            here, there = (
                httpx.post(u + "/sparql", data={"query": query}, timeout=60) for u in (url, server)
            )
            assert here.status_code == there.status_code == 200, (query, here.text)
            assert here.json() == there.json(), query
        pages = [
            httpx.get(u + "/id/network/optonet", headers={"Accept": "text/turtle"}, timeout=60)
            for u in (url, server)
        ]
        assert all(p.status_code == 200 for p in pages)
        virtuoso_page, embedded_page = (Graph().parse(data=p.text, format="turtle") for p in pages)
        assert isomorphic(virtuoso_page, embedded_page)
        html = httpx.get(url + "/id/network/optonet", headers={"Accept": "text/html"}, timeout=60)
        assert html.status_code == 200 and "OptoNet" in html.text


def test_the_password_stays_out_of_reprs() -> None:
    settings = Settings.from_env({"INNOGRAPH_STORE": "http://127.0.0.1:8890", **Virtuoso("").env()})
    store = store_of(settings)
    assert isinstance(store, RemoteStore) and store.user == USER
    for text in (
        repr(settings),
        repr(store),
        repr(store.db()),
        repr(QueryTask("ASK {}", remote=store)),
    ):
        assert PASSWORD not in text
