"""``/query``: the SPARQL editor. Works offline: every byte is served from here, no CDN.

The editor is YASGUI's (``@zazuko/yasgui``, MIT, vendored under ``static/vendor/yasgui`` with its
licence): highlighting, syntax check, prefixes folded so an example's body is in sight, and
autocompletion of prefixes, classes, properties and entity names from this graph (never from
prefix.cc or LOV). Results render through innograph's own result views (``static/query.js``):
a table with labels instead of IRIs, sorting and paging; a bar chart for numeric columns; the raw
response. Every result kind downloads (CSV, TSV, JSON, XML for rows; Turtle, N-Triples, JSON-LD,
RDF/XML and a CSV of the triples for graphs), and a short link (``/q/<id>``, ``api.shares``)
reopens a query.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from innograph.api.i18n import translate
from innograph.api.release_memo import per_release
from innograph.api.templating import render
from innograph.graph.database import Database
from innograph.graph.queries import examples, select_terms
from innograph.graph.resources import resource
from innograph.graph.vocab import BASE, ID, ID_KINDS, PREFIXES

__all__ = ["competency_questions", "editor_terms", "prefixes", "render_query_page", "router"]

router = APIRouter(tags=["pages"])

_UI = (
    "Table",
    "Chart",
    "Response",
    "Download",
    "Share",
    "Copy link",
    "Copied",
    "Link to share this query:",
    "previous",
    "next",
    "rows {a}–{b} of {n}",
    "{n} row(s)",
    "No rows.",
    "Sort by {v}",
    "running…",
    "truncated at the row limit",
    "A chart needs a column of numbers.",
    "Run query",
    "SPARQL query",
)
"""Texts the script shows, translated on the server with the page (``messages.de.yaml``)."""


@router.get(
    "/api/prefixes",
    summary="The prefixes every query may use without declaring them (prefix → namespace)",
    tags=["query"],
    response_model=dict[str, str],
)
def prefixes() -> dict[str, str]:
    return PREFIXES


@router.get("/query", response_class=HTMLResponse, summary="SPARQL query editor")
def query_page(request: Request) -> HTMLResponse:
    return render_query_page(request, query=request.query_params.get("query"))


def render_query_page(
    request: Request, *, query: str | None = None, run: bool = False
) -> HTMLResponse:
    """The editor, holding ``query`` (else an example) and running it at once when ``run`` or
    when the query came in the URL."""
    handle = request.app.state.store
    release, db = handle.get()
    initial = query or examples()[6].query
    questions = competency_questions()
    gallery = [e.query for e in examples()] + [q["query"] for q in questions]
    data = {
        "prefixMap": PREFIXES,
        "kinds": list(ID_KINDS),
        "idBase": str(ID),
        "examples": gallery,
        "base": BASE,
        "initial": initial,
        "run": run or query is not None,
        "terms": editor_terms(release.id, db),
        "ui": {text: translate(text) for text in _UI},
    }
    html = render(
        "query.html",
        title="SPARQL query",
        examples=examples(),
        questions=questions,
        data=data,
    )
    return HTMLResponse(html)


def editor_terms(release_id: str, db: Database) -> dict[str, list[str]]:
    """The classes and properties the release uses (for autocompletion), once per release."""

    def read() -> dict[str, list[str]]:
        terms: dict[str, list[str]] = {"class": [], "property": []}
        for row in select_terms(db, "editor_terms"):
            terms[row["kind"].value].append(row["term"].value)
        return terms

    return per_release.get(release_id, "editor-terms", read)


@cache
def competency_questions() -> list[dict[str, Any]]:
    """The competency questions (``graph/rq/questions.yaml``) the page offers after the examples."""
    text = resource("innograph.graph.rq", "questions.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text))
