"""Whole-dataset dumps and the dataset's VoID + DCAT description."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from innograph.api.deps import DbDep, ReleaseDep, SettingsDep
from innograph.api.errors import ERROR_RESPONSES, rdf_or_html
from innograph.api.negotiation import FORMAT_MEDIA, RDFLIB_FORMATS, choose_page_format
from innograph.graph.store import LiveRelease
from innograph.graph.vocab import BASE, DCAT, VOID

__all__ = ["LICENSE", "router", "void_description"]

router = APIRouter(tags=["dumps"])

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_DUMPS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
_DUMP_MEDIA = {"trig": FORMAT_MEDIA["trig"], "nq": FORMAT_MEDIA["nquads"]}


@router.get(
    "/dump.{ext}",
    summary="The whole dataset with its named graphs (TriG or N-Quads)",
    response_class=Response,
    responses={
        200: {
            "description": "Every named graph",
            "content": {"application/trig": {}, "application/n-quads": {}},
        },
        404: ERROR_RESPONSES[404],
    },
)
def dump(ext: str, request: Request, db: DbDep, release: ReleaseDep) -> Response:
    if ext not in _DUMPS:
        from innograph.graph.errors import NotFoundError

        raise NotFoundError(f"no dump /dump.{ext}; available: /dump.trig, /dump.nq")
    etag = f'"{release.id[:32]}-{ext}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "Content-Disposition": f'attachment; filename="innograph-{release.name}.{ext}"',
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(db.dump(format=_DUMPS[ext]), media_type=_DUMP_MEDIA[ext], headers=headers)


@router.get(
    "/void",
    summary="VoID + DCAT description of the dataset",
    response_class=Response,
    responses=rdf_or_html("The dataset description in RDF (or HTML)"),
)
@router.get("/.well-known/void", include_in_schema=False)
def void(
    request: Request, release: ReleaseDep, settings: SettingsDep, format: str | None = None
) -> Response:
    fmt = choose_page_format(request.headers.get("accept"), format)
    if fmt == "html":
        fmt = "turtle"
    base = (settings.base_url or str(request.base_url)).rstrip("/")
    g = void_description(release, base)
    return Response(
        g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8"),
        media_type=FORMAT_MEDIA[fmt],
        headers={"Vary": "Accept"},  # Turtle or JSON-LD by Accept
    )


def void_description(release: LiveRelease, base_url: str) -> Graph:
    """VoID + DCAT: licence, triple counts per graph and class, version, build time."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(BASE + "dataset")
    meta = release.meta
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("innograph", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Knowledge graph of Thuringia's innovation ecosystem: clusters, networks, "
                "research organisations, agencies, ministries and policy measures, with "
                "line-level provenance.",
                lang="en",
            ),
        )
    )
    g.add((ds, DCTERMS.license, URIRef(LICENSE)))
    g.add((ds, OWL.versionInfo, Literal(release.id)))
    g.add((ds, DCTERMS.identifier, Literal(release.name)))
    if meta.get("built_at"):
        g.add((ds, DCTERMS.modified, Literal(meta["built_at"], datatype=XSD.dateTime)))
    g.add((ds, VOID.triples, Literal(meta.get("triples", 0), datatype=XSD.integer)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base_url + "/sparql")))
    g.add((ds, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(BASE + "ontology#")))
    for ext, media in _DUMP_MEDIA.items():
        url = URIRef(f"{base_url}/dump.{ext}")
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{BASE}dataset/distribution/{ext}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, Literal(media)))
        g.add((dist, DCTERMS.license, URIRef(LICENSE)))
    for i, (name, n) in enumerate(sorted(meta.get("graphs", {}).items())):
        sub = URIRef(f"{BASE}dataset/graph/{i}")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, DCTERMS.source, URIRef(name)))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
    for i, (cls, n) in enumerate(sorted(meta.get("classes", {}).items())):
        part = URIRef(f"{BASE}dataset/class/{i}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    return g
