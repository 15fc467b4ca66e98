"""The SHACL shapes accept good instances and catch broken ones."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from innograph.graph.validation import validate_graph
from innograph.graph.vocab import DCTERMS, IG, ONTOLOGY_FILE, PROV, entity

DOC = entity("source", "test-doc")


def _measure(measure_id: str, *, label: bool = True) -> Graph:
    g = Graph().parse(ONTOLOGY_FILE)
    m = entity("measure", measure_id)
    lt = entity("lead-topic", "mittelstand")
    g.add((m, RDF.type, IG.Measure))
    g.add((m, IG.measureId, Literal(measure_id)))
    g.add((m, IG.leadTopic, lt))
    g.add((lt, RDF.type, IG.LeadTopic))
    g.add((lt, RDFS.label, Literal("Mittelstand 4.0", lang="de")))
    g.add((m, PROV.wasDerivedFrom, DOC))
    g.add((DOC, RDF.type, IG.SourceDocument))
    g.add((DOC, DCTERMS.title, Literal("Testdokument", lang="de")))
    g.add((DOC, DCTERMS.language, Literal("de")))
    g.add((DOC, IG.fileName, Literal("test.txt")))
    g.add((m, IG.sourceLine, Literal(12, datatype=XSD.integer)))
    if label:
        g.add((m, RDFS.label, Literal("Digitaler Bonus", lang="de")))
    return g


@pytest.mark.parametrize("measure_id", ["M1-01", "L3-07", "B4-06", "Q-15"])
def test_good_measure_conforms(measure_id: str) -> None:
    result = validate_graph(_measure(measure_id))
    assert result.conforms, result.report


@pytest.mark.parametrize("measure_id", ["M5-01", "Q-1", "X1-01", "m1-01"])
def test_bad_measure_id_is_a_violation(measure_id: str) -> None:
    result = validate_graph(_measure(measure_id))
    assert not result.conforms
    assert result.violations == 1
    assert "measureId" in result.report


def test_missing_label_is_a_violation() -> None:
    result = validate_graph(_measure("M1-01", label=False))
    assert not result.conforms and "rdfs:label" in result.report


def test_network_shape_reaches_subclass_and_checks_datatype() -> None:
    g = Graph().parse(ONTOLOGY_FILE)
    n = entity("network", "optonet")
    g.add((n, RDF.type, IG.Network))
    g.add((n, RDFS.label, Literal("OptoNet e.V.", lang="de")))
    g.add((n, IG.memberCount, Literal("93")))  # a string, not an xsd:integer
    result = validate_graph(g)
    assert not result.conforms and "memberCount" in result.report


def test_store_conforms(db) -> None:
    from innograph.graph.validation import validate_store

    assert validate_store(db).conforms
