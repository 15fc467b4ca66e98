"""``innograph extract``: regenerate the committed extracts in ``data/extracted/``.

The build reads the extracts, never the raw documents; a test re-runs the extraction on
``../shared/seeds`` and requires the result to equal the committed files, so they cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from innograph.ingest.clusters import extractors as cluster_extractors
from innograph.ingest.measures import EXTRACT as MEASURES_EXTRACT
from innograph.ingest.measures import extract_measures

__all__ = ["EXTRACTORS", "dumps", "extract_all"]

EXTRACTORS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    **cluster_extractors(),
    MEASURES_EXTRACT: extract_measures,
}
"""Extract file (relative to ``data/``) → function ``(sources_dir, data_dir) -> JSON data``."""


def extract_all(sources_dir: Path, data_dir: Path, out_dir: Path | None = None) -> list[Path]:
    """Run every extractor and write its file under ``out_dir`` (default: ``data_dir``)."""
    out_dir = out_dir or data_dir
    written = []
    for rel, extractor in EXTRACTORS.items():
        text = dumps(extractor(sources_dir, data_dir))
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def dumps(data: dict[str, Any]) -> str:
    """Stable, reviewable JSON: indented, keys in the order the records define them."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
