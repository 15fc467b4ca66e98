"""The network boxes of the growth fields: members, companies, research members, themes,
activities, website."""

from __future__ import annotations

import re

from innograph.ingest.cluster_brochure.records import (
    _NETWORK,
    _ROW_LABEL,
    GrowthField,
    Network,
    _Ctx,
)
from innograph.ingest.text import normalise_space


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
        parts: dict[str, list[tuple[str, int]]] = {}  # a row's lines (a cell may wrap)
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
                parts[label] = [(row.group("value"), j + 1)]
            elif label and ctx.lines[j].startswith("\t"):
                value, first = rows[label]
                rows[label] = (value + " " + ctx.lines[j], first)
                parts[label].append((ctx.lines[j], j + 1))
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
        net.theme_lines = [_item_line(parts["Themenfelder"], t) for t in net.themes]
        activities = rows.get("wichtige Aktivitäten und Projekte")
        net.activities = _items(activities[0]) if activities else []
        if activities and "<li>" not in activities[0] and _STATUS.match(net.activities[0]):
            # no list of activities but a sentence on where the network stands: a status
            net.status, net.status_line, net.activities = net.activities[0], activities[1] + 1, []
        net.activity_lines = [
            _item_line(parts["wichtige Aktivitäten und Projekte"], a) for a in net.activities
        ]
        url = re.search(r'href="([^"]+)"', site[0])
        text = _strip_tags(site[0]).strip()
        net.website = url.group(1) if url else "http://" + text
        net.website_line = site[1] + 1
        gf.networks.append(net)


_STATUS = re.compile(r"^(?:derzeit|zurzeit|aktuell|momentan)\b", re.IGNORECASE)
"""A plain activities cell that begins so says what the network is doing now, as a whole."""


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


def _item_line(parts: list[tuple[str, int]], item: str) -> int:
    """The line of a box cell that prints ``item`` (``Heading: item`` by its item), else the
    cell's first line."""
    words = item.split(": ", 1)[-1]
    for text, line in parts:
        if words in normalise_space(_strip_tags(text)):
            return line
    return parts[0][1]


def _int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")
