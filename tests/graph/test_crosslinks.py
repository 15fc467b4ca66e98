"""Cross-links between clusters: stated ones with their lines, derived ones with weight and method."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from innograph.graph.crosslinks import coparticipation, derive_crosslinks
from innograph.graph.queries import select_terms
from innograph.graph.sparql import run_query

LINK_TYPES = '("stated" "co-participation" "shared-organisation" "topic-overlap")'

# Every statement in the sources that two fields or clusters are linked, with its line.
STATED = [
    ("automobil", "kunststoffe-keramik", 165),
    ("automobil", "maschinenbau", 165),
    ("biotechnologie", "mess-steuer-regeltechnik", 187),
    ("medizintechnik", "optik", 196),
    ("kunststoffe", "automobil", 269),
    ("keramik", "medizintechnik", 271),
    ("keramik", "automobil", 271),
    ("kunststoffe", "solarindustrie", 291),
    ("mess-steuer-regeltechnik", "optik", 324),
    ("mess-steuer-regeltechnik", "mikro-nanotechnik", 324),
    ("optik", "medizintechnik", 355),
    ("greentech", "umweltfreundliche-energien", 375),
    ("service-robotik", "life-sciences", 391),
    ("service-robotik", "logistik", 391),
    ("ernaehrungsgewerbe", "life-sciences", 414),
    ("umweltfreundliche-energien", "greentech", 512),
    ("mess-steuer-regeltechnik", "mikro-nanotechnik", 604),
    ("mess-steuer-regeltechnik", "life-sciences", 604),
    ("mess-steuer-regeltechnik", "kunststoffe-keramik", 604),
    ("maschinenbau", "logistik", 649),
    ("automobil", "optik", 655),
    ("automobil", "kunststoffe-keramik", 655),
    ("optik", "kunststoffe-keramik", 655),
    ("kunststoffe-keramik", "umweltfreundliche-energien", 656),
    ("ikt-dienstleistungen", "kreativwirtschaft", 11),
    ("ikt-dienstleistungen", "logistik", 39),
]


@pytest.mark.parametrize(("a", "b", "line"), STATED)
def test_stated_link_present(db, a: str, b: str, line: int) -> None:
    q = f"""ASK {{ ?l a ig:CrossLink ; ig:linkType "stated" ; ig:sourceLine {line} ;
                   ig:source id:cluster\\/{a} ; ig:target id:cluster\\/{b} ; ig:evidence ?e ;
                   prov:wasDerivedFrom ?doc . ?doc a ig:SourceDocument .
                   id:cluster\\/{a} ig:linkedTo id:cluster\\/{b} . id:cluster\\/{b} ig:linkedTo id:cluster\\/{a} }}"""
    assert bool(run_query(db, q))


def test_every_cluster_has_a_crosslink(db) -> None:
    q = f"""SELECT ?c WHERE {{ ?c a ig:Cluster FILTER NOT EXISTS {{
              ?l a ig:CrossLink ; ig:linkType ?t . VALUES ?t {{ {LINK_TYPES[1:-1]} }}
              {{ ?l ig:source ?c }} UNION {{ ?l ig:target ?c }} }} }}"""
    assert [r["c"].value for r in run_query(db, q)] == []


@pytest.mark.parametrize("kind", ["co-participation", "shared-organisation", "topic-overlap"])
def test_derived_links_carry_weight_and_method(db, kind: str) -> None:
    q = f"""SELECT ?l ?w ?m WHERE {{ GRAPH <https://w3id.org/innograph/graph/derived> {{
              ?l ig:linkType "{kind}" ; ig:weight ?w ; ig:method ?m ; prov:wasDerivedFrom ?d }} }}"""
    rows = list(run_query(db, q))
    assert rows, kind
    assert all(float(r["w"].value) > 0 for r in rows)
    if kind == "topic-overlap":
        assert all(float(r["w"].value) <= 1 for r in rows)


@pytest.mark.parametrize("kind", ["co-participation", "shared-organisation", "topic-overlap"])
def test_derived_evidence_in_english_and_german(db, kind: str) -> None:
    """The German pages had shown the derived links' evidence in English: each derived link has
    one evidence in each language, both with the same numbers (for counted kinds, the first is
    the weight)."""
    q = f"""SELECT ?l ?w ?e WHERE {{ GRAPH <https://w3id.org/innograph/graph/derived> {{
              ?l ig:linkType "{kind}" ; ig:weight ?w ; ig:evidence ?e }} }}"""
    texts: dict[str, dict[str, str]] = {}
    weights: dict[str, float] = {}
    for r in run_query(db, q):
        by_lang = texts.setdefault(r["l"].value, {})
        assert r["e"].language not in by_lang, (r["l"].value, r["e"].language)
        by_lang[r["e"].language] = r["e"].value
        weights[r["l"].value] = float(r["w"].value)
    assert texts and all(set(t) == {"de", "en"} for t in texts.values())
    for link, t in texts.items():
        numbers = {lang: [int(w) for w in text.split() if w.isdigit()] for lang, text in t.items()}
        assert numbers["de"] == numbers["en"] and numbers["en"], t
        if kind != "topic-overlap":
            assert numbers["en"][0] == weights[link], t
        if kind == "topic-overlap":  # "Themaen" had been written for the German plural
            n = numbers["de"][0]
            assert ("gemeinsames Thema von" if n == 1 else "gemeinsame Themen von") in t["de"], t


def test_no_link_between_a_field_and_its_own_subfield(db) -> None:
    q = """ASK { GRAPH <https://w3id.org/innograph/graph/derived> { ?l ig:source ?a ; ig:target ?b }
                 { ?a skos:broader ?b } UNION { ?b skos:broader ?a } }"""
    assert not bool(run_query(db, q))


def _store(triples: list[tuple[str, str, str]]) -> ox.Store:
    db = ox.Store()
    ig = "https://w3id.org/innograph/ontology#"
    doc = ox.NamedNode("https://w3id.org/innograph/id/source/t")
    for s, p, o in triples:
        obj = ox.NamedNode(ig + o[3:]) if o.startswith("ig:") else ox.NamedNode("http://e/" + o)
        pred = (
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            if p == "a"
            else ox.NamedNode(ig + p)
        )
        db.add(ox.Quad(ox.NamedNode("http://e/" + s), pred, obj, doc))
    return db


def test_coparticipation_counts_shared_activities() -> None:
    db = _store(
        [
            ("c1", "a", "ig:Cluster"),
            ("c2", "a", "ig:Cluster"),
            ("n1", "cluster", "c1"),
            ("n2", "cluster", "c2"),
            ("m1", "lead", "n1"),
            ("m1", "participant", "n2"),
            ("m2", "participant", "n1"),
            ("m2", "participant", "n2"),
        ]
    )
    quads = derive_crosslinks(db)
    weights = [q.object.value for q in quads if q.predicate.value.endswith("#weight")]
    assert weights == ["2"]


def test_topic_overlap_is_jaccard() -> None:
    db = _store(
        [
            ("c1", "a", "ig:Cluster"),
            ("c2", "a", "ig:Cluster"),
            ("c1", "topic", "t1"),
            ("c1", "topic", "t2"),
            ("c2", "topic", "t2"),
            ("c2", "topic", "t3"),
        ]
    )
    quads = derive_crosslinks(db)
    weights = [q.object.value for q in quads if q.predicate.value.endswith("#weight")]
    assert [float(w) for w in weights] == [pytest.approx(1 / 3, abs=1e-4)]


def _reference_rows(db: ox.Store) -> set[tuple[str, str, str, str]]:
    return {
        (r["c1"].value, r["c2"].value, r["x"].value, r["g"].value)
        for r in select_terms(db, "derive_coparticipation")
    }


def test_coparticipation_equals_its_sparql_definition_on_the_release(db) -> None:
    rows = coparticipation(db)
    assert len(rows) > 20
    assert rows == _reference_rows(db)


def test_coparticipation_equals_its_sparql_definition_on_edge_cases() -> None:
    db = _store(
        [
            ("c1", "a", "ig:Cluster"),
            ("c2", "a", "ig:Cluster"),
            ("c3", "a", "ig:Cluster"),
            ("sub", "a", "ig:Cluster"),
            ("both", "cluster", "c1"),  # one actor in two clusters alone: no tie
            ("both", "cluster", "c2"),
            ("m1", "participant", "both"),
            ("n3", "cluster", "c3"),  # with another actor it ties c1 and c2 to c3
            ("m2", "participant", "both"),
            ("m2", "participant", "n3"),
            ("s", "cluster", "sub"),  # a field and its own sub-field are not linked
            ("m3", "participant", "s"),
            ("m3", "participant", "both"),
            ("m3", "participant", "n3"),
            ("x", "cluster", "nothing"),  # not a cluster
            ("m2", "participant", "x"),
        ]
    )
    skos = "http://www.w3.org/2004/02/skos/core#broader"
    db.add(ox.Quad(ox.NamedNode("http://e/sub"), ox.NamedNode(skos), ox.NamedNode("http://e/c1")))
    doc = ox.NamedNode("https://w3id.org/innograph/id/source/t")
    m3, p = ox.NamedNode("http://e/m3"), ox.NamedNode("https://w3id.org/innograph/ontology#lead")
    db.add(ox.Quad(m3, p, ox.Literal("not an actor"), doc))
    rows = coparticipation(db)
    assert rows == _reference_rows(db)
    pairs = {(c1[-2:], c2[-2:], x[-2:]) for c1, c2, x, _ in rows}
    assert ("c1", "c3", "m2") in pairs and ("c2", "c3", "m2") in pairs
    assert ("c1", "c2", "m1") not in pairs and ("c1", "c2", "m2") not in pairs
    assert ("c1", "ub", "m3") not in pairs and ("c3", "ub", "m3") in pairs
