"""Linked Data: every entity IRI under ``https://w3id.org/innograph/id/`` is served at ``/id/…``,
and the ontology at ``/ontology``; HTML for browsers, Turtle/N-Triples/JSON-LD/RDF-XML by
``Accept`` or ``?format=``. Unknown IRIs get a 404.
"""

from __future__ import annotations

import math
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.layout import esc, page
from innograph.api.negotiation import FORMAT_MEDIA, RDFLIB_FORMATS, choose_page_format
from innograph.api.security import safe_href
from innograph.graph.errors import InvalidParameterError, NotFoundError
from innograph.graph.queries import construct, select_terms
from innograph.graph.sparql import serialize_graph
from innograph.graph.vocab import BASE, ID, ONTOLOGY_FILE, PREFIXES, PROV

__all__ = ["compact", "href", "router"]

router = APIRouter(tags=["linked data"])

_ONTOLOGY_NS = PREFIXES["ig"]
_EGO_MAX = 24


@router.get("/id/{path:path}", summary="Linked Data page of an entity", response_class=Response)
def entity_page(
    path: str, request: Request, db: DbDep, release: ReleaseDep, format: str | None = None
) -> Response:
    fmt = choose_page_format(request.headers.get("accept"), format)
    try:
        iri = ox.NamedNode(str(ID) + path)
    except ValueError:
        raise InvalidParameterError(
            f"{path!r} is not a valid entity path: it has characters an IRI cannot contain"
        ) from None
    out = select_terms(db, "entity_outgoing", entity=iri)
    incoming = select_terms(db, "entity_incoming", entity=iri)
    if not out and not incoming:
        raise NotFoundError(f"no entity <{iri.value}> in release {release.name}")
    headers = {"Vary": "Accept", "ETag": f'"{release.id[:16]}-{fmt}"', "Link": _alternates(path)}
    if fmt != "html":
        body = serialize_graph(construct(db, "entity_description", entity=iri), fmt)
        return Response(body, media_type=FORMAT_MEDIA[fmt], headers=headers)
    links = select_terms(db, "entity_crosslinks", entity=iri)
    html = _render_entity(iri.value, out, incoming, links)
    return HTMLResponse(html, headers=headers)


@router.get("/ontology", summary="The innograph ontology (HTML documentation or RDF)")
def ontology(request: Request, format: str | None = None) -> Response:
    fmt = choose_page_format(request.headers.get("accept"), format)
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    if fmt == "turtle":
        return Response(ONTOLOGY_FILE.read_bytes(), media_type=FORMAT_MEDIA["turtle"])
    if fmt != "html":
        body = g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
        return Response(body, media_type=FORMAT_MEDIA[fmt])
    return HTMLResponse(_render_ontology(g))


def compact(iri: str) -> str:
    """``ig:Cluster`` for ``https://w3id.org/innograph/ontology#Cluster``; the IRI otherwise.

    >>> compact("http://www.w3.org/2000/01/rdf-schema#label")
    'rdfs:label'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def page_href(iri: str) -> str:
    """``href(iri)``, or ``"#"`` where ``iri`` may not be a link."""
    return href(iri) or "#"


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: our own pages for our IRIs, the IRI itself when it is an
    http(s) or mailto IRI (``api.security.safe_href``), else ``None``: no link.

    >>> href("javascript:alert(1)") is None
    True

    >>> href("https://w3id.org/innograph/id/network/optonet"), href("https://w3id.org/innograph/ontology#Cluster")
    ('/id/network/optonet', '/ontology#Cluster')
    """
    if iri.startswith(str(ID)):
        return "/id/" + iri[len(str(ID)) :]
    if iri.startswith(_ONTOLOGY_NS):
        return "/ontology#" + iri[len(_ONTOLOGY_NS) :]
    if iri.startswith(BASE + "ontology"):
        return "/ontology"
    return safe_href(iri)


# --- rendering ---------------------------------------------------------------------


def _alternates(path: str) -> str:
    return ", ".join(
        f'</id/{quote(path)}?format={f}>; rel="alternate"; type="{FORMAT_MEDIA[f].split(";")[0]}"'
        for f in ("turtle", "ntriples", "jsonld")
    )


