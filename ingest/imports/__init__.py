"""Bring your own data: imported files as named graphs of their own, part of every build.

``import_file`` (and ``innograph import``) copies a file under ``data/imports/``, records it in
``data/imports.yaml`` and writes the review report of its organisations; the build then ingests
every manifest entry through ``ingest_imports`` into the graph ``…/id/source/import-<name>``,
described as an ``ig:SourceDocument`` (file name, SHA-256, import time, row count, licence), with
every fact derived from it and carrying its row. A broken file stops the build naming the file,
the row and the column; the live release stays.

Kinds: ``cordis`` (a CORDIS project bundle, ``ingest.imports.cordis``), ``table`` (CSV, XLSX or
JSON through a YARRRML mapping that morph-kgc executes in its own virtualenv,
``ingest.imports.rml``; the mapping is recorded with its SHA-256 too) and ``rdf`` (Turtle, TriG,
N-Triples, JSON-LD: all its triples into the import's graph, checked by the same SHACL shapes).
A CORDIS bundle's ``region``, ``programmes``, ``since`` and ``until`` (manifest options) filter
it alike through ``cordis`` and through ``table`` with the CORDIS mapping.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from rdflib import Dataset, Graph, Literal, URIRef

from innograph.graph.errors import InvalidParameterError, SourceError
from innograph.graph.vocab import DCTERMS, IG, RDF, XSD
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.imports.cordis import ProjectFilter, nothing_kept, read_bundle
from innograph.ingest.imports.manifest import (
    MANIFEST,
    ImportEntry,
    check_licence,
    check_name,
    load_manifest,
    save_entry,
    sha256_of,
)
from innograph.ingest.imports.mapping import ReviewReport, map_cordis
from innograph.ingest.imports.matching import Matcher, imported_actors
from innograph.ingest.imports.rml import map_tables
from innograph.ingest.imports.rollback import Rollback, remove_path
from innograph.ingest.resolution import Resolver
from innograph.ingest.source_documents import source_iri

__all__ = ["ImportResult", "import_file", "import_graph_iri", "ingest_imports"]

_OX_SYNTAX = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
              "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS}  # fmt: skip
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
               ".jsonld": "json-ld", ".json": "json-ld"}  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    """What ``import_file`` did: the manifest entry, the rows read, the review report and the
    seconds of each phase (``check``: reading, checking and filtering the input; ``engine``: the
    RML engine; ``load``: its statements read back; ``resolution``: the registry loaded and the
    organisations matched; ``map``: a CORDIS bundle's records to statements, matching included;
    ``record``: the description, the copy and the manifest); the RML engine's own peak RSS."""

    entry: ImportEntry
    rows: int
    report: ReviewReport
    report_file: Path | None
    phases: dict[str, float] = field(default_factory=dict)
    engine_peak_mb: float | None = None
    rollback: Rollback = field(default_factory=Rollback)
    """What the import wrote under ``data/``, to ``restore()`` if the build refuses it."""


def import_graph_iri(name: str) -> URIRef:
    """The named graph (and ``ig:SourceDocument``) of the import ``name``."""
    return source_iri(f"import-{name}")


