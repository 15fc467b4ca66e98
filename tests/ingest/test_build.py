"""The build is idempotent, and a broken source or invalid data leaves the store as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from innograph.graph.errors import SourceError, ValidationFailedError
from innograph.graph.store import GraphStore
from innograph.ingest.build import build
from tests.conftest import DATA, N_DOCS


def _dump(store: GraphStore) -> bytes:
    return store.open_current().dump(format=ox.RdfFormat.N_QUADS)


def _canonical(nquads: bytes) -> list[bytes]:
    return sorted(nquads.splitlines())


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_build_publishes_every_graph(built) -> None:
    store, report = built
    assert report.validation.conforms
    assert "https://w3id.org/innograph/ontology" in report.graphs
    assert sum(1 for g in report.graphs if "/id/source/" in g) == N_DOCS
    assert store.current().id == report.release.id


def test_build_twice_yields_the_same_triples(tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    first = build(store, DATA)
    dump1 = _dump(store)
    second = build(store, DATA)
    assert second.unchanged and second.release.id == first.release.id
    assert second.release.path != first.release.path
    assert _canonical(_dump(store)) == _canonical(dump1)


def test_broken_source_names_file_and_line_and_keeps_store(tmp_path: Path, data_copy: Path) -> None:
    store = GraphStore(tmp_path / "store")
    good = build(store, data_copy)
    before = _dump(store)
    catalogue = data_copy / "sources.yaml"
    lines = catalogue.read_text().splitlines()
    broken_at = next(i for i, line in enumerate(lines) if "title_line: 12" in line)
    lines[broken_at] = "  title_line: [12"  # unterminated flow sequence
    catalogue.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceError) as info:
        build(store, data_copy)
    assert str(catalogue) in str(info.value)
    assert info.value.line is not None and abs(info.value.line - (broken_at + 1)) <= 1
    assert store.current().path == good.release.path
    assert _dump(store) == before
    assert not [p for p in store.releases_dir.iterdir() if p.name.startswith(".staging")]


def test_missing_field_names_the_record_line(tmp_path: Path, data_copy: Path) -> None:
    catalogue = data_copy / "sources.yaml"
    text = catalogue.read_text()
    catalogue.write_text(text.replace("  language: de\n", "", 1))
    with pytest.raises(SourceError, match=r"sources\.yaml:\d+: missing required field 'language'"):
        build(GraphStore(tmp_path / "store"), data_copy)


def test_shape_violation_refuses_to_publish(tmp_path: Path, data_copy: Path) -> None:
    store = GraphStore(tmp_path / "store")
    good = build(store, data_copy)
    catalogue = data_copy / "sources.yaml"
    catalogue.write_text(
        catalogue.read_text()
        .replace("  language: en\n", "  language: english\n", 1)
        .replace('{en: "Partners and networks"}', '{english: "Partners and networks"}')
    )
    with pytest.raises((ValidationFailedError, SourceError)) as info:
        build(store, data_copy)
    assert store.current().path == good.release.path
    if isinstance(info.value, ValidationFailedError):
        assert info.value.violations >= 1 and "language" in info.value.report


def test_invalid_data_is_a_validation_failure(tmp_path: Path, data_copy: Path) -> None:
    store = GraphStore(tmp_path / "store")
    good = build(store, data_copy)
    catalogue = data_copy / "sources.yaml"
    catalogue.write_text(catalogue.read_text().replace("lines: 67", "lines: 0", 1))
    with pytest.raises(ValidationFailedError, match="violation") as info:
        build(store, data_copy)
    assert "lineCount" in info.value.report
    assert store.current().path == good.release.path
