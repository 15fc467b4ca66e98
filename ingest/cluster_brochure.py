"""The Thuringian cluster-management brochure (``003_…txt``, 2012) → records.

The text is markdown with HTML table fragments from a PDF. Per growth field it has a figures
table (``<b>Wachstumsfeld …</b>`` + a header row + data rows, optionally per sub-field), the
strengths and weaknesses as ``<li>`` items, the source footnotes (``Quellen:``), and a network
box (``<b>Netzwerk …</b>`` with members, themes, activities, website). Then the structures
(ClusterCouncil, ClusterBoard, ThCM), Anlage 1 (panels, application centres, growth cores,
special projects, initiatives, two events tables) and Anlage 2 (the summary table).

The parser yields plain records with line numbers; ``ingest.clusters`` maps them to triples.
Numbers: ``ca.`` sets ``approximate``; ``keine Angaben`` and ``-`` give no value (recorded as
``not_stated``); turnover is converted from billions to euros.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from innograph.graph.errors import SourceError
from innograph.ingest.text import normalise_space

__all__ = ["FILE", "Figure", "Network", "parse_brochure"]

FILE = "003_7f60bfa5933ed3d6.txt"

COLUMNS = ("companyCount", "employeeCount", "turnoverEUR", "gvaSharePercent", "exportQuotePercent")
"""The five columns of every growth-field figures table, as ontology property names."""

_TABLE = re.compile(r"^<b>Wachstumsfeld (?P<name>.+?)</b>\s*$")
_NETWORK = re.compile(r"^<b>Netzwerk (?P<name>.+?)</b>\s*$")
_ROW_LABEL = re.compile(r"^<b>(?P<label>[^<]+)</b>\t(?P<value>.*)$")
_SUB = re.compile(r"^(?:<i>)?(?P<sub>[A-ZÄÖÜ][\wäöü]+|gesamt):?(?:</i>)?\s*$")
_SUP = re.compile(r"<sup>\s*(\d)\s*</sup>")
_LI = re.compile(r"<li>\s*(?:•\s*)?(.*?)\s*</li>")
_GROUP_ITEM = re.compile(r"^\s*-\s+(?P<name>.+?)\s*$")
_QUOTED = re.compile(r"„(.+?)“")
_SUMMARY_VALUE = re.compile(
    r"(?:ca\.\s*)?\d[\d. ]*(?:,\d+)?(?:\s*<sup>\d</sup>)?(?:\s*\((?:nur )?WZ[^)]*\))?"
    r"|keine Angaben"
)


@dataclass
class Figure:
    """One number of a figures table, with its column, sub-field and provenance."""

    property: str
    value: str | None
    approximate: bool
    line: int
    subfield: str | None = None
    footnote: int | None = None
    source: str | None = None
    reference_date: str | None = None
    wz: str | None = None
    dataset: str | None = None
    not_stated: bool = False
    raw: str = ""


@dataclass
class Network:
    """A network box."""

    name: str
    legal_form: str | None
    abbreviation: str | None
    line: int
    cluster: str
    members: int | None = None
    companies: int | None = None
    research: int | None = None
    members_line: int | None = None
    themes: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    website: str | None = None
    website_line: int | None = None


@dataclass
class GrowthField:
    """A growth field / branch section."""

    name: str
    line: int
    table_line: int
    group: str | None = None
    figures: list[Figure] = field(default_factory=list)
    strengths: list[dict] = field(default_factory=list)
    weaknesses: list[dict] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)


def parse_brochure(path: Path, overrides: list[dict] | None = None) -> dict[str, Any]:
    """Parse the brochure into a JSON-ready dict of records (see the module docstring).

    Raises
    ------
    SourceError
        With the file and line, for a figures table without data rows, a network box without
        its members or website row, a missing structure or appendix that the brochure has.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    ctx = _Ctx(path, lines)
    groups = _groups(ctx)
    fields = _growth_fields(ctx, groups)
    summary = _summary_table(ctx)
    applied = _apply_summary_overrides(ctx, summary, overrides or [])
    return {
        "source": FILE,
        "groups": groups,
        "growth_fields": [asdict(f) for f in fields],
        "structures": _structures(ctx),
        "management": _management(ctx),
        "appendix1": _appendix1(ctx),
        "summary": summary,
        "disagreements": _cross_check(fields, summary),
        "overrides": applied,
    }


