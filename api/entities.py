"""Linked Data: every entity IRI under ``https://w3id.org/innograph/id/`` is served at ``/id/…``,
and the ontology at ``/ontology``; HTML for browsers, Turtle/N-Triples/JSON-LD/RDF-XML by
``Accept`` or ``?format=``. Unknown IRIs get a 404.
"""

from __future__ import annotations

import math
from typing import Any, TypedDict
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Literal, Node, URIRef

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entity_links import analyses, network_frame
from innograph.api.errors import rdf_or_html
from innograph.api.i18n import current_language, translate
from innograph.api.negotiation import FORMAT_MEDIA, RDFLIB_FORMATS, choose_page_format
from innograph.api.passages import passage_href
from innograph.api.security import safe_href
from innograph.api.templating import render
from innograph.graph.errors import InvalidParameterError, NotFoundError
from innograph.graph.queries import construct, select_terms
from innograph.graph.sparql import serialize_graph
from innograph.graph.vocab import BASE, ID, ONTOLOGY_FILE, PREFIXES, PROV, page_path

__all__ = ["compact", "href", "router"]

router = APIRouter(tags=["linked data"])

_ONTOLOGY_NS = PREFIXES["ig"]
_EGO_MAX = 24


@router.get(
    "/id/{path:path}",
    summary="Linked Data page of an entity",
    response_class=Response,
    responses=rdf_or_html("The entity: an HTML page or its description in RDF"),
)
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
    out = one_label(select_terms(db, "entity_outgoing", entity=iri), "olabel")
    incoming = one_label(select_terms(db, "entity_incoming", entity=iri), "slabel")
    if not out and not incoming:
        raise NotFoundError(f"no entity <{iri.value}> in release {release.name}")
    headers = {"Vary": "Accept", "ETag": f'"{release.id[:16]}-{fmt}"', "Link": _alternates(path)}
    if fmt != "html":
        body = serialize_graph(construct(db, "entity_description", entity=iri), fmt)
        return Response(body, media_type=FORMAT_MEDIA[fmt], headers=headers)
    links = one_label(select_terms(db, "entity_crosslinks", entity=iri), "otherLabel", "evidence")
    facts = select_terms(db, "entity_fact_lines", entity=iri)
    from innograph.api.profiles import key_facts  # profiles builds on this module's helpers

    profile = key_facts(db, iri.value, out, incoming)
    html = _render_entity(iri.value, out, incoming, links, profile, facts)
    return HTMLResponse(html, headers=headers)


@router.get(
    "/ontology",
    summary="The innograph ontology (HTML documentation or RDF)",
    response_class=Response,
    responses=rdf_or_html("The ontology, documented in HTML or as RDF"),
)
def ontology(request: Request, format: str | None = None) -> Response:
    fmt = choose_page_format(request.headers.get("accept"), format)
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    negotiated = {"Vary": "Accept"}  # HTML or RDF by Accept
    if fmt == "turtle":
        body = ONTOLOGY_FILE.read_bytes()
        return Response(body, media_type=FORMAT_MEDIA["turtle"], headers=negotiated)
    if fmt != "html":
        body = g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
        return Response(body, media_type=FORMAT_MEDIA[fmt], headers=negotiated)
    return HTMLResponse(_render_ontology(g), headers=negotiated)


def compact(iri: str) -> str:
    """``ig:Cluster`` for ``https://w3id.org/innograph/ontology#Cluster``; the IRI otherwise.

    >>> compact("http://www.w3.org/2000/01/rdf-schema#label")
    'rdfs:label'
    """
    matches = [
        (len(ns), p) for p, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)
    ]
    if not matches:
        return iri
    size, prefix = max(matches)  # the longest namespace: cluster:optik, not id:cluster/optik
    return f"{prefix}:{iri[size:]}"