def import_file(
    data_dir: Path,
    source: Path,
    *,
    kind: str,
    name: str,
    licence: str | None = None,
    options: dict[str, Any] | None = None,
    replace: bool = False,
) -> ImportResult:
    """Copy ``source`` into ``data_dir``/imports/, check that it maps, record it in the manifest
    and write its review report. The next build publishes it; if that build fails,
    ``result.rollback.restore()`` puts ``data_dir`` back as it was.

    Raises
    ------
    InvalidParameterError
        ``name`` or ``licence`` the manifest would refuse (``manifest.check_name``,
        ``check_licence``); nothing is read or recorded.
    SourceError
        The file is missing or cannot be read or mapped (file, row and column named), a CORDIS
        bundle's filters keep none of its projects, or an import of that ``name`` exists and
        ``replace`` is not given; nothing is recorded.
    """
    try:
        check_name(name)
        if licence is not None:
            check_licence(licence)
    except ValueError as err:
        raise InvalidParameterError(str(err)) from None
    options = {k: v for k, v in (options or {}).items() if v not in (None, (), [])}
    if not source.exists():
        raise SourceError(source, None, "no such file or directory")
    if kind == "rdf" and source.is_dir():
        raise SourceError(source, None, "is a directory: give one RDF file (.ttl .trig .nt …)")
    manifest = load_manifest(data_dir, check=False)
    earlier = next((e for e in manifest if e.name == name), None)
    if earlier is not None and not replace:
        raise SourceError(
            data_dir / MANIFEST,
            earlier.line,
            f"an import named {name!r} exists ({earlier.file}); give --replace to replace it, "
            "or another --name",
        )
    target = data_dir / "imports" / source.name
    mapping_source = None
    if kind == "table":
        mapping_source, options = _table_mapping(data_dir, name, options)
    entry = ImportEntry(
        name=name,
        kind=kind,
        file=str(target.relative_to(data_dir)),
        sha256=sha256_of(source),
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        licence=licence,
        options=options,
    )
    before = manifest[: manifest.index(earlier)] if earlier is not None else manifest
    _, matcher = _map_all(data_dir, before)  # knows the organisations new in earlier imports
    # a file that does not map, or maps to no project, fails here: before anything is recorded
    graph, rows, report, phases = _map(data_dir, entry, source, mapping_source, matcher)
    keep = _project_filter(options)
    if keep and not any(graph.subjects(RDF.type, IG.FundedProject)):
        raise SourceError(source, None, _why_nothing_kept(keep, source))
    engine_peak_mb = phases.pop("engine_peak_mb", None)
    recording = time.perf_counter()
    rollback = Rollback()
    rollback.keep(data_dir / MANIFEST)
    rollback.keep(data_dir / "imports" / f"{name}.review.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    if mapping_source is not None:
        mapping_target = data_dir / str(options["mapping"])
        if mapping_source.resolve() != mapping_target.resolve():
            rollback.keep(mapping_target)
            shutil.copyfile(mapping_source, mapping_target)
    if earlier is not None and (data_dir / earlier.file).resolve() != target.resolve():
        rollback.keep(data_dir / earlier.file)  # the replaced import's file goes
        remove_path(data_dir / earlier.file)
    if source.resolve() != target.resolve():
        rollback.keep(target)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)
    save_entry(data_dir, entry)
    report_file = None
    if kind == "cordis" or (kind == "table" and report.matched + report.ambiguous + report.new):
        report_file = data_dir / "imports" / f"{name}.review.yaml"
        body = {"summary": report.summary(), "matched": report.matched,
                "ambiguous": report.ambiguous, "new": report.new}  # fmt: skip
        report_file.write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True), "utf-8")
    phases["record"] = phases.get("record", 0.0) + time.perf_counter() - recording
    return ImportResult(entry, rows, report, report_file, phases, engine_peak_mb, rollback)


def ingest_imports(data_dir: Path) -> dict[URIRef, Graph]:
    """The build's ingester: one named graph per manifest entry."""
    graphs, _ = _map_all(data_dir, load_manifest(data_dir))
    return graphs


def _map_all(data_dir: Path, entries: list[ImportEntry]) -> tuple[dict[URIRef, Graph], Matcher]:
    """The graphs of ``entries``, mapped in manifest order, and the one matcher they were matched
    with: the registry's organisations and, as each import is mapped, the actors it made of its
    own, so that each import is matched against the imports before it."""
    graphs: dict[URIRef, Graph] = {}
    matcher = _matcher(data_dir)
    for entry in entries:
        graph, _, _, _ = _map(data_dir, entry, entry.path(data_dir), matcher=matcher)
        graphs[import_graph_iri(entry.name)] = graph
        matcher.add_imported(imported_actors(graph, matcher.iris, f"import-{entry.name}"))
    return graphs, matcher


def _table_mapping(
    data_dir: Path, name: str, options: dict[str, Any]
) -> tuple[Path, dict[str, Any]]:
    """The mapping file given for a ``table`` import, and the options that record it: its path
    inside ``data_dir`` (a mapping from elsewhere is copied to imports/<name>.<file name>) and its
    SHA-256."""
    if "mapping" not in options:
        raise SourceError(name, None, "a table import needs a mapping (--mapping file.yarrrml.yml)")
    given = Path(str(options["mapping"]))
    if not given.is_file():
        raise SourceError(given, None, "no such mapping file")
    try:
        rel = given.resolve().relative_to(data_dir.resolve())
    except ValueError:
        rel = Path("imports") / f"{name}.{given.name}"
    return given, {**options, "mapping": rel.as_posix(), "mapping_sha256": sha256_of(given)}


