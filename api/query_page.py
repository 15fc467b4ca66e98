"""``/query``: the SPARQL query page. Works offline: every byte is served from here, no CDN.

Our prefixes are pre-filled, a gallery offers the example queries, results render as a table
whose entity IRIs link to their pages, download as CSV or JSON, and the query sits in the URL
(``/query?query=…``) so that a result can be shared.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from innograph.api.layout import esc, page
from innograph.graph.queries import examples, prefix_block
from innograph.graph.vocab import BASE

__all__ = ["render_query_page", "router"]

router = APIRouter(tags=["pages"])


@router.get("/query", response_class=HTMLResponse, summary="SPARQL query page")
def query_page(request: Request) -> HTMLResponse:
    return render_query_page(request)


def render_query_page(request: Request) -> HTMLResponse:
    """The query page, pre-filled with ``?query=`` when given."""
    initial = request.query_params.get("query") or prefix_block() + "\n" + examples()[6].query
    gallery = "".join(
        f'<li><button type="button" class="example" data-index="{i}" title="{esc(e.description)}">'
        f"{esc(e.title)}</button></li>"
        for i, e in enumerate(examples())
    )
    data = json.dumps(
        {"prefixes": prefix_block(), "examples": [e.query for e in examples()], "base": BASE}
    ).replace("</", "<\\/")
    body = f"""
<link rel="stylesheet" href="/static/query.css">
<h1>SPARQL query</h1>
<p class="muted">The default graph is the union of all named graphs;
use <code>GRAPH ?g {{ … }}</code> to see each source document's graph.
Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol).</p>
<div class="qp">
  <aside><h2>Examples</h2><ol id="examples">{gallery}</ol></aside>
  <section>
    <form id="qform" method="get" action="/query">
      <textarea id="query" name="query" spellcheck="false" rows="18">{esc(initial)}</textarea>
      <div class="bar"><button id="run" type="submit">Run query</button>
        <a id="dl-csv" href="#">CSV</a> <a id="dl-json" href="#">JSON</a>
        <span id="status" class="muted"></span></div>
    </form>
    <div id="results"></div>
  </section>
</div>
<script id="qp-data" type="application/json">{data}</script>
<script src="/static/query.js"></script>
"""
    return HTMLResponse(page("SPARQL query", body))
