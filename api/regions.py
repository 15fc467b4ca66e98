"""``/regions``: Thuringia and Berlin-Brandenburg side by side — clusters with their figures
(each with its year and source), actors, topics, and the topics only one of them has."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from innograph.api.analytics import AnalysisDep
from innograph.api.deps import DbDep
from innograph.api.entities import page_href
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language, figure_text, in_language, qualifiers
from innograph.api.templating import render
from innograph.graph.database import Database
from innograph.graph.projection import label_of
from innograph.graph.queries import select
from innograph.graph.vocab import IG

__all__ = ["printed_figures", "region_labels", "router"]

router = APIRouter(tags=["pages"], responses=ERROR_RESPONSES)

_PROPS = ("companyCount", "employeeCount", "turnoverEUR")


def printed_figures(rows: list[dict[str, Any]]) -> dict[tuple[str, str, float], dict[str, bool]]:
    """How the documents print each cluster figure of ``region_clusters.rq``'s ``rows``: (cluster,
    property IRI, value) → the keywords of ``api.i18n.figure_text`` ("ca.", "über")."""
    return {
        (row["cluster"], row["prop"], float(row["value"])): qualifiers(row)
        for row in rows
        if row["value"] is not None
    }


def region_labels(db: Database, lang: str) -> dict[str, str | None]:
    """Each region's name in ``lang`` (the other language where it has none), by IRI."""
    return {
        row["region"]: in_language(lang, row["regionLabel"], row["regionEn"])
        for row in select(db, "front_clusters")
        if row["region"]
    }


@router.get("/regions", response_class=HTMLResponse, summary="The regions side by side")
def regions(analysis: AnalysisDep, db: DbDep) -> HTMLResponse:
    context: dict[tuple[str, str], dict[str, str]] = {}
    rows = select(db, "region_clusters")
    for row in rows:
        key = (row["cluster"], row["prop"].rsplit("#", 1)[1])
        if key not in context or (row["date"] and not context[key]["date"]):
            context[key] = {"date": row["date"] or "", "doc": page_href(row["doc"])}
    printed = printed_figures(rows)
    lang = current_language()
    labels = region_labels(db, lang)
    topics: dict[str, set[str]] = defaultdict(set)
    for row in select(db, "region_topics"):
        topics[row["region"]].add(row["topicLabel"])
    by_region: dict[str, dict[str, Any]] = {}
    for c in analysis.clusters():
        region = c["region"] or ""
        if c["id"] not in analysis.G or analysis.G.nodes[c["id"]].get("type") != "Cluster":
            continue
        entry = by_region.setdefault(
            region,
            {
                "label": labels.get(region) or region,
                "href": page_href(region) if region else "#",
                "clusters": [],
                "actors": set(),
            },
        )
        figures = {
            p: {
                "text": figure_text(v, lang, **printed.get((c["id"], str(IG[p]), float(v)), {})),
                **context.get((c["id"], p), {"date": "", "doc": ""}),
            }
            for p in _PROPS
            if (v := c["figures"].get(p)) is not None
        }
        label = label_of(analysis.G, c["id"], lang)
        entry["clusters"].append({"label": label, "href": page_href(c["id"]),
                                  "actors": c["actors"], "figures": figures})  # fmt: skip
        entry["actors"] |= {
            n for n in analysis.A if c["id"] in (analysis.A.nodes[n].get("clusters") or [])
        }
    columns = []
    regions_ = sorted(by_region, key=lambda r: by_region[r]["label"], reverse=True)
    for r in regions_:
        others = (
            set().union(*(topics[o] for o in regions_ if o != r)) if len(regions_) > 1 else set()
        )
        e = by_region[r]
        columns.append({**e, "actors": len(e["actors"]), "topics": sorted(topics[r]),
                        "only_here": sorted(topics[r] - others)})  # fmt: skip
    return HTMLResponse(render("regions.html", title="Regions", columns=columns))
