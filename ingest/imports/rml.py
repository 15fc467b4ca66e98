"""Tables through declarative mappings: YARRRML executed by morph-kgc, an established RML engine.

``map_tables`` reads the input (one table, or a zip or folder holding the files the mapping
names), checks every table itself (``ingest.imports.tables``: file, row and column in every
message), checks the mapping against the tables (a rule referring to a column the file lacks is
refused naming the rule and the column; a key column empty or repeated names the row), writes
normalised copies with ``__row`` and the engine's copy of the mapping (``ingest.imports.yarrrml``)
into a temporary folder, and runs the engine **in its own virtualenv** as a subprocess
(``rml_runner.py`` with ``.venv/rml/bin/python``; morph-kgc pins pyoxigraph 0.3 and rdflib < 7.3,
innograph runs pyoxigraph 0.5). Its N-Quads come back into the import's graph: literals trimmed,
typed literals checked (a bad number or date names the row), and the subjects of the mapping's
organisation rules resolved against the registry with ``ingest.imports.matching`` (a matched
organisation keeps its registry IRI; the review report lists matched, ambiguous and new).

A CORDIS bundle can be filtered before the engine runs (``keep``: region, programmes, dates, the
same ``ingest.imports.cordis.ProjectFilter`` as ``innograph import cordis``): the checked tables
keep only the rows of the kept projects (with their original rows), so the engine maps those.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.term import Node

from innograph.graph.errors import SettingsError, SourceError
from innograph.graph.vocab import IG, RDF, RDFS, SCHEMA
from innograph.ingest.datafile import web_address
from innograph.ingest.imports.cordis import (
    ORGANISATION_FILE,
    PROJECT_FILE,
    ProjectFilter,
    kept_project_ids,
)
from innograph.ingest.imports.mapping import ReviewReport
from innograph.ingest.imports.matching import Matcher
from innograph.ingest.imports.tables import ROW, Table, read_table, write_copy
from innograph.ingest.imports.yarrrml import ORGANISATION_ROW, Mapping, load_mapping

__all__ = ["ENGINE_ENV", "TableImport", "engine_python", "map_tables"]

ENGINE_ENV = "INNOGRAPH_RML_PYTHON"
"""Names the engine's Python; default ``<innograph's venv>/rml/bin/python`` (``make rml``)."""

_RUNNER = Path(__file__).with_name("rml_runner.py")
_TIMEOUT = 1800


@dataclass
class TableImport:
    """The engine's statements for an import, the records read and the organisations' review;
    ``phases``: seconds spent checking the tables (``check``, filter and copies included), in the
    engine's subprocess (``engine``), reading its N-Quads back (``load``) and resolving the
    organisations (``resolution``); ``engine_peak_mb``: the engine process's own peak RSS."""

    graph: Graph
    rows: int
    report: ReviewReport
    statements: int
    phases: dict[str, float] = field(default_factory=dict)
    engine_peak_mb: float | None = None


def engine_python() -> Path:
    """The Python of the RML engine's virtualenv.

    Raises
    ------
    SettingsError
        It is not installed (``make rml`` creates it).
    """
    configured = os.environ.get(ENGINE_ENV)
    python = Path(configured) if configured else Path(sys.prefix) / "rml" / "bin" / "python"
    if not python.is_file():
        raise SettingsError(
            f"the RML engine is not installed at {python}: `make rml` creates .venv/rml "
            f"(morph-kgc in a virtualenv of its own), or set {ENGINE_ENV}"
        )
    return python


