"""Tables for the RML engine: CSV, XLSX and JSON, checked here first, then copied with ``__row``.

Before the engine sees a table, innograph reads it itself so that every problem names the file,
the row and the column: the encoding (UTF-8, with or without a byte-order mark), the separator of
a CSV (``,`` ``;`` or tab, whichever splits the header into most columns), broken quoting, rows
with more or fewer fields than the header, an empty (0-byte) file, empty, repeated or merged
header cells of a worksheet, JSON that is not a list of flat objects.

The engine then reads a *normalised copy* in the same format, with every value as trimmed text,
a JSON list as ``a; b``, and one more column, ``__row``: the row the record came from (the line
a CSV record starts on, the worksheet row, the line a JSON object starts on). The mappings turn
``__row`` into ``ig:sourceLine``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from innograph.graph.errors import SourceError

__all__ = [
    "FORMATS",
    "ROW",
    "Table",
    "broken_field",
    "column_name",
    "decode_text",
    "read_table",
    "write_copy",
]

ROW = "__row"
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "json"}
_SEPARATORS = (",", ";", "\t")
_MAX_FIELD = 1_000_000


@dataclass
class Table:
    """A table as read: its columns and its records, each with the row it came from."""

    where: str
    format: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def record(self, row: int) -> dict[str, str]:
        """The record that came from ``row``."""
        if not hasattr(self, "_by_row"):
            self._by_row = dict(self.rows)
        return self._by_row[row]


def read_table(data: bytes, where: str, suffix: str) -> Table:
    """Read one table (``suffix`` ``.csv``, ``.xlsx`` or ``.json``) from its bytes.

    Raises
    ------
    SourceError
        An empty file, a foreign encoding, broken quoting, a row of the wrong width, an empty,
        repeated or merged header cell, JSON that is not a list of flat objects; naming the file
        (``where``), the row and the column.
    """
    fmt = FORMATS.get(suffix.lower())
    if fmt is None:
        raise SourceError(where, None, f"unknown table type {suffix!r}; use .csv, .xlsx or .json")
    if not data.strip():
        raise SourceError(where, None, "the file is empty (0 bytes)" if not data else "empty")
    if fmt == "xlsx":
        return _read_xlsx(data, where)
    text = decode_text(data, where, () if fmt == "json" else _SEPARATORS)
    return _read_json(text, where) if fmt == "json" else _read_csv(text, where)


def write_copy(table: Table, target: Path, fmt: str | None = None) -> Path:
    """Write ``table`` with its ``__row`` column to ``target`` (in ``fmt``, default its own)."""
    fmt = fmt or table.format
    columns = [*table.columns, ROW]
    if fmt == "json":
        body = [{**rec, ROW: str(row)} for row, rec in table.rows]
        target.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(columns)
        for row, rec in table.rows:
            ws.append([*(rec.get(c, "") for c in table.columns), str(row)])
        wb.save(target)
    else:
        with target.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(columns)
            for row, rec in table.rows:
                w.writerow([*(rec.get(c, "") for c in table.columns), row])
    return target


def broken_field(text: str, line: int, sep: str) -> int | None:
    r"""The 0-based field of the record starting on ``line`` (1-based) whose quoting is broken:
    a quote opened and never closed, or text after a closing quote; None if none is found.

    >>> broken_field('a,b\nM-2,"B AG,AG,Erfurt\n', 2, ",")
    1
    >>> broken_field('a;b\n"x"y;z\n', 2, ";")
    0
    """
    record = text.split("\n", line - 1)[-1] if line > 1 else text
    field, i, n = 0, 0, len(record)
    while i < n:
        if record[i] == '"':  # a quoted field: find its closing quote
            i += 1
            while True:
                j = record.find('"', i)
                if j < 0:
                    return field  # never closed
                if record.startswith('""', j):
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and record[i] not in (sep, "\r", "\n"):
                return field  # text after the closing quote
        while i < n and record[i] not in (sep, "\n"):
            i += 1
        if i >= n or record[i] == "\n":
            return None
        field, i = field + 1, i + 1
    return None


def column_name(header: list[str], field: int | None) -> str:
    """``column <name>`` for the 0-based ``field`` (its letter where the header has none)."""
    if field is None:
        return "column ?"
    name = header[field] if field < len(header) else ""
    return f"column {name or _letter(field + 1)}"


def decode_text(data: bytes, where: str, separators: tuple[str, ...] = _SEPARATORS) -> str:
    """The text of ``data`` (UTF-8, with or without a byte-order mark).

    Raises
    ------
    SourceError
        A byte that is not UTF-8, naming its line and (for a table separated by one of
        ``separators``) its column.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # before its NULs show
        raise SourceError(
            where, 1, "the file is UTF-16 (a byte-order mark says so); save it as UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = ""
        if separators:
            start = data.rfind(b"\n", 0, err.start) + 1
            prefix = data[start : err.start].decode("utf-8", "replace")
            first = data.split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip()
            sep = max(separators, key=first.count)
            field = len(next(csv.reader([prefix + "x"], delimiter=sep))) - 1
            column = column_name(next(csv.reader([first], delimiter=sep)), field) + ": "
        raise SourceError(
            where, line, f"{column}not UTF-8 (byte {data[err.start]:#x}); save the file as UTF-8"
        ) from None


def _header(cells: list[str], where: str, row: int) -> list[str]:
    header = [c.strip() for c in cells]
    seen: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        if not name:
            raise SourceError(where, row, f"column {_letter(i)}: the header cell is empty")
        if name in seen:
            raise SourceError(
                where, row, f"column {_letter(i)}: {name!r} repeats column {_letter(seen[name])}"
            )
        seen[name] = i
    if "__row" in seen:
        raise SourceError(where, row, "column __row is innograph's own; rename it")
    return header


def _read_csv(text: str, where: str) -> Table:
    csv.field_size_limit(_MAX_FIELD)
    first = text.split("\n", 1)[0]
    sep = max(_SEPARATORS, key=lambda s: len(next(csv.reader([first], delimiter=s))))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = _header(next(reader), where, 1)
    except (StopIteration, csv.Error) as err:
        raise SourceError(where, 1, f"cannot read the header: {err}") from None
    table = Table(where, "csv", header)
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return table
        except csv.Error as err:
            column = column_name(header, broken_field(text, start, sep))
            raise SourceError(where, start, f"{column}: broken quoting: {err}") from None
        if fields and any(f.strip() for f in fields):
            if len(fields) != len(header):
                raise SourceError(
                    where,
                    start,
                    f"{len(fields)} fields where the header has {len(header)} "
                    f"(separator {sep!r}; a quote not closed?)",
                )
            table.rows.append((start, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
        start = reader.line_num + 1


def _read_xlsx(data: bytes, where: str) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise SourceError(where, None, f"not an XLSX workbook: {err}") from None
    ws = wb.worksheets[0]
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= 1:
            raise SourceError(
                where,
                1,
                f"column {_letter(merged.min_col)}: header cells {merged.coord} are merged "
                f"(sheet {ws.title!r}); give every column a header cell of its own",
            )
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise SourceError(where, None, f"sheet {ws.title!r} is empty")
    cells = [_text(c) for c in first]
    while cells and not cells[-1]:
        cells.pop()
    header = _header(cells, where, 1)
    table = Table(where, "xlsx", header)
    for n, values in enumerate(rows, 2):
        texts = [_text(v) for v in values]
        if not any(texts):
            continue
        extra = [i for i, t in enumerate(texts[len(header) :], len(header) + 1) if t]
        if extra:
            raise SourceError(where, n, f"column {_letter(extra[0])}: a value without a header")
        texts += [""] * (len(header) - len(texts))
        table.rows.append((n, dict(zip(header, texts[: len(header)], strict=True))))
    return table


def _read_json(text: str, where: str) -> Table:
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise SourceError(where, 1, "expected a JSON list of objects, one per record")
    pos = _skip(text, pos + 1)
    table = Table(where, "json", [])
    columns: dict[str, None] = {}
    while not text.startswith("]", pos):
        line = text.count("\n", 0, pos) + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            raise SourceError(
                where, err.lineno, f"not JSON: {err.msg} (column {err.colno})"
            ) from None
        if not isinstance(obj, dict):
            raise SourceError(where, line, f"expected an object, found {type(obj).__name__}")
        rec = {str(k): _flat(v, where, line, str(k)) for k, v in obj.items()}
        if ROW in rec:
            raise SourceError(where, line, "key __row is innograph's own; rename it")
        columns.update(dict.fromkeys(rec))
        table.rows.append((line, rec))
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("]", pos):
            raise SourceError(where, text.count("\n", 0, pos) + 1, "expected ',' or ']'")
    table.columns = list(columns)
    for _, rec in table.rows:
        for c in table.columns:
            rec.setdefault(c, "")
    return table


def _flat(value: Any, where: str, line: int, key: str) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v, where, line, key) for v in value)
    if isinstance(value, dict):
        raise SourceError(where, line, f"column {key}: a nested object; give flat values")
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) else str(value)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column: 1 → A, 28 → AB."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
