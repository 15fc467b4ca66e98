"""``innograph build``: run every ingester, load a fresh release, validate it, publish it.

Nothing reaches readers until the new release has been loaded and has passed SHACL
validation; on any error the previous release stays live and the staging directory is removed.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph, URIRef

from innograph.graph.crosslinks import derive_crosslinks
from innograph.graph.errors import ValidationFailedError
from innograph.graph.remote import RemoteStore
from innograph.graph.stats import discrepancies_by_kind, instances_per_class, triples_per_graph
from innograph.graph.store import DB_DIR, GraphStore, Release
from innograph.graph.validation import ValidationResult, validate_store
from innograph.ingest.registry import INGESTERS, GraphParts, Ingester

__all__ = ["BuildReport", "build", "collect", "to_nquads"]

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
        parts = collect(data_dir, ingesters, say)
        seconds["ingest"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        nquads = to_nquads(parts)
        release_id = hashlib.sha256(nquads).hexdigest()
        dump = staging / "data.nq"
        dump.write_bytes(nquads)
        say(f"loading {nquads.count(NEWLINE)} quads (bulk load)")
        db = ox.Store(str(staging / DB_DIR))
        db.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        dump.unlink()
        seconds["load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        say("deriving cross-links")
        derived = derive_crosslinks(db)
        db.bulk_extend(derived)
        db.flush()
        # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
        derived_nq = cast(bytes, ox.serialize(derived, format=ox.RdfFormat.N_QUADS))
        release_id = hashlib.sha256(nquads + derived_nq).hexdigest()
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


def collect(
    data_dir: Path, ingesters: Sequence[Ingester] = INGESTERS, progress: Progress | None = None
) -> GraphParts:
    """Run the ingesters and merge their output by named graph."""
    merged: GraphParts = {}
    for ingester in ingesters:
        if progress:
            progress(f"ingesting {ingester.name}: {ingester.description}")
        for iri, graph in ingester.run(data_dir).items():
            target = merged.setdefault(iri, Graph())
            target += graph
    return merged


def to_nquads(parts: dict[URIRef, Graph]) -> bytes:
    """Canonical N-Quads of ``parts``: one line per quad, sorted, so equal data gives equal bytes.

    Blank nodes are not allowed (innograph mints IRIs for every node), which is what makes
    the output canonical.
    """
    lines: list[str] = []
    for iri, graph in parts.items():
        suffix = f" <{iri}> ."
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if not line.strip():
                continue
            if "_:" in line and _has_blank_node(line):
                raise ValueError(f"blank node in graph <{iri}>: {line}")
            lines.append(line[: -len(" .")] + suffix)
    lines.sort()
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _has_blank_node(line: str) -> bool:
    return line.startswith("_:") or " _:" in line.split('"', 1)[0]