def map_tables(
    path: Path,
    mapping_file: Path,
    doc: URIRef,
    matcher: Matcher,
    *,
    keep: ProjectFilter | None = None,
) -> TableImport:
    """Map the table(s) at ``path`` with the YARRRML ``mapping_file`` into the graph ``doc``.

    Parameters
    ----------
    keep : ProjectFilter, optional
        For a mapping of a CORDIS bundle (it reads ``project.csv`` and ``organization.csv``):
        map only the projects the filter keeps, with all their participations. ``rows`` still
        counts every record read.

    Raises
    ------
    SourceError
        A table cannot be read, lacks a column a rule uses, has an empty or repeated key, the
        mapping is broken, or the engine fails; naming the file, the rule, the row and the column
        where they apply. A filter for a mapping that reads no CORDIS bundle.
    SettingsError
        The engine is not installed.
    """
    started = time.perf_counter()
    mapping = load_mapping(mapping_file)
    tables = {name: read_table(data, where, suffix)
              for name, (data, where, suffix) in _inputs(path, mapping).items()}  # fmt: skip
    _check(mapping, tables)
    rows_read = sum(len(t.rows) for t in tables.values())
    if not rows_read:
        first = next(iter(tables.values()))
        raise SourceError(first.where, 1, "a header but no rows: nothing to import")
    if keep:
        _filter_projects(mapping, tables, keep)
    python = engine_python()
    with tempfile.TemporaryDirectory(prefix="innograph-rml-") as tmp:
        folder = Path(tmp)
        copies = {name: (write_copy(t, folder / f"table-{i}.{t.format}"), t.format)
                  for i, (name, t) in enumerate(tables.items())}  # fmt: skip
        views = {name: write_copy(t, folder / f"view-{i}.csv", "csv")
                 for i, (name, t) in enumerate(tables.items())
                 if any(r.is_view and name in r.files for r in mapping.rules.values())}  # fmt: skip
        engine_mapping = mapping.engine_copy(copies, views, str(doc), folder / "mapping.yml")
        out = folder / "out.nq"
        config = folder / "config.ini"
        config.write_text(
            "[CONFIGURATION]\noutput_format=N-QUADS\nlogging_level=ERROR\nna_values=,nan,None\n"
            f"[import]\nmappings={engine_mapping}\n",
            encoding="utf-8",
        )
        engine_started = time.perf_counter()
        proc = subprocess.run(
            [str(python), str(_RUNNER), str(config), str(out)],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
        )
        if proc.returncode != 0:
            raise _engine_error(mapping, proc.stderr)
        load_started = time.perf_counter()
        engine_peak_mb = _engine_peak_mb(proc.stdout)
        graph = Graph()
        try:
            graph.parse(out, format="nt")
        except ParserError as err:  # e.g. a template made an IRI of a text with spaces
            raise SourceError(
                mapping.path, None, f"the engine wrote a statement that is not RDF ({err}); "
                "is an object a template that should be a literal (~literal)?"
            ) from None  # fmt: skip
    statements = len(graph)
    _tidy_literals(graph, mapping, tables)
    resolution_started = time.perf_counter()
    report = ReviewReport()
    _resolve(graph, mapping, tables, matcher, report)
    phases = {
        "check": engine_started - started,
        "engine": load_started - engine_started,
        "load": resolution_started - load_started,
        "resolution": time.perf_counter() - resolution_started,
    }
    return TableImport(graph, rows_read, report, statements, phases, engine_peak_mb)


def _engine_peak_mb(stdout: str) -> float | None:
    """The runner's own peak RSS, from the JSON line it prints last."""
    try:
        info = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return None
    kb = info.get("peak_rss_kb") if isinstance(info, dict) else None
    return kb / 1024 if isinstance(kb, int) else None


def _inputs(path: Path, mapping: Mapping) -> dict[str, tuple[bytes, str, str]]:
    """The mapping's file name → (bytes, how to name it, suffix) for every file it reads."""
    names = mapping.files
    if not names:
        raise SourceError(mapping.path, 1, "the mapping reads no file")
    if not path.exists():
        raise SourceError(path, None, "no such file")
    if path.is_dir():
        missing = [n for n in names if not (path / n).is_file()]
        if missing:
            raise SourceError(path, None, f"the folder has no {', '.join(missing)}")
        return {n: ((path / n).read_bytes(), str(path / n), Path(n).suffix) for n in names}
    if path.suffix.lower() == ".zip":
        if path.stat().st_size == 0:
            raise SourceError(path, None, "the file is empty (0 bytes)")
        try:
            with zipfile.ZipFile(path) as bundle:
                members = {Path(m).name: m for m in bundle.namelist() if not m.endswith("/")}
                missing = [n for n in names if n not in members]
                if missing:
                    found = ", ".join(sorted(members)) or "nothing"
                    raise SourceError(
                        path, None, f"the zip has no {', '.join(missing)} (it holds {found})"
                    )
                return {n: (bundle.read(members[n]), f"{path}:{n}", Path(n).suffix) for n in names}
        except zipfile.BadZipFile as err:
            raise SourceError(path, None, f"not a zip file: {err}") from None
    if len(names) != 1:
        raise SourceError(
            path, None, f"the mapping reads {len(names)} files ({', '.join(names)}): "
            "give a zip or a folder holding them"
        )  # fmt: skip
    # one table: it stands for the mapping's one file, whatever its format (CSV, XLSX, JSON)
    return {names[0]: (path.read_bytes(), str(path), path.suffix)}