def _term(term: ox.NamedNode | ox.Literal | ox.BlankNode, label: ox.Literal | None = None) -> str:
    if isinstance(term, ox.NamedNode):
        text = label.value if label is not None else compact(term.value)
        target = href(term.value)
        if target is None:  # not a scheme a browser should follow from data
            return f'<span title="{esc(term.value)}">{esc(text)}</span>'
        return f'<a href="{esc(target)}" title="{esc(term.value)}">{esc(text)}</a>'
    if isinstance(term, ox.Literal):
        suffix = f' <span class="muted">@{esc(term.language)}</span>' if term.language else ""
        dt = term.datatype.value
        if not term.language and not dt.endswith("#string"):
            suffix = f' <span class="muted">{esc(compact(dt))}</span>'
        return esc(term.value) + suffix
    return esc(str(term))


def _label(rows: list[dict]) -> str:
    labels = [r["o"] for r in rows if r["p"].value == str(RDFS.label)]
    for lang in ("de", "en", ""):
        for lbl in labels:
            if (lbl.language or "") == lang:
                return lbl.value
    return ""


def _render_entity(iri: str, out: list[dict], incoming: list[dict], links: list[dict]) -> str:
    label = _label(out) or iri.rsplit("/", 1)[-1]
    types = sorted({compact(r["o"].value) for r in out if r["p"].value == str(RDF.type)})
    prov = [r for r in out if r["p"].value in (str(PROV.wasDerivedFrom),)]
    lines = [r["o"].value for r in out if r["p"].value.endswith("#sourceLine")]
    prov_html = "".join(
        f"<li>{_term(r['o'], r['olabel'])}"
        + (f", line {esc(', '.join(lines))}" if lines else "")
        + f' · <span class="muted">graph {_term(r["g"])}</span></li>'
        for r in prov
    )
    props = "".join(
        f"<tr><td>{_term(r['p'])}</td><td>{_term(r['o'], r['olabel'])}</td>"
        f'<td class="muted">{_term(r["g"])}</td></tr>'
        for r in out
    )
    inc = "".join(
        f"<tr><td>{_term(r['s'], r['slabel'])}</td><td>{_term(r['p'])}</td></tr>" for r in incoming
    )
    xl = "".join(
        f"<tr><td>{_term(r['other'], r['otherLabel'])}</td><td>{esc(r['type'].value)}</td>"
        f"<td>{esc(r['evidence'].value) if r['evidence'] else ''}</td>"
        f"<td>{_term(r['doc']) if r['doc'] else ''}"
        f"{', line ' + esc(r['line'].value) if r['line'] else ''}</td></tr>"
        for r in links
    )
    query = f"/query?query={quote('DESCRIBE <' + iri + '>')}"
    body = f"""
<p class="muted">{esc(" · ".join(types))}</p>
<h1>{esc(label)}</h1>
<p><code>{esc(iri)}</code> · <a href="{esc(query)}">query this entity</a> ·
as <a href="?format=turtle">Turtle</a>, <a href="?format=ntriples">N-Triples</a>,
<a href="?format=jsonld">JSON-LD</a></p>
{_network_frame(iri) or _ego_svg(iri, label, out, incoming)}
<h2>Provenance</h2><ul>{prov_html or "<li class=muted>none recorded</li>"}</ul>
<h2>Properties</h2>
<table><tr><th>property</th><th>value</th><th>named graph</th></tr>{props}</table>
{"<h2>Cross-links</h2><table><tr><th>linked to</th><th>type</th><th>evidence</th><th>source</th></tr>" + xl + "</table>" if xl else ""}
<h2>Incoming links</h2>
{"<table><tr><th>from</th><th>property</th></tr>" + inc + "</table>" if inc else "<p class=muted>none</p>"}
"""  # noqa: E501
    return page(label, body)


_ACTOR_KINDS = {
    "network",
    "research",
    "agency",
    "ministry",
    "company",
    "chamber",
    "foundation",
    "committee",
    "actor",
}


def _network_frame(iri: str) -> str:
    """The interactive network view an actor's or cluster's page embeds (empty for other kinds)."""
    path = iri[len(str(ID)) :]
    kind = path.split("/", 1)[0]
    if kind == "cluster":
        src = f"/viz/cluster/{path.split('/', 1)[1]}"
    elif kind in _ACTOR_KINDS:
        src = f"/viz/actor/{path}"
    else:
        return ""
    return (
        f'<iframe class="network" src="{esc(src)}" title="network view" loading="lazy" '
        f'style="width:100%;height:420px;border:1px solid #dde2e8;border-radius:6px"></iframe>'
        f'<p class="muted"><a href="{esc(src)}">open the network view</a></p>'
    )


