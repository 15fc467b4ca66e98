"""Kill amplification: another client's ``ASK`` latency while one client sends expensive queries
with the smallest allowed timeout (each one kills and replaces a worker).

Run: ``.venv/bin/python -m bench.kill_amplification`` (needs a built store in var/store).
Prints idle p50, p50 during the kill wave, their ratio, and how many kills happened.
The per-client budget is raised for the run, so that the kill cost itself is measured.
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx

from bench.processes import free_port, innograph_serve, running

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ROOT = Path(__file__).resolve().parents[1]


def _asks(url: str, n: int) -> list[float]:
    times = []
    with httpx.Client(timeout=60) as c:
        for _ in range(n):
            t0 = time.perf_counter()
            c.get(url + "/sparql", params={"query": "ASK {}"}).raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.05)
    return times


def main() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = innograph_serve(ROOT / "var" / "store", port)
    with running(cmd, url + "/healthz", cwd=ROOT, env={"INNOGRAPH_CLIENT_BUDGET": "100000"}):
        _asks(url, 10)
        idle = statistics.median(_asks(url, 60))
        kills = []

        def attack() -> None:
            with httpx.Client(timeout=60) as c:
                for _ in range(40):
                    r = c.get(url + "/sparql", params={"query": EXPENSIVE, "timeout": "1"})
                    kills.append(r.status_code)

        t = threading.Thread(target=attack)
        t.start()
        during = []
        while t.is_alive():
            during += _asks(url, 5)
        t.join()
        p50 = statistics.median(during)
        print(f"idle ASK p50 {idle:.1f} ms; during 40 kills p50 {p50:.1f} ms "
              f"(ratio {p50 / idle:.2f}); p99 {sorted(during)[int(0.99 * len(during))]:.1f} ms; "
              f"{kills.count(504)} of {len(kills)} expensive queries stopped (504)")  # fmt: skip


if __name__ == "__main__":
    main()
