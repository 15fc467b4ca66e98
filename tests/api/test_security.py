"""Regression tests for the hardening issue (13): each fault found, against a real server."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bench.processes import free_port, innograph_serve, running
from innograph.ingest.build import build
from tests.conftest import DATA, PROJECT_ROOT, start_server

pytestmark = pytest.mark.server

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUGE_SORT = (
    "SELECT ?a ?b ?c ?d WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z "
    "BIND(CONCAT(STR(?a), STR(?b), STR(?c), STR(RAND())) AS ?d) } ORDER BY ?d"
)


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            conn.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.sock.close()


def _spellings(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE<{url}>{{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE#comment\n<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE\t\n<{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::1]:{port}/sparql> {{ ?s ?p ?o }} }}",
    ]


def test_no_service_spelling_reaches_a_local_listener(server: str, listener: Listener) -> None:
    for query in _spellings(listener.port):
        r = httpx.get(server + "/sparql", params={"query": query}, timeout=60)
        assert 400 <= r.status_code < 500, (query, r.status_code, r.text)
        assert str(listener.port) not in r.json()["message"] or "SERVICE" in r.json()["message"]
    assert listener.connections == 0


def test_allow_listed_service_is_reached_and_others_are_not(store, listener: Listener) -> None:
    """Positive control: the listener is reachable when it is on the allow-list."""
    other = Listener()
    allowed = f"http://127.0.0.1:{listener.port}/sparql"
    for url in start_server(store.root, ("INNOGRAPH_SERVICE_ALLOWLIST", allowed)):
        before = listener.connections
        q = f"SELECT * {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"
        r = httpx.get(url + "/sparql", params={"query": q}, timeout=60)
        assert r.status_code == 200, r.text
        assert listener.connections > before
        for query in _spellings(other.port):
            r = httpx.get(url + "/sparql", params={"query": query}, timeout=60)
            assert 400 <= r.status_code < 500, (query, r.text)
    assert other.connections == 0
    other.sock.close()


def test_refusal_does_not_tell_open_from_closed_ports(server: str, listener: Listener) -> None:
    closed = free_port()
    messages = set()
    for port in (listener.port, closed):
        q = f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"
        body = httpx.get(server + "/sparql", params={"query": q}, timeout=60).json()
        messages.add(body["message"].replace(str(port), "PORT"))
    assert len(messages) == 1, messages


@pytest.fixture(scope="module")
def strict(store) -> Iterator[str]:
    """A server with a small per-client budget and a small memory cap."""
    yield from start_server(
        store.root,
        ("INNOGRAPH_QUERY_TIMEOUT", "2"),
        ("INNOGRAPH_CLIENT_BUDGET", "6"),
        ("INNOGRAPH_QUERY_MEMORY_MB", "300"),
        ("INNOGRAPH_MAX_CONCURRENT_QUERIES", "2"),
    )


def test_timeout_has_a_floor(strict: str) -> None:
    r = httpx.get(strict + "/sparql", params={"query": "ASK {}", "timeout": "0.001"})
    assert r.status_code == 400 and "timeout" in r.json()["message"]


def test_kills_leave_warm_workers_and_the_budget_stops_the_client(strict: str) -> None:
    statuses = []
    for _ in range(6):
        r = httpx.get(strict + "/sparql", params={"query": EXPENSIVE, "timeout": "1"}, timeout=60)
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) >= 1
            break
    assert statuses[0] == 504 and statuses[-1] == 429, statuses


def test_query_over_the_memory_cap_is_a_clear_error(store) -> None:
    for url in start_server(
        store.root, ("INNOGRAPH_QUERY_MEMORY_MB", "250"), ("INNOGRAPH_QUERY_TIMEOUT", "60")
    ):
        r = httpx.get(url + "/sparql", params={"query": HUGE_SORT}, timeout=120)
        assert r.status_code == 422, (r.status_code, r.text[:300])
        assert r.json()["error"] == "memory_limit" and "MB" in r.json()["message"]
        ok = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert ok.status_code == 200


def test_query_workers_stay_light_after_a_learned_ranking(store) -> None:
    """Regression: the CLI imported the analytics (and with them scipy.stats, ~170 MB of address
    space) at start; the spawned query workers re-import the CLI's module, so under a 250 MB cap
    every query, ``ASK {}`` included, failed as over the memory limit."""
    probe = "import sys, innograph.api.cli; print(sorted(m for m in sys.modules if m in WATCH))"
    watch = "('networkx', 'scipy', 'scipy.stats', 'innograph.graph.analysis')"
    out = subprocess.run(
        [sys.executable, "-c", f"WATCH = {watch}\n{probe}"],
        capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert out.stdout.strip() == "[]", out.stdout
    for url in start_server(store.root, ("INNOGRAPH_QUERY_MEMORY_MB", "250")):
        learned = httpx.get(
            url + "/api/actors/optonet/recommendations",
            params={"ranking": "learned", "k": 3},
            timeout=120,
        )
        assert learned.status_code == 200, learned.text[:300]
        ok = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert ok.status_code == 200, ok.text[:300]


def test_cold_start_is_not_charged_after_a_kill_wave(store) -> None:
    for url in start_server(store.root, ("INNOGRAPH_CLIENT_BUDGET", "1000")):
        slow = {"query": EXPENSIVE, "timeout": "1"}
        with cf.ThreadPoolExecutor(4) as ex:
            jobs = [
                ex.submit(httpx.get, url + "/sparql", params=slow, timeout=60) for _ in range(8)
            ]
            assert all(j.result().status_code == 504 for j in jobs)
        answers = [
            httpx.get(url + "/sparql", params={"query": "ASK {}", "timeout": "1"}, timeout=60)
            for _ in range(12)
        ]
        assert [a.status_code for a in answers] == [200] * 12


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_workers_die_with_a_killed_server(store) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(innograph_serve(store.root, port), url + "/healthz", cwd=PROJECT_ROOT) as proc:
        workers = _children(proc.pid)
        assert workers, "no query workers"
        threading.Thread(target=_query_quietly, args=(url, EXPENSIVE), daemon=True).start()
        time.sleep(1)  # the query is now being evaluated in a worker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(300):  # the kernel delivers the death signal; allow a busy machine
            if not any(Path(f"/proc/{w}").exists() and _state(w) != "Z" for w in workers):
                break
            time.sleep(0.1)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and _state(w) != "Z"]
        assert alive == [], "workers outlived their server"


def _query_quietly(url: str, query: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server is killed under this request
        httpx.get(url + "/sparql", params={"query": query}, timeout=60)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


@pytest.mark.parametrize(
    "path", ["/id/a%20b", "/id/%00", "/id/%FF", "/id/a%3Cb", "/id/a%22b", "/id/a%5Cb", "/id/%C2%85"]
)
def test_invalid_entity_paths_are_4xx_without_traces(server: str, path: str) -> None:
    r = httpx.get(server + path)
    assert 400 <= r.status_code < 500
    assert "Traceback" not in r.text and "ValueError" not in r.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE " + "{ SELECT * WHERE " * 500 + "{}" + "}" * 500,
        # regression: unary operators were not counted, 20,000 of them crashed a worker
        "ASK { FILTER(" + "!" * 20000 + "true) }",
        "SELECT (" + "- " * 5000 + "1 AS ?x) {}",
    ],
)
def test_deeply_nested_queries_are_400(server: str, query: str) -> None:
    r = httpx.post(server + "/sparql", data={"query": query}, timeout=60)
    assert r.status_code == 400 and "nests" in r.json()["message"], r.text[:200]
    assert httpx.get(server + "/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig", "text/turtle"])
def test_service_description_in_quad_formats(server: str, accept: str) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert b"sparql-service-description" in r.content


def test_oversized_body_is_refused_on_its_declared_length(server: str) -> None:
    with socket.create_connection(("127.0.0.1", int(server.rsplit(":", 1)[1]))) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 268435456\r\n\r\nSELECT"
        )
        head = s.recv(4096).decode(errors="replace")
    assert head.startswith("HTTP/1.1 413"), head[:200]


def test_query_dataset_clause_wins_over_the_union(server: str) -> None:
    q = "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/> WHERE { ?s ?p ?o }"
    r = httpx.get(server + "/sparql", params={"query": q})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"
    q = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/innograph/ontology> WHERE { ?s ?p ?o }"
    n = int(
        httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"][
            "value"
        ]
    )
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    total = int(
        httpx.get(server + "/sparql", params={"query": union}).json()["results"]["bindings"][0][
            "n"
        ]["value"]
    )
    assert 0 < n < total


def test_pages_send_security_headers(server: str) -> None:
    for path in ("/", "/query", "/viz/ecosystem", "/id/network/optonet", "/docs", "/sparql"):
        r = httpx.get(server + path, headers={"Accept": "text/html"})
        csp = r.headers.get("content-security-policy", "")
        assert (
            "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"]
        assert "<script>" not in r.text, f"inline script on {path}"


def test_docs_are_served_offline(server: str) -> None:
    page = httpx.get(server + "/docs").text
    assert "cdn" not in page.lower()
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert httpx.get(server + asset).status_code == 200


def test_website_with_a_script_scheme_is_refused_by_the_build(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    registry = data / "research_organisations.yaml"
    text = registry.read_text(encoding="utf-8")
    first = text.index("  website:")
    end = text.index("\n", first)
    registry.write_text(text[:first] + "  website: javascript:alert(1)" + text[end:])
    from innograph.graph.errors import SourceError
    from innograph.graph.store import GraphStore

    with pytest.raises(SourceError, match="website 'javascript:alert\\(1\\)'"):
        build(GraphStore(tmp_path / "store"), data)


def test_stale_staging_directories_are_swept(tmp_path: Path) -> None:
    from innograph.graph.store import GraphStore

    store = GraphStore(tmp_path / "store")
    store.releases_dir.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = store.releases_dir / f".staging-20260101T000000Z-{dead.pid}"
    stale.mkdir()
    with store.staging():
        assert not stale.exists()


def test_pages_shed_load_with_retry_after(store) -> None:
    for url in start_server(store.root, ("INNOGRAPH_MAX_INFLIGHT", "1")):
        with cf.ThreadPoolExecutor(16) as ex:
            paths = ["/viz/actor/optonet?depth=2", "/api/clusters", "/id/network/optonet"] * 16
            jobs = [ex.submit(httpx.get, url + p, timeout=120) for p in paths]
            answers = [j.result() for j in jobs]
        codes = {a.status_code for a in answers}
        assert codes <= {200, 503} and 503 in codes and 200 in codes, codes
        shed = next(a for a in answers if a.status_code == 503)
        assert shed.headers["retry-after"] == "1" and shed.json()["error"] == "overloaded"


@pytest.fixture(scope="module", params=["httptools", "h11"])
def impatient(store, request: pytest.FixtureRequest) -> Iterator[str]:
    """A server with short head and body deadlines, on each HTTP parser (the same guards)."""
    yield from start_server(
        store.root,
        ("INNOGRAPH_HEADER_TIMEOUT", "2"),
        ("INNOGRAPH_BODY_TIMEOUT", "2"),
        ("INNOGRAPH_HTTP", request.param),
    )


def _raw(url: str, data: bytes, *, wait: float = 60) -> bytes:
    with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as s:
        s.settimeout(wait)  # generous: the property is that the server answers at all
        s.sendall(data)
        return s.recv(4096)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n", b"431"),
        (b"GET /" + b"a" * 150_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"408"),  # head never completed
        (
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nSELECT",  # body never completed
            b"408",
        ),
    ],
)
def test_oversized_and_stalled_requests_get_an_answer(
    impatient: str, request_bytes: bytes, status: bytes
) -> None:
    head = _raw(impatient, request_bytes)
    assert head.startswith(b"HTTP/1.1 " + status), head[:100]
    # the one JSON error shape, even from the server's own refusals (they were text/plain)
    assert b"content-type: application/json" in head.lower()
    body = json.loads(head.split(b"\r\n\r\n", 1)[1])
    assert body["status"] == int(status) and body["error"] and body["message"]
    assert httpx.get(impatient + "/healthz").status_code == 200


def test_keep_alive_requests_and_a_pipelined_head_pass_the_guards(impatient: str) -> None:
    """Several requests on one connection, the second sent with the first, each answered; the
    head deadline does not fire between them."""
    one = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", int(impatient.rsplit(":", 1)[1]))) as s:
        s.settimeout(30)
        s.sendall(one + one)
        seen = b""
        while seen.count(b'{"status":"ok"}') < 2:  # both answers, bodies included
            chunk = s.recv(4096)
            assert chunk, seen
            seen += chunk
        time.sleep(2.5)  # past the 2 s head deadline, idle between requests
        s.sendall(one.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        assert seen.count(b"HTTP/1.1 200") == 2
        assert s.recv(4096).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", b"431"),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
    ],
)
def test_an_oversized_head_that_ends_in_one_read_is_refused(
    impatient: str, head: bytes, status: bytes
) -> None:
    """Regression (httptools): a head over the limit that arrived whole in one read was served,
    since the check looked only at heads still incomplete after a read."""
    answer = _raw(impatient, head)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:100]


def test_a_pipelined_body_that_arrives_late_is_no_head(impatient: str) -> None:
    """Regression (httptools): the bytes after a pipelined request's head counted as the next
    head until the previous response was written, so a 100 kB body arriving late got 414 written
    into the stream."""
    body = urlencode({"query": "ASK {} # " + "x" * 90_000}).encode()
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    second = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    with socket.create_connection(("127.0.0.1", int(impatient.rsplit(":", 1)[1]))) as s:
        s.settimeout(30)
        s.sendall(first + second)
        seen = b""
        while b'{"status":"ok"}' not in seen:
            chunk = s.recv(4096)
            assert chunk, seen
            seen += chunk
        time.sleep(0.5)
        s.sendall(body)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            seen += chunk
    statuses = [part[:3] for part in seen.split(b"HTTP/1.1 ")[1:]]
    assert statuses == [b"200", b"200"], seen[:600]
    assert b'"boolean"' in seen


def test_the_http_parser_setting_is_checked() -> None:
    from innograph.api import server
    from innograph.api.config import HTTP_PARSERS, Settings
    from innograph.graph.errors import SettingsError

    assert set(server._PROTOCOLS) == set(HTTP_PARSERS)
    assert Settings.from_env({"INNOGRAPH_HTTP": "h11"}).http == "h11"
    with pytest.raises(SettingsError, match="INNOGRAPH_HTTP"):
        Settings.from_env({"INNOGRAPH_HTTP": "nginx"})


def test_a_large_body_sent_with_its_head_is_no_oversized_head(server: str) -> None:
    """Regression: a form POST whose head and 200 kB body arrived in one read got 431; the
    head limit applies to the head, the body has its own limit (413 naming it)."""
    query = "SELECT (1 AS ?one) WHERE { } # " + "x" * 80_000
    body = urlencode({"query": query}).encode()
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    answer = _raw(server, head + body)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    too_big = httpx.post(server + "/api/share", json={"query": "#" * 200_000})
    assert too_big.status_code == 413 and "limit" in too_big.json()["message"]


def test_network_pages_are_computed_once_per_release(store) -> None:
    """CPU amplifier: /viz/actor and /viz/cluster were rebuilt on every request."""
    from fastapi.testclient import TestClient

    from innograph.api.app import create_app
    from innograph.api.config import Settings

    app = create_app(Settings.from_env(store=str(store.root)))
    with TestClient(app) as client:
        for path in ("/viz/actor/optonet?depth=2", "/viz/cluster/optik"):
            first = client.get(path)
            analysis = app.state.analysis.get(store.current().id, store.open_current())
            cached = dict(analysis._memo)
            second = client.get(path)
            assert first.status_code == second.status_code == 200
            assert first.text == second.text
            assert analysis._memo == cached, "the second request computed the page again"
            assert any(k.startswith("viz:") for k in cached)


def test_measure_record_without_id_names_file_and_record(tmp_path: Path) -> None:
    import json
    import shutil

    from innograph.graph.errors import SourceError
    from innograph.graph.store import GraphStore

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    extract = data / "extracted" / "digital_strategy.json"
    content = json.loads(extract.read_text(encoding="utf-8"))
    del content["measures"][4]["id"]
    extract.write_text(json.dumps(content), encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    with pytest.raises(SourceError, match=r"digital_strategy\.json.*record #5.*'id'"):
        build(store, data)
    assert store.current() is None
