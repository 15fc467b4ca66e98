"""``data/sources.yaml`` describes the seed documents exactly (digest, lines, title line)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from innograph.ingest.source_documents import count_lines, load_catalogue
from tests.conftest import DATA

CATALOGUE = [d for d in load_catalogue(DATA) if not d.file.startswith("data/")]


def test_catalogue_lists_every_seed(seeds_dir: Path) -> None:
    assert sorted(d.file for d in CATALOGUE) == sorted(p.name for p in seeds_dir.glob("*.txt"))


@pytest.mark.parametrize("doc", CATALOGUE, ids=lambda d: d.id)
def test_catalogue_entry_matches_document(seeds_dir: Path, doc) -> None:
    raw = (seeds_dir / doc.file).read_bytes()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    assert hashlib.sha256(raw).hexdigest() == doc.sha256
    assert count_lines(text) == doc.lines
    title_line = lines[doc.title_line - 1]
    first_title_word = doc.titles[doc.language].split()[0]
    assert first_title_word.lower() in title_line.lower()
    if doc.issued_line:
        assert doc.issued[:4] in lines[doc.issued_line - 1]
    if doc.publisher_line:
        line = lines[doc.publisher_line - 1]
        assert "Herausgeber" in line or any(
            word in line for word in doc.publisher.replace("(", " ").replace(")", " ").split()
        )