def page_href(iri: str) -> str:
    """``href(iri)``, or ``"#"`` where ``iri`` may not be a link."""
    return href(iri) or "#"


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: our own pages for our IRIs (none for one with a '.' or '..'
    segment, which a browser would resolve to another), the IRI itself when it is an http(s) or
    mailto IRI (``api.security.safe_href``), else ``None``: no link.

    >>> href("javascript:alert(1)") is None
    True

    >>> href("https://w3id.org/innograph/id/network/optonet"), href("https://w3id.org/innograph/ontology#Cluster")
    ('/id/network/optonet', '/ontology#Cluster')
    """
    if (path := page_path(iri)) is not None:  # percent-encoded: a '?' or '#' stays in the path
        return path
    if iri.startswith(_ONTOLOGY_NS):
        return "/ontology#" + iri[len(_ONTOLOGY_NS) :]
    if iri.startswith(BASE + "ontology"):
        return "/ontology"
    if iri.startswith(str(ID)):  # ours, but no page path ('.' or '..' in it): no link at all
        return None
    return safe_href(iri)


# --- rendering ---------------------------------------------------------------------


def _alternates(path: str) -> str:
    return ", ".join(
        f'</id/{quote(path)}?format={f}>; rel="alternate"; type="{FORMAT_MEDIA[f].split(";")[0]}"'
        for f in ("turtle", "ntriples", "jsonld")
    )


class TermView(TypedDict):
    """How a page shows one RDF term (rendered by the ``term`` macro of ``macros.html``)."""

    text: str
    href: str | None
    title: str | None
    hint: str | None


def term_view(
    term: ox.NamedNode | ox.Literal | ox.BlankNode | None, label: ox.Literal | None = None
) -> TermView:
    """An RDF term as text, a safe link target (or none) and a hint (language, datatype).

    >>> term_view(ox.NamedNode("javascript:alert(1)"))["href"] is None
    True
    >>> term_view(ox.Literal("Jena", language="de"))["hint"]
    '@de'
    """
    if term is None:
        return {"text": "", "href": None, "title": None, "hint": None}
    if isinstance(term, ox.NamedNode):
        text = label.value if label is not None else compact(term.value)
        return {"text": text, "href": href(term.value), "title": term.value, "hint": None}
    if isinstance(term, ox.Literal):
        hint = f"@{term.language}" if term.language else None
        dt = term.datatype.value
        if not term.language and not dt.endswith("#string"):
            hint = compact(dt)
        return {"text": term.value, "href": None, "title": None, "hint": hint}
    return {"text": str(term), "href": None, "title": None, "hint": None}


def one_label(rows: list[dict], *variables: str, lang: str | None = None) -> list[dict]:
    """``rows`` with one row per binding of the other variables: a term labelled in several
    languages comes back once per label from an ``OPTIONAL { ?o rdfs:label ?l }``, and the page
    shows it once, each of ``variables`` in the page's language (else the other one, else
    untagged, else any; equal ranks by value, so the choice does not depend on row order). Rows
    keep their order (that of each kept binding's first row).

    >>> de, en = ox.Literal("Optik", language="de"), ox.Literal("Optics", language="en")
    >>> rows = [{"o": ox.NamedNode("urn:x"), "l": en}, {"o": ox.NamedNode("urn:x"), "l": de}]
    >>> [r["l"].value for r in one_label(rows, "l", lang="de")], len(one_label(rows, "l"))
    (['Optik'], 1)
    """
    first = lang or current_language()
    order = {first: 0, "en" if first == "de" else "de": 1, "": 2}

    def rank(row: dict) -> tuple[tuple[int, str], ...]:
        def one(label: object) -> tuple[int, str]:
            if label is None:
                return 4, ""
            language = getattr(label, "language", None) or ""  # an IRI as a label: untagged
            return order.get(language, 3), str(getattr(label, "value", label))

        return tuple(one(row.get(v)) for v in variables)

    best: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(sorted((k, v) for k, v in row.items() if k not in variables))
        if key not in best or rank(row) < rank(best[key]):
            best[key] = row
    return list(best.values())


def _label(rows: list[dict]) -> str:
    labels = [r["o"] for r in rows if r["p"].value == str(RDFS.label)]
    first = current_language()
    for lang in (first, "en" if first == "de" else "de", ""):
        for lbl in labels:
            if (lbl.language or "") == lang:
                return lbl.value
    return ""


def _render_entity(
    iri: str,
    out: list[dict],
    incoming: list[dict],
    links: list[dict],
    profile: dict[str, Any],
    facts: list[dict] | None = None,
) -> str:
    label = _label(out) or iri.rsplit("/", 1)[-1]
    cited: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (p, o) → its lines, linked
    for r in facts or []:
        key = (r["p"].value, r["o"].value)
        cited.setdefault(key, []).append(_line_view(r["doc"].value, r["line"].value))
    frame = network_frame(iri)
    return render(
        "entity.html",
        analyses=analyses(iri),
        title=label,
        label=label,
        iri=iri,
        types=sorted({compact(r["o"].value) for r in out if r["p"].value == str(RDF.type)}),
        query_href="/query?query=" + quote("DESCRIBE <" + iri + ">"),
        frame=frame,
        ego=None if frame else _ego(iri, label, out, incoming),
        provenance=[
            {"doc": term_view(r["o"], r["olabel"]), "graph": term_view(r["g"])}
            for r in out
            if r["p"].value == str(PROV.wasDerivedFrom)
        ],
        lines=[
            _line_view(r["g"].value, r["o"].value)
            for r in out
            if r["p"].value.endswith("#sourceLine") and r["g"] is not None
        ],
        props=[
            {
                "p": term_view(r["p"]),
                "o": term_view(r["o"], r["olabel"]),
                "g": term_view(r["g"]),
                "lines": cited.get((r["p"].value, r["o"].value), []),
            }
            for r in out
        ],
        links=[
            {
                "other": term_view(r["other"], r["otherLabel"]),
                "type": r["type"].value,
                "evidence": r["evidence"].value if r["evidence"] else "",
                "doc": term_view(r["doc"]) if r["doc"] else None,
                "line": r["line"].value if r["line"] else None,
                "passage": passage_href(r["doc"].value, r["line"].value)
                if r["doc"] and r["line"]
                else None,
            }
            for r in links
        ],
        incoming=[{"s": term_view(r["s"], r["slabel"]), "p": term_view(r["p"])} for r in incoming],
        profile=profile,
    )


def _line_view(doc: str, line: str) -> dict[str, Any]:
    """A cited line: its number and the passage view it links to (``None`` for registries)."""
    return {"text": line, "href": passage_href(doc, line), "doc": doc}


def _ego(iri: str, label: str, out: list[dict], incoming: list[dict]) -> dict[str, Any] | None:
    """A small static ego network: the entity in the middle, its linked entities around it."""
    neighbours: dict[str, str] = {}
    for r in out:
        o = r["o"]
        own = isinstance(o, ox.NamedNode) and o.value.startswith(str(ID)) and o.value != iri
        if own and r["p"].value != str(PROV.wasDerivedFrom) and not _statement_node(o.value):
            neighbours.setdefault(o.value, r["olabel"].value if r["olabel"] else compact(o.value))
    for r in incoming:
        s = r["s"]
        if isinstance(s, ox.NamedNode) and s.value != iri and not _statement_node(s.value):
            neighbours.setdefault(s.value, r["slabel"].value if r["slabel"] else compact(s.value))
    if not neighbours:
        return None
    items = list(neighbours.items())[:_EGO_MAX]
    w, h, radius = 760, 340, 130
    cx, cy = w // 2, h // 2
    nodes = []
    for i, (niri, nlabel) in enumerate(items):
        a = 2 * math.pi * i / len(items) - math.pi / 2  # the first neighbour at the top
        x, y = cx + 1.7 * radius * math.cos(a), cy + radius * math.sin(a)
        # labels point away from the centre, beside the node (above or below it only at the
        # very top and bottom), so that neighbours close together do not share a line
        side = math.cos(a)
        anchor = "start" if side > 0.05 else "end" if side < -0.05 else "middle"
        lx = x + (8 if anchor == "start" else -8 if anchor == "end" else 0)
        ly = y + 3.5 if anchor != "middle" else (y - 9 if math.sin(a) < 0 else y + 16)
        nodes.append(
            {
                "x": round(x),
                "y": round(y),
                "lx": round(lx),
                "ly": round(ly),
                "anchor": anchor,
                "href": page_href(niri),
                "label": nlabel,
                "short": nlabel if len(nlabel) <= 24 else nlabel[:22] + "…",
            }
        )
    centre = label if len(label) <= 36 else label[:34] + "…"
    return {"w": w, "h": h, "cx": cx, "cy": cy, "nodes": nodes, "centre": centre}


_STATEMENT_KINDS = ("statement/", "involvement/", "crosslink/", "participation/", "figure/")


def _statement_node(iri: str) -> bool:
    """Nodes that qualify a fact (its line, its evidence) rather than being an entity."""
    return iri.startswith(str(ID)) and iri[len(str(ID)) :].startswith(_STATEMENT_KINDS)


def _render_ontology(g: Graph) -> str:
    """The ontology's terms as tables, labels and meanings in the page's language first."""
    first = current_language()
    second = "en" if first == "de" else "de"

    def rows(kind: Node) -> list[dict[str, Any]]:
        out = []
        for term in sorted(
            t
            for t in g.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(_ONTOLOGY_NS)
        ):
            labels = {
                lbl.language: str(lbl)
                for lbl in g.objects(term, RDFS.label)
                if isinstance(lbl, Literal)
            }
            comments = {
                c.language: str(c) for c in g.objects(term, RDFS.comment) if isinstance(c, Literal)
            }
            parents = [*g.objects(term, RDFS.subClassOf), *g.objects(term, RDFS.subPropertyOf)]
            extra = [
                f"{translate('domain')} {compact(str(d))}" for d in g.objects(term, RDFS.domain)
            ]
            extra += [
                f"{translate('range')} {compact(str(d))}" for d in g.objects(term, RDFS.range)
            ]
            out.append(
                {
                    "name": str(term)[len(_ONTOLOGY_NS) :],
                    "label": labels.get(first, ""),
                    "other_label": labels.get(second, ""),
                    "comment": comments.get(first) or comments.get(second, ""),
                    "parents": [term_view(ox.NamedNode(str(p))) for p in parents],
                    "extra": ", ".join(extra),
                }
            )
        return out

    sections = [
        {"title": "Classes", "rows": rows(OWL.Class)},
        {"title": "Object properties", "rows": rows(OWL.ObjectProperty)},
        {"title": "Datatype properties", "rows": rows(OWL.DatatypeProperty)},
    ]
    return render("ontology.html", title="Ontology", namespace=_ONTOLOGY_NS, sections=sections)
