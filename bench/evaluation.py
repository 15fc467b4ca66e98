"""The held-out evaluation of the partner recommendations on the seed graph and the synthetic sizes,
as tables with 95 % intervals: ``bench/results/evaluation.md`` (``python -m bench.evaluation``) and
the evaluation section of ``latest.md`` (``make bench``).

Per size the settings keep a run of the default sizes within about twenty minutes on one core (the
large size alone takes about an hour): the seed graph and the seed-like
size 50 and 20 splits with every positive; 10k fifteen splits of at most 600 positives each (a
seeded sample; five left the learned mix's hit@10 interval overlapping PageRank's by 0.017, 150
positives gave intervals too wide to tell the leaders apart; the size has only 1,181 activities
to resample), 100k three splits of at most 600 (about an hour; ``--output evaluation-100k``). Every
method of ``METHODS`` is evaluated, innograph's recommender and the learned mix included.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from bench.synthetic import LatentStructure, latent_structure
from innograph.graph.analysis import Analysis
from innograph.graph.evaluation import METHODS, Evaluation, MethodScore, holdout_evaluation
from innograph.graph.evaluation_methods import Predictors, Scorer
from innograph.graph.evaluation_split import activities
from innograph.graph.store import GraphStore

__all__ = [
    "CEILING",
    "SETTINGS",
    "THEME_ORACLE",
    "evaluate_graph",
    "generator_ceiling",
    "markdown",
    "synthetic_graph",
    "theme_oracle",
]

SETTINGS: dict[str, dict[str, int | None]] = {
    "seed graph": {"splits": 50, "max_positives": None},
    "tiny": {"splits": 10, "max_positives": None},
    "seed": {"splits": 20, "max_positives": None},
    "10k": {"splits": 15, "max_positives": 600},
    "100k": {"splits": 3, "max_positives": 600},
    "1m": {"splits": 1, "max_positives": 20},
}
"""Splits and positives per split for each size (``max_positives`` None: all)."""

RESULTS = Path(__file__).resolve().parent / "results"
PROJECT_ROOT = Path(__file__).resolve().parents[1]


CEILING = "generator-ceiling"
"""A scorer that knows what no triple holds: how the generator drew each activity's participants."""
THEME_ORACLE = "theme-oracle"
"""A scorer told every actor's latent theme, but not its popularity: that it must estimate from the
training graph, as any recommender does."""


def generator_ceiling(latent: LatentStructure) -> Scorer:
    """A ceiling for the synthetic sizes: each candidate's chance, by the generator's own rules
    and draws, of being in the same activity as the source — a hub joins half of all measures
    and events; the rest of an activity's participants are drawn, ``in_theme`` of them from its
    theme's actors and the others from everyone, each in proportion to its popularity. Only the
    activity's focus type is not known to it. No recommender can know more of what was planted."""
    share = _co_participation(latent, latent.popularity)

    def score(p: Predictors, source: str, pool: list[str]) -> list[float]:
        return share(source, pool)

    return score


def theme_oracle(latent: LatentStructure) -> Scorer:
    """``generator_ceiling`` with each actor's popularity estimated, not known: its number of
    activities in the training graph plus one (a uniform prior). What knowing the themes alone
    is worth: the gap to the ceiling is what popularity adds, the gap from a recommender to this
    oracle what a perfect reading of the themes would add."""
    fitted: weakref.WeakKeyDictionary[nx.Graph, Callable[[str, list[str]], list[float]]]
    fitted = weakref.WeakKeyDictionary()  # per training graph, gone with it

    def score(p: Predictors, source: str, pool: list[str]) -> list[float]:
        if p.G not in fitted:
            taken = set(activities(p.G))
            estimate = {
                n: 1.0 + sum(1 for x in p.G[n] if x in taken) for n in p.A if n in latent.themes
            }
            fitted[p.G] = _co_participation(latent, estimate)
        return fitted[p.G](source, pool)

    return score


def _co_participation(
    latent: LatentStructure, popularity: dict[str, float]
) -> Callable[[str, list[str]], list[float]]:
    """Each candidate's chance of sharing an activity with the source by the generator's rules,
    with the popularities given."""
    mass: dict[int, float] = {}
    for iri, theme in latent.themes.items():
        mass[theme] = mass.get(theme, 0.0) + popularity.get(iri, 0.0)
    total = sum(popularity.values()) or 1.0

    def share(source: str, pool: list[str]) -> list[float]:
        mine = None if source in latent.hubs else latent.themes.get(source)
        out = []
        for b in pool:
            pop = popularity.get(b, 0.0)
            chance = (1 - latent.in_theme) * pop / total
            if mine is not None and latent.themes.get(b) == mine:
                chance += latent.in_theme * pop / (mass[mine] or 1.0)
            elif mine is None:  # a hub's activities are of any theme
                chance += latent.in_theme * pop / total
            out.append(latent.participants * chance + latent.hub_joins * (b in latent.hubs))
        return out

    return share


