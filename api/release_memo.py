"""Values computed once per data release (a search index, the editor's terms, class labels).

A release never changes once published, so what is derived from it can be kept until the next
one goes live; only the live release's values are kept.

>>> memo = ReleaseMemo()
>>> memo.get("r1", "answer", lambda: 42), memo.get("r1", "answer", lambda: 0)
(42, 42)
>>> memo.get("r2", "answer", lambda: 7)  # a new release: the old values are dropped
7
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["ReleaseMemo", "per_release"]

T = TypeVar("T")


class ReleaseMemo:
    """``get(release_id, key, compute)``: ``compute()`` once per release and key."""

    def __init__(self) -> None:
        self._release: str | None = None
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, release_id: str, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            if release_id != self._release:
                self._release, self._values = release_id, {}
            if key not in self._values:
                self._values[key] = compute()
            value: T = self._values[key]
            return value


per_release = ReleaseMemo()
"""The process's memo of the live release's derived values."""
