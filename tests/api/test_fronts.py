"""Several server processes on one port (``innograph serve --fronts N``): real processes, real
signals, real connections."""

from __future__ import annotations

import concurrent.futures as cf
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bench.processes import free_port, innograph_serve, running
from innograph.api.config import PROJECT_ROOT, Settings
from innograph.graph.store import GraphStore
from tests.conftest import run_cli
from tests.procfs import alive, children_cpu

pytestmark = pytest.mark.server

LIGHT = "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n }"


def _children(pid: int) -> list[int]:
    return sorted(children_cpu(pid))


def _fronts(supervisor: int) -> list[int]:
    """The supervisor's fronts: its children that run the app (not the resource tracker)."""
    fronts = []
    for pid in _children(supervisor):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            fronts.append(pid)
    return fronts


def _wait(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@contextmanager
def _supervisor(store: GraphStore) -> Iterator[tuple[str, subprocess.Popen[bytes], list[int]]]:
    """``innograph serve --fronts 2`` on a free port: its URL, the supervisor, its fronts."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [*innograph_serve(store.root, port), "--fronts", "2"]
    with running(cmd, url + "/healthz", cwd=PROJECT_ROOT) as proc:
        assert _wait(lambda: len(_fronts(proc.pid)) == 2)
        yield url, proc, _fronts(proc.pid)


@pytest.fixture()
def two_fronts(store: GraphStore) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with _supervisor(store) as (url, proc, _):
        yield url, proc


def _front_of_fresh_connection(url: str) -> int:
    with httpx.Client() as client:  # a new connection: the kernel hands it to some front
        return int(client.get(url + "/healthz").json()["front"])


def test_two_fronts_share_the_port_and_both_answer(two_fronts) -> None:
    url, _proc = two_fronts
    seen: set[int] = set()
    with cf.ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            seen |= set(pool.map(lambda _: _front_of_fresh_connection(url), range(16)))
            if seen == {0, 1}:
                break
    assert seen == {0, 1}
    r = httpx.get(url + "/sparql", params={"query": LIGHT},
                  headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert r.status_code == 200 and r.json()["results"]["bindings"]
    assert r.headers["content-security-policy"]  # the same app in every front
    each = [_front_of_fresh_connection(url) for _ in range(3)]
    assert all(i in (0, 1) for i in each)


def test_a_front_that_dies_is_replaced(two_fronts) -> None:
    url, proc = two_fronts
    victim = _fronts(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    assert _wait(lambda: len(_fronts(proc.pid)) == 2 and victim not in _fronts(proc.pid))
    assert _wait(lambda: _answers(url))
    assert proc.poll() is None


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_fronts_and_their_query_workers_die_with_the_supervisor(store: GraphStore) -> None:
    with _supervisor(store) as (url, proc, fronts):
        assert _wait(lambda: all(_children(f) for f in fronts))  # each has its query workers
        workers = [w for f in fronts for w in _children(f)]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _wait(lambda: not any(alive(p) for p in fronts + workers), 30)
        assert not _answers(url)


def test_sigterm_stops_every_front(store: GraphStore) -> None:
    with _supervisor(store) as (_url, proc, fronts):
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert _wait(lambda: not any(alive(p) for p in fronts), 30)


def test_fronts_out_of_range_are_refused(store: GraphStore) -> None:
    for n in ("0", "65"):
        r = run_cli("serve", "--store", str(store.root), "--fronts", n, check=False)
        assert r.returncode == 1 and "--fronts" in r.stderr, r.stderr
    bad = subprocess.run(
        [*innograph_serve(store.root, free_port())],
        env={**os.environ, "INNOGRAPH_FRONTS": "-2"},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "INNOGRAPH_FRONTS" in bad.stderr


def test_a_front_gets_its_share_of_the_whole_servers_limits() -> None:
    whole = Settings(
        fronts=3,
        client_budget=90.0,
        max_inflight=32,
        max_concurrent_queries=4,
        query_spares=2,
        result_cache_mb=64,
    )
    one = whole.per_front()
    assert one.client_budget * 3 == pytest.approx(whole.client_budget)
    assert one.max_inflight * 3 <= whole.max_inflight
    assert one.max_concurrent_queries >= 1 and one.max_concurrent_queries * 3 <= 4 + 2
    assert one.result_cache_mb * 3 <= whole.result_cache_mb
    assert Settings(fronts=4, result_cache_mb=0).per_front().result_cache_mb == 0  # stays off
    assert Settings().per_front() == Settings()  # one front: unchanged
    assert (one.query_timeout, one.max_rows, one.port) == (
        whole.query_timeout,
        whole.max_rows,
        whole.port,
    )


def test_port_zero_gives_every_front_the_same_port(store: GraphStore) -> None:
    """``--port 0``: the supervisor takes a port from the kernel and every front listens on it."""
    proc = subprocess.Popen(
        [*innograph_serve(store.root, 0)[:-2], "--log-level", "info", "--fronts", "2"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        ports: list[str] = []
        deadline = time.monotonic() + 60
        while len(ports) < 2 and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if "listening on http://" in line:
                ports.append(line.rsplit(":", 1)[1].split()[0])
        assert len(ports) == 2 and ports[0] == ports[1] and ports[0] != "0", ports
        # a busy machine may take longer than one request's timeout to answer the first one
        assert _wait(lambda: _answers(f"http://127.0.0.1:{ports[0]}"))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def test_an_address_in_use_is_a_clear_error(store: GraphStore) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        r = run_cli("serve", "--store", str(store.root), "--port", str(port), "--fronts", "2",
                    check=False)  # fmt: skip
        assert r.returncode == 1, r.stderr
        assert f"cannot serve on 127.0.0.1:{port}" in r.stderr and "Traceback" not in r.stderr
    finally:
        taken.close()
