"""Bodies the documents print in their text resolve (issue 14): every organisation the digital
strategy names in passing (IAB, BIBB, ZEW, BAFA, MDR, IHK Erfurt …) is a registry row, in the
graph with its type and the line that names it; the short form "IAB" means the labour-market
institute on every line that prints it, never "IAB Weimar" (the building research institute)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innograph.graph.sparql import run_query
from innograph.ingest.line_audit import read_lines
from innograph.ingest.resolution import Resolver

DATA = Path(__file__).resolve().parents[2] / "data"
STRATEGY = "002_73011063377889c5.txt"

# (IRI path, class, line, words the line prints): reviewed against the strategy's text
BODIES = [
    ("research/iab", "ResearchInstitute", 589, "Instituts für Arbeitsmarkt- und Berufsforschung (IAB)"),
    ("agency/bibb", "Agency", 599, "Bundesinstitut für Berufsbildung (BIBB)"),
    ("company/gws", "Company", 600, "Strukturforschung (GWS)"),
    ("research/zew", "ResearchInstitute", 607, "Europäische Wirtschaftsforschung (ZEW)"),
    ("research/diw", "ResearchInstitute", 1865, "Deutsche Institut für Wirtschaftsforschung"),
    ("research/fraunhofer-iao", "ResearchInstitute", 254, "Fraunhofer IAO"),
    ("agency/bafa", "Agency", 2334, "Bundesamt für Wirtschaft und Ausfuhrkontrolle (BAFA)"),
    ("agency/bsi", "Agency", 976, "Bundesamtes für Sicherheit in der Infor-"),
    ("agency/bundesnetzagentur", "Agency", 1612, "Bundesnetzagentur"),
    ("agency/destatis", "Agency", 248, "Destatis"),
    ("agency/eu-kommission", "Agency", 3548, "EU-Kommission"),
    ("company/mdr", "Company", 1638, "MDR"),
    ("company/deutschlandradio", "Company", 1694, "Deutschlandradio"),
    ("company/divicon", "Company", 1697, "DIVICON MEDIA HOLDING GmbH"),
    ("agency/ffa", "Agency", 1652, "Filmförderungsanstalt (FFA)"),
    ("chamber/mffv", "Chamber", 1645, "(MFFV)"),
    ("chamber/foerderverein-deutscher-kinderfilm", "Chamber", 1645, "Förderverein Deutscher Kinderfilm e. V."),
    ("chamber/bitkom", "Chamber", 1996, "Bitkom e. V."),
    ("chamber/museumsverband-thueringen", "Chamber", 1726, "Museumsverband Thüringen e. V."),
    ("chamber/ihk-erfurt", "Chamber", 3107, "(IHK Erfurt)"),
    ("chamber/hwk-erfurt", "Chamber", 428, "Handwerkskammer Erfurt"),
    ("chamber/hwk-suedthueringen", "Chamber", 2410, "Handwerkskammer Südthüringen"),
    ("chamber/hwk-ostthueringen", "Chamber", 2418, "Handwerkskammer für Ostthüringen"),
]  # fmt: skip

IAB_LINES = [160, 589, 592, 599, 607, 611, 630]
"""Every line of the strategy that prints "IAB" as a word of its own (not "IAB-Betriebspanel")."""

_IAB = re.compile(r"(?<![\w-])IAB(?![\w-])")


@pytest.mark.parametrize(("path", "cls", "line", "words"), BODIES)
def test_body_is_in_the_graph_with_its_line(
    db, seeds_dir: Path, path: str, cls: str, line: int, words: str
) -> None:
    s = "id:" + path.replace("/", "\\/")
    rows = run_query(
        db,
        f"SELECT ?line WHERE {{ {s} a ig:{cls} ; ig:sourceLine ?line ; "
        "prov:wasDerivedFrom id:source\\/digital-strategy-2020 }",
    )
    assert [int(r[0].value) for r in rows] == [line]
    assert words in read_lines(seeds_dir / STRATEGY)[line - 1]


def test_the_lines_printing_iab_are_the_reviewed_ones(seeds_dir: Path) -> None:
    text = read_lines(seeds_dir / STRATEGY)
    assert [n for n, t in enumerate(text, 1) if _IAB.search(t)] == IAB_LINES


@pytest.mark.parametrize("line", IAB_LINES)
def test_iab_means_the_labour_market_institute_on_each_line(seeds_dir: Path, line: int) -> None:
    resolver = Resolver.from_data(DATA)
    text = read_lines(seeds_dir / STRATEGY)[line - 1]
    found = [resolver.resolve(n).org for n in resolver.find(text) if n == "IAB"]
    assert found and {o.id for o in found if o is not None} == {"iab"}


def test_iab_weimar_stays_the_building_research_institute() -> None:
    resolver = Resolver.from_data(DATA)
    weimar, iab = resolver.resolve("IAB Weimar").org, resolver.resolve("IAB").org
    assert weimar is not None and weimar.id == "iab-weimar"
    assert iab is not None and iab.id == "iab" and iab.sub_of == "bundesagentur-fuer-arbeit"
