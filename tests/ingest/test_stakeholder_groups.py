"""Stakeholder groups: the generic participants of the measure sheets, as SKOS concepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.queries import python_value
from innograph.graph.vocab import PREFIXES
from innograph.ingest.resolution import normalise_name
from innograph.ingest.stakeholder_groups import load_groups
from innograph.ingest.text import join_lines
from tests.conftest import DATA

GROUP = "https://w3id.org/innograph/id/group/"


def _rows(db, query: str) -> list[dict]:
    result = db.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: python_value(r[n]) for n in names} for r in result]


def test_which_measures_involve_hospitals(db) -> None:
    rows = _rows(
        db,
        f"""SELECT DISTINCT ?m WHERE {{
        ?m ig:involvesGroup/skos:broader* <{GROUP}hospitals> }} ORDER BY ?m""",
    )
    assert [r["m"].rsplit("/", 1)[1] for r in rows] == ["L2-02", "L2-03", "L2-04", "L2-05"]


def test_broader_groups_gather_narrower_ones(db) -> None:
    rows = _rows(
        db,
        f"""SELECT DISTINCT ?m WHERE {{
        ?m ig:involvesGroup/skos:broader* <{GROUP}healthcare> }}""",
    )
    assert len(rows) > 4  # hospitals, physicians and health insurers together
    ask = db.query(
        f"ASK {{ <{GROUP}districts> skos:broader <{GROUP}local-authorities> }}",
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
    )
    assert bool(ask)


def test_every_group_in_the_file_has_unique_spellings_and_known_broader() -> None:
    groups = load_groups(DATA)
    assert {"hospitals", "chambers", "municipalities", "school-authorities"} <= set(groups)
    assert groups["hospitals"].broader == "healthcare"


def test_group_involvements_cite_the_line_that_prints_them(db, seeds_dir: Path) -> None:
    (path,) = seeds_dir.glob("002_*.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = _rows(
        db,
        "SELECT ?printed ?line WHERE { ?i a ig:GroupInvolvement ; ig:printed ?printed ; ig:sourceLine ?line }",
    )
    assert len(rows) >= 50
    misses = []
    for r in rows:
        window = lines[max(0, r["line"] - 1) : r["line"] + 2]  # a name may wrap over lines
        texts = (normalise_name(join_lines(window)), normalise_name(" ".join(window)))
        if not any(normalise_name(r["printed"]) in t for t in texts):
            misses.append((r["printed"], r["line"]))
    assert not misses, misses


@pytest.mark.parametrize(
    "name", ["Krankenhäuser", "Kammern", "Kommunen", "Schulträger", "Bildungsträger", "Ärzteschaft"]
)
def test_issue_examples_are_groups_not_lost(db, name: str) -> None:
    rows = _rows(db, f'SELECT ?g WHERE {{ ?i ig:printed "{name}" ; ig:group ?g }}')
    assert rows, f"{name} is not linked to any measure"


def test_leads_and_participants_cite_the_line_that_prints_them(db, seeds_dir: Path) -> None:
    """Per-fact provenance: each lead/participant fact has an rdf:Statement with its own line,
    and that line (or the next, for a name wrapped over two) prints the organisation's name."""
    (path,) = seeds_dir.glob("002_*.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = _rows(
        db,
        """SELECT ?line (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names)
        WHERE { ?st rdf:predicate ?p ; rdf:object ?org ; ig:sourceLine ?line .
                VALUES ?p { ig:lead ig:participant }
                ?org rdfs:label|skos:altLabel|skos:hiddenLabel ?name }
        GROUP BY ?st ?line""",
    )
    assert len(rows) > 150
    hits = 0
    for r in rows:
        text = normalise_name(join_lines(lines[r["line"] - 1 : r["line"] + 2]))
        if any(normalise_name(n) in text for n in r["names"].split("|")):
            hits += 1
    assert hits / len(rows) >= 0.9, f"{hits} of {len(rows)}"
