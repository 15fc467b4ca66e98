"""``innograph build``: run every ingester, load a fresh release, validate it, publish it.

Nothing reaches readers until the new release has been loaded and has passed SHACL
validation; on any error the previous release stays live and the staging directory is removed.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from innograph.graph.crosslinks import derive_crosslinks
from innograph.graph.errors import ValidationFailedError
from innograph.graph.remote import RemoteStore
from innograph.graph.stats import discrepancies_by_kind, instances_per_class, triples_per_graph
from innograph.graph.store import DB_DIR, GraphStore, Release
from innograph.graph.validation import ValidationResult, validate_store
from innograph.ingest.quads import QuadFile, sha256_files, sort_unique
from innograph.ingest.registry import INGESTERS, Ingester

__all__ = ["BuildReport", "build", "canonical_nquads", "write_sources"]

Progress = Callable[[str], None]
NEWLINE = b"\n"


@dataclass
class BuildReport:
    """What a build produced and how long each step took."""

    release: Release
    triples: int
    graphs: dict[str, int]
    classes: dict[str, int]
    validation: ValidationResult
    unchanged: bool
    seconds: dict[str, float] = field(default_factory=dict)
    discrepancies: dict[str, int] = field(default_factory=dict)
    """Disagreements in and between the documents, by kind (``ig:discrepancyKind``)."""


def build(
    store: GraphStore | RemoteStore,
    data_dir: Path,
    *,
    ingesters: Sequence[Ingester] = INGESTERS,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every named graph from ``data_dir`` into a new release of ``store``.

    A remote store (``RemoteStore``) is built like a local one in a temporary directory — load,
    derive, validate — and only then published to the server graph by graph.

    Raises
    ------
    SourceError
        An ingester could not read its source (names the file and line).
    ValidationFailedError
        The data violates the SHACL shapes; nothing was published.
    StoreError
        Another build holds the store.
    """
    say = progress or (lambda _msg: None)
    if isinstance(store, RemoteStore):
        return _build_remote(store, data_dir, ingesters, say)
    seconds: dict[str, float] = {}
    with store.build_lock(), store.staging() as staging:
        t0 = time.perf_counter()
        raw = staging / "raw.nq"
        with QuadFile(raw) as out:
            write_sources(out, data_dir, ingesters, say)
        seconds["ingest"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        dump = staging / "data.nq"
        quads = sort_unique(raw, dump, tmp_dir=staging)
        raw.unlink()
        say(f"loading {quads} quads (bulk load)")
        db = ox.Store(str(staging / DB_DIR))
        db.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        seconds["load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        say("deriving cross-links")
        derived = staging / "derived.nq"
        derived.write_bytes(canonical_nquads(derive_crosslinks(db)))
        db.bulk_load(path=str(derived), format=ox.RdfFormat.N_QUADS)
        db.flush()
        release_id = sha256_files(dump, derived)
        dump.unlink()
        derived.unlink()
        seconds["derive"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        say("validating against ontology/shapes.ttl")
        validation = validate_store(db)
        seconds["validate"] = time.perf_counter() - t0
        if not validation.conforms:
            raise ValidationFailedError(validation.report, validation.violations)

        graphs = triples_per_graph(db)
        classes = instances_per_class(db)
        discrepancies = discrepancies_by_kind(db)
        del db  # closes the database before the directory is renamed

        previous = store.current()
        now = time.gmtime()
        triples = sum(graphs.values())
        meta = {
            "id": release_id,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", now),
            "built_at_compact": time.strftime("%Y%m%dT%H%M%SZ", now),
            "triples": triples,
            "graphs": graphs,
            "classes": classes,
            "discrepancies": discrepancies,
            "validation": validation.to_dict(),
            "ingesters": [i.name for i in ingesters],
            "seconds": {k: round(v, 3) for k, v in seconds.items()},
        }
        release = store.publish(staging, meta)
    say(f"published release {release.name}")
    return BuildReport(
        release=release,
        triples=triples,
        graphs=graphs,
        classes=classes,
        validation=validation,
        unchanged=previous is not None and previous.id == release_id,
        seconds=seconds,
        discrepancies=discrepancies,
    )


def _build_remote(
    remote: RemoteStore, data_dir: Path, ingesters: Sequence[Ingester], say: Progress
) -> BuildReport:
    previous = remote.current(max_age=0)
    with tempfile.TemporaryDirectory(prefix="innograph-remote-build-") as tmp:
        local = GraphStore(tmp)
        report = build(local, data_dir, ingesters=ingesters, progress=say)
        db = report.release.open()
        t0 = time.perf_counter()
        graphs: dict[str, bytes] = {}
        for name in report.graphs:
            triples = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in db.quads_for_pattern(None, None, None, ox.NamedNode(name))
            ]
            graphs[name] = cast(bytes, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        say(f"publishing {len(graphs)} graphs to {remote.base}")
        meta = dict(report.release.meta)
        release = remote.publish(graphs, meta)
        report.seconds["publish"] = time.perf_counter() - t0
    report.release = release  # type: ignore[assignment]
    report.unchanged = previous is not None and previous.id == release.id
    return report


def write_sources(
    out: QuadFile,
    data_dir: Path,
    ingesters: Sequence[Ingester] = INGESTERS,
    progress: Progress | None = None,
) -> None:
    """Run the ingesters one by one into ``out``; each one's graphs are dropped once written.

    An ingester that can ``stream`` writes into ``out`` itself and holds nothing.
    """
    for ingester in ingesters:
        if progress:
            progress(f"ingesting {ingester.name}: {ingester.description}")
        if ingester.stream is not None:
            ingester.stream(data_dir, out)
            continue
        parts = ingester.run(data_dir)
        while parts:
            iri, graph = parts.popitem()
            out.write_graph(iri, graph)
            del graph


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads of ``quads`` by pyoxigraph's serialiser, one line per quad, sorted bytewise and each
    line once: the same form ``sort_unique`` gives a whole file.

    >>> q = ox.Quad(ox.NamedNode("https://e.org/s"), ox.NamedNode("https://e.org/p"),
    ...             ox.Literal("x"), ox.NamedNode("https://e.org/g"))
    >>> canonical_nquads([q, q])
    b'<https://e.org/s> <https://e.org/p> "x" <https://e.org/g> .\\n'
    """
    text = cast(bytes, ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS))
    lines = sorted(set(text.splitlines()))
    return b"".join(line + NEWLINE for line in lines)
