"""``graph.shacl_shapes``: the shapes graph read into an index, its lists, paths and targets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from innograph.graph.shacl_shapes import (
    ShapesGraph,
    UnsupportedShapeError,
    constant,
    focus_pattern,
    instance_pattern,
    short,
    sparql_path,
)

SH = "http://www.w3.org/ns/shacl#"


def _graph(turtle: str) -> ShapesGraph:
    text = f"@prefix sh: <{SH}> . @prefix ex: <urn:ex:> .\n" + turtle
    return ShapesGraph(ox.parse(text, format=ox.RdfFormat.TURTLE))


def _path_of(g: ShapesGraph) -> str:
    (path,) = g.get(ox.NamedNode("urn:ex:S"), "path")
    return sparql_path(g, path, "ex:S")


def test_sequence_alternative_and_inverse_paths_become_sparql_paths() -> None:
    g = _graph("ex:S sh:path ( ex:a [ sh:alternativePath ( ex:b [ sh:inversePath ex:c ] ) ] ) .")
    assert _path_of(g) == "(<urn:ex:a>/(<urn:ex:b>|(^<urn:ex:c>)))"


@pytest.mark.parametrize(
    ("construct", "sparql"),
    [
        ("zeroOrMorePath", "(<urn:ex:p>)*"),
        ("oneOrMorePath", "(<urn:ex:p>)+"),
        ("zeroOrOnePath", "(<urn:ex:p>)?"),
    ],
)
def test_repetition_paths(construct: str, sparql: str) -> None:
    assert _path_of(_graph(f"ex:S sh:path [ sh:{construct} ex:p ] .")) == sparql


def test_a_blank_node_with_two_path_keys_is_no_path() -> None:
    g = _graph("ex:S sh:path [ sh:inversePath ex:p ; sh:zeroOrMorePath ex:q ] .")
    with pytest.raises(UnsupportedShapeError, match="not a SHACL property path"):
        _path_of(g)


def test_a_cyclic_list_is_refused_not_followed_forever() -> None:
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    g = _graph(f"ex:S sh:in _:l . _:l <{rdf}first> 1 ; <{rdf}rest> _:l .")
    (head,) = g.get(ox.NamedNode("urn:ex:S"), "in")
    with pytest.raises(UnsupportedShapeError, match="not a well-formed RDF list"):
        g.items(head, "ex:S")


def test_rdf_star_in_a_shapes_graph_is_refused() -> None:
    with pytest.raises(UnsupportedShapeError, match="RDF-star"):
        _graph("<< ex:a ex:b ex:c >> ex:d ex:e .")


def test_focus_pattern_unites_every_target() -> None:
    g = _graph("ex:S sh:targetNode ex:x ; sh:targetSubjectsOf ex:p ; sh:targetObjectsOf ex:q .")
    assert g.targeted() == [ox.NamedNode("urn:ex:S")]
    pattern = focus_pattern(g, ox.NamedNode("urn:ex:S"), "ex:S")
    assert pattern.count(" UNION ") == 2
    db = ox.Store()
    for s, p, o in [("x", "r", "y"), ("a", "p", "b"), ("c", "q", "d"), ("e", "r", "f")]:
        db.add(ox.Quad(*(ox.NamedNode(f"urn:ex:{t}") for t in (s, p, o))))
    found = {row["this"].value for row in db.query(f"SELECT ?this WHERE {pattern}")}
    assert found == {"urn:ex:x", "urn:ex:a", "urn:ex:d"}


def test_instance_pattern_lists_known_subclasses_or_follows_the_path() -> None:
    cls = ox.NamedNode("urn:ex:Actor")
    listed = instance_pattern("?v", cls, {"urn:ex:Actor": {"urn:ex:Company"}})
    assert "<urn:ex:Company>" in listed and "subClassOf" not in listed
    assert "subClassOf>*" in instance_pattern("?v", cls, None)


def test_a_blank_node_is_no_constant() -> None:
    with pytest.raises(UnsupportedShapeError, match="a blank node is no constant"):
        constant("ex:S", "hasValue", ox.BlankNode())
    assert constant("ex:S", "hasValue", ox.Literal("x")) == '"x"'


def test_short_takes_the_longest_fitting_prefix() -> None:
    prefixes = {"ex": "urn:ex:", "exa": "urn:ex:a/"}
    assert short(ox.NamedNode("urn:ex:a/b"), prefixes) == "exa:b"
    assert short(ox.NamedNode("urn:other"), prefixes) == "<urn:other>"
