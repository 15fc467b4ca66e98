"""The ontology itself, ingested into its own named graph (``<https://w3id.org/innograph/ontology>``)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.vocab import ONTOLOGY_FILE, ONTOLOGY_GRAPH

__all__ = ["ingest_ontology", "load_ontology"]


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """Parse the OWL ontology; a syntax error names the file and line."""
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises several unrelated types for bad Turtle
        line = getattr(err, "lines", None)
        raise SourceError(path, line if isinstance(line, int) else None, str(err)) from err


def ingest_ontology(data_dir: Path) -> dict[URIRef, Graph]:
    """The ontology graph; ``data_dir`` is unused (the ontology lives in ``ontology/``)."""
    del data_dir
    return {ONTOLOGY_GRAPH: load_ontology()}