# --- parsing helpers -----------------------------------------------------------------


@dataclass
class _Ctx:
    path: Path
    lines: list[str]

    def fail(self, index: int | None, message: str) -> SourceError:
        return SourceError(self.path, None if index is None else index + 1, message)

    def find(self, pattern: str, start: int = 0, end: int | None = None) -> int:
        rx = re.compile(pattern)
        for i in range(start, len(self.lines) if end is None else end):
            if rx.search(self.lines[i]):
                return i
        raise self.fail(start, f"expected a line matching {pattern!r} after this line")


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
            fig.source, fig.reference_date = note
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


def _footnotes(ctx: _Ctx, start: int, end: int) -> dict[int, tuple[str, str | None]]:
    """``{n: (source, reference date)}`` from the ``Quellen:`` lines after a table."""
    notes: dict[int, tuple[str, str | None]] = {}
    for i in range(start, end):
        line = ctx.lines[i]
        if line.startswith(("<b>Netzwerk", "#")):
            break
        for m in re.finditer(r"<sup>\s*(\d)\s*</sup>\s*([^<]+)", line):
            text = normalise_space(m.group(2)).rstrip(";").strip()
            notes.setdefault(int(m.group(1)), (_short_source(text), _reference_date(text)))
    return notes


def _short_source(text: str) -> str:
    text = re.sub(r"^Quelle:\s*", "", text)
    return text.split(", WZ =")[0].split(" – bis auf")[0][:120]


_MONTHS = {
    "Januar": 1,
    "Februar": 2,
    "März": 3,
    "April": 4,
    "Mai": 5,
    "Juni": 6,
    "Juli": 7,
    "August": 8,
    "September": 9,
    "Oktober": 10,
    "November": 11,
    "Dezember": 12,
}


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


def _list_items(raw: str, index: int) -> list[dict]:
    items = []
    sub = None
    for m in re.finditer(r"<i>([^<]+?):?</i>|<li>\s*(?:•\s*)?(.*?)\s*</li>", raw):
        if m.group(1):
            sub = m.group(1).rstrip(":")
        else:
            items.append(
                {
                    "text": normalise_space(_strip_tags(m.group(2))),
                    "subfield": sub,
                    "line": index + 1,
                }
            )
    return items


def _networks(ctx: _Ctx, gf: GrowthField, start: int, end: int) -> None:
    for i in range(start, end):
        m = _NETWORK.match(ctx.lines[i])
        if not m:
            continue
        net = _network_header(m.group("name"), i, gf.name)
        rows: dict[str, tuple[str, int]] = {}
        label = None
        j = i + 1
        while j < end and not ctx.lines[j].startswith("Quelle"):
            if not ctx.lines[j].strip():
                k = j + 1
                while k < end and not ctx.lines[k].strip():
                    k += 1
                if k < end and (ctx.lines[k].startswith("\t") or _ROW_LABEL.match(ctx.lines[k])):
                    j = k  # the box continues after a page break
                    continue
                break
            row = _ROW_LABEL.match(ctx.lines[j])
            if row:
                label = row.group("label").strip()
                rows[label] = (row.group("value"), j)
            elif label and ctx.lines[j].startswith("\t"):
                value, first = rows[label]
                rows[label] = (value + " " + ctx.lines[j], first)
            j += 1
        for required in ("Mitglieder", "Themenfelder"):
            if required not in rows:
                raise ctx.fail(i, f"network box {net.name!r} is incomplete: no {required!r} row")
        site = rows.get("Webseite") or rows.get("Website")
        if site is None:
            raise ctx.fail(i, f"network box {net.name!r} is incomplete: no website row")
        members, net.members_line = rows["Mitglieder"][0], rows["Mitglieder"][1] + 1
        net.members = _int(r"^(\d+)\s+Mitglieder", members)
        net.companies = _int(r"(\d+)\s+Unternehmen", members)
        net.research = _int(r"(\d+)\s+(?:Hochschulen?\s+und\s+)?FuE-Einrichtung", members)
        if net.members is None:
            raise ctx.fail(net.members_line - 1, f"network {net.name!r}: no member count")
        net.themes = _items(rows["Themenfelder"][0])
        activities = rows.get("wichtige Aktivitäten und Projekte")
        net.activities = _items(activities[0]) if activities else []
        url = re.search(r'href="([^"]+)"', site[0])
        text = _strip_tags(site[0]).strip()
        net.website = url.group(1) if url else "http://" + text
        net.website_line = site[1] + 1
        gf.networks.append(net)


