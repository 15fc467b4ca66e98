"""Tables through YARRRML mappings executed by morph-kgc (in its own virtualenv, ``make rml``).

Tests that run the engine skip with a message when ``.venv/rml`` is absent and fail under
``CI=true``; the checks innograph makes before the engine runs need no engine.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from innograph.graph.errors import SettingsError, SourceError
from innograph.graph.store import GraphStore
from innograph.graph.vocab import IG, PREFIXES, PROV, RDF
from innograph.ingest.build import build
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.imports import import_file, import_graph_iri, ingest_imports
from innograph.ingest.imports.cordis import ProjectFilter, read_bundle
from innograph.ingest.imports.manifest import load_manifest
from innograph.ingest.imports.mapping import ReviewReport, map_cordis
from innograph.ingest.imports.matching import Matcher
from innograph.ingest.imports.rml import engine_python, map_tables
from innograph.ingest.resolution import Resolver
from tests.conftest import DATA, PROJECT_ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
MEMBERS = DATA / "mappings" / "members.yarrrml.yml"
CORDIS = DATA / "mappings" / "cordis.yarrrml.yml"
BUNDLE = PROJECT_ROOT / "tests" / "data" / "cordis"
DOC = import_graph_iri("test")
HEADER = ["ID", "Name", "Rechtsform", "Ort", "Website", "Cluster", "Netzwerk", "Themen"]


@pytest.fixture(scope="module")
def engine() -> Path:
    try:
        return engine_python()
    except SettingsError as err:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{err} (CI=true requires it)")
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_data(DATA, Resolver.from_data(DATA).orgs)


def _xlsx(path: Path, rows: list[list[str]], merge: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _csv_rows() -> list[list[str]]:
    import csv

    with (FIXTURES / "members.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _members_input(fmt: str, tmp_path: Path) -> Path:
    if fmt == "xlsx":
        return _xlsx(tmp_path / "members.xlsx", _csv_rows())
    return FIXTURES / f"members.{fmt}"


def _lines(g: Graph, s: URIRef) -> list[int]:
    return sorted(int(o) for o in g.objects(s, IG.sourceLine))


@pytest.mark.parametrize(
    ("fmt", "rows"), [("csv", [2, 3, 4, 5]), ("xlsx", [2, 3, 4, 5]), ("json", [2, 5, 8, 11])]
)
def test_each_format_maps_through_the_engine_with_row_provenance(
    engine: Path, matcher: Matcher, tmp_path: Path, fmt: str, rows: list[int]
) -> None:
    result = map_tables(_members_input(fmt, tmp_path), MEMBERS, DOC, matcher)
    g = result.graph
    assert result.rows == 4
    cooptics = URIRef("https://w3id.org/innograph/id/company/cooptics")  # the registry's IRI
    new = [URIRef(f"https://w3id.org/innograph/id/actor/member-M-00{i}") for i in (2, 3, 4)]
    assert [_lines(g, s) for s in (cooptics, *new)] == [[r] for r in rows]
    for s in (cooptics, *new):
        assert (s, PROV.wasDerivedFrom, DOC) in g
    assert (new[0], RDF.type, IG.Company) in g and (cooptics, RDF.type, None) not in g
    topics = {str(t).rsplit("/", 1)[-1] for t in g.objects(new[0], IG.topic)}
    assert topics == {"kuenstliche-intelligenz", "internet-der-dinge"}
    optonet = URIRef("https://w3id.org/innograph/id/network/optonet")
    members = set(g.objects(optonet, URIRef("http://www.w3.org/ns/org#hasMember")))
    assert members == {cooptics, new[0]}
    assert (new[0], IG.legalForm, Literal("GmbH")) in g
    assert result.report.summary().startswith("1 matched, 0 ambiguous")


def test_the_cordis_mapping_gives_the_home_made_importers_projects_and_participations(
    engine: Path, matcher: Matcher
) -> None:
    mapped = map_tables(BUNDLE, CORDIS, DOC, matcher).graph
    b = GraphBuilder(DOC)
    map_cordis(b, read_bundle(BUNDLE), matcher, ReviewReport())
    home = b.graph
    for g in (mapped, home):
        assert len(set(g.subjects(RDF.type, IG.FundedProject))) == 3
    assert _projects(mapped) == _projects(home)
    assert _participations(mapped) == _participations(home)


@pytest.mark.parametrize(
    ("keep", "projects"),
    [
        (ProjectFilter(region="DEG"), 2),
        (ProjectFilter(region="DEG", since=date(2020, 1, 1)), 1),
        (ProjectFilter(programmes=("HORIZON",)), 1),
        (ProjectFilter(programmes=("H2020",), until=date(2016, 6, 30)), 1),
        (ProjectFilter(region="DE3"), 0),
    ],
)
def test_the_cordis_mapping_filters_like_the_home_made_importer(
    engine: Path, matcher: Matcher, keep: ProjectFilter, projects: int
) -> None:
    result = map_tables(BUNDLE, CORDIS, DOC, matcher, keep=keep)
    mapped = result.graph
    b = GraphBuilder(DOC)
    bundle = read_bundle(BUNDLE, region=keep.region, programmes=keep.programmes,
                         since=keep.since, until=keep.until)  # fmt: skip
    map_cordis(b, bundle, matcher, ReviewReport())
    home = b.graph
    assert len(set(mapped.subjects(RDF.type, IG.FundedProject))) == projects
    assert _projects(mapped) == _projects(home)
    assert _participations(mapped) == _participations(home)
    assert result.rows == bundle.rows_read == 8  # every record read, kept or not


def test_a_filtered_table_import_is_recorded_and_rebuilt_alike(
    engine: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    run_cli("import", "table", str(BUNDLE), "--mapping", str(data / "mappings" / "cordis.yarrrml.yml"),
            "--name", "h2020", "--region", "DEG", "--since", "2020-01-01", "--data", str(data),
            "--no-build")  # fmt: skip
    (entry,) = load_manifest(data)
    assert (entry.options["region"], entry.options["since"]) == ("DEG", "2020-01-01")
    g = ingest_imports(data)[import_graph_iri("h2020")]  # what the build makes of the manifest
    soundcar = URIRef("https://w3id.org/innograph/id/project/cordis-101000001")
    assert set(g.subjects(RDF.type, IG.FundedProject)) == {soundcar}
    partners = set(g.objects(soundcar, IG.projectPartner)) | set(
        g.objects(soundcar, IG.coordinator)
    )
    assert URIRef("https://w3id.org/innograph/id/actor/cordis-999333") in partners  # Paris stays
    with pytest.raises(
        SourceError, match=r"members\.yarrrml\.yml: --region.*must read project\.csv"
    ):
        map_tables(FIXTURES / "members.csv", MEMBERS, DOC, Matcher([]), keep=ProjectFilter("DEG"))


def _projects(g: Graph) -> set[tuple]:
    out = set()
    for p in g.subjects(RDF.type, IG.FundedProject):
        out.add((p, "label", str(g.value(p, URIRef(PREFIXES["rdfs"] + "label")))))
        out.add((p, "ec", g.value(p, IG.ecContribution)))
        out.add((p, "programme", g.value(p, IG.fundingProgramme)))
        out |= {(p, "line", n) for n in _lines(g, p) if g.value(p, IG.cordisId)}
        for role in (IG.coordinator, IG.projectPartner):
            out |= {(p, role, o) for o in g.objects(p, role)}
    return out


def _participations(g: Graph) -> set[tuple]:
    return {
        (
            x,
            g.value(x, PROV.agent),
            str(g.value(x, IG.role)),
            g.value(x, IG.ecContribution),
            *_lines(g, x),
        )
        for x in g.subjects(RDF.type, IG.Participation)
    }


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


_GOOD = ",".join(HEADER) + "\nM-1,A GmbH,GmbH,Jena,https://a.example,optik,,\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "", r"empty\.csv: the file is empty \(0 bytes\)"),
        (
            "nocol.csv",
            _GOOD.replace("Website,", "").replace("https://a.example,", ""),
            r"nocol\.csv:1: column\(s\) Website missing: rule 'member' \(members\.yarrrml\.yml:\d+\)",
        ),
        ("dup.csv", _GOOD + "M-1,B AG,AG,Erfurt,,,,\n", r"dup\.csv:3: ID='M-1' already at row 2"),
        ("nokey.csv", _GOOD + ",B AG,AG,Erfurt,,,,\n", r"nokey\.csv:3: column ID: empty"),
        (
            "quote.csv",
            _GOOD + 'M-2,"B AG,AG,Erfurt,,,,\n',
            r"quote\.csv:3: column Name: broken quoting",
        ),
        (
            "wide.csv",
            _GOOD + "M-2,B AG,AG,Erfurt,,,,,x\n",
            r"wide\.csv:3: 9 fields where the header has 8",
        ),
        (
            "semi.csv",
            _GOOD.replace(",", ";").replace("Themen", "Themen;Extra"),
            r"semi\.csv:2: 8 fields",
        ),
        (
            "twice.csv",
            _GOOD.replace("Ort", "Name"),
            r"twice\.csv:1: column D: 'Name' repeats column B",
        ),
        (  # regression: accepted as "(0 rows)", an empty graph recorded
            "header.csv",
            ",".join(HEADER) + "\n",
            r"header\.csv:1: a header but no rows",
        ),
        (  # regression: the missing columns were listed without saying why
            "pipes.csv",
            _GOOD.replace(",", "|"),
            r"pipes\.csv:1: column\(s\) .* missing.*the header is one column: separate",
        ),
        (  # regression: blamed on the mapping ("the engine wrote a statement that is not RDF")
            "url.csv",
            _GOOD + "M-2,B AG,AG,Erfurt,www.b.example,optik,,\n",
            r"url\.csv:3: column Website: 'www\.b\.example' is no IRI .*https://www\.b\.example",
        ),
    ],
)
def test_broken_tables_name_file_row_and_column(
    tmp_path: Path, matcher: Matcher, name: str, text: str, message: str
) -> None:
    with pytest.raises(SourceError, match=message):
        map_tables(_write(tmp_path / name, text), MEMBERS, DOC, matcher)


def test_foreign_encoding_merged_header_cells_and_zips_without_members(
    tmp_path: Path, matcher: Matcher
) -> None:
    latin = _write(tmp_path / "latin.csv", _GOOD.replace("Jena", "Gößnitz"), "latin-1")
    with pytest.raises(SourceError, match=r"latin\.csv:2: column Ort: not UTF-8"):
        map_tables(latin, MEMBERS, DOC, matcher)
    rows = [["Mitglied", None, *HEADER[2:]], HEADER, ["M-1", "A GmbH", "GmbH", "Jena"]]
    merged = _xlsx(tmp_path / "merged.xlsx", rows, merge="A1:B1")
    with pytest.raises(
        SourceError, match=r"merged\.xlsx:1: column A: header cells A1:B1 are merged"
    ):
        map_tables(merged, MEMBERS, DOC, matcher)
    partial = tmp_path / "cordis.zip"
    with zipfile.ZipFile(partial, "w") as z:
        z.write(BUNDLE / "project.csv", "project.csv")
    with pytest.raises(
        SourceError, match=r"the zip has no organization\.csv \(it holds project\.csv\)"
    ):
        map_tables(partial, CORDIS, DOC, matcher)


def test_mapping_errors_name_the_rule(tmp_path: Path, matcher: Matcher, engine: Path) -> None:
    text = MEMBERS.read_text(encoding="utf-8")
    wrong = _write(tmp_path / "wrong.yml", text.replace("$(Rechtsform)", "$(Legal_form)"))
    with pytest.raises(
        SourceError, match=r"column\(s\) Legal_form missing: rule 'member' \(wrong\.yml:\d+\)"
    ):
        map_tables(FIXTURES / "members.csv", wrong, DOC, matcher)
    broken = _write(tmp_path / "broken.yml", text.replace("  member:\n", "  member: [\n", 1))
    with pytest.raises(SourceError, match=r"broken\.yml:\d+: not a YARRRML mapping \(YAML error"):
        map_tables(FIXTURES / "members.csv", broken, DOC, matcher)
    view = _write(tmp_path / "view.yml", text.replace("string_split(Themen", "string_split(Topics"))
    with pytest.raises(
        SourceError, match=r"view\.yml:\d+: rule 'member-topic': the RML engine failed: .*Topics"
    ):
        map_tables(FIXTURES / "members.csv", view, DOC, matcher)
    bad_url = _write(
        tmp_path / "url.csv", _GOOD.replace("https://a.example", "javascript:alert(1)")
    )
    with pytest.raises(SourceError, match=r"url\.csv:2: website 'javascript:alert\(1\)'"):
        map_tables(bad_url, MEMBERS, DOC, matcher)


@pytest.mark.slow
def test_table_import_builds_and_a_failed_one_leaves_the_release(
    engine: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    proc = run_cli("import", "table", str(FIXTURES / "members.csv"), "--mapping",
                   str(data / "mappings" / "members.yarrrml.yml"), "--name", "members",
                   "--data", str(data), "--no-build")  # fmt: skip
    assert "1 matched, 0 ambiguous" in proc.stderr
    manifest = (data / "imports.yaml").read_text()
    assert "mapping: mappings/members.yarrrml.yml" in manifest and "kind: table" in manifest
    store = GraphStore(tmp_path / "store")
    build(store, data)
    live = store.current()
    db = store.open_current()
    g = f"<{import_graph_iri('members')}>"
    ask = (f"ASK {{ GRAPH {g} {{ ?m ig:legalForm \"AG\" ; ig:sourceLine 4 ; prov:wasDerivedFrom {g} }} "
           f"GRAPH {g} {{ {g} a ig:SourceDocument ; ig:rowCount 4 }} }}")  # fmt: skip
    assert bool(db.query(ask, use_default_graph_as_union=True, prefixes=PREFIXES))
    broken = _write(tmp_path / "broken.csv", _GOOD + "M-1,B AG,AG,Erfurt,,,,\n")
    with pytest.raises(SourceError, match="already at row 2"):
        import_file(data, broken, kind="table", name="broken",
                    options={"mapping": str(data / "mappings" / "members.yarrrml.yml")})  # fmt: skip
    assert (data / "imports.yaml").read_text() == manifest
    assert store.current() == live


_P = "id;acronym;title;startDate;endDate;frameworkProgramme\n"
_O = "projectID;organisationID;name;role;country;nutsCode\n"
_T = "1;A;T;2021-01-01;2022-01-01;H2020\n"


@pytest.mark.parametrize(
    ("project", "organisation", "home", "mapped"),
    [
        (  # wrong delimiter
            _P.replace(";", "|") + _T.replace(";", "|"),
            _O,
            r"project\.csv:1: column A: the separator is not ';'",
            r"project\.csv:1: missing column\(s\): id, .*the header is one column",
        ),
        (  # a missing column
            "id;acronym;title\n1;A;T\n",
            _O,
            r"project\.csv:1: missing column\(s\): startDate",
            None,
        ),
        (  # a duplicate id
            _P + _T + _T.replace(";A;", ";B;"),
            _O,
            r"project\.csv:3: column id: project 1 already at row 2",
            r"project\.csv:3: id='1' already at row 2",
        ),
        (  # broken quotes
            _P + '1;A;"broken;2021-01-01;;H2020\n',
            _O,
            r"project\.csv:2: column title: broken quoting",
            None,
        ),
        (  # text after a closing quote
            _P + '1;A;"T"x;2021-01-01;;H2020\n',
            _O,
            r"project\.csv:2: column title: broken quoting",
            None,
        ),
        (  # a row of the wrong width
            _P + "1;A;T;;H2020\n",
            _O,
            r"project\.csv:2: 5 fields where the header has 6",
            None,
        ),
        (  # a duplicate participation
            _P + _T,
            _O + "1;5;X;coordinator;DE;DEG01\n1;5;X;participant;DE;DEG01\n",
            None,
            r"organization\.csv:3: projectID='1', organisationID='5' already at row 2",
        ),
        (  # an empty file
            "",
            _O,
            r"project\.csv: the file is empty",
            r"project\.csv: the file is empty",
        ),
    ],
)
def test_broken_bundles_are_refused_alike_by_both_paths(
    tmp_path: Path, matcher: Matcher, project: str, organisation: str,
    home: str | None, mapped: str | None,
) -> None:  # fmt: skip
    """File, row and column in the message, through `import cordis` and through the mapping
    (which checks the tables before the engine runs: no engine needed)."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "project.csv").write_text(project, encoding="utf-8")
    (folder / "organization.csv").write_text(organisation, encoding="utf-8")
    if home is not None:
        with pytest.raises(SourceError, match=home):
            read_bundle(folder)
    with pytest.raises(SourceError, match=mapped or home):
        map_tables(folder, CORDIS, DOC, matcher)


