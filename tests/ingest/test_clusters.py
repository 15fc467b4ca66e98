"""The four cluster sources in the graph: exact counts per source and facts checked by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from innograph.graph.errors import SourceError
from innograph.graph.sparql import run_query
from innograph.ingest.cluster_brochure import parse_brochure
from innograph.ingest.clusters import EXTRACTS, disagreements, unresolved_partners
from tests.conftest import DATA

BROCHURE = json.loads((DATA / EXTRACTS["thcm-brochure-2012"]).read_text(encoding="utf-8"))
GRAPH = "https://w3id.org/innograph/id/source/"


def _rows(db, query: str) -> list[dict]:
    res = run_query(db, query)
    names = [v.value for v in res.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in res]


def _one(db, query: str) -> str | None:
    rows = _rows(db, query)
    assert len(rows) == 1, rows
    return next(iter(rows[0].values()))


def _ask(db, query: str) -> bool:
    return bool(run_query(db, "ASK { " + query + " }"))


# --- counts per source -----------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "cls", "count"),
    [
        ("thcm-brochure-2012", "ig:Cluster", 18),  # 11 growth fields + 2 branches + 5 sub-fields
        ("ris3-ict-services", "ig:Cluster", 1),
        ("bb-ict-media-creative", "ig:Cluster", 1),
        ("thcm-brochure-2012", "ig:Event", 8),  # 5 table rows, 1 kick-off, 2 trips
        ("thcm-brochure-2012", "ig:Committee", 2),
    ],
)
def test_counts_per_source(db, doc: str, cls: str, count: int) -> None:
    q = f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
              GRAPH <{GRAPH}{doc}> {{ ?s ig:sourceLine ?l }} ?s a {cls} }}"""
    assert int(_one(db, q)) == count


@pytest.mark.parametrize(("doc", "count"), [("thcm-brochure-2012", 10), ("ris3-ict-services", 2)])
def test_networks_per_source(db, doc: str, count: int) -> None:
    q = f"""SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{
              GRAPH <{GRAPH}{doc}> {{ ?n ig:cluster ?cl }} ?n a ig:Network }}"""
    assert int(_one(db, q)) == count


def test_extract_counts() -> None:
    assert len(BROCHURE["groups"]) == 13
    assert len(BROCHURE["growth_fields"]) == 12  # Kreativwirtschaft has no section
    assert sum(len(g["networks"]) for g in BROCHURE["growth_fields"]) == 10
    assert {k: len(v) for k, v in BROCHURE["appendix1"].items()} == {
        "panels": 3,
        "application_centres": 3,
        "growth_cores": 2,
        "special_projects": 2,
        "initiatives": 3,
        "events": 6,
        "trips": 2,
    }
    assert len(BROCHURE["summary"]) == 13  # 12 fields + Optik's second data row


# --- facts checked by hand against the documents ---------------------------------------

FIGURES = [
    # (cluster, property, value, approximate, line)
    ("automobil", "employeeCount", "50000", True, 169),
    ("automobil", "turnoverEUR", "7700000000", True, 169),
    ("automobil", "exportQuotePercent", "32.3", False, 169),
    ("biotechnologie", "companyCount", "60", True, 201),
    ("medizintechnik", "exportQuotePercent", "52.9", False, 203),
    ("life-sciences", "employeeCount", "13800", True, 205),
    ("umweltfreundliche-energien", "gvaSharePercent", "4.2", False, 228),
    ("maschinenbau", "gvaSharePercent", "10.4", False, 249),
    ("kunststoffe", "companyCount", "525", True, 276),
    ("kunststoffe-keramik", "employeeCount", "25900", True, 280),
    ("mikro-nanotechnik", "turnoverEUR", "3600000000", True, 304),
    ("mess-steuer-regeltechnik", "exportQuotePercent", "45.6", False, 328),
    ("optik", "companyCount", "155", True, 351),
    ("greentech", "turnoverEUR", "970000000", True, 379),
    ("service-robotik", "companyCount", "5", False, 399),
    ("ernaehrungsgewerbe", "exportQuotePercent", "14.7", True, 412),
    ("logistik", "employeeCount", "36000", True, 434),
    ("solarindustrie", "employeeCount", "7500", True, 669),
]


