"""Every one of the 75 NEU flags against the evidence written down in data/neu_evidence.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from innograph.ingest.digital_strategy import parse_measures
from tests.conftest import DATA

EVIDENCE = yaml.safe_load((DATA / "neu_evidence.yaml").read_text(encoding="utf-8"))
BY_ID = {row["id"]: row for row in EVIDENCE}


def test_evidence_covers_all_75_measures_once() -> None:
    assert len(EVIDENCE) == len(BY_ID) == 75
    assert sum(row["new"] for row in EVIDENCE) == 16


def test_committed_extract_follows_the_evidence() -> None:
    extract = json.loads((DATA / "extracted" / "digital_strategy.json").read_text("utf-8"))
    flags = {m["id"]: m["is_new"] for m in extract["measures"]}
    assert flags == {i: row["new"] for i, row in BY_ID.items()}


@pytest.fixture(scope="module")
def parsed(seeds_dir: Path) -> tuple[list[str], dict[str, object]]:
    (path,) = seeds_dir.glob("002_*.txt")
    records = parse_measures(path, lambda text: True)  # lead detection does not matter here
    return path.read_text(encoding="utf-8").split("\n"), {r.id: r for r in records}


@pytest.mark.parametrize("measure_id", sorted(BY_ID))
def test_flag_and_mark_line_match_the_document(parsed, measure_id: str) -> None:
    lines, records = parsed
    row, rec = BY_ID[measure_id], records[measure_id]
    assert rec.is_new == row["new"], row["evidence"]
    starts = sorted(r.line for r in records.values())
    after = [s for s in starts if s > rec.line]
    end = after[0] if after else len(lines) + 1
    marks = [k + 1 for k in range(rec.line - 1, end - 1) if lines[k].strip() in ("NEU", "NE")]
    if row["new"]:
        assert marks == [row["mark_line"]], (marks, row)
        assert rec.new_line == row["mark_line"]  # the fact cites the badge's own line
    else:
        assert marks == [] and "mark_line" not in row
