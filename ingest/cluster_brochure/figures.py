"""Growth fields and their figures tables (values, ``ca.``, ``keine Angaben``, footnotes, sources,
reference dates)."""

from __future__ import annotations

import re
from decimal import Decimal

from innograph.ingest.cluster_brochure.networks import (
    _list_items,
    _networks,
    _strip_tags,
)
from innograph.ingest.cluster_brochure.records import (
    _GROUP_ITEM,
    _MONTHS,
    _SUB,
    _SUP,
    _TABLE,
    COLUMNS,
    Figure,
    GrowthField,
    _Ctx,
)
from innograph.ingest.text import normalise_space


def _groups(ctx: _Ctx) -> list[dict]:
    """The 11 growth fields of the Trendatlas in their three groups, plus the two branches."""
    out = []
    start = ctx.find(r"^## Anwendungstechnologien:")
    group = None
    for i in range(start, start + 25):
        line = ctx.lines[i].strip()
        heading = re.match(r"^#+\s*(.+?):\s*$", line)
        if heading:
            group = heading.group(1)
            continue
        item = _GROUP_ITEM.match(ctx.lines[i])
        if item and group:
            out.append({"name": item.group("name"), "group": group, "line": i + 1})
    if len(out) != 11:
        raise ctx.fail(start, f"expected the 11 growth fields of the Trendatlas, found {len(out)}")
    branches = ctx.find(r"Ernährungsgewerbe sowie die Logistik", start)
    out += [
        {"name": "Ernährungsgewerbe", "group": "Branche", "line": branches + 1},
        {"name": "Logistik", "group": "Branche", "line": branches + 1},
    ]
    return out


def _growth_fields(ctx: _Ctx, groups: list[dict]) -> list[GrowthField]:
    tables = [i for i, ln in enumerate(ctx.lines) if _TABLE.match(ln)]
    if not tables:
        raise ctx.fail(None, "no growth-field figures table (<b>Wachstumsfeld …</b>) found")
    end_of_sections = ctx.find(r"^## 3\. Mit Clustermanagement")
    out = []
    for n, t in enumerate(tables):
        nxt = tables[n + 1] if n + 1 < len(tables) else end_of_sections
        table = _TABLE.match(ctx.lines[t])
        if table is None:  # cannot happen: t was picked by this very match
            raise ctx.fail(t, "expected a growth-field table heading")
        name = table.group("name")
        heading = max(i for i in range(t) if ctx.lines[i].startswith("#"))
        gf = GrowthField(name=name, line=heading + 1, table_line=t + 1)
        gf.group = next((g["group"] for g in groups if _same_field(g["name"], name)), None)
        body_end = _table(ctx, gf, t, nxt)
        _networks(ctx, gf, body_end, nxt)
        out.append(gf)
    return out


def _same_field(short: str, long: str) -> bool:
    return long.startswith(short) or short.startswith(long.split(":")[0])


def _table(ctx: _Ctx, gf: GrowthField, t: int, end: int) -> int:
    header = t + 1
    if not ctx.lines[header].startswith("Unternehmen"):
        raise ctx.fail(header, f"figures table of {gf.name}: expected the header row")
    col_notes = [_footnote(c) for c in ctx.lines[header].split("\t")]
    sub = None
    dataset = None
    i = header + 1
    rows = 0
    while i < end and not ctx.lines[i].startswith(("Stärken", "Schwächen", "Quellen")):
        raw = ctx.lines[i]
        plain = _strip_tags(raw).strip()
        if not plain:
            i += 1
            continue
        if plain.startswith("Daten aus"):
            dataset = plain.split("\t")[0].strip()
        elif plain.startswith("Hinweis"):
            pass
        elif _SUB.match(plain) and "\t" not in raw.strip():
            sub = None if plain.rstrip(":") == "gesamt" else plain.rstrip(":")
        else:
            cells = raw.split("\t")
            for col, cell in enumerate(cells[: len(COLUMNS)]):
                fig = _figure(COLUMNS[col], cell, i, sub, dataset)
                if fig is not None:
                    fig.footnote = fig.footnote or (
                        col_notes[col] if col < len(col_notes) else None
                    )
                    gf.figures.append(fig)
            rows += 1
        i += 1
    if rows == 0:
        raise ctx.fail(t, f"figures table of {gf.name} has no data row")
    while i < end and not ctx.lines[i].startswith("Quellen"):
        label = ctx.lines[i].split("<sup>")[0].strip().rstrip(":").strip()
        if label in ("Stärken", "Schwächen"):
            items = _list_items(ctx.lines[i], i)
            (gf.strengths if label == "Stärken" else gf.weaknesses).extend(items)
        i += 1
    notes = _footnotes(ctx, i, end)
    for fig in gf.figures:
        note = notes.get(fig.footnote or 0)
        if note:
            fig.source, fig.reference_date, fig.source_line = note
    return i


def _figure(prop: str, cell: str, line: int, sub: str | None, dataset: str | None) -> Figure | None:
    note = _footnote(cell)
    text = normalise_space(_strip_tags(_SUP.sub("", cell)))
    if not text:
        return None
    if text in ("-", "keine Angaben"):
        return Figure(
            prop, None, False, line + 1, sub, note, dataset=dataset, not_stated=True, raw=text
        )
    m = re.match(r"^(?P<ca>ca\.\s*)?(?P<num>\d[\d.\s]*(?:,\d+)?)\s*%?\s*(?P<rest>.*)$", text)
    if not m:
        return None
    number = m.group("num").replace(" ", "").replace(".", "").replace(",", ".")
    value = Decimal(number)
    if prop == "turnoverEUR":
        value = value * Decimal(1_000_000_000)
    wz = re.search(r"WZ\s*(\d+)", m.group("rest"))
    out = Figure(
        prop,
        _decimal_text(value),
        bool(m.group("ca")),
        line + 1,
        sub,
        note,
        dataset=dataset,
        raw=text,
    )
    out.wz = wz.group(1) if wz else None
    return out


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _footnote(cell: str) -> int | None:
    m = _SUP.search(cell)
    return int(m.group(1)) if m else None


def _footnotes(ctx: _Ctx, start: int, end: int) -> dict[int, tuple[str, str | None, int]]:
    """``{n: (source, reference date, line)}`` from the ``Quellen:`` lines after a table."""
    notes: dict[int, tuple[str, str | None, int]] = {}
    for i in range(start, end):
        line = ctx.lines[i]
        if line.startswith(("<b>Netzwerk", "#")):
            break
        for m in re.finditer(r"<sup>\s*(\d)\s*</sup>\s*([^<]+)", line):
            text = normalise_space(m.group(2)).rstrip(";").strip()
            notes.setdefault(int(m.group(1)), (_short_source(text), _reference_date(text), i + 1))
    return notes


def _short_source(text: str) -> str:
    text = re.sub(r"^Quelle:\s*", "", text)
    text = re.split(r"\s*[,–]\s*bis auf benannte Ausnahmen", text.split(", WZ =")[0])[0]
    return text[:120]


def _reference_date(text: str) -> str | None:
    """The date a figure refers to: ``im Jahr 2011`` → 2011; otherwise the stated month."""
    year = re.search(r"im Jahr (\d{4})", text)
    if year:
        return year.group(1)
    values = re.search(r"Zahlenwerte aus (\d{4})", text)
    if values:
        return values.group(1)
    month = re.search(r"(" + "|".join(_MONTHS) + r")\s+(\d{4})", text)
    if month:
        return f"{month.group(2)}-{_MONTHS[month.group(1)]:02d}"
    return None
