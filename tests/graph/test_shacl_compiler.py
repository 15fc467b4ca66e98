"""``graph.shacl_compiler``: constraints compiled to queries, probes, nested shapes, refusals."""

from __future__ import annotations

import pytest

from innograph.graph.shacl_compiler import UnsupportedShapeError, compile_constraints

HEAD = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .\n"


def test_each_constraint_is_one_query_and_one_predicate_shares_its_probe() -> None:
    constraints, prefixes = compile_constraints(
        HEAD
        + """ex:S sh:targetNode ex:x ;
            sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:datatype <urn:ex:T> ] .
           ex:R sh:targetNode ex:y ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] ."""
    )
    assert sorted(c.component for c in constraints) == ["Datatype", "MaxCount", "MaxCount"]
    assert prefixes["ex"] == "urn:ex:"
    counts = [c for c in constraints if c.component == "MaxCount"]
    assert counts[0].probe is not None and counts[0].probe == counts[1].probe
    assert {c.message for c in counts} == {"More than 1 values on ex:p"}


def test_logical_constraints_hold_their_members() -> None:
    (logic,) = compile_constraints(
        HEAD
        + """ex:S sh:targetNode ex:x ; sh:or (
              [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) ."""
    )[0]
    assert logic.component == "Or" and len(logic.members) == 2
    assert logic.accept is not None and logic.accept(1, 2) and not logic.accept(0, 2)


def test_a_deactivated_shape_compiles_to_nothing() -> None:
    text = HEAD + "ex:S sh:targetNode ex:x ; sh:deactivated true ; sh:nodeKind sh:IRI ."
    assert compile_constraints(text)[0] == ()


@pytest.mark.parametrize(
    ("shape", "construct"),
    [
        ("ex:S sh:targetNode ex:x ; sh:node ex:S .", "a recursive shape reference"),
        ("ex:S sh:targetNode ex:x ; sh:sparql [] .", "sh:sparql"),
        ("ex:S sh:targetNode ex:x ; sh:minCount 1 .", "sh:minCount on a node shape"),
        ("ex:S sh:targetNode ex:x ; sh:pattern '(' .", "a regular expression"),
        ("ex:S sh:targetNode ex:x ; sh:hasValue [] .", "a blank node is no constant"),
    ],
)
def test_what_cannot_be_compiled_is_named(shape: str, construct: str) -> None:
    with pytest.raises(UnsupportedShapeError) as caught:
        compile_constraints(HEAD + shape)
    assert caught.value.shape == "ex:S"
    assert construct in str(caught.value)
