"""The 75 measures of the digital strategy: extraction, resolution, triples."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from innograph.graph.errors import SourceError
from innograph.graph.resources import resource
from innograph.graph.sparql import run_query
from innograph.ingest.measures import (
    EXTRACT,
    extract_measures,
    load_extract,
    report_typos,
    unresolved_names,
)
from innograph.ingest.resolution import Resolver
from tests.conftest import DATA

FILE = "002_73011063377889c5.txt"
MEASURES = {m["id"]: m for m in load_extract(DATA)["measures"]}

# Checked by hand against the document: lead, participants (as printed, resolved ids), the line.
# Includes the hardest sheets: title over two lines with the ID on its own line (M1-03, M2-03,
# M4-03, Q-15), lead after an interleaved description column (M1-01), NEU split as NE/U (M2-01)
# or on the sheet's second page (M4-06), a lone NE, "Federführung" without colon (B1-05),
# a sentence starting "Federführung von …" before the real field, a typo (B4-06).
HAND_CHECKED = {
    "M1-01": (["tmwwdg"], [], 2093),
    "M1-02": (["tmwwdg"], ["tab"], 2145),
    "M1-03": (["tmwwdg"], [], 2197),
    "M1-04": (["tmwwdg"], ["tzlr"], 2247),
    "M2-01": (["tmwwdg"], ["kompetenzzentrum-wirtschaft-4-0", "ihkn", "hwkn", "gfaw"], 2309),
    "M2-02": (["tmwwdg", "gfaw"], [], 2374),
    "M2-03": (["bmbf", "tmwwdg"], ["tlvwa"], 2458),
    "M3-01": (["ttg"], ["tmwwdg", "kompetenzteam-digitalisierung"], 2521),
    "M3-05": (["tsk"], ["sfg", "bkm", "thulb", "tmwwdg"], 2788),
    "M4-01": (["ihk-suedthueringen"], ["tmwwdg", "thillm", "digitalagentur"], 2920),
    "M4-06": (
        ["tmasgff"],
        ["bmas", "eah-jena", "fsu-jena", "tu-ilmenau", "iwt", "arbeit-und-leben-thueringen"],
        3216,
    ),
    "L1-07": (["tmil"], ["tsv-wintersport", "tsbv", "terv", "twz"], 3594),
    "L2-01": (["tmasgff"], ["tmwwdg", "tmik", "tmil", "tlfdi", "landesaerztekammer", "kvt"], 3804),
    "L3-03": (["tmwwdg"], ["tu-ilmenau", "theen", "thcm"], 4325),
    "L3-06": (["tmuen"], ["thega", "tlubn"], 4514),
    "B1-05": (["tmbjs"], ["thillm", "digitalagentur"], 4839),
    "B3-02": (["thueringer-hochschulen"], ["it-dienstleistungszentrum"], 5086),
    "B4-06": (["tmwwdg"], [], 5524),
    "Q-03": (
        ["verwaltungsbehoerden-efre-esf"],
        ["tmwwdg", "tmasgff", "tab", "tlvwa", "gfaw"],
        5722,
    ),
    "Q-06": (["tmuen"], ["lupo"], 5921),
    "Q-08": (["digitalagentur", "tmwwdg"], [], 6037),
    "Q-14": (["tmik", "kvt"], [], 6416),
    "Q-15": (["tlfdi"], [], 6480),
}


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_data(DATA)


def _ids(resolver: Resolver, names: list[str]) -> list[str]:
    ids = [r.org.id for n in names for r in resolver.resolve_list(n) if r.org is not None]
    return list(dict.fromkeys(ids))  # B1-05 prints "ThILLM, DA, ThILLM"


def test_exactly_75_measures_per_lead_topic() -> None:
    assert len(MEASURES) == 75
    assert Counter(m["lead_topic"] for m in MEASURES.values()) == {
        "M": 19,
        "L": 23,
        "B": 18,
        "Q": 15,
    }


def test_new_measures() -> None:
    new = sorted(i for i, m in MEASURES.items() if m["is_new"])
    assert len(new) == 16
    # a badge belongs to the sheet before it (data/neu_evidence.yaml, test_neu_marks.py)
    assert {"M1-04", "M4-06", "L2-07", "Q-11"} <= set(new)
    assert not {"M2-01", "L2-01", "Q-12"} & set(new)
    assert not MEASURES["M1-01"]["is_new"] and not MEASURES["Q-15"]["is_new"]


@pytest.mark.parametrize("measure_id", sorted(HAND_CHECKED))
def test_lead_and_participants_hand_checked(resolver: Resolver, measure_id: str) -> None:
    lead, participants, lead_line = HAND_CHECKED[measure_id]
    m = MEASURES[measure_id]
    assert _ids(resolver, m["lead"]) == lead
    assert _ids(resolver, m["participants"]) == participants
    assert m["lead_line"] == lead_line


@pytest.mark.parametrize(
    ("measure_id", "title"),
    [
        ("M1-01", "Wirtschaft 4.0-Kompass Thüringen"),
        (
            "M1-03",
            "Wettbewerbsaufruf – Modellprojekte Digitale Innovationen und Digitale Plattformen",
        ),
        (
            "M2-03",
            "Ausstattung der überbetrieblichen Berufsbildungsstätten (ÜBS) mit digitalen "
            "Technologien",
        ),
        ("M4-03", "Werbekampagne zu Fördermaßnahmen in der beruflichen Weiterbildung"),
        ("B4-06", "Thüringer Quantensicherheit für das Internet der Zukunft"),
        ("Q-15", "Digitale Projekte der öffentlichen Hand werden Datenschutzrechtlich geprüft"),
    ],
)
def test_titles(measure_id: str, title: str) -> None:
    assert MEASURES[measure_id]["title"] == title


def test_action_fields_normalised() -> None:
    fields = Counter(m["action_field"] for m in MEASURES.values())
    assert fields[None] == 15  # the cross-cutting topics
    assert fields["Digitale Patientenversorgung / Telemedizin"] == 7
    assert "Digitale Patientenversorgung/Telemedizin" not in fields
    assert len(fields) == 13  # 12 action fields + None


def test_every_lead_and_participant_resolves() -> None:
    assert unresolved_names(DATA) == []


def test_typos_are_resolved_and_reported() -> None:
    typos = dict(report_typos(DATA))
    assert typos["tmwwdg"].startswith("TMWWD") or "TMMWDG" in str(report_typos(DATA))
    assert {t.split()[0] for _, t in report_typos(DATA)} == {"TMWWD", "TMMWDG"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("TU Ilmenau", "Technische Universität Ilmenau"),
        ("ThILLM", "Thillm"),
        ("Landesdatenschutzbeauftragter", "TLfDI"),
        ("Thüringer Tourismus GmbH (TTG)", "TTG"),
        ("Digitalagentur Thüringen", "DA"),
        ("TMWWD", "TMWWDG"),
    ],
)
def test_aliases_resolve_together(resolver: Resolver, a: str, b: str) -> None:
    assert resolver.resolve(a).org.id == resolver.resolve(b).org.id


@pytest.mark.parametrize(
    ("a", "b"), [("TMWAT", "TMWWDG"), ("LEG", "ThCM"), ("IHKn", "IHK Südthüringen")]
)
def test_look_alikes_stay_apart(resolver: Resolver, a: str, b: str) -> None:
    assert resolver.resolve(a).org.id != resolver.resolve(b).org.id


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of ``data/`` whose file ``name`` says ``new`` where it said ``old``."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return data


def test_ambiguous_alias_is_an_error(tmp_path: Path) -> None:
    data = _edited(tmp_path, "organisations.yaml", 'abbr: ["TMIL"]', 'abbr: ["TMIL", "TMIK"]')
    with pytest.raises(SourceError, match=r"would mean both 'tmi[kl]' and 'tmi[kl]'"):
        Resolver.from_data(data)


def _broken(seeds_dir: Path, tmp_path: Path, old: str, new: str) -> Path:
    src = tmp_path / "seeds"
    src.mkdir()
    text = (seeds_dir / FILE).read_text(encoding="utf-8")
    assert old in text
    (src / FILE).write_text(text.replace(old, new, 1), encoding="utf-8")
    return src


def test_duplicated_id_fails_with_line(seeds_dir: Path, tmp_path: Path) -> None:
    src = _broken(
        seeds_dir, tmp_path, " Digitaler Bonus Thüringen  M1-02 ", " Digitaler Bonus M1-01 "
    )
    with pytest.raises(
        SourceError, match=r"002_73011063377889c5\.txt:2112: measure ID M1-01 appears again"
    ):
        extract_measures(src, DATA)


def test_missing_id_fails_with_line(seeds_dir: Path, tmp_path: Path) -> None:
    src = _broken(
        seeds_dir, tmp_path, " Digitaler Bonus Thüringen  M1-02 ", " Digitaler Bonus Thüringen "
    )
    with pytest.raises(SourceError, match=r"002_73011063377889c5\.txt:\d+: .*missing \['M1-02'\]"):
        extract_measures(src, DATA)


def test_measures_in_the_store(db) -> None:
    q = """SELECT ?letter (COUNT(DISTINCT ?m) AS ?n) WHERE {
             GRAPH <https://w3id.org/innograph/id/source/digital-strategy-2020> {
               ?m a ig:Measure ; ig:leadTopic|ig:crossCuttingTheme ?lt .
               ?lt skos:notation ?letter } }
           GROUP BY ?letter"""
    rows = {r["letter"].value: int(r["n"].value) for r in run_query(db, q)}
    assert rows == {"M": 19, "L": 23, "B": 18, "Q": 15}
    ask = """ASK { id:measure\\/B4-06 ig:lead id:ministry\\/tmwwdg ; ig:isNew false ;
                   ig:actionField ?af . ?af skos:broader ?lt ; a ig:ActionField }"""
    assert bool(run_query(db, ask))


def test_measure_cluster_links_are_typed(db) -> None:
    q = """SELECT ?type (COUNT(*) AS ?n) WHERE { ?l a ig:CrossLink ; ig:linkType ?type ;
             ig:source ?m . ?m a ig:Measure } GROUP BY ?type"""
    kinds = {r["type"].value: int(r["n"].value) for r in run_query(db, q)}
    assert kinds["text"] >= 10 and kinds["action-field"] >= 30
    ask = """ASK { ?l ig:source id:measure\\/B4-01 ; ig:target id:cluster\\/optik ;
                   ig:linkType "text" ; ig:sourceLine ?line }"""
    assert bool(run_query(db, ask))


def test_predecessor_ministry(db) -> None:
    assert bool(run_query(db, "ASK { id:ministry\\/tmwat ig:predecessorOf id:ministry\\/tmwwdg }"))


def test_extract_is_facts_not_passages() -> None:
    """A milestone is one statement of its sheet, whole: not a passage, and not cut short (a
    milestone cut at 240 characters with "…" had lost the end of what it said)."""
    data = json.loads((DATA / EXTRACT).read_text(encoding="utf-8"))
    texts = [ms["text"] for m in data["measures"] for ms in m["milestones"]]
    assert max(map(len, texts)) <= 320
    assert not [t for t in texts if t.endswith("…")]
    assert all(isinstance(m["line"], int) for m in data["measures"])


@pytest.mark.parametrize(
    ("name", "key"), [("stated_links.yaml", "evidence"), ("measure_clusters.yaml", "reason")]
)
def test_our_words_on_links_come_in_german_too(name: str, key: str) -> None:
    """The German pages had shown the stated links' evidence and the action-field reasons in
    English: every row has its German words, with the document's own quoted words unchanged
    (the line audit finds them at the cited line)."""
    import re

    from innograph.ingest.datafile import load_records, texts

    quoted = re.compile(r"[“„]([^”“]+)[”“]")
    for rec in load_records(DATA / name):
        words = texts(rec, key)
        assert set(words) == {"en", "de"} and words["en"] != words["de"], (rec.line, words)
        assert quoted.findall(words["en"]) == quoted.findall(words["de"]), (rec.line, words)


@pytest.mark.parametrize(
    ("measure_id", "cluster", "linked"),
    [
        # the FeuerwehrApp names the Energiewende only as context (line 6283)
        ("Q-12", "umweltfreundliche-energien", False),
        # the action field's logistics link holds for its mobility measures only
        ("L1-01", "logistik", False),  # Digitalagentur: broadband advice
        ("L1-06", "logistik", False),  # PORTIA: farm aid applications
        ("L1-07", "logistik", False),  # winter-sport portal
        ("L1-02", "logistik", True),  # Themenjahr „Mobilität & Digitalisierung“
        ("L1-05", "logistik", True),  # Wartburg Mobil Carla
        # the energy sheets keep their clusters, through their action field
        ("L3-03", "umweltfreundliche-energien", True),
        ("L3-07", "umweltfreundliche-energien", True),
    ],
)
def test_measure_cluster_links_follow_the_sheet(
    db, measure_id: str, cluster: str, linked: bool
) -> None:
    ask = f"ASK {{ id:measure\\/{measure_id} ig:cluster id:cluster\\/{cluster} }}"
    assert bool(run_query(db, ask)) is linked
    links = f"""ASK {{ ?l a ig:CrossLink ; ig:source id:measure\\/{measure_id} ;
                      ig:target id:cluster\\/{cluster} }}"""
    assert bool(run_query(db, links)) is linked


def test_a_mapping_row_limited_to_a_measure_of_another_field_fails(tmp_path: Path) -> None:
    from innograph.ingest.measures import ingest_measures

    data = _edited(tmp_path, "measure_clusters.yaml", "[L1-02, L1-03", "[Q-12, L1-03")
    with pytest.raises(SourceError, match=r"measure_clusters\.yaml:\d+: .*'Q-12' is not one of"):
        ingest_measures(data)


def test_a_measure_cites_the_line_its_sheet_starts_on(db, seeds_dir: Path) -> None:
    """A sheet starts with its title: every measure's ig:sourceLine is the title's first line,
    which prints the title's first words (15 sheets print the ID three lines below a two-line
    title, and had cited the ID's line: Q-09 6064 for a title from 6061); the ID, where it stands
    on a line of its own, is stated with that line."""
    from innograph.ingest.spellings import fold

    lines = (seeds_dir / FILE).read_text(encoding="utf-8").split("\n")
    q = """SELECT ?id ?line WHERE { GRAPH id:source\\/digital-strategy-2020 {
             ?m a ig:Measure ; ig:measureId ?id ; ig:sourceLine ?line } }"""
    cited = {r["id"].value: int(r["line"].value) for r in run_query(db, q)}
    assert len(cited) == 75
    wrong = {}
    for measure_id, line in cited.items():
        first_words = fold(lines[line - 1].replace(measure_id, ""))
        if not first_words or not fold(MEASURES[measure_id]["title"]).startswith(first_words):
            wrong[measure_id] = (line, lines[line - 1])
    assert not wrong, wrong
    assert cited["Q-09"] == 6061
    ids = """SELECT ?id ?line WHERE { ?st rdf:subject ?m ; rdf:predicate ig:measureId ;
               rdf:object ?id ; ig:sourceLine ?line }"""
    stated = {r["id"].value: int(r["line"].value) for r in run_query(db, ids)}
    assert stated["Q-09"] == 6064
    assert sorted(stated) == sorted(i for i, m in MEASURES.items() if m["line"] != m["title_line"])
    assert len(stated) == 15


def test_three_lead_topics_and_the_cross_cutting_themes(db, seeds_dir: Path) -> None:
    """ "neben den fachspezifischen Anforderungen in den drei Leitthemen ebenso hohe Anforderungen
    an zahlreiche Querschnittsthemen" (lines 1347-1348): chapter 5 is no lead topic. Its 15
    sheets stand under the cross-cutting themes (an ig:CrossCuttingTheme, not an ig:LeadTopic),
    each stated with the line that prints „Querschnittsthema“; they stay in the policy view."""
    lead_topics = run_query(db, "SELECT ?t WHERE { ?t a ig:LeadTopic }")
    assert sorted(r["t"].value.rsplit("/", 1)[1] for r in lead_topics) == [
        "bildung-und-forschung-digital",
        "mittelstand-4-0",
        "stadt-und-land-digital",
    ]
    q = """SELECT ?id ?line WHERE { ?m ig:measureId ?id ; ig:crossCuttingTheme ?t .
             ?t a ig:CrossCuttingTheme FILTER NOT EXISTS { ?t a ig:LeadTopic }
             FILTER NOT EXISTS { ?m ig:leadTopic ?lt }
             ?st rdf:subject ?m ; rdf:predicate ig:crossCuttingTheme ; rdf:object ?t ;
                 ig:sourceLine ?line }"""
    rows = {r["id"].value: int(r["line"].value) for r in run_query(db, q)}
    assert sorted(rows) == sorted(i for i in MEASURES if i.startswith("Q-"))
    lines = (seeds_dir / FILE).read_text(encoding="utf-8").split("\n")
    assert {lines[n - 1].strip() for n in rows.values()} == {"Querschnittsthema"}
    assert "drei" in lines[1346] and "Querschnittsthemen" in lines[1347]
    policy = run_query(db, resource("innograph.graph.rq", "policy_measures.rq").read_text("utf-8"))
    assert Counter(r["topic"].value for r in policy)["Querschnittsthemen"] == 15