def _network_header(text: str, index: int, cluster: str) -> Network:
    text = normalise_space(text)
    abbr = None
    paren = re.search(r"\(([A-Za-z-]+)\)", text)
    if paren:
        abbr = paren.group(1)
    legal = re.search(r"\b(e\.\s?V\.|eG|e\.\s?G\.|GmbH)\s*(?:\([^)]*\))?\s*$", text)
    legal_form = legal.group(1).replace(" ", "") if legal else None
    name = re.sub(r"\s*\((?:at)\)\s*$", "", text)
    return Network(
        name=name, legal_form=legal_form, abbreviation=abbr, line=index + 1, cluster=cluster
    )


def _items(html: str) -> list[str]:
    """List items of a box cell; headings in ``<p><b>…</b></p>`` prefix the items under them."""
    out = []
    heading = None
    for m in re.finditer(r"<p><b>([^<]+)</b></p>|<li>\s*(?:•\s*)?(.*?)\s*</li>", html):
        if m.group(1):
            heading = m.group(1).strip()
            continue
        item = normalise_space(_strip_tags(m.group(2)))
        out.append(f"{heading}: {item}" if heading else item)
    if not out:
        plain = normalise_space(_strip_tags(html))
        if plain:
            out.append(plain)
    return out


def _int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")


def _structures(ctx: _Ctx) -> list[dict]:
    """ClusterCouncil, ClusterBoard and ThCM: who sits on them, who leads, where they sit."""
    council = ctx.find(r"^### 3\.2\.1 ClusterCouncil")
    board = ctx.find(r"^### 3\.2\.2 ClusterBoard", council)
    thcm = ctx.find(r"^### 3\.2\.3 Thüringer ClusterManagement", board)
    members: list[dict[str, Any]] = []
    i = ctx.find(r"setzt sich zusammen aus", council, board)
    for j in range(i + 1, board):
        item = _GROUP_ITEM.match(ctx.lines[j])
        if not item:
            if members:
                break
            continue
        text = item.group("name").rstrip(",.")
        abbr = re.search(r"\(([A-Za-zÄÖÜäöü]+)\)\s*$", text)
        if abbr:
            members.append({"name": abbr.group(1), "line": j + 1})
        else:
            for part in re.split(r",\s*|\s+und\s+", re.sub(r"^der\s+", "", text)):
                members.append({"name": part.strip(), "line": j + 1})
    guests_line = ctx.find(r"Zudem nehmen am ClusterCouncil", council, board)
    guests = [
        {"name": n, "line": guests_line + 1}
        for n in re.findall(r"\b(LEG|ThCM|ThEGA|TMWAT)\b", ctx.lines[guests_line])
    ]
    lead_line = ctx.find(r"Federführung des ClusterBoards obliegt", board, thcm)
    lead = re.search(r"obliegt dem (.+?)\.", ctx.lines[lead_line])
    meets = {
        "ClusterCouncil": _meets(ctx, council, board),
        "ClusterBoard": _meets(ctx, board, thcm),
    }
    in_leg = ctx.find(r"In der LEG wird eine Koordinierungsstelle", thcm)
    return [
        {
            "name": "ClusterCouncil",
            "line": council + 1,
            "members": members,
            "guests": guests,
            "meets": meets["ClusterCouncil"],
        },
        {
            "name": "ClusterBoard",
            "line": board + 1,
            "lead": lead.group(1) if lead else None,
            "lead_line": lead_line + 1,
            "meets": meets["ClusterBoard"],
        },
        {
            "name": "Thüringer ClusterManagement",
            "abbreviation": "ThCM",
            "line": thcm + 1,
            "part_of": "LEG",
            "part_of_line": in_leg + 1,
        },
    ]


