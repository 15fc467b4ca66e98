"""``/query``: the SPARQL query page. Works offline: every byte is served from here, no CDN.

Our prefixes are pre-filled, a gallery offers the example queries, results render as a table
whose entity IRIs link to their pages, download as CSV or JSON, and the query sits in the URL
(``/query?query=…``) so that a result can be shared.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.layout import esc, page
from graph.queries import examples, prefix_block
from graph.vocab import BASE

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
<h1>SPARQL query</h1>
<p class="muted">The default graph is the union of all named graphs; use <code>GRAPH ?g {{ … }}</code>
to see each source document's graph. Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol).</p>
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
<style>
.qp {{ display: grid; grid-template-columns: 18rem 1fr; gap: 1.2rem; }}
.qp aside ol {{ padding-left: 1.2rem; }} .qp aside li {{ margin: .2rem 0; }}
button.example {{ background: none; border: 0; color: var(--accent); cursor: pointer; text-align: left;
  padding: 0; font: inherit; }}
textarea {{ width: 100%; font-size: 13px; border: 1px solid var(--line); border-radius: 4px; padding: .5rem; }}
.bar {{ display: flex; gap: 1rem; align-items: center; margin: .4rem 0; }}
#run {{ background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .4rem 1rem; cursor: pointer; }}
.error {{ color: #b3261e; white-space: pre-wrap; }}
</style>
<script id="qp-data" type="application/json">{data}</script>
<script>{_SCRIPT}</script>
"""
    return HTMLResponse(page("SPARQL query", body))


_SCRIPT = """
(function () {
  const data = JSON.parse(document.getElementById('qp-data').textContent);
  const q = document.getElementById('query');
  const status = document.getElementById('status');
  const results = document.getElementById('results');
  function link(fmt) { return '/sparql?format=' + fmt + '&query=' + encodeURIComponent(q.value); }
  function refreshLinks() {
    document.getElementById('dl-csv').href = link('csv');
    document.getElementById('dl-json').href = link('json');
  }
  function cell(term) {
    const td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      const a = document.createElement('a');
      a.textContent = term.value;
      a.href = term.value.startsWith(data.base) ? '/' + term.value.slice(data.base.length) : term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value + (term['xml:lang'] ? ' @' + term['xml:lang'] : '');
      if (term.datatype && /integer|decimal|double/.test(term.datatype)) td.className = 'num';
    }
    return td;
  }
  async function run() {
    const text = q.value;
    history.replaceState(null, '', '/query?query=' + encodeURIComponent(text));
    refreshLinks();
    status.textContent = 'running…';
    results.innerHTML = '';
    const t0 = performance.now();
    let resp;
    try {
      resp = await fetch('/sparql', { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded',
                   'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
        body: new URLSearchParams({ query: text }) });
    } catch (e) { status.textContent = ''; results.innerHTML = '<p class="error"></p>';
      results.firstChild.textContent = String(e); return; }
    const ms = Math.round(performance.now() - t0);
    const ctype = resp.headers.get('content-type') || '';
    if (!resp.ok) {
      const body = await resp.text();
      let msg = body; try { msg = JSON.parse(body).message; } catch (e) {}
      status.textContent = resp.status + ' · ' + ms + ' ms';
      const p = document.createElement('p'); p.className = 'error'; p.textContent = msg;
      results.appendChild(p); return;
    }
    if (ctype.startsWith('application/sparql-results+json')) {
      const json = await resp.json();
      if ('boolean' in json) { status.textContent = 'ASK → ' + json.boolean + ' · ' + ms + ' ms'; return; }
      const vars = json.head.vars, rows = json.results.bindings;
      const table = document.createElement('table'); table.id = 'result-table';
      const hr = table.insertRow();
      vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; hr.appendChild(th); });
      rows.forEach(b => { const tr = table.insertRow(); vars.forEach(v => tr.appendChild(cell(b[v]))); });
      results.appendChild(table);
      const cut = resp.headers.get('x-innograph-truncated') ? ' (truncated at the row limit)' : '';
      status.textContent = rows.length + ' row(s) · ' + ms + ' ms' + cut;
    } else {
      const pre = document.createElement('pre'); pre.textContent = await resp.text();
      results.appendChild(pre); status.textContent = ms + ' ms';
    }
  }
  document.getElementById('qform').addEventListener('submit', e => { e.preventDefault(); run(); });
  document.querySelectorAll('button.example').forEach(b => b.addEventListener('click', () => {
    q.value = data.prefixes + '\\n' + data.examples[+b.dataset.index]; run();
  }));
  refreshLinks();
  if (new URLSearchParams(location.search).has('query')) run();
})();
"""
