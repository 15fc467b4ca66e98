"""Tables through the shipped YARRRML mappings (morph-kgc) against the home-made CORDIS importer.

``python -m bench.rml`` (``make bench-rml``; needs ``make rml``) makes its inputs with seeded
generators, then imports each one as ``innograph import … --no-build`` does
(``innograph.ingest.imports.import_file``), every case in a fresh Python process so that its
peak RSS and the engine subprocess's are its own:

- a member list of 10,000 rows (``random.Random(0)``: 5 clusters, 4 topics, every 50th member a
  registry organisation), as CSV and as XLSX, through ``data/mappings/members.yarrrml.yml``;
- the CORDIS fixture (``tests/data/cordis``), a seeded CORDIS-shaped bundle of 3,500 projects
  (``bench.cordis.make_bundle``, a tenth of Horizon 2020), and the Horizon 2020-sized one
  (35,000 projects) with ``--region DEG``, each through ``data/mappings/cordis.yarrrml.yml`` *and*
  through ``innograph import cordis``.

It reports the seconds of each phase (``ImportResult.phases``: check, engine, load, resolution,
map, record), the total, the peak RSS of innograph and of the engine (each its own ``VmHWM``),
and the ratio of the
mapping path to the home-made importer on the same bundle, and writes ``bench/results/rml.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.cordis import make_bundle

__all__ = ["make_members", "measure_import"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MAPPINGS = DATA / "mappings"
FIXTURE = ROOT / "tests" / "data" / "cordis"
RESULTS = Path(__file__).resolve().parent / "results"
HEADER = ["ID", "Name", "Rechtsform", "Ort", "Website", "Cluster", "Netzwerk", "Themen"]
_CLUSTERS = ["optik", "automobil", "mess-steuer-regeltechnik", "ikt-dienstleistungen", "greentech"]
_TOPICS = ["kuenstliche-intelligenz", "internet-der-dinge", "virtual-reality", "service-robotik"]
_FORMS = ["GmbH", "AG", "e.V.", "GmbH & Co. KG", "UG (haftungsbeschränkt)", "e.K."]
_TOWNS = ["Jena", "Erfurt", "Ilmenau", "Weimar", "Gera", "Suhl", "Nordhausen", "Gotha"]
_WORDS = ["Licht", "Saale", "Rennsteig", "Daten", "Werk", "Sensor", "Optik", "Wald", "Hain",
          "Technik", "Systeme", "Labor", "Präzision", "Glas", "Feld", "Netz"]  # fmt: skip
PHASES = ("check", "engine", "load", "resolution", "map", "record")


def make_members(path: Path, rows: int = 10_000, seed: int = 0) -> Path:
    """Write a seeded member list of ``rows`` members (CSV, or XLSX if ``path`` ends so)."""
    from innograph.ingest.resolution import Resolver

    rng = random.Random(seed)
    known = [o.name.get("de") or next(iter(o.name.values()))
             for o in Resolver.from_data(DATA).orgs if o.type == "Company"]  # fmt: skip
    records = []
    for n in range(1, rows + 1):
        if known and n % 50 == 0:
            name, form = known[(n // 50) % len(known)], ""
        else:
            form = rng.choice(_FORMS)
            name = f"{rng.choice(_WORDS)}{rng.choice(_WORDS).lower()} {n} {form}"
        slug = f"member-{n}.example"
        topics = "; ".join(rng.sample(_TOPICS, rng.randint(0, 2)))
        network = "optonet" if rng.random() < 0.1 else ""
        records.append([f"M-{n:05d}", name, form, rng.choice(_TOWNS), f"https://{slug}",
                        rng.choice(_CLUSTERS), network, topics])  # fmt: skip
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(HEADER)
        for rec in records:
            ws.append(rec)
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            w.writerows(records)
    return path


def measure_import(kind: str, source: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Import ``source`` into a copy of ``data/`` (no build) in this process; its phases, total
    seconds, rows, statements, peak RSS (MB) of this process and of its children (the engine)."""
    from innograph.ingest.imports import import_file

    with tempfile.TemporaryDirectory(prefix="innograph-bench-rml-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA, data)
        t0 = time.perf_counter()
        result = import_file(data, source, kind=kind, name="bench", options=options)
        total = time.perf_counter() - t0
    return {
        "total": total,
        "phases": result.phases,
        "rows": result.rows,
        "report": result.report.summary().split(" (")[0],
        "rss_mb": _peak_mb(),
        "engine_rss_mb": result.engine_peak_mb or 0.0,
    }


def _peak_mb() -> float:
    """This process's own peak RSS: ``VmHWM`` (``getrusage`` would count what the parent held
    when it forked this process)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(kind: str, source: Path, options: dict[str, Any]) -> dict[str, Any]:
    """``measure_import`` in a fresh process (its own peak RSS)."""
    cmd = [sys.executable, "-m", "bench.rml", "--one", kind, str(source), json.dumps(options)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rml", description=__doc__)
    parser.add_argument("--one", nargs=3, metavar=("KIND", "PATH", "OPTIONS"), help="internal")
    parser.add_argument("--members", type=int, default=10_000, help="member rows (10,000)")
    parser.add_argument("--projects", type=int, default=3_500, help="seeded bundle (3,500)")
    parser.add_argument("--skip-h2020", action="store_true", help="no Horizon 2020-sized bundle")
    args = parser.parse_args(argv)
    if args.one:
        kind, path, options = args.one
        print(json.dumps(measure_import(kind, Path(path), json.loads(options))))
        return 0
    from innograph.ingest.imports.rml import engine_python

    engine_python()  # fails early, saying `make rml`, when the engine is not installed
    members_map = str(MAPPINGS / "members.yarrrml.yml")
    cordis_map = str(MAPPINGS / "cordis.yarrrml.yml")
    cases: list[tuple[str, str, Path, dict[str, Any]]] = []
    made: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="innograph-bench-rml-in-") as tmp:
        folder = Path(tmp)
        for suffix in ("csv", "xlsx"):
            t0 = time.perf_counter()
            path = make_members(folder / f"members.{suffix}", args.members)
            made.append((f"member list, {args.members:,} rows, {suffix.upper()}",
                         time.perf_counter() - t0))  # fmt: skip
            cases.append((f"members {suffix.upper()}", "table", path, {"mapping": members_map}))
        bundles = [("CORDIS fixture (8 rows)", FIXTURE, {})]
        t0 = time.perf_counter()
        part = make_bundle(folder / "cordis-part.zip", projects=args.projects,
                           participations=args.projects * 5, seed=2)  # fmt: skip
        made.append((f"CORDIS bundle, {args.projects:,} projects", time.perf_counter() - t0))
        bundles.append((f"CORDIS {args.projects:,} projects", part, {}))
        if not args.skip_h2020:
            t0 = time.perf_counter()
            full = make_bundle(folder / "cordis-h2020.zip")
            made.append(("CORDIS bundle, 35,000 projects", time.perf_counter() - t0))
            bundles.append(("CORDIS 35,000 projects --region DEG", full, {"region": "DEG"}))
        for label, path, opts in bundles:
            cases.append((f"{label}: mapping", "table", path, {"mapping": cordis_map, **opts}))
            cases.append((f"{label}: import cordis", "cordis", path, opts))
        results = []
        for label, kind, path, opts in cases:
            print(f"measuring {label} …", file=sys.stderr, flush=True)
            results.append((label, kind, path, opts, _child(kind, path, opts)))
    text = _markdown(made, results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "rml.md").write_text(text)
    print(text)
    return 0


def _command(kind: str, path: Path, opts: dict[str, Any]) -> str:
    name = "members" if "members" in path.name else "h2020"
    shown = path.name if path != FIXTURE else "tests/data/cordis"
    out = f"innograph import {kind} {shown}"
    if "mapping" in opts:
        out += f" --mapping data/mappings/{Path(opts['mapping']).name}"
    if "region" in opts:
        out += f" --region {opts['region']}"
    return out + f" --name {name} --no-build"


def _markdown(made: list[tuple[str, float]], results: list[tuple]) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# Tables through YARRRML mappings (morph-kgc) vs the home-made CORDIS importer",
        "",
        f"`python -m bench.rml` (`make bench-rml`). Machine: {machine}. Run {started}. Each "
        "import is `innograph.ingest.imports.import_file` (what `innograph import … --no-build` "
        "runs) into a copy of `data/`, in a fresh process; seconds per phase from "
        "`ImportResult.phases`: **check** (read, check, filter the input, write the engine's "
        "copies), **engine** (the morph-kgc subprocess, its start included), **load** (its "
        "N-Quads read back and checked), **resolution** (the registry loaded, organisations "
        "matched), **map** (CORDIS records to statements, matching included), **record** (the "
        "description, copy, manifest, review report). Peak RSS of innograph's process and of "
        "the engine subprocess, each its own (`VmHWM`).",
        "",
        "| case | rows | " + " | ".join(PHASES) + " | total s | RSS MB | engine RSS MB |",
        "|---|---:|" + "---:|" * len(PHASES) + "---:|---:|---:|",
    ]
    for label, _, _, _, r in results:
        cells = [f"{r['phases'][p]:.2f}" if p in r["phases"] else "–" for p in PHASES]
        engine = f"{r['engine_rss_mb']:.0f}" if "engine" in r["phases"] else "–"
        lines.append(f"| {label} | {r['rows']:,} | " + " | ".join(cells)
                     + f" | {r['total']:.2f} | {r['rss_mb']:.0f} | {engine} |")  # fmt: skip
    by_label = {label: r for label, _, _, _, r in results}
    lines += ["", "## Ratios (same run)", ""]
    csv_r, xlsx_r = by_label.get("members CSV"), by_label.get("members XLSX")
    if csv_r and xlsx_r:
        lines.append(f"- member list XLSX / CSV: {xlsx_r['total'] / csv_r['total']:.2f}× the time.")
    for label in by_label:
        if label.endswith(": mapping"):
            base = label.removesuffix(": mapping")
            m, h = by_label[label], by_label.get(f"{base}: import cordis")
            if h:
                lines.append(
                    f"- {base}: the mapping takes {m['total'] / h['total']:.1f}× the time of "
                    f"`import cordis` ({m['total']:.2f} s vs {h['total']:.2f} s) and "
                    f"{m['rss_mb'] / h['rss_mb']:.2f}× its peak RSS (plus the engine's "
                    f"{m['engine_rss_mb']:.0f} MB); organisations: {m['report']} vs {h['report']}."
                )
    lines += ["", "## Commands", ""]
    lines += [
        f"- {label}: `{_command(kind, path, opts)}`" for label, kind, path, opts, _ in results
    ]
    lines += ["", "Inputs generated (seconds, not part of any import): "
              + "; ".join(f"{name} {s:.1f}" for name, s in made) + "."]  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