def _meets(ctx: _Ctx, start: int, end: int) -> dict | None:
    for i in range(start, end):
        m = re.search(r"kommt regelmäßig (\w+) im Jahr zusammen", ctx.lines[i])
        if m:
            return {"per_year": {"einmal": 1, "zweimal": 2}.get(m.group(1)), "line": i + 1}
    return None


def _management(ctx: _Ctx) -> list[dict]:
    """Which agency looks after which growth field (ThCM, ThEGA, ThAK), with the line."""
    i = ctx.find(r"Das ThCM bearbeitet (\d+) der (\d+) im Trendatlas")
    line = ctx.lines[i]
    out = []
    thega = re.search(r"Betreuung der Wachstumsfelder (.+?) erfolgt in Arbeitsteilung", line)
    if not thega or "(ThEGA)" not in line:
        raise ctx.fail(i, "expected which growth fields ThEGA looks after")
    thega_fields = _QUOTED.findall(thega.group(1))
    thak = re.search(r"Das Wachstumsfeld „(.+?)“ wird außerhalb der LEG", line)
    if not thak or "(ThAK)" not in line:
        raise ctx.fail(i, "expected which growth field ThAK looks after")
    counts = re.search(r"bearbeitet (\d+) der (\d+)", line)
    if not counts:
        raise ctx.fail(i, "expected how many of the growth fields the ThCM looks after")
    branches = _QUOTED.findall(line.split("sowie perspektivisch")[1].split(".")[0])
    out.append(
        {
            "agency": "ThCM",
            "line": i + 1,
            "all_but": [thak.group(1)],
            "fields_count": int(counts.group(1)),
            "of": int(counts.group(2)),
            "branches": branches,
        }
    )
    out.append({"agency": "ThEGA", "line": i + 1, "fields": thega_fields, "shared_with": "ThCM"})
    out.append({"agency": "ThAK", "line": i + 1, "fields": [thak.group(1)]})
    return out


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
                    "planned": panel.group(4) is not None,
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
            abbr = re.search(r"\(([^)]+)\)\s*$", text)
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
                    "place": None,
                    "partners": [],
                    "cluster": field_name,
                    "line": i + 1,
                    "table": None,
                }
            )
            continue
        trip = re.search(r"^- (\w+reise nach .+?) \((.+); (\S+)\)$", text)
        if trip:
            out["trips"].append(
                {
                    "title": trip.group(1),
                    "topics": trip.group(2),
                    "date": trip.group(3),
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
                "planned": "geplant" in date,
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
    for i in range(start + 1, end):
        cells = ctx.lines[i].split("\t")
        if len(cells) < 5 or not cells[1].strip() or "Unternehmen" in cells[1]:
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
            }
        rows.append(row)
        last = row
    if len(rows) < 12:
        raise ctx.fail(start, f"Anlage 2: expected a row per growth field, found {len(rows)}")
    return rows


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
    }


def _cross_check(fields: list[GrowthField], summary: list[dict]) -> list[dict]:
    """Every value of Anlage 2 compared with the section's; the pairs that differ."""
    out = []
    for row in summary:
        gf = next((f for f in fields if _same_field(row["name"].split(" (")[0], f.name)), None)
        if gf is None:
            continue
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
                if (
                    section
                    and section[0].value is not None
                    and Decimal(section[0].value) != Decimal(val["value"])
                ):
                    out.append(
                        {
                            "subject": gf.name,
                            "subfield": sub,
                            "property": prop,
                            "section_value": section[0].value,
                            "section_line": section[0].line,
                            "summary_value": val["value"],
                            "summary_line": row["line"],
                        }
                    )
        net = row.get("network")
        if net and gf.networks:
            n = gf.networks[0]
            for prop, mine in (("memberCount", n.members), ("companyMemberCount", n.companies)):
                theirs = net["members"] if prop == "memberCount" else net["companies"]
                if mine is not None and mine != theirs:
                    out.append(
                        {
                            "subject": n.name,
                            "subfield": None,
                            "property": prop,
                            "section_value": str(mine),
                            "section_line": n.members_line,
                            "summary_value": str(theirs),
                            "summary_line": row["line"],
                        }
                    )
    return out
