"""SHACL validation of innograph data against ``ontology/shapes.ttl``.

Two validators give one result type, :class:`ValidationResult`:

- **in the store** (the default of :func:`validate_store`): ``graph/shacl_sparql.py`` compiles the
  shapes into SPARQL queries that Oxigraph runs over the union default graph; nothing is copied;
- **pySHACL** (:func:`validate_graph`, or ``validate_store(db, engine="pyshacl")``, which first
  copies the store into rdflib): for small rdflib graphs, and the oracle the tests compare against.

The data graph is the union of every named graph of the store, ontology included, so that
``sh:targetClass ig:Actor`` also reaches instances of its subclasses (``ig:Network`` …).

References
----------
.. [1] W3C, "Shapes Constraint Language (SHACL)", 2017. https://www.w3.org/TR/shacl/
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node as RdfNode

from innograph.graph import shacl_sparql
from innograph.graph.database import Database
from innograph.graph.errors import StoreError
from innograph.graph.queries import select_many
from innograph.graph.shacl_sparql import (
    VIOLATION,
    CompiledShapes,
    ShaclResult,
    Term,
    compile_shapes,
)
from innograph.graph.vocab import SH, SHAPES_FILE, XSD

__all__ = [
    "Engine",
    "ValidationResult",
    "format_report",
    "store_to_rdflib",
    "validate_graph",
    "validate_store",
]

Engine = Literal["sparql", "pyshacl"]
"""Which validator ``validate_store`` uses: in the store (``"sparql"``) or pySHACL."""

_FIELDS = ("Severity", "Source Shape", "Focus Node", "Value Node", "Result Path")
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of one validation: whether the data conforms, how many violations, the report.

    ``results`` holds every validation result (of every severity) as :class:`ShaclResult`, in the
    same form for both validators, so their reports can be compared.
    """

    conforms: bool
    violations: int
    report: str
    results: tuple[ShaclResult, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, object]:
        return {"conforms": self.conforms, "violations": self.violations}


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate an rdflib graph with pySHACL against innograph's shapes (or ``shapes``).

    Parameters
    ----------
    data : rdflib.Graph
        The data graph; it should include the ontology for ``rdfs:subClassOf`` to be followed.
    shapes : rdflib.Graph, optional
        A shapes graph; ``ontology/shapes.ttl`` by default.

    Returns
    -------
    ValidationResult
        pySHACL's verdict, its count of ``sh:Violation`` results, its text report and results.

    Examples
    --------
    >>> from rdflib import Graph
    >>> validate_graph(Graph()).conforms
    True
    """
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else _shapes(),
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    # the report's own results; those nested as sh:detail (of sh:node) are explanations
    results = tuple(_from_report(report, node) for node in report.objects(None, SH.result))
    violations = sum(1 for r in results if r.severity == VIOLATION)
    return ValidationResult(bool(conforms), violations, str(text), results)


def validate_store(db: Database, *, engine: Engine = "sparql") -> ValidationResult:
    """Validate the union of every named graph in a store against ``ontology/shapes.ttl``.

    Parameters
    ----------
    db : Database
        The store (an Oxigraph store, or a remote one).
    engine : {"sparql", "pyshacl"}
        ``"sparql"`` (default) validates inside the store with the shapes compiled to SPARQL;
        ``"pyshacl"`` copies the store into rdflib and runs pySHACL (slow and memory-hungry at
        scale; kept as the reference).

    Returns
    -------
    ValidationResult
        Whether the data conforms, the number of violations and a readable report.

    Raises
    ------
    ValueError
        ``engine`` is neither of the two.
    shacl_sparql.UnsupportedShapeError
        A shape uses a construct the in-store validator does not implement.
    """
    if engine == "pyshacl":
        return validate_graph(store_to_rdflib(db))
    if engine != "sparql":
        raise ValueError(f"unknown validation engine {engine!r}: use 'sparql' or 'pyshacl'")
    # compiled for this data's class hierarchy: the types of each sh:class listed, not a path
    shapes = compile_shapes(SHAPES_FILE, classes=shacl_sparql.subclasses(db))
    results = tuple(shacl_sparql.validate(db, shapes))
    violations = sum(1 for r in results if r.severity == VIOLATION)
    where = stated_at(db, [r.focus_node for r in results if r.severity == VIOLATION])
    report = format_report(results, shapes, where=where)
    return ValidationResult(violations == 0, violations, report, results)


_WHERE_AT_MOST = 200  # violations whose source is looked up (one query for all of them)


def stated_at(db: Database, nodes: Sequence[Term]) -> dict[Term, str]:
    """For each IRI of ``nodes``: where it is stated, as ``graph (line n)`` per named graph that
    holds a triple about it (the graph's last path segment; the lowest line its provenance names),
    so that a violation in an imported file points at the import and the row.

    >>> db = ox.Store()
    >>> n, g = ox.NamedNode("http://e/n"), ox.NamedNode("https://w3id.org/innograph/id/source/import-x")
    >>> line = ox.NamedNode("https://w3id.org/innograph/ontology#sourceLine")
    >>> db.add(ox.Quad(n, line, ox.Literal(3), g))
    >>> stated_at(db, [n])[n]
    'import-x (line 3)'
    """
    iris = list(dict.fromkeys(t for t in nodes if isinstance(t, ox.NamedNode)))[:_WHERE_AT_MOST]
    if not iris:
        return {}
    places: dict[Term, dict[str, set[int]]] = {}
    for row in select_many(db, "focus_sources", [{"focus": t} for t in iris]):
        graph = str(row["graph"]).rstrip("/").rsplit("/", 1)[-1]
        lines = places.setdefault(ox.NamedNode(row["focus"]), {}).setdefault(graph, set())
        line = str(row.get("line") or "")
        if line.isdigit():
            lines.add(int(line))
    return {
        node: "; ".join(
            f"{graph} (line {min(lines)})" if lines else graph
            for graph, lines in sorted(by_graph.items())
        )
        for node, by_graph in places.items()
    }


def format_report(
    results: Sequence[ShaclResult],
    shapes: CompiledShapes,
    *,
    where: Mapping[Term, str] | None = None,
) -> str:
    """A readable report in pySHACL's layout: one block per result, sorted by focus node.

    Parameters
    ----------
    results : sequence of ShaclResult
        The results of a validation.
    shapes : CompiledShapes
        The shapes validated against; their prefixes shorten the IRIs.
    where : mapping, optional
        Where each focus node is stated (``stated_at``), added as a ``Stated in`` line.

    Returns
    -------
    str
        ``Validation Report``, ``Conforms: …``, ``Results (n):``, then one block per result.
    """
    conforms = not any(r.severity == VIOLATION for r in results)
    lines = ["Validation Report", f"Conforms: {conforms}", f"Results ({len(results)}):"]
    for r in sorted(results, key=lambda r: (r.key(), str(r.value), str(r.source_shape))):
        component = r.source_constraint_component.value
        severity = shapes.name(r.severity).removeprefix("sh:")
        lines.append(f"Constraint {severity} in {component.removeprefix(str(SH))} ({component}):")
        terms = (r.severity, r.source_shape, r.focus_node, r.value, r.result_path)
        shown = zip(_FIELDS, terms, strict=True)
        lines += [f"\t{field}: {shapes.name(t)}" for field, t in shown if t is not None]
        lines.append(f"\tMessage: {r.message}")
        if where and r.focus_node in where:
            lines.append(f"\tStated in: {where[r.focus_node]}")
    return "\n".join(lines)


def store_to_rdflib(db: Database) -> Graph:
    """The union of the store's named graphs as one rdflib graph (for small graphs only)."""
    triples = db.query(_UNION)
    if isinstance(triples, ox.QuerySolutions | ox.QueryBoolean):
        raise StoreError("the store answered a CONSTRUCT query without triples")
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


def _from_report(report: Graph, node: RdfNode) -> ShaclResult:
    """One ``sh:ValidationResult`` of a pySHACL report as a :class:`ShaclResult`."""
    focus, path, value, component, shape, severity, message = (
        _to_oxigraph(report.value(node, SH[p]))
        for p in (
            "focusNode",
            "resultPath",
            "value",
            "sourceConstraintComponent",
            "sourceShape",
            "resultSeverity",
            "resultMessage",
        )
    )
    if (
        focus is None
        or not isinstance(component, ox.NamedNode)
        or not isinstance(shape, ox.NamedNode | ox.BlankNode)
        or not isinstance(severity, ox.NamedNode)
    ):
        raise StoreError("pySHACL reported a result without focus, component, shape or severity")
    return ShaclResult(
        focus_node=focus,
        result_path=path if isinstance(path, ox.NamedNode | ox.BlankNode) else None,
        value=value,
        source_constraint_component=component,
        source_shape=shape,
        severity=severity,
        message=message.value if isinstance(message, ox.Literal) else "",
    )


def _to_oxigraph(term: RdfNode | None) -> shacl_sparql.Term | None:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    return None


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")
