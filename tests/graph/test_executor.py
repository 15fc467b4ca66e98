"""The query pool awaited from an event loop: same answers and limits as ``run``, and a worker
whose request is cancelled is killed, so no stale answer waits in its pipe."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import json
import logging
import os
import signal
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from innograph.graph.errors import QueryTimeoutError
from innograph.graph.executor import QueryPool, QueryTask

T = TypeVar("T")

SELECT = (
    "PREFIX ig: <https://w3id.org/innograph/ontology#> "
    "SELECT ?doc WHERE { ?doc a ig:SourceDocument } ORDER BY ?doc"
)
# Five-way cross product of every triple: far beyond any time limit on any store.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"


@pytest.fixture(scope="module")
def pool() -> Iterator[QueryPool]:
    p = QueryPool(1, spares=1)
    assert p.warm_up(120)
    yield p
    p.close()


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: another test (a browser driver) may have left an
    event loop running in this one."""
    with cf.ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()


def _task(store, query: str) -> QueryTask:
    return QueryTask(query=query, db_path=str(store.current().db_path))


def test_awaited_answer_is_the_threaded_one(pool: QueryPool, store) -> None:
    task = _task(store, SELECT)
    awaited = _run(pool.arun(task, 30))
    assert awaited == pool.run(task, 30)
    assert len(json.loads(awaited.body)["results"]["bindings"]) > 3


def test_timeout_kills_the_worker_and_the_pool_answers_on(pool: QueryPool, store) -> None:
    killed = pool.killed
    with pytest.raises(QueryTimeoutError, match="1 s"):
        _run(pool.arun(_task(store, EXPENSIVE), 1))
    assert pool.killed == killed + 1
    assert _run(pool.arun(_task(store, SELECT), 60)).rows > 3


def test_a_cancelled_request_kills_its_worker(pool: QueryPool, store) -> None:
    async def cancel_soon() -> None:
        job = asyncio.ensure_future(pool.arun(_task(store, EXPENSIVE), 60))
        await asyncio.sleep(0.5)
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job

    killed = pool.killed
    _run(cancel_soon())
    assert pool.killed == killed + 1
    answer = _run(pool.arun(_task(store, SELECT), 60))  # not the cancelled one's answer
    assert "bindings" in json.loads(answer.body)["results"]


def test_with_every_slot_busy_a_request_waits_its_turn(pool: QueryPool, store) -> None:
    async def two_at_once() -> list[int]:
        answers = await asyncio.gather(
            pool.arun(_task(store, SELECT), 60), pool.arun(_task(store, SELECT), 60)
        )
        return [a.rows for a in answers]

    rows = _run(two_at_once())  # one slot: the second waits in a thread for the first
    assert rows[0] == rows[1] > 3


def _starting(pool: QueryPool) -> int:
    """The pid of a worker that is started but not yet ready (its imports take a while)."""
    deadline = time.monotonic() + 30
    while not pool.pids():
        assert time.monotonic() < deadline, "no worker was started"
        time.sleep(0.005)
    return pool.pids()[0]


def test_a_worker_that_dies_while_starting_is_logged_with_a_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression: the log said "a query worker failed to start: ; retrying" (an EOFError has no
    message)."""
    pool = QueryPool(1, spares=0)
    try:
        with caplog.at_level(logging.WARNING, logger="innograph.executor"):
            os.kill(_starting(pool), signal.SIGKILL)
            deadline = time.monotonic() + 30
            while not caplog.records and time.monotonic() < deadline:
                time.sleep(0.01)
        (record,) = caplog.records
        message = record.getMessage()
        assert "failed to start: EOFError" in message and "exit code -9" in message, message
    finally:
        pool.close()


def test_closing_the_pool_while_a_worker_starts_logs_no_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression: shutting the server down logged "a query worker failed to start: ; retrying"."""
    pool = QueryPool(1, spares=0)
    with caplog.at_level(logging.WARNING, logger="innograph.executor"):
        _starting(pool)
        pool.close()
        pool._spawner.join(10)
    assert not pool._spawner.is_alive()
    assert not [r for r in caplog.records if "failed to start" in r.getMessage()]
