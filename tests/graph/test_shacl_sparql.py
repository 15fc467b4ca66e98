"""The in-store SHACL validator (shapes compiled to SPARQL) reports what pySHACL reports.

Each case takes a valid fragment, breaks it in one way, and requires both validators to give the
same results: the same multiset of (focus node, result path, constraint component). The fragment
lives in two named graphs that repeat some triples, as the real store does, so a value stated
twice must count once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox
import pytest
from rdflib import Graph

from innograph.graph.shacl_sparql import (
    ShaclResult,
    UnsupportedShapeError,
    compile_shapes,
    subclasses,
    validate,
)
from innograph.graph.validation import store_to_rdflib, validate_graph, validate_store
from innograph.graph.vocab import ONTOLOGY_FILE, ONTOLOGY_GRAPH

PREFIXES = """
PREFIX ig: <https://w3id.org/innograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX src: <https://w3id.org/innograph/id/source/>
PREFIX c: <https://w3id.org/innograph/id/cluster/>
PREFIX n: <https://w3id.org/innograph/id/network/>
PREFIX m: <https://w3id.org/innograph/id/measure/>
PREFIX r: <https://w3id.org/innograph/id/region/>
PREFIX t: <https://w3id.org/innograph/id/topic/>
PREFIX lt: <https://w3id.org/innograph/id/lead-topic/>
PREFIX af: <https://w3id.org/innograph/id/action-field/>
PREFIX e: <https://w3id.org/innograph/id/event/>
PREFIX i: <https://w3id.org/innograph/id/initiative/>
PREFIX l: <https://w3id.org/innograph/id/link/>
PREFIX f: <https://w3id.org/innograph/id/figure/>
"""
SH = "http://www.w3.org/ns/shacl#"
DOC = "https://w3id.org/innograph/id/source/doc"
DOC2 = "https://w3id.org/innograph/id/source/doc2"

VALID = """
src:doc a ig:SourceDocument ; dcterms:title "Testdokument"@de ; dcterms:language "de" ;
    ig:fileName "doc.txt" ; ig:lineCount 120 ; dcterms:issued "2024-01-01"^^xsd:date ;
    ig:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
r:th a ig:Region ; rdfs:label "Thüringen"@de, "Thuringia"@en ; skos:altLabel "TH" .
t:photonics a ig:Topic ; rdfs:label "Photonik"@de .
lt:sme a ig:LeadTopic ; rdfs:label "Mittelstand"@de .
af:funding a ig:ActionField ; rdfs:label "Förderung"@de ; skos:broader lt:sme .
c:optics a ig:Cluster ; rdfs:label "Optik"@de ; ig:sourceLine 10 ; prov:wasDerivedFrom src:doc ;
    ig:inRegion r:th ; ig:topic t:photonics ; ig:companyCount 120 ;
    ig:employeeCount 5000 ; ig:turnoverEUR 1.5 ; ig:exportQuotePercent 60.5 ; ig:gvaSharePercent 2.0 .
n:optonet a ig:Network ; rdfs:label "OptoNet e.V."@de ; skos:altLabel "OptoNet" ; ig:sourceLine 12 ;
    prov:wasDerivedFrom src:doc ; ig:cluster c:optics ; ig:inRegion r:th ;
    ig:topic t:photonics ; schema:url <https://optonet-jena.de> ; ig:memberCount 93 ;
    ig:companyMemberCount 60 ; ig:researchMemberCount 20 ; ig:employeeCount 100 .
m:M1-01 a ig:Measure ; rdfs:label "Digitalbonus"@de ; ig:sourceLine 20 ; prov:wasDerivedFrom src:doc ;
    ig:cluster c:optics ; ig:measureId "M1-01" ; ig:leadTopic lt:sme ;
    ig:actionField af:funding ; ig:isNew true ; ig:milestone "2025" ;
    ig:lead n:optonet ; ig:participant n:optonet .
e:e1 a ig:Event ; rdfs:label "Tag der Optik"@de ; ig:sourceLine 30 ; prov:wasDerivedFrom src:doc ;
    ig:cluster c:optics ; ig:participant n:optonet ; ig:eventDate "4.Q/2012" ;
    ig:eventStatus <https://w3id.org/innograph/id/event-status/planned> .
