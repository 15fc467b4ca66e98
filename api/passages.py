"""``/source/{doc}?line=N``: the passage a fact cites — lines N−6 … N+6 of the source document,
the cited line highlighted.

The text is read at request time from the seeds directory (``Settings.sources``,
``INNOGRAPH_SOURCES``); it is never copied into the repository or the store. An imported file
whose lines are its rows (a CSV table, a Turtle file: ``import-<name>``) is shown alike, read from
the data directory's ``imports/`` and checked against the manifest's SHA-256. The file name comes
from the source catalogue (``data/sources.yaml``) by the document's id, never from the request,
so a request can only name a catalogued document. A document that is not a catalogued seed, a
seeds directory without it, a file that is not the catalogued version (its SHA-256) or a line
outside the document is a 404 naming the problem.

>>> passage_href("https://w3id.org/innograph/id/source/thcm-brochure-2012", 602)
'/source/thcm-brochure-2012?line=602'
>>> passage_href("https://w3id.org/innograph/id/source/organisation-registry", 12) is None
True
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from innograph.api.config import Settings
from innograph.api.deps import SettingsDep
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language
from innograph.api.templating import render
from innograph.graph.errors import InnographError, NotFoundError
from innograph.graph.vocab import ID
from innograph.ingest.imports.manifest import MANIFEST, ImportEntry, load_manifest
from innograph.ingest.source_documents import SourceDocument, load_catalogue

__all__ = [
    "CONTEXT",
    "import_documents",
    "passage",
    "passage_href",
    "router",
    "seed_documents",
]

router = APIRouter(tags=["pages"], responses=ERROR_RESPONSES)

CONTEXT = 6
"""Lines shown before and after the cited one."""

_SOURCE = f"{ID}source/"


def seed_documents(data_dir: Path) -> dict[str, SourceDocument]:
    """The catalogued documents whose text is a seed file (not a registry in ``data/``), by id."""
    return _seeds(data_dir.resolve())


@functools.lru_cache(maxsize=4)
def _seeds(data_dir: Path) -> dict[str, SourceDocument]:
    return {d.id: d for d in load_catalogue(data_dir) if d.file and "/" not in d.file}


def import_documents(data_dir: Path) -> dict[str, ImportEntry]:
    """The imported files whose lines are what their facts cite (a CSV table, a Turtle or
    N-Triples file; not a workbook, a JSON file or a bundle of several), by document id
    (``import-<name>``)."""
    manifest = data_dir.resolve() / MANIFEST
    try:
        stamp = manifest.stat().st_mtime_ns
    except OSError:
        return {}
    return _imports(manifest.parent, stamp)


@functools.lru_cache(maxsize=4)
def _imports(data_dir: Path, stamp: int) -> dict[str, ImportEntry]:
    del stamp  # the cache key: a changed manifest is read again
    try:
        entries = load_manifest(data_dir, check=False)
    except InnographError:  # a broken manifest stops the build, not a page
        return {}
    return {
        f"import-{e.name}": e for e in entries if Path(e.file).suffix.lower() in _LINED_SUFFIXES
    }


def passage_href(doc: str, line: int | str | None) -> str | None:
    """The passage view of ``line`` of the source document ``doc`` (an ``id:source/…`` IRI), or
    ``None`` when there is no line or ``doc`` is neither a catalogued seed nor an imported file
    whose lines are its rows (a registry, a workbook).
    """
    if not line or not str(doc).startswith(_SOURCE):
        return None
    doc_id = str(doc)[len(_SOURCE) :]
    data = _served_data()  # the directory the /source route reads: a link only where it answers
    if doc_id not in seed_documents(data) and doc_id not in import_documents(data):
        return None
    return f"/source/{doc_id}?line={int(line)}"


@router.get(
    "/source/{doc}",
    summary="The passage a fact cites: the lines around one line of a source document",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}},
)
def passage(
    doc: str,
    settings: SettingsDep,
    line: Annotated[int, Query(description="the cited line (1-based)")],
) -> HTMLResponse:
    seeds, imports = seed_documents(settings.data), import_documents(settings.data)
    document, imported = seeds.get(doc), imports.get(doc)
    if document is not None:
        lines = _read(settings.sources / document.file, document.sha256 or "", doc, _SEEDS_HINT)
        titles, language = document.titles, document.language or ""
        title = titles.get(current_language()) or titles.get(language)
        title = title or next(iter(titles.values()), doc)
    elif imported is not None:
        lines = _read(settings.data / imported.file, imported.sha256, doc, _IMPORT_HINT)
        title, language = Path(imported.file).name, ""
    else:
        known = sorted([*seeds, *imports])
        raise NotFoundError(f"doc: {doc!r} is not a source document (one of {known})")
    if not 1 <= line <= len(lines):
        raise NotFoundError(f"line: {line} is outside {doc!r}, which has lines 1 to {len(lines)}")
    first, last = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    return HTMLResponse(
        render(
            "passage.html",
            title=title,
            doc=doc,
            document_title=title,
            document_href=f"/id/source/{doc}",
            document_language=language,
            line=line,
            total=len(lines),
            rows=[(n, lines[n - 1]) for n in range(first, last + 1)],
            earlier=max(1, first - CONTEXT - 1) if first > 1 else None,
            later=min(len(lines), last + CONTEXT + 1) if last < len(lines) else None,
        )
    )


def _served_data() -> Path:
    """The data directory the server reads (``INNOGRAPH_DATA``, else the package's ``data/``)."""
    return _data_dir(os.environ.get("INNOGRAPH_DATA"))


@functools.lru_cache(maxsize=4)
def _data_dir(setting: str | None) -> Path:
    return Settings.from_env({"INNOGRAPH_DATA": setting} if setting else {}).data


_SEEDS_HINT = "the sources directory (set INNOGRAPH_SOURCES to the seeds)"
_IMPORT_HINT = "the data directory's imports (INNOGRAPH_DATA)"
_LINED_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".ttl", ".nt", ".nq", ".trig"})


def _read(path: Path, sha256: str, doc: str, where: str) -> list[str]:
    """The document's lines as the parsers number them; 404 when the file is absent or altered."""
    try:
        stat = path.stat()
    except OSError as err:
        raise NotFoundError(f"doc: the text of {doc!r} ({path.name}) is not in {where}") from err
    return list(_lines(path, stat.st_mtime_ns, stat.st_size, sha256))


@functools.lru_cache(maxsize=8)
def _lines(path: Path, mtime_ns: int, size: int, sha256: str) -> tuple[str, ...]:
    del mtime_ns, size  # the cache key: a changed file is read again
    data = path.read_bytes()
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise NotFoundError(
            f"doc: {path.name} is not the catalogued version of the document (SHA-256 differs), "
            "so its lines may not be the cited ones"
        )
    return tuple(data.decode("utf-8-sig", "replace").split("\n"))
