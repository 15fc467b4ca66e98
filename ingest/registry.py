"""The ingesters ``innograph build`` runs, in order.

An ingester is a function ``data_dir -> {graph IRI: rdflib.Graph}``. Several ingesters may
contribute to the same named graph (the graph of one source document); the build merges them.
An ingester whose output is large may also ``stream``: write its triples straight into the build's
``QuadFile`` (through ``GraphBuilder(doc, sink=out.graph(doc))``) without holding them.
To add a source: write its parser and mapper in a module named for it and register it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from innograph.ingest.clusters import ingest_clusters
from innograph.ingest.discrepancies import ingest_discrepancies
from innograph.ingest.imports import ingest_imports
from innograph.ingest.measures import ingest_measures
from innograph.ingest.ontology import ingest_ontology
from innograph.ingest.quads import QuadFile
from innograph.ingest.registries import ingest_registries
from innograph.ingest.source_documents import ingest_source_documents
from innograph.ingest.stated_links import ingest_stated_links

__all__ = ["INGESTERS", "GraphParts", "Ingester"]

GraphParts = dict[URIRef, Graph]


@dataclass(frozen=True)
class Ingester:
    """A named step of the build."""

    name: str
    description: str
    run: Callable[[Path], GraphParts]
    stream: Callable[[Path, QuadFile], None] | None = None
    """Write the same triples as ``run`` into a ``QuadFile`` without holding them (optional)."""


INGESTERS: list[Ingester] = [
    Ingester("ontology", "the innograph OWL ontology", ingest_ontology),
    Ingester("sources", "one ig:SourceDocument per source file", ingest_source_documents),
    Ingester("registries", "regions, clusters and organisations (data/*.yaml)", ingest_registries),
    Ingester(
        "clusters",
        "growth fields, networks, structures, events (4 cluster sources)",
        ingest_clusters,
    ),
    Ingester("measures", "the 75 measures of the digital strategy", ingest_measures),
    Ingester("stated-links", "links between clusters the sources state", ingest_stated_links),
    Ingester(
        "discrepancies",
        "disagreements found by reading (data/discrepancies.yaml) and their kinds",
        ingest_discrepancies,
    ),
    Ingester("imports", "imported files listed in data/imports.yaml", ingest_imports),
]
