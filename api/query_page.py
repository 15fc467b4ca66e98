"""``/query``: the SPARQL query page. Works offline: every byte is served from here, no CDN.

Our prefixes are pre-filled, a gallery offers the example queries, results render as a table
whose entity IRIs link to their pages, download as CSV or JSON, and the query sits in the URL
(``/query?query=…``) so that a result can be shared.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from innograph.api.templating import render
from innograph.graph.queries import examples, prefix_block
from innograph.graph.resources import resource
from innograph.graph.vocab import BASE

__all__ = ["render_query_page", "router"]

router = APIRouter(tags=["pages"])


@router.get("/query", response_class=HTMLResponse, summary="SPARQL query page")
def query_page(request: Request) -> HTMLResponse:
    return render_query_page(request)


def render_query_page(request: Request) -> HTMLResponse:
    """The query page, pre-filled with ``?query=`` when given."""
    initial = request.query_params.get("query") or prefix_block() + "\n" + examples()[6].query
    questions = competency_questions()
    gallery = [e.query for e in examples()] + [q["query"] for q in questions]
    data = {"prefixes": prefix_block(), "examples": gallery, "base": BASE}
    html = render(
        "query.html",
        title="SPARQL query",
        examples=examples(),
        questions=questions,
        initial=initial,
        data=data,
    )
    return HTMLResponse(html)


@cache
def competency_questions() -> list[dict[str, Any]]:
    """The competency questions (``graph/rq/questions.yaml``) the page offers after the examples."""
    text = resource("innograph.graph.rq", "questions.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text))