def evaluate_graph(
    G: nx.Graph, size: str, *, seed: int = 0, latent: LatentStructure | None = None
) -> Evaluation:
    """``holdout_evaluation`` of every method with the settings of ``size``, timed; with a
    synthetic size's ``latent`` structure, the ceiling ``CEILING`` and ``THEME_ORACLE`` as well."""
    t0 = time.perf_counter()
    extra = (
        {}
        if latent is None
        else {CEILING: generator_ceiling(latent), THEME_ORACLE: theme_oracle(latent)}
    )
    report = holdout_evaluation(
        G,
        seed=seed,
        draws=1000,
        methods=(*METHODS, *extra),
        scorers=extra,
        reference="learned-mix",
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
        lines += ["", _verdict(r["methods"]), ""]
        lines += _paired(r)
        kinds = r.get("by_ties")
        through = r.get("positives_through_hubs", 0)
        if kinds and through in (0, r["positives"]):
            lines += [
                f"By kind of tie: all {r['positives']} positives are "
                + ("through a hub" if through else "between non-hubs")
                + ", so there is nothing to compare by kind.",
                "",
            ]
        elif kinds:
            lines += [
                f"By kind of tie: {through} of the {r['positives']} positives run through a hub "
                "(an end among the training network's hubs), the others are between non-hubs "
                "(the partners a cluster manager asks for).",
                "",
                f"| method | hit@{s['k']} through a hub | MRR through a hub "
                f"| hit@{s['k']} between non-hubs | MRR between non-hubs |",
                "|---|---|---|---|---|",
            ]
            for hub, other in zip(kinds["through a hub"], kinds["between non-hubs"], strict=True):
                cells = [_iv(m[x]) for m in (hub, other) for x in ("hit_at_k", "mrr")]
                lines.append(f"| {hub['method']} | " + " | ".join(cells) + " |")
            lines += ["", "Between non-hubs: " + _verdict(kinds["between non-hubs"]), ""]
        if any(m["method"] == CEILING for m in r["methods"]):
            lines += [
                f"{CEILING} is no recommender: it is given what no triple holds, the generator's "
                "own rules and draws (themes, popularity, hubs), and ranks each candidate by its "
                "chance of sharing an activity with the source: about as high as any scorer can "
                "get on what was planted.",
                "",
            ]
        if any(m["method"] == THEME_ORACLE for m in r["methods"]):
            lines += [
                f"{THEME_ORACLE} is no recommender either: it is told each actor's latent theme "
                "but estimates popularity from the training graph's activities, as a recommender "
                "must; between it and the ceiling lies what popularity adds, between a recommender "
                "and it what a perfect reading of the themes would add.",
                "",
            ]
    return lines


def _paired(r: Evaluation) -> list[str]:
    """The reference method minus the best baseline of each measure, paired over the same
    positives: the difference with its interval and the sign-flip test's p (when the reference
    is one of innograph's methods)."""
    reference = r["settings"].get("reference")
    if reference not in ("learned-mix", "innograph"):
        return []
    found = {(c["method"], c["measure"]): c for c in r["comparisons"]}
    out = []
    for x, name in (("hit_at_k", f"hit@{r['settings']['k']}"), ("mrr", "MRR")):
        best = _best_baseline(r["methods"], x)
        if best is None:
            break
        c = found.get((best, x))
        if c is not None:
            d = c["difference"]
            out.append(
                f"{name}: {reference} − {best} = {d['value']:+.3f} "
                f"[{d['low']:+.3f}, {d['high']:+.3f}], p = {c['p_value']:.3g}"
            )
    if not out:
        return []
    return ["Paired over the same positives (sign-flip test): " + "; ".join(out) + ".", ""]


def _best_baseline(methods: list[MethodScore], measure: str) -> str | None:
    """The baseline with the highest ``measure`` (innograph's methods and the ceiling are not
    baselines); ``None`` when no baseline was evaluated."""
    mine = ("innograph", "learned-mix", CEILING, THEME_ORACLE)
    baselines = [m for m in methods if m["method"] not in mine]
    if not baselines:
        return None
    return str(max(baselines, key=lambda m: m[measure]["value"])["method"])  # type: ignore[literal-required]


def _verdict(methods: list[MethodScore]) -> str:
    scores = {m["method"]: m for m in methods}
    out = []
    for x, name in (("hit_at_k", "hit@10"), ("mrr", "MRR")):
        best = _best_baseline(methods, x)
        if best is None:
            break
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
    parser.add_argument(
        "--output",
        default="evaluation",
        help="write bench/results/OUTPUT.md (default evaluation; e.g. evaluation-100k for a run of "
        "the large size alone, which takes about an hour)",
    )
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
        reports[size] = evaluate_graph(synthetic_graph(size), size, latent=latent_structure(size))
    text = "\n".join(
        [
            "# Recommendation quality: held-out evaluation with 95 % intervals",
            "",
            f"Methods: {', '.join(METHODS)}. `python -m bench.evaluation"
            f"{' --seed-graph' if args.seed_graph else ''} --sizes {args.sizes}"
            f"{'' if args.output == 'evaluation' else ' --output ' + args.output}`; settings per "
            "size in `bench/evaluation.py`.",
            "",
            *markdown(reports),
        ]
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.output}.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
