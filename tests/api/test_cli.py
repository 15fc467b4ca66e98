"""The CLI end to end, in subprocesses, on a real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph

from tests.conftest import DATA, N_DOCS, run_cli

SOURCES = "SELECT ?doc ?file WHERE { ?doc a ig:SourceDocument ; ig:fileName ?file } ORDER BY ?file"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = str(tmp_path_factory.mktemp("cli") / "store")
    proc = run_cli("build", "--store", store, "--data", str(DATA))
    assert "conforms" in proc.stderr
    return store


@pytest.mark.parametrize("cmd", ["build", "serve", "query", "validate", "export", "stats"])
def test_help(cmd: str) -> None:
    out = run_cli(cmd, "--help").stdout
    assert "--store" in out and "usage: innograph" in out


def test_query_table(cli_store: str) -> None:
    out = run_cli("query", "--store", cli_store, SOURCES).stdout
    assert "003_7f60bfa5933ed3d6.txt" in out


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_query_formats(cli_store: str, fmt: str) -> None:
    out = run_cli("query", "--store", cli_store, "--format", fmt, SOURCES).stdout
    if fmt == "json":
        rows = json.loads(out)["results"]["bindings"]
        files = [r["file"]["value"] for r in rows]
    else:
        delim = "," if fmt == "csv" else "\t"
        rows = list(csv.reader(io.StringIO(out), delimiter=delim))[1:]
        files = [r[1].strip('"') for r in rows]
    assert len(files) == N_DOCS and files == sorted(files)


def test_query_from_stdin_and_file(cli_store: str, tmp_path: Path) -> None:
    ask = "ASK { ?d a ig:SourceDocument }"
    assert run_cli("query", "--store", cli_store, "-", input=ask).stdout.strip() == "true"
    qfile = tmp_path / "q.rq"
    qfile.write_text("CONSTRUCT { ?d a ig:SourceDocument } WHERE { ?d a ig:SourceDocument }")
    for fmt in ("turtle", "ntriples"):
        out = run_cli("query", "--store", cli_store, "-f", str(qfile), "--format", fmt).stdout
        g = Graph().parse(data=out, format="turtle" if fmt == "turtle" else "nt")
        assert len(g) == N_DOCS


def test_query_file_dash_reads_stdin(cli_store: str, tmp_path: Path) -> None:
    """Regression: -f - said "cannot read query file -" (the README says '-' reads stdin)."""
    ask = "ASK { ?d a ig:SourceDocument }"
    assert run_cli("query", "--store", cli_store, "-f", "-", input=ask).stdout.strip() == "true"
    qfile = tmp_path / "q.rq"
    qfile.write_text(ask)
    both = run_cli("query", "--store", cli_store, "-f", str(qfile), "ASK {}", check=False)
    assert both.returncode == 1 and "not both" in both.stderr


def test_query_syntax_error_is_reported(cli_store: str) -> None:
    proc = run_cli("query", "--store", cli_store, "SELECT ?x WHERE { ?x", check=False)
    assert proc.returncode == 1 and "SPARQL syntax error" in proc.stderr


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "SELECT * { ?s foo:bar ?o }",
            "error: undeclared prefix foo:; declare it with PREFIX foo:",
        ),
        ("SELECT * { ?s foo:p bar:o }", "error: undeclared prefix foo:, bar:; declare each"),
        ("", "error: the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query"),
        ("  \n", "error: the query is empty"),
    ],
)
def test_query_names_an_undeclared_prefix_and_an_empty_query(
    cli_store: str, query: str, said: str
) -> None:
    """Regression: an undeclared prefix printed the parser's list of every character a name may
    go on with ("expected one of Prefix not found, ['%'], …"); an empty query on stdin "error at
    1:1: expected [_]". The words are the endpoint's (graph.query_guard, graph.sparql)."""
    proc = run_cli("query", "--store", cli_store, "-", input=query, check=False)
    assert proc.returncode == 1 and proc.stderr.startswith(said), proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_query_refuses_update(cli_store: str) -> None:
    proc = run_cli("query", "--store", cli_store, "INSERT DATA { <a:b> <a:c> <a:d> }", check=False)
    assert proc.returncode == 1 and "read-only" in proc.stderr


