"""Run SPARQL queries in worker processes that can be killed when they run past their limit.

pyoxigraph cannot cancel a running query from Python, so a timeout that merely stopped
waiting would leave the evaluation burning a core. Each query instead runs in one of a fixed
number of worker processes; on timeout the worker is killed and a fresh one takes its place.
The fixed number of workers is also the cap on concurrent queries.

The worker answers with the complete serialised body, so a client never sees half a result.

Examples
--------
>>> import pyoxigraph as ox
>>> db = ox.Store()
>>> answer = execute(db, QueryTask(query="SELECT (1 AS ?one) {}", select_format="csv"))
>>> answer.body, answer.kind, answer.rows
(b'one\\r\\n1\\r\\n', 'select', 1)
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox

from innograph.graph import errors
from innograph.graph.errors import (
    InnographError,
    NotAcceptableError,
    OverloadedError,
    QueryError,
    QueryTimeoutError,
)
from innograph.graph.remote import RemoteStore, is_remote
from innograph.graph.results import write_rows
from innograph.graph.sparql import kind_of, run_query, serialize, serialize_graph

__all__ = ["Answer", "QueryPool", "QueryTask", "execute"]


@dataclass(frozen=True)
class QueryTask:
    """One query request, as far as evaluation is concerned (picklable)."""

    query: str
    db_path: str = ""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    select_format: str | None = "json"
    graph_format: str | None = "turtle"
    max_rows: int = 10_000
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """A fully serialised result."""

    body: bytes
    kind: str
    format: str
    rows: int
    truncated: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def execute(db: ox.Store, task: QueryTask) -> Answer:
    """Evaluate ``task`` on ``db`` and serialise the result in the negotiated format.

    Raises
    ------
    QueryError, QueryRefusedError
        From ``graph.sparql.run_query``.
    NotAcceptableError
        The result's kind (rows, boolean, graph) has no acceptable format.
    """
    result = run_query(
        db,
        task.query,
        default_graphs=None if task.default_graphs is None else list(task.default_graphs),
        named_graphs=None if task.named_graphs is None else list(task.named_graphs),
        base_iri=task.base_iri,
    )
    kind = kind_of(result)
    if kind == "graph":
        if task.graph_format is None:
            raise NotAcceptableError(
                "the query returns a graph (CONSTRUCT/DESCRIBE), but no RDF format is acceptable"
            )
        triples = list(itertools.islice(result, task.max_rows + 1))
        truncated = len(triples) > task.max_rows
        triples = triples[: task.max_rows]
        fmt = task.graph_format
        body = serialize_graph(triples, fmt)
        return Answer(body, kind, fmt, len(triples), truncated)
    if task.select_format is None:
        raise NotAcceptableError(
            "the query returns rows or a boolean (SELECT/ASK), but no results format is acceptable"
        )
    if kind == "ask":
        return Answer(serialize(result, task.select_format), kind, task.select_format, 1)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in itertools.islice(result, task.max_rows + 1):
        rows.append([solution[v] for v in variables])
    truncated = len(rows) > task.max_rows
    rows = rows[: task.max_rows]
    body = write_rows(variables, rows, task.select_format, truncated=truncated)
    return Answer(body, kind, task.select_format, len(rows), truncated)


class QueryPool:
    """A fixed set of worker processes evaluating ``QueryTask``s against on-disk stores.

    Parameters
    ----------
    size : int
        Number of workers, i.e. the cap on concurrently evaluated queries.
    queue_wait : float
        How long a request may wait for a free worker before ``OverloadedError``.
    """

    def __init__(self, size: int = 4, *, queue_wait: float = 5.0) -> None:
        if size < 1:
            raise ValueError(f"QueryPool size must be at least 1, got {size}")
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.size = size
        self.queue_wait = queue_wait
        self.killed = 0
        for _ in range(size):
            self._idle.put(self._spawn())

    def run(self, task: QueryTask, timeout: float) -> Answer:
        """Evaluate ``task``; raise ``QueryTimeoutError`` (worker killed) past ``timeout`` s."""
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty as err:
            raise OverloadedError(
                f"all {self.size} query workers are busy (the limit on concurrent queries); "
                f"retry shortly"
            ) from err
        try:
            worker.conn.send(task)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                worker = None
                raise QueryTimeoutError(
                    f"the query ran longer than the time limit of {timeout:g} s and was stopped"
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as err:
            self._replace(worker)
            worker = None
            raise InnographError(f"the query worker died: {err}") from err
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        code, message = payload
        raise getattr(errors, code, QueryError)(message)

    def warm_up(self, timeout: float = 60.0) -> None:
        """Wait until every idle worker has started (imports done), so first queries are fast."""
        workers = []
        while True:
            try:
                workers.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for w in workers:
            w.conn.send(None)
            w.conn.poll(timeout)
            w.conn.recv()
            self._idle.put(w)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            for w in list(self._all):
                w.process.kill()
                w.process.join(5)
            self._all.clear()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child,), daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        with contextlib.suppress(OSError):
            worker.conn.close()
        with self._lock:
            self._all.discard(worker)
            self.killed += 1
        self._idle.put(self._spawn())


@dataclass(eq=False)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection


def _worker_main(conn: Connection) -> None:
    stores: dict[str, ox.Store] = {}
    remotes: dict[str, RemoteStore] = {}
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:  # warm-up ping
            conn.send(("ok", None))
            continue
        try:
            db = stores.get(task.db_path)
            if is_remote(task.db_path):
                remote = remotes.setdefault(task.db_path, RemoteStore(task.db_path))
                db = remote.open_current()  # the release description is cached for 2 s
            elif db is None:
                stores.clear()  # only the live release stays open
                db = stores[task.db_path] = ox.Store.read_only(task.db_path)
            conn.send(("ok", execute(db, task)))
        except InnographError as err:
            conn.send(("error", (type(err).__name__, str(err))))
        except Exception as err:  # report, never die on a bad query
            conn.send(("error", ("QueryError", f"query failed: {err}")))
