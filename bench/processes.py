"""Start a real server process on 127.0.0.1 and wait until it answers: the one helper the tests
and the benchmarks share (innograph's own server, ``oxigraph serve``, an installed wheel's)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = ["free_port", "innograph_serve", "running", "settle"]

STARTUP_LIMIT = 120.0
"""Seconds a server may take to answer its first request (generous: CI is a busy 2-core box)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def innograph_serve(
    store: Path | str, port: int, *, executable: Sequence[str] | None = None
) -> list[str]:
    """The command line of ``innograph serve`` on ``store`` and ``port``."""
    base = list(executable or [sys.executable, "-m", "innograph.api.cli"])
    return [*base, "serve", "--store", str(store), "--port", str(port), "--log-level", "warning"]


@contextmanager
def running(
    cmd: Sequence[str],
    ready_url: str,
    *,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    capture: bool = True,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` until the block ends; enter once ``ready_url`` answers any HTTP status.

    Raises
    ------
    RuntimeError
        When the process exits first (with its output) or does not answer in time.
    """
    # Output goes to a file, not a pipe: a pipe nobody reads blocks a chatty server.
    log = tempfile.TemporaryFile() if capture else None  # noqa: SIM115 (closed in finally)
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT if capture else None,
    )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            if proc.poll() is not None:
                text = ""
                if log is not None:
                    log.seek(0)
                    text = log.read().decode(errors="replace")
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}:\n{text}")
            try:
                httpx.get(ready_url, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{ready_url} did not answer in {STARTUP_LIMIT} s") from None
                time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not None:
            log.close()


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and its living descendants, from ``/proc``."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            stats[int(entry)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        if current in stats:
            total += (int(stats[current][11]) + int(stats[current][12])) / ticks
        todo.extend(children.get(current, []))
    return total


def settle(pid: int, *, busy: float = 0.05, window: float = 1.0, limit: float = 120.0) -> float:
    """Wait until the process ``pid`` and its descendants use less than ``busy`` of a core over
    ``window`` seconds (a server done with its start-up work: workers spawned, copies loaded);
    the seconds waited. Raises ``RuntimeError`` after ``limit`` seconds."""
    started = time.monotonic()
    before = _tree_cpu(pid)
    while True:
        time.sleep(window)
        after = _tree_cpu(pid)
        if after - before < busy * window:
            return time.monotonic() - started
        if time.monotonic() - started > limit:
            raise RuntimeError(f"process {pid} still busy after {limit} s")
        before = after
