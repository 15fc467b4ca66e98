"""The embedded Oxigraph store on disk, as a sequence of immutable releases.

Layout of a store directory (default ``var/store``)::

    var/store/
      current -> releases/20261122T101500Z-3fa9c2e1d0b4   (symlink, switched atomically)
      releases/20261122T101500Z-3fa9c2e1d0b4/
        oxigraph/        the RocksDB database, written once by ``bulk_load``
        release.json     id, build time, triple counts, validation result

A build writes a fresh release beside the live one, validates it, and only then swaps the
``current`` link with one ``rename(2)``; a failed build leaves ``current`` untouched. Readers
(the server, ``innograph query``) open releases read-only and notice a new ``current``.

Examples
--------
>>> import tempfile
>>> store = GraphStore(tempfile.mkdtemp())
>>> store.current() is None
True
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

import pyoxigraph as ox

from innograph.graph.database import Database
from innograph.graph.errors import StoreError
from innograph.graph.remote import RemoteRelease, RemoteStore, is_remote

__all__ = [
    "DB_DIR",
    "GraphStore",
    "LiveRelease",
    "Release",
    "Served",
    "StoreHandle",
    "in_memory_copy",
    "open_store",
]

DB_DIR = "oxigraph"
_META = "release.json"
_CURRENT = "current"
_log = logging.getLogger("innograph")
_RELEASES = "releases"


@dataclass(frozen=True)
class Release:
    """One published, immutable version of the graph."""

    path: Path
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Content hash of the release's quads: equal data, equal id."""
        return str(self.meta.get("id", self.path.name))

    @property
    def name(self) -> str:
        return self.path.name

    @functools.cached_property
    def db_path(self) -> Path:
        return self.path / DB_DIR

    def open(self) -> ox.Store:
        """Open the release's database read-only (safe while other processes read it too)."""
        try:
            return ox.Store.read_only(str(self.db_path))
        except OSError as err:
            raise StoreError(f"cannot open release {self.path}: {err}") from err


LiveRelease = Release | RemoteRelease
"""The release a ``StoreHandle`` serves: embedded, or published in a remote store."""


class GraphStore:
    """A store directory holding releases and the ``current`` link."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"GraphStore({str(self.root)!r})"

    @property
    def releases_dir(self) -> Path:
        return self.root / _RELEASES

    def current(self) -> Release | None:
        """The live release, or ``None`` when nothing has been built yet."""
        link = self.root / _CURRENT
        try:
            target = os.readlink(link)
        except OSError:
            return None
        path = (self.root / target).resolve()
        return Release(path, _read_meta(path))

    def require_current(self) -> Release:
        """The live release; raises ``StoreError`` with the fix when there is none."""
        release = self.current()
        if release is None:
            raise StoreError(
                f"no graph has been built in {self.root} yet; run `innograph build` "
                f"(or `make build`) first"
            )
        return release

    def open_current(self) -> ox.Store:
        """Open the live release read-only."""
        return self.require_current().open()

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh release directory to build into; removed again if the block raises."""
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        self.sweep_stale_staging()
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        path = self.releases_dir / f".staging-{stamp}-{os.getpid()}"
        path.mkdir()
        try:
            yield path
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise

    def sweep_stale_staging(self) -> list[Path]:
        """Remove staging directories left by builds that were killed (their process is gone).

        Returns the directories removed. A staging directory is named
        ``.staging-<time>-<pid>``; one whose pid is alive belongs to a running build and stays.
        """
        removed = []
        for path in self.releases_dir.glob(".staging-*"):
            pid_text = path.name.rsplit("-", 1)[-1]
            if pid_text.isdigit() and _alive(int(pid_text)):
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        return removed

    def publish(self, staged: Path, meta: dict[str, Any], *, keep: int = 3) -> Release:
        """Make ``staged`` the live release atomically, then prune old releases.

        ``meta`` is written to the release's ``release.json``; it must hold an ``id``.
        """
        base = f"{meta['built_at_compact']}-{meta['id'][:12]}"
        final = self.releases_dir / base
        n = 0
        while final.exists():  # two builds within one second: never overwrite a release
            n += 1
            final = self.releases_dir / f"{base}-{n}"
        (staged / _META).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        staged.rename(final)
        tmp_link = self.root / f".{_CURRENT}-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp_link.unlink()
        tmp_link.symlink_to(Path(_RELEASES) / final.name)
        os.replace(tmp_link, self.root / _CURRENT)
        self.prune(keep=keep)
        return Release(final, meta)

    def prune(self, *, keep: int = 3) -> list[Path]:
        """Remove all but the ``keep`` newest releases (never the live one); return what went."""
        if not self.releases_dir.is_dir():
            return []
        live = self.current()
        done = sorted(p for p in self.releases_dir.iterdir() if not p.name.startswith("."))
        removed = []
        for path in done[:-keep] if keep else done:
            if live is not None and path.resolve() == live.path:
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        return removed

    @contextlib.contextmanager
    def build_lock(self) -> Iterator[None]:
        """Hold an exclusive lock so that two builds never interleave."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".build.lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise StoreError(f"another build is running on {self.root}") from err
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def open_store(
    location: str | os.PathLike[str],
    *,
    query_path: str = "/query",
    data_path: str = "/store",
    user: str = "",
    password: str = "",
    auth: str = "digest",
) -> GraphStore | RemoteStore:
    """The store at ``location``: an embedded store directory, or an ``http(s)://`` SPARQL server
    (paths and credentials apply to a server only).

    >>> open_store("http://127.0.0.1:7878")
    RemoteStore('http://127.0.0.1:7878')
    """
    if is_remote(location):
        return RemoteStore(
            str(location),
            query_path=query_path,
            data_path=data_path,
            user=user,
            password=password,
            auth=auth,
        )
    return GraphStore(location)


class Served(NamedTuple):
    """What a ``StoreHandle`` serves at one moment."""

    release: LiveRelease
    db: Database
    in_memory: bool
    """Whether ``db`` is the release's in-memory copy (else it is read on disk, or remote)."""


