"""The analytics commands of the ``innograph`` command line: ``bridges``, ``actors``,
``recommend`` and ``viz``, thin faces over ``graph.analysis``.

The analytics (networkx, SciPy) are imported only when one of these commands runs: the CLI's
module is also what the spawned, memory-capped query workers import.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from innograph.api.cli_types import output_file, positive_int, writing
from innograph.api.config import Settings, store_of
from innograph.graph.contracts import RANKINGS, SourceRef
from innograph.graph.errors import InnographError

if TYPE_CHECKING:
    from innograph.graph.analysis import Analysis
    from innograph.graph.database import Database

__all__ = ["add_analytics_commands"]

_err = Console(stderr=True, highlight=False)


def add_analytics_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``bridges``, ``actors``, ``recommend`` and ``viz`` with the CLI's ``add`` helper."""
    br = add("bridges", _cmd_bridges, "cross-cluster bridges: summary, one cluster, or a pair")
    which = br.add_mutually_exclusive_group()
    which.add_argument("--cluster", help="the links and brokers of one cluster (id or slug)")
    which.add_argument("--between", nargs=2, metavar=("A", "B"), help="who connects two clusters")
    br.add_argument("--json", action="store_true", help="print JSON")

    ac = add("actors", _cmd_actors, "list the actors' ids (for recommend and viz actor)")
    ac.add_argument("--cluster", help="only actors in this cluster (id or slug)")
    ac.add_argument("--json", action="store_true", help="print JSON")

    rc = add("recommend", _cmd_recommend, "cross-cluster partner recommendations for an actor")
    rc.add_argument("actor", help="actor id or slug, e.g. optonet")
    rc.add_argument("-k", type=positive_int, default=10, help="how many, 1 or more (default 10)")
    rc.add_argument("--cluster", help="only partners in this cluster")
    rc.add_argument("--type", help="only actors of this type, e.g. University")
    rc.add_argument("--region", help="only partners in this region, e.g. thueringen")
    rc.add_argument(
        "--ranking",
        choices=RANKINGS,
        default="fixed",
        help="fixed: proximity and content mixed as innograph does (default); learned: the mix "
        "fitted on the release's own ties",
    )
    rc.add_argument("--json", action="store_true", help="print JSON")

    vz = add("viz", _cmd_viz, "export a network view as one self-contained HTML file")
    vz.add_argument("view", choices=["ecosystem", "clusters", "cluster", "actor"])
    vz.add_argument("id", nargs="?", help="cluster or actor id, for those views")
    vz.add_argument("--depth", type=int, default=1, choices=[1, 2], help="ego-network depth")
    vz.add_argument("-o", "--output", type=output_file, help="write to this file instead of stdout")


def _cmd_bridges(args: argparse.Namespace, settings: Settings) -> int:
    analysis = _analysis(settings)
    out = Console()
    if args.between:
        between = analysis.between(*args.between)
        if args.json:
            return _print_json(between)
        a, b = (between[k].rsplit("/", 1)[-1] for k in ("a", "b"))
        out.print(f"[bold]{a}[/] ↔ [bold]{b}[/]: strength {between['weight']:g}")
        out.print(f"cross-links: {_kinds(between['crosslinks']) or 'none'}")
        for title, actors in (
            ("in both", between["in_both"]),
            ("linked to both", between["spanning"]),
        ):
            out.print(f"{title}: " + (", ".join(x["label"] for x in actors) or "none"))
        for path in between["paths"]:
            out.print("path: " + " → ".join(x["label"] for x in path))
        return 0
    if args.cluster:
        bridges = analysis.cluster_bridges(args.cluster)
        if args.json:
            return _print_json(bridges)
        table = Table("linked cluster", "weight", "cross-links", "actors in both")
        for link in bridges["links"]:
            table.add_row(
                link["label"],
                f"{link['weight']:g}",
                _kinds(link["crosslinks"]),
                str(len(link["shared_actors"])),
            )
        out.print(table)
        out.print("brokers: " + ", ".join(b["label"] for b in bridges["brokers"]))
        return 0
    clusters, gaps = analysis.clusters(), analysis.gaps()
    if args.json:
        return _print_json({"clusters": clusters, "gaps": gaps})
    table = Table("cluster", "linked clusters", "strength", "strongest link")
    for c in clusters:
        s = c["bridges"]
        strongest = s["strongest"][0]["label"] if s["strongest"] else ""
        table.add_row(c["label"], str(s["linked_clusters"]), str(s["strength"]), strongest)
    out.print(table)
    for g in gaps:
        out.print(f"gap: {g['a_label']} ↔ {g['b_label']} (topic overlap {g['topic_overlap']})")
    return 0


