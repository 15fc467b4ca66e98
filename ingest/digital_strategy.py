"""The 75 measure sheets of the Thuringian digital strategy (``002_…txt``) → ``MeasureRecord``s.

The text comes from a two-column PDF. A sheet starts with its title and ID (``M1-01`` …
``Q-15``), possibly split over lines; then ``Handlungsfeld: …`` (or ``Querschnittsthema``),
``Federführung:``, ``Beteiligte:``, ``Meilensteine`` and ``Hintergrund:``. Columns interleave, so
the lead's value is the first block after ``Federführung:`` that names organisations, not simply
the next line. ``NEU`` marks (also split as ``NE`` / ``U``) are printed at the end of their page
and belong to the sheet before them.

The parser yields plain records with line numbers; ``ingest.measures`` maps them to triples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from innograph.graph.errors import SourceError
from innograph.ingest.milestones import opens_milestone
from innograph.ingest.text import join_lines, normalise_space

__all__ = [
    "ACTION_FIELD_SPELLINGS",
    "CROSS_CUTTING",
    "EXPECTED_IDS",
    "FILE",
    "LEAD_TOPICS",
    "MeasureRecord",
    "Milestone",
    "entry_lines",
    "parse_measures",
]

FILE = "002_73011063377889c5.txt"
SHEETS_PER_FIELD = {
    "M1": 4,
    "M2": 3,
    "M3": 6,
    "M4": 6,
    "L1": 9,
    "L2": 7,
    "L3": 7,
    "B1": 5,
    "B2": 3,
    "B3": 4,
    "B4": 6,
    "Q": 15,
}
"""How many sheets each ID range has in the 2020 update (75 in all): M1-01…M1-04, …, Q-01…Q-15."""
EXPECTED_IDS = [
    f"{rng}-{n:02d}" for rng, count in SHEETS_PER_FIELD.items() for n in range(1, count + 1)
]

LEAD_TOPICS: dict[str, tuple[str, str, int]] = {
    "M": ("mittelstand-4-0", "Mittelstand 4.0", 142),
    "L": ("stadt-und-land-digital", "Stadt und Land digital", 702),
    "B": ("bildung-und-forschung-digital", "Bildung und Forschung digital", 993),
}
"""ID prefix → (slug, German label, line of its chapter heading): the three lead topics
(„Leitthema …“, chapters 2-4; "in den drei Leitthemen", line 1347)."""

CROSS_CUTTING: dict[str, tuple[str, str, str, int]] = {
    "Q": ("querschnittsthemen", "Querschnittsthemen", "Querschnittsthema", 1346),
}
"""ID prefix → (slug, German label, as each sheet prints it, line of its chapter heading):
chapter 5, the cross-cutting themes "neben den fachspezifischen Anforderungen in den drei
Leitthemen" (lines 1346-1348), no lead topic; its sheets print „Querschnittsthema“ where the
others print their action field. The extract's ``lead_topic`` is the ID's letter, for these
sheets too."""

ACTION_FIELD_SPELLINGS = {
    "Digitale Patientenversorgung/Telemedizin": "Digitale Patientenversorgung / Telemedizin",
}
"""Spelling variants the PDF produces → the one spelling innograph uses."""

_ID = r"(?:[MLB][1-4]-\d{2}|Q-\d{2})"
_HEADER = re.compile(rf"^(?P<pre>.*?)\s*(?<![\w(-])(?P<id>{_ID})\s*$")
_QUALIFIER_ONLY = re.compile(r"u\.\s*a\.?|etc\.?|u\.\s*v\.\s*[mw]\.?|usw\.?", re.IGNORECASE)
_LEAD_LABEL = re.compile(r"^Federführung\s*(:.*)?$")
_PARTICIPANTS_LABEL = re.compile(r"^Beteiligte\s*(:.*)?$")
_FIELD_STOP = re.compile(r"^\s*(Federführung|Beteiligte|Meilensteine|Hintergrund|Beschreibung)")


@dataclass
class Milestone:
    text: str
    line: int


@dataclass
class MeasureRecord:
    """One measure sheet, as printed; names are raw strings, resolved later."""

    id: str
    line: int
    title: str
    title_line: int
    lead_topic: str
    action_field: str | None
    action_field_line: int | None
    is_new: bool
    new_line: int | None
    lead: list[str] = field(default_factory=list)
    lead_line: int | None = None
    participants: list[str] = field(default_factory=list)
    participants_line: int | None = None
    milestones: list[Milestone] = field(default_factory=list)
    end_line: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def parse_measures(path: Path, is_lead: Callable[[str], bool]) -> list[MeasureRecord]:
    """Parse every measure sheet of the digital strategy.

    Parameters
    ----------
    path : Path
        The raw text file.
    is_lead : callable
        Tells whether a block of text names only organisations (used to find the lead's value
        among interleaved columns); the resolver provides it.

    Raises
    ------
    SourceError
        A sheet without a readable ID, a duplicated ID, a missing ID of the announced ranges, or
        a sheet without ``Federführung:`` — with the file and line.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = _sheet_starts(path, lines)
    records = []
    for i, (start, id_line, measure_id, title, title_line) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        records.append(
            _parse_sheet(path, lines, start, end, id_line, measure_id, title, title_line, is_lead)
        )
    _assign_new_marks(lines, records, starts)
    _check_complete(path, records)
    return records


