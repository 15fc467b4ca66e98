"""Web pages for people: the front page with an overview of the data and the latest build."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import ReleaseDep
from api.layout import esc, page

__all__ = ["router"]

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse, summary="Front page: what the graph holds")
def front_page(release: ReleaseDep) -> HTMLResponse:
    meta = release.meta
    validation = meta.get("validation", {})
    status = (
        '<span class="ok">conforms to the SHACL shapes</span>'
        if validation.get("conforms")
        else f'<span class="bad">{validation.get("violations", "?")} violation(s)</span>'
    )
    classes = "".join(
        f'<tr><td><a href="{esc(c)}">{esc(_short(c))}</a></td><td class="num">{n}</td></tr>'
        for c, n in meta.get("classes", {}).items()
    )
    graphs = "".join(
        f'<tr><td><a href="{esc(g)}">{esc(g)}</a></td><td class="num">{n}</td></tr>'
        for g, n in meta.get("graphs", {}).items()
    )
    body = f"""
<h1>innograph</h1>
<p>A knowledge graph of Thuringia's innovation ecosystem (and Berlin-Brandenburg's ICT/media
cluster): clusters, networks, research organisations, agencies, ministries and policy measures,
every fact traced to its source document and line.</p>
<div class="cards">
  <div class="card"><b>{meta.get("triples", 0)}</b> triples in
    <b>{len(meta.get("graphs", {}))}</b> named graphs</div>
  <div class="card">Release <code>{esc(release.name)}</code><br>
    built {esc(str(meta.get("built_at", "?")))}<br>{status}</div>
  <div class="card"><a href="/sparql">SPARQL endpoint</a> ·
    <a href="/docs">API docs</a> · <a href="/ontology">ontology</a></div>
</div>
<h2>Instances per class</h2>
<table><tr><th>class</th><th class="num">instances</th></tr>{classes}</table>
<h2>Named graphs (one per source document)</h2>
<table><tr><th>graph</th><th class="num">triples</th></tr>{graphs}</table>
"""
    return HTMLResponse(page("Overview", body))


def _short(iri: str) -> str:
    for prefix, ns in (
        ("ig:", "https://w3id.org/innograph/ontology#"),
        ("owl:", "http://www.w3.org/2002/07/owl#"),
    ):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri
