"""Dates of events, panels and trips (issue 14): one property, ``ig:eventDate`` as printed, and a
status from ``id:scheme/event-status``, planned or held as the brochure prints it on a line, or
not stated. Every row below is checked against the graph and against the brochure's lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines

BROCHURE = "003_7f60bfa5933ed3d6.txt"

# (label, date as printed, status, line printing the date, line printing the status, its words)
DATED = [
    ("Panel „Internationalisierung/Messeaktivitäten“", "06/2012", "held", 609, 609, "erfolgt"),
    ("Panel „Human Resources“", "1.Q/2013", "planned", 610, 610, "geplanter Termin"),
    ("Panel „Ressourceneffizienz“", "1.Q/2013", "planned", 611, 611, "geplanter Termin"),
    (
        "Kick-off-Workshop Roadmap Mess-, Steuer- und Regeltechnik",
        "4.Q/2012",
        "planned",
        602,
        602,
        "geplanter Termin",
    ),
    ("MNT Branchentag 2012", "12.09.2012", "not-stated", 648, None, None),
    ("Forum „Wachstumsfeld Maschinenbau“", "Q1/2013", "planned", 649, 649, "geplant"),
    ("Thüringer Werkstofftag 2013", "März 2013", "not-stated", 650, None, None),
    (
        "Workshop „Automotive meets Photonics and Materials“",
        "20.11.2012",
        "not-stated",
        655,
        None,
        None,
    ),
    ("Cross-over-Veranstaltung: Thermobatterie", "Q4/2012", "planned", 656, 656, "geplant"),
    ("Unternehmerreise nach Russland", "10/2012", "planned", 660, 658, "geplanten"),
    ("Delegationsreise nach Indonesien und Vietnam", "Q1/2013", "planned", 661, 658, "geplanten"),
]

_QUERY = """
SELECT ?date ?status ?dateLine ?statusLine WHERE {
  ?e rdfs:label ?label ; ig:eventDate ?date ; ig:eventStatus/skos:notation ?status .
  ?d rdf:subject ?e ; rdf:predicate ig:eventDate ; rdf:object ?date ; ig:sourceLine ?dateLine .
  OPTIONAL { ?s rdf:subject ?e ; rdf:predicate ig:eventStatus ; ig:sourceLine ?statusLine }
  FILTER (str(?label) = "%s")
}"""


def test_every_dated_node_is_listed(db) -> None:
    rows = run_query(
        db,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e ig:eventDate ?d "
        "FILTER NOT EXISTS { ?e a ig:Milestone } }",  # milestones: test_milestone_dates.py
    )
    assert int(next(iter(rows))[0].value) == len(DATED)


def test_no_old_date_properties(db) -> None:
    rows = run_query(
        db,
        "SELECT ?s WHERE { { ?s ig:plannedDate ?d } UNION "
        "{ ?s a ?t ; dcterms:date ?d FILTER (?t IN (ig:Event, ig:Initiative)) } }",
    )
    assert not list(rows)


@pytest.mark.parametrize(("label", "date", "status", "line", "status_line", "words"), DATED)
def test_date_and_status(
    db, label: str, date: str, status: str, line: int, status_line: int | None, words: str | None
) -> None:
    rows = [[t.value if t is not None else None for t in r] for r in run_query(db, _QUERY % label)]
    expected_line = str(status_line) if status_line else None
    assert rows == [[date, status, str(line), expected_line]], label


@pytest.mark.parametrize(("label", "date", "status", "line", "status_line", "words"), DATED)
def test_the_brochure_prints_it(
    seeds_dir: Path,
    label: str,
    date: str,
    status: str,
    line: int,
    status_line: int | None,
    words: str | None,
) -> None:
    lines = read_lines(seeds_dir / BROCHURE)
    assert date in lines[line - 1], (label, lines[line - 1])
    if status_line is None:  # neither word on the line: the status is not stated
        assert "geplant" not in lines[line - 1] and "erfolgt" not in lines[line - 1]
    else:
        assert words is not None and words in lines[status_line - 1], lines[status_line - 1]
