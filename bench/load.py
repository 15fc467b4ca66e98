"""Bounded load test with a real load generator (Debian's ``wrk``) against a real server.

Targets: a light SPARQL query, an entity page, ``/api/clusters``, ``/viz/ecosystem`` and a mix of
all four, each at 1, 8, 32 and 64 connections for ``--seconds`` (default 20). For every run:
requests/s, p50 and p99 latency, responses per status code, socket errors, and the server's
resident memory (server process plus its query workers) after the run, so a plateau shows.

Run: ``make bench-load`` (installs wrk with apt-get when missing; needs a built store).
Writes ``bench/results/load.md`` and ``load.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.processes import free_port, innograph_serve, running

__all__ = ["run_wrk"]

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
LIGHT = "SELECT ?c ?l WHERE { ?c a ig:Cluster ; rdfs:label ?l } LIMIT 20"
TARGETS = {
    "light query": ["/sparql?query=" + quote(LIGHT)],
    "entity page": ["/id/network/optonet"],
    "/api/clusters": ["/api/clusters"],
    "/viz/ecosystem": ["/viz/ecosystem"],
}
TARGETS["mixed"] = [p for paths in list(TARGETS.values()) for p in paths]


def _rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    pids = [pid]
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    pids += [int(x) for x in out.split()]
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def run_wrk(
    url: str,
    paths: list[str],
    clients: int,
    seconds: int,
    *,
    distinct: bool = False,
    accept: str = "*/*",
) -> dict[str, Any]:
    """One wrk run over ``paths`` (``bench/wrk/statuses.lua``); its JSON summary (requests,
    seconds, p50_ms, p99_ms, errors, codes). ``distinct`` numbers each request's query text,
    under a tag of its own per run: no text repeats one of an earlier run (whose answer a cache
    could hold)."""
    cmd = [
        "wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s",
        "-s", str(ROOT / "bench" / "wrk" / "statuses.lua"), url,
    ]  # fmt: skip
    env = {**os.environ, "PATHS": "|".join(paths), "DISTINCT": "1" if distinct else "0",
           "ACCEPT": accept, "RUN": uuid.uuid4().hex[:12]}  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return dict(json.loads(line[len("WRKJSON ") :]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", default="1,8,32,64")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `make bench-load` (it installs it)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    rows = []
    cmd = innograph_serve(ROOT / "var" / "store", port)
    # Every wrk connection comes from 127.0.0.1, so the per-client budget would turn the run into
    # a test of 429s (which it passes: ≈1,200 429/s); it is lifted here to measure serving.
    env = {"INNOGRAPH_CLIENT_BUDGET": "1000000000"}
    with running(cmd, url + "/healthz", cwd=ROOT, env=env) as proc:
        base = _rss_mb(proc.pid)
        for name, paths in TARGETS.items():
            for clients in (int(c) for c in args.clients.split(",")):
                r = run_wrk(url, paths, clients, args.seconds)
                r.update(target=name, clients=clients, rss_mb=round(_rss_mb(proc.pid), 1))
                r["rps"] = round(r["requests"] / r["seconds"], 1)
                rows.append(r)
                print(json.dumps(r), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps({"base_rss_mb": base, "runs": rows}, indent=1))
    lines = [
        f"# Load test (wrk, {args.seconds} s per run; server RSS at start {base:.0f} MB)",
        "",
        "| target | clients | req/s | p50 ms | p99 ms | statuses | socket errors | RSS MB |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["codes"].items()))
        lines.append(
            f"| {r['target']} | {r['clients']} | {r['rps']} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {codes} | {r['errors']} | {r['rss_mb']} |"
        )
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
