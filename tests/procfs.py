"""What ``/proc`` says about processes, for tests of real server processes (Linux only), read
by ``bench.processes.process_table``."""

from __future__ import annotations

from bench.processes import process_table

__all__ = ["alive", "children_cpu"]


def children_cpu(pid: int) -> dict[int, float]:
    """The direct children of ``pid``, each with the CPU seconds it has used so far."""
    return {child: stat.cpu for child, stat in process_table().items() if stat.ppid == pid}


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    stat = process_table().get(pid)
    return stat is not None and stat.state != "Z"