i:i1 a ig:Initiative ; rdfs:label "Initiative"@de ; ig:sourceLine 31 ;
    prov:wasDerivedFrom src:doc ; ig:cluster c:optics ; ig:participant n:optonet .
l:l1 a ig:CrossLink ; ig:sourceLine 40 ; ig:source c:optics ; ig:target n:optonet ;
    ig:linkType "stated" ; ig:evidence "the brochure says so" ; prov:wasDerivedFrom src:doc ; ig:weight 0.5 .
f:f1 a ig:Figure ; ig:sourceLine 50 ; prov:wasDerivedFrom src:doc ; ig:figureOf c:optics ;
    ig:measuredProperty ig:employeeCount ; ig:value 5000.0 ; ig:approximate false .
f:f2 a ig:Figure ; ig:sourceLine 51 ; prov:wasDerivedFrom src:doc ; ig:figureOf c:optics ;
    ig:measuredProperty ig:turnoverEUR ; ig:notStated true .
"""
REPEATED = """
n:optonet rdfs:label "OptoNet e.V."@de ; ig:memberCount 93 .
m:M1-01 ig:measureId "M1-01" ; ig:leadTopic lt:sme .
f:f1 ig:value 5000.0 .
l:l1 ig:linkType "stated" .
"""


def _insert(turtle: str, graph: str = DOC) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {turtle} }} }}"


def _delete(s: str, p: str) -> str:
    return f"DELETE WHERE {{ GRAPH ?g {{ {s} {p} ?o }} }}"


def _replace(s: str, p: str, o: str) -> str:
    return f"{_delete(s, p)} ; {_insert(f'{s} {p} {o}')}"


def _store(*updates: str) -> ox.Store:
    """An in-memory store: the ontology, the valid fragment in two graphs, then ``updates``."""
    store = ox.Store()
    store.load(
        path=ONTOLOGY_FILE, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH)
    )
    store.update(PREFIXES + _insert(VALID) + " ; " + _insert(REPEATED, DOC2))
    for update in updates:
        store.update(PREFIXES + update)
    return store


def _keys(results: Iterable[ShaclResult]) -> Counter[tuple[str, str, str]]:
    """Each result as (focus, path, component); blank nodes differ between stores, so ``_:``."""

    def plain(term: str) -> str:
        return "_:" if term.startswith("_:") else term

    return Counter((plain(focus), plain(path), c) for focus, path, c in (r.key() for r in results))


def _components(results: Iterable[ShaclResult]) -> set[str]:
    """The constraint components of ``results`` by short name (``MinCount`` …)."""
    return {
        r.source_constraint_component.value[len(SH) : -len("ConstraintComponent")] for r in results
    }


CASES = [  # (what is broken, SPARQL update on the valid fragment, components it must violate)
    ("measure without rdfs:label", _delete("m:M1-01", "rdfs:label"), "MinCount"),
    ("measure without measureId", _delete("m:M1-01", "ig:measureId"), "MinCount"),
    ("measure without lead topic", _delete("m:M1-01", "ig:leadTopic"), "Xone"),
    ("action field without broader", _delete("af:funding", "skos:broader"), "MinCount"),
    ("document without file name", _delete("src:doc", "ig:fileName"), "MinCount"),
    ("cross-link without provenance", _delete("l:l1", "prov:wasDerivedFrom"), "MinCount"),
    ("figure without source line", _delete("f:f1", "ig:sourceLine"), "MinCount"),
    ("two measure ids", _insert('m:M1-01 ig:measureId "M1-02"'), "MaxCount"),
    ("two member counts", _insert("n:optonet ig:memberCount 94"), "MaxCount"),
    ("two weights", _insert("l:l1 ig:weight 0.7"), "MaxCount"),
    ("two issue dates", _insert('src:doc dcterms:issued "2024-02-01"^^xsd:date'), "MaxCount"),
    ("two figure values", _insert("f:f1 ig:value 1.0"), "MaxCount"),
    ("member count as a string", _replace("n:optonet", "ig:memberCount", '"93"'), "Datatype"),
    (
        "ill-typed source line",
        _replace("c:optics", "ig:sourceLine", '"abc"^^xsd:integer'),
        "Datatype MinInclusive",
    ),
    ("label without language", _replace("m:M1-01", "rdfs:label", '"Digitalbonus"'), "Datatype"),
    ("title without language", _replace("src:doc", "dcterms:title", '"Testdokument"'), "Datatype"),
    (
        "integer where a decimal is required",
        _replace("c:optics", "ig:turnoverEUR", "5"),
        "Datatype",
    ),
    ("ill-typed boolean", _replace("m:M1-01", "ig:isNew", '"yes"^^xsd:boolean'), "Datatype"),
    ("milestone as a number", _replace("m:M1-01", "ig:milestone", "2025"), "Datatype"),
    (
        "IRI where a literal is required",
        _replace("n:optonet", "ig:memberCount", "c:optics"),
        "Datatype MinInclusive",
    ),
    ("two German labels", _insert('c:optics rdfs:label "Optische Technologien"@de'), "UniqueLang"),
    ("cluster link to a region", _insert("n:optonet ig:cluster r:th"), "Class"),
    ("derived from a non-document", _replace("e:e1", "prov:wasDerivedFrom", "c:optics"), "Class"),
    ("participant as a literal", _insert('i:i1 ig:participant "OptoNet"'), "Class"),
    ("broader than a topic", _replace("af:funding", "skos:broader", "t:photonics"), "Class"),
    ("region that is no region", _replace("c:optics", "ig:inRegion", "c:optics"), "Class"),
    (
        "website as a literal",
        _replace("n:optonet", "schema:url", '"https://optonet-jena.de"'),
        "NodeKind",
    ),
    ("alternative label as an IRI", _insert("r:th skos:altLabel t:photonics"), "NodeKind"),
    ("cross-link source as a literal", _replace("l:l1", "ig:source", '"optics"'), "NodeKind"),
    ("actor as a blank node", _insert('_:a a ig:Company ; rdfs:label "Firma"@de'), "NodeKind"),
    ("link type outside the list", _replace("l:l1", "ig:linkType", '"invented"'), "In"),
    ("event without a date", _delete("e:e1", "ig:eventDate"), "MinCount"),
    (
        "event status outside the scheme",
        _replace("e:e1", "ig:eventStatus", "<https://w3id.org/innograph/id/event-status/maybe>"),
        "In",
    ),
    ("event date as a number", _replace("e:e1", "ig:eventDate", "2012"), "Datatype"),
    (
        "discrepancy kind of another scheme",
        _insert(
            '<https://w3id.org/innograph/id/k/x> a ig:DiscrepancyKind ; rdfs:label "x"@en ; '
            'skos:definition "d" ; skos:inScheme <https://w3id.org/innograph/id/scheme/other>'
        ),
        "HasValue",
    ),
    ("link type with a language", _replace("l:l1", "ig:linkType", '"stated"@en'), "In"),
    ("measure id of no pattern", _replace("m:M1-01", "ig:measureId", '"M5-01"'), "Pattern"),
    ("three-letter language", _replace("src:doc", "dcterms:language", '"deu"'), "Pattern"),
    ("upper-case checksum", _replace("src:doc", "ig:sha256", '"' + "AB" * 32 + '"'), "Pattern"),
    ("negative member count", _replace("n:optonet", "ig:memberCount", "-1"), "MinInclusive"),
    ("source line 0", _replace("e:e1", "ig:sourceLine", "0"), "MinInclusive"),
    ("document of 0 lines", _replace("src:doc", "ig:lineCount", "0"), "MinInclusive"),
    (
        "export quote over 100 %",
        _replace("c:optics", "ig:exportQuotePercent", "100.5"),
        "MaxInclusive",
    ),
    (
        "evidence of a paragraph",
        _replace("l:l1", "ig:evidence", '"' + "x" * 301 + '"'),
        "MaxLength",
    ),
    ("figure without value or notStated", _delete("f:f1", "ig:value"), "Xone"),
    ("figure with value and notStated", _insert("f:f2 ig:value 3.0"), "Xone"),
    ("notStated false without value", _replace("f:f2", "ig:notStated", "false"), "Xone"),
]


def test_valid_fragment_conforms_under_both() -> None:
    store = _store()
    mine, theirs = validate_store(store), validate_store(store, engine="pyshacl")
    assert theirs.conforms, theirs.report
    assert mine.conforms and mine.violations == 0 and not mine.results, mine.report


@pytest.mark.parametrize(("update", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_fragment_reports_what_pyshacl_reports(update: str, expected: str) -> None:
    store = _store(update)
    mine, theirs = validate_store(store), validate_store(store, engine="pyshacl")
    assert _keys(mine.results) == _keys(theirs.results)
    assert set(expected.split()) <= _components(mine.results)
    assert (mine.conforms, mine.violations) == (theirs.conforms, theirs.violations)


def test_every_constraint_kind_of_the_shapes_is_broken_by_a_case() -> None:
    used = {c.component for c in compile_shapes().constraints}
    broken = {component for case in CASES for component in case[2].split()}
    assert used <= broken, f"no case breaks {sorted(used - broken)}"


def test_all_breaks_at_once_report_what_pyshacl_reports() -> None:
    store = _store(*(case[1] for case in CASES))
    mine, theirs = validate_store(store), validate_store(store, engine="pyshacl")
    assert _keys(mine.results) == _keys(theirs.results)
    assert mine.violations == theirs.violations > len(CASES) // 2


def test_threads_report_the_same_results_in_the_same_order() -> None:
    store = _store(*(case[1] for case in CASES))
    shapes = compile_shapes()
    one = validate(store, shapes, workers=1)
    assert len(one) > len(CASES) // 2
    assert validate(store, shapes, workers=4) == one


def test_listed_subclasses_report_what_the_path_reports() -> None:
    # a subclass declared in the data (not the ontology) counts for sh:class and targets
    local = _insert(
        "ig:LocalFirm rdfs:subClassOf ig:Company . <http://example.org/f> a ig:LocalFirm ."
    )
    store = _store(local, *(case[1] for case in CASES))
    classes = subclasses(store)
    assert classes is not None
    assert (
        "https://w3id.org/innograph/ontology#LocalFirm"
        in classes["https://w3id.org/innograph/ontology#Actor"]
    )
    listed = validate(store, compile_shapes(classes=classes), workers=1)
    pathwise = validate(store, compile_shapes(), workers=1)  # shapes' blank nodes differ: keys
    assert _keys(listed) == _keys(pathwise) and len(listed) == len(pathwise)
    assert any(r.focus_node == ox.NamedNode("http://example.org/f") for r in listed)
    assert _keys(listed) == _keys(validate_store(store, engine="pyshacl").results)


def test_a_blank_node_in_the_hierarchy_falls_back_to_the_path() -> None:
    store = _store(_insert("[] rdfs:subClassOf ig:Company ."))
    assert subclasses(store) is None


def test_report_names_focus_path_and_message() -> None:
    result = validate_store(_store(_replace("m:M1-01", "ig:measureId", '"M5-01"')))
    assert not result.conforms and result.violations == 1
    assert "Constraint Violation in PatternConstraintComponent" in result.report
    assert "Focus Node: measure:M1-01" in result.report
    assert "Result Path: ig:measureId" in result.report
    assert "a measure has exactly one ig:measureId" in result.report
    assert 'Value Node: "M5-01"' in result.report


def test_result_carries_every_field() -> None:
    (result,) = validate(_store(_replace("n:optonet", "ig:memberCount", "-1")), compile_shapes())
    assert result.focus_node == ox.NamedNode("https://w3id.org/innograph/id/network/optonet")
    assert result.result_path == ox.NamedNode("https://w3id.org/innograph/ontology#memberCount")
    assert result.value == ox.Literal(
        "-1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    )
    assert result.source_constraint_component.value.endswith("#MinInclusiveConstraintComponent")
    assert result.severity.value == "http://www.w3.org/ns/shacl#Violation"
    assert isinstance(result.source_shape, ox.BlankNode) and result.message


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="'pysha'"):
        validate_store(ox.Store(), engine="pysha")  # type: ignore[arg-type]


# --- SHACL constructs beyond ontology/shapes.ttl, against pySHACL on small shapes ------------

EX = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""
DATA = (
    EX
    + """
