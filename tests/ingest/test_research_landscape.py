"""The research registry covers Thuringia's research landscape as the ThCM page describes it
(issue 14). Line 33 of the page names the kinds of research organisation, and four societies by
name; each is in the graph, typed, and where the page names a body its row cites that line."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines

PAGE = "001_d97b0e8d750cb246.txt"
LINE = 33

# The four societies the page names: (registry id, the words line 33 prints)
SOCIETIES = [
    ("mpg", "the Max Planck Society"),
    ("fhg", "the Fraunhofer Society"),
    ("wgl", "the Gottfried Wilhelm Leibniz Science Association"),
    ("hgf", "the Helmholtz Society"),
]

# The kinds the page names without naming bodies, with the reviewed rows of each:
# (words line 33 prints, class, registry ids)
KINDS = [
    (
        "the state's nine universities",
        None,  # University or UniversityOfAppliedSciences; marked dcterms:type "state-university"
        {
            "fsu-jena", "tu-ilmenau", "uni-erfurt", "buw", "hfm-weimar",
            "eah-jena", "fh-erfurt", "hs-nordhausen", "hs-schmalkalden",
        },
    ),
    ("as well as state research facilities", "StateResearchInstitute",
     {"tlllr", "imms", "tls-tautenburg"}),
    (
        "Business-related research institutes and development service providers",
        "BusinessRelatedResearchInstitute",
        {
            "cis", "innovent", "titk", "gfe", "ifw-jena", "mfpa-weimar", "iab-weimar", "fzmb",
            "iba-heiligenstadt",
        },
    ),
]  # fmt: skip


def _ids(rows) -> set[str]:
    return {str(r[0].value).rsplit("/", 1)[-1] for r in rows}


@pytest.mark.parametrize(("org", "words"), SOCIETIES)
def test_the_page_prints_the_society(seeds_dir: Path, org: str, words: str) -> None:
    assert words in read_lines(seeds_dir / PAGE)[LINE - 1]


@pytest.mark.parametrize(("org", "words"), SOCIETIES)
def test_each_society_is_typed_cites_the_line_and_has_thuringian_institutes(
    db, org: str, words: str
) -> None:
    s = f"id:research\\/{org}"
    rows = list(
        run_query(
            db,
            f"SELECT ?label WHERE {{ {s} a ig:ResearchSociety, ig:ResearchOrganisation ; "
            f"rdfs:label ?label ; ig:sourceLine {LINE} ; "
            "prov:wasDerivedFrom id:source\\/thcm-partners-networks FILTER (lang(?label) = 'en') }",
        )
    )
    assert [r[0].value for r in rows] == [words.removeprefix("the ")]
    institutes = run_query(
        db,
        f"SELECT DISTINCT ?i WHERE {{ ?i org:subOrganizationOf+ {s} ; a ig:ResearchInstitute }}",
    )
    assert _ids(institutes), f"no institute of {org} in the graph"


@pytest.mark.parametrize(("words", "cls", "expected"), KINDS)
def test_each_kind_the_page_names_is_in_the_graph(
    db, seeds_dir: Path, words: str, cls: str | None, expected: set[str]
) -> None:
    assert words in read_lines(seeds_dir / PAGE)[LINE - 1]
    if cls is None:
        query = (
            "SELECT DISTINCT ?o WHERE { ?o dcterms:type 'state-university' . "
            "?o a ?t VALUES ?t { ig:University ig:UniversityOfAppliedSciences } }"
        )
    else:
        query = f"SELECT DISTINCT ?o WHERE {{ ?o a ig:{cls}, ig:ResearchInstitute }}"
    assert _ids(run_query(db, query)) == expected


def test_the_nine_universities_are_universities_and_universities_of_applied_sciences(db) -> None:
    rows = run_query(
        db,
        "SELECT ?t (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o dcterms:type 'state-university' ; a ?t "
        "VALUES ?t { ig:University ig:UniversityOfAppliedSciences } } GROUP BY ?t ORDER BY ?t",
    )
    counts = {str(r[0].value).rsplit("#", 1)[-1]: int(r[1].value) for r in rows}
    assert counts == {"University": 5, "UniversityOfAppliedSciences": 4}
