"""``/disagreements``: where the documents disagree, with themselves or with each other — grouped
by kind, both (or all) sides with their document and line; HTML, or JSON with ``?format=json``
or ``Accept: application/json``."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from innograph.api.deps import DbDep
from innograph.api.entities import page_href
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language
from innograph.api.negotiation import prefers_html
from innograph.api.passages import passage_href
from innograph.api.templating import render
from innograph.graph.errors import InvalidParameterError
from innograph.graph.queries import select

__all__ = ["disagreements", "router"]

router = APIRouter(tags=["pages"], responses=ERROR_RESPONSES)

_KIND_ORDER = (
    "numeric-conflict",
    "qualifier",
    "approximation",
    "date",
    "cross-document",
    "classification-variant",
    "wording",
    "naming-variant",
)
"""Substance first: what changes a number or a date before what changes only a name."""


@router.get(
    "/disagreements",
    summary="Where the documents disagree: grouped by kind, each side with document and line",
    responses={200: {"content": {"text/html": {}, "application/json": {}}}},
)
def disagreements(
    request: Request,
    db: DbDep,
    kind: Annotated[str, Query(max_length=60, description="a kind's notation")] = "",
    format: Annotated[str | None, Query(pattern="^(html|json)$")] = None,
) -> Response:
    if kind:
        known = [str(r["kind"]) for r in select(db, "discrepancy_kinds")]
        if kind not in known:
            raise InvalidParameterError(f"kind={kind!r}: not one of {', '.join(known)}")
    lang = current_language()
    found = _discrepancies(select(db, "discrepancies"), lang)
    counts = Counter(d["kind"] for d in found)
    shown = [d for d in found if not kind or d["kind"] == kind]
    accept = request.headers.get("accept") or ""
    as_json = format == "json" or (format is None and "json" in accept and not prefers_html(accept))
    if as_json:
        body = {"total": len(found), "counts": dict(counts), "discrepancies": shown}
        return JSONResponse(body, headers={"Content-Language": lang})  # its words: the language
    groups = []
    for k in sorted({d["kind"] for d in shown}, key=_rank):
        items = [d for d in shown if d["kind"] == k]
        groups.append({"kind": k, "label": items[0]["label"], "definition": items[0]["definition"],
                       "rows": items, "width": max(len(d["sides"]) for d in items)})  # fmt: skip
    labels = {d["kind"]: d["label"] for d in found}
    return HTMLResponse(
        render(
            "disagreements.html",
            title="Disagreements",
            groups=groups,
            total=len(found),
            counts=[(k, labels[k], counts[k]) for k in sorted(counts, key=_rank)],
            kind=kind,
        )
    )


def _rank(kind: str) -> tuple[int, str]:
    return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER), kind)


def _discrepancies(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One dict per discrepancy (kind, label, note, sides in line order) from the query's rows."""

    def pick(r: dict[str, Any], key: str) -> str:
        first, other = (
            (r[key + "De"], r[key + "En"]) if lang == "de" else (r[key + "En"], r[key + "De"])
        )
        return str(first or other or "")

    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = out.setdefault(
            r["d"],
            {
                "iri": r["d"],
                "kind": r["kind"],
                "label": pick(r, "kind"),
                "definition": pick(r, "definition"),
                "note": pick(r, "note"),
                "sides": [],
            },
        )
        about = r["concerns"]
        d["sides"].append(
            {
                "document": r["doc"],
                "document_title": pick(r, "doc"),
                "document_href": page_href(r["doc"]),
                "line": int(r["line"]),
                "passage": passage_href(r["doc"], r["line"]),
                "printed": r["printed"],
                "about": about,
                "about_label": pick(r, "about"),
                "about_href": page_href(about) if about else None,
            }
        )
    for d in out.values():
        d["sides"].sort(key=lambda s: (s["document"], s["line"]))
    return sorted(out.values(), key=lambda d: (_rank(d["kind"]), d["sides"][0]["document"],
                                               d["sides"][0]["line"]))  # fmt: skip
