"""The Berlin-Brandenburg cluster "ICT, Media and Creative Industries" (``004_…txt``): figures,
sectors, innovation fields, projects and their volume, partner ministries, innovation strategy.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG
from innograph.ingest.cluster_context import MappingContext
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.registries import cluster_iri, region_iri
from innograph.ingest.source_documents import source_iri
from innograph.ingest.text import find_line

__all__ = ["FILE", "map_bb", "parse_bb_cluster"]

FILE = "004_d34dd52d2d0f4aa2.txt"
_WORDS = {"twelve": 12}


def parse_bb_cluster(path: Path) -> dict[str, Any]:
    """Parse the page; a missing fact raises ``SourceError`` naming the file and line."""
    lines = path.read_text(encoding="utf-8").split("\n")

    def find(pattern: str) -> tuple[int, re.Match]:
        return find_line(path, lines, pattern)

    strat_line, strat = find(
        r"guidelines of the (Berlin and Brandenburg innovation strategy (\d{4}))"
    )
    comp_line, comp = find(r"includes over ([\d,]+) companies")
    sect_line, sect = find(r"span (\d+) industrial sectors from (.+?)\. ")
    sectors = [s.strip() for s in re.split(r",\s*|\s+to\s+|\s+and\s+", sect.group(2)) if s.strip()]
    sen_line, sen = find(
        r"(Berlin Senate Department for [A-Z][\w, ]+?) and the "
        r"(Ministry for [\w, ]+? of the State of Brandenburg)"
    )
    proj_line, proj = find(
        r"total of (\d+) projects with a total volume of ([\d.]+) million Euro, "
        r"(\d+) of which were new"
    )
    fields_line, fields = find(r"core innovation fields .* are (.+)$")
    innovation_fields = [
        f.strip() for f in re.split(r",\s*|\s+as well as\s+", fields.group(1)) if f.strip()
    ]
    if int(sect.group(1)) < len(sectors):
        raise SourceError(path, sect_line, "more sectors named than counted")
    return {
        "source": FILE,
        "cluster": {"name": "ICT, Media and Creative Industries", "line": strat_line},
        "region": {"name": "Berlin-Brandenburg", "line": strat_line},
        "strategy": {"name": strat.group(1), "year": strat.group(2), "line": strat_line},
        "figures": [
            {
                "property": "companyCount",
                "value": comp.group(1).replace(",", ""),
                "minimum": True,
                "line": comp_line,
            },
            {"property": "sectorCount", "value": sect.group(1), "line": sect_line},
        ],
        "sectors": [{"name": s, "line": sect_line} for s in sectors],
        "partners": [
            {"name": sen.group(1), "state": "Berlin", "line": sen_line},
            {"name": sen.group(2), "state": "Brandenburg", "line": sen_line},
        ],
        "projects": {
            "count": int(proj.group(1)),
            "volumeEUR": str(int(float(proj.group(2)) * 1_000_000)),
            "new": int(proj.group(3)),
            "line": proj_line,
        },
        "innovation_fields": [{"name": f, "line": fields_line} for f in innovation_fields],
    }


# --- mapping: the extract → triples ---------------------------------------------------


def map_bb(ctx: MappingContext, data: dict) -> Graph:
    b = GraphBuilder(source_iri("bb-ict-media-creative"), ctx.topics)
    c = cluster_iri("bb-ikt-medien-kreativwirtschaft")
    b.provenance(c, data["cluster"]["line"])
    for f in data["figures"]:
        b.figure(c, f["property"], f["value"], line=f["line"], lower_bound=f.get("minimum", False))
    for s in data["sectors"]:
        b.topic(c, s["name"], "en", s["line"], prop=IG.sector)
    for fld in data["innovation_fields"]:
        b.topic(c, fld["name"], "en", fld["line"])
    for p in data["partners"]:
        b.add(c, IG.partner, ctx.org(p["name"]))
    pr = data["projects"]
    b.figure(c, "projectCount", str(pr["count"]), line=pr["line"])
    b.figure(c, "newProjectCount", str(pr["new"]), line=pr["line"])
    b.figure(c, "projectVolumeEUR", pr["volumeEUR"], line=pr["line"])
    st = data["strategy"]
    s = b.initiative("strategy", st["name"], st["line"], lang="en")
    b.add(s, IG.inRegion, region_iri("berlin-brandenburg"))
    b.add(c, IG.strategy, s)
    return b.graph
