"""Web pages for people: the front page — what the graph holds, the latest build, where to go."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entities import compact, page_href
from innograph.api.i18n import current_language, figure_text, in_language, moment, number
from innograph.api.query_page import competency_questions
from innograph.api.regions import printed_figures
from innograph.api.templating import render
from innograph.graph.queries import examples, select
from innograph.graph.vocab import IG

__all__ = ["router"]

router = APIRouter(tags=["pages"])

_FIGURES = (str(IG.companyCount), str(IG.employeeCount), str(IG.turnoverEUR))


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

    context: dict[tuple[str, str], tuple[set[str], set[str]]] = {}  # years, documents
    rows = select(db, "region_clusters")
    for row in rows:
        years, docs = context.setdefault((row["cluster"], row["prop"]), (set(), set()))
        if row["date"]:
            years.add(str(row["date"])[:4])
        docs.add(row["doc"])
    printed = printed_figures(rows)  # "ca.", "über" of a value

    def shown(c: dict, prop: str, key: str, per: float = 1) -> str:
        value = c[key]
        if value is None:
            return ""
        how = printed.get((c["cluster"], prop, float(value)), {})
        return figure_text(round(value / per) if per != 1 else value, lang, **how)

    tables: dict[str, dict] = {}
    for c in sorted({c["cluster"]: c for c in found}.values(), key=order):
        label = in_language(lang, c["de"], c["en"]) or c["cluster"]
        years, docs = set(), set()
        for prop in _FIGURES:
            y, d = context.get((c["cluster"], prop), (set(), set()))
            years |= y
            docs |= d
        region = tables.setdefault(
            c["region"] or "",
            {
                "label": in_language(lang, c["regionLabel"], c["regionEn"]) or "",
                "german": c["regionLabel"] or "",  # the order: Thuringia first, in every language
                "href": page_href(c["region"] or ""),
                "rows": [],
            },
        )
        region["rows"].append(
            {
                "href": page_href(c["cluster"]),
                "label": label,
                "sub": c["broader"] is not None,
                "companies": shown(c, _FIGURES[0], "companies"),
                "employees": shown(c, _FIGURES[1], "employees"),
                "turnover": shown(c, _FIGURES[2], "turnover", per=1e6),  # million €
                "years": "/".join(sorted(years)),
                "sources": [page_href(d) for d in sorted(docs)],
            }
        )
    # Thuringia first (the graph's subject), then the comparison region; never one table
    ordered = sorted(tables.values(), key=lambda t: (t["german"] != "Thüringen", t["german"]))
    html = render(
        "front.html",
        title="Overview" if lang == "en" else "Übersicht",
        lang=lang,
        triples=number(meta.get("triples", 0), lang),
        n_graphs=len(meta.get("graphs", {})),
        release=release.name,
        built_at=moment(str(meta.get("built_at", "?")), lang),
        conforms=bool(validation.get("conforms")),
        violations=validation.get("violations", "?"),
        regions=[t for t in ordered if t["label"]],
        n_examples=len(examples()),
        n_questions=len(competency_questions()),
        tables=ordered,
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
