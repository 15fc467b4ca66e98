"""The curated registries in ``data/`` → triples: regions, clusters, organisations.

Each row names the source document and line where the thing is named; its triples go into
that document's named graph with ``prov:wasDerivedFrom`` and ``ig:sourceLine``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from innograph.graph.errors import SourceError
from innograph.graph.vocab import ACTOR_PATH_OF_TYPE, IG, ORG, RDF, RDFS, SCHEMA, entity, slugify
from innograph.ingest.datafile import load_records, require, web_address
from innograph.ingest.graph_builder import provenance, state
from innograph.ingest.resolution import RESEARCH_ORGANISATIONS, Org, Resolver
from innograph.ingest.source_documents import load_catalogue, source_iri

__all__ = [
    "Cluster",
    "cluster_iri",
    "ingest_registries",
    "load_clusters",
    "org_iri",
    "region_iri",
]


@dataclass(frozen=True)
class Cluster:
    id: str
    label: dict[str, str]
    region: str
    doc: str
    line: int
    alt: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    group: str | None = None
    broader: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.label.values(), *self.alt)


REGISTRY_DOC = "research-registry"
ORGANISATION_REGISTRY_DOC = "organisation-registry"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
CATEGORIES = {
    "research-society": IG.ResearchSociety,
    "state-research": IG.StateResearchInstitute,
    "business-related": IG.BusinessRelatedResearchInstitute,
}
"""A research registry row's ``category`` → the subclass it is also typed with (curated)."""


def cluster_iri(cluster_id: str) -> URIRef:
    return entity("cluster", cluster_id)


def region_iri(region_id: str) -> URIRef:
    return entity("region", region_id)


def org_iri(org: Org) -> URIRef:
    """IRI of an organisation, its path segment named for its type.

    >>> str(org_iri(Org("optonet", "Network", {"de": "OptoNet e.V."})))
    'https://w3id.org/innograph/id/network/optonet'
    """
    return entity(_KIND_BY_TYPE.get(org.type, "actor"), org.id)


_KIND_BY_TYPE = ACTOR_PATH_OF_TYPE


def load_clusters(data_dir: Path) -> list[Cluster]:
    """Read ``data/clusters.yaml``."""
    return [
        Cluster(
            id=require(r, "id"),
            label=require(r, "label", dict),
            region=require(r, "region"),
            doc=require(r, "doc"),
            line=require(r, "line", int),
            alt=tuple(r.get("alt", ())),
            keywords=tuple(r.get("keywords", ())),
            group=r.get("group"),
            broader=r.get("broader"),
        )
        for r in load_records(data_dir / "clusters.yaml")
    ]


