"""The line audit: every fact that cites a line of a source document prints its value there.

Every node with ``ig:sourceLine`` in a source document's graph (entities, ``rdf:Statement`` nodes,
figures, cross-links, group involvements, addresses) is checked against the document in
``../shared/seeds``: the cited line ±1 must contain its value (numbers in the document's own
spelling) or the label or an alias of what it names. At least 98 % must pass; every failure is
listed, with its reason, in ``line_audit_exceptions.yaml``, and a listed exception that no longer
fails is stale and fails the test. Run ``pytest tests/ingest/test_line_audit.py -q -s`` to see
the measured precision.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from innograph.ingest.line_audit import Citation, Finding, audit, prints, read_lines, start_line
from innograph.ingest.source_documents import load_catalogue
from innograph.ingest.spellings import contains_number, contains_text, number_spellings
from tests.conftest import DATA

EXCEPTIONS = Path(__file__).with_name("line_audit_exceptions.yaml")
PRECISION = 0.98

Key = tuple[str, str, int]


def _key(c: Citation) -> Key:
    return (c.doc, c.fact, c.line)


def _exceptions() -> dict[Key, dict]:
    rows = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8")) or []
    return {(r["doc"], r["fact"], int(r["line"])): r for r in rows}


@pytest.fixture(scope="module")
def findings(seeds_dir: Path, db) -> list[Finding]:  # skip before building
    def document(name: str) -> list[str] | None:
        path = seeds_dir / name
        return read_lines(path) if path.is_file() else None

    return audit(db, document)


def test_cited_lines_print_their_facts(findings: list[Finding]) -> None:
    exceptions = _exceptions()
    failed = {_key(f.citation): f for f in findings if not f.passed}
    passed = len(findings) - len(failed)
    rate = passed / len(findings)
    print(
        f"\nline audit: {passed} of {len(findings)} cited lines print their fact "
        f"({rate:.1%}); {len(exceptions)} reviewed exceptions"
    )
    unlisted = sorted(set(failed) - set(exceptions))
    assert not unlisted, "cited lines that do not print their fact (fix, or review and list):\n" + (
        "\n".join(
            f"- doc: {d}\n  fact: {f!r}\n  line: {n}\n  text: {failed[(d, f, n)].text!r}"
            for d, f, n in unlisted
        )
    )
    stale = sorted(set(exceptions) - set(failed))
    assert not stale, f"exceptions that now pass (remove them): {stale}"
    assert rate >= PRECISION, f"line precision {rate:.1%} < {PRECISION:.0%}"


def test_a_wrapped_text_cites_the_line_it_starts_on(
    seeds_dir: Path, findings: list[Finding]
) -> None:
    """±1 lets a text be found that starts on a neighbour of its line; it must start on the line
    itself. "Landkreise" (Q-07) and "Akteur*innen Maßnahmen/Projekte" (L1-09), the second name
    of a wrapped "… und …", had cited the first name's line; the ministry TMMJV and the
    foundation's "Stiftung Schloss Friedenstein" the line after the one they start on."""
    files = {d.id: d.file for d in load_catalogue(DATA)}
    texts: dict[str, list[str]] = {}

    def lines_of(doc: str) -> list[str]:
        if doc not in texts:
            texts[doc] = read_lines(seeds_dir / files[doc])
        return texts[doc]

    elsewhere = [
        (f.citation.doc, f.citation.fact, f.citation.line, at)
        for f in findings
        if f.passed and f.citation.words and not f.citation.numbers
        and (at := start_line(f.citation, lines_of(f.citation.doc))) not in (None, f.citation.line)
    ]  # fmt: skip
    assert not elsewhere, "\n".join(
        f"{d}: {fact} cites {n}, starts on {at}" for d, fact, n, at in elsewhere
    )


def test_every_exception_is_reviewed() -> None:
    for key, row in _exceptions().items():
        assert len(str(row.get("reason", ""))) > 20, f"{key}: give the reason"


def test_the_audit_covers_every_kind_of_cited_node(findings: list[Finding]) -> None:
    kinds = {f.citation.kind for f in findings}
    assert kinds >= {"entity", "statement", "figure", "crosslink", "involvement", "address"}
    docs = {f.citation.doc for f in findings}
    assert len(docs) == 5, docs  # the five seed documents; the registries cite YAML rows


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("8100", "ca. 8.100"),
        ("24800", "around 24,800 employees"),
        ("18500", "ca. 18 500"),
        ("1.9", "ca. 1,9"),
        ("33", "33,0 %"),
        ("7700000000", "ca. 7,7"),  # the header says "Mrd. €"
        ("3050000000", "EUR 3.05 billion"),
        ("13000000", "ca. 0,013"),
        ("350000000", "350 Mio. Euro"),
        ("8", "eight members"),
        ("5", "fünf Forschungseinrichtungen"),
        ("1", "kommt regelmäßig einmal im Jahr zusammen"),
        ("2", "kommt regelmäßig zweimal im Jahr zusammen"),
    ],
)
def test_a_number_is_found_in_the_documents_spelling(value: str, printed: str) -> None:
    assert contains_number(printed, value), sorted(number_spellings(value))


@pytest.mark.parametrize(
    ("value", "printed"),
    [("9", "im Jahr 2019"), ("100", "1.100 Mitarbeiter"), ("1.9", "1,95"), ("3", "33,0 %")],
)
def test_a_number_inside_another_is_not_found(value: str, printed: str) -> None:
    assert not contains_number(printed, value)


def test_names_match_from_a_word_start_and_short_ones_whole() -> None:
    assert contains_text("Verbände, Kammern, Cluster/Netzwerke", "cluster / netzwerke")
    assert contains_text("Fa. H.M. Heizkörper", "H.M. Heizkörper")
    assert not contains_text("Landesdatenschutz", "DA")


def test_a_fact_is_found_on_its_line_or_a_neighbour_with_hyphenation_joined() -> None:
    lines = [
        "Beteiligte:",
        "TMWWDG, Landes-",
        "verbände der Krankenversiche-",
        "rungen, u.a.",
        "",
        "",
    ]
    group = Citation("d", "n", "involvement", "f", 2, ("Landesverbände der Krankenversicherungen",))
    assert prints(group, lines).passed  # starts on line 2 and goes on after the window
    elsewhere = Citation("d", "n", "involvement", "f", 5, ("Landesverbände",))
    assert not prints(elsewhere, lines).passed
    figure = Citation("d", "n", "figure", "f", 2, numbers=("8100",))
    assert prints(figure, ["ca. 8.100", "", "", "", ""]).passed
    assert not prints(figure, ["", "", "", "ca. 8.100", ""]).passed