def test_export_roundtrip(cli_store: str, tmp_path: Path) -> None:
    out = tmp_path / "dump.trig"
    run_cli("export", "--store", cli_store, "--format", "trig", "-o", str(out))
    ds = Dataset()
    ds.parse(out, format="trig")
    nq = run_cli("export", "--store", cli_store, "--format", "nquads").stdout
    quads = sum(1 for _ in ds.quads((None, None, None, None)))
    assert quads == len([line for line in nq.splitlines() if line.strip()]) > 400


def test_stats_and_validate(cli_store: str) -> None:
    stats = json.loads(run_cli("stats", "--store", cli_store, "--json").stdout)
    assert stats["classes"]["https://w3id.org/innograph/ontology#SourceDocument"] == N_DOCS
    assert "https://w3id.org/innograph/ontology" in stats["graphs"]
    assert "conforms" in run_cli("validate", "--store", cli_store).stderr


def test_commands_without_a_build_name_the_fix(tmp_path: Path) -> None:
    proc = run_cli("stats", "--store", str(tmp_path / "none"), check=False)
    assert proc.returncode == 1 and "innograph build" in proc.stderr


def test_actors_lists_ids_that_other_commands_accept(cli_store: str) -> None:
    out = run_cli("actors", "--store", cli_store, "--cluster", "optik", "--json").stdout
    rows = json.loads(out)
    assert rows and all("optik" in r["clusters"] for r in rows)
    first = rows[0]["id"]
    recs = json.loads(run_cli("recommend", "--store", cli_store, first, "--json").stdout)
    assert isinstance(recs, list)


def test_recommend_ranks_by_the_learned_mix_on_request(cli_store: str) -> None:
    args = ("recommend", "--store", cli_store, "optonet", "-k", "5", "--json")
    fixed = json.loads(run_cli(*args).stdout)
    learned = json.loads(run_cli(*args, "--ranking", "learned").stdout)
    assert learned[0]["score"] == 1.0 and len(learned) == 5
    assert [r["actor"] for r in learned] != [r["actor"] for r in fixed]
    proc = run_cli(*args, "--ranking", "best", check=False)
    assert proc.returncode == 2 and "invalid choice: 'best'" in proc.stderr


