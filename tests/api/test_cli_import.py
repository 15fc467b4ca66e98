"""``innograph import`` end to end: a refused import leaves ``data/`` and the release as they were,
a missing file or a name in use is a clear error, ``--replace`` replaces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from innograph.graph.store import GraphStore
from tests.conftest import DATA, run_cli

GOOD = """@prefix ig: <https://w3id.org/innograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/innograph/id/company/acme> a ig:Company ; rdfs:label "ACME GmbH"@de ;
  ig:cluster <https://w3id.org/innograph/id/cluster/optik> .
"""
BREAKS_A_SHAPE = """@prefix ig: <https://w3id.org/innograph/ontology#> .
<https://w3id.org/innograph/id/company/nolabel> a ig:Company ;
  ig:cluster "optik" .
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("imports")
    data, store = root / "data", root / "store"
    shutil.copytree(DATA, data)
    run_cli("build", "--store", str(store), "--data", str(data))
    return data, store


MAPPING = str(DATA / "mappings" / "members.yarrrml.yml")
HEADER = "ID,Name,Rechtsform,Ort,Website,Cluster,Netzwerk,Themen"


def _import_members(workspace, path: Path, name: str, *rows: str, check: bool = True):
    """``innograph import table`` of a member list with ``rows`` (and the build after it)."""
    data, store = workspace
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return run_cli("import", "table", str(path), "--mapping", MAPPING, "--name", name,
                   "--data", str(data), "--store", str(store), check=check)  # fmt: skip


def _state(data: Path, store: Path) -> tuple[str, list[str], str]:
    manifest = data / "imports.yaml"
    files = (
        sorted(p.name for p in (data / "imports").glob("*")) if (data / "imports").is_dir() else []
    )
    release = GraphStore(store).current()
    return (manifest.read_text() if manifest.exists() else "", files, release.id if release else "")


def test_a_refused_import_leaves_data_and_release_as_they_were(workspace, tmp_path: Path) -> None:
    """Regression: the import was recorded before its build; the build refused it (SHACL), the
    release stayed, but the manifest kept the entry and every later build failed on it."""
    data, store = workspace
    before = _state(data, store)
    bad = tmp_path / "breaks.ttl"
    bad.write_text(BREAKS_A_SHAPE)
    proc = run_cli("import", "rdf", str(bad), "--name", "breaks", "--data", str(data),
                   "--store", str(store), check=False)  # fmt: skip
    assert proc.returncode == 1 and "not imported" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _state(data, store) == before
    run_cli("build", "--store", str(store), "--data", str(data))  # not poisoned


def test_missing_files_and_names_in_use_are_clear_errors(workspace, tmp_path: Path) -> None:
    data, store = workspace
    where = ["--data", str(data), "--store", str(store)]
    for kind, path in (("rdf", "nope.ttl"), ("table", "nope.csv"), ("cordis", "nope.zip")):
        extra = (
            ["--mapping", str(DATA / "mappings" / "members.yarrrml.yml")] if kind == "table" else []
        )
        proc = run_cli("import", kind, str(tmp_path / path), "--name", "nope", *extra, *where,
                       check=False)  # fmt: skip
        assert proc.returncode == 1 and "no such file" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    proc = run_cli("import", "rdf", str(tmp_path), "--name", "dir", *where, check=False)
    assert proc.returncode == 1 and "is a directory" in proc.stderr
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    first.write_text(GOOD)
    second.write_text(GOOD.replace("ACME GmbH", "ACME Jena GmbH"))
    run_cli("import", "rdf", str(first), "--name", "acme", "--no-build", *where)
    before = _state(data, store)
    proc = run_cli("import", "rdf", str(second), "--name", "acme", "--no-build", *where,
                   check=False)  # fmt: skip
    assert proc.returncode == 1 and "--replace" in proc.stderr and "first.ttl" in proc.stderr
    assert _state(data, store) == before
    run_cli("import", "rdf", str(second), "--name", "acme", "--replace", *where)
    manifest, files, _ = _state(data, store)
    assert "second.ttl" in manifest and "first.ttl" not in manifest
    assert "second.ttl" in files and "first.ttl" not in files  # the replaced file goes too