def _print_json(value: object) -> int:
    print(json.dumps(value, ensure_ascii=False, indent=2))
    return 0


def _kinds(crosslinks: dict[str, float]) -> str:
    return ", ".join(f"{kind} {value:g}" for kind, value in sorted(crosslinks.items()))


def _cmd_actors(args: argparse.Namespace, settings: Settings) -> int:
    rows = _analysis(settings).actors(cluster=args.cluster)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = Table()
    table.add_column("id", overflow="fold")  # an id is never cut short: it is what one types
    for heading in ("name", "type", "clusters"):
        table.add_column(heading)
    for r in rows:
        clusters = r["clusters"]  # a list of short cluster ids (Analysis.actors says ``object``)
        names = ", ".join(clusters) if isinstance(clusters, list) else str(clusters)
        table.add_row(str(r["id"]), str(r["label"]), str(r["type"]), names)
    Console().print(table)
    return 0


def _cmd_recommend(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.api.evidence_sources import annotate
    from innograph.api.search import actor_by_name
    from innograph.graph.search import SearchIndex

    analysis, db = _opened(settings)
    actor = actor_by_name(analysis.G, SearchIndex.from_store(db), args.actor)  # as /partners
    recs = analysis.recommendations(
        actor,
        k=args.k,
        cluster=args.cluster,
        actor_type=args.type,
        region=args.region,
        ranking=args.ranking,
    )
    annotate(db, analysis.resolve(actor, kind="actor"), recs)  # as the API does
    if args.json:
        print(json.dumps(recs, ensure_ascii=False, indent=2))
        return 0
    out = Console()
    for i, r in enumerate(recs, 1):
        out.print(
            f"{i}. [bold]{r['label']}[/] ({r['type']}) score {r['score']:.3f}, "
            f"confidence {r['confidence']}"
        )
        for e in r["evidence"][:3]:
            sides = [
                ", ".join(x["label"] + _places(x.get("sources", [])) for x in acts)
                or "a direct relation" + _places(direct)
                for acts, direct in (
                    (e["with_actor"], e.get("with_actor_sources", [])),
                    (e["with_candidate"], e.get("with_candidate_sources", [])),
                )
            ]
            out.print(f"   via {e['partner_label']}: {sides[0]} → {sides[1]}", markup=False)
        if r["shared_neighbours"]:
            out.print(
                "   shared partners: " + ", ".join(x["label"] for x in r["shared_neighbours"][:5])
            )
        if r["path"]:
            out.print("   path: " + " → ".join(h["label"] for h in r["path"]))
            for hop in r["path"][1:]:
                for said in hop["says"]:
                    out.print(f"     · {said}")
        if r["shared_topics"]:
            out.print("   shared topics: " + ", ".join(r["shared_topics"][:5]))
    if not recs:
        out.print("no candidates in other clusters")
    return 0


def _cmd_viz(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.api.viz import render_view
    from innograph.graph import visualisation as viz

    analysis = _analysis(settings)
    if args.view == "ecosystem":
        view = viz.ecosystem_view(analysis)
    elif args.view == "clusters":
        view = viz.clusters_view(analysis)
    elif args.view == "cluster":
        view = viz.cluster_view(analysis, _need(args.id, "cluster"))
    else:
        view = viz.actor_view(analysis, _need(args.id, "actor"), depth=args.depth)
    html = render_view(view, inline_assets=True)
    if args.output:
        with writing(args.output):
            args.output.write_text(html, encoding="utf-8")
        _err.print(f"wrote {args.output} ({len(view.nodes)} nodes, {len(view.edges)} edges)")
    else:
        sys.stdout.write(html)
    return 0


def _need(value: str | None, what: str) -> str:
    if not value:
        raise InnographError(f"the {what} view needs an id: innograph viz {what} ID")
    return value


def _places(sources: list[SourceRef]) -> str:
    """`` (doc l. 12; other)``: where a tie is stated, as the partner finder lists it."""
    if not sources:
        return ""
    said = [s["doc_id"] + (f" l. {s['line']}" if s["line"] else "") for s in sources]
    return " (" + "; ".join(said) + ")"


def _analysis(settings: Settings) -> Analysis:
    return _opened(settings)[0]


def _opened(settings: Settings) -> tuple[Analysis, Database]:
    from innograph.graph.analysis import Analysis

    release = store_of(settings).require_current()
    db = release.open()
    # Analysis.from_store declares pyoxigraph.Store but only queries: a RemoteDb serves as well
    return Analysis.from_store(db, release_id=release.id), db
