"""Pages for people who do not write queries: the partner finder and the bridges between two
clusters. Both are shareable URLs (the form is a GET) and export as CSV (``format=csv``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from innograph.api.analytics import AnalysisDep
from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entities import page_href
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.evidence_sources import annotate
from innograph.api.i18n import current_language, translate
from innograph.api.regions import region_labels
from innograph.api.search import actor_by_name, class_labels, search_index, type_label
from innograph.api.templating import render
from innograph.graph.analysis import Analysis
from innograph.graph.contracts import EvidenceActivity, Ranking, Recommendation
from innograph.graph.database import Database
from innograph.graph.errors import InvalidParameterError, NotFoundError
from innograph.graph.explanations import Wording, relation_phrase
from innograph.graph.node_lookup import resolve_among
from innograph.graph.projection import label_of
from innograph.graph.queries import select

__all__ = ["router", "spreadsheet_safe"]

router = APIRouter(tags=["pages"], responses=ERROR_RESPONSES)

PAGE_LIMIT = 200
"""The bridges page lists at most this many actors per list; its CSV lists them all."""


def _page_or_error(code: int) -> dict[str, Any]:
    """A refusal: the page with its message (HTML), or the error body (JSON, for the CSV)."""
    body = ERROR_RESPONSES[code]
    return {**body, "content": {**body["content"], "text/html": {}}}


_PAGE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}, "text/csv": {}}},
    400: _page_or_error(400),
    404: _page_or_error(404),
}


def _choices(
    analysis: Analysis, type_name: Callable[[str], str] = str
) -> dict[str, list[dict[str, str]]]:
    actors = analysis.actors()
    clusters = [
        {"id": c.rsplit("/", 1)[-1], "label": label_of(analysis.G, c, current_language())}
        for c in analysis.cluster_nodes
    ]
    types = sorted({str(a["type"]) for a in actors if a["type"]})
    return {
        "actors": [{"id": str(a["id"]), "label": str(a["label"])} for a in actors],
        "clusters": sorted(clusters, key=lambda c: c["label"]),
        "types": sorted(
            ({"id": t, "label": type_name(t)} for t in types), key=lambda t: t["label"].casefold()
        ),
    }


def _regions(analysis: Analysis, db: Any, lang: str) -> list[dict[str, str]]:
    """The regions to choose from, by slug, with their labels in ``lang``."""
    labels = region_labels(db, lang)
    return sorted(
        (
            {"id": r.rsplit("/", 1)[-1], "label": labels.get(r) or r.rsplit("/", 1)[-1]}
            for r in analysis.regions
        ),
        key=lambda r: r["label"].casefold(),
    )


def _region_size(analysis: Analysis, region: str) -> int:
    """How many actors are in ``region`` (0 for none given or an unknown one)."""
    if not region.strip():
        return 0
    try:
        iri = resolve_among(analysis.regions, region, what="region")
    except NotFoundError:
        return 0
    return sum(1 for _, r in analysis.A.nodes(data="region") if r == iri)


def _wording(lang: str) -> Wording:
    """Explanations in the page's language, words from the message catalogue."""
    return Wording(
        phrase=lambda english: translate(english, lang),
        noun=lambda english: translate(english, lang),
        shared=translate("shares {} with", lang),
        conjunction=translate("and", lang),
    )


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet shows as text, not as a formula: a text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return (names and paths come from imported data) gets a
    leading apostrophe (OWASP's advice against CSV injection); numbers stay numbers.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("Jena"), spreadsheet_safe(-0.5)
    ("'=HYPERLINK(1)", 'Jena', -0.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(
    header: list[str], rows: list[list[object]], name: str, lang: str | None = None
) -> Response:
    """A CSV download; ``lang`` where its words are in the page's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    if lang:
        headers["Content-Language"] = lang
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/partners", summary="Partner finder (HTML or CSV)", response_class=HTMLResponse,
            responses=_PAGE)  # fmt: skip
def partners(
    analysis: AnalysisDep,
    release: ReleaseDep,
    db: DbDep,
    actor: Annotated[str, Query(max_length=300, description="actor id, slug or name")] = "",
    cluster: Annotated[
        str, Query(max_length=300, description="only partners in this cluster")
    ] = "",
    type: Annotated[str, Query(max_length=100, description="only actors of this type")] = "",
    region: Annotated[
        str, Query(max_length=300, description="only partners in this region (id or slug)")
    ] = "",
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    ranking: Annotated[
        Ranking, Query(description="fixed: proximity and content; learned: the fitted mix")
    ] = "fixed",
    format: Annotated[str, Query(pattern="^(html|csv)$")] = "html",
) -> Response:
    types, lang = class_labels(release.id, db), current_language()

    def type_name(name: str) -> str:
        return type_label(types, name, lang)

    wording = _wording(lang)
    topic_names = _topic_names(db, lang)

    recs, error, chosen, status = [], "", None, 200
    if actor.strip():
        try:
            named = actor_by_name(analysis.G, search_index(release.id, db), actor.strip())
            chosen = analysis.resolve(named, kind="actor")
            recs = analysis.recommendations(
                chosen, k=k, cluster=cluster or None, actor_type=type or None,
                region=region or None, ranking=ranking,
            )  # fmt: skip
        except (NotFoundError, InvalidParameterError) as err:
            if format == "csv":
                raise
            error, chosen = str(err), None  # no "Partners for …" heading over a refusal
            status = err.status
    if format == "csv":
        rows = [
            [r["label"], r["actor"], r["type"],
             " ".join(c.rsplit("/", 1)[-1] for c in r["clusters"]), r["score"],
             "; ".join(_says(analysis, r, wording, lang)),
             "; ".join(x["label"] for x in r["shared_neighbours"]),
             "; ".join(topic_names(r["shared_topics"]))]
            for r in recs
        ]  # fmt: skip
        header = [
            "partner",
            "iri",
            "type",
            "clusters",
            "score",
            "path",
            "shared partners",
            "topics",
        ]
        return _csv(header, rows, "partners", lang)
    if chosen:
        annotate(db, chosen, recs)
    shown = [
        {
            **r,
            "href": page_href(r["actor"]),
            "type": type_name(str(r["type"])),
            "cluster_labels": [label_of(analysis.G, c, lang) for c in r["clusters"]],
            "partners": [_named(analysis, x["node"], lang) for x in r["shared_neighbours"]],
            # shared partners the evidence does not already show (the hubs, mostly)
            "other_partners": [_named(analysis, x["node"], lang)
                               for x in r["shared_neighbours"]
                               if x["node"] not in {e["partner"] for e in r["evidence"]}],
            "says": _says(analysis, r, wording, lang),
            "shared_topics": topic_names(r["shared_topics"]),
            "evidence": [
                {
                    **e,
                    "href": page_href(e["partner"]),
                    "with_actor": _linked(e["with_actor"]),
                    "with_candidate": _linked(e["with_candidate"]),
                    "with_actor_sources": e.get("with_actor_sources", []),
                    "with_candidate_sources": e.get("with_candidate_sources", []),
                }
                for e in r["evidence"]
            ],
        }
        for r in recs
    ]  # fmt: skip
    cluster_size = 0
    if not error:
        try:  # the filters are checked while no actor is chosen yet too
            analysis.filters(
                cluster=cluster or None, actor_type=type or None, region=region or None
            )
            cluster_size = len(analysis.actors(cluster=cluster)) if cluster else 0
        except (NotFoundError, InvalidParameterError) as err:
            error = str(err)
            status = err.status
    return HTMLResponse(
        render(
            "partners.html",
            title="Partner finder",
            actor=actor,
            cluster=cluster,
            type=type,
            region=region,
            regions=_regions(analysis, db, lang),
            region_size=0 if recs else _region_size(analysis, region),  # said only when none
            unlinked=bool(chosen) and analysis.A.degree(chosen) == 0,
            k=k,
            ranking=ranking,
            chosen=analysis.G.nodes[chosen]["label"] if chosen else "",
            cluster_label=_cluster_label(analysis, cluster),
            cluster_size=cluster_size,
            recs=shown,
            error=error,
            **_choices(analysis, type_name),
        ),
        status_code=status,
    )


@router.get("/bridges", summary="Who and what connects two clusters (HTML or CSV)",
            response_class=HTMLResponse, responses=_PAGE)  # fmt: skip
def bridges_page(
    analysis: AnalysisDep,
    db: DbDep,
    between: Annotated[list[str], Query(max_length=2, description="two cluster ids")] = [],  # noqa: B006
    format: Annotated[str, Query(pattern="^(html|csv)$")] = "html",
) -> Response:
    result, error, status = None, "", 200
    if len(between) == 2 and all(x.strip() for x in between):
        try:
            limit = None if format == "csv" else PAGE_LIMIT
            result = analysis.between(between[0], between[1], limit=limit)
        except (NotFoundError, InvalidParameterError) as err:
            if format == "csv":
                raise
            error = str(err)
            status = err.status
    if format == "csv":
        rows: list[list[object]] = []
        if result:
            rows += [["in both", x["label"], x["node"]] for x in result["in_both"]]
            rows += [["linked to both", x["label"], x["node"]] for x in result["spanning"]]
            rows += [["shared activity", x["label"], x["node"]] for x in result["activities"]]
        return _csv(["role", "name", "iri"], rows, "bridges")
    view = None
    if result:
        lang = current_language()
        view = {
            "a": label_of(analysis.G, result["a"], lang),
            "b": label_of(analysis.G, result["b"], lang),
            "weight": result["weight"],
            "crosslinks": result["crosslinks"],
            "in_both": [_named(analysis, x["node"], lang) for x in result["in_both"]],
            "in_both_total": result["in_both_total"],
            "spanning": [_named(analysis, x["node"], lang) for x in result["spanning"]],
            "spanning_total": result["spanning_total"],
            "paths": [[_named(analysis, x["node"], lang) for x in p] for p in result["paths"]],
            "activities": [
                {**_named(analysis, x["node"], lang), "kind": x["kind"],
                 "a": [_named(analysis, y["node"], lang) for y in x["a"]],
                 "b": [_named(analysis, y["node"], lang) for y in x["b"]]}
                for x in result["activities"]
            ],
            "activities_total": result["activities_total"],
            "topics": _topic_names(db, lang)(result["topics"]),
        }  # fmt: skip
        view["sketch"] = _sketch(view)
        pair = {result["a"], result["b"]}
        view["gap"] = next((g for g in analysis.gaps() if {g["a"], g["b"]} == pair), None)
    picked = [*between, "", ""][:2]
    return HTMLResponse(
        render(
            "bridges.html",
            title="Bridges between clusters",
            a=picked[0],
            b=picked[1],
            view=view,
            error=error,
            **_choices(analysis),
        ),
        status_code=status,
    )


def _sketch(view: dict[str, Any], *, most: int = 10) -> dict[str, Any]:
    """A small picture of what connects two clusters, for an inline SVG: the two clusters left and
    right, between them the organisations active in both (filled) and those linked to members of
    both (open, dashed lines), at most ``most`` of each, one row each: a line from the left
    cluster to the organisation, its name, a line on to the right cluster (never across a name).
    Coordinates in a 760-wide box."""
    middle = [(x, "both") for x in view["in_both"][:most]]
    middle += [(x, "linked") for x in view["spanning"][:most]]
    step, top = 26, 24
    height = max(2 * top + step * max(len(middle) - 1, 0), 90)
    centre = height / 2
    ends = [
        {"x": 100, "y": centre, "label": view["a"]},
        {"x": 660, "y": centre, "label": view["b"]},
    ]
    nodes = [
        {"x": 300, "y": top + i * step, "label": _clip(x["label"]), "href": x["href"], "role": role}
        for i, (x, role) in enumerate(middle)
    ]
    return {"height": round(height), "ends": ends, "nodes": nodes, "onward": 535}


def _clip(text: str, n: int = 32) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _topic_names(db: Database, lang: str) -> Callable[[list[str]], list[str]]:
    """Topics (the projection names them by their German label) in ``lang``: the English label
    where a topic has one. The labels are read once per request, when first needed, not once per
    list."""
    english: dict[str, str] = {}

    def names(topics: list[str]) -> list[str]:
        if lang == "de" or not topics:
            return topics
        if not english:
            english.update((r["de"], r["en"]) for r in select(db, "topic_labels") if r["en"])
        return sorted(english.get(t, t) for t in topics)

    return names


def _says(analysis: Analysis, rec: Recommendation, wording: Wording, lang: str) -> list[str]:
    """The path of a recommendation in words of ``lang``, one sentence per relation, direction
    kept ("ThEGA manages GreenTech"); the page and its CSV say the same."""
    return [
        f"{label_of(analysis.G, a['subject_node'], lang)} "
        f"{relation_phrase(a['relations'], wording)} "
        f"{label_of(analysis.G, a['object_node'], lang)}"
        for hop in rec["path"]
        for a in hop["arcs"]
    ]


def _linked(activities: list[EvidenceActivity]) -> list[dict[str, Any]]:
    """The activities of one tie of the evidence, each with its page (and its ``sources``)."""
    return [{**x, "href": page_href(x["node"])} for x in activities]


def _named(analysis: Analysis, node: str, lang: str) -> dict[str, str]:
    """A node as the pages link it: its label in ``lang`` and its page."""
    return {"label": label_of(analysis.G, node, lang), "href": page_href(node)}


def _cluster_label(analysis: Analysis, cluster: str) -> str:
    if not cluster:
        return ""
    try:
        return label_of(analysis.G, analysis.resolve(cluster, kind="cluster"), current_language())
    except NotFoundError:
        return cluster
