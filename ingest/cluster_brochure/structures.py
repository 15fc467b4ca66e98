"""The structures: ClusterCouncil, ClusterBoard and who manages which growth field."""

from __future__ import annotations

import re
from typing import Any

from innograph.ingest.cluster_brochure.records import (
    _GROUP_ITEM,
    _QUOTED,
    _Ctx,
)


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
