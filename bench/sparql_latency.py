"""Latency of the example queries over HTTP on ``/sparql``, against Oxigraph in-process.

Each query runs once untimed, then ``repeat`` times sequentially from one client on
127.0.0.1. The reference is the same query evaluated and serialised by pyoxigraph in this
process on the same release, so the difference is what innograph's HTTP layer, content
negotiation and worker hop add.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from innograph.graph.queries import examples
from innograph.graph.store import Release
from innograph.graph.vocab import PREFIXES

__all__ = ["QueryLatency", "measure"]


@dataclass
class QueryLatency:
    name: str
    http_p50_ms: float
    http_p99_ms: float
    direct_p50_ms: float
    rows: int

    @property
    def added_p50_ms(self) -> float:
        return self.http_p50_ms - self.direct_p50_ms


def measure(base_url: str, release: Release, *, repeat: int = 50) -> list[QueryLatency]:
    """p50/p99 of every example query over HTTP, and p50 of the direct in-process evaluation."""
    db = release.open()
    out = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for ex in examples():
            http_ms, direct_ms = [], []
            rows = 0
            client.post("/sparql", data={"query": ex.query})  # warm-up, not counted
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = client.post("/sparql", data={"query": ex.query})
                http_ms.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
                rows = len(r.json()["results"]["bindings"])
                t0 = time.perf_counter()
                res = db.query(ex.query, prefixes=PREFIXES, use_default_graph_as_union=True)
                res.serialize(format=ox.QueryResultsFormat.JSON)
                direct_ms.append((time.perf_counter() - t0) * 1000)
            out.append(
                QueryLatency(
                    ex.name,
                    statistics.median(http_ms),
                    p99(http_ms),
                    statistics.median(direct_ms),
                    rows,
                )
            )
    return out


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
