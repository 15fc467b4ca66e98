"""References become links (issue 14): every figure whose footnote names a study, database or
statistic is ``ig:basedOn`` that entity, stated with the footnote's line, which prints it; the
studies carry their author where the footnote prints one; the initiative „CoOPTICS“ is linked to
the company of that name."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines

BROCHURE = "003_7f60bfa5933ed3d6.txt"
DOC = "id:source\\/thcm-brochure-2012"

# (entity, figures based on it, the footnote lines, words each of those lines prints)
LINKS = [
    ("study/trendatlas-thueringen-2020", 18, {175, 212, 233, 253, 286, 310, 333, 359, 385},
     "Trendatlas Thüringen 2020"),
    ("initiative/unternehmens-und-technologiedatenbank", 45,
     {173, 211, 232, 253, 286, 308, 332, 357, 383, 403, 416}, "Unternehmens- und Technolgie"),
    ("study/die-optische-industrie-in-thueringen", 4, {361}, "Die optische Industrie in Thüringen"),
    ("study/helaba-thueringen-logistik-in-bewegung", 3, {438},
     "Helaba-Studie: Thüringen – Logistik in Bewegung"),
    ("study/tls-betriebe-ab-20-beschaeftigte-2011", 8, {175, 212, 253, 286, 333, 359, 416},
     "Thüringer Landesamt für Statistik, Betriebe ab 20 Beschäftigte im Jahr 2011"),
]  # fmt: skip

# (study, author, line, words the line prints)
AUTHORS = [
    ("helaba-thueringen-logistik-in-bewegung", "company\\/helaba", 438, "Helaba-Studie"),
    ("die-optische-industrie-in-thueringen", "network\\/optonet", 361, "OptoNet e.V., Die optische"),
    ("tls-betriebe-ab-20-beschaeftigte-2011", "agency\\/tls", 253,
     "Thüringer Landesamt für Statistik"),
]  # fmt: skip


def _iri(path: str) -> str:
    return "id:" + path.replace("/", "\\/")


@pytest.mark.parametrize(("target", "count", "lines", "words"), LINKS)
def test_figures_are_based_on_what_their_footnote_names(
    db, seeds_dir: Path, target: str, count: int, lines: set[int], words: str
) -> None:
    t = _iri(target)
    rows = list(
        run_query(
            db,
            f"SELECT ?f ?line ?printed WHERE {{ ?f ig:basedOn {t} ; dcterms:source ?printed . "
            f"?st rdf:subject ?f ; rdf:predicate ig:basedOn ; rdf:object {t} ; "
            f"ig:sourceLine ?line ; prov:wasDerivedFrom {DOC} }}",
        )
    )
    assert len({r[0] for r in rows}) == count
    assert {int(r[1].value) for r in rows} == lines
    text = read_lines(seeds_dir / BROCHURE)
    for line in lines:  # the footnote line prints it (the database's typo on line 416 too)
        printed = text[line - 1].replace("Technologiedatenbank", "TechnolgieDatenbank")
        assert words.casefold() in printed.casefold(), line


@pytest.mark.parametrize(("study", "author", "line", "words"), AUTHORS)
def test_study_author_where_printed(
    db, seeds_dir: Path, study: str, author: str, line: int, words: str
) -> None:
    s, a = f"id:study\\/{study}", f"id:{author}"
    rows = run_query(
        db,
        f"SELECT ?line WHERE {{ {s} a ig:Study ; ig:authoredBy {a} . ?st rdf:subject {s} ; "
        f"rdf:predicate ig:authoredBy ; rdf:object {a} ; ig:sourceLine ?line }}",
    )
    assert [int(r[0].value) for r in rows] == [line]
    assert words in read_lines(seeds_dir / BROCHURE)[line - 1]


def test_the_printed_source_stays(db) -> None:
    rows = run_query(
        db,
        "SELECT DISTINCT ?printed WHERE { ?f ig:basedOn "
        "id:study\\/helaba-thueringen-logistik-in-bewegung ; dcterms:source ?printed }",
    )
    assert [r[0].value for r in rows] == [
        "Helaba-Studie: Thüringen – Logistik in Bewegung, Juni 2012"
    ]


def test_every_footnoted_figure_is_linked(db) -> None:
    rows = run_query(
        db,
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a ig:Figure ; dcterms:source ?s } "
        f"FILTER (?g = {DOC} && STR(?s) NOT IN ('Anlage 2', 'Webseite und Angaben des Netzwerks')) "
        "FILTER NOT EXISTS { ?f ig:basedOn ?x } }",
    )
    assert int(next(iter(rows))[0].value) == 0


def test_the_initiative_and_the_company_of_its_name_are_linked(db, seeds_dir: Path) -> None:
    i = "id:initiative\\/optonet-e-v--initiative-cooptics"
    rows = run_query(
        db,
        f"SELECT ?line WHERE {{ {i} ig:sharesNameWith id:company\\/cooptics . ?st rdf:subject {i} "
        "; rdf:predicate ig:sharesNameWith ; ig:sourceLine ?line }",
    )
    assert [int(r[0].value) for r in rows] == [368]
    assert "Initiative „CoOPTICS“" in read_lines(seeds_dir / BROCHURE)[367]
