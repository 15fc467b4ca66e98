"""``innograph import``: bring a file into the graph (CORDIS bundle, a table through a YARRRML
mapping, or an RDF file).

It checks that the file maps (a broken file is refused naming file, row and column), copies it
under ``data/imports/``, records it in ``data/imports.yaml`` with its SHA-256, writes the review
report of its organisations (matched and how, ambiguous with candidates, new), and builds a new
release with it (``--no-build`` to leave that to ``innograph build``). The live release is only
replaced by a build that succeeds.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console

from innograph.api.config import Settings, store_of
from innograph.graph.errors import InvalidParameterError
from innograph.graph.remote import RemoteStore

__all__ = ["add_import_command"]

_err = Console(stderr=True, highlight=False)


def _live(settings: Settings) -> str | None:
    """The id of the live release (read afresh)."""
    store = store_of(settings)
    release = store.current(max_age=0) if isinstance(store, RemoteStore) else store.current()
    return None if release is None else release.id


def add_import_command(
    add: Callable[..., argparse.ArgumentParser],
    build: Callable[[argparse.Namespace, Settings], int],
) -> None:
    """Register ``innograph import`` with the CLI's ``add`` helper; ``build`` runs the build."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from innograph.ingest.imports import import_file

        _refuse_unused(args)
        options: dict[str, object] = {}
        if args.kind in ("cordis", "table"):  # a CORDIS bundle's filters, either way
            options = {
                "region": args.region,
                "programmes": args.programme or None,
                "since": args.since.isoformat() if args.since else None,
                "until": args.until.isoformat() if args.until else None,
            }
        if args.kind == "table":
            if args.mapping is None:
                _err.print("innograph import table: --mapping file.yarrrml.yml is required")
                return 2
            options = {"mapping": str(args.mapping), **options}
        result = import_file(
            settings.data,
            args.path,
            kind=args.kind,
            name=args.name,
            licence=args.licence,
            options=options,
            replace=args.replace,
        )
        _err.print(
            f"read {args.path.name} as [bold]{result.entry.name}[/] "
            f"({result.rows} rows) into {settings.data / result.entry.file}"
        )
        if result.report_file is not None:
            report = result.report
            _err.print(f"organisations: {report.summary()}")
            for row in report.ambiguous:
                _err.print(f"ambiguous: {row['name']!r} ({row['row']}): {row['candidates']}")
            _err.print(f"review report: {result.report_file}")
        if args.no_build:
            result.rollback.commit()
            _err.print("recorded in data/imports.yaml; `innograph build` publishes it")
            return 0
        refused = (
            f"not imported: the build refused {args.path.name}; data/imports.yaml and "
            "data/imports/ are as they were, and so is the live release"
        )
        before = _live(settings)
        code = 1
        try:
            code = build(args, settings)
        finally:  # kept when published, even if what came after failed (a closed pipe)
            if code == 0 or _live(settings) != before:
                result.rollback.commit()
            else:
                result.rollback.restore()
                _err.print(refused)
        return code

    p = add("import", run, "import a CORDIS bundle, a table (with a mapping) or an RDF file")
    p.add_argument("kind", choices=["cordis", "table", "rdf"], help="what the file is")
    p.add_argument(
        "path", type=Path, help="the file (a CORDIS zip or folder; .csv .xlsx .json; .ttl .nt …)"
    )
    p.add_argument(
        "--mapping", type=Path, help="table: the YARRRML mapping (e.g. data/mappings/*.yml)"
    )
    p.add_argument("--name", required=True, type=_name, help="a short name (lower-case, digits, -)")
    p.add_argument("--data", type=Path, help="curated data directory (default data/)")
    p.add_argument(
        "--licence",
        type=_licence,
        help="the data's licence, an http(s) IRI, e.g. https://creativecommons.org/licenses/by/4.0/",
    )
    p.add_argument(
        "--region",
        help="CORDIS bundle (cordis, or table with its mapping): NUTS prefix, e.g. DEG, DE3, DE4",
    )
    p.add_argument("--programme", action="append", help="CORDIS: H2020 or HORIZON (repeatable)")
    p.add_argument("--since", type=date.fromisoformat, help="CORDIS: projects running since")
    p.add_argument("--until", type=date.fromisoformat, help="CORDIS: projects running until")
    p.add_argument("--no-build", action="store_true", help="record it only; build later")
    p.add_argument("--replace", action="store_true", help="replace the import of the same --name")


def _name(text: str) -> str:
    """``--name``: checked by the manifest's own rule (``manifest.check_name``)."""
    from innograph.ingest.imports.manifest import check_name

    try:
        return check_name(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _licence(text: str) -> str:
    """``--licence``: checked by the manifest's own rule (``manifest.check_licence``)."""
    from innograph.ingest.imports.manifest import check_licence

    try:
        return check_licence(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


_USED_BY = {"--mapping": ("table",), "--region": ("cordis", "table"),
            "--programme": ("cordis", "table"), "--since": ("cordis", "table"),
            "--until": ("cordis", "table")}  # fmt: skip
"""The kinds of import each option applies to."""


def _refuse_unused(args: argparse.Namespace) -> None:
    """Refuse an option the kind of import would ignore (``--mapping`` for a CORDIS bundle)."""
    given = {"--mapping": args.mapping, "--region": args.region, "--programme": args.programme,
             "--since": args.since, "--until": args.until}  # fmt: skip
    unused = [flag for flag, value in given.items() if value and args.kind not in _USED_BY[flag]]
    if unused:
        kinds = " or ".join(_USED_BY[unused[0]])
        raise InvalidParameterError(
            f"innograph import {args.kind} does not use {', '.join(unused)} "
            f"({unused[0]} is for an import of kind {kinds})"
        )
