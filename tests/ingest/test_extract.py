"""The committed extracts equal a fresh extraction from the raw documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.ingest.extract import EXTRACTORS, extract_all
from tests.conftest import DATA


@pytest.fixture(scope="module")
def fresh(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extract")
    extract_all(seeds_dir, DATA, out)
    return out


@pytest.mark.parametrize("rel", sorted(EXTRACTORS))
def test_extract_matches_committed(fresh: Path, rel: str) -> None:
    assert (fresh / rel).read_text(encoding="utf-8") == (DATA / rel).read_text(encoding="utf-8"), (
        f"data/{rel} is stale: run `innograph extract`"
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("rel", sorted(EXTRACTORS))
def test_no_extracted_fact_is_cut_short(rel: str) -> None:
    """No seed prints "…": a text ending in one was cut by us (strengths and weaknesses at 100
    characters, RIS3 objectives at 90, milestones at 240, activities at 120 had lost their ends)."""
    import json

    texts = _strings(json.loads((DATA / rel).read_text(encoding="utf-8")))
    assert texts and not [t for t in texts if t.rstrip().endswith("…")]
