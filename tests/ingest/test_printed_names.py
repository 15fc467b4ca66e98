"""Every name the documents use resolves (issue 14): each short form, abbreviation or typo a
document prints for an organisation is a label of it (``skos:altLabel``; a typo
``skos:hiddenLabel``) stated with the line that prints it, and the site search finds the
organisation by it. ``PRINTED`` is the reviewed list (measure sheets, network boxes, footnotes,
Anlage 1); every ``printed`` row of the registries is checked the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from innograph.graph.search import SearchIndex, fold
from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines
from innograph.ingest.spellings import contains_text
from innograph.ingest.text import join_lines

DATA = Path(__file__).resolve().parents[2] / "data"
DS, BR, RIS = "digital-strategy-2020", "thcm-brochure-2012", "ris3-ict-services"

# (printed form, document, line, the entity it names)
PRINTED = [
    ("SSFG", DS, 2765, "foundation/sfg"),  # M3-05: "Stiftung Schloss Friedenstein (SSFG)"
    ("Stiftung Schloss Friedenstein", DS, 2764, "foundation/sfg"),  # wraps into 2765
    ("SFG", DS, 2791, "foundation/sfg"),  # M3-05's participants
    ("TMMWDG", DS, 3718, "ministry/tmwwdg"),  # a typo, resolved at build
    ("TMWWD", DS, 5524, "ministry/tmwwdg"),  # a typo (B4-06's lead)
    ("TMWWDG", DS, 252, "ministry/tmwwdg"),
    ("DA", DS, 3737, "agency/digitalagentur"),  # L1-09's lead: "DA, ggf. weitere Ressorts"
    ("Thillm", DS, 2925, "agency/thillm"),
    ("TLVwA", DS, 2462, "agency/tlvwa"),
    ("GFAW", DS, 2316, "agency/gfaw"),
    ("TTG", DS, 2491, "company/ttg"),
    ("TLfDI", DS, 6457, "agency/tlfdi"),
    ("FSU", DS, 2268, "research/fsu-jena"),
    ("EAH", DS, 3219, "research/eah-jena"),
    ("IOF", DS, 5500, "research/fraunhofer-iof"),
    ("TZLR", DS, 2217, "research/tzlr"),
    ("LEG Thüringen mbH", BR, 232, "agency/leg"),  # a figures table's footnote
    ("TMBWK", BR, 487, "ministry/tmbwk"),  # the ClusterCouncil's members
    ("STIFT", BR, 488, "foundation/stift"),
    ("ThAK", BR, 512, "agency/thak"),
    ("at", BR, 177, "network/automotive-thueringen"),  # a network box's header
    ("at e. V.", BR, 667, "network/automotive-thueringen"),  # Anlage 2
    ("ELMUG e. G.", BR, 673, "network/elmug"),
    ("TH-ERN", BR, 418, "network/th-ern"),
    ("FerMeTh", BR, 255, "network/fermeth"),
    ("TUI", BR, 650, "research/tu-ilmenau"),  # Anlage 1's events table
    ("BUW", BR, 650, "research/buw"),
    ("ThIMo", BR, 614, "initiative/thimo-thueringer-innovationszentrum-mobilitaet"),
    ("IT network Thuringia", RIS, 50, "network/itnet-thueringen"),
]


@pytest.fixture(scope="module")
def index(db) -> SearchIndex:
    return SearchIndex.from_store(db)


def _files() -> dict[str, str]:
    rows = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r["file"] for r in rows}


def _prints(seeds_dir: Path, doc: str, line: int, form: str) -> bool:
    lines = read_lines(seeds_dir / _files()[doc])
    window = lines[max(0, line - 2) : line + 1]
    return any(contains_text(t, form) for t in (join_lines(window), " ".join(window)))


def _registry_rows() -> list[tuple[str, str, int, str]]:
    out = []
    for name in ("organisations.yaml", "research_organisations.yaml"):
        for rec in yaml.safe_load((DATA / name).read_text(encoding="utf-8")):
            for form, where in (rec.get("printed") or {}).items():
                doc, _, line = where.rpartition(":")
                out.append((form, doc, int(line), rec["id"]))
    return out


@pytest.mark.parametrize(("form", "doc", "line", "expected"), PRINTED)
def test_search_finds_it_by_the_printed_form(
    index: SearchIndex, form: str, doc: str, line: int, expected: str
) -> None:
    exact = [h["id"] for h in index.search(form) if fold(h["matched"]) == fold(form)]
    assert expected in exact, (form, exact)


@pytest.mark.parametrize(("form", "doc", "line", "expected"), PRINTED)
def test_the_line_prints_it(seeds_dir: Path, form: str, doc: str, line: int, expected: str) -> None:
    assert _prints(seeds_dir, doc, line, form)


@pytest.mark.parametrize(("form", "doc", "line", "expected"), PRINTED)
def test_the_label_cites_the_line(db, form: str, doc: str, line: int, expected: str) -> None:
    query = f"""SELECT ?line WHERE {{
      ?st rdf:subject <https://w3id.org/innograph/id/{expected}> ;
          rdf:predicate ?p ; rdf:object ?o ; ig:sourceLine ?line ;
          prov:wasDerivedFrom <https://w3id.org/innograph/id/source/{doc}> .
      FILTER (?p IN (skos:altLabel, skos:hiddenLabel) && str(?o) = "{form}") }}"""
    lines = {int(r[0].value) for r in run_query(db, query)}
    if expected.startswith("initiative/"):  # an application centre: its own line prints it
        lines = {line}
    assert line in lines, (form, lines)


def test_every_registry_row_is_printed_and_found(seeds_dir: Path, index: SearchIndex) -> None:
    rows = _registry_rows()
    assert len(rows) >= 100
    problems = []
    for form, doc, line, org in rows:
        if not _prints(seeds_dir, doc, line, form):
            problems.append(f"{doc}:{line} does not print {form!r}")
        found = {h["id"].rsplit("/", 1)[-1] for h in index.search(form)}
        if org not in found:
            problems.append(f"search for {form!r} misses {org}")
    assert not problems, "\n".join(problems)


def test_the_readme_counts_the_printed_rows() -> None:
    """The README said 107 rows while the registries held 122."""
    from tests.conftest import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    said = readme.split("Every short form a document prints for an organisation (", 1)[1]
    assert said.startswith(f"{len(_registry_rows())} rows:")
