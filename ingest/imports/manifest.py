"""``data/imports.yaml``: the files a release is built from besides the curated data.

Each entry names one imported file (kept under ``data/imports/``), its kind, its options and its
SHA-256, so a release is reproducible from ``data/`` alone, and a changed file is noticed::

    - name: cordis-h2020-thueringen
      kind: cordis            # cordis | table | rdf
      file: imports/cordis-h2020.zip
      sha256: 3f…
      imported_at: 2026-11-30T01:00:00+00:00
      licence: https://creativecommons.org/licenses/by/4.0/
      options: {region: DEG, programmes: [H2020]}
    - name: members
      kind: table             # through a YARRRML mapping, recorded with its SHA-256
      file: imports/members.csv
      options: {mapping: mappings/members.yarrrml.yml, mapping_sha256: 9c…}
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import yaml

from innograph.graph.errors import SourceError
from innograph.ingest.datafile import load_records, require

__all__ = [
    "KINDS",
    "MANIFEST",
    "ImportEntry",
    "check_licence",
    "check_name",
    "load_manifest",
    "save_entry",
    "sha256_of",
]

MANIFEST = "imports.yaml"
KINDS = ("cordis", "table", "rdf")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")


@dataclass(frozen=True)
class ImportEntry:
    """One imported file, as the manifest lists it."""

    name: str
    kind: str
    file: str
    sha256: str
    imported_at: str
    licence: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    def path(self, data_dir: Path) -> Path:
        return data_dir / self.file


def check_name(name: str) -> str:
    """``name`` when it may name an import: lower-case letters, digits and ``-``, starting with a
    letter or digit, at most 61 characters (it becomes part of a graph IRI and of file names).

    >>> check_name("cordis-h2020")
    'cordis-h2020'
    >>> check_name("Bad_Name")
    Traceback (most recent call last):
    ...
    ValueError: name 'Bad_Name': lower-case letters, digits and - (at most 61, not starting with -)

    Raises
    ------
    ValueError
        Saying why not.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(
            f"name {name!r}: lower-case letters, digits and - (at most 61, not starting with -)"
        )
    return name


def check_licence(licence: object) -> str:
    """``licence`` when it is an absolute http(s) IRI (the object of ``dcterms:license``).

    >>> check_licence("https://creativecommons.org/licenses/by/4.0/")
    'https://creativecommons.org/licenses/by/4.0/'
    >>> check_licence("CC-BY-4.0")
    Traceback (most recent call last):
    ...
    ValueError: licence 'CC-BY-4.0': give the licence's IRI, http(s)://…, e.g. https://...

    Raises
    ------
    ValueError
        Not a string, not http(s) with a host, or not a valid IRI (spaces, stray characters).
    """
    text = licence if isinstance(licence, str) else ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"licence {licence!r}: give the licence's IRI, http(s)://…, e.g. "
            "https://creativecommons.org/licenses/by/4.0/"
        )
    try:
        ox.NamedNode(text)
    except ValueError as err:
        raise ValueError(f"licence {licence!r} is not an IRI: {err}") from None
    return text


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file (or of a folder's files, in name order), hex."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def load_manifest(data_dir: Path, *, check: bool = True) -> list[ImportEntry]:
    """The manifest's entries (none when there is no manifest).

    Raises
    ------
    SourceError
        A malformed entry, a duplicate name, a missing file, or (with ``check``) a file whose
        SHA-256 is not the one recorded, each at the entry's line.
    """
    path = data_dir / MANIFEST
    if not path.is_file():
        return []
    entries: list[ImportEntry] = []
    for rec in load_records(path):
        name = require(rec, "name")
        licence = rec.get("licence")
        try:
            check_name(name)
            if licence is not None:
                check_licence(licence)
        except ValueError as err:
            raise SourceError(path, rec.line, str(err)) from None
        if any(e.name == name for e in entries):
            raise SourceError(path, rec.line, f"name {name!r} is used twice")
        kind = require(rec, "kind")
        if kind not in KINDS:
            raise SourceError(path, rec.line, f"kind {kind!r}: one of {', '.join(KINDS)}")
        entry = ImportEntry(
            name=name,
            kind=kind,
            file=require(rec, "file"),
            sha256=require(rec, "sha256"),
            imported_at=str(require(rec, "imported_at", (str, object))),
            licence=licence,
            options=dict(rec.get("options") or {}),
            line=rec.line,
        )
        target = entry.path(data_dir)
        if not target.exists():
            raise SourceError(path, rec.line, f"{entry.file}: the imported file is missing")
        if check and sha256_of(target) != entry.sha256:
            raise SourceError(
                path, rec.line, f"{entry.file} changed since it was imported (SHA-256 differs)"
            )
        entries.append(entry)
    return entries


def save_entry(data_dir: Path, entry: ImportEntry) -> None:
    """Add ``entry`` to the end of the manifest, or replace the entry of its name where it stands:
    imports are matched in manifest order (an organisation new in one is found in the next), so
    a replaced import keeps its place and the actors the others matched keep their IRIs."""
    path = data_dir / MANIFEST
    rows = []
    if path.is_file():
        rows = list(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    row = {k: v for k, v in asdict(entry).items() if k != "line" and v not in (None, {})}
    at = next((i for i, r in enumerate(rows) if r.get("name") == entry.name), None)
    if at is None:
        rows.append(row)
    else:
        rows[at] = row
    header = "# Imported files (innograph import): part of every build. See ingest/imports/.\n"
    path.write_text(header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True), "utf-8")
