"""The catalogue of source documents (``data/sources.yaml``) → ``ig:SourceDocument`` triples.

Each document gets an IRI under ``id/source/``; that IRI is also the name of the named graph
that holds every fact taken from the document, so ``GRAPH ?doc { … }`` selects one source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.vocab import DCTERMS, IG, PROV, RDF, RDFS, XSD, entity
from innograph.ingest.datafile import Record, load_records, require

__all__ = [
    "CATALOGUE",
    "SourceDocument",
    "count_lines",
    "ingest_source_documents",
    "load_catalogue",
    "map_document",
    "source_iri",
]

CATALOGUE = "sources.yaml"


@dataclass(frozen=True)
class SourceDocument:
    """One source document as the catalogue describes it."""

    id: str
    file: str
    language: str
    titles: dict[str, str]
    title_line: int
    sha256: str | None = None
    lines: int | None = None
    kind: str | None = None
    publisher: str | None = None
    publisher_line: int | None = None
    issued: str | None = None
    issued_line: int | None = None
    catalogue_line: int = 0

    @property
    def iri(self) -> URIRef:
        return source_iri(self.id)


def source_iri(doc_id: str) -> URIRef:
    """IRI of a source document and of its named graph.

    >>> str(source_iri("thcm-brochure-2012"))
    'https://w3id.org/innograph/id/source/thcm-brochure-2012'
    """
    return entity("source", doc_id)


def load_catalogue(data_dir: Path) -> list[SourceDocument]:
    """Read ``data/sources.yaml`` into ``SourceDocument`` records.

    Raises
    ------
    SourceError
        On a missing field, a duplicate id or file, naming ``sources.yaml`` and the line.
    """
    docs: list[SourceDocument] = []
    seen: dict[str, int] = {}
    for rec in load_records(data_dir / CATALOGUE):
        doc = _to_document(rec)
        for key in (doc.id, doc.file):
            if key in seen:
                raise SourceError(rec.path, rec.line, f"{key!r} already listed at line {seen[key]}")
            seen[key] = rec.line
        docs.append(doc)
    return docs


def ingest_source_documents(data_dir: Path) -> dict[URIRef, Graph]:
    """One graph per source document, named by the document's IRI, describing the document."""
    return {doc.iri: map_document(doc) for doc in load_catalogue(data_dir)}


def count_lines(text: str) -> int:
    """Number of lines as editors and ``sed -n`` count them (``\\n`` only; no form feeds).

    >>> count_lines("a\\nb"), count_lines("a\\nb\\n"), count_lines("")
    (2, 2, 0)
    """
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _to_document(rec: Record) -> SourceDocument:
    titles = require(rec, "title", dict)
    language = require(rec, "language")
    if language not in titles:
        raise SourceError(rec.path, rec.line, f"no title in the document's language {language!r}")
    return SourceDocument(
        id=require(rec, "id"),
        file=require(rec, "file"),
        language=language,
        titles={str(k): str(v) for k, v in titles.items()},
        title_line=require(rec, "title_line", int),
        sha256=rec.get("sha256"),
        lines=rec.get("lines"),
        kind=rec.get("kind"),
        publisher=rec.get("publisher"),
        publisher_line=rec.get("publisher_line"),
        issued=None if rec.get("issued") is None else str(rec.get("issued")),
        issued_line=rec.get("issued_line"),
        catalogue_line=rec.line,
    )


def map_document(doc: SourceDocument) -> Graph:
    """The triples describing one source document (in its own graph)."""
    g = Graph()
    s = doc.iri
    g.add((s, RDF.type, IG.SourceDocument))
    for lang, title in sorted(doc.titles.items()):
        g.add((s, DCTERMS.title, Literal(title, lang=lang)))
        g.add((s, RDFS.label, Literal(title, lang=lang)))
    g.add((s, DCTERMS.language, Literal(doc.language)))
    g.add((s, IG.fileName, Literal(doc.file)))
    g.add((s, IG.sourceLine, Literal(doc.title_line, datatype=XSD.integer)))
    g.add((s, PROV.wasDerivedFrom, s))
    if doc.sha256:
        g.add((s, IG.sha256, Literal(doc.sha256)))
    if doc.lines is not None:
        g.add((s, IG.lineCount, Literal(doc.lines, datatype=XSD.integer)))
    if doc.kind:
        g.add((s, DCTERMS.type, Literal(doc.kind)))
    if doc.publisher:
        g.add((s, DCTERMS.publisher, Literal(doc.publisher)))
    if doc.issued:
        dtype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(doc.issued), XSD.date)
        g.add((s, DCTERMS.issued, Literal(doc.issued, datatype=dtype)))
    return g
