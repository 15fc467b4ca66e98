"""The whole build (ingest, load, derive, validate) of a synthetic size against pyoxigraph's own
``bulk_load`` of the same quads, with every phase's CPU seconds and the peak memory reached by the
end of it.

``python -m bench.build_scale 100k [1m] [--keep DIR]`` writes ``bench/results/build.md`` (one
section per size, appended to what earlier runs wrote for other sizes) and ``build-<size>.json``;
with ``--keep`` the stores stay in ``DIR/<size>`` (for ``bench.analytics_scale``).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.scale import _build, _bulk_load_limit
from innograph.graph.store import GraphStore

__all__ = ["main", "measure"]

RESULTS = Path(__file__).resolve().parent / "results"


def measure(size: str, keep: Path | None = None) -> dict[str, object]:
    """Build ``size`` in a child process, then time ``bulk_load`` of its quads."""
    with tempfile.TemporaryDirectory(prefix=f"innograph-build-{size}-") as tmp:
        root = keep / size if keep else Path(tmp) / "store"
        if root.exists():
            raise FileExistsError(f"{root} exists; the bench builds a fresh store")
        out: dict[str, object] = {"size": size, "build": _build(size, root)}
        release = GraphStore(root).require_current()
        out["triples"] = release.meta["triples"]
        out["limit"] = _bulk_load_limit(release, Path(tmp))
    return out


def _markdown(r: dict) -> str:
    b, limit = r["build"], r["limit"]
    lines = [
        f"## {r['size']}: {r['triples']:,} triples",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        f"Whole build {b['wall_s']:.1f} s wall, {b['cpu_s']:.1f} CPU-s, "
        f"peak RSS {b['peak_rss_mb']:,.0f} MB; pyoxigraph's "
        f"`bulk_load` of the same {limit['quads']:,} quads {limit['seconds']:.1f} s: "
        f"**build / bulk_load = {b['wall_s'] / limit['seconds']:.1f}×**.",
        "",
        "| step (by the build's progress messages) | CPU-s so far | peak RSS so far MB |",
        "|---|---:|---:|",
    ]
    lines += [f"| {m} | {cpu:.1f} | {rss:,} |" for m, cpu, rss in b["marks"]]
    lines += ["", "| phase | wall s |", "|---|---:|"]
    lines += [f"| {k} | {v:.1f} |" for k, v in b["seconds"].items()]
    return "\n".join(lines) + "\n"


def main(sizes: list[str], keep: Path | None = None) -> None:
    report = RESULTS / "build.md"
    sections: dict[str, str] = {}
    if report.exists():
        for part in report.read_text().split("\n## ")[1:]:
            sections[part.split(":", 1)[0]] = "## " + part.rstrip() + "\n"
    for size in sizes:
        r = measure(size, keep)
        (RESULTS / f"build-{size}.json").write_text(json.dumps(r, indent=1))
        sections[size] = _markdown(r)
        head = "# Build at scale (`python -m bench.build_scale SIZE`)\n\n"
        report.write_text(head + "\n".join(sections[s] for s in sorted(sections)))
        print(sections[size])


if __name__ == "__main__":
    args = sys.argv[1:]
    kept = None
    if "--keep" in args:
        at = args.index("--keep")
        kept = Path(args[at + 1])
        del args[at : at + 2]
    main(args or ["10k"], kept)
