"""Web pages for people: the front page — what the graph holds, the latest build, where to go."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entities import compact, page_href
from innograph.api.i18n import current_language, number
from innograph.api.templating import render
from innograph.graph.queries import examples, select

__all__ = ["router"]

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse, summary="Front page: what the graph holds")
def front_page(
    release: ReleaseDep, db: DbDep, lang: Annotated[str | None, Query(pattern="^(de|en)$")] = None
) -> HTMLResponse:
    lang = lang or current_language()
    meta = release.meta
    validation = meta.get("validation", {})
    found = select(db, "front_clusters")
    name = {c["cluster"]: c["de"] or c["en"] or c["cluster"] for c in found}

    def order(c: dict) -> tuple:  # sub-fields right below the field they belong to
        top = name.get(c["broader"], "") if c["broader"] else name[c["cluster"]]
        return (c["regionLabel"] or "", top, c["broader"] is not None, name[c["cluster"]])

    clusters, regions = [], {}
    for c in sorted({c["cluster"]: c for c in found}.values(), key=order):
        regions[c["region"]] = c["regionLabel"]
        label = (c["de"] if lang == "de" else c["en"]) or c["de"] or c["en"] or c["cluster"]
        clusters.append(
            {
                "href": page_href(c["cluster"]),
                "label": label,
                "sub": c["broader"] is not None,
                "region": c["regionLabel"] or "",
                "companies": number(c["companies"], lang),
                "employees": number(c["employees"], lang),
                "turnover": number(round(c["turnover"] / 1e6), lang)
                if c["turnover"] is not None
                else "",
            }
        )
    html = render(
        "front.html",
        title="Overview" if lang == "en" else "Übersicht",
        lang=lang,
        triples=number(meta.get("triples", 0), lang),
        n_graphs=len(meta.get("graphs", {})),
        release=release.name,
        built_at=str(meta.get("built_at", "?")),
        conforms=bool(validation.get("conforms")),
        violations=validation.get("violations", "?"),
        regions=[
            {"href": page_href(r), "label": lbl or r} for r, lbl in sorted(regions.items()) if r
        ],
        n_examples=len(examples()),
        clusters=clusters,
        classes=[
            {"href": page_href(c), "name": compact(c), "n": n}
            for c, n in meta.get("classes", {}).items()
            if c.startswith("https://w3id.org/innograph/ontology#")
        ],
        graphs=[
            {"href": page_href(g), "name": compact(g), "n": n}
            for g, n in meta.get("graphs", {}).items()
        ],
    )
    return HTMLResponse(html)
