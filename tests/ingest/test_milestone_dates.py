"""Dates and status of measure milestones (issue 14): a milestone that prints a date is an
``ig:Milestone`` with ``ig:eventDate`` (as printed) and ``ig:eventStatus`` (planned where it says
"geplant", held where it says "erfolgt", else not stated), like events; a date that opens the
milestone cites the line printing it. Reviewed against the strategy's lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines

STRATEGY = "002_73011063377889c5.txt"

# (milestone, date as printed, status, line citing the date or None, words that line prints)
MILESTONES = [
    ("M1-01-1", "Oktober 2019", "not-stated", 2102, "Seit Oktober 2019"),
    ("M1-02-2", "15.07. 2018", "not-stated", 2155, "Seit 15.07. 2018"),
    ("M4-01-2", "Schuljahr 2020/21", "planned", 2938, "ab Schuljahr 2020/21"),
    ("M4-02-1", "Q3/2017", "held", 2994, "Q3/2017: Konzeptauswahl-"),
    ("M4-05-1", "Q3/2017", "held", 3155, "Q3/2017: Richtlinienände-"),
    ("L3-04-2", "Mai 2018", "held", 4387, "Seit Mai 2018"),
    ("B4-05-1", "2019", "held", 5465, "2019: Start des Pilotvorha-"),
    ("Q-02-1", "2019", "held", 5670, "2019: Veröffentlichung der"),
    ("Q-09-3", "2020", "planned", 6111, "2020 ff.: Beginn der Umset-"),
    # printed right below the milestone before, without a blank line (had been merged into it)
    ("Q-11-3", "2021", "not-stated", 6253, "2021: Stufenweise Umset-"),
    # the date further on in the milestone: stated, no line of its own
    ("M1-04-1", "August 2020", "not-stated", None, None),
    ("M4-04-2", "17.08.2020-21.01.2021", "planned", None, None),
    ("L3-06-2", "12/2018", "held", None, None),
]


@pytest.mark.parametrize(("ms", "date", "status", "line", "words"), MILESTONES)
def test_milestone_date_and_status(
    db, seeds_dir: Path, ms: str, date: str, status: str, line: int | None, words: str | None
) -> None:
    s = f"id:milestone\\/{ms}"
    rows = list(
        run_query(
            db,
            f"SELECT ?d ?status ?text WHERE {{ ?m ig:hasMilestone {s} . {s} a ig:Milestone ; "
            f"ig:eventDate ?d ; ig:eventStatus ?status ; rdfs:label ?text }}",
        )
    )
    assert len(rows) == 1
    got_date, got_status, text = (r.value for r in rows[0])
    assert (got_date, got_status.rsplit("/", 1)[-1]) == (date, status)
    assert date in text
    if status == "planned":
        assert "geplant" in text
    if status == "held":
        assert "erfolgt" in text
    cited = [
        int(r[0].value)
        for r in run_query(
            db,
            f"SELECT ?line WHERE {{ ?st rdf:subject {s} ; rdf:predicate ig:eventDate ; "
            "ig:sourceLine ?line ; prov:wasDerivedFrom id:source\\/digital-strategy-2020 }",
        )
    ]
    assert cited == ([] if line is None else [line])
    if line is not None:
        assert words is not None and words in read_lines(seeds_dir / STRATEGY)[line - 1]


def test_every_dated_milestone_has_one_status(db) -> None:
    rows = run_query(
        db,
        "SELECT ?status (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ig:Milestone ; ig:eventDate ?d ; "
        "ig:eventStatus ?status } GROUP BY ?status",
    )
    counts = {str(r[0].value).rsplit("/", 1)[-1]: int(r[1].value) for r in rows}
    assert counts == {"planned": 3, "held": 9, "not-stated": 130}
    undated = run_query(
        db,
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a ig:Milestone FILTER NOT EXISTS { ?m ig:eventDate ?d } }",
    )
    assert int(next(iter(undated))[0].value) == 177 - 142
