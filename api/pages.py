"""Web pages for people: the front page — what the graph holds, the latest build, where to go."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entities import compact, page_href
from innograph.api.layout import esc, page
from innograph.graph.queries import select

__all__ = ["router"]

router = APIRouter(tags=["pages"])

_TEXT = {
    "de": {
        "intro": "Ein Wissensgraph des Thüringer Innovations-Ökosystems (und des "
        "Berlin-Brandenburger IKT-/Medien-Clusters): Cluster, Netzwerke, Forschungseinrichtungen, "
        "Agenturen, Ministerien und Maßnahmen — jede Aussage mit Quelldokument und Zeile.",
        "build": "Letzter Build",
        "classes": "Instanzen je Klasse",
        "clusters": "Cluster und Kennzahlen",
        "graphs": "Benannte Graphen",
        "go": "Weiter",
        "companies": "Unternehmen",
        "employees": "Beschäftigte",
        "turnover": "Umsatz (Mio. €)",
        "region": "Region",
        "cluster": "Cluster",
        "regions": "Regionen",
    },
    "en": {
        "intro": "A knowledge graph of Thuringia's innovation ecosystem (and Berlin-Brandenburg's "
        "ICT/media cluster): clusters, networks, research organisations, agencies, ministries and "
        "policy measures — every fact traced to its source document and line.",
        "build": "Latest build",
        "classes": "Instances per class",
        "clusters": "Clusters and figures",
        "graphs": "Named graphs",
        "go": "Where to go",
        "companies": "Companies",
        "employees": "Employees",
        "turnover": "Turnover (€ m)",
        "region": "Region",
        "cluster": "Cluster",
        "regions": "Regions",
    },
}


@router.get("/", response_class=HTMLResponse, summary="Front page: what the graph holds")
def front_page(
    release: ReleaseDep, db: DbDep, lang: Annotated[str, Query(pattern="^(de|en)$")] = "en"
) -> HTMLResponse:
    t = _TEXT[lang]
    meta = release.meta
    validation = meta.get("validation", {})
    status = (
        '<span class="ok">SHACL ✓</span>'
        if validation.get("conforms")
        else f'<span class="bad">{validation.get("violations", "?")} SHACL violation(s)</span>'
    )
    classes = "".join(
        f'<tr><td><a href="{esc(page_href(c))}">{esc(compact(c))}</a></td>'
        f'<td class="num">{n}</td></tr>'
        for c, n in meta.get("classes", {}).items()
        if c.startswith("https://w3id.org/innograph/ontology#")
    )
    graphs = "".join(
        f'<tr><td><a href="{esc(page_href(g))}">{esc(compact(g))}</a></td>'
        f'<td class="num">{n}</td></tr>'
        for g, n in meta.get("graphs", {}).items()
    )
    rows, regions = [], {}
    found = select(db, "front_clusters")
    name = {c["cluster"]: c["de"] or c["en"] or c["cluster"] for c in found}

    def order(c: dict) -> tuple:  # sub-fields right below the field they belong to
        top = name.get(c["broader"], "") if c["broader"] else name[c["cluster"]]
        return (c["regionLabel"] or "", top, c["broader"] is not None, name[c["cluster"]])

    for c in sorted({c["cluster"]: c for c in found}.values(), key=order):
        label = (c["de"] if lang == "de" else c["en"]) or c["de"] or c["en"] or c["cluster"]
        indent = "&nbsp;&nbsp;↳ " if c["broader"] else ""
        regions[c["region"]] = c["regionLabel"]
        turnover = f"{c['turnover'] / 1e6:,.0f}" if c["turnover"] is not None else ""
        rows.append(
            f'<tr><td>{indent}<a href="{esc(page_href(c["cluster"]))}">{esc(label)}</a></td>'
            f"<td>{esc(c['regionLabel'] or '')}</td>"
            f'<td class="num">{_n(c["companies"])}</td><td class="num">{_n(c["employees"])}</td>'
            f'<td class="num">{turnover}</td></tr>'
        )
    region_links = " · ".join(
        f'<a href="{esc(page_href(r))}">{esc(lbl or r)}</a>'
        for r, lbl in sorted(regions.items())
        if r
    )
    other = "en" if lang == "de" else "de"
    body = f"""
<p style="float:right"><a href="/?lang={other}">{"English" if other == "en" else "Deutsch"}</a></p>
<h1>innograph</h1>
<p>{esc(t["intro"])}</p>
<div class="cards">
  <div class="card"><b>{meta.get("triples", 0):,}</b> triples · <b>{len(meta.get("graphs", {}))}</b>
    named graphs</div>
  <div class="card">{t["build"]}: <code>{esc(release.name)}</code><br>
    {esc(str(meta.get("built_at", "?")))} · {status}</div>
  <div class="card">{t["regions"]}: {region_links}</div>
</div>
<h2>{t["go"]}</h2>
<ul class="go">
  <li><a href="/query">SPARQL query page</a> with 13 example queries ·
    endpoint <code>/sparql</code></li>
  <li>Networks: <a href="/viz/ecosystem">ecosystem</a> · <a href="/viz/clusters">clusters and their
    links</a></li>
  <li><a href="/docs">API docs</a> (analytics: <a href="/api/clusters">/api/clusters</a>,
    <a href="/api/gaps">/api/gaps</a>, …)</li>
  <li>Dumps: <a href="/dump.trig">TriG</a> · <a href="/dump.nq">N-Quads</a> ·
    <a href="/void">VoID/DCAT description</a> · <a href="/ontology">ontology</a></li>
  <li>Notebooks: <code>notebooks/</code> in the repository (SPARQL into pandas, bridges,
    recommendations)</li>
</ul>
<h2>{t["clusters"]}</h2>
<table><tr><th>{t["cluster"]}</th><th>{t["region"]}</th><th class="num">{t["companies"]}</th>
<th class="num">{t["employees"]}</th><th class="num">{t["turnover"]}</th></tr>
{"".join(rows)}</table>
<h2>{t["classes"]}</h2>
<table><tr><th>class</th><th class="num">instances</th></tr>{classes}</table>
<h2>{t["graphs"]}</h2>
<table><tr><th>graph</th><th class="num">triples</th></tr>{graphs}</table>
"""
    return HTMLResponse(page("Overview" if lang == "en" else "Übersicht", body, lang=lang))


def _n(value: object) -> str:
    return "" if value is None else f"{int(value):,}"
