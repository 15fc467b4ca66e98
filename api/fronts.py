"""Several server processes ("fronts") on one listening socket, so the server uses every core.

pyoxigraph evaluates a query holding the GIL, and a Python process runs one request's Python at a
time, so one server process answers at most about one core's worth of light queries. With
``INNOGRAPH_FRONTS=N`` (``innograph serve --fronts N``) a supervisor binds the address once and
starts N fronts that accept on it; each is the whole app (pages, API, endpoint)
with its own query workers. What holds for the whole server is divided among them
(:meth:`Settings.per_front`): each client's query budget, requests and queries in flight, the
result cache. Memory grows with N: every front keeps its own analytics of the release.

- A front dies with the supervisor (``PR_SET_PDEATHSIG``), and its query workers with it, so a
  ``kill -9`` of the supervisor leaves nothing running.
- A front that exits is started again; a front that exits within ``_QUICK`` seconds of its
  start ``_QUICK_LIMIT`` times in a row (a broken store, a port taken) stops the server with
  an error instead of a restart loop.
- ``SIGTERM`` / ``SIGINT`` stop the fronts gracefully (uvicorn's shutdown), then any that
  remain after ``_GRACE`` seconds are killed.

Each front listens on its own socket bound with ``SO_REUSEPORT``, so the kernel spreads new
connections over the fronts by their addresses. (One shared socket does not spread them: an event
loop that wakes accepts every waiting connection, so one front took all of a burst.) The
supervisor holds the address bound, without listening, for as long as it runs.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import socket
import time
from dataclasses import replace
from multiprocessing.process import BaseProcess
from types import FrameType

from innograph.api.config import Settings
from innograph.graph.errors import SettingsError
from innograph.graph.sandbox import die_with_parent

__all__ = ["serve_fronts"]

_log = logging.getLogger("innograph.fronts")

_QUICK = 5.0
_QUICK_LIMIT = 3
_GRACE = 10.0
_POLL = 0.2


def serve_fronts(settings: Settings, *, log_level: str = "info") -> int:
    """Bind ``settings.host``:``settings.port`` and run ``settings.fronts`` fronts on it until
    ``SIGTERM`` or ``SIGINT``; the exit status (0, or 1 when fronts kept failing at start).

    Raises
    ------
    SettingsError
        The address cannot be bound (in use, not this machine's, no permission).
    """
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(message)s")
    try:
        sock = _bind(settings.host, settings.port, listen=False)  # the address, held
    except OSError as err:
        raise SettingsError(
            f"cannot serve on {settings.host}:{settings.port}: {err.strerror or err}"
        ) from None
    settings = replace(settings, port=sock.getsockname()[1])  # port 0: the one the kernel gave
    ctx = mp.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    fronts: list[tuple[BaseProcess, float]] = []
    quick_exits = [0] * settings.fronts  # per front, exits in a row within _QUICK of its start
    status = 0
    try:
        for i in range(settings.fronts):
            fronts.append(_start(ctx, i, settings, log_level))
        while not stopping:
            time.sleep(_POLL)
            for i, (proc, started) in enumerate(fronts):
                if proc.is_alive() or stopping:
                    continue
                quick = time.monotonic() - started < _QUICK
                quick_exits[i] = quick_exits[i] + 1 if quick else 0
                _log.warning("front %d exited with status %s", i, proc.exitcode)
                if quick_exits[i] >= _QUICK_LIMIT:
                    _log.error("fronts keep exiting at start: stopping the server")
                    stopping, status = True, 1
                    break
                fronts[i] = _start(ctx, i, settings, log_level)
    finally:
        _stop([proc for proc, _ in fronts])
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status


def _bind(host: str, port: int, *, listen: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say so (else every
    # response waits out the client's delayed ACK, 40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if listen:
        sock.listen(2048)
    return sock


def _start(
    ctx: mp.context.SpawnContext, index: int, settings: Settings, level: str
) -> tuple[BaseProcess, float]:
    proc = ctx.Process(
        target=_front,
        args=(os.getpid(), index, settings, level),
        name=f"innograph-front-{index}",
        daemon=False,
    )
    proc.start()
    return proc, time.monotonic()


def _stop(procs: list[BaseProcess]) -> None:
    for proc in procs:
        if proc.is_alive() and proc.pid is not None:
            os.kill(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + _GRACE
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join()


def _front(parent_pid: int, index: int, settings: Settings, level: str) -> None:
    """One front: the whole app on its own socket of the address, with its share of the
    limits."""
    die_with_parent(parent_pid)
    sock = _bind(settings.host, settings.port, listen=True)
    import uvicorn

    from innograph.api.app import create_app
    from innograph.api.server import run_server, server_config

    app = create_app(settings.per_front(), front=index, freeze=True)
    config = server_config(app, settings, log_level=level)  # configures uvicorn's logging
    host, port = sock.getsockname()[:2]
    logging.getLogger("uvicorn.error").info(
        "innograph front %d listening on http://%s:%d", index, host, port
    )
    run_server(uvicorn.Server(config), [sock])
