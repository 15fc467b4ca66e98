"""The ontology parses, is documented and aligned, and the closed IG namespace matches it."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from innograph.graph.vocab import IG, ONTOLOGY_FILE, entity, slugify

CONVENTIONAL = (
    "http://www.w3.org/ns/org#",
    "http://schema.org/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://data.europa.eu/m8g/",
    "http://www.w3.org/2000/01/rdf-schema#",
)

CONTRACT = [
    "Cluster",
    "Network",
    "ResearchOrganisation",
    "University",
    "UniversityOfAppliedSciences",
    "ResearchInstitute",
    "Ministry",
    "Agency",
    "Company",
    "Chamber",
    "Foundation",
    "Committee",
    "Measure",
    "Event",
    "Initiative",
    "Region",
    "Topic",
    "LeadTopic",
    "ActionField",
    "SourceDocument",
    "CrossLink",
    "cluster",
    "inRegion",
    "memberCount",
    "companyMemberCount",
    "researchMemberCount",
    "companyCount",
    "employeeCount",
    "turnoverEUR",
    "exportQuotePercent",
    "gvaSharePercent",
    "measureId",
    "leadTopic",
    "actionField",
    "lead",
    "participant",
    "mentions",
    "isNew",
    "milestone",
    "manages",
    "linkedTo",
    "source",
    "target",
    "linkType",
    "evidence",
    "topic",
    "sourceLine",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def _declared(onto: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    ns = str(IG._NS)
    return {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(ns)}


def test_namespace_matches_ontology(onto: Graph) -> None:
    declared = {str(t).rsplit("#", 1)[1] for t in _declared(onto)}
    in_module = set(IG.__annotations__)
    assert declared == in_module, (
        f"only in ontology: {declared - in_module}; only in graph/vocab.py: {in_module - declared}"
    )


@pytest.mark.parametrize("term", CONTRACT)
def test_contract_terms_declared(onto: Graph, term: str) -> None:
    assert IG[term] in _declared(onto)


def test_every_term_documented_and_aligned(onto: Graph) -> None:
    problems = []
    for term in sorted(_declared(onto)):
        langs = {lbl.language for lbl in onto.objects(term, RDFS.label)}
        if not {"de", "en"} <= langs:
            problems.append(f"{term}: labels in {langs}")
        if not any(onto.objects(term, RDFS.comment)):
            problems.append(f"{term}: no rdfs:comment")
        parents = [*onto.objects(term, RDFS.subClassOf), *onto.objects(term, RDFS.subPropertyOf)]
        if not any(str(p).startswith(CONVENTIONAL) for p in parents) and not any(
            p in _declared(onto) for p in parents
        ):
            problems.append(f"{term}: not aligned to a conventional vocabulary")
    assert not problems, "\n".join(problems)


def test_contract_alignments(onto: Graph) -> None:
    org = "http://www.w3.org/ns/org#"
    assert (IG.Network, RDFS.subClassOf, URIRef(org + "FormalOrganization")) in onto
    assert (IG.Event, RDFS.subClassOf, URIRef("http://schema.org/Event")) in onto
    assert (IG.SourceDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    for cls in (IG.Ministry, IG.Agency):
        assert (
            cls,
            RDFS.subClassOf,
            URIRef("http://data.europa.eu/m8g/PublicOrganisation"),
        ) in onto
    assert (IG.linkedTo, RDF.type, OWL.SymmetricProperty) in onto


def test_closed_namespace_rejects_typos() -> None:
    with pytest.raises(AttributeError):
        _ = IG.memberCuont


@pytest.mark.parametrize(
    ("text", "slug"),
    [("OptoNet e.V.", "optonet-e-v"), ("Thüringen", "thueringen"), ("  M1-01 ", "m1-01")],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_entity_keeps_ids() -> None:
    assert str(entity("measure", "M1-01")).endswith("/id/measure/M1-01")
    with pytest.raises(ValueError, match="cannot make"):
        entity("network", "!!!")


def test_data_uses_only_declared_terms(db, onto: Graph) -> None:
    """Every ig: class and predicate in the built store is declared in the ontology."""
    ns = str(IG._NS)
    used = {
        row["t"].value
        for row in db.query(
            "SELECT DISTINCT ?t WHERE { { GRAPH ?g { ?s ?t ?o } } UNION { GRAPH ?g { ?s a ?t } } }"
        )
    }
    declared = {str(t) for t in _declared(onto)}
    undeclared = {t for t in used if t.startswith(ns)} - declared
    assert not undeclared
