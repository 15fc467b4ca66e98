"""Links between clusters that the sources state in words (``data/stated_links.yaml``)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, entity
from innograph.ingest.datafile import literals, load_records, require, texts
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.registries import cluster_iri, load_clusters
from innograph.ingest.source_documents import source_iri

__all__ = ["ingest_stated_links"]

FILE = "stated_links.yaml"


def ingest_stated_links(data_dir: Path) -> dict[URIRef, Graph]:
    """One ``ig:CrossLink`` (type "stated") per row, in the graph of the stating document."""
    known = {c.id for c in load_clusters(data_dir)}
    builders: dict[str, GraphBuilder] = {}
    for rec in load_records(data_dir / FILE):
        a, b, doc = require(rec, "a"), require(rec, "b"), require(rec, "doc")
        line = require(rec, "line", int)
        for c in (a, b):
            if c not in known:
                raise SourceError(rec.path, rec.line, f"unknown cluster {c!r}")
        builder = builders.setdefault(doc, GraphBuilder(source_iri(doc)))
        first, second = sorted((a, b))
        link = entity("crosslink", f"{first}--{second}--stated--{doc}-{line}")
        builder.node(link, IG.CrossLink, None, line)
        builder.add(link, IG.source, cluster_iri(a))
        builder.add(link, IG.target, cluster_iri(b))
        builder.add(link, IG.linkType, Literal("stated"))
        for words in literals(texts(rec, "evidence")):
            builder.add(link, IG.evidence, words)
        builder.add(cluster_iri(a), IG.linkedTo, cluster_iri(b))
        builder.add(cluster_iri(b), IG.linkedTo, cluster_iri(a))
    return {b.doc: b.graph for b in builders.values()}