def test_a_foreign_encoding_names_row_and_column_on_both_paths(
    tmp_path: Path, matcher: Matcher
) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "project.csv").write_bytes((_P + "1;A;Thüringen;;;H2020\n").encode("latin-1"))
    (folder / "organization.csv").write_text(_O, encoding="utf-8")
    message = r"project\.csv:2: column title: not UTF-8 \(byte 0xfc\)"
    with pytest.raises(SourceError, match=message):
        read_bundle(folder)
    with pytest.raises(SourceError, match=message):
        map_tables(folder, CORDIS, DOC, matcher)
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    for run in (lambda: read_bundle(empty), lambda: map_tables(empty, CORDIS, DOC, matcher)):
        with pytest.raises(SourceError, match=r"empty\.zip: the file is empty \(0 bytes\)"):
            run()
    nothing = tmp_path / "nothing.zip"
    with zipfile.ZipFile(nothing, "w"):
        pass  # a zip without members
    with pytest.raises(SourceError, match=r"nothing\.zip: the CORDIS bundle has no project\.csv"):
        read_bundle(nothing)
    with pytest.raises(SourceError, match=r"nothing\.zip: the zip has no .*it holds nothing"):
        map_tables(nothing, CORDIS, DOC, matcher)


def test_a_utf16_table_is_named_as_such(tmp_path: Path, matcher: Matcher) -> None:
    """Regression: the message quoted the header's raw bytes, NULs included."""
    path = tmp_path / "utf16.csv"
    path.write_bytes(_GOOD.encode("utf-16"))
    with pytest.raises(SourceError, match=r"utf16\.csv:1: the file is UTF-16") as err:
        map_tables(path, MEMBERS, DOC, matcher)
    assert "\x00" not in str(err.value)


