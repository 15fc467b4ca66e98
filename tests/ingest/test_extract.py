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
