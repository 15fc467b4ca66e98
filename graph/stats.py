"""Counts over the store: triples per named graph, instances per class, discrepancies by kind."""

from __future__ import annotations

from innograph.graph.database import Database
from innograph.graph.queries import select

__all__ = ["discrepancies_by_kind", "instances_per_class", "triples_per_graph"]


def triples_per_graph(db: Database) -> dict[str, int]:
    """``{graph IRI: number of triples}`` for every named graph, sorted by IRI."""
    return {row["graph"]: int(row["triples"]) for row in select(db, "triples_per_graph")}


def instances_per_class(db: Database) -> dict[str, int]:
    """``{class IRI: number of distinct instances}`` over the union graph, largest first."""
    return {row["class"]: int(row["instances"]) for row in select(db, "instances_per_class")}


def discrepancies_by_kind(db: Database) -> dict[str, int]:
    """``{kind notation: number of ig:Discrepancy nodes}``, largest first; a kind of the scheme
    with none recorded counts 0."""
    return {row["kind"]: int(row["n"]) for row in select(db, "discrepancies_by_kind")}