@pytest.mark.parametrize(("cluster", "prop", "value", "approx", "line"), FIGURES)
def test_figures(db, cluster: str, prop: str, value: str, approx: bool, line: int) -> None:
    q = f"""SELECT ?v ?a WHERE {{ ?f ig:figureOf id:cluster\\/{cluster} ;
              ig:measuredProperty ig:{prop} ; ig:sourceLine {line} ; ig:value ?v .
              OPTIONAL {{ ?f ig:approximate ?a }} }}"""
    rows = _rows(db, q)
    assert rows, f"no figure {cluster} {prop} at line {line}"
    assert Decimal(rows[0]["v"]) == Decimal(value)
    assert (rows[0]["a"] == "true") == approx
    assert Decimal(
        _one(db, f"SELECT ?v WHERE {{ id:cluster\\/{cluster} ig:{prop} ?v }}")
    ) == Decimal(value)


def test_not_stated_is_no_zero(db) -> None:
    assert _ask(
        db,
        "?f ig:figureOf id:cluster\\/service-robotik ; ig:measuredProperty "
        "ig:gvaSharePercent ; ig:notStated true",
    )
    assert not _ask(db, "id:cluster\\/service-robotik ig:gvaSharePercent ?v")


def test_reference_dates_and_wz(db) -> None:
    assert _ask(
        db,
        "?f ig:figureOf id:cluster\\/logistik ; ig:measuredProperty ig:companyCount ; "
        "ig:referenceDate '2012-06' ; ig:sourceLine 434",
    )
    assert _ask(
        db,
        "?f ig:figureOf id:cluster\\/automobil ; ig:measuredProperty "
        "ig:exportQuotePercent ; ig:wzCode '29' ; ig:referenceDate '2011'",
    )
    # the Optik section's second dataset (OptoNet, May 2011) is kept, not used as the shortcut
    assert _ask(
        db,
        "?f ig:figureOf id:cluster\\/optik ; ig:measuredProperty ig:employeeCount ; "
        "ig:value 13400.0 ; ig:referenceDate '2011-05'",
    )


NETWORKS = [
    # (id, members, companies, research, line of the members row)
    ("automotive-thueringen", 116, 107, 7, 178),
    ("medways", 60, 38, 13, 215),
    ("solarinput", 65, 33, 10, 236),
    ("fermeth", 17, 14, 1, 256),
    ("mnt", 45, 30, 13, 313),
    ("elmug", 26, 23, 3, 336),
    ("optonet", 93, 75, 11, 364),
    ("th-ern", 20, 19, 1, 419),
]


@pytest.mark.parametrize(("net", "members", "companies", "research", "line"), NETWORKS)
def test_network_boxes(
    db, net: str, members: int, companies: int, research: int, line: int
) -> None:
    n = f"id:network\\/{net}"
    assert _ask(
        db,
        f"{n} ig:memberCount {members} ; ig:companyMemberCount {companies} ; "
        f"ig:researchMemberCount {research} ; a ig:Network ; ig:cluster ?c",
    )
    assert _ask(
        db, f"?f ig:figureOf {n} ; ig:measuredProperty ig:memberCount ; ig:sourceLine {line}"
    )


def test_network_details(db) -> None:
    assert _ask(
        db,
        "id:network\\/elmug ig:legalForm 'eG' ; ig:cluster id:cluster\\/mess-steuer-regeltechnik",
    )
    assert _ask(db, "id:network\\/optonet schema:url <http://www.optonet-jena.de> ; ig:topic ?t")
    assert _ask(db, "id:network\\/automotive-thueringen skos:altLabel 'at'")
    assert _ask(
        db,
        "?a ig:initiativeType 'activity' ; ig:participant id:network\\/optonet ; "
        "rdfs:label ?l FILTER(CONTAINS(?l, 'CoOPTICS'))",
    )


