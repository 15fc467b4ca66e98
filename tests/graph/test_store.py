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
        meta = {"id": f"{n:064d}", "built_at_compact": f"2026010{n}T000000Z",
                "triples": 1, "graphs": {"http://e/g": 1}}  # fmt: skip
        store.publish(staging, meta)


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


def _objects(db) -> list[str]:
    return [q.object.value for q in db.quads_for_pattern(None, None, None)]


def test_a_small_release_is_served_from_memory_and_a_new_one_at_once(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    _release(store, 1)
    handle = StoreHandle(store, memory_quads=10)
    first = handle.served()  # at once, read on disk: the copy is made on another thread
    assert not first.in_memory and _objects(first.db) == ["1"]
    assert handle.wait_for_copy(timeout=60)
    rel1, db1, in_memory = handle.served()
    assert in_memory and rel1.path == first.release.path and _objects(db1) == ["1"]
    _release(store, 2)
    # the new release is served at once, read on disk, while it is copied in the background
    rel, db = handle.get()
    assert rel.path != rel1.path and _objects(db) == ["2"]
    assert handle.wait_for_copy(timeout=60)
    rel2, db2 = handle.get()
    assert rel2.path == rel.path and _objects(db2) == ["2"] and handle.in_memory
    assert db2 is not db  # now the copy
    _objects(db1)  # the previous copy is still readable by whoever holds it


def test_a_release_over_the_limit_or_with_copies_off_is_read_on_disk(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    _release(store, 1)
    for limit in (0, 1):  # off; the release has 1 quad, which fits 1 but not 0
        handle = StoreHandle(store, memory_quads=limit)
        handle.get()
        handle.wait_for_copy(timeout=60)
        _, db, in_memory = handle.served()
        assert in_memory is (limit == 1) and _objects(db) == ["1"]
    on_disk = StoreHandle(store, memory_quads=0).get()[1]
    with pytest.raises(RuntimeError, match="read-write"):  # a release on disk is read-only
        on_disk.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"),
                            ox.Literal("x"), ox.NamedNode("http://e/g")))  # fmt: skip


def test_the_copy_holds_every_quad_and_answers_like_the_disk(store) -> None:
    from innograph.graph.store import in_memory_copy
    from innograph.graph.vocab import PREFIXES

    release = store.require_current()
    disk, copy = release.open(), in_memory_copy(release)
    assert set(copy) == set(disk) and len(copy) == len(disk)
    ordered = (
        "SELECT ?c ?n WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } ORDER BY ?c ?n",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    )
    for query in ordered:
        answers = [
            list(db.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
            for db in (disk, copy)
        ]
        assert [list(r) for r in answers[0]] == [list(r) for r in answers[1]] and answers[0]
