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
from typing import NamedTuple

import httpx

__all__ = [
    "ProcStat",
    "descendants",
    "free_port",
    "innograph_serve",
    "process_table",
    "running",
    "settle",
]

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


class ProcStat(NamedTuple):
    """One process as ``/proc/<pid>/stat`` describes it."""

    ppid: int
    state: str
    cpu: float
    """CPU seconds used so far, user and system."""


def process_table() -> dict[int, ProcStat]:
    """Every process of this machine now, from ``/proc`` (Linux): the one reader the benchmarks
    and the tests share."""
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            table[int(entry)] = ProcStat(
                int(fields[1]), fields[0], (int(fields[11]) + int(fields[12])) / ticks
            )
    return table


def descendants(pid: int, table: dict[int, ProcStat] | None = None) -> list[int]:
    """The living descendants of ``pid`` (children, their children, …)."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for child, stat in table.items():
        children.setdefault(stat.ppid, []).append(child)
    found, todo = [], list(children.get(pid, []))
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its living descendants."""
    table = process_table()
    return sum(table[p].cpu for p in [pid, *descendants(pid, table)] if p in table)


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