def test_anlage2_disagreements_are_kept_and_reported(db) -> None:
    found = {
        (d["subject"], d["property"], d["section_value"], d["summary_value"])
        for d in disagreements(DATA)
        if d["kind"] == "numeric-conflict"
    }
    assert found == {
        ("PolymerMat e.V.", "memberCount", "50", "51"),
        ("Logistik Netzwerk Thüringen e.V.", "companyMemberCount", "30", "35"),
    }
    assert _ask(
        db,
        "?a ig:figureOf id:network\\/polymermat ; ig:value 50.0 ; ig:sourceLine 289 ; "
        "ig:conflictsWith ?b . ?b ig:value 51.0 ; ig:sourceLine 671",
    )
    assert _ask(
        db,
        "?a ig:figureOf id:network\\/logistik-netzwerk-thueringen ; ig:value 30.0 ; "
        "ig:conflictsWith ?b . ?b ig:value 35.0 ; ig:sourceLine 679",
    )
    assert _ask(
        db, "id:network\\/polymermat ig:memberCount 50"
    )  # the section's value is the shortcut


def test_structures(db) -> None:
    council = "id:committee\\/clustercouncil"
    for member in (
        "ministry\\/tmwat",
        "ministry\\/tmbwk",
        "agency\\/leg",
        "agency\\/tab",
        "foundation\\/stift",
        "chamber\\/ihkn",
        "network\\/optonet",
    ):
        assert _ask(db, f"{council} org:hasMember id:{member}"), member
    assert _ask(db, f"{council} ig:meetingsPerYear 1 ; ig:participant id:agency\\/thega")
    assert _ask(
        db, "id:committee\\/clusterboard ig:lead id:ministry\\/tmwat ; ig:meetingsPerYear 2"
    )
    assert _ask(db, "id:agency\\/thcm org:subOrganizationOf id:agency\\/leg")


def test_management(db) -> None:
    assert _ask(
        db,
        "id:agency\\/thega ig:manages id:cluster\\/umweltfreundliche-energien, id:cluster\\/greentech",
    )
    assert _ask(db, "id:agency\\/thak ig:manages id:cluster\\/kreativwirtschaft")
    n = _one(db, "SELECT (COUNT(?c) AS ?n) WHERE { id:agency\\/thcm ig:manages ?c }")
    assert int(n) == 12  # 10 of the 11 growth fields + 2 branches
    assert not _ask(db, "id:agency\\/thcm ig:manages id:cluster\\/kreativwirtschaft")


def test_appendix1(db) -> None:
    assert _ask(
        db,
        "?p ig:initiativeType 'panel' ; ig:eventDate '1.Q/2013' ; "
        "rdfs:label 'Panel „Human Resources“'@de",
    )
    assert _ask(db, "?g ig:initiativeType 'growth-core' ; skos:notation 'J-1013'")
    assert _ask(db, "?c ig:initiativeType 'application-centre' ; skos:altLabel 'CEEC Jena'")
    assert _ask(db, "?s ig:initiativeType 'special-project' ; skos:altLabel 'ENT'")
    # the special project „Material innovativ THÜRINGEN“ (MiT) is the Arbeitsgemeinschaft
    # itself (line 626): one entity, not a network and an initiative sharing name, alias and line
    assert _ask(db, "id:network\\/mit ig:initiativeType 'special-project' ; ig:sourceLine 626")
    assert not _ask(db, "?s skos:altLabel 'MiT' FILTER (?s != id:network\\/mit)")
    ev = "?e rdfs:label 'Workshop „Automotive meets Photonics and Materials“'@de ; "
    assert _ask(
        db,
        ev + "schema:startDate '2012-11-20'^^xsd:date ; schema:location ?p . "
        "?p rdfs:label 'Erfurt'@de",
    )
    for partner in (
        "network\\/automotive-thueringen",
        "network\\/optonet",
        "company\\/cooptics",
        "network\\/mit",
    ):
        assert _ask(db, ev + f"ig:participant id:{partner}"), partner
    assert _ask(
        db,
        "?e rdfs:label 'Thüringer Werkstofftag 2013'@de ; ig:participant "
        "id:research\\/tu-ilmenau, id:research\\/fsu-jena, id:research\\/buw",
    )


@pytest.mark.parametrize(
    ("event", "clusters"),
    [
        # "Logistik" is a topic of the forum's series (line 649), not what the event is about
        ("forum-wachstumsfeld-maschinenbau", {"maschinenbau"}),
        ("workshop-automotive-meets-photonics-and-materials", {"automobil", "optik"}),
        ("kick-off-workshop-roadmap-mess-steuer-und-regeltechnik", {"mess-steuer-regeltechnik"}),
    ],
)
def test_an_event_is_in_the_clusters_its_title_names(db, event: str, clusters: set[str]) -> None:
    q = f"SELECT ?c WHERE {{ id:event\\/{event} ig:cluster ?c }}"
    assert {r["c"].rsplit("/", 1)[1] for r in _rows(db, q)} == clusters


