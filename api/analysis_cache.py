"""The server's ``Analysis``: the live release's, rebuilt only when a new release is published.

Requests wait for the first build rather than start their own: the analytics of a release are
computed once and shared by every request.
"""

from __future__ import annotations

import threading

from innograph.graph.analysis import Analysis
from innograph.graph.database import Database

__all__ = ["AnalysisCache"]


class AnalysisCache:
    """The ``Analysis`` of the live release, rebuilt only when the release changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._analysis: Analysis | None = None
        self.builds = 0

    def get(self, release_id: str, db: Database) -> Analysis:
        """The release's ``Analysis``, built and precomputed on first use (other callers wait)."""
        with self._lock:
            if self._analysis is None or self._analysis.release_id != release_id:
                analysis = Analysis.from_store(db, release_id=release_id)
                analysis.precompute()
                self._analysis = analysis
                self.builds += 1
            return self._analysis