def test_recommend_names_where_each_tie_is_stated_as_the_api_does(
    cli_store: str, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's recommendations carry the same sources as the API's (they had none),
    and the text names them after each activity and after a direct relation."""
    cli = json.loads(run_cli("recommend", "--store", cli_store, "tu-ilmenau", "--json").stdout)
    api = httpx.get(server + "/api/actors/tu-ilmenau/recommendations").json()
    assert cli == api
    # by a name or an abbreviation, as the partner finder takes it (only ids had worked)
    for name in ("TU Ilmenau", "Technische Universität Ilmenau"):
        by_name = run_cli("recommend", "--store", cli_store, name, "--json").stdout
        assert json.loads(by_name) == api
    monkeypatch.setenv("COLUMNS", "400")  # one line per tie, as a wide terminal shows it
    text = run_cli("recommend", "--store", cli_store, "tu-ilmenau", "-k", "3").stdout
    first = api[0]["evidence"][0]
    activity = first["with_actor"][0]
    cited = activity["sources"][0]
    assert f"{activity['label']} ({cited['doc_id']} l. {cited['line']}" in text
    direct = [e for r in api[:3] for e in r["evidence"][:3] if not e["with_candidate"]]
    assert direct, "no direct relation among the first three to check"
    for e in direct:
        s = e["with_candidate_sources"][0]
        assert f"→ a direct relation ({s['doc_id']} l. {s['line']})" in text


def test_unknown_id_suggests_the_closest(cli_store: str) -> None:
    proc = run_cli("recommend", "--store", cli_store, "optonett", check=False)
    assert proc.returncode == 1
    assert "did you mean network/optonet" in proc.stderr


def test_recommend_filters_by_region_and_names_an_unknown_one(cli_store: str) -> None:
    in_bb = run_cli("recommend", "--store", cli_store, "optonet", "--region", "berlin-brandenburg",
                    "--json")  # fmt: skip
    assert json.loads(in_bb.stdout) == []  # the region's cluster has no actor in the graph yet
    here = run_cli("recommend", "--store", cli_store, "optonet", "--region", "thueringen", "--json")
    assert json.loads(here.stdout)
    bad = run_cli("recommend", "--store", cli_store, "optonet", "--region", "atlantis", check=False)
    assert bad.returncode == 1 and "no region 'atlantis'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_bridges_prints_tables_not_python_dicts(cli_store: str) -> None:
    out = run_cli("bridges", "--store", cli_store, "--cluster", "optik").stdout
    assert "{" not in out and "co-participation" in out


@pytest.mark.parametrize(
    "args",
    [
        ("viz", "ecosystem", "-o", "/nonexistent/dir/x.html"),
        ("export", "-o", "/nonexistent/x.trig"),
        ("export", "-o", "."),
    ],
)
def test_an_output_that_cannot_be_written_is_one_clear_error(
    cli_store: str, args: tuple[str, ...]
) -> None:
    """Regression: a missing directory after -o ended in a FileNotFoundError traceback."""
    proc = run_cli(*args, "--store", cli_store, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if "error:" in x]
    assert f"cannot write {args[-1]}" in line


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_serve_refuses_a_port_no_socket_binds(cli_store: str, port: str) -> None:
    """Regression: --port 99999 reached bind() and ended in an OverflowError traceback."""
    proc = run_cli("serve", "--store", cli_store, "--port", port, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "argument --port:" in proc.stderr and port in proc.stderr


@pytest.mark.parametrize("k", ["-3", "0", "many"])
def test_recommend_takes_a_positive_k_only(cli_store: str, k: str) -> None:
    """Regression: -k -3 printed a truncated list and -k 0 "no candidates in other clusters",
    both with exit 0."""
    proc = run_cli("recommend", "--store", cli_store, "optonet", "-k", k, check=False)
    assert proc.returncode == 2 and "argument -k:" in proc.stderr and k in proc.stderr
    assert "no candidates" not in proc.stdout


def test_help_names_only_what_exists() -> None:
    """Regression: actors' help pointed at a `metrics` command that does not exist, and
    evaluate's --methods left out learned-mix."""
    from innograph.graph.evaluation_methods import METHODS

    actors = run_cli("actors", "--help").stdout
    assert "metrics" not in actors and "recommend and viz actor" in actors
    commands = run_cli("--help").stdout
    assert all(f"    {name}" in commands for name in ("recommend", "viz"))
    methods = " ".join(run_cli("evaluate", "--help").stdout.split())  # argparse wraps lines
    assert all(m in methods for m in METHODS) and "learned-mix" in methods


def test_bridges_takes_one_cluster_or_a_pair_not_both(cli_store: str) -> None:
    """Regression: --cluster given with --between was silently ignored."""
    proc = run_cli("bridges", "--store", cli_store, "--cluster", "optik", "--between", "optik",
                   "medizintechnik", check=False)  # fmt: skip
    assert proc.returncode == 2 and "not allowed with argument --cluster" in proc.stderr


def test_the_actors_table_never_cuts_an_id_on_a_narrow_terminal(
    cli_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns the table cut the very ids it lists ("actor/thueringer…")."""
    monkeypatch.setenv("COLUMNS", "80")
    text = run_cli("actors", "--store", cli_store, "--cluster", "optik").stdout
    rows = json.loads(
        run_cli("actors", "--store", cli_store, "--cluster", "optik", "--json").stdout
    )
    column = "".join(line.split("│")[1].strip() for line in text.splitlines() if "│" in line)
    assert "…" not in column
    assert all(r["id"] in column for r in rows)  # each id whole, folded over lines at most
