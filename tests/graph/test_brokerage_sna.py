"""Gould–Fernandez brokerage against R's reference implementation, ``sna::brokerage``.

Needs ``Rscript`` with the ``sna`` package (Debian ``r-cran-sna``; ``make test`` installs it).
Skipped with a message when absent, and failing when absent under ``CI=true``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from innograph.graph import bridges

R_SCRIPT = """
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
adj <- as.matrix(read.csv(args[1], header = FALSE))
cl <- readLines(args[2])
b <- brokerage(adj, cl)
write.csv(b$raw.nli, stdout(), row.names = FALSE)
"""

# sna's columns and Gould–Fernandez's names
SNA_ROLES = {
    "w_I": "coordinator",
    "w_O": "itinerant",
    "b_IO": "representative",
    "b_OI": "gatekeeper",
    "b_O": "liaison",
}


def _rscript() -> str:
    exe = shutil.which("Rscript")
    ok = (
        exe is not None
        and subprocess.run(
            [exe, "-e", "suppressMessages(library(sna))"], capture_output=True
        ).returncode
        == 0
    )
    if not ok:
        msg = "R with the sna package is not installed (Debian r-cran-sna; `make test` installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + " (CI=true requires it)")
        pytest.skip(msg)
    return str(exe)


def _sna(G: nx.DiGraph, tmp_path: Path) -> dict[str, dict[str, float]]:
    order = sorted(G)
    adj = nx.to_numpy_array(G, nodelist=order, weight=None)
    (tmp_path / "adj.csv").write_text("\n".join(",".join(str(int(x)) for x in row) for row in adj))
    groups = [bridges.memberships(G, n)[0] for n in order]
    (tmp_path / "cl.txt").write_text("\n".join(groups) + "\n")
    (tmp_path / "b.R").write_text(R_SCRIPT)
    out = subprocess.run(
        [_rscript(), str(tmp_path / "b.R"), str(tmp_path / "adj.csv"), str(tmp_path / "cl.txt")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    return {n: {SNA_ROLES[k]: float(v) for k, v in row.items() if k in SNA_ROLES}
            for n, row in zip(order, rows, strict=True)}  # fmt: skip


def _random_graph(seed: int, directed: bool) -> nx.Graph:
    G = nx.gnp_random_graph(25, 0.12, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    rng = np.random.default_rng(seed)
    clusters = {n: [f"c{rng.integers(0, 4)}"] if rng.random() > 0.2 else [] for n in G}
    nx.set_node_attributes(G, clusters, "clusters")  # about a fifth unaffiliated
    return G


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_directed_roles_equal_sna(seed: int, tmp_path: Path) -> None:
    G = _random_graph(seed, directed=True)
    reference = _sna(G, tmp_path)
    for n in G:
        ours = bridges.brokerage_roles(G, n)
        assert ours == pytest.approx(reference[n]), n


@pytest.mark.parametrize("seed", [5, 6])
def test_undirected_roles_are_sna_on_the_symmetric_digraph(seed: int, tmp_path: Path) -> None:
    G = _random_graph(seed, directed=False)
    reference = _sna(G.to_directed(), tmp_path)
    for n in G:
        ours, ref = bridges.brokerage_roles(G, n), reference[n]
        assert ours["coordinator"] * 2 == pytest.approx(ref["coordinator"])
        assert ours["itinerant"] * 2 == pytest.approx(ref["itinerant"])
        assert ours["liaison"] * 2 == pytest.approx(ref["liaison"])
        assert ref["representative"] == pytest.approx(ref["gatekeeper"])
        assert ours["representative_or_gatekeeper"] == pytest.approx(ref["representative"])
