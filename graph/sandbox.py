"""Least privilege for query workers: die with the server, a memory cap, no network.

A query worker calls :func:`confine` once, first thing:

- ``PR_SET_PDEATHSIG``: the kernel kills the worker when the server's thread that started it
  ends (the pool starts workers from one long-lived thread), so a ``kill -9`` of the server
  leaves no worker computing on;
- ``RLIMIT_DATA``: heap and anonymous memory are capped, so an ``ORDER BY`` over a cross product
  fails inside its worker instead of growing it without bound;
- a seccomp filter (through the system's ``libseccomp``) that makes ``socket(AF_INET/AF_INET6)``
  fail with ``EACCES`` when no federated endpoint is allowed: whatever the query says, the worker
  cannot open a connection.

Each step reports whether it took effect (``Confinement``), so tests and the server's start-up
log can tell; on a system without ``prctl`` or ``libseccomp`` a step is skipped, not faked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import socket
from dataclasses import dataclass

__all__ = ["Confinement", "confine", "die_with_parent", "network_blocked"]

_PR_SET_PDEATHSIG = 1
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_ACT_ERRNO = 0x00050000
_SCMP_CMP_EQ = 4


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


@dataclass(frozen=True)
class Confinement:
    """Which restrictions are in force in this process."""

    dies_with_parent: bool
    memory_limit_bytes: int | None
    network_blocked: bool


def confine(*, parent_pid: int, memory_limit_mb: int | None, block_network: bool) -> Confinement:
    """Restrict the calling process (a query worker); see the module docstring.

    Parameters
    ----------
    parent_pid : int
        The server's pid; if it is already gone, the worker exits at once.
    memory_limit_mb : int or None
        Cap on the worker's data segment (heap and anonymous mappings); ``None`` for none.
    block_network : bool
        Make IPv4/IPv6 sockets impossible for the rest of the process's life.
    """
    dies = die_with_parent(parent_pid)
    limit = None
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    blocked = _block_network() if block_network else False
    return Confinement(dies, limit, blocked)


def network_blocked() -> bool:
    """True when this process cannot open an IPv4 socket (used by tests and the start-up log)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def die_with_parent(parent_pid: int) -> bool:
    """Have the kernel kill this process (``SIGKILL``) when the thread of ``parent_pid`` that
    started it ends; exit at once if the parent is already gone. ``False`` where ``prctl`` is
    not available (the step is skipped, not faked)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent_pid:  # the server died before the signal was armed
        os._exit(0)
    return True


def _block_network() -> bool:
    name = ctypes.util.find_library("seccomp")
    if name is None:
        return False
    lib = ctypes.CDLL(name)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(_ArgCmp),
    ]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not ctx:
        return False
    try:
        deny = _SCMP_ACT_ERRNO | errno.EACCES
        for syscall in (b"socket", b"socketpair"):
            number = lib.seccomp_syscall_resolve_name(syscall)
            for family in (socket.AF_INET, socket.AF_INET6):
                cmp = _ArgCmp(0, _SCMP_CMP_EQ, family, 0)
                if lib.seccomp_rule_add_array(ctx, deny, number, 1, ctypes.byref(cmp)) != 0:
                    return False
        if lib.seccomp_load(ctx) != 0:
            return False
    finally:
        lib.seccomp_release(ctx)
    return network_blocked()
