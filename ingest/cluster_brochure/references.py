"""References become links (issue 14): the studies, databases and statistics the brochure's
figures name in their footnotes, and initiatives named after an organisation.

``data/references.yaml`` lists them. A figure whose printed source (``dcterms:source``, kept)
contains a row's ``match`` words gets ``ig:basedOn`` that row's entity, stated with the line of
the footnote that names it; a row with ``id`` is an ``ig:Study`` of its own (title, issued,
``ig:authoredBy`` where the footnote prints the author). A row with ``initiative`` links the
initiative to the organisation whose name it bears (``ig:sharesNameWith``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import BASE, IG, entity
from innograph.ingest.cluster_context import MappingContext
from innograph.ingest.datafile import Record, load_records, require
from innograph.ingest.graph_builder import GraphBuilder, state

__all__ = ["REFERENCES", "link_references"]

REFERENCES = "references.yaml"


def link_references(
    ctx: MappingContext,
    b: GraphBuilder,
    data_dir: Path,
    figures: list[tuple[URIRef, str, int]],
) -> None:
    """Link ``figures`` (``(figure, printed source, footnote line)``) to what their sources name.

    Raises
    ------
    SourceError
        For a row without ``iri``/``id``, an unknown author, or a row no figure matches (a
        stale row); the error names ``data/references.yaml`` and the row's line.
    """
    for rec in load_records(data_dir / REFERENCES):
        if rec.get("initiative") is not None:
            _namesake(ctx, b, rec)
            continue
        target = _target(ctx, b, rec)
        matched = False
        for fig, printed, line in figures:
            if any(words in printed for words in require(rec, "match", list)):
                state(b.graph, b.doc, fig, IG.basedOn, target, line)
                matched = True
        if not matched:
            raise SourceError(rec.path, rec.line, "no figure's printed source matches this row")


def _target(ctx: MappingContext, b: GraphBuilder, rec: Record) -> URIRef:
    if rec.get("iri") is not None:
        target = URIRef(f"{BASE}id/{require(rec, 'iri')}")
        for typo, line in (rec.get("typos") or {}).items():
            state(b.graph, b.doc, target, SKOS.hiddenLabel, Literal(typo, lang="de"), line)
        return target
    if rec.get("id") is None:
        raise SourceError(rec.path, rec.line, "give iri (an existing entity) or id (a study)")
    line = require(rec, "line", int)
    study = b.node(
        entity("study", require(rec, "id")), IG.Study, {"de": require(rec, "title")}, line
    )
    if rec.get("alias"):
        state(b.graph, b.doc, study, SKOS.altLabel, Literal(rec.get("alias"), lang="de"), line)
    if rec.get("issued"):
        state(b.graph, b.doc, study, DCTERMS.issued, Literal(str(rec.get("issued"))), line)
    author = rec.get("author")
    if author is not None:
        if author not in ctx.resolver.by_id:
            raise SourceError(rec.path, rec.line, f"author {author!r} is no registry organisation")
        state(b.graph, b.doc, study, IG.authoredBy, ctx.org_id(author), line)
    return study


def _namesake(ctx: MappingContext, b: GraphBuilder, rec: Record) -> None:
    initiative = URIRef(f"{BASE}id/{require(rec, 'initiative')}")
    org_id = require(rec, "organisation")
    if org_id not in ctx.resolver.by_id:
        raise SourceError(rec.path, rec.line, f"organisation {org_id!r} is not in the registry")
    if (initiative, None, None) not in b.graph:
        raise SourceError(rec.path, rec.line, f"no initiative {initiative} in the brochure")
    state(
        b.graph, b.doc, initiative, IG.sharesNameWith, ctx.org_id(org_id), require(rec, "line", int)
    )
