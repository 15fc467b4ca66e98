"""The held-out evaluation of the partner recommendations on the seed graph and the synthetic sizes,
as tables with 95 % intervals: ``bench/results/evaluation.md`` (``python -m bench.evaluation``) and
the evaluation section of ``latest.md`` (``make bench``).

Per size the settings keep a run within minutes on two cores: the seed graph and the seed-like
size 50 and 20 splits with every positive; 10k three splits of at most 500 positives each (a
seeded sample; 150 gave intervals too wide to tell the leaders apart), 100k one split of 60. Every
method of ``METHODS`` is evaluated, innograph's recommender and the learned mix included.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from bench.synthetic import latent_themes
from innograph.graph.analysis import Analysis
from innograph.graph.evaluation import METHODS, Evaluation, holdout_evaluation
from innograph.graph.evaluation_methods import Predictors, Scorer
from innograph.graph.store import GraphStore

__all__ = ["CEILING", "SETTINGS", "evaluate_graph", "markdown", "synthetic_graph", "theme_ceiling"]

SETTINGS: dict[str, dict[str, int | None]] = {
    "seed graph": {"splits": 50, "max_positives": None},
    "tiny": {"splits": 10, "max_positives": None},
    "seed": {"splits": 20, "max_positives": None},
    "10k": {"splits": 3, "max_positives": 500},
    "100k": {"splits": 1, "max_positives": 60},
    "1m": {"splits": 1, "max_positives": 20},
}
"""Splits and positives per split for each size (``max_positives`` None: all)."""

RESULTS = Path(__file__).resolve().parent / "results"
PROJECT_ROOT = Path(__file__).resolve().parents[1]


CEILING = "theme-ceiling"
"""A scorer that knows what no triple holds: each synthetic actor's latent theme."""


def theme_ceiling(themes: Mapping[str, int]) -> Scorer:
    """A ceiling for the synthetic sizes: the source's theme-mates first, each group by degree in
    the training network — the form of the generator's own choice of participants (a theme's
    actors, the popular ones more often), with the hidden theme given instead of inferred."""

    def score(p: Predictors, source: str, pool: list[str]) -> list[float]:
        mine = themes.get(source)
        out = []
        for b in pool:
            d = p.A.degree(b)
            out.append(float(mine is not None and themes.get(b) == mine) + d / (d + 1.0))
        return out

    return score


def evaluate_graph(
    G: nx.Graph, size: str, *, seed: int = 0, themes: Mapping[str, int] | None = None
) -> Evaluation:
    """``holdout_evaluation`` of every method with the settings of ``size``, timed; with the
    synthetic actors' ``themes``, the ceiling ``CEILING`` as well."""
    t0 = time.perf_counter()
    extra = {} if themes is None else {CEILING: theme_ceiling(themes)}
    report = holdout_evaluation(
        G,
        seed=seed,
        draws=1000,
        methods=(*METHODS, *extra),
        scorers=extra,
        reference="innograph",
        **SETTINGS[size],  # type: ignore[arg-type]
    )
    report["settings"]["seconds"] = round(time.perf_counter() - t0, 1)
    return report


def synthetic_graph(size: str) -> nx.Graph:
    """The projection of the synthetic ecosystem ``size``, built through the real build."""
    from bench.synthetic import ecosystem_ingester
    from innograph.ingest.build import build
    from innograph.ingest.registry import INGESTERS

    with tempfile.TemporaryDirectory(prefix=f"innograph-eval-{size}-") as tmp:
        store = GraphStore(Path(tmp) / "store")
        build(store, PROJECT_ROOT / "data", ingesters=[INGESTERS[0], ecosystem_ingester(size)])
        release = store.require_current()
        return Analysis.from_store(release.open(), release_id=release.id).G


def markdown(reports: dict[str, Evaluation]) -> list[str]:
    """One table per size: hit@k, MRR and AUC with their 95 % intervals; the best baseline and
    whether each of innograph's methods beats it with non-overlapping intervals."""
    lines: list[str] = []
    for size, r in reports.items():
        s = r["settings"]
        lines += [
            f"**{size}**: {r['positives']} held-out cross-cluster ties in {s['splits']} split(s), "
            f"each hiding {s['hidden_per_split']} of {s['activities']} activities"
            + (f", ≤ {s['max_positives']} positives per split" if s.get("max_positives") else "")
            + f"; intervals resample {r['units']} units of evidence; {s.get('seconds', 0):.0f} s.",
            "",
            f"| method | hit@{s['k']} | MRR | AUC |",
            "|---|---|---|---|",
        ]
        for m in r["methods"]:
            cells = [_iv(m[x]) for x in ("hit_at_k", "mrr", "auc")]
            lines.append(f"| {m['method']} | " + " | ".join(cells) + " |")
        lines += ["", _verdict(r), ""]
        if any(m["method"] == CEILING for m in r["methods"]):
            lines += [
                f"{CEILING} is no recommender: it is given each actor's latent theme, which no "
                "triple holds, and ranks the source's theme-mates first, each group by degree — "
                "about as high as a scorer can get on what the generator planted.",
                "",
            ]
    return lines


def _verdict(r: Evaluation) -> str:
    scores = {m["method"]: m for m in r["methods"]}
    baselines = [m for m in scores if m not in ("innograph", "learned-mix", CEILING)]
    out = []
    for x, name in (("hit_at_k", "hit@10"), ("mrr", "MRR")):
        best = max(baselines, key=lambda m: scores[m][x]["value"])
        for mine in ("learned-mix", "innograph"):
            if mine not in scores:
                continue
            a, b = scores[mine][x], scores[best][x]
            if a["low"] > b["high"]:
                word = "beats"
            elif a["high"] < b["low"]:
                word = "loses to"
            else:
                word = "does not separate from"
            out.append(f"{mine} {word} the best baseline on {name} ({best})")
    return "; ".join(out) + "."


def _iv(iv: dict) -> str:
    return f"{iv['value']:.3f} [{iv['low']:.3f}, {iv['high']:.3f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluation", description=__doc__)
    parser.add_argument("--sizes", default="seed,10k", help="synthetic sizes (default seed,10k)")
    parser.add_argument("--seed-graph", action="store_true", help="the real seed graph as well")
    args = parser.parse_args(argv)
    reports: dict[str, Evaluation] = {}
    if args.seed_graph:
        from innograph.ingest.build import build

        with tempfile.TemporaryDirectory(prefix="innograph-eval-") as tmp:
            store = GraphStore(Path(tmp) / "store")
            build(store, PROJECT_ROOT / "data")
            release = store.require_current()
            G = Analysis.from_store(release.open(), release_id=release.id).G
        reports["seed graph"] = evaluate_graph(G, "seed graph")
    for size in [s for s in args.sizes.split(",") if s]:
        print(f"evaluating synthetic size {size} …", file=sys.stderr, flush=True)
        reports[size] = evaluate_graph(synthetic_graph(size), size, themes=latent_themes(size))
    text = "\n".join(
        [
            "# Recommendation quality: held-out evaluation with 95 % intervals",
            "",
            f"Methods: {', '.join(METHODS)}. `python -m bench.evaluation --seed-graph "
            f"--sizes {args.sizes}`; settings per size in `bench/evaluation.py`.",
            "",
            *markdown(reports),
        ]
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "evaluation.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