def test_web_pages(db) -> None:
    ict = "id:cluster\\/ikt-dienstleistungen"
    assert _ask(
        db,
        f"?f ig:figureOf {ict} ; ig:measuredProperty ig:employeeCount ; ig:value 24800.0 ; "
        "ig:referenceDate '2020'",
    )
    assert (
        int(
            _one(
                db,
                f"SELECT (COUNT(?t) AS ?n) WHERE {{ GRAPH <{GRAPH}ris3-ict-services> {{ {ict} ig:topic ?t }} }}",
            )
        )
        == 5
    )
    assert _ask(
        db, "id:network\\/itnet-thueringen ig:companyMemberCount 43 ; ig:employeeCount 1300"
    )
    assert _ask(
        db,
        "id:network\\/mobile-cluster-mitteldeutschland ig:memberCount 8 ; schema:foundingDate ?d",
    )
    assert _ask(
        db, "?d ig:initiativeType 'database' ; ig:profileCount 4000 ; ig:lead id:agency\\/thcm"
    )
    assert _ask(db, "?i skos:altLabel 'CCIT' ; ig:participant id:agency\\/thcm")
    assert _ask(db, "id:region\\/thueringen ig:universityCount 9")
    bb = "id:cluster\\/bb-ikt-medien-kreativwirtschaft"
    assert _ask(
        db,
        f"{bb} ig:inRegion id:region\\/berlin-brandenburg ; ig:companyCount 50000 ; "
        "ig:projectCount 98 ; ig:newProjectCount 42 ; ig:projectVolumeEUR 68900000.0",
    )
    assert int(_one(db, f"SELECT (COUNT(?t) AS ?n) WHERE {{ {bb} ig:topic ?t }}")) == 8
    assert int(_one(db, f"SELECT (COUNT(?p) AS ?n) WHERE {{ {bb} ig:partner ?p }}")) == 2


def test_topics_are_shared_across_sources(db) -> None:
    """'Learning systems' (RIS3 page) and 'Artificial Intelligence (AI)' (Berlin) are one topic."""
    assert _ask(
        db,
        "id:cluster\\/ikt-dienstleistungen ig:topic id:topic\\/kuenstliche-intelligenz . "
        "id:cluster\\/bb-ikt-medien-kreativwirtschaft ig:topic id:topic\\/kuenstliche-intelligenz",
    )


def test_every_partner_resolves() -> None:
    assert unresolved_partners(DATA) == []