ex:a a ex:Thing ; ex:p ex:b ; ex:n 5 ; ex:name "Alpha" .
ex:b a ex:Thing ; ex:p ex:c ; ex:n 0 ; ex:name "b" .
ex:c a ex:Other ; ex:q "x" .
ex:d a ex:Thing ; ex:n -3 ; ex:name "DELTA" ; ex:q "y" .
ex:c ex:n 1, 2 .
"""
)
EXTRA_SHAPES = {
    "inverse path": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
    "sequence path": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ( ex:p ex:p ) ; sh:class ex:Thing ] .",
    "alternative path": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:maxCount 0 ] .",
    "zero-or-more path": "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:class ex:Thing ] .",
    "target node": "ex:S sh:targetNode ex:c, ex:zzz ; sh:property [ sh:path ex:n ; sh:minCount 1 ] .",
    "targets subjects and objects of": "ex:S sh:targetSubjectsOf ex:q ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:BlankNode .",
    "exclusive bounds": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:n ; sh:minExclusive 0 ; sh:maxExclusive 5 ] .",
    "minimum length": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minLength 2 ] .",
    "pattern with flags": 'ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:pattern "^[a-z]+a$" ; sh:flags "i" ] .',
    "hasValue on a node shape": "ex:S sh:targetClass ex:Thing ; sh:hasValue ex:a .",
    "hasValue on a property": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:hasValue ex:c ] .",
    "or": "ex:S sh:targetClass ex:Thing ; sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:n ; sh:minInclusive 0 ] ) .",
    "and": "ex:S sh:targetClass ex:Thing ; sh:and ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:n ; sh:minInclusive 0 ] ) .",
    "not": "ex:S sh:targetClass ex:Thing ; sh:not [ sh:path ex:q ; sh:minCount 1 ] .",
    "node": "ex:S sh:targetClass ex:Thing ; sh:node ex:T . ex:T sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "severity warning": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ] .",
    "deactivated": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:deactivated true ] .",
    "sh:in of IRIs and numbers": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:n ; sh:in ( 0 5 ex:a ) ] .",
    # the probes find offending triples of nodes outside the focus (ex:c is no ex:Thing)
    "offending value outside the focus": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:datatype xsd:integer ] .",
    "two shapes share a predicate": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:maxCount 0 ] . ex:T sh:targetClass ex:Other ; sh:property [ sh:path ex:q ; sh:maxCount 0 ; sh:nodeKind sh:IRI ] .",
    "class of values": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:class ex:Thing ] .",
    "class of the focus node": "ex:S sh:targetSubjectsOf ex:q ; sh:class ex:Thing .",
    "minCount above one": "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .",
    "maxCount above zero": "ex:S sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:n ; sh:maxCount 1 ] .",
}


@pytest.mark.parametrize("shapes", EXTRA_SHAPES.values(), ids=EXTRA_SHAPES.keys())
def test_further_constructs_report_what_pyshacl_reports(shapes: str) -> None:
    store = ox.Store()
    store.load(DATA, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://example.org/g"))
    mine = validate(store, compile_shapes(EX + shapes))
    theirs = validate_graph(store_to_rdflib(store), shapes=Graph().parse(data=EX + shapes)).results
    assert _keys(mine) == _keys(theirs)
    assert {r.severity for r in mine} == {r.severity for r in theirs}
    assert mine or "deactivated" in shapes, "the case should break something"


def test_severity_below_violation_conforms() -> None:
    store = ox.Store()
    store.load(DATA, format=ox.RdfFormat.TURTLE)
    results = validate(store, compile_shapes(EX + EXTRA_SHAPES["severity warning"]))
    assert results and all(r.severity.value.endswith("#Warning") for r in results)


# --- what the compiler does not support, it refuses by name ---------------------------------

UNSUPPORTED = {  # shape body after "ex:S sh:targetClass ex:Thing ;", the construct named
    "closed shape": ("sh:closed true .", "sh:closed"),
    "equals": ("sh:property [ sh:path ex:p ; sh:equals ex:q ] .", "sh:equals"),
    "less than": ("sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .", "sh:lessThan"),
    "language in": ('sh:property [ sh:path ex:p ; sh:languageIn ( "de" ) ] .', "sh:languageIn"),
    "qualified value shape": (
        "sh:property [ sh:path ex:p ; sh:qualifiedValueShape ex:T ; sh:qualifiedMinCount 1 ] .",
        "sh:qualified",
    ),
    "SPARQL constraint": ('sh:sparql [ sh:select "SELECT $this WHERE { }" ] .', "sh:sparql"),
    "a typo": ("sh:property [ sh:path ex:p ; sh:minCont 1 ] .", "sh:minCont"),
    "a foreign predicate": ("ex:strict true .", "ex:strict"),
    "count on a node shape": ("sh:minCount 1 .", "sh:minCount on a node shape"),
    "logic on a property shape": (
        "sh:property [ sh:path ex:p ; sh:xone ( ex:T ) ] .",
        "sh:xone on a property shape",
    ),
    "an unknown path form": (
        "sh:property [ sh:path [ sh:wildPath ex:p ] ; sh:minCount 1 ] .",
        "sh:path",
    ),
    "an unknown node kind": ("sh:nodeKind sh:Anything .", "sh:nodeKind"),
    "a regex Oxigraph cannot run": (
        'sh:property [ sh:path ex:p ; sh:pattern "^a(?=b)" ] .',
        "sh:pattern",
    ),
    "a recursive shape": ("sh:node ex:S .", "a recursive shape reference"),
    "a class as shape": (
        "a <http://www.w3.org/2000/01/rdf-schema#Class> .",
        "an implicit class target",
    ),
}


@pytest.mark.parametrize(("body", "construct"), UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_unsupported_construct_is_refused_by_name(body: str, construct: str) -> None:
    with pytest.raises(UnsupportedShapeError) as info:
        compile_shapes(EX + "ex:S sh:targetClass ex:Thing ; " + body)
    assert info.value.shape.startswith("ex:S")
    assert construct in info.value.construct
    assert info.value.shape in str(info.value) and construct in str(info.value)


def test_custom_constraint_component_is_refused() -> None:
    text = EX + "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:limit ] ."
    with pytest.raises(UnsupportedShapeError, match="ConstraintComponent"):
        compile_shapes(text)


def test_innograph_shapes_compile() -> None:
    shapes = compile_shapes()
    assert len(shapes.constraints) > 100
    assert all(q.startswith("SELECT") for q in shapes.queries())


# --- the real release -----------------------------------------------------------------------


def test_release_conforms_under_both(db: ox.Store) -> None:
    mine, theirs = validate_store(db), validate_store(db, engine="pyshacl")
    assert theirs.conforms, theirs.report
    assert mine.conforms, mine.report
    assert _keys(mine.results) == _keys(theirs.results) == Counter()


def test_broken_copy_of_release_reports_what_pyshacl_reports(db: ox.Store) -> None:
    copy = ox.Store()
    copy.extend(db.quads_for_pattern(None, None, None, None))
    copy.update(
        PREFIXES
        + """
        DELETE { GRAPH ?g { ?m ig:measureId ?id } } WHERE {
          { SELECT DISTINCT ?m WHERE { GRAPH ?any { ?m a ig:Measure } } ORDER BY ?m LIMIT 5 } GRAPH ?g { ?m ig:measureId ?id } } ;
        DELETE { GRAPH ?g { ?f ig:value ?v } } WHERE {
          { SELECT DISTINCT ?f WHERE { GRAPH ?any { ?f a ig:Figure ; ig:value [] } } ORDER BY ?f LIMIT 5 } GRAPH ?g { ?f ig:value ?v } } ;
        INSERT { GRAPH ?g { ?a rdfs:label "Zweiter Name"@de } } WHERE {
          { SELECT DISTINCT ?a WHERE { GRAPH ?any { ?a a ig:Network } } ORDER BY ?a LIMIT 3 } GRAPH ?g { ?a a ig:Network } } ;
        DELETE { GRAPH ?g { ?l ig:linkType ?t } } INSERT { GRAPH ?g { ?l ig:linkType "other" } } WHERE {
          { SELECT DISTINCT ?l WHERE { GRAPH ?any { ?l a ig:CrossLink } } ORDER BY ?l LIMIT 4 } GRAPH ?g { ?l ig:linkType ?t } }
        """
    )
    mine, theirs = validate_store(copy), validate_store(copy, engine="pyshacl")
    assert _keys(mine.results) == _keys(theirs.results)
    assert mine.violations == theirs.violations >= 5 + 5 + 4


def test_constraints_on_a_shared_predicate_share_one_probe() -> None:
    """``rdfs:label`` and ``ig:sourceLine`` carry constraints in many shapes: the offending
    triples are looked for once per predicate and check, not once per shape."""
    probes = [c.probe for c in compile_shapes().constraints if c.probe is not None]
    assert probes and len(set(probes)) < len(probes)
    assert all(p.endswith("LIMIT 1") and "?this" in p for p in probes)
