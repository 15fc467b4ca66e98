"""Analytics figures: projection build time against a raw quad scan, per-endpoint HTTP latency
once the projection is cached, and the held-out evaluation of the recommendations."""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from bench.sparql_latency import p99
from innograph.graph.analysis import Analysis
from innograph.graph.evaluation import Evaluation
from innograph.graph.store import Release

__all__ = ["ENDPOINTS", "evaluation_table", "measure_endpoints", "projection_time", "timed_get"]

ENDPOINTS = [
    ("/api/clusters", None),
    ("/api/clusters/optik/bridges", None),
    ("/api/bridges", [("between", "optik"), ("between", "automobil")]),
    ("/api/actors/optonet/metrics", None),
    ("/api/actors/optonet/recommendations", {"k": 10}),
    ("/api/paths", {"from": "optonet", "to": "medways"}),
    ("/api/gaps", None),
    ("/api/communities", None),
]


def projection_time(release: Release, repeat: int = 5) -> dict[str, float]:
    """Median seconds to build the analytics (projection + first metrics) and to scan every quad."""
    db = release.open()
    build, scan = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        a = Analysis.from_store(db, release_id=release.id)
        _ = a.A, a.betweenness
        build.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sum(1 for _ in db.quads_for_pattern(None, None, None, None))
        scan.append(time.perf_counter() - t0)
    return {"projection_s": statistics.median(build), "quad_scan_s": statistics.median(scan)}


def measure_endpoints(base_url: str, repeat: int = 50) -> list[dict[str, object]]:
    """p50/p99 per endpoint after one warm-up call (which builds and caches the projection)."""
    out = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        client.get("/api/clusters").raise_for_status()
        for path, params in ENDPOINTS:
            times = sorted(timed_get(client, path, params, repeat))
            out.append(
                {
                    "endpoint": path,
                    "p50_ms": statistics.median(times),
                    "p99_ms": p99(times),
                }
            )
    return out


def timed_get(client: httpx.Client, path: str, params: Any, repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` GETs of ``path`` (each must succeed)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(path, params=params)
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    return times


def evaluation_table(release: Release) -> Evaluation:
    """The held-out evaluation on the seed graph (``bench.evaluation``: 50 splits, every method)."""
    from bench.evaluation import evaluate_graph

    a = Analysis.from_store(release.open(), release_id=release.id)
    return evaluate_graph(a.G, "seed graph")
