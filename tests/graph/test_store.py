"""Releases are published atomically, followed by readers, and pruned."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from innograph.graph.errors import StoreError
from innograph.graph.store import DB_DIR, GraphStore, StoreHandle


def _release(store: GraphStore, n: int) -> None:
    with store.staging() as staging:
        db = ox.Store(str(staging / DB_DIR))
        db.add(
            ox.Quad(
                ox.NamedNode("http://e/s"),
                ox.NamedNode("http://e/p"),
                ox.Literal(str(n)),
                ox.NamedNode("http://e/g"),
            )
        )
        db.flush()
        del db
        store.publish(staging, {"id": f"{n:064d}", "built_at_compact": f"2026010{n}T000000Z"})


def test_empty_store_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="innograph build"):
        GraphStore(tmp_path).require_current()


def test_publish_switches_and_handle_follows(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    _release(store, 1)
    handle = StoreHandle(store)
    rel1, db1 = handle.get()
    assert [q.object.value for q in db1.quads_for_pattern(None, None, None)] == ["1"]
    _release(store, 2)
    rel2, db2 = handle.get()
    assert rel2.path != rel1.path
    assert [q.object.value for q in db2.quads_for_pattern(None, None, None)] == ["2"]


def test_prune_keeps_newest_and_live(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    for n in range(1, 6):
        _release(store, n)
    names = sorted(p.name for p in store.releases_dir.iterdir())
    assert len(names) == 3
    assert store.current().path.name == names[-1]


def test_failed_staging_is_removed(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    with pytest.raises(RuntimeError), store.staging() as staging:
        (staging / "x").write_text("half")
        raise RuntimeError("boom")
    assert not any(store.releases_dir.iterdir())
    assert store.current() is None


def test_second_build_lock_is_refused(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    with store.build_lock(), pytest.raises(StoreError, match="another build"), store.build_lock():
        pass