def test_an_organisation_new_in_one_import_is_the_same_actor_in_the_next(
    engine: Path, tmp_path: Path
) -> None:
    """A company the registry does not know, first in a CORDIS bundle and then in a member list,
    is one actor: the projects of the one, the cluster of the other (the partner finder and the
    bridges need both on one node); the review report names the earlier import."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    first = import_file(data, BUNDLE, kind="cordis", name="projects", options={"region": "DEG"})
    assert any(row["name"] == "NOISELESS MOBILITY SAS" for row in first.report.new)
    members = _write(
        tmp_path / "members.csv",
        ",".join(HEADER) + "\nM-9,Noiseless Mobility SAS,SAS,Paris,,optik,,\n"
        "M-10,Noiseless Acoustics GmbH,GmbH,Jena,,optik,,\n",
    )
    second = import_file(data, members, kind="table", name="members",
                         options={"mapping": str(MEMBERS)})  # fmt: skip
    cordis_actor = "https://w3id.org/innograph/id/actor/cordis-999333"
    (matched,) = second.report.matched
    assert matched["organisation"] == cordis_actor
    assert "earlier import-projects" in matched["how"]
    assert [row["name"] for row in second.report.new] == ["Noiseless Acoustics GmbH"]
    store = GraphStore(tmp_path / "store")
    build(store, data)  # the build matches in manifest order, as the import did
    db = store.open_current()
    ask = (f"ASK {{ <{cordis_actor}> ig:cluster <https://w3id.org/innograph/id/cluster/optik> . "
           f"?project ig:coordinator|ig:projectPartner <{cordis_actor}> . "
           "FILTER NOT EXISTS { <https://w3id.org/innograph/id/actor/member-M-9> ?p ?o } }")  # fmt: skip
    assert bool(db.query(ask, use_default_graph_as_union=True, prefixes=PREFIXES))
