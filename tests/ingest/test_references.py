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
    ("study/trendatlas-thueringen-2020", 23, {175, 212, 233, 253, 286, 310, 333, 359, 385, 689},
     "Trendatlas Thüringen 2020"),
    ("initiative/unternehmens-und-technologiedatenbank", 93,
     {173, 211, 232, 253, 286, 308, 332, 357, 383, 403, 416, 681}, "Unternehmens- und Techn"),
    ("study/die-optische-industrie-in-thueringen", 8, {361, 683},
     "Die optische Industrie in Thüringen"),
    ("study/helaba-thueringen-logistik-in-bewegung", 6, {438, 685},
     "Helaba-Studie: Thüringen – Logistik in Bewegung"),
    ("study/tls-betriebe-ab-20-beschaeftigte-2011", 18, {175, 212, 253, 286, 333, 359, 416, 687},
     "Betriebe ab 20 Beschäftigte im Jahr 2011"),
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
        f"FILTER (?g = {DOC} && STR(?s) NOT IN ('Anlage 2', 'Webseite und Angaben des Netzwerks', "
        "'Webseiten der Netzwerke, Stand: September 2012')) "
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


# Anlage 2's footnotes (lines 681-691): (footnote line, reference date, figures citing it, what
# the figures are based on); a cell's own footnote wins over its column's ("bis auf benannte
# Ausnahmen"), the networks' columns have footnote 6
ANLAGE2 = [
    (681, "2012-09", 48, "initiative/unternehmens-und-technologiedatenbank"),
    (683, "2011-05", 4, "study/die-optische-industrie-in-thueringen"),
    (685, "2012-06", 3, "study/helaba-thueringen-logistik-in-bewegung"),
    (687, "2011", 10, "study/tls-betriebe-ab-20-beschaeftigte-2011"),
    (689, "2008", 5, "study/trendatlas-thueringen-2020"),
    (691, "2012-09", 20, None),  # "Webseiten der Netzwerke, Stand: September 2012"
]


def test_every_anlage2_figure_has_its_footnotes_date(db) -> None:
    """The 90 figures of Anlage 2 (lines 667-679) had no reference date and no basis."""
    rows = run_query(
        db,
        f"SELECT ?f ?date WHERE {{ GRAPH {DOC} {{ ?f a ig:Figure ; ig:sourceLine ?l "
        "FILTER (?l >= 667 && ?l <= 679) OPTIONAL { ?f ig:referenceDate ?date } } }",
    )
    dates = {r["f"].value: r["date"] for r in rows}
    assert len(dates) == 90
    assert [f for f, d in dates.items() if d is None] == []


@pytest.mark.parametrize(("line", "date", "count", "target"), ANLAGE2)
def test_anlage2_footnotes(
    db, seeds_dir: Path, line: int, date: str, count: int, target: str | None
) -> None:
    figures = f"?f a ig:Figure ; ig:sourceLine ?l ; ig:referenceDate '{date}' FILTER (?l >= 667 && ?l <= 679)"
    if target is None:
        q = f"SELECT DISTINCT ?f WHERE {{ {figures} ?f dcterms:source ?s FILTER (CONTAINS(?s, 'Webseiten der Netzwerke')) }}"
    else:
        t = _iri(target)
        q = (
            f"SELECT DISTINCT ?f WHERE {{ {figures} ?f ig:basedOn {t} . ?st rdf:subject ?f ; "
            f"rdf:predicate ig:basedOn ; rdf:object {t} ; ig:sourceLine {line} }}"
        )
    assert len(list(run_query(db, q))) == count
    assert read_lines(seeds_dir / BROCHURE)[line - 1].startswith(("Quellen: <sup>", "<sup>"))
