"""Run the benchmarks and write ``bench/results/latest.md`` and ``latest.json``.

Usage: ``python -m bench [--sizes seed,10k] [--repeat N]`` (``make bench``); ``make bench-large``
adds the 100k size; ``--sizes 1m`` is the opt-in million-actor run. Part 1 measures the real seed
graph (example queries over HTTP, analytics endpoints, recommendation quality); part 2 the synthetic
ecosystems, each figure as a ratio against a reference measured in the same run on the same data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench.analytics_latency import evaluation_table, measure_endpoints, projection_time
from bench.evaluation import markdown
from bench.processes import free_port, innograph_serve, running
from bench.scale import measure_size
from bench.sparql_latency import measure
from innograph.graph.store import GraphStore
from innograph.ingest.build import build

PROJECT_ROOT = Path(__file__).resolve().parents[1]

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="runs per query (default 30)")
    parser.add_argument("--sizes", default="seed,10k", help="synthetic sizes (seed,10k,100k,1m)")
    parser.add_argument("--no-exact", action="store_true", help="skip exact betweenness at 10k+")
    parser.add_argument("--output", default="latest", help="results file stem (default latest)")
    parser.add_argument("--skip-seed-graph", action="store_true", help="only the synthetic sizes")
    parser.add_argument(
        "--skip-evaluation",
        action="store_true",
        help="no held-out evaluation (hours at 100k on 2 cores)",
    )
    args = parser.parse_args(argv)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    real = None if args.skip_seed_graph else _real_seed(args.repeat)
    sizes = [s for s in args.sizes.split(",") if s]
    scale = []
    for size in sizes:
        print(f"measuring synthetic size {size} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        result = measure_size(
            size,
            repeat=max(args.repeat // 2, 5),
            exact_betweenness=not args.no_exact,
            rdflib_queries=size in ("seed", "10k"),
            evaluation=not args.skip_evaluation,
        )
        result["bench_s"] = time.perf_counter() - t0
        scale.append(result)

    text = _markdown(machine, started, real, scale, args.repeat)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.output}.md").write_text(text)
    (RESULTS / f"{args.output}.json").write_text(
        json.dumps(
            {"machine": machine, "started": started, "seed_graph": real, "synthetic": scale},
            indent=2,
            default=float,
        )
        + "\n"
    )
    if real is not None or any(r["analytics"].get("recommendation_quality") for r in scale):
        reports = {"seed graph": real["recommendation_quality"]} if real else {}
        reports |= {
            r["size"]: r["analytics"]["recommendation_quality"]
            for r in scale
            if r["analytics"].get("recommendation_quality")
        }
        (RESULTS / "evaluation.md").write_text(
            "\n".join(
                [
                    "# Recommendation quality: held-out evaluation with 95 % intervals",
                    "",
                    f"Written by `python -m bench --sizes {args.sizes}` ({started}).",
                    "",
                    *markdown(reports),
                ]
            )
            + "\n"
        )
    print(text)
    return 0


def _real_seed(repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="innograph-bench-") as tmp:
        store = GraphStore(Path(tmp) / "store")
        t0 = time.perf_counter()
        report = build(store, PROJECT_ROOT / "data")
        build_s = time.perf_counter() - t0
        release = store.require_current()
        proj = projection_time(release)
        quality = evaluation_table(release)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        # result cache off: each of the repeated runs evaluates, as the in-process reference does
        env = {"INNOGRAPH_RESULT_CACHE_MB": "0"}
        with running(innograph_serve(store.root, port), url + "/healthz", capture=False, env=env):
            latencies = measure(url, release, repeat=repeat)
            endpoints = measure_endpoints(url, repeat=repeat)
    return {
        "triples": report.triples,
        "build_ms": build_s * 1000,
        "sparql_http": [q.__dict__ | {"added_p50_ms": q.added_p50_ms} for q in latencies],
        "projection": proj,
        "analytics_http": endpoints,
        "recommendation_quality": quality,
    }


def _markdown(machine: str, started: str, real: dict | None, scale: list[dict], repeat: int) -> str:
    head = ["# innograph benchmarks", "", f"Machine: {machine}. Run started {started}.", ""]
    if real is None:
        return "\n".join([*head, *_synthetic_lines(scale)]) + "\n"
    lines = [
        *head,
        f"## 1. The seed graph ({real['triples']:,} triples; build {real['build_ms']:.0f} ms)",
        "",
        f"### Example queries over HTTP ({repeat} sequential runs after a warm-up, 127.0.0.1)",
        "",
        "| query | rows | HTTP p50 ms | HTTP p99 ms | Oxigraph in-process p50 ms | added p50 ms |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {q['name']} | {q['rows']} | {q['http_p50_ms']:.2f} | {q['http_p99_ms']:.2f} | "
            f"{q['direct_p50_ms']:.2f} | {q['added_p50_ms']:.2f} |"
            for q in real["sparql_http"]
        ),
        "",
        f"### Analytics endpoints (projection cached, {repeat} runs)",
        "",
        f"Projection + actor network + betweenness: {real['projection']['projection_s'] * 1000:.1f} ms; "
        f"raw scan of every quad: {real['projection']['quad_scan_s'] * 1000:.1f} ms.",
        "",
        "| endpoint | p50 ms | p99 ms |",
        "|---|---:|---:|",
        *(
            f"| `{e['endpoint']}` | {e['p50_ms']:.2f} | {e['p99_ms']:.2f} |"
            for e in real["analytics_http"]
        ),
        "",
        "### Recommendation quality (held-out activities, 20 % hidden, 95 % intervals)",
        "",
        *markdown({"seed graph": real["recommendation_quality"]}),
    ]
    return "\n".join([*lines, *_synthetic_lines(scale)]) + "\n"


def _synthetic_lines(scale: list[dict]) -> list[str]:
    lines = [
        "## 2. Synthetic ecosystems",
        "",
        "| size | triples | build wall s | load phase t/s | bulk_load t/s | load/limit | validate s | "
        "build peak RSS MB | projection s | projection/scan |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in scale:
        b, a = r["build"], r["analytics"]
        lines.append(
            f"| {r['size']} | {r['triples']:,} | {b['wall_s']:.1f} | {b['load_rate_tps']:,.0f} | "
            f"{r['limit']['rate_tps']:,.0f} | {r['build_vs_limit']:.2f} | {b['seconds']['validate']:.1f} | "
            f"{b['peak_rss_mb']:.0f} | {a['projection_s']:.2f} | {a['projection_vs_scan']:.1f}× |"
        )
    lines += [
        "",
        "### SPARQL over HTTP: innograph `/sparql` vs `oxigraph serve-read-only`, same store",
        "",
    ]
    for r in scale:
        s = r["sparql"]
        lines += [
            f"**{r['size']}** — throughput with 8 clients: innograph {s['throughput_innograph_qps']:.0f} q/s, "
            f"Oxigraph {s['throughput_oxigraph_qps']:.0f} q/s (ratio {s['throughput_ratio']:.2f}); "
            f"server peak RSS under load {s['server_peak_rss_mb']:.0f} MB.",
            "",
            "| query | innograph p50 / p99 ms | Oxigraph p50 / p99 ms | added p50 ms | ratio p50 |",
            "|---|---:|---:|---:|---:|",
            *(
                f"| {q['query']} | {q['innograph_p50_ms']:.2f} / {q['innograph_p99_ms']:.2f} | "
                f"{q['oxigraph_p50_ms']:.2f} / {q['oxigraph_p99_ms']:.2f} | {q['added_p50_ms']:.2f} | "
                f"{q['ratio_p50']:.2f} |"
                for q in s["latency"]
            ),
            "",
        ]
        if r.get("rdflib"):
            lines += [
                "rdflib's own SPARQL engine in-process on the same queries: "
                + ", ".join(
                    f"{q['query']} {q['rdflib_ms']:.0f} ms ({q['speedup_innograph_http']:.1f}× "
                    "slower than innograph over HTTP)"
                    for q in r["rdflib"]
                )
                + ".",
                "",
            ]
    lines += [
        "### Analytics at scale (in-process, median)",
        "",
        "| size | actors / ties | metrics ms | cluster bridges ms | recommendations ms | "
        "betweenness s | betweenness sampling error (max / mean / top-50 overlap) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in scale:
        a = r["analytics"]
        err = a.get("betweenness_sample_error")
        err_text = (
            (
                f"{err['max_abs']:.4f} / {err['mean_abs']:.5f} / {err['top50_overlap']:.2f} "
                f"(exact {a['exact_betweenness_s']:.0f} s)"
            )
            if err
            else "exact (≤ 2,000 nodes)"
        )
        lines.append(
            f"| {r['size']} | {a['actor_nodes']:,} / {a['actor_edges']:,} | {a['metrics_ms']:.1f} | "
            f"{a['cluster_bridges_ms']:.1f} | {a['recommendations_ms']:.0f} | {a['betweenness_s']:.2f} | "
            f"{err_text} |"
        )
    reports = {
        r["size"]: r["analytics"]["recommendation_quality"]
        for r in scale
        if r["analytics"].get("recommendation_quality")
    }
    if reports:
        lines += [
            "",
            "### Recommendation quality on the synthetic graphs (planted structure, 95 % intervals)",
            "",
            *markdown(reports),
        ]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