# --- helpers ----------------------------------------------------------------------


def entry_lines(m: dict[str, Any], role: str, k: int, parts: int) -> list[int | None]:
    """The lines of the ``parts`` names that the ``k``-th ``role`` entry ("lead" or
    "participant") of measure record ``m`` resolves to: each its own where the entry wraps
    between them, else the entry's line.

    >>> m = {"participant_lines": [7, 8], "participant_part_lines": {"A und B": [8, 9]},
    ...      "participants": ["C", "A und B"]}
    >>> entry_lines(m, "participant", 1, 2), entry_lines(m, "participant", 0, 1)
    ([8, 9], [7])
    """
    names = m["lead"] if role == "lead" else m["participants"]
    starts = m.get(f"{role}_lines") or []
    at = int(starts[k]) if k < len(starts) else None
    wrapped = (m.get(f"{role}_part_lines") or {}).get(names[k])
    if wrapped and len(wrapped) == parts:
        return [int(x) for x in wrapped]
    return [at] * parts


def _sheet_starts(path: Path, lines: list[str]) -> list[tuple[int, int, str, str, int]]:
    """(first line index of the sheet, ID line index, ID, title, title line number)."""
    out: list[tuple[int, int, str, str, int]] = []
    seen: dict[str, int] = {}
    first = next((i for i, ln in enumerate(lines) if _HEADER.match(ln)), None)
    if first is None:
        raise SourceError(path, None, "no measure sheet found (no line ending in an ID like M1-01)")
    for i in range(first, len(lines)):
        m = _HEADER.match(lines[i])
        if not m:
            continue
        measure_id = m.group("id")
        if measure_id in seen:
            raise SourceError(
                path,
                i + 1,
                f"measure ID {measure_id} appears again (first at line {seen[measure_id]})",
            )
        seen[measure_id] = i + 1
        title_lines, start = _title_lines(lines, i, m.group("pre"))
        title = join_lines(m.group("pre") if j == i else lines[j] for j in title_lines).strip()
        title = title.replace("( ", "(").replace(" )", ")")
        if not title:
            raise SourceError(path, i + 1, f"measure {measure_id} has no title")
        out.append((start, i, measure_id, title, title_lines[0] + 1))
    return out


def _title_lines(lines: list[str], i: int, pre: str) -> tuple[list[int], int]:
    """Indices of the lines that make the title of the sheet whose ID is on line ``i``."""
    if pre.strip() and lines[i].startswith(" "):
        return [i], i  # " Title  ID" on one line, at the top of a page
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    block: list[int] = []
    while j >= 0 and lines[j].strip() and not _looks_like_body(lines[j]):
        block.insert(0, j)
        if lines[j].startswith(" "):
            break
        j -= 1
    if pre.strip():
        if block and lines[block[0]].startswith(" ") and i - block[-1] == 1:
            return [*block, i], block[0]
        return [i], i
    return block, block[0] if block else i


def _looks_like_body(line: str) -> bool:
    s = line.strip()
    return s.isdigit() or s.startswith("Leitthema") or s.startswith("Thüringer Strategie für")


def _parse_sheet(
    path: Path,
    lines: list[str],
    start: int,
    end: int,
    id_line: int,
    measure_id: str,
    title: str,
    title_line: int,
    is_lead: Callable[[str], bool],
) -> MeasureRecord:
    rec = MeasureRecord(
        id=measure_id,
        line=id_line + 1,
        title=title,
        title_line=title_line,
        lead_topic=measure_id[0],
        action_field=None,
        action_field_line=None,
        is_new=False,
        new_line=None,
        end_line=end,
    )
    for j in range(id_line + 1, end):
        s = lines[j].strip()
        if s.startswith("Handlungsfeld:") and rec.action_field is None:
            parts = [s.removeprefix("Handlungsfeld:")]
            nxt = lines[j + 1].strip() if j + 1 < end else ""
            if nxt and not _FIELD_STOP.match(nxt):
                parts.append(nxt)
            value = normalise_space(" ".join(parts))
            rec.action_field = ACTION_FIELD_SPELLINGS.get(value, value)
            rec.action_field_line = j + 1
        elif s == "Querschnittsthema" and rec.action_field is None:
            rec.action_field_line = j + 1
        elif _LEAD_LABEL.match(s) and rec.lead_line is None:
            rec.lead, rec.lead_line = _lead(lines, j, end, is_lead)
        elif _PARTICIPANTS_LABEL.match(s) and rec.participants_line is None:
            after = re.sub(r"^\s*Beteiligte\s*:?", "", lines[j]).strip()
            block, line = _block_after(lines, j, end)
            if after:
                block, line = [j], j + 1
            if block and not _FIELD_STOP.match(lines[block[0]]):
                text = join_lines(lines[k] for k in block)
                text = re.sub(r"^\s*Beteiligte\s*:?", "", text)
                rec.participants = _split_names(text)
                rec.participants_line = line
        elif s.startswith("Meilensteine") and not rec.milestones:
            rec.milestones = _milestones(lines, j, end)
    if rec.lead_line is None:
        raise SourceError(path, id_line + 1, f"measure {measure_id} has no 'Federführung:'")
    if not rec.lead:
        raise SourceError(
            path,
            rec.lead_line,
            f"measure {measure_id}: no organisation found after 'Federführung:'",
        )
    return rec


