"""SHACL validation of innograph data against ``ontology/shapes.ttl`` (pySHACL).

The data graph is the union of every named graph of the store, ontology included, so that
``sh:targetClass ig:Actor`` also reaches instances of its subclasses (``ig:Network`` …).

References
----------
.. [1] W3C, "Shapes Constraint Language (SHACL)", 2017. https://www.w3.org/TR/shacl/
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
import pyshacl
from rdflib import Graph

from innograph.graph.database import Database
from innograph.graph.errors import StoreError
from innograph.graph.vocab import SH, SHAPES_FILE

__all__ = ["ValidationResult", "store_to_rdflib", "validate_graph", "validate_store"]

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of one validation: whether the data conforms, how many violations, the report."""

    conforms: bool
    violations: int
    report: str

    def to_dict(self) -> dict[str, object]:
        return {"conforms": self.conforms, "violations": self.violations}


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate an rdflib graph against innograph's shapes (or ``shapes``).

    Examples
    --------
    >>> from rdflib import Graph
    >>> validate_graph(Graph()).conforms
    True
    """
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else _shapes(),
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return ValidationResult(bool(conforms), violations, str(text))


def validate_store(db: Database) -> ValidationResult:
    """Validate the union of every named graph in an Oxigraph store."""
    return validate_graph(store_to_rdflib(db))


def store_to_rdflib(db: Database) -> Graph:
    """The union of the store's named graphs as one rdflib graph (for small graphs only)."""
    triples = db.query(_UNION)
    if isinstance(triples, ox.QuerySolutions | ox.QueryBoolean):
        raise StoreError("the store answered a CONSTRUCT query without triples")
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")