class StoreHandle:
    """A read-only handle on a store's live release that follows ``current`` to new releases.

    Cheap to call ``get()`` per request: it reads one symlink and reopens only on change.

    A release of at most ``memory_quads`` quads is served from an in-memory copy of it: the same
    quads, read ≈ 2.5× faster than through RocksDB (a light query: 34 µs instead of 85 µs). A
    release is served at once, read on disk, while its copy is made in a background thread
    (``wait_for_copy`` waits for it), and from memory once the copy is complete. Without
    ``ORDER BY``, which rows a ``LIMIT`` keeps is the engine's choice, and the copy's order is not
    the disk's: ``served()`` says which one a database is, so answers can be told apart. A
    release whose copy fails, or a larger one, is read on disk. ``0`` never copies.
    """

    def __init__(self, store: GraphStore | RemoteStore, *, memory_quads: int = 0) -> None:
        self.store = store
        self.memory_quads = memory_quads
        self._lock = threading.Lock()
        self._release: LiveRelease | None = None
        self._db: Database | None = None
        self._target: str | None = None
        self._link = None if isinstance(store, RemoteStore) else str(store.root / _CURRENT)
        self._in_memory = False
        self._copying: tuple[str | None, threading.Thread] | None = None  # the next release's

    @property
    def in_memory(self) -> bool:
        """Whether the served release is read from its in-memory copy."""
        return self._in_memory

    def get(self) -> tuple[LiveRelease, Database]:
        """The live release and an open read-only database for it (a ``RemoteDb`` for a remote
        store)."""
        served = self.served()
        return served.release, served.db

    def served(self) -> Served:
        """The live release, its open database and whether that is the in-memory copy, taken
        together (``get`` without the last)."""
        if isinstance(self.store, RemoteStore):
            current = self.store.current()
            target = current.id if current is not None else None
        else:
            try:
                target = os.readlink(cast(str, self._link))
            except OSError:
                target = None
        with self._lock:
            if self._release is None or self._db is None or target != self._target:
                release = self.store.require_current()
                self._serve(release, target, release.open(), False)  # its data at once
                if isinstance(release, Release) and self._fits(release):
                    thread = threading.Thread(
                        target=self._copy_then_serve, args=(release, target),
                        name="release-copy", daemon=True,
                    )  # fmt: skip
                    self._copying = (target, thread)
                    thread.start()  # never on the caller's thread: it may be an event loop
            return Served(
                cast(LiveRelease, self._release), cast(Database, self._db), self._in_memory
            )

    def wait_for_copy(self, timeout: float | None = None) -> bool:
        """Wait until the copy of a new release is complete and served (or ``timeout`` s pass);
        whether the served release is read from memory then."""
        copying = self._copying
        if copying is not None:
            copying[1].join(timeout)
        return self._in_memory

    def _fits(self, release: Release) -> bool:
        return 0 < _quads(release) <= self.memory_quads

    def _serve(self, release: LiveRelease, target: str | None, db: Database, memory: bool) -> None:
        self._release, self._db, self._target, self._in_memory = release, db, target, memory

    def _copy_then_serve(self, release: Release, target: str | None) -> None:
        try:
            copy = in_memory_copy(release)
        except (OSError, ValueError, SyntaxError, MemoryError, StoreError) as err:
            _log.warning("release %s stays on disk: its in-memory copy failed: %s",
                         release.name, err)  # fmt: skip
            copy = None
        with self._lock:
            if copy is not None and self._target == target:  # still the live release
                self._serve(release, target, copy, True)
            if self._copying is not None and self._copying[0] == target:
                self._copying = None


def in_memory_copy(release: Release) -> ox.Store:
    """The release's quads in a new in-memory store (dumped and loaded by the engine).

    >>> import tempfile
    >>> store = GraphStore(tempfile.mkdtemp())
    >>> quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
    ...                ox.Literal("o"), ox.NamedNode("http://example.org/g"))
    >>> with store.staging() as staged:
    ...     ox.Store(str(staged / DB_DIR)).extend([quad])
    ...     release = store.publish(staged, {"id": "x", "built_at_compact": "20260101T000000Z"})
    >>> list(in_memory_copy(release)) == [quad]
    True
    """
    quads = release.open().dump(format=ox.RdfFormat.N_QUADS)
    copy = ox.Store()
    copy.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
    return copy


def _quads(release: Release) -> int:
    """The release's quad count as its build recorded it (``0`` when unknown)."""
    triples = release.meta.get("triples")
    return triples if isinstance(triples, int) else 0


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return json.loads((path / _META).read_text())
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
