"""The analytics of a large release: CPU seconds of each per-release structure (computed once),
then the p50 of every ``/api/…`` route over HTTP on a real ``innograph serve``.

``python -m bench.analytics_scale STORE`` measures a built store (for example one kept by
``python -m bench.build_scale 100k --keep DIR``) and writes ``bench/results/analytics-<n>.md``;
``--precompute-only`` measures the per-release structures alone (``analytics-<n>-precompute.json``),
for a size whose analytics fit in memory once but not twice (1M actors on 24 GB).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import httpx

from bench.analytics_latency import timed_get
from bench.processes import free_port, innograph_serve, running
from innograph.graph.analysis import Analysis
from innograph.graph.store import GraphStore
from innograph.graph.vocab import ID

__all__ = ["main", "measure", "precompute", "precompute_report", "routes"]

RESULTS = Path(__file__).resolve().parent / "results"


def _short(iri: str) -> str:
    return iri[len(str(ID)) :]


def precompute(store: Path) -> tuple[Analysis, dict[str, float]]:
    """Project the release and compute every structure; CPU seconds of each (each also printed
    to stderr with the peak memory so far, as it is done)."""
    release = GraphStore(store).require_current()
    t0 = time.process_time()
    a = Analysis.from_store(release.open(), release_id=release.id)
    cpu = {"projection": time.process_time() - t0}
    _progress("projection", cpu["projection"])
    cpu.update(a.precompute(on_done=_progress))
    return a, cpu


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _progress(name: str, seconds: float) -> None:
    print(
        f"{name}: {seconds:.1f} CPU-s, peak RSS {_peak_mb():,.0f} MB", file=sys.stderr, flush=True
    )


def routes(a: Analysis) -> list[tuple[str, dict[str, object] | None]]:
    """Every analytics route with the largest cluster and the highest-degree actor as arguments."""
    big, second = sorted(a.cluster_nodes, key=lambda c: -len(a.members[c]))[:2]
    hub = max(a.A, key=a.A.degree)
    far = min(a.A, key=a.A.degree)
    cb, cs, h, f = _short(big), _short(second), _short(hub), _short(far)
    return [
        ("/api/clusters", None),
        (f"/api/clusters/{cb.split('/')[-1]}/bridges", None),
        ("/api/bridges", {"between": [cb, cs]}),
        (f"/api/actors/{h}/metrics", None),
        (f"/api/actors/{h}/recommendations", {"k": 10}),
        (f"/api/actors/{f}/recommendations", {"k": 10}),
        ("/api/paths", {"from": h, "to": f}),
        ("/api/gaps", None),
        ("/api/communities", None),
    ]


def precompute_report(store: Path) -> tuple[Analysis, dict[str, object]]:
    """``precompute`` and its figures (sizes, CPU-s per structure, peak RSS), written at once to
    ``analytics-<actors>-precompute.json``: at 1M actors a server's own copy of the analytics
    may not fit beside this one."""
    a, cpu = precompute(store)
    out: dict[str, object] = {
        "actors": a.A.number_of_nodes(),
        "actor_ties": a.A.number_of_edges(),
        "nodes": a.G.number_of_nodes(),
        "edges": a.G.number_of_edges(),
        "precompute_cpu_s": cpu,
        "precompute_peak_rss_mb": _peak_mb(),
        "max_degree": max(d for _, d in a.A.degree),
    }
    (RESULTS / f"analytics-{out['actors']}-precompute.json").write_text(json.dumps(out, indent=1))
    return a, out


def measure(store: Path, repeat: int = 20) -> dict[str, object]:
    a, out = precompute_report(store)
    todo = routes(a)
    del a
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        running(innograph_serve(store, port), f"{base}/healthz"),
        httpx.Client(base_url=base, timeout=3600) as client,
    ):
        t0 = time.perf_counter()
        client.get("/api/clusters").raise_for_status()
        out["first_request_s"] = time.perf_counter() - t0
        results = []
        for path, params in todo:
            client.get(path, params=params).raise_for_status()  # warm: views memoised
            times = timed_get(client, path, params, repeat)
            results.append({"route": path, "params": params, "p50_ms": statistics.median(times)})
        out["routes"] = results
    return out


def _markdown(r: dict) -> str:
    cpu = r["precompute_cpu_s"]
    lines = [
        f"# Analytics at {r['actors']:,} actors ({r['actor_ties']:,} ties; projection "
        f"{r['nodes']:,} nodes, {r['edges']:,} edges)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        "`python -m bench.analytics_scale`. "
        f"Per-release precompute **{sum(cpu.values()):.1f} CPU-s**, peak RSS "
        f"{r.get('precompute_peak_rss_mb', 0):,.0f} MB; the server's first request "
        f"(which computes what it needs) {r['first_request_s']:.1f} s.",
        "",
        "| structure | CPU-s |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v:.2f} |" for k, v in cpu.items()]
    lines += ["", f"Routes (highest-degree actor: {r['max_degree']:,} ties):", ""]
    lines += ["| route | p50 ms |", "|---|---:|"]
    lines += [f"| `{x['route']}` | {x['p50_ms']:.1f} |" for x in r["routes"]]
    return "\n".join(lines) + "\n"


def main(store: str, *, precompute_only: bool = False) -> None:
    if precompute_only:  # at 1M a server's second copy of the analytics does not fit beside
        print(json.dumps(precompute_report(Path(store))[1], indent=1))
        return
    r = measure(Path(store))
    name = f"analytics-{r['actors']}"
    (RESULTS / f"{name}.json").write_text(json.dumps(r, indent=1))
    (RESULTS / f"{name}.md").write_text(_markdown(r))
    print(_markdown(r))


if __name__ == "__main__":
    main(sys.argv[1], precompute_only="--precompute-only" in sys.argv[2:])