def _ego_svg(iri: str, label: str, out: list[dict], incoming: list[dict]) -> str:
    """A small static ego network: the entity in the middle, its linked entities around it."""
    neighbours: dict[str, str] = {}
    for r in out:
        o = r["o"]
        if isinstance(o, ox.NamedNode) and o.value.startswith(str(ID)) and o.value != iri:
            is_provenance = r["p"].value == str(PROV.wasDerivedFrom)
            if not is_provenance:
                neighbours.setdefault(
                    o.value, r["olabel"].value if r["olabel"] else compact(o.value)
                )
    for r in incoming:
        s = r["s"]
        if isinstance(s, ox.NamedNode) and s.value != iri:
            neighbours.setdefault(s.value, r["slabel"].value if r["slabel"] else compact(s.value))
    if not neighbours:
        return ""
    items = list(neighbours.items())[:_EGO_MAX]
    w, h, r = 640, 300, 115
    cx, cy = w / 2, h / 2
    parts = []
    for i, (niri, nlabel) in enumerate(items):
        a = 2 * math.pi * i / len(items)
        x, y = cx + 2.2 * r * math.cos(a), cy + r * math.sin(a)
        short = nlabel if len(nlabel) <= 28 else nlabel[:26] + "…"
        parts.append(
            f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="#9fb3c8"/>'
            f'<a href="{esc(page_href(niri))}">'
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="#0b5cad">'
            f"<title>{esc(nlabel)}</title></circle>"
            f'<text x="{x:.0f}" y="{y - 9:.0f}" font-size="10" text-anchor="middle">'
            f"{esc(short)}</text></a>"
        )
    centre = label if len(label) <= 36 else label[:34] + "…"
    return (
        f'<svg class="ego" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" role="img" '
        f'aria-label="ego network">{"".join(parts)}'
        f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="10" fill="#d9822b"/>'
        f'<text x="{cx:.0f}" y="{cy + 24:.0f}" font-size="12" font-weight="bold" '
        f'text-anchor="middle">{esc(centre)}</text></svg>'
    )


def _render_ontology(g: Graph) -> str:
    def rows(kind) -> str:
        out = []
        for term in sorted(
            t for t in g.subjects(RDF.type, kind) if str(t).startswith(_ONTOLOGY_NS)
        ):
            name = str(term)[len(_ONTOLOGY_NS) :]
            labels = {lbl.language: str(lbl) for lbl in g.objects(term, RDFS.label)}
            comment = next(
                (str(c) for c in g.objects(term, RDFS.comment) if c.language == "en"), ""
            )
            parents = [*g.objects(term, RDFS.subClassOf), *g.objects(term, RDFS.subPropertyOf)]
            extra = [f"domain {compact(str(d))}" for d in g.objects(term, RDFS.domain)]
            extra += [f"range {compact(str(d))}" for d in g.objects(term, RDFS.range)]
            out.append(
                f'<tr id="{esc(name)}"><td><code>ig:{esc(name)}</code></td>'
                f"<td>{esc(labels.get('en', ''))}<br><span class=muted>{esc(labels.get('de', ''))}"
                f"</span></td><td>{esc(comment)}</td>"
                f"<td>{'<br>'.join(_term(ox.NamedNode(str(p))) for p in parents)}"
                f"{'<br><span class=muted>' + esc(', '.join(extra)) + '</span>' if extra else ''}"
                "</td></tr>"
            )
        return "".join(out)

    head = "<tr><th>term</th><th>label (en / de)</th><th>meaning</th><th>aligned to</th></tr>"
    body = f"""
<h1>innograph ontology</h1>
<p>Namespace <code>{esc(_ONTOLOGY_NS)}</code> (prefix <code>ig:</code>) ·
<a href="/ontology?format=turtle">Turtle</a> · <a href="/ontology?format=jsonld">JSON-LD</a> ·
SHACL shapes in <code>ontology/shapes.ttl</code></p>
<h2>Classes</h2><table>{head}{rows(OWL.Class)}</table>
<h2>Object properties</h2><table>{head}{rows(OWL.ObjectProperty)}</table>
<h2>Datatype properties</h2><table>{head}{rows(OWL.DatatypeProperty)}</table>
"""
    return page("Ontology", body)
