"""``/policy``: the 75 measures of the digital strategy for policy analysts — by lead topic,
lead ministry, NEU mark and cluster, filterable, with the clusters no measure addresses."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from innograph.api.deps import DbDep
from innograph.api.entities import page_href
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language
from innograph.api.templating import render
from innograph.graph.queries import select

__all__ = ["router"]

router = APIRouter(tags=["pages"], responses=ERROR_RESPONSES)


@router.get("/policy", response_class=HTMLResponse, summary="Policy view: the 75 measures")
def policy(
    db: DbDep,
    topic: Annotated[str, Query(max_length=200)] = "",
    lead: Annotated[str, Query(max_length=200)] = "",
    cluster: Annotated[str, Query(max_length=200)] = "",
    new: Annotated[str, Query(pattern="^(|yes|no)$")] = "",
) -> HTMLResponse:
    rows = [_row(r) for r in select(db, "policy_measures")]
    english = current_language() == "en"
    shown_as = {de: en if english else de for m in rows for de, en in m.pop("pairs")}
    measures = [
        {**m, "shown": {k: [shown_as[x] for x in m[k]] for k in ("clusters", "groups")}}
        for m in rows
    ]
    shown = [
        m
        for m in measures
        if (not topic or m["topic"] == topic)
        and (not lead or lead in m["leads"])
        and (not cluster or cluster in m["clusters"])
        and (not new or m["new"] == (new == "yes"))
    ]
    counts = {
        "topic": Counter(m["topic"] for m in measures),
        "lead": Counter(x for m in measures for x in m["leads"]),
        "cluster": Counter(x for m in measures for x in m["clusters"]),
    }
    missing = [
        {"label": (r["nameEn"] if english else None) or r["name"], "href": page_href(r["cluster"])}
        for r in select(db, "clusters_without_measures")
    ]
    return HTMLResponse(
        render(
            "policy.html",
            title="Policy view",
            measures=shown,
            total=len(measures),
            new_total=sum(m["new"] for m in measures),
            counts={
                k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in counts.items()
            },
            filters={"topic": topic, "lead": lead, "cluster": cluster, "new": new},
            shown_as=shown_as,
            missing=missing,
        )
    )


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _row(r: dict[str, Any]) -> dict[str, Any]:
    def parts(key: str) -> list[str]:
        return sorted(x for x in str(r[key] or "").split("|") if x)

    def pairs(key: str) -> list[tuple[str, str]]:  # (German label, English label)
        split = (x.partition("\t") for x in parts(key))
        return [(de, en or de) for de, _, en in split]

    clusters, groups = pairs("clusters"), pairs("groups")

    return {
        "id": r["id"],
        "title": r["title"],
        "href": page_href(r["measure"]),
        "topic": r["topic"],
        "field": r["field"] or "",
        "new": r["isNew"] in (True, "true", 1),
        "leads": parts("leads"),
        "clusters": [de for de, _ in clusters],
        "groups": [de for de, _ in groups],
        "pairs": clusters + groups,
    }
