"""``/sparql`` on a large built release against Oxigraph's server, query by query.

``python -m bench.sparql_scale STORE [--queries a,b] [--repeat N]`` times ``bench.scale.QUERIES``
(the typical researcher queries) over HTTP on ``innograph serve`` and on ``oxigraph
serve-read-only --union-default-graph``, both on the store's live release, each server measured
once it has settled, with innograph's result cache off (every run evaluates), and writes
``bench/results/sparql-<n>.md``: p50 and p99 of each and the ratio of the p50s, the figure issue 18
bounds at 1.1× for heavy queries. ``make bench-large`` measures the same as part of a whole size.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.scale import QUERIES, sparql_over_http
from innograph.graph.store import GraphStore

__all__ = ["main"]

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a store directory with a live release")
    parser.add_argument("--queries", default=",".join(QUERIES), help="names, comma-separated")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    names = [n for n in args.queries.split(",") if n]
    unknown = sorted(set(names) - set(QUERIES))
    if unknown:
        raise SystemExit(f"unknown queries: {', '.join(unknown)}; known: {', '.join(QUERIES)}")
    release = GraphStore(args.store).require_current()
    result = sparql_over_http(release, repeat=args.repeat, clients=8, queries=names)
    triples = int(release.meta.get("triples", 0))
    lines = [
        f"# `/sparql` vs `oxigraph serve-read-only` on {triples:,} triples",
        "",
        f"`python -m bench.sparql_scale {args.store} --queries {','.join(names)} --repeat"
        f" {args.repeat}` (POST, JSON results; innograph's result cache off; both servers settled"
        " first; p50 and p99 over the runs).",
        "",
        "| query | innograph p50 / p99 ms | Oxigraph p50 / p99 ms | ratio p50 |",
        "|---|---:|---:|---:|",
    ]
    for row in result["latency"]:  # type: ignore[union-attr]
        lines.append(
            f"| {row['query']} | {row['innograph_p50_ms']:.1f} / {row['innograph_p99_ms']:.1f} |"
            f" {row['oxigraph_p50_ms']:.1f} / {row['oxigraph_p99_ms']:.1f} |"
            f" {row['ratio_p50']:.2f} |"
        )
    lines += [
        "",
        f"Throughput of light queries with 8 clients: innograph"
        f" {result['throughput_innograph_qps']:.0f} q/s, Oxigraph"
        f" {result['throughput_oxigraph_qps']:.0f} q/s (ratio {result['throughput_ratio']:.2f}).",
    ]
    out = RESULTS / f"sparql-{triples}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
