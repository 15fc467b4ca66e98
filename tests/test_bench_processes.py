"""The benchmarks' helpers: a server is measured once its process tree has settled, and the
large-store SPARQL bench names the queries it does not know."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.processes import settle
from bench.sparql_scale import main as sparql_scale


def test_settle_waits_for_a_quiet_tree_and_gives_up_on_a_busy_one() -> None:
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    # a parent whose child keeps a core busy: the tree is busy though the parent sleeps
    busy = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time\n"
         "subprocess.Popen([sys.executable, '-c', 'while True: pass'])\n"
         "time.sleep(30)"]
    )  # fmt: skip
    try:
        assert settle(idle.pid, window=0.5, limit=20) < 20
        with pytest.raises(RuntimeError, match="still busy"):
            settle(busy.pid, window=0.5, limit=2)
    finally:
        for proc in (idle, busy):
            subprocess.run(["pkill", "-9", "-P", str(proc.pid)], check=False)
            proc.kill()
            proc.wait()


def test_the_large_store_sparql_bench_refuses_unknown_queries(tmp_path) -> None:
    with pytest.raises(SystemExit, match="unknown queries: nonsense"):
        sparql_scale([str(tmp_path), "--queries", "count_triples,nonsense"])
