"""``/sparql`` against Oxigraph's own server on the same store, under wrk.

``python -m bench.endpoint`` starts ``innograph serve`` (``CONFIGS``: one and two server
processes, ``--fronts``, reading the release's in-memory copy, and two reading it on disk) and
``oxigraph serve-read-only --union-default-graph`` on the live release and drives both with wrk
(``bench.load.run_wrk``) at 1, 8 and 64 connections: a light query with a distinct text per request
(no cache can answer: a trailing comment numbers it) and the same text repeated. Every server gets
a short warm-up run first, innograph's once it has settled (its start-up work, spawning the
query workers, done: ``bench.processes.settle``); its analytics are not computed at start-up
(``INNOGRAPH_WARM_ANALYTICS=false``: that is a page's work, which would otherwise share the CPU
with the first runs). Writes ``bench/results/endpoint.md`` with requests/s, p50 and p99 of each,
the throughput ratio and the added p50 — ratios from one run on one machine, the figures issue 18
sets.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

from bench.load import run_wrk
from bench.processes import free_port, innograph_serve, running, settle
from innograph.api.config import PROJECT_ROOT, Settings, store_of

__all__ = ["LIGHT", "main"]

LIGHT = (
    "PREFIX ig: <https://w3id.org/innograph/ontology#> "
    "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } LIMIT 5"
)
RESULTS = Path(__file__).resolve().parent / "results" / "endpoint.md"
_ACCEPT = "application/sparql-results+json"
CONFIGS = {"1": (1, True), "2": (2, True), "2, disk": (2, False)}
"""innograph's servers measured: name → (server processes, ``serve --fronts``; whether a release
is read from its in-memory copy, ``INNOGRAPH_MEMORY_QUADS``)."""
WARM_UP = 2
"""Seconds of load every server gets before it is measured."""


def main(seconds: int = 8) -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make wrk`")
    store = store_of(Settings.from_env())
    release = store.current()
    if release is None:
        raise SystemExit("no release: run `make build` first")
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    ports = {name: free_port() for name in CONFIGS}
    ox_port, bare_port = free_port(), free_port()
    bare_cmd = [sys.executable, "-m", "uvicorn", "bench.bare_asgi:app", "--http", "httptools",
                "--port", str(bare_port), "--log-level", "warning"]  # fmt: skip
    ox_cmd = [oxigraph, "serve-read-only", "--location", str(release.db_path),
              "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"]  # fmt: skip
    root = release.path.parent.parent
    # one client address drives the load: lift the per-client budget, which would answer 429
    env = {"INNOGRAPH_CLIENT_BUDGET": "1000000", "INNOGRAPH_MAX_INFLIGHT": "1000",
           "INNOGRAPH_WARM_ANALYTICS": "false"}  # fmt: skip
    rows = []
    with contextlib.ExitStack() as stack:
        for name, port in ports.items():
            fronts, memory = CONFIGS[name]
            cmd = [*innograph_serve(root, port), "--fronts", str(fronts)]
            own = {**env, "INNOGRAPH_MEMORY_QUADS": str(Settings().memory_quads if memory else 0)}
            server = stack.enter_context(
                running(cmd, f"http://127.0.0.1:{port}/healthz", cwd=PROJECT_ROOT, env=own)
            )
            settle(server.pid)  # its query workers spawned: measured at rest, not starting
        stack.enter_context(running(ox_cmd, f"http://127.0.0.1:{ox_port}/"))
        stack.enter_context(running(bare_cmd, f"http://127.0.0.1:{bare_port}/", cwd=PROJECT_ROOT))
        for url, path in [
            (f"http://127.0.0.1:{ox_port}", "/query"),
            *((f"http://127.0.0.1:{p}", "/sparql") for p in ports.values()),
        ]:
            run_wrk(url, [path + "?query=" + quote(LIGHT)], 8, WARM_UP, distinct=True,
                    accept=_ACCEPT)  # fmt: skip
        bare = {
            clients: run_wrk(f"http://127.0.0.1:{bare_port}", ["/sparql?query=x"], clients,
                             seconds, accept=_ACCEPT)
            for clients in (1, 8, 64)
        }  # fmt: skip
        for distinct in (True, False):
            for clients in (1, 8, 64):
                ox = run_wrk(f"http://127.0.0.1:{ox_port}", ["/query?query=" + quote(LIGHT)],
                             clients, seconds, distinct=distinct, accept=_ACCEPT)  # fmt: skip
                ox["rps"] = ox["requests"] / ox["seconds"]
                for name, port in ports.items():
                    ig = run_wrk(f"http://127.0.0.1:{port}", ["/sparql?query=" + quote(LIGHT)],
                                 clients, seconds, distinct=distinct, accept=_ACCEPT)  # fmt: skip
                    ig["rps"] = ig["requests"] / ig["seconds"]
                    rows.append((distinct, clients, name, ig, ox))
    lines = [
        "# `/sparql` vs `oxigraph serve-read-only`, same store, wrk",
        "",
        f"`python -m bench.endpoint` ({seconds} s per run; light query: {len(LIGHT)} characters,"
        " 5 rows; distinct = a numbered comment per request, so no cache answers; fronts ="
        " `innograph serve --fronts N`, server processes on the port, reading the release's"
        " in-memory copy unless marked disk; Oxigraph reads the disk and runs once per line"
        f" group, just before innograph's runs; every server warmed up by {WARM_UP} s of load,"
        " innograph's once settled, its workers spawned; analytics not computed at start-up).",
        "",
        "| texts | clients | fronts | innograph req/s | Oxigraph req/s | ratio |"
        " innograph p50 / p99 ms | Oxigraph p50 / p99 ms | added p50 ms | innograph statuses |"
        " from innograph's cache |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for distinct, clients, name, ig, ox in rows:
        lines.append(
            f"| {'distinct' if distinct else 'repeated'} | {clients} | {name} | {ig['rps']:.0f} |"
            f" {ox['rps']:.0f} | {ig['rps'] / ox['rps']:.2f} | {ig['p50_ms']:.2f} /"
            f" {ig['p99_ms']:.2f} | {ox['p50_ms']:.2f} / {ox['p99_ms']:.2f} |"
            f" {ig['p50_ms'] - ox['p50_ms']:.2f} | {ig['codes']} | {ig['cache_hits']} |"
        )
    lines += [
        "",
        "The floor of a Python front: `bench/bare_asgi.py` (a fixed 5-row body, no store) under the"
        " same uvicorn and HTTP parser, one process.",
        "",
        "| clients | bare ASGI req/s | ÷ Oxigraph (distinct run) | p50 ms |",
        "|---:|---:|---:|---:|",
    ]
    for distinct, clients, name, _ig, ox in rows:
        if distinct and name == next(iter(CONFIGS)):
            b = bare[clients]
            rps = b["requests"] / b["seconds"]
            lines.append(f"| {clients} | {rps:.0f} | {rps / ox['rps']:.2f} | {b['p50_ms']:.2f} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
