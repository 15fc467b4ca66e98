"""A bounded cache of serialised query answers, keyed on the release and the whole request.

A release never changes once published, so an answer stays right for as long as its release is
live: the key holds the release id and every field of the ``QueryTask`` (query text, dataset,
formats, row limit, base IRI), so nothing that changes the answer can hit another's entry. Only
successful answers are kept; the least recently used go first when ``max_bytes`` is reached, and
an answer larger than ``max_bytes / 8`` is never kept.

>>> from innograph.graph.query_task import Answer, QueryTask
>>> cache = ResultCache(max_bytes=1000)
>>> task = QueryTask(query="ASK {}")
>>> cache.get("r1", task) is None
True
>>> cache.put("r1", task, Answer(b'{"boolean": true}', "ask", "json", 1))
>>> cache.get("r1", task).body, cache.get("r2", task)
(b'{"boolean": true}', None)
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from innograph.graph.query_task import Answer, QueryTask

__all__ = ["ResultCache"]


class ResultCache:
    """Answers by (release id, task), least recently used out first, at most ``max_bytes``."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, QueryTask], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, release: str, task: QueryTask) -> Answer | None:
        with self._lock:
            answer = self._entries.get((release, task))
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end((release, task))
            self.hits += 1
            return answer

    def put(self, release: str, task: QueryTask, answer: Answer) -> None:
        cost = len(answer.body) + len(task.query)
        if self.max_bytes <= 0 or cost > self.max_bytes // 8:
            return
        with self._lock:
            key = (release, task)
            if key in self._entries:
                return
            self._entries[key] = answer
            self.size += cost
            while self.size > self.max_bytes:
                (_, old_task), old = self._entries.popitem(last=False)
                self.size -= len(old.body) + len(old_task.query)