def _check(mapping: Mapping, tables: dict[str, Table]) -> None:
    for rule in mapping.rules.values():
        for name in rule.files:
            table = tables[name]
            if rule.is_view:
                continue
            missing = sorted(rule.references - set(table.columns) - {ROW})
            if missing:
                hint = ""
                if len(table.columns) == 1:  # nothing split the header
                    hint = "; the header is one column: separate columns with , ; or tab"
                raise SourceError(
                    table.where, 1,
                    f"column(s) {', '.join(missing)} missing: rule {rule.name!r} "
                    f"({mapping.path.name}:{rule.line}) refers to them; the file has "
                    f"{', '.join(table.columns)}{hint}",
                )  # fmt: skip
            for column in sorted(rule.whole_iris):
                _check_iris(table, column, rule.name)
    for name, columns in mapping.columns.items():
        if name not in tables:
            raise SourceError(mapping.path, None, f"innograph.columns: no rule reads {name!r}")
        absent = [c for c in columns if c not in tables[name].columns]
        if absent:
            table = tables[name]
            hint = ""
            if len(table.columns) == 1:  # nothing split the header
                hint = f" (the header is one column, {table.columns[0][:60]!r}: use , ; or tab)"
            raise SourceError(table.where, 1, f"missing column(s): {', '.join(absent)}{hint}")
    for name, columns in mapping.keys.items():
        if name not in tables:
            raise SourceError(mapping.path, None, f"innograph.keys: no rule reads {name!r}")
        _check_key(tables[name], columns)


def _filter_projects(mapping: Mapping, tables: dict[str, Table], keep: ProjectFilter) -> None:
    """Keep the rows of the projects ``keep`` keeps in ``project.csv`` and ``organization.csv``."""
    if PROJECT_FILE not in tables or ORGANISATION_FILE not in tables:
        raise SourceError(
            mapping.path, None, "--region, --programme, --since and --until filter a CORDIS "
            f"bundle: the mapping must read {PROJECT_FILE} and {ORGANISATION_FILE}"
        )  # fmt: skip
    projects, organisations = tables[PROJECT_FILE], tables[ORGANISATION_FILE]
    for table, column in ((projects, "id"), (organisations, "projectID"),
                          (organisations, "nutsCode")):  # fmt: skip
        if column not in table.columns:
            raise SourceError(table.where, 1, f"missing column {column} (the filter reads it)")
    kept = kept_project_ids(keep, projects.rows, organisations.rows, project_file=projects.where)
    projects.rows = [(n, rec) for n, rec in projects.rows if rec["id"] in kept]
    organisations.rows = [(n, rec) for n, rec in organisations.rows if rec["projectID"] in kept]


def _check_iris(table: Table, column: str, rule: str) -> None:
    """Every value of ``column`` an IRI as it stands (a scheme; for http(s) a host; no spaces)."""
    for row, rec in table.rows:
        value = rec.get(column, "")
        if not value:
            continue
        parts = urlsplit(value)
        web = parts.scheme.lower() in ("http", "https")
        if not parts.scheme or (web and not parts.netloc) or any(c.isspace() for c in value):
            example = f"https://{value}" if not parts.scheme and "//" not in value else "https://…"
            raise SourceError(
                table.where, row,
                f"column {column}: {value!r} is no IRI (write it whole, e.g. {example}); "
                f"rule {rule!r} makes an IRI of it",
            )  # fmt: skip


def _check_key(table: Table, columns: list[str]) -> None:
    absent = [c for c in columns if c not in table.columns]
    if absent:
        raise SourceError(table.where, 1, f"key column(s) {', '.join(absent)} missing")
    seen: dict[tuple[str, ...], int] = {}
    for row, rec in table.rows:
        key = tuple(rec[c] for c in columns)
        for column, value in zip(columns, key, strict=True):
            if not value:
                raise SourceError(table.where, row, f"column {column}: empty (a key column)")
        if key in seen:
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(columns, key, strict=True))
            raise SourceError(table.where, row, f"{shown} already at row {seen[key]}")
        seen[key] = row


