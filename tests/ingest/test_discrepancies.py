"""Disagreements in and between the documents (``ig:Discrepancy``).

Every side of every discrepancy — the reviewed ones in ``data/discrepancies.yaml`` and the ones
the brochure's mapper derives (section vs Anlage 2) — must print its words on its cited line ±1
of the seed document (the line audit's own check, ``innograph.ingest.line_audit.prints``); the
build reports the counts by kind; ``ig:conflictsWith`` stays for the numeric conflicts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from innograph.api.cli import main
from innograph.graph.errors import SourceError
from innograph.graph.stats import discrepancies_by_kind
from innograph.ingest.discrepancies import load_discrepancies, load_kinds
from innograph.ingest.line_audit import Citation, audit, prints, read_lines
from innograph.ingest.source_documents import load_catalogue
from tests.conftest import DATA

EXPECTED = {
    "naming-variant": 11,
    "date": 5,
    "classification-variant": 4,
    "qualifier": 4,
    "approximation": 3,
    "numeric-conflict": 2,
    "wording": 2,
    "cross-document": 1,
}


def _files() -> dict[str, str]:
    return {d.id: d.file for d in load_catalogue(DATA)}


def _sides() -> list[tuple[str, str, int, str]]:
    files = {f"https://w3id.org/innograph/id/source/{k}": v for k, v in _files().items()}
    return [
        (d.id, files[str(s.doc)], s.line, s.printed)
        for d in load_discrepancies(DATA)
        for s in d.sides
    ]


@pytest.mark.parametrize(("did", "file", "line", "printed"), _sides())
def test_every_reviewed_side_is_printed_on_its_line(
    seeds_dir: Path, did: str, file: str, line: int, printed: str
) -> None:
    lines = read_lines(seeds_dir / file)
    found = prints(Citation(file, did, "side", did, line, (printed,)), lines)
    assert found.passed, f"{did}: {printed!r} is not on line {line}±1 of {file}:\n{found.text}"


def test_every_side_in_the_store_is_printed_on_its_line(seeds_dir: Path, db) -> None:
    def document(name: str) -> list[str] | None:
        path = seeds_dir / name
        return read_lines(path) if path.is_file() else None

    sides = [f for f in audit(db, document) if f.citation.kind == "side"]
    assert len(sides) >= 2 * sum(EXPECTED.values())
    failed = [f"{f.citation.fact} line {f.citation.line}" for f in sides if not f.passed]
    assert not failed, failed


def test_counts_by_kind(db) -> None:
    assert discrepancies_by_kind(db) == EXPECTED


def test_every_kind_of_the_brief_is_in_the_scheme() -> None:
    assert set(load_kinds(DATA)) == set(EXPECTED)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # both sides of a derived qualifier, with their lines
        (
            """SELECT ?line ?printed WHERE {
                 ?d ig:discrepancyKind id:discrepancy-kind\\/qualifier ; ig:side ?s .
                 ?s ig:sourceLine ?line ; ig:printed ?printed
                 FILTER (CONTAINS(?printed, "Getränke") || CONTAINS(?printed, "nur WZ 10)")) }""",
            {(412, "ca. 14,7 % (nur WZ 10)"), (678, "14,7 (nur WZ 10 ohne Getränke)")},
        ),
        # the numeric conflicts keep the shortcut between the two figures
        (
            """SELECT DISTINCT ?la ?lb WHERE {
                 ?d ig:discrepancyKind id:discrepancy-kind\\/numeric-conflict ; ig:side ?a, ?b .
                 ?a ig:about ?fa ; ig:sourceLine ?la . ?b ig:about ?fb ; ig:sourceLine ?lb .
                 ?fa ig:conflictsWith ?fb FILTER (?la < ?lb) }""",
            {(289, 671), (441, 679)},
        ),
    ],
)
def test_sides_are_one_pattern_away(db, query: str, expected: set) -> None:
    from innograph.graph.sparql import run_query

    rows = run_query(db, query)
    got = {tuple(int(t.value) if t.value.isdigit() else t.value for t in row) for row in rows}
    assert got == expected


def test_a_side_in_the_graph_of_its_document(db) -> None:
    from innograph.graph.sparql import run_query

    rows = list(
        run_query(
            db,
            """SELECT DISTINCT ?g ?doc WHERE { GRAPH ?g { ?s a ig:DiscrepancySide ;
                 prov:wasDerivedFrom ?doc } }""",
        )
    )
    assert rows and all(r["g"] == r["doc"] for r in rows)


def test_build_prints_the_counts_by_kind(tmp_path: Path, capsys) -> None:
    assert main(["build", "--store", str(tmp_path / "store")]) == 0
    err = capsys.readouterr().err.replace("\n", " ")
    assert "disagreements in and between the documents: 32" in err
    for kind, n in EXPECTED.items():
        assert f"{kind} {n}" in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: wording\n", "kind: gossip\n", "unknown kind 'gossip'"),
        ("about: org:thega\n", "about: org:nobody\n", "unknown about 'org:nobody'"),
        ("doc: ris3-ict-services, line: 27", "doc: nowhere, line: 27", "unknown doc 'nowhere'"),
    ],
)
def test_a_bad_row_names_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "discrepancies.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SourceError, match=message) as err:
        load_discrepancies(data)
    assert "discrepancies.yaml" in str(err.value)
