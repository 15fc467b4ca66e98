"""Anlage 1 (panels, application centres, growth cores, projects, initiatives, events) and
Anlage 2 (the summary table, cross-checked against the sections)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from innograph.ingest.cluster_brochure.figures import (
    _figure,
    _footnote,
    _footnotes,
    _same_field,
)
from innograph.ingest.cluster_brochure.networks import (
    _strip_tags,
)
from innograph.ingest.cluster_brochure.records import (
    _LI,
    _QUOTED,
    _SUMMARY_VALUE,
    _SUP,
    GrowthField,
    _Ctx,
)
from innograph.ingest.text import normalise_space


def _appendix1(ctx: _Ctx) -> dict[str, list[dict]]:
    start = ctx.find(r"^## Anlage 1")
    end = ctx.find(r"^## Anlage 2", start)
    out: dict[str, list[dict]] = {
        "panels": [],
        "application_centres": [],
        "growth_cores": [],
        "special_projects": [],
        "initiatives": [],
        "events": [],
        "trips": [],
    }
    section = None
    trips_planned: int | None = None
    for i in range(start, end):
        line = ctx.lines[i]
        text = normalise_space(_strip_tags(line))
        if "Anwendungszentren" in text:
            section = "application_centres"
            continue
        if "Fortführung wachstumsfeldübergreifende Sonderprojekte" in text:
            section = "special_projects"
            continue
        top_level = not line.startswith(("    ", "  -"))
        if top_level and text.startswith("- "):
            section = None  # a new top-level bullet ends the list it follows
        panel = re.search(
            r"Panel „(.+?)“(?:/„(.+?)“)? \((?:bereits (\S+) erfolgt|geplanter Termin: (\S+))\)",
            text,
        )
        if panel:
            name = panel.group(1) + (f"/{panel.group(2)}" if panel.group(2) else "")
            out["panels"].append(
                {
                    "name": name,
                    "date": panel.group(3) or panel.group(4),
                    "status": "planned" if panel.group(4) is not None else "held",
                    "line": i + 1,
                }
            )
            continue
        core = re.search(r"WK „(.+?)“", text)
        if core:
            code, _, title = core.group(1).partition(" – ")
            out["growth_cores"].append({"code": code, "title": title, "line": i + 1})
            continue
        if section == "application_centres" and line.startswith("  - "):
            quoted = _QUOTED.search(text)
            if not quoted:
                raise ctx.fail(i, "expected the application centre's name in quotes")
            name = quoted.group(1)
            # "(CEEC Jena)" after the name, or "ThIMo – Thüringer Innovationszentrum Mobilität"
            abbr = re.search(r"\(([^)]+)\)\s*$", text) or re.match(r"(\w[\w-]{1,9}) – ", name)
            out["application_centres"].append(
                {"name": name, "abbreviation": abbr.group(1) if abbr else None, "line": i + 1}
            )
            continue
        if section == "special_projects" and line.startswith("  - "):
            item = text.lstrip("- ")
            abbr = re.search(r"\(([^)]+)\)", item)
            quoted = _QUOTED.search(item)
            name = quoted.group(1) if quoted else item.split(" (")[0]
            out["special_projects"].append(
                {"name": name, "abbreviation": abbr.group(1) if abbr else None, "line": i + 1}
            )
            continue
        init = re.search(r"Initiative[n]? „(.+?)“", text) or re.search(r"z\. B\.: „(.+?)“", text)
        if init:
            out["initiatives"].append({"name": init.group(1), "line": i + 1})
            continue
        kick = re.search(r"Kick-off-Workshop \(geplanter Termin: (\S+)\)", text)
        if kick:
            field_line = max(j for j in range(start, i) if "Wachstumsfeld" in ctx.lines[j])
            field_name = ctx.lines[field_line].split("Wachstumsfeld", 1)[1].strip()
            out["events"].append(
                {
                    "title": f"Kick-off-Workshop Roadmap {field_name}",
                    "date": kick.group(1),
                    "status": "planned",
                    "status_line": i + 1,
                    "place": None,
                    "partners": [],
                    "cluster": field_name,
                    "line": i + 1,
                    "table": None,
                }
            )
            continue
        if "geplanten Auslandsreisen" in text:
            trips_planned = i + 1  # "… bei geplanten Auslandsreisen …" marks the trips below
        trip = re.search(r"^- (\w+reise nach .+?) \((.+); (\S+)\)$", text)
        if trip:
            if trips_planned is None:
                raise ctx.fail(i, "a trip without the line that calls the trips planned")
            out["trips"].append(
                {
                    "title": trip.group(1),
                    "topics": trip.group(2),
                    "date": trip.group(3),
                    "status": "planned",
                    "status_line": trips_planned,
                    "line": i + 1,
                }
            )
    out["events"] += _events(ctx, start, end)
    for key in ("panels", "application_centres", "growth_cores", "special_projects", "events"):
        if not out[key]:
            raise ctx.fail(start, f"Anlage 1: no {key.replace('_', ' ')} found")
    return out


def _events(ctx: _Ctx, start: int, end: int) -> list[dict]:
    """Both events tables: (date, title, place, partners), with the table they stand in."""
    out = []
    table = None
    for i in range(start, end):
        plain = normalise_space(_strip_tags(ctx.lines[i])).lstrip("#* ").rstrip("* ")
        if plain.startswith("Veranstaltungen mit dem ThCM als"):
            table = plain.split("als", 1)[1].strip()
            continue
        cells = ctx.lines[i].split("\t")
        if table is None or len(cells) < 4 or _strip_tags(cells[0]).strip() == "Zeitraum":
            continue
        date = _strip_tags(cells[0]).strip()
        title_html = cells[1]
        title = normalise_space(_strip_tags(re.split(r"<ul", title_html)[0]))
        partners = [
            normalise_space(p) for p in re.split(r",\s*", _strip_tags(cells[3])) if p.strip()
        ]
        out.append(
            {
                "title": title,
                "date": date.replace("-geplant", ""),
                "status": "planned" if "geplant" in date else "not-stated",
                "status_line": i + 1,
                "place": _strip_tags(cells[2]).strip(),
                "partners": partners,
                "notes": [normalise_space(_strip_tags(x)) for x in _LI.findall(title_html)],
                "cluster": None,
                "line": i + 1,
                "table": table,
            }
        )
    if not out:
        raise ctx.fail(start, "Anlage 1: no events table rows found")
    return out


def _summary_table(ctx: _Ctx) -> list[dict]:
    """Anlage 2: per growth field the figures and the network, each value with its line."""
    start = ctx.find(r"^## Anlage 2")
    end = ctx.find(r"^Quellen:", start)
    rows = []
    last: dict[str, Any] | None = None
    col_notes: list[int | None] = []  # the header's footnote per column ("Unternehmen ¹" …)
    for i in range(start + 1, end):
        cells = ctx.lines[i].split("\t")
        if len(cells) >= 5 and "Unternehmen" in cells[1]:
            col_notes = [_footnote(c) for c in cells]
            continue
        if len(cells) < 5 or not cells[1].strip():
            continue
        label = normalise_space(cells[0])
        if not label and last is not None:
            label = last["label"]
            variant = "alternative"
        else:
            variant = "main"
        subs = [None, *re.findall(r"darunter ([A-ZÄÖÜ][\wäöü]+)", label)]
        name = re.split(r"\s+darunter\s+", label)[0]
        values: dict[str, list] = {}
        for col, prop in enumerate(
            ("companyCount", "employeeCount", "turnoverEUR", "exportQuotePercent")
        ):
            parts = _SUMMARY_VALUE.findall(cells[col + 1])
            values[prop] = [_summary_value(prop, p) for p in parts]
            for v in values[prop]:  # a cell's own footnote, else its column's
                v["source_note"] = v.get("footnote") or _at(col_notes, col + 1)
        row: dict[str, Any] = {
            "label": label,
            "name": name,
            "subfields": subs,
            "variant": variant,
            "line": i + 1,
            "values": values,
        }
        if len(cells) >= 8 and cells[5].strip():
            row["network"] = {
                "name": normalise_space(cells[5]),
                "members": int(cells[6]),
                "companies": int(cells[7]),
                "source_note": _at(col_notes, 5),  # "Netzwerke ⁶" heads the three columns
            }
        rows.append(row)
        last = row
    if len(rows) < 12:
        raise ctx.fail(start, f"Anlage 2: expected a row per growth field, found {len(rows)}")
    _cite_footnotes(ctx, rows, _footnotes(ctx, end, len(ctx.lines)), end)
    return rows


def _at(notes: list[int | None], col: int) -> int | None:
    return notes[col] if col < len(notes) else None


def _cite_footnotes(
    ctx: _Ctx, rows: list[dict], notes: dict[int, tuple[str, str | None, int]], end: int
) -> None:
    """Each Anlage 2 value gets the source, reference date and line of its footnote (lines
    681–691: the LEG's database "Stand: September 2012", the TLS statistic "im Jahr 2011", the
    Trendatlas "Zahlenwerte aus 2008", the networks' websites …)."""
    for row in rows:
        net = row.get("network")
        for v in [*(v for vs in row["values"].values() for v in vs), *([net] if net else [])]:
            n = v.pop("source_note")
            if n is None:
                continue
            if n not in notes:
                raise ctx.fail(row["line"] - 1, f"Anlage 2: footnote {n} is not printed below")
            v["source"], v["reference_date"], v["source_line"] = notes[n]


def _apply_summary_overrides(ctx: _Ctx, summary: list[dict], overrides: list[dict]) -> list[dict]:
    """Re-align a summary cell whose values belong to other sub-fields than the parser assumes."""
    applied = []
    for ov in overrides:
        row = next((r for r in summary if r["line"] == ov["line"]), None)
        prop = ov["property"]
        if row is None or prop not in row["values"]:
            raise ctx.fail(ov["line"] - 1, f"override for {prop} no longer matches this line")
        values = row["values"][prop]
        subs = ov["subfields"]
        if len(values) != len(subs):
            raise ctx.fail(
                ov["line"] - 1, f"override names {len(subs)} sub-fields for {len(values)} values"
            )
        row.setdefault("aligned", {})[prop] = subs
        applied.append({"line": ov["line"], "property": prop, "reason": ov["reason"]})
    return applied


def _summary_value(prop: str, text: str) -> dict:
    note = _footnote(text)
    clean = normalise_space(_strip_tags(_SUP.sub("", text)))
    if clean == "keine Angaben":
        return {"value": None, "not_stated": True}
    fig = _figure(
        prop, clean.replace(" ", "") if prop != "exportQuotePercent" else clean, 0, None, None
    )
    return {
        "value": fig.value if fig else None,
        "approximate": bool(fig and fig.approximate),
        "footnote": note,
        "printed": clean,
    }


def _cross_check(fields: list[GrowthField], summary: list[dict]) -> list[dict]:
    """Every value of Anlage 2 compared with the section's: the pairs whose numbers differ
    (``numeric-conflict``), whose qualifier in parentheses differs (``qualifier``: "nur WZ 10" vs
    "nur WZ 10 ohne Getränke", a scope note on the row such as "außer Energieerzeugung") or whose
    ``ca.`` is on one side only (``approximation``), each with both printed texts and lines."""
    out = []
    for row in summary:
        gf = next((f for f in fields if _same_field(row["name"].split(" (")[0], f.name)), None)
        if gf is None:
            continue
        scope = _qualifier(row["name"])
        if scope and not re.fullmatch(r"[A-ZÄÖÜ]{2,}", scope):
            out.append(
                _pair("qualifier", gf.name, None, None, gf.table_line, f"Wachstumsfeld {gf.name}")
                | {
                    "summary_value": None,
                    "summary_line": row["line"],
                    "summary_printed": row["name"],
                }
            )
        for prop, vals in row["values"].items():
            subs = row.get("aligned", {}).get(prop, row["subfields"])
            for sub, val in zip(subs, vals, strict=False):
                if val.get("value") is None:
                    continue
                dataset_wanted = row["variant"] == "alternative"
                section = [
                    f
                    for f in gf.figures
                    if f.property == prop
                    and f.subfield == sub
                    and (f.dataset is not None) == dataset_wanted
                ]
                if not section and sub is None:
                    section = [f for f in gf.figures if f.property == prop and f.subfield is None]
                if not section:
                    continue
                fig = section[0]
                mine_value = fig.value
                if mine_value is None:
                    continue
                theirs = {
                    "summary_value": val["value"],
                    "summary_line": row["line"],
                    "summary_printed": val.get("printed"),
                }
                if Decimal(mine_value) != Decimal(val["value"]):
                    kinds = ["numeric-conflict"]
                else:
                    kinds = []
                    if _qualifier(fig.raw) != _qualifier(val.get("printed") or ""):
                        kinds.append("qualifier")
                    if fig.approximate != bool(val.get("approximate")):
                        kinds.append("approximation")
                for kind in kinds:
                    out.append(
                        _pair(kind, gf.name, sub, prop, fig.line, fig.raw, mine_value) | theirs
                    )
        net = row.get("network")
        if net and gf.networks:
            n = gf.networks[0]
            for prop, mine in (("memberCount", n.members), ("companyMemberCount", n.companies)):
                theirs_n = net["members"] if prop == "memberCount" else net["companies"]
                if mine is not None and mine != theirs_n and n.members_line is not None:
                    out.append(
                        _pair("numeric-conflict", n.name, None, prop, n.members_line, str(mine))
                        | {
                            "summary_value": str(theirs_n),
                            "summary_line": row["line"],
                            "summary_printed": str(theirs_n),
                        }
                    )
    return out


def _pair(
    kind: str,
    subject: str,
    sub: str | None,
    prop: str | None,
    line: int,
    printed: str | None,
    value: str | None = None,
) -> dict:
    return {
        "kind": kind,
        "subject": subject,
        "subfield": sub,
        "property": prop,
        "section_value": value if value is not None else printed,
        "section_line": line,
        "section_printed": printed,
    }


def _qualifier(text: str | None) -> str:
    """The words in parentheses of a printed value or label, ``""`` when there are none.

    >>> _qualifier("ca. 14,7 % (nur WZ 10)"), _qualifier("14,7 (nur WZ 10 ohne Getränke)")
    ('nur WZ 10', 'nur WZ 10 ohne Getränke')
    """
    m = re.search(r"\(([^)]*)\)", text or "")
    return normalise_space(m.group(1)) if m else ""