def test_a_member_of_an_unknown_network_is_refused(workspace, tmp_path: Path) -> None:
    """Regression: ``Netzwerk`` = ``foonet`` (no such network) imported with exit 0 and made an
    untyped, unlabelled ``id/network/foonet`` holding the member."""
    data, store = workspace
    before = _state(data, store)
    row = "3201,Delta GmbH,GmbH,Jena,https://delta.example,optik,{},"
    members = tmp_path / "members.csv"
    proc = _import_members(workspace, members, "delta", row.format("foonet"), check=False)
    assert proc.returncode == 1 and "org:hasMember" in proc.stderr, proc.stderr[-800:]
    assert "Stated in: import-delta" in proc.stderr  # the violation names the import
    assert "not imported" in proc.stderr and _state(data, store) == before
    _import_members(workspace, members, "delta", row.format("optonet"))


def test_a_violation_in_an_imported_row_names_the_import_and_row(workspace, tmp_path: Path) -> None:
    """Regression: a SHACL violation from an imported member list (an empty name) gave the raw
    report only, with no file or row to look at."""
    proc = _import_members(
        workspace,
        tmp_path / "nameless.csv",
        "nameless",
        "3301,Epsilon GmbH,GmbH,Jena,https://epsilon.example,optik,optonet,",
        "3302,,GmbH,Jena,https://nameless.example,optik,optonet,",
        check=False,
    )
    assert proc.returncode == 1 and "member-3302" in proc.stderr, proc.stderr[-800:]
    assert "Stated in: import-nameless (line 3)" in proc.stderr


def test_an_imported_row_is_a_passage_one_click_from_its_facts(workspace, tmp_path: Path) -> None:
    """Regression: ``/source/import-<name>?line=2`` was 404 ("not a source document") and the
    profile's "line 2" of an imported row linked nowhere."""
    import httpx

    from tests.conftest import start_server

    data, store = workspace
    _import_members(
        workspace,
        tmp_path / "gamma.csv",
        "gamma",
        "3401,Gamma Photonik GmbH,GmbH,Jena,https://gamma.example,optik,optonet,",
    )
    for url in start_server(store, ("INNOGRAPH_DATA", str(data))):
        page = httpx.get(url + "/source/import-gamma", params={"line": 2})
        assert page.status_code == 200 and "Gamma Photonik GmbH" in page.text
        assert 'class="cited"' in page.text and "gamma.csv" in page.text
        profile = httpx.get(url + "/id/actor/member-3401").text
        assert "/source/import-gamma?line=2" in profile
        outside = httpx.get(url + "/source/import-gamma", params={"line": 9})
        assert outside.status_code == 404 and "lines 1 to" in outside.json()["message"]


def test_spreadsheet_downloads_do_not_run_formulas_from_data(workspace, tmp_path: Path) -> None:
    """Regression (CSV injection): an imported name '=HYPERLINK(…)' reached the partner finder's
    CSV download as a formula cell; now it starts with an apostrophe, shown as text."""
    import csv
    import io

    import httpx

    from tests.conftest import start_server

    data, store = workspace
    formula = '=HYPERLINK("http://evil.example","click")'
    _import_members(
        workspace, tmp_path / "formula.csv", "formula",
        f'3501,"{formula.replace(chr(34), chr(34) * 2)}",GmbH,Jena,https://f.example,optik,optonet,',
    )  # fmt: skip
    for url in start_server(store, ("INNOGRAPH_DATA", str(data))):
        r = httpx.get(url + "/partners", params={"actor": "actor/member-3501", "format": "csv"})
        assert r.status_code == 200
        cells = [c for row in csv.reader(io.StringIO(r.text)) for c in row]
        assert any(formula in c for c in cells), r.text[:300]  # the name is there, as text
        assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_a_failure_after_the_build_published_keeps_the_import(workspace, tmp_path: Path) -> None:
    """Regression: when something failed after the build had published (the terminal's pipe
    closed while it printed), data/ was put back although the live release served the import,
    so the two disagreed and the next build dropped it."""
    import argparse

    from innograph.api.cli import _cmd_build
    from innograph.api.cli_import import add_import_command
    from innograph.api.config import Settings

    data, store = workspace
    commands: dict[str, object] = {}
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")

    def add(name, func, help):  # the CLI's own registration, without its other commands
        commands[name] = func
        return sub.add_parser(name)

    def build_then_pipe_closes(args, settings):
        _cmd_build(args, settings)
        raise BrokenPipeError

    add_import_command(add, build_then_pipe_closes)
    good = tmp_path / "late.ttl"
    good.write_text(GOOD.replace("acme", "late").replace("ACME GmbH", "Late GmbH"))
    args = parser.parse_args(["import", "rdf", str(good), "--name", "late"])
    settings = Settings.from_env({}, store=str(store), data=str(data))
    release_before = _state(data, store)[2]
    with pytest.raises(BrokenPipeError):
        commands["import"](args, settings)  # type: ignore[operator]
    manifest, files, live = _state(data, store)
    assert live != release_before  # the build published it
    assert "name: late" in manifest and "late.ttl" in files  # and data/ agrees with the release
    run_cli("build", "--store", str(store), "--data", str(data))
    assert "late.ttl" in _state(data, store)[1]