def _lead(
    lines: list[str], j: int, end: int, is_lead: Callable[[str], bool]
) -> tuple[list[str], int]:
    after = re.sub(r"^\s*Federführung\s*:?", "", lines[j]).strip()
    if after and is_lead(after):
        return _split_names(after), j + 1
    k = j + 1
    while k < end:
        block, line = _block_after(lines, k - 1, end)
        if not block:
            break
        text = join_lines(lines[b] for b in block)
        if _FIELD_STOP.match(lines[block[0]]):
            break
        if is_lead(text):
            return _split_names(text), line
        k = block[-1] + 2
    return [], j + 1


def _block_after(lines: list[str], j: int, end: int) -> tuple[list[int], int]:
    """The next run of non-empty lines after line index ``j`` (and its 1-based first line)."""
    k = j + 1
    while k < end and not lines[k].strip():
        k += 1
    block = []
    while k < end and lines[k].strip():
        block.append(k)
        k += 1
    return block, (block[0] + 1 if block else j + 1)


def _split_names(text: str) -> list[str]:
    """Split a list of organisations: commas, semicolons, '/' between names, 'sowie', 'und'."""
    text = normalise_space(text).rstrip(".")
    text = re.sub(r"^[A-ZÄÖÜ][\wäöüß]+:\s+", "", text)  # "Wintersportverbände: TSV, …"
    parts = re.split(r"\s*[,;]\s*|\s+sowie\s+", text)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if _QUALIFIER_ONLY.fullmatch(part):
            continue  # a trailing "u. a." / "etc." after the last comma
        if re.fullmatch(r"[A-ZÄÖÜ][\w-]*(/[A-ZÄÖÜ][\w-]*)+", part) and part.isupper():
            out.extend(part.split("/"))  # TMWWDG/GFAW
        elif part:
            out.append(part)
    return out


def _milestones(lines: list[str], j: int, end: int) -> list[Milestone]:
    out = []
    k = j + 1
    while k < end:
        if lines[k].strip().startswith("Hintergrund"):
            break
        if not lines[k].strip():
            k += 1
            continue
        block: list[int] = []
        while k < end and lines[k].strip() and not lines[k].strip().startswith("Hintergrund"):
            if block and opens_milestone(lines[k]) and not lines[k - 1].rstrip().endswith("-"):
                break  # a dated milestone printed right below the one before
            block.append(k)
            k += 1
        text = join_lines(lines[b] for b in block)
        if text in ("NE", "U", "NEU", "NE U") or text.isdigit():
            continue
        out.append(Milestone(text, block[0] + 1))
    return out


def _assign_new_marks(lines, records, starts) -> None:
    """A ``NEU`` badge (or ``NE`` + ``U``) marks the sheet whose page it stands on.

    The text extraction prints the badge at the *end* of its page, so it belongs to the sheet
    before it, not to the one that follows. The document's own evidence says so: a mark never
    falls inside a sheet's page but always right after one, and the marked sheets are the ones
    whose milestones start in 2020/2021 (``data/neu_evidence.yaml`` records it per measure).
    """
    bounds = [(s[0], rec) for s, rec in zip(starts, records, strict=True)]
    for i, line in enumerate(lines):
        if line.strip() not in ("NEU", "NE"):
            continue
        owner = None
        for start, rec in bounds:
            if start <= i:
                owner = rec
        if owner is not None and not owner.is_new:
            owner.is_new, owner.new_line = True, i + 1


def _check_complete(path: Path, records: list[MeasureRecord]) -> None:
    ids = {r.id for r in records}
    missing = [i for i in EXPECTED_IDS if i not in ids]
    unexpected = sorted(ids - set(EXPECTED_IDS))
    if missing or unexpected:
        last = records[-1].line if records else None
        raise SourceError(
            path,
            last,
            f"expected the {len(EXPECTED_IDS)} measures M1-01 … Q-15; "
            f"missing {missing or 'none'}, unexpected {unexpected or 'none'}",
        )
