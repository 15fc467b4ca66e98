"""What ``/proc`` says about processes, for tests of real server processes (Linux only)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["alive", "children_cpu"]


def children_cpu(pid: int) -> dict[int, float]:
    """The direct children of ``pid``, each with the CPU seconds it has used so far."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