def _map(
    data_dir: Path,
    entry: ImportEntry,
    path: Path,
    mapping: Path | None = None,
    matcher: Matcher | None = None,
) -> tuple[Graph, int, ReviewReport, dict[str, float]]:
    """The import's graph, the rows read, the review report and the seconds of each phase; its
    organisations are matched with ``matcher`` (``_map_all``'s: the registry and the earlier
    imports' actors), else against the registry alone."""
    doc = import_graph_iri(entry.name)
    b = GraphBuilder(doc)
    report = ReviewReport()
    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    if entry.kind == "cordis":
        keep = _project_filter(entry.options)
        bundle = read_bundle(
            path, region=keep.region, programmes=keep.programmes, since=keep.since,
            until=keep.until,
        )  # fmt: skip
        t1 = time.perf_counter()
        matcher = matcher or _matcher(data_dir)
        t2 = time.perf_counter()
        map_cordis(b, bundle, matcher, report)
        phases = {"check": t1 - t0, "resolution": t2 - t1, "map": time.perf_counter() - t2}
        rows = bundle.rows_read
    elif entry.kind == "table":
        mapping = mapping or _recorded_mapping(data_dir, entry)
        matcher = matcher or _matcher(data_dir)
        t1 = time.perf_counter()
        result = map_tables(path, mapping, doc, matcher, keep=_project_filter(entry.options))
        t2 = time.perf_counter()
        for triple in result.graph:
            b.graph.add(triple)
        phases = dict(result.phases)
        if result.engine_peak_mb is not None:
            phases["engine_peak_mb"] = result.engine_peak_mb  # not a phase: import_file takes it
        phases["resolution"] = phases.get("resolution", 0.0) + t1 - t0
        phases["load"] = phases.get("load", 0.0) + time.perf_counter() - t2
        rows, report = result.rows, result.report
    else:
        rows = _read_rdf(b, path)
        phases = {"load": time.perf_counter() - t0}
    t3 = time.perf_counter()
    _describe(b, entry, path, rows)
    phases["record"] = time.perf_counter() - t3
    return b.graph, rows, report, phases


def _matcher(data_dir: Path) -> Matcher:
    return Matcher.from_data(data_dir, Resolver.from_data(data_dir).orgs)


def _recorded_mapping(data_dir: Path, entry: ImportEntry) -> Path:
    where = data_dir / MANIFEST
    rel = entry.options.get("mapping")
    if not rel:
        raise SourceError(where, entry.line, f"{entry.name}: a table import needs options.mapping")
    path = data_dir / str(rel)
    if not path.is_file():
        raise SourceError(where, entry.line, f"{rel}: the mapping file is missing")
    if entry.options.get("mapping_sha256") not in (None, sha256_of(path)):
        raise SourceError(where, entry.line, f"{rel} changed since it was imported (SHA-256)")
    return path


def _read_rdf(b: GraphBuilder, path: Path) -> int:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise SourceError(path, None, f"unknown RDF file type {path.suffix!r}; use one of {known}")
    if path.stat().st_size == 0:
        raise SourceError(path, None, "the file is empty (0 bytes)")
    if fmt in _OX_SYNTAX:  # Oxigraph's parser names the line and column of a syntax error
        try:
            for _ in ox.parse(path=str(path), format=_OX_SYNTAX[fmt]):
                pass
        except SyntaxError as err:
            raise SourceError(path, err.lineno, f"not {fmt}: {err.msg}") from None
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib's parsers raise many kinds; name the file and position
        line = getattr(err, "lines", None) or getattr(err, "line", None)
        raise SourceError(
            path, line if isinstance(line, int) else None, f"not {fmt}: {err}"
        ) from None
    n = 0
    for s, p, o, _ in ds.quads((None, None, None, None)):
        b.graph.add((s, p, o))
        n += 1
    if n == 0:
        raise SourceError(path, None, "no triples in the file")
    return n


def _describe(b: GraphBuilder, entry: ImportEntry, path: Path, rows: int) -> None:
    doc = b.doc
    b.add(doc, RDF.type, IG.SourceDocument)
    b.add(doc, DCTERMS.title, Literal(f"Import {entry.name} ({path.name})", lang="en"))
    b.add(doc, DCTERMS.language, Literal("en"))
    b.add(doc, IG.fileName, Literal(path.name))
    b.add(doc, IG.sha256, Literal(entry.sha256))
    b.add(doc, IG.rowCount, Literal(rows, datatype=XSD.integer))
    b.add(doc, IG.importedAt, Literal(entry.imported_at, datatype=XSD.dateTime))
    if entry.licence:
        b.add(doc, DCTERMS.license, URIRef(entry.licence))


def _why_nothing_kept(keep: ProjectFilter, source: Path) -> str:
    try:
        return nothing_kept(keep, read_bundle(source))
    except SourceError:  # a table import's files that the CORDIS reader does not take
        return "the filters (--region, --programme, --since, --until) keep no project"


def _project_filter(options: dict[str, Any]) -> ProjectFilter:
    """The recorded ``region``, ``programmes``, ``since`` and ``until`` of a CORDIS bundle."""
    return ProjectFilter(
        region=options.get("region") or None,
        programmes=tuple(options.get("programmes") or ()),
        since=_day(options.get("since")),
        until=_day(options.get("until")),
    )


def _day(value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SourceError("data/imports.yaml", None, f"{value!r} is not a date") from None