def ingest_registries(data_dir: Path) -> dict[URIRef, Graph]:
    """Regions, clusters and organisations, each in the graph of the document that names it."""
    parts: dict[URIRef, Graph] = {}

    def graph_of(doc: str) -> Graph:
        return parts.setdefault(source_iri(doc), Graph())

    for rec in load_records(data_dir / "regions.yaml"):
        doc, line = require(rec, "doc"), require(rec, "line", int)
        s = region_iri(require(rec, "id"))
        g = graph_of(doc)
        g.add((s, RDF.type, IG.Region))
        _labels(g, s, require(rec, "label", dict))
        _provenance(g, s, doc, line)

    for c in load_clusters(data_dir):
        s = cluster_iri(c.id)
        g = graph_of(c.doc)
        g.add((s, RDF.type, IG.Cluster))
        _labels(g, s, c.label)
        for alt in c.alt:
            g.add((s, SKOS.altLabel, Literal(alt, lang="de")))
        g.add((s, IG.inRegion, region_iri(c.region)))
        if c.group:
            g.add((s, SKOS.note, Literal(c.group, lang="de")))
        if c.broader:
            g.add((s, SKOS.broader, cluster_iri(c.broader)))
        _provenance(g, s, c.doc, c.line)

    resolver = Resolver.from_data(data_dir)
    clusters = {c.id for c in load_clusters(data_dir)}
    documents = {d.id for d in load_catalogue(data_dir)}
    for org in resolver.orgs:
        s = org_iri(org)
        research = org.registry == RESEARCH_ORGANISATIONS
        doc = REGISTRY_DOC if research else org.doc
        if doc is None:
            raise SourceError(
                data_dir / org.registry, org.registry_line, f"{org.id}: no doc names its source"
            )
        g = graph_of(doc)
        # What the registry adds (websites, places, clusters, identifiers, relations between
        # organisations) is curated: it lives in the registry's own graph, each fact citing the
        # registry row, never in the graph of a document that does not state it.
        cur_doc = REGISTRY_DOC if research else ORGANISATION_REGISTRY_DOC
        cur = graph_of(cur_doc)

        def curated(p: URIRef, o: Node, *, cur: Graph = cur, s: URIRef = s, doc: str = cur_doc,
                    row: int = org.registry_line) -> None:  # fmt: skip
            state(cur, source_iri(doc), s, p, o, row)

        try:
            g.add((s, RDF.type, IG[org.type]))
        except AttributeError as err:
            raise SourceError(
                data_dir / "organisations.yaml", None, f"{org.id}: unknown type {org.type!r}"
            ) from err
        _labels(g, s, org.name)
        for alt in (*org.abbr, *org.aliases):
            g.add((s, SKOS.altLabel, Literal(alt)))
        printed = {form for form, _, _ in org.printed}
        for typo in org.typos:
            if typo not in printed:
                curated(SKOS.hiddenLabel, Literal(typo))
        for form, form_doc, form_line in org.printed:
            if form_doc not in documents:
                raise SourceError(
                    data_dir / org.registry,
                    org.registry_line,
                    f"printed {form!r}: unknown document {form_doc!r} (one of {sorted(documents)})",
                )
            # where a document prints the short form: in that document's graph, with the line
            label = SKOS.hiddenLabel if form in org.typos else SKOS.altLabel
            state(graph_of(form_doc), source_iri(form_doc), s, label, Literal(form), form_line)
        if org.sub_of:
            curated(ORG.subOrganizationOf, org_iri(resolver.by_id[org.sub_of]))
        for successor in org.predecessor_of:
            curated(IG.predecessorOf, org_iri(resolver.by_id[successor]))
        if org.note:
            curated(SKOS.editorialNote, Literal(org.note, lang="en"))
        if org.website:
            curated(SCHEMA.url, web_address(org.website, org.registry, org.registry_line))
        if org.wikidata:
            curated(OWL.sameAs, WIKIDATA[org.wikidata])
        if org.city:
            place = entity("place", slugify(org.city))
            cur.add((place, RDF.type, IG.Place))
            cur.add((place, RDFS.label, Literal(org.city, lang="de")))
            _provenance(cur, place, cur_doc, org.registry_line)
            curated(SCHEMA.location, place)
        for cluster in org.clusters:
            if cluster not in clusters:
                raise SourceError(
                    data_dir / org.registry, org.registry_line, f"unknown cluster {cluster!r}"
                )
            curated(IG.cluster, cluster_iri(cluster))
        if org.curated:
            curated(DCTERMS.source, Literal(org.curated, lang="en"))
        if org.landscape:
            curated(DCTERMS.type, Literal(org.landscape))
        if org.category:
            if org.category not in CATEGORIES:
                raise SourceError(
                    data_dir / org.registry,
                    org.registry_line,
                    f"{org.id}: unknown category {org.category!r} (one of {sorted(CATEGORIES)})",
                )
            curated(RDF.type, CATEGORIES[org.category])
        if org.doc is not None:
            if org.line is None:
                raise SourceError(
                    data_dir / org.registry, org.registry_line, f"{org.id}: doc without line"
                )
            _provenance(g, s, org.doc, org.line)
        else:
            _provenance(g, s, REGISTRY_DOC, org.registry_line)
    return parts


def _labels(g: Graph, s: URIRef, labels: dict[str, str]) -> None:
    for lang, text in sorted(labels.items()):
        g.add((s, RDFS.label, Literal(text, lang=lang)))


def _provenance(g: Graph, s: URIRef, doc: str, line: int) -> None:
    provenance(g, s, source_iri(doc), line)
