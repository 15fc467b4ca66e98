"""The organisation registries and entity resolution."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from innograph.ingest.resolution import RESEARCH_ORGANISATIONS, Resolver
from innograph.ingest.source_documents import load_catalogue
from innograph.ingest.text import join_lines
from tests.conftest import DATA

RESOLVER = Resolver.from_data(DATA)
RESEARCH = [o for o in RESOLVER.orgs if o.registry == RESEARCH_ORGANISATIONS]
FILES = {d.id: d.file for d in load_catalogue(DATA)}


def test_research_registry_size_and_types() -> None:
    assert len(RESEARCH) >= 40
    types = Counter(o.type for o in RESEARCH)
    assert types["University"] >= 6 and types["UniversityOfAppliedSciences"] >= 6
    assert types["ResearchInstitute"] >= 20


def test_the_nine_state_universities() -> None:
    """The ThCM page (line 33) counts "the state's nine universities"."""
    nine = [o.id for o in RESEARCH if o.landscape == "state-university"]
    assert len(nine) == 9


def test_every_institute_has_its_parent_society() -> None:
    parents = {o.id: o.sub_of for o in RESEARCH}
    for prefix, parent in (("mpi-", "mpg"), ("fraunhofer-", "fhg"), ("leibniz-", "wgl")):
        members = [i for i in parents if i.startswith(prefix)]
        assert members and all(parents[i] == parent for i in members), prefix


@pytest.mark.parametrize("org", [o for o in RESOLVER.orgs if o.doc], ids=lambda o: o.id)
def test_row_names_the_line_it_cites(seeds_dir: Path, org) -> None:
    """A row that cites a document line finds one of its names (or a part of it) on that line."""
    lines = (seeds_dir / FILES[org.doc]).read_text(encoding="utf-8").split("\n")
    window = join_lines(lines[org.line - 1 : org.line + 1])  # names may wrap onto the next line
    words = {w for n in (*org.names, *org.typos) for w in n.replace("(", " ").split() if len(w) > 3}
    assert any(n in window for n in (*org.names, *org.typos)) or any(w in window for w in words), (
        f"{org.id}: none of {org.names} at {org.doc}:{org.line}"
    )


ALIASES = [
    ("TU Ilmenau", "Technische Universität Ilmenau"),
    ("TUI", "TU Ilmenau"),
    ("FSU", "Friedrich-Schiller-Universität Jena"),
    ("FSU Jena", "Friedrich Schiller University Jena"),
    ("EAH Jena", "Ernst-Abbe-Hochschule Jena"),
    ("BUW", "Bauhaus-Universität Weimar"),
    ("Fraunhofer IOSB-AST", "IOSB-AST"),
    ("DLR-Institutes für Datenwissenschaften", "DLR Institute of Data Science"),
    ("Max Planck Society", "MPG"),
    ("Helmholtz Society", "HGF"),
    ("Gottfried Wilhelm Leibniz Science Association", "Leibniz-Gemeinschaft"),
    ("Thillm", "ThILLM"),
    ("TLfDI", "Landesdatenschutzbeauftragter"),
    ("TMWWD", "TMWWDG"),
    ("Thüringer Tourismus GmbH (TTG)", "TTG"),
    ("DA", "Digitalagentur Thüringen GmbH"),
    ("at e. V.", "automotive thüringen e. V. (at)"),
    ("PolyMerMat e. V.", "PolymerMat e.V."),
    ("MNT e.V.", "MNT Mikro-Nanotechnologie Thüringen e. V."),
    ("ELMUG e. G.", "ELMUG"),
    ("IT network Thuringia", "ITnet Thüringen e.V."),
    ("MiT – Material innovativ THÜRINGEN", "MiT"),
    ("LEG Thüringen", "Landesentwicklungsgesellschaft Thüringen mbH"),
    ("Thüringer Landesverwaltungsamt (TLVwA)", "TLVwA"),
]


@pytest.mark.parametrize(("a", "b"), ALIASES)
def test_aliases_are_one_entity(a: str, b: str) -> None:
    ra, rb = RESOLVER.resolve(a), RESOLVER.resolve(b)
    assert ra.org is not None and rb.org is not None, (ra, rb)
    assert ra.org.id == rb.org.id


LOOK_ALIKES = [
    ("Fraunhofer IOF", "FhG"),  # an institute and its parent society
    ("Leibniz-IPHT", "WGL"),
    ("DLR-Institut für Datenwissenschaften", "DLR"),
    ("TMWAT", "TMWWDG"),  # the two TMW… ministries of 2012 and 2020
    ("Universitätsklinikum Jena", "FSU Jena"),
    ("IHK Südthüringen", "IHKn"),
    ("TU Ilmenau", "TU Bergakademie Freiberg"),
]


@pytest.mark.parametrize(("a", "b"), LOOK_ALIKES)
def test_look_alikes_stay_apart(a: str, b: str) -> None:
    ra, rb = RESOLVER.resolve(a), RESOLVER.resolve(b)
    assert ra.org is not None and rb.org is not None
    assert ra.org.id != rb.org.id


def test_research_registry_in_its_own_graph(db) -> None:
    from innograph.graph.sparql import run_query

    q = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
             GRAPH <https://w3id.org/innograph/id/source/research-registry> { ?o a ?t }
             VALUES ?t { ig:University ig:UniversityOfAppliedSciences ig:ResearchInstitute } }"""
    n = int(next(iter(run_query(db, q)))["n"].value)
    assert n == sum(1 for o in RESEARCH if o.type != "ResearchOrganisation")
    assert bool(
        run_query(
            db, "ASK { id:research\\/fsu-jena owl:sameAs <http://www.wikidata.org/entity/Q154561> }"
        )
    )
    assert bool(
        run_query(
            db,
            "ASK { id:research\\/fraunhofer-iof org:subOrganizationOf id:research\\/fhg ; schema:location ?p . ?p rdfs:label 'Jena'@de }",
        )
    )


def test_curated_facts_live_in_the_registry_graph_citing_its_row(db) -> None:
    """Websites, places, clusters, identifiers and relations between organisations are curated:
    they sit in the registry's own graph, each with the registry row, not in a document's graph
    that does not state them (ThCM being part of the LEG is not in the 2020 strategy's graph)."""
    from innograph.graph.vocab import PREFIXES

    def ask(query: str) -> bool:
        return bool(db.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))

    assert not ask(
        "ASK { GRAPH id:source\\/digital-strategy-2020 { ?s org:subOrganizationOf ?o } }"
    )
    assert ask("""ASK { GRAPH id:source\\/organisation-registry {
        id:agency\\/thcm org:subOrganizationOf ?leg .
        ?st rdf:subject id:agency\\/thcm ; rdf:predicate org:subOrganizationOf ;
            ig:sourceLine ?row ; prov:wasDerivedFrom id:source\\/organisation-registry } }""")
    leaked = db.query(
        """SELECT ?g ?s WHERE { GRAPH ?g { ?s schema:url ?u }
           FILTER (?g NOT IN (id:source\\/organisation-registry, id:source\\/research-registry))
           FILTER (!STRSTARTS(STR(?g), STR(id:source\\/import-))) }""",
        prefixes=PREFIXES, use_default_graph_as_union=True,
    )  # fmt: skip
    # a network box prints its website: those stay in the brochure's graph
    assert all("thcm-brochure-2012" in r["g"].value or "ris3" in r["g"].value for r in leaked)