def test_network_box_cut_in_half_fails_with_line(seeds_dir: Path, tmp_path: Path) -> None:
    text = (seeds_dir / "003_7f60bfa5933ed3d6.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(text) if ln.startswith("<b>Netzwerk OptoNet"))
    broken = text[: start + 1] + text[start + 3 :]  # members and themes rows gone
    path = tmp_path / "003_7f60bfa5933ed3d6.txt"
    path.write_text("\n".join(broken), encoding="utf-8")
    with pytest.raises(
        SourceError, match=rf"003_7f60bfa5933ed3d6\.txt:{start + 1}: network box 'OptoNet e\.V\.'"
    ):
        parse_brochure(path)


def test_figures_table_without_rows_fails_with_line(seeds_dir: Path, tmp_path: Path) -> None:
    text = (seeds_dir / "003_7f60bfa5933ed3d6.txt").read_text(encoding="utf-8").split("\n")
    t = next(i for i, ln in enumerate(text) if ln.startswith("<b>Wachstumsfeld Maschinenbau"))
    broken = text[: t + 2] + text[t + 3 :]  # the data row is gone
    path = tmp_path / "003_7f60bfa5933ed3d6.txt"
    path.write_text("\n".join(broken), encoding="utf-8")
    with pytest.raises(
        SourceError, match=rf":{t + 1}: figures table of Maschinenbau has no data row"
    ):
        parse_brochure(path)


def test_no_personal_data() -> None:
    text = "".join((DATA / rel).read_text(encoding="utf-8") for rel in EXTRACTS.values())
    for name in ("Seeber", "Wulff", "Reissig", "Gutmann", "Marquardt", "@"):
        assert name not in text


COUNCIL, BOARD = "id:committee\\/clustercouncil", "id:committee\\/clusterboard"
ICT = "id:cluster\\/ikt-dienstleistungen"
STATED = [
    # (document, subject, predicate, object, the line that prints it): not the heading's line
    ("thcm-brochure-2012", COUNCIL, "org:hasMember", "id:ministry\\/tmwat", 486),
    ("thcm-brochure-2012", COUNCIL, "org:hasMember", "id:ministry\\/tmbwk", 487),
    ("thcm-brochure-2012", COUNCIL, "org:hasMember", "id:agency\\/leg", 488),
    ("thcm-brochure-2012", COUNCIL, "org:hasMember", "id:chamber\\/ihkn", 488),
    ("thcm-brochure-2012", COUNCIL, "org:hasMember", "id:network\\/optonet", 488),
    ("thcm-brochure-2012", COUNCIL, "ig:participant", "id:agency\\/thega", 490),
    ("thcm-brochure-2012", COUNCIL, "ig:meetingsPerYear", "1", 494),
    ("thcm-brochure-2012", BOARD, "ig:lead", "id:ministry\\/tmwat", 498),
    ("thcm-brochure-2012", BOARD, "ig:meetingsPerYear", "2", 502),
    ("thcm-brochure-2012", "id:agency\\/thcm", "org:subOrganizationOf", "id:agency\\/leg", 506),
    ("thcm-partners-networks", "id:agency\\/thcm", "org:subOrganizationOf", "id:agency\\/leg", 5),
    (
        "ris3-ict-services",
        "id:network\\/mobile-cluster-mitteldeutschland",
        "schema:foundingDate",
        '"2014"^^xsd:gYear',
        57,
    ),
    ("ris3-ict-services", ICT, "ig:researchFocus",
     '"digital engineering"@en', 11),
    ("ris3-ict-services", ICT, "ig:objective",
     '"Thuringia stands for securely hosted applications in the eBusiness sector."@en', 42),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "s", "p", "o", "line"), STATED)
def test_a_fact_cites_the_line_that_prints_it(db, doc: str, s: str, p: str, o: str, line: int):
    q = f"""SELECT ?line WHERE {{ GRAPH <{GRAPH}{doc}> {{ {s} {p} {o} .
              ?st rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ; ig:sourceLine ?line }} }}"""
    assert [int(r["line"]) for r in _rows(db, q)] == [line]


@pytest.mark.parametrize(
    ("s", "p", "n"),
    [
        (COUNCIL, "org:hasMember", 16),  # TMWAT, TMBWK, LEG, TAB, STIFT, IHKn, ten networks
        (ICT, "ig:objective", 8),
        (ICT, "ig:researchFocus", 7),
    ],
)
def test_each_of_these_facts_has_its_line(db, s: str, p: str, n: int) -> None:
    q = f"""SELECT (COUNT(DISTINCT ?o) AS ?all) (COUNT(DISTINCT ?lined) AS ?with_line) WHERE {{
              {s} {p} ?o OPTIONAL {{ ?st rdf:subject {s} ; rdf:predicate {p} ; rdf:object ?o ;
                                      ig:sourceLine ?l BIND (?o AS ?lined) }} }}"""
    row = _rows(db, q)[0]
    assert (int(row["all"]), int(row["with_line"])) == (n, n)


def test_a_status_sentence_is_no_activity(db) -> None:
    """TH-ERN's box lists no activities but says where the network stands: "derzeit Herstellen
    der Arbeitsfähigkeit des Netzwerkes" (line 421) is a note on the network, not an initiative."""
    net = next(n for g in BROCHURE["growth_fields"] for n in g["networks"] if "TH-ERN" in n["name"])
    assert (net["activities"], net["status_line"]) == ([], 421)
    assert not _ask(db, "?a ig:participant id:network\\/th-ern ; a ig:Initiative")
    assert _ask(
        db,
        "?st rdf:subject id:network\\/th-ern ; rdf:predicate skos:note ; ig:sourceLine 421 ; "
        "rdf:object 'derzeit Herstellen der Arbeitsfähigkeit des Netzwerkes'@de",
    )
