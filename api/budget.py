"""A per-client budget of query time, as the Wikidata Query Service keeps one.

Every query a client runs is charged the seconds it took; a query stopped at its time limit is
charged its limit plus ``KILL_PENALTY`` (what replacing a killed worker costs the server). A
client whose charges over the last ``window`` seconds exceed ``budget`` gets 429 with a
``Retry-After`` until old charges age out, so one client sending expensive queries with tiny
timeouts cannot spend the server's workers for everyone else.

>>> b = ClientBudget(budget=10, window=60)
>>> b.charge("1.2.3.4", 9, now=0.0); b.check("1.2.3.4", now=1.0)
>>> b.charge("1.2.3.4", 2, now=1.0); b.check("1.2.3.4", now=2.0)
Traceback (most recent call last):
...
innograph.graph.errors.RateLimitedError: this client used 11 s of query time in the last 60 s...
>>> b.check("1.2.3.4", now=61.5)
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from innograph.graph.errors import RateLimitedError

__all__ = ["KILL_PENALTY", "ClientBudget"]

KILL_PENALTY = 2.0
"""Seconds charged on top of its limit for a query whose worker had to be killed."""


class ClientBudget:
    """Query seconds per client over a sliding window.

    Parameters
    ----------
    budget : float
        Seconds of query time one client may use per ``window``.
    window : float
        Length of the sliding window in seconds.
    """

    def __init__(self, budget: float, window: float = 60.0) -> None:
        self.budget = budget
        self.window = window
        # per client: charges bucketed per second (at most ``window`` entries, however many
        # queries) and their running sum, so a check costs O(1), not O(queries in the window)
        self._charges: dict[str, deque[list[float]]] = {}
        self._spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, client: str, *, now: float | None = None) -> None:
        """Raise ``RateLimitedError`` when ``client`` has no time left in the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            charges = self._charges.get(client)
            if not charges:
                return
            self._expire(client, charges, now)
            spent = self._spent.get(client, 0.0)
            if spent <= self.budget:
                return
            # wait until enough of the oldest charges leave the window
            excess, retry = spent - self.budget, self.window
            for at, seconds in charges:
                excess -= seconds
                if excess < 0:
                    retry = at + self.window - now
                    break
        raise RateLimitedError(
            f"this client used {spent:.0f} s of query time in the last {self.window:.0f} s; "
            f"the budget is {self.budget:.0f} s (INNOGRAPH_CLIENT_BUDGET); retry later",
            retry_after=max(1, math.ceil(retry)),
        )

    def charge(self, client: str, seconds: float, *, now: float | None = None) -> None:
        """Add ``seconds`` of query time to ``client``'s account."""
        now = time.monotonic() if now is None else now
        with self._lock:
            charges = self._charges.setdefault(client, deque())
            if charges and now - charges[-1][0] < 1.0:
                charges[-1][1] += seconds  # the same second's bucket
            else:
                charges.append([now, seconds])
            self._spent[client] = self._spent.get(client, 0.0) + seconds
            self._expire(client, charges, now)
            if len(self._charges) > 10_000:  # forget idle clients
                for key in [k for k, v in self._charges.items() if not v]:
                    del self._charges[key]
                    self._spent.pop(key, None)

    def _expire(self, client: str, charges: deque[list[float]], now: float) -> None:
        while charges and charges[0][0] <= now - self.window:
            _, seconds = charges.popleft()
            self._spent[client] = self._spent.get(client, 0.0) - seconds
        if not charges:
            self._spent[client] = 0.0  # no rounding drift survives an empty window