BUNDLE = str(Path(__file__).parents[1] / "data" / "cordis")


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (
            ("--licence", "notaniri"),
            "argument --licence: licence 'notaniri': give the licence's IRI",
        ),
        (("--licence", "https://example.org/a licence"), "is not an IRI"),
        (("--name", "Bad_Name"), "argument --name: name 'Bad_Name': lower-case letters"),
    ],
)
def test_a_bad_name_or_licence_is_refused_before_anything_is_recorded(
    workspace, option: tuple[str, str], said: str
) -> None:
    """Regression: --licence notaniri ended in a ValueError traceback from the build (with
    --no-build it was recorded, and every later build crashed); --name Bad_Name was refused only
    by the next build, pointing at data/imports.yaml."""
    data, store = workspace
    before = _state(data, store)
    args = {"--name": "lic", **dict([option])}
    proc = run_cli("import", "cordis", BUNDLE, *(x for kv in args.items() for x in kv),
                   "--data", str(data), "--store", str(store), "--no-build", check=False)  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if "error:" in x]
    assert said in line
    assert _state(data, store) == before


def test_the_build_refuses_a_recorded_bad_licence_at_its_line(tmp_path: Path) -> None:
    """Regression: a manifest entry with licence 'notaniri' crashed every build with a
    ValueError traceback ("No scheme found in an absolute IRI")."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    licence = "https://creativecommons.org/licenses/by/4.0/"
    run_cli("import", "cordis", BUNDLE, "--name", "lic", "--licence", licence, "--region", "DEG",
            "--data", str(data), "--no-build")  # fmt: skip
    manifest = data / "imports.yaml"
    text = manifest.read_text()
    manifest.write_text(text.replace(licence, "notaniri"))
    line = 1 + text.splitlines().index("- name: lic")
    proc = run_cli("build", "--store", str(tmp_path / "store"), "--data", str(data), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"imports.yaml:{line}: licence 'notaniri'" in proc.stderr


@pytest.mark.parametrize(
    ("filters", "said"),
    [
        (
            ("--programme", "FOO"),
            "--programme FOO keeps no project: the bundle's programmes are H2020, HORIZON",
        ),
        (
            ("--region", "ZZZ"),
            "--region ZZZ keeps no project: no participant's NUTS code starts with ZZZ; the bundle's NUTS-1 regions are DEG, FR1",
        ),
        (
            ("--since", "2030-01-01"),
            "--since 2030-01-01 keeps no project: the last project ends 2025-02-28",
        ),
        (
            ("--until", "2000-01-01"),
            "--until 2000-01-01 keeps no project: the first project starts 2015-01-01",
        ),
        (
            ("--region", "DEG", "--programme", "HORIZON"),
            "--region DEG --programme HORIZON keep no project together",
        ),
    ],
)
def test_filters_that_keep_no_project_are_refused_naming_what_the_bundle_has(
    workspace, filters: tuple[str, ...], said: str
) -> None:
    """Regression: --programme FOO or --region ZZZ recorded an import of no project, exit 0."""
    data, store = workspace
    before = _state(data, store)
    proc = run_cli("import", "cordis", BUNDLE, "--name", "nothing", *filters, "--data", str(data),
                   "--store", str(store), "--no-build", check=False)  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert said in proc.stderr.replace("\n", " "), proc.stderr
    assert _state(data, store) == before


@pytest.mark.parametrize(
    ("kind", "path", "option", "said"),
    [
        ("cordis", BUNDLE, ("--mapping", MAPPING), "import cordis does not use --mapping"),
        ("rdf", "x.ttl", ("--region", "DEG"), "import rdf does not use --region"),
    ],
)
def test_an_option_the_kind_does_not_use_is_refused(
    workspace, tmp_path: Path, kind: str, path: str, option: tuple[str, str], said: str
) -> None:
    """Regression: --mapping given to import cordis (and a filter given to import rdf) was
    silently ignored."""
    data, store = workspace
    (tmp_path / "x.ttl").write_text(GOOD)
    before = _state(data, store)
    proc = run_cli("import", kind, str(tmp_path / path), "--name", "unused", *option,
                   "--data", str(data), "--store", str(store), "--no-build", check=False)  # fmt: skip
    assert proc.returncode == 1 and said in proc.stderr and "Traceback" not in proc.stderr
    assert _state(data, store) == before
