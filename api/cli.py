"""The ``innograph`` command line: build, serve, query, validate, export, stats.

Each subcommand is a thin face over ``ingest`` and ``graph``; ``innograph CMD --help`` tells
its options. Errors print one ``error:`` line naming the file/line or the parameter, exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from innograph.api.cli_analytics import add_analytics_commands
from innograph.api.cli_evaluate import add_evaluate_command
from innograph.api.cli_import import add_import_command
from innograph.api.cli_types import output_file, port, writing
from innograph.api.config import MAX_FRONTS, Settings, store_of
from innograph.graph.errors import InnographError, SettingsError
from innograph.graph.sparql import GRAPH_FORMATS, RESULT_FORMATS, run_query, serialize
from innograph.graph.stats import instances_per_class, triples_per_graph
from innograph.graph.validation import validate_store

__all__ = ["main"]

_err = Console(stderr=True, highlight=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``innograph`` console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(
            store=getattr(args, "store", None),
            data=getattr(args, "data", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            fronts=getattr(args, "fronts", None),
        )
        return int(args.func(args, settings) or 0)
    except InnographError as err:
        _err.print(f"[bold red]error:[/] {err}", markup=True, soft_wrap=True)
        return 1
    except BrokenPipeError:
        return 0


# --- subcommands ------------------------------------------------------------------


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.ingest.build import build  # the ingest floor is only needed here
    from innograph.ingest.clusters import disagreements, unresolved_partners
    from innograph.ingest.measures import report_typos, unresolved_names

    store = store_of(settings)
    with _err.status("building") as status:
        report = build(store, settings.data, progress=lambda msg: status.update(msg))
    _err.print(
        f"built release [bold]{report.release.name}[/] into {store.root}: "
        f"{report.triples} triples in {len(report.graphs)} named graphs; "
        f"SHACL: {'conforms' if report.validation.conforms else 'VIOLATIONS'}"
        + (" (data unchanged)" if report.unchanged else "")
    )
    for file, line, name in unresolved_names(settings.data):
        _err.print(f"unresolved organisation: {file}:{line}: {name!r}")
    for file, line, name in unresolved_partners(settings.data):
        _err.print(f"unresolved organisation: {file}:{line}: {name!r}")
    total = sum(report.discrepancies.values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in report.discrepancies.items())
    _err.print(f"disagreements in and between the documents: {total} ({kinds}); /disagreements")
    for d in disagreements(settings.data):
        if d["kind"] == "numeric-conflict":
            _err.print(
                f"numeric conflict in thcm-brochure-2012: {d['subject']}"
                f"{' / ' + d['subfield'] if d['subfield'] else ''} {d['property']}: "
                f"section {d['section_value']} (line {d['section_line']}) vs "
                f"Anlage 2 {d['summary_value']} (line {d['summary_line']}); both kept"
            )
    for org_id, typo in report_typos(settings.data):
        _err.print(f"resolved typo: {typo!r} → {org_id}")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    _err.print(f"timing: {timing}")
    return 0


def _cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.ingest.extract import extract_all

    sources = args.sources or settings.sources
    for path in extract_all(sources, settings.data, args.out):
        _err.print(f"wrote {path}")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from innograph.api.app import create_app
    from innograph.api.fronts import serve_fronts
    from innograph.api.server import serve

    if not 1 <= settings.fronts <= MAX_FRONTS:
        raise SettingsError(f"--fronts {settings.fronts}: give 1 to {MAX_FRONTS} server processes")
    store_of(settings).require_current()
    where = f"{settings.store} on http://{settings.host}:{settings.port}/"
    if settings.fronts > 1:
        _err.print(f"innograph serving {where} with {settings.fronts} server processes")
        return serve_fronts(settings, log_level=args.log_level)
    app = create_app(settings, freeze=True)
    _err.print(f"innograph serving {where}")
    serve(app, settings, log_level=args.log_level)
    return 0


def _cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    text = _read_query(args)
    db = store_of(settings).open_current()
    result = run_query(db, text)
    fmt = args.format
    if fmt == "table":
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            _print_table(result)
            return 0
        fmt = "turtle"  # a graph (CONSTRUCT/DESCRIBE) has no table
    sys.stdout.buffer.write(serialize(result, fmt))
    sys.stdout.flush()
    return 0


def _cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    release = store_of(settings).require_current()
    result = validate_store(release.open())
    if result.conforms:
        _err.print(f"release {release.name}: conforms to ontology/shapes.ttl")
        return 0
    print(result.report)
    _err.print(f"release {release.name}: {result.violations} violation(s)")
    return 1


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    db = store_of(settings).open_current()
    fmt = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[args.format]
    if args.output:
        with writing(args.output):
            db.dump(str(args.output), format=fmt)
        _err.print(f"wrote {args.output}")
    else:
        # without an output the dump comes back as bytes (pyoxigraph's stubs: ``bytes | None``)
        sys.stdout.buffer.write(cast(bytes, db.dump(format=fmt)))
    return 0


def _cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    release = store_of(settings).require_current()
    db = release.open()
    graphs, classes = triples_per_graph(db), instances_per_class(db)
    if args.json:
        print(json.dumps({"release": release.name, "graphs": graphs, "classes": classes}, indent=2))
        return 0
    out = Console()
    out.print(f"release {release.name} (built {release.meta.get('built_at', '?')})")
    table = Table("named graph", "triples")
    for g, n in graphs.items():
        table.add_row(g, str(n))
    table.add_row("[bold]total", f"[bold]{sum(graphs.values())}")
    out.print(table)
    table = Table("class", "instances")
    for c, n in classes.items():
        table.add_row(c, str(n))
    out.print(table)
    return 0


# --- helpers ------------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("innograph")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="innograph", description="Build, query and serve the innograph knowledge graph."
    )
    p.add_argument("--version", action="version", version=f"innograph {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.add_argument(
            "--store", help="store directory or http(s):// SPARQL server (default var/store)"
        )
        sp.set_defaults(func=func)
        return sp

    b = add("build", _cmd_build, "run every ingester, validate, and publish a new release")
    b.add_argument("--data", type=Path, help="curated data directory (default data/)")

    x = add("extract", _cmd_extract, "regenerate data/extracted/ from the raw source documents")
    x.add_argument("--sources", type=Path, help="raw documents (default ../shared/seeds)")
    x.add_argument("--data", type=Path, help="curated data directory (default data/)")
    x.add_argument("--out", type=Path, help="write the extracts here instead of data/")

    s = add("serve", _cmd_serve, "serve the web app, SPARQL endpoint and API")
    s.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    s.add_argument("--port", type=port, help="port, 0 to 65535 (default 8000)")
    s.add_argument(
        "--fronts",
        type=int,
        help="server processes sharing the port (default 1; INNOGRAPH_FRONTS): more use more cores",
    )
    s.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )

    q = add("query", _cmd_query, "run a SPARQL query against the store")
    q.add_argument("query", nargs="?", help="the query text, or '-' for stdin")
    q.add_argument("-f", "--file", type=Path, help="read the query from this file ('-': stdin)")
    q.add_argument(
        "--format",
        default="table",
        choices=["table", *RESULT_FORMATS, *GRAPH_FORMATS],
        help="output format (default: a table, Turtle for CONSTRUCT/DESCRIBE)",
    )

    add("validate", _cmd_validate, "validate the live release against the SHACL shapes")

    add_analytics_commands(add)
    add_import_command(add, _cmd_build)
    add_evaluate_command(add)

    e = add("export", _cmd_export, "dump the whole dataset with its named graphs")
    e.add_argument("--format", default="trig", choices=["trig", "nquads"])
    e.add_argument("-o", "--output", type=output_file, help="write to this file instead of stdout")

    st = add("stats", _cmd_stats, "triples per named graph and instances per class")
    st.add_argument("--json", action="store_true", help="print JSON")
    return p


def _read_query(args: argparse.Namespace) -> str:
    if args.file is not None and args.query is not None:
        raise InnographError("give the query as an argument or with -f FILE, not both")
    if args.file == Path("-"):  # '-' is stdin, as for the query argument
        return sys.stdin.read()
    if args.file:
        try:
            return args.file.read_text(encoding="utf-8")
        except OSError as err:
            raise InnographError(f"cannot read query file {args.file}: {err.strerror}") from err
    if args.query in (None, "-"):
        if sys.stdin.isatty() and args.query is None:
            raise InnographError("no query: give it as an argument, with -f FILE, or on stdin")
        return sys.stdin.read()
    return args.query


def _print_table(result: ox.QuerySolutions | ox.QueryBoolean) -> None:
    out = Console()
    if isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
        return
    names = [v.value for v in result.variables]
    table = Table(*names)
    rows = 0
    for row in result:
        table.add_row(*(_cell(row[n]) for n in names))
        rows += 1
    out.print(table)
    _err.print(f"{rows} row(s)")


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return getattr(term, "value", str(term))


if __name__ == "__main__":
    raise SystemExit(main())
