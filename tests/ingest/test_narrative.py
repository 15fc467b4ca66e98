"""Narrative facts of the brochure (issue 14), each checked in the graph and against the line the
brochure prints it on: the Trendatlas as a study (author, client, its eleven growth fields),
which agencies the LEG hosts and which works outside it, ThCM's support for the application
centres, and the key indicators of section 1 as figures of Thuringia and Germany."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines

BROCHURE = "003_7f60bfa5933ed3d6.txt"
STUDY = "id:study\\/trendatlas-thueringen-2020"

# (subject, predicate, object, line, words the line prints)
FACTS = [
    (STUDY, "ig:authoredBy", "id:company\\/rbsc", 86, "Roland Berger Strategy Consultants (RBSC)"),
    (STUDY, "ig:commissionedBy", "id:ministry\\/tmwat", 86, "im Auftrag des Thüringer Ministeriums"),
    (STUDY, "ig:identifiesField", "id:cluster\\/automobil", 92, "Automobil"),
    (STUDY, "ig:identifiesField", "id:cluster\\/service-robotik", 107, "Service-Robotik"),
    (STUDY, "ig:identifiesField", "id:cluster\\/kreativwirtschaft", 108, "Kreativwirtschaft"),
    ("id:agency\\/thega", "ig:hostedBy", "id:agency\\/leg", 512, "ebenfalls bei der LEG angesiedelten"),
    ("id:agency\\/thak", "ig:worksOutside", "id:agency\\/leg", 512, "außerhalb der LEG"),
    (
        "id:agency\\/thcm",
        "ig:supports",
        "id:initiative\\/thimo-thueringer-innovationszentrum-mobilitaet",
        614,
        "ThIMo – Thüringer Innovationszentrum Mobilität",
    ),
    (
        "id:agency\\/thcm",
        "ig:supports",
        "id:initiative\\/center-for-energy-and-environmental-chemistry-jena",
        615,
        "Center for Energy and Environmental Chemistry Jena",
    ),
]  # fmt: skip

# (region, property, value, reference date, printed as, line)
INDICATORS = [
    ("thueringen", "patentsPer100kInhabitants", "25", None, "nur 25 Patente", 114),
    ("deutschland", "patentsPer100kInhabitants", "57", None, "bei 57 Patenten", 114),
    ("thueringen", "rdExpenditureSharePercent", "2.04", "2009", "BIP 2009 betrug 2,04", 114),
    ("thueringen", "exportQuotePercent", "31.5", "2011", "bei 31,5 Prozent", 114),
    ("deutschland", "exportQuotePercent", "41.3", "2011", "von 41,3 Prozent", 114),
]


def _lines(seeds_dir: Path) -> list[str]:
    return read_lines(seeds_dir / BROCHURE)


@pytest.mark.parametrize(("s", "p", "o", "line", "words"), FACTS)
def test_fact_is_stated_with_its_line(db, s: str, p: str, o: str, line: int, words: str) -> None:
    query = (
        f"SELECT ?line WHERE {{ {s} {p} {o} . ?st rdf:subject {s} ; rdf:predicate {p} ; "
        f"rdf:object {o} ; ig:sourceLine ?line ; prov:wasDerivedFrom id:source\\/thcm-brochure-2012 }}"
    )
    assert [int(r[0].value) for r in run_query(db, query)] == [line]


@pytest.mark.parametrize(("s", "p", "o", "line", "words"), FACTS)
def test_the_brochure_prints_it(seeds_dir: Path, s: str, p: str, o: str, line: int, words: str):
    assert words in _lines(seeds_dir)[line - 1]


def test_the_study_names_eleven_fields_and_no_branch(db) -> None:
    rows = run_query(
        db, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {STUDY} ig:identifiesField ?c }}"
    )
    assert int(next(iter(rows))[0].value) == 11
    assert not list(
        run_query(db, f"SELECT ?c WHERE {{ {STUDY} ig:identifiesField id:cluster\\/logistik }}")
    )


def test_thcm_supports_the_three_application_centres(db) -> None:
    rows = run_query(
        db,
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { id:agency\\/thcm ig:supports ?c . "
        "?c ig:initiativeType 'application-centre' }",
    )
    assert int(next(iter(rows))[0].value) == 3


@pytest.mark.parametrize(("region", "prop", "value", "year", "printed", "line"), INDICATORS)
def test_key_indicator(
    db,
    seeds_dir: Path,
    region: str,
    prop: str,
    value: str,
    year: str | None,
    printed: str,
    line: int,
) -> None:
    query = (
        f"SELECT ?v ?date ?line WHERE {{ ?f a ig:Figure ; ig:figureOf id:region\\/{region} ; "
        f"ig:measuredProperty ig:{prop} ; ig:value ?v ; ig:sourceLine ?line . "
        "OPTIONAL { ?f ig:referenceDate ?date } }"
    )
    rows = [[t.value if t is not None else None for t in r] for r in run_query(db, query)]
    assert len(rows) == 1
    v, date, at = rows[0]
    assert float(v) == float(value) and date == year and int(at) == line
    assert printed in _lines(seeds_dir)[line - 1]
