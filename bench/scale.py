"""How innograph's cost grows, on synthetic ecosystems: build vs ``bulk_load``, SPARQL over HTTP vs
``oxigraph serve-read-only``, rdflib in-process, projection and analytics, memory, recommendation
quality. Every figure is a ratio against a reference measured in the same run on the same data."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.evaluation import evaluate_graph
from bench.processes import descendants, free_port, innograph_serve, running, settle
from bench.sparql_latency import p99
from bench.synthetic import latent_structure
from innograph.graph.analysis import Analysis
from innograph.graph.bridges import betweenness
from innograph.graph.queries import prefix_block
from innograph.graph.store import GraphStore, Release

PROJECT_ROOT = Path(__file__).resolve().parents[1]

__all__ = ["QUERIES", "measure_size", "sparql_over_http"]

QUERIES = {  # typical researcher queries: (name, light?) → SPARQL over the union default graph
    "count_triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "instances_per_class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "cluster_sizes": """SELECT ?cluster (COUNT(DISTINCT ?a) AS ?actors) WHERE {
        ?a ig:cluster ?cluster . ?cluster a ig:Cluster }
        GROUP BY ?cluster ORDER BY DESC(?actors) LIMIT 20""",
    "multi_cluster_actors": """SELECT ?a (COUNT(DISTINCT ?c) AS ?n) WHERE { ?a ig:cluster ?c }
        GROUP BY ?a HAVING (COUNT(DISTINCT ?c) > 2) ORDER BY DESC(?n) LIMIT 50""",
    "measures_per_lead": """SELECT ?lead (COUNT(?m) AS ?n) WHERE { ?m a ig:Measure ; ig:lead ?lead }
        GROUP BY ?lead ORDER BY DESC(?n) LIMIT 20""",
    "coparticipation_pairs": """SELECT ?c1 ?c2 (COUNT(DISTINCT ?x) AS ?n) WHERE {
        ?x ig:participant ?a, ?b . ?a ig:cluster ?c1 . ?b ig:cluster ?c2 .
        FILTER(STR(?c1) < STR(?c2)) }
        GROUP BY ?c1 ?c2 ORDER BY DESC(?n) LIMIT 20""",
    "one_entity": """SELECT ?p ?o WHERE { ?s a ig:Network ; ?p ?o } LIMIT 20""",
    "figures": """SELECT ?c ?v WHERE { ?f ig:figureOf ?c ; ig:measuredProperty ig:employeeCount ;
        ig:value ?v } ORDER BY DESC(?v) LIMIT 10""",
}


def measure_size(
    size: str,
    *,
    repeat: int = 20,
    clients: int = 8,
    exact_betweenness: bool = True,
    rdflib_queries: bool = True,
    evaluation: bool = True,
) -> dict[str, object]:
    """Every figure for one synthetic size (see ``bench.synthetic.SIZES``)."""
    out: dict[str, object] = {"size": size}
    with tempfile.TemporaryDirectory(prefix=f"innograph-scale-{size}-") as tmp:
        root = Path(tmp) / "store"
        out["build"] = _build(size, root)
        release = GraphStore(root).require_current()
        out["triples"] = release.meta["triples"]
        out["limit"] = _bulk_load_limit(release, Path(tmp))
        load_rate = out["build"]["base_triples"] / out["build"]["seconds"]["load"]
        out["build"]["load_rate_tps"] = load_rate
        out["build_vs_limit"] = load_rate / out["limit"]["rate_tps"]
        out["analytics"] = _analytics(
            release, exact_betweenness=exact_betweenness, evaluation=evaluation, size=size
        )
        out["sparql"] = sparql_over_http(release, repeat=repeat, clients=clients)
        if rdflib_queries:
            out["rdflib"] = _rdflib(release, out["sparql"]["latency"])
    return out


# --- build ----------------------------------------------------------------------------------


def _build(size: str, root: Path) -> dict[str, object]:
    """Run the build of ``size`` in a child process; its timings and peak RSS."""
    code = (
        "import json, resource, time; from pathlib import Path\n"
        "from bench.synthetic import ecosystem_ingester\n"
        "from innograph.ingest.build import build\n"
        "from innograph.ingest.registry import INGESTERS\n"
        "from innograph.graph.store import GraphStore\n"
        "marks = []\n"
        "def mark(msg):\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "    marks.append([msg[:48], round(time.process_time(), 2), round(peak)])\n"
        f"store = GraphStore({str(root)!r})\n"
        "r = build(store, Path('data'), progress=mark,\n"
        f"    ingesters=[INGESTERS[0], ecosystem_ingester({size!r})])\n"
        "mark('done')\n"
        "derived = sum(v for k, v in r.graphs.items() if k.endswith('/graph/derived'))\n"
        "print(json.dumps({'triples': r.triples, 'seconds': r.seconds, 'marks': marks,\n"
        "    'conforms': r.validation.conforms, 'base_triples': r.triples - derived}))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, stdout=subprocess.PIPE)
    t0 = time.perf_counter()
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise RuntimeError(f"synthetic build {size} failed")
    result = json.loads(stdout)
    result["wall_s"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    return result


def _bulk_load_limit(release: Release, tmp: Path) -> dict[str, float]:
    """pyoxigraph's own ``bulk_load`` of the same quads into a fresh store: the engine's limit."""
    nq = tmp / "dump.nq"
    release.open().dump(str(nq), format=ox.RdfFormat.N_QUADS)
    n = sum(1 for _ in nq.open("rb"))
    times = []
    for i in range(2):
        target = tmp / f"limit-{i}"
        t0 = time.perf_counter()
        db = ox.Store(str(target))
        db.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        db.flush()
        times.append(time.perf_counter() - t0)
        del db
        shutil.rmtree(target, ignore_errors=True)
    best = min(times)
    return {"quads": n, "seconds": best, "rate_tps": n / best}


# --- analytics ------------------------------------------------------------------------------


def _analytics(
    release: Release, *, exact_betweenness: bool, evaluation: bool = True, size: str = "seed"
) -> dict[str, object]:
    db = release.open()
    t0 = time.perf_counter()
    a = Analysis.from_store(db, release_id=release.id)
    projection = time.perf_counter() - t0
    t0 = time.perf_counter()
    sum(1 for _ in db.quads_for_pattern(None, None, None, None))
    scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    _ = a.A
    actor_net = time.perf_counter() - t0
    t0 = time.perf_counter()
    sampled = a.betweenness
    betw = time.perf_counter() - t0
    t0 = time.perf_counter()
    a.precompute()  # what a server does once per release; the answers below are then lookups
    precompute = time.perf_counter() - t0
    actor = max(a.A, key=a.A.degree)
    cluster = a.cluster_nodes[0]

    def timed(fn, n: int = 5) -> float:
        times = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    out: dict[str, object] = {
        "nodes": a.G.number_of_nodes(),
        "edges": a.G.number_of_edges(),
        "actor_nodes": a.A.number_of_nodes(),
        "actor_edges": a.A.number_of_edges(),
        "projection_s": projection,
        "quad_scan_s": scan,
        "projection_vs_scan": projection / scan,
        "actor_network_s": actor_net,
        "betweenness_s": betw,
        "precompute_rest_s": precompute,
        "metrics_ms": timed(lambda: a.metrics(actor)),
        "cluster_bridges_ms": timed(lambda: a.cluster_bridges(cluster)),
        "recommendations_ms": timed(
            lambda: a.recommendations(actor, k=10), n=3 if evaluation else 1
        ),
    }
    if (
        exact_betweenness and 2000 < a.A.number_of_nodes() <= 20_000
    ):  # exact is O(n·m): ~3 min at 10k
        t0 = time.perf_counter()
        exact = betweenness(a.A, k=a.A.number_of_nodes())
        out["exact_betweenness_s"] = time.perf_counter() - t0
        diffs = [abs(sampled[n] - exact[n]) for n in exact]
        top_exact = set(sorted(exact, key=exact.get, reverse=True)[:50])
        top_sampled = set(sorted(sampled, key=sampled.get, reverse=True)[:50])
        out["betweenness_sample_error"] = {
            "max_abs": max(diffs),
            "mean_abs": statistics.mean(diffs),
            "top50_overlap": len(top_exact & top_sampled) / 50,
        }
    if not evaluation:
        out["recommendation_quality"] = None
        return out
    t0 = time.perf_counter()
    out["recommendation_quality"] = evaluate_graph(a.G, size, latent=latent_structure(size))
    out["evaluation_s"] = time.perf_counter() - t0
    return out


# --- SPARQL over HTTP ----------------------------------------------------------------------


def sparql_over_http(
    release: Release, *, repeat: int, clients: int, queries: Sequence[str] | None = None
) -> dict[str, object]:
    """Each query's p50/p99 over HTTP on innograph and on Oxigraph's server (``queries``: the
    names of ``QUERIES`` to time, default all), then the throughput of light ones."""
    ig_port, ox_port = free_port(), free_port()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    ox_cmd = [
        oxigraph,
        "serve-read-only",
        "--location",
        str(release.db_path),
        "--bind",
        f"127.0.0.1:{ox_port}",
        "--union-default-graph",
    ]
    ig_url, ox_url = f"http://127.0.0.1:{ig_port}/sparql", f"http://127.0.0.1:{ox_port}/query"
    ig_cmd = innograph_serve(release.path.parent.parent, ig_port)
    with (
        running(
            ig_cmd, f"http://127.0.0.1:{ig_port}/healthz", cwd=PROJECT_ROOT, env=_UNLIMITED
        ) as ig,
        running(ox_cmd, f"http://127.0.0.1:{ox_port}/"),
    ):
        settle(ig.pid)  # measured once its start-up work (the query workers) is done
        latency = []
        for name in queries or QUERIES:
            full = prefix_block() + QUERIES[name]
            a = _latencies(ig_url, full, repeat)
            b = _latencies(ox_url, full, repeat)
            latency.append(
                {
                    "query": name,
                    "innograph_p50_ms": a[0],
                    "innograph_p99_ms": a[1],
                    "oxigraph_p50_ms": b[0],
                    "oxigraph_p99_ms": b[1],
                    "added_p50_ms": a[0] - b[0],
                    "ratio_p50": a[0] / b[0],
                }
            )
        light = [
            prefix_block() + QUERIES[n] for n in ("one_entity", "figures", "measures_per_lead")
        ]
        thr_ig = _throughput(ig_url, light, clients)
        thr_ox = _throughput(ox_url, light, clients)
        rss = _vm_hwm_mb(ig.pid)
        return {
            "latency": latency,
            "throughput_innograph_qps": thr_ig,
            "throughput_oxigraph_qps": thr_ox,
            "throughput_ratio": thr_ig / thr_ox,
            "server_peak_rss_mb": rss,
        }


_UNLIMITED = {
    **os.environ,
    "INNOGRAPH_QUERY_TIMEOUT": "900",  # both engines run every query to its end (at 100k a
    "INNOGRAPH_CLIENT_BUDGET": "1000000",  # full scan takes longer than the default 10 s)
    "INNOGRAPH_WARM_ANALYTICS": "0",  # the latencies measure /sparql alone
    "INNOGRAPH_RESULT_CACHE_MB": "0",  # and each run evaluates: Oxigraph keeps no answers
}


def _latencies(url: str, query: str, repeat: int) -> tuple[float, float]:
    times = []
    with httpx.Client(timeout=120) as client:
        client.post(
            url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}
        )
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = client.post(
                url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}
            )
            times.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
    times.sort()
    return statistics.median(times), p99(times)


def _throughput(url: str, queries: list[str], clients: int, seconds: float = 5.0) -> float:
    """Queries per second with ``clients`` concurrent clients for a bounded time (127.0.0.1)."""
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> int:
        n = 0
        with httpx.Client(timeout=60) as client:
            while time.perf_counter() < deadline and n < 10_000:
                r = client.post(
                    url,
                    data={"query": queries[(i + n) % len(queries)]},
                    headers={"Accept": "application/sparql-results+json"},
                )
                r.raise_for_status()
                n += 1
        return n

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(clients) as ex:
        total = sum(ex.map(worker, range(clients)))
    return total / (time.perf_counter() - t0)


def _rdflib(release: Release, latency: list[dict]) -> list[dict[str, object]]:
    """The same queries in rdflib's own SPARQL engine, in-process (what a user might pick)."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(data=release.open().dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    out = []
    for row in latency:
        if row["query"] in ("count_triples", "one_entity"):
            continue
        q = prefix_block() + QUERIES[row["query"]]
        t0 = time.perf_counter()
        list(ds.query(q))
        ms = (time.perf_counter() - t0) * 1000
        out.append(
            {
                "query": row["query"],
                "rdflib_ms": ms,
                "speedup_innograph_http": ms / row["innograph_p50_ms"],
            }
        )
    return out


def _vm_hwm_mb(pid: int) -> float:
    total = 0.0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total
