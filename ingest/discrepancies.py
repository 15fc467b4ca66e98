"""Disagreements in and between the documents, as ``ig:Discrepancy`` nodes.

A discrepancy has one kind (a concept of ``id:scheme/discrepancy-kinds``, from
``data/discrepancy_kinds.yaml``), a note, and two or more sides. Each side
(``ig:DiscrepancySide``) says what one document prints on one line: ``prov:wasDerivedFrom`` the
document, ``ig:sourceLine`` the line, ``ig:printed`` the words, ``ig:about`` the figure, cluster or
organisation it concerns. A side lives in the named graph of its document (the document states
it); the discrepancy itself lives where it was found: the brochure's graph for the mechanical
section-vs-Anlage-2 comparisons its mapper derives, the graph of the reviewed file
``data/discrepancies.yaml`` for the ones people found by reading.

>>> from rdflib import Graph
>>> g = Graph()
>>> doc = entity("source", "doc")
>>> d = write_discrepancy(lambda _doc: g, g, doc, 1, "x", "wording",
...     [Side(doc, 4, "Sprecher"), Side(doc, 9, "Geschäftsführer")], {"en": "two roles"})
>>> len(list(g.objects(d, IG.side)))
2
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, RDF, RDFS, entity
from innograph.ingest.datafile import load_records, require
from innograph.ingest.graph_builder import provenance
from innograph.ingest.registries import cluster_iri, load_clusters, org_iri
from innograph.ingest.resolution import Resolver
from innograph.ingest.source_documents import load_catalogue, source_iri

__all__ = [
    "DISCREPANCIES_FILE",
    "KINDS_FILE",
    "REGISTRY_DOC",
    "SCHEME",
    "CuratedDiscrepancy",
    "Side",
    "ingest_discrepancies",
    "kind_iri",
    "load_discrepancies",
    "load_kinds",
    "write_discrepancy",
]

KINDS_FILE = "discrepancy_kinds.yaml"
DISCREPANCIES_FILE = "discrepancies.yaml"
REGISTRY_DOC = "discrepancy-registry"
SCHEME = entity("scheme", "discrepancy-kinds")


@dataclass(frozen=True)
class Side:
    """What ``doc`` prints on ``line``: ``printed``, concerning ``about``."""

    doc: URIRef
    line: int
    printed: str
    about: URIRef | None = None


@dataclass(frozen=True)
class CuratedDiscrepancy:
    """One reviewed row of ``data/discrepancies.yaml``."""

    id: str
    kind: str
    sides: tuple[Side, ...]
    note: dict[str, str]
    line: int


def kind_iri(kind: str) -> URIRef:
    """``…/id/discrepancy-kind/<kind>``."""
    return entity("discrepancy-kind", kind)


def load_kinds(data_dir: Path) -> dict[str, dict]:
    """The kinds by id (label and definition per language); a ``SourceError`` for a repeated id."""
    kinds: dict[str, dict] = {}
    for rec in load_records(data_dir / KINDS_FILE):
        kid = require(rec, "id")
        if kid in kinds:
            raise SourceError(rec.path, rec.line, f"kind {kid!r} twice")
        kinds[kid] = {
            "label": require(rec, "label", dict),
            "definition": require(rec, "definition", dict),
            "line": rec.line,
        }
    return kinds


def load_discrepancies(data_dir: Path) -> list[CuratedDiscrepancy]:
    """The reviewed discrepancies.

    Raises
    ------
    SourceError
        For an unknown kind, document, cluster or organisation, a repeated id or fewer than two
        sides; names the file and the row's line.
    """
    kinds = load_kinds(data_dir)
    docs = {d.id for d in load_catalogue(data_dir)}
    about = _about_table(data_dir)
    out: list[CuratedDiscrepancy] = []
    seen: set[str] = set()
    for rec in load_records(data_dir / DISCREPANCIES_FILE):
        did, kind = require(rec, "id"), require(rec, "kind")
        if did in seen:
            raise SourceError(rec.path, rec.line, f"discrepancy {did!r} twice")
        seen.add(did)
        if kind not in kinds:
            raise SourceError(rec.path, rec.line, f"{did}: unknown kind {kind!r}")
        target = rec.get("about")
        if target is not None and target not in about:
            raise SourceError(rec.path, rec.line, f"{did}: unknown about {target!r}")
        sides = []
        for side in require(rec, "sides", list):
            if side.get("doc") not in docs:
                raise SourceError(rec.path, rec.line, f"{did}: unknown doc {side.get('doc')!r}")
            line, printed = side.get("line"), side.get("printed")
            if not isinstance(line, int) or not isinstance(printed, str) or not printed:
                raise SourceError(rec.path, rec.line, f"{did}: a side needs line and printed")
            sides.append(
                Side(source_iri(side["doc"]), line, printed, about[target] if target else None)
            )
        if len(sides) < 2:
            raise SourceError(rec.path, rec.line, f"{did}: a discrepancy needs two sides")
        out.append(
            CuratedDiscrepancy(did, kind, tuple(sides), require(rec, "note", dict), rec.line)
        )
    return out


def write_discrepancy(
    graph_of: Callable[[URIRef], Graph],
    g: Graph,
    doc: URIRef,
    line: int | None,
    key: str,
    kind: str,
    sides: Sequence[Side],
    note: dict[str, str],
) -> URIRef:
    """Write the discrepancy ``key`` into ``g`` (derived from ``doc``, at ``line`` of a reviewed
    file; ``None`` for one a mapper derives: its sides carry the lines) and each side into
    ``graph_of(side.doc)``; return its IRI."""
    d = entity("discrepancy", key)
    g.add((d, RDF.type, IG.Discrepancy))
    g.add((d, IG.discrepancyKind, kind_iri(kind)))
    for lang, text in sorted(note.items()):
        g.add((d, SKOS.note, Literal(text, lang=lang)))
    provenance(g, d, doc, line)
    for n, side in enumerate(sides, start=1):
        s = entity("discrepancy", f"{key}--{n}")
        sg = graph_of(side.doc)
        sg.add((s, RDF.type, IG.DiscrepancySide))
        sg.add((s, IG.printed, Literal(side.printed)))
        if side.about is not None:
            sg.add((s, IG.about, side.about))
        provenance(sg, s, side.doc, side.line)
        g.add((d, IG.side, s))
    return d


def ingest_discrepancies(data_dir: Path) -> dict[URIRef, Graph]:
    """The kinds scheme and the reviewed discrepancies (``data/discrepancies.yaml``)."""
    registry = source_iri(REGISTRY_DOC)
    parts: dict[URIRef, Graph] = {registry: Graph()}

    def graph_of(doc: URIRef) -> Graph:
        return parts.setdefault(doc, Graph())

    g = parts[registry]
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, SKOS.prefLabel, Literal("Arten von Abweichungen", lang="de")))
    g.add((SCHEME, SKOS.prefLabel, Literal("Kinds of discrepancy", lang="en")))
    for kid, kind in load_kinds(data_dir).items():
        k = kind_iri(kid)
        g.add((k, RDF.type, IG.DiscrepancyKind))
        g.add((k, SKOS.inScheme, SCHEME))
        g.add((k, SKOS.notation, Literal(kid)))
        for lang, text in sorted(kind["label"].items()):
            g.add((k, SKOS.prefLabel, Literal(text, lang=lang)))
            g.add((k, RDFS.label, Literal(text, lang=lang)))
        for lang, text in sorted(kind["definition"].items()):
            g.add((k, SKOS.definition, Literal(text, lang=lang)))
    for d in load_discrepancies(data_dir):
        write_discrepancy(graph_of, g, registry, d.line, d.id, d.kind, d.sides, d.note)
    return parts


def _about_table(data_dir: Path) -> dict[str, URIRef]:
    table = {f"cluster:{c.id}": cluster_iri(c.id) for c in load_clusters(data_dir)}
    resolver = Resolver.from_data(data_dir)
    table.update({f"org:{o.id}": org_iri(o) for o in resolver.orgs})
    return table
