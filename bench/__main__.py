"""Run the benchmarks and write ``bench/results/latest.md`` and ``latest.json``.

Usage: ``python -m bench [--repeat N]``. Builds the project's data into a temporary store,
serves it with ``innograph serve`` on 127.0.0.1, and measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.config import PROJECT_ROOT
from bench.analytics_latency import evaluation_table, measure_endpoints, projection_time
from bench.sparql_latency import measure
from graph.store import GraphStore
from ingest.build import build

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=50, help="runs per query (default 50)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="innograph-bench-") as tmp:
        store = GraphStore(Path(tmp) / "store")
        t0 = time.perf_counter()
        report = build(store, PROJECT_ROOT / "data")
        build_s = time.perf_counter() - t0
        release = store.require_current()
        proj = projection_time(release)
        evaluation = evaluation_table(release)
        proc, url = _serve(store.root)
        try:
            latencies = measure(url, release, repeat=args.repeat)
            endpoints = measure_endpoints(url, repeat=args.repeat)
        finally:
            proc.terminate()
            proc.wait(10)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "# innograph benchmarks",
        "",
        f"Machine: {machine}. Seed graph: {report.triples} triples. "
        f"Build (ingest + bulk load + SHACL): {build_s * 1000:.0f} ms.",
        "",
        f"## SPARQL example queries over HTTP ({args.repeat} sequential runs each, 127.0.0.1)",
        "",
        "| query | rows | HTTP p50 ms | HTTP p99 ms | Oxigraph in-process p50 ms | added p50 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for q in latencies:
        lines.append(
            f"| {q.name} | {q.rows} | {q.http_p50_ms:.2f} | {q.http_p99_ms:.2f} | "
            f"{q.direct_p50_ms:.2f} | {q.added_p50_ms:.2f} |"
        )
    lines += [
        "",
        "## Analytics",
        "",
        f"Projection + actor network + betweenness from the store: "
        f"{proj['projection_s'] * 1000:.1f} ms (median of 5); a raw pyoxigraph scan of every quad "
        f"of the same store: {proj['quad_scan_s'] * 1000:.1f} ms "
        f"(ratio {proj['projection_s'] / proj['quad_scan_s']:.1f}×).",
        "",
        f"| endpoint (projection cached, {args.repeat} runs) | p50 ms | p99 ms |",
        "|---|---:|---:|",
        *(f"| `{e['endpoint']}` | {e['p50_ms']:.2f} | {e['p99_ms']:.2f} |" for e in endpoints),
        "",
        "## Recommendation quality (held-out cross-cluster links, 20 % hidden, 5 seeds, mean ± sd)",
        "",
        "| method | AUC | precision@10 | MRR |",
        "|---|---:|---:|---:|",
        *(
            f"| {e['method']} | {e['auc']:.3f} ± {e['auc_sd']:.3f} | {e['precision_at_k']:.3f} ± "
            f"{e['precision_at_k_sd']:.3f} | {e['mrr']:.3f} ± {e['mrr_sd']:.3f} |"
            for e in evaluation
        ),
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {
                "machine": machine,
                "triples": report.triples,
                "build_ms": round(build_s * 1000, 1),
                "sparql_http": [q.__dict__ | {"added_p50_ms": q.added_p50_ms} for q in latencies],
                "projection": proj,
                "analytics_http": endpoints,
                "recommendation_quality": evaluation,
            },
            indent=2,
        )
        + "\n"
    )
    print(text)
    return 0


def _serve(store_root: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-m",
        "api.cli",
        "serve",
        "--store",
        str(store_root),
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/healthz", timeout=1)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


if __name__ == "__main__":
    raise SystemExit(main())
