"""``innograph evaluate``: the held-out evaluation of the partner recommendations.

Runs ``graph.evaluation.holdout_evaluation`` on the live release and prints one row per method
(hit@k, MRR and AUC, each with its 95 % bootstrap interval), then the paired differences between
the reference method (innograph's recommender) and each other method; ``--json`` prints the whole
report. The same ``--seed`` gives the same output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Column, Table

from innograph.api.config import Settings, store_of
from innograph.graph.contracts import EVALUATION_METHODS
from innograph.graph.errors import InvalidParameterError

if TYPE_CHECKING:
    from innograph.graph.evaluation_metrics import Interval

__all__ = ["add_evaluate_command"]


def add_evaluate_command(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``innograph evaluate`` with the CLI's ``add`` helper.

    The method and unit names are checked by ``holdout_evaluation`` (imported only when the
    command runs, so that the other commands start without NumPy and SciPy).
    """
    p = add("evaluate", _run, "held-out evaluation of the partner recommendations vs baselines")
    p.add_argument("--splits", type=int, default=50, help="random splits (default 50)")
    p.add_argument(
        "--hide", type=float, default=0.2, help="share of activities hidden per split (0.2)"
    )
    p.add_argument("-k", type=int, default=10, help="the cut-off of hit@k (default 10)")
    p.add_argument("--seed", type=int, default=0, help="seed of splits and bootstrap (default 0)")
    p.add_argument("--draws", type=int, default=2000, help="bootstrap draws (default 2000)")
    p.add_argument(
        "--methods",
        help=f"comma-separated: {', '.join(EVALUATION_METHODS)} (default all)",
    )
    p.add_argument("--reference", help="compare the others with this method (default innograph)")
    p.add_argument(
        "--resample",
        default="evidence",
        help="bootstrap unit: evidence (positives that lost the same evidence; default), "
        "splits or positives",
    )
    p.add_argument("--max-positives", type=int, help="evaluate at most this many per split")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.graph.analysis import Analysis
    from innograph.graph.evaluation import METHODS, holdout_evaluation

    release = store_of(settings).require_current()
    analysis = Analysis.from_store(release.open(), release_id=release.id)
    methods = [m.strip() for m in (args.methods or ",".join(METHODS)).split(",") if m.strip()]
    try:
        report = holdout_evaluation(
            analysis.G,
            splits=args.splits,
            hide=args.hide,
            k=args.k,
            seed=args.seed,
            methods=methods,
            reference=args.reference,
            draws=args.draws,
            max_positives=args.max_positives,
            resample=args.resample,
        )
    except ValueError as err:
        raise InvalidParameterError(str(err)) from err
    if args.json:
        print(json.dumps({"release": release.name, **report}, ensure_ascii=False, indent=2))
        return 0
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    s = report["settings"]
    out.print(
        f"release {release.name}: {report['positives']} held-out cross-cluster ties "
        f"({report['positives_from_committees']} of them through a hidden committee) in "
        f"{s['splits']} splits, each hiding {s['hidden_per_split']} of {s['activities']} "
        f"activities; intervals resample {report['units']} units ({s['resample']}); "
        f"seed {s['seed']}"
    )
    table = Table(
        Column("method", no_wrap=True),
        *(Column(name, no_wrap=True) for name in (f"hit@{s['k']}", "MRR", "AUC")),
        title="95 % bootstrap intervals",
    )
    for m in report["methods"]:
        table.add_row(
            m["method"], _interval(m["hit_at_k"]), _interval(m["mrr"]), _interval(m["auc"])
        )
    out.print(table)
    diffs = Table(
        Column("method", no_wrap=True),
        *(Column(name, no_wrap=True) for name in (f"Δ hit@{s['k']}", "Δ MRR", "Δ AUC")),
        title=f"{s['reference']} minus method, paired (p: sign-flip test)",
    )
    rows: dict[str, dict[str, str]] = {}
    for c in report["comparisons"]:
        text = f"{_interval(c['difference'])} p {c['p_value']:.3f}"
        rows.setdefault(c["method"], {})[c["measure"]] = text
    for method, cells in rows.items():
        diffs.add_row(method, cells["hit_at_k"], cells["mrr"], cells["auc"])
    out.print(diffs)
    through = report["positives_through_hubs"]
    if through in (0, report["positives"]):
        where = "through a hub" if through else "between non-hubs"
        out.print(f"by kind of tie: all {report['positives']} positives are {where}")
        out.print(f"best by MRR: {report['best']}")
        return 0
    kinds = Table(
        Column("method", no_wrap=True),
        *(
            Column(f"{name} {kind}", no_wrap=True)
            for kind in ("through a hub", "between non-hubs")
            for name in (f"hit@{s['k']}", "MRR")
        ),
        title=f"by kind of tie: {report['positives_through_hubs']} of {report['positives']} "
        "run through a hub",
    )
    for hub, other in zip(*report["by_ties"].values(), strict=True):
        kinds.add_row(
            hub["method"], *(_interval(m[x]) for m in (hub, other) for x in ("hit_at_k", "mrr"))
        )
    out.print(kinds)
    out.print(f"best by MRR: {report['best']}")
    return 0


def _interval(iv: Interval) -> str:
    return f"{iv['value']:.3f} [{iv['low']:.3f}, {iv['high']:.3f}]"