def _engine_error(mapping: Mapping, stderr: str) -> SourceError:
    lines = [ln for ln in stderr.strip().splitlines() if ln.startswith("{")]
    try:
        info = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        info = {}
    if not info:
        return SourceError(mapping.path, None, f"the RML engine failed: {stderr.strip()[-800:]}")
    rules = _failed_rules(mapping, info.get("rules") or [])
    line = mapping.rules[rules[0]].line if rules else None
    which = f"rule {', '.join(repr(r) for r in rules)}: " if rules else ""
    return SourceError(mapping.path, line, f"{which}the RML engine failed: {info.get('error')}")


def _failed_rules(mapping: Mapping, maps: list[dict[str, str]]) -> list[str]:
    """The rules behind the engine's failing triples maps: a view names its rule in a comment;
    another rule is known by its file and the references of its subject."""
    found: dict[str, None] = {}
    for tm in maps:
        source, subject = tm.get("source", ""), tm.get("subject", "")
        m = re.match(r"-- innograph rule: (.+)\n", source)
        if m:
            found[m.group(1)] = None
            continue
        refs = set(re.findall(r"\{([^}]+)\}", subject))
        for rule in mapping.rules.values():
            if not rule.is_view and rule.subject_references == refs:
                found[rule.name] = None
    return [r for r in found if r in mapping.rules]


def _tidy_literals(graph: Graph, mapping: Mapping, tables: dict[str, Table]) -> None:
    """Trim literals; a typed literal that is not of its type names its row."""
    where = next(iter(tables.values())).where if len(tables) == 1 else str(mapping.path)
    for s, p, o in list(graph):
        if p == SCHEMA.url:
            web_address(str(o), where, _first_row(graph, s))  # http(s) with a host, or refused
        if not isinstance(o, Literal):
            continue
        if o.ill_typed:
            said = f"the mapping's {graph.qname(str(p))} of {s}"
            raise SourceError(
                where, _first_row(graph, s), f"{str(o)!r} is not a valid {o.datatype} ({said})"
            )
        text = str(o).strip()
        if text != str(o):
            graph.remove((s, p, o))
            if text:
                graph.add((s, p, Literal(text, lang=o.language, datatype=o.datatype)))


def _first_row(graph: Graph, s: Node) -> int | None:
    rows = sorted(int(str(r)) for r in graph.objects(s, IG.sourceLine) if str(r).isdigit())
    return rows[0] if rows else None


def _resolve(
    graph: Graph, mapping: Mapping, tables: dict[str, Table], matcher: Matcher, report: ReviewReport
) -> None:
    """Registry IRIs for the subjects of the organisation rules; the others stay new actors."""
    marker = URIRef(ORGANISATION_ROW)
    rows: dict[Node, list[int]] = {}
    for s, _, o in graph.triples((None, marker, None)):
        rows.setdefault(s, []).append(int(str(o)))
    graph.remove((None, marker, None))
    if not rows:
        return
    spec = mapping.organisations[0]
    table = tables[mapping.rules[spec["rule"]].files[0]]
    renamed: dict[Node, URIRef] = {}
    for s in sorted(rows, key=lambda n: min(rows[n])):
        row = min(rows[s])
        rec = table.record(row)
        name = rec.get(spec["name"], "")
        key = rec.get(spec.get("key", ""), "")
        m = matcher.match(name, short_name=rec.get(spec.get("short_name", ""), ""),
                          source_id=key, url=rec.get(spec.get("url", ""), ""))  # fmt: skip
        report.add_row(key or name, name, f"{table.where}:{row}", m)
        if m.status == "matched" and m.iri is not None:
            renamed[s] = m.iri
    for old, new in renamed.items():
        for p in (RDF.type, RDFS.label, SCHEMA.url):  # the registry's type, names and website
            graph.remove((old, p, None))
        for pred, obj in list(graph.predicate_objects(old)):
            graph.remove((old, pred, obj))
            graph.add((new, pred, obj))
        for subj, pred in list(graph.subject_predicates(old)):
            graph.remove((subj, pred, old))
            graph.add((subj, pred, new))
