"""Memory under the cap: four cross-product ``ORDER BY`` queries at once against a server whose
workers are capped at ``--cap`` MB; prints the server's resident memory (server and workers)
before and at its peak, against the bound ``cap × workers + base``.

Run: ``.venv/bin/python -m bench.memory_cap`` (needs a built store in var/store).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import threading
import time
from pathlib import Path

import httpx

from bench.load import _rss_mb
from bench.processes import free_port, innograph_serve, running

ROOT = Path(__file__).resolve().parents[1]
HUGE_SORT = (
    "SELECT ?a ?b ?c ?d WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z "
    "BIND(CONCAT(STR(?a), STR(?b), STR(?c), STR(RAND())) AS ?d) } ORDER BY ?d"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=400)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "INNOGRAPH_QUERY_MEMORY_MB": str(args.cap),
        "INNOGRAPH_QUERY_TIMEOUT": "60",
        "INNOGRAPH_MAX_CONCURRENT_QUERIES": "4",
        "INNOGRAPH_CLIENT_BUDGET": "100000",
    }
    with running(innograph_serve(ROOT / "var" / "store", port), url + "/healthz", env=env) as p:
        time.sleep(2)
        base = _rss_mb(p.pid)
        peak = base
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _rss_mb(p.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        with cf.ThreadPoolExecutor(4) as ex:
            jobs = [
                ex.submit(httpx.get, url + "/sparql", params={"query": HUGE_SORT}, timeout=120)
                for _ in range(4)
            ]
            codes = [j.result().status_code for j in jobs]
        stop.set()
        sampler.join()
    workers = 5  # 4 slots + 1 warm spare
    print(
        f"statuses {codes}; RSS before {base:.0f} MB, peak {peak:.0f} MB; "
        f"bound cap × 4 running + base = {args.cap * 4 + base:.0f} MB ({workers} workers alive)"
    )


if __name__ == "__main__":
    main()
