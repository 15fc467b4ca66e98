"""Run SPARQL queries in worker processes that can be killed when they run past their limit.

pyoxigraph cannot cancel a running query from Python, so a timeout that merely stopped
waiting would leave the evaluation burning a core. Each query instead runs in one of a fixed
number of worker processes; on timeout the worker is killed and a fresh one takes its place.
The fixed number of workers is also the cap on concurrent queries.

The worker answers with the complete serialised body, so a client never sees half a result. The
query itself, its checks and its answer are ``graph.query_task``'s (re-exported here; its
docstring has an example). ``QueryPool(size)`` starts ``size`` workers (and spares),
``pool.run(task, timeout)`` answers one ``QueryTask``, ``pool.close()`` stops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from innograph.graph import errors
from innograph.graph.database import Database
from innograph.graph.errors import (
    InnographError,
    OverloadedError,
    QueryError,
    QueryMemoryError,
    QueryTimeoutError,
)
from innograph.graph.query_task import Answer, QueryTask, execute
from innograph.graph.remote import RemoteStore, is_remote
from innograph.graph.sandbox import confine

__all__ = ["Answer", "QueryPool", "QueryTask", "WorkerLimits", "execute"]

_log = logging.getLogger("innograph.executor")


@dataclass(frozen=True)
class WorkerLimits:
    """What a query worker may use (see ``graph.sandbox``).

    ``memory_mb`` caps each worker's heap; ``network`` lets workers open connections (needed for
    a remote store or allow-listed ``SERVICE`` endpoints, and only then).
    """

    memory_mb: int | None = 1024
    network: bool = False


class QueryPool:
    """Worker processes evaluating ``QueryTask``s, each killable, memory-capped and offline.

    ``size`` workers may evaluate at once (the cap on concurrent queries); ``spares`` more are
    kept started and warm, so a worker killed for its time limit is replaced at once, and the
    replacement's start-up is paid in the background, never by the next query. Workers are
    started from one long-lived thread and die with the server (``graph.sandbox``).

    Parameters
    ----------
    size : int
        Number of queries evaluated at once.
    spares : int
        Warm workers kept beyond ``size``.
    queue_wait : float
        How long a request may wait for its turn before ``OverloadedError``.
    limits : WorkerLimits
        Memory cap and network access of every worker.
    """

    def __init__(
        self,
        size: int = 4,
        *,
        spares: int = 1,
        queue_wait: float = 5.0,
        limits: WorkerLimits | None = None,
    ) -> None:
        if size < 1:
            raise ValueError(f"QueryPool size must be at least 1, got {size}")
        self._ctx = mp.get_context("spawn")
        self._slots = threading.BoundedSemaphore(size)
        self._ready: queue.Queue[_Worker] = queue.Queue()
        self._jobs: queue.Queue[_Worker | bool | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.size = size
        self.queue_wait = queue_wait
        self.limits = limits or WorkerLimits()
        self.killed = 0
        self._spawner = threading.Thread(target=self._spawn_loop, name="query-workers", daemon=True)
        self._spawner.start()
        for _ in range(size + spares):
            self._jobs.put(True)

    def run(self, task: QueryTask, timeout: float) -> Answer:
        """Evaluate ``task``; past ``timeout`` s the worker is killed and ``QueryTimeoutError``.

        Raises
        ------
        OverloadedError
            No slot became free within ``queue_wait`` seconds.
        QueryTimeoutError, QueryMemoryError
            The query passed its time limit or the memory cap and was stopped.
        """
        if not self._slots.acquire(timeout=self.queue_wait):
            raise OverloadedError(
                f"all {self.size} query slots are busy (the limit on concurrent queries); "
                "retry shortly"
            )
        try:
            try:
                worker = self._ready.get(timeout=self.queue_wait)
            except queue.Empty as err:
                raise OverloadedError("no query worker is ready; retry shortly") from err
            return self._run_on(worker, task, timeout)
        finally:
            self._slots.release()

    async def arun(self, task: QueryTask, timeout: float) -> Answer:
        """``run`` for an event loop: when a slot and a warm worker are free at once, the answer
        is awaited on the worker's pipe (no thread hop); otherwise ``run`` waits for its turn in
        a thread. Same limits and errors; a cancelled request's worker is killed, so no answer
        is left in its pipe.
        """
        if not self._slots.acquire(blocking=False):
            return await asyncio.to_thread(self.run, task, timeout)
        try:
            try:
                worker = self._ready.get_nowait()
            except queue.Empty:
                worker = None
            if worker is not None:
                return await self._arun_on(worker, task, timeout)
        finally:
            self._slots.release()
        return await asyncio.to_thread(self.run, task, timeout)

    async def _arun_on(self, worker: _Worker, task: QueryTask, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        try:
            worker.conn.send(task)

            def ready() -> None:
                if not readable.done():
                    readable.set_result(None)

            loop.add_reader(fd, ready)
            try:
                await asyncio.wait_for(readable, timeout)
            finally:
                loop.remove_reader(fd)
        except TimeoutError:
            self._retire(worker)
            raise self._timeout_error(timeout) from None
        except asyncio.CancelledError:
            self._retire(worker)
            raise
        except (EOFError, OSError) as err:
            self._retire(worker)
            raise self._memory_error() from err
        return self._answer(worker)

    @staticmethod
    def _timeout_error(timeout: float) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query ran longer than the time limit of {timeout:g} s and was stopped"
        )

    def _memory_error(self) -> QueryMemoryError:
        return QueryMemoryError(
            "the query's worker stopped: the query needed more memory than the limit of "
            f"{self.limits.memory_mb} MB per query (INNOGRAPH_QUERY_MEMORY_MB), or more stack "
            "than the engine has (an expression nested too deeply)"
        )

    def _answer(self, worker: _Worker) -> Answer:
        """Read the worker's reply (it is there) and give the worker back."""
        try:
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as err:
            self._retire(worker)
            raise self._memory_error() from err
        self._ready.put(worker)
        if status == "ok":
            return payload
        code, message = payload
        raise getattr(errors, code, QueryError)(message)

    def _run_on(self, worker: _Worker, task: QueryTask, timeout: float) -> Answer:
        try:
            worker.conn.send(task)
            if not worker.conn.poll(timeout):
                self._retire(worker)
                raise self._timeout_error(timeout)
        except (EOFError, OSError) as err:
            self._retire(worker)
            raise self._memory_error() from err
        return self._answer(worker)

    def warm_up(self, timeout: float = 60.0) -> bool:
        """Wait until ``size`` workers are started and ready; True when they are."""
        deadline = time.monotonic() + timeout
        while self._ready.qsize() < self.size and time.monotonic() < deadline:
            time.sleep(0.02)
        return self._ready.qsize() >= self.size

    def pids(self) -> list[int]:
        """The process ids of the current workers (for tests and monitoring)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker and the thread that starts them."""
        self._closed = True
        self._jobs.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.process.kill()
            w.process.join(5)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` now; its replacement is started (and warmed) in the background."""
        worker.process.kill()
        worker.process.join(1)  # reap at once (the kill is immediate); the spawner waits on
        with self._lock:
            self._all.discard(worker)
            self.killed += 1
        self._jobs.put(worker)

    def _spawn_loop(self) -> None:
        # One long-lived thread starts every worker: PR_SET_PDEATHSIG fires when the *thread*
        # that forked a worker ends, so request threads must not start them.
        while True:
            job = self._jobs.get()
            if job is None or self._closed:
                return
            if isinstance(job, _Worker):  # reap the killed one, then start its replacement
                job.process.join(5)
                with contextlib.suppress(OSError):
                    job.conn.close()
            try:
                worker = self._spawn()
            except OSError as err:
                if self._closed:  # close() stopped the worker that was starting: no failure
                    return
                _log.warning("%s; retrying in 2 s", err)
                time.sleep(2)
                self._jobs.put(True)
                continue
            if worker is not None:
                self._ready.put(worker)

    def _spawn(self) -> _Worker | None:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_worker_main, args=(child, os.getpid(), self.limits), daemon=True
        )
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        with self._lock:
            if self._closed:
                proc.kill()
                return None
            self._all.add(w)
        # Ready means imports done and confinement in force: a query never pays start-up.
        try:
            if not parent.poll(120):
                raise OSError("a query worker did not start within 120 s")
            parent.recv()
        except (OSError, EOFError) as err:
            proc.kill()
            proc.join(1)
            with self._lock:
                self._all.discard(w)
            # an EOFError (the worker ended before it said it was ready) has no message
            reason = str(err) or (
                f"{type(err).__name__}: it ended before it was ready (exit code {proc.exitcode})"
            )
            raise OSError(f"a query worker failed to start: {reason}") from err
        return w


@dataclass(eq=False)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection


def _worker_main(conn: Connection, parent_pid: int, limits: WorkerLimits) -> None:
    confine(
        parent_pid=parent_pid, memory_limit_mb=limits.memory_mb, block_network=not limits.network
    )
    conn.send(("ready", None))
    stores: dict[str, ox.Store] = {}
    remotes: dict[str, RemoteStore] = {}
    db: Database | None
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            db = stores.get(task.db_path)
            if is_remote(task.db_path):
                remote = remotes.setdefault(task.db_path, task.remote or RemoteStore(task.db_path))
                db = remote.open_current()  # the release description is cached for 2 s
            elif db is None:
                stores.clear()  # only the live release stays open
                db = stores[task.db_path] = ox.Store.read_only(task.db_path)
            conn.send(("ok", execute(db, task)))
        except InnographError as err:
            conn.send(("error", (type(err).__name__, str(err))))
        except MemoryError:
            conn.send(("error", ("QueryMemoryError", "the query needed more memory than allowed")))
        except Exception as err:  # report, never die on a bad query
            conn.send(("error", ("QueryError", f"query failed: {err}")))
