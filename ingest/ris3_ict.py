"""The RIS3 specialisation field "ICT, innovative and production-related services" (``000_…txt``).

An English web page: figures with their reference year, topics, strategic objectives, research
focuses, networks with their figures, application centres, the count of universities and
research facilities. Each fact with its line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, SCHEMA
from innograph.ingest.cluster_context import GYEAR, MappingContext
from innograph.ingest.graph_builder import GraphBuilder, state
from innograph.ingest.registries import cluster_iri
from innograph.ingest.source_documents import source_iri

__all__ = ["FILE", "map_ris3", "parse_ris3_ict"]

FILE = "000_0dc5d06f95507fef.txt"
_BULLET = re.compile(r"^\s*•\s+(?P<text>.+?)\s*$")


def parse_ris3_ict(path: Path) -> dict[str, Any]:
    """Parse the page; a missing section raises ``SourceError`` with the file and line."""
    lines = path.read_text(encoding="utf-8").split("\n")

    def find(pattern: str, start: int = 0) -> int:
        for i in range(start, len(lines)):
            if re.search(pattern, lines[i]):
                return i
        raise SourceError(path, start + 1, f"expected a line matching {pattern!r} after this line")

    def search(pattern: str, at: int) -> re.Match[str]:
        """``pattern`` searched in line ``at`` (0-based); ``SourceError`` there if it is absent."""
        m = re.search(pattern, lines[at])
        if m is None:
            raise SourceError(path, at + 1, f"expected {pattern!r} in this line")
        return m

    def bullets(start: int) -> list[dict]:
        out = []
        i = start + 1
        while i < len(lines) and (not lines[i].strip() or _BULLET.match(lines[i])):
            m = _BULLET.match(lines[i])
            if m:
                out.append({"text": m.group("text"), "line": i + 1})
            elif out:
                break
            i += 1
        if not out:
            raise SourceError(path, start + 1, "expected a bulleted list after this line")
        return out

    figures_at = find(r"in figures\s*$")
    asof = find(r"as of (\d{4})", figures_at)
    year = search(r"as of (\d{4})", asof).group(1)
    figures = []
    for i in range(figures_at + 1, asof):
        m = re.match(r"^(?P<num>[\d.]+)\s+(?P<what>.+)$", lines[i].strip())
        if not m:
            continue
        what = m.group("what").lower()
        value = m.group("num")
        if "turnover" in what:
            prop, value = "turnoverEUR", str(round(float(value) * 1_000_000_000))
        elif "compan" in what:
            prop = "companyCount"
        elif "employees" in what:
            prop = "employeeCount"
        else:
            continue
        figures.append(
            {
                "property": prop,
                "value": value,
                "approximate": "rounded" in lines[asof],
                "reference_date": year,
                "line": i + 1,
            }
        )
    if len(figures) != 3:
        raise SourceError(path, figures_at + 1, f"expected 3 figures, found {len(figures)}")

    science = find(r"scientific expertise .* found in (\w+) universities")
    sm = search(
        r"in (\w+) universities \((\w+) universities and (\w+) universities of applied "
        r"sciences\) and (\w+) research facilities",
        science,
    )
    research = find(r"^Research focuses include")
    focuses = (
        re.sub(r"^Research focuses include\s+", "", lines[research]).split(". ")[0].rstrip(".")
    )
    centres_m = re.search(r"application centres \((.+?)\)", lines[research])
    if not centres_m:
        raise SourceError(path, research + 1, "expected the application centres in parentheses")
    networks_at = find(r"^\s*•\s+Networks")
    it_net = find(r"^\s*IT network Thuringia\s*$", networks_at)
    it_desc = find(r"companies with a total of about", it_net)
    it_m = search(r"(\d+) companies with a total of about ([\d,]+) employees", it_desc)
    mobile = find(r"^\s*Mobile Cluster Central Germany\s*$", networks_at)
    mobile_desc = find(r"established in (\d{4})", mobile)
    mm = search(r"established in (\d{4})", mobile_desc)
    members_line = find(r"currently has (\w+) members, whose (\d+) employees", mobile_desc)
    mem = search(r"currently has (\w+) members, whose (\d+) employees", members_line)
    itnet_line = find(r"With (.+? e\.V\.), a network has been established")
    return {
        "source": FILE,
        "title": lines[0].strip(),
        "title_line": 1,
        "figures": figures,
        "topics": bullets(find(r"topics currently prove to have potential")),
        "objectives": bullets(find(r"strategic objectives are at the forefront")),
        "research_focuses": [
            {"text": f.strip(), "line": research + 1}
            for f in re.split(r",\s*|\s+and\s+(?=technical)", focuses)
        ],
        "science": {
            "universities": _number(sm.group(1)),
            "universities_proper": _number(sm.group(2)),
            "universities_applied": _number(sm.group(3)),
            "research_facilities": _number(sm.group(4)),
            "line": science + 1,
        },
        "application_centres": [
            {"name": n.strip(), "line": research + 1}
            for n in re.split(r"\s+and\s+", centres_m.group(1))
        ],
        "networks": [
            {
                "name": "IT network Thuringia",
                "alias": search(r"With (.+? e\.V\.)", itnet_line).group(1),
                "line": it_net + 1,
                "alias_line": itnet_line + 1,
                "companyMemberCount": int(it_m.group(1)),
                "employeeCount": int(it_m.group(2).replace(",", "")),
                "employees_approximate": True,
                "figures_line": it_desc + 1,
            },
            {
                "name": "Mobile Cluster Central Germany",
                "line": mobile + 1,
                "founded": mm.group(1),
                "founded_line": mobile_desc + 1,
                "memberCount": _number(mem.group(1)),
                "employeeCount": int(mem.group(2)),
                "figures_line": members_line + 1,
            },
        ],
    }


_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


# --- mapping: the extract → triples ---------------------------------------------------


def map_ris3(ctx: MappingContext, data: dict) -> Graph:
    b = GraphBuilder(source_iri("ris3-ict-services"), ctx.topics)
    c = cluster_iri("ikt-dienstleistungen")
    b.provenance(c, data["title_line"])
    for f in data["figures"]:
        b.figure(
            c,
            f["property"],
            f["value"],
            line=f["line"],
            approximate=f["approximate"],
            reference_date=f["reference_date"],
            source="TLS data, own calculation",
        )
    for t in data["topics"]:
        b.topic(c, t["text"], "en", t["line"])
    for o in data["objectives"]:
        state(b.graph, b.doc, c, IG.objective, Literal(o["text"], lang="en"), o["line"])
    for r in data["research_focuses"]:
        state(b.graph, b.doc, c, IG.researchFocus, Literal(r["text"], lang="en"), r["line"])
    sci = data["science"]
    b.figure(
        c, "universityCount", str(sci["universities"]), line=sci["line"], reference_date="2020"
    )
    b.figure(c, "researchFacilityCount", str(sci["research_facilities"]), line=sci["line"])
    for centre in data["application_centres"]:
        s = b.initiative("application-centre", centre["name"], centre["line"], lang="en")
        b.add(s, IG.cluster, c)
        b.add(s, IG.cluster, cluster_iri("kreativwirtschaft"))
    for net in data["networks"]:
        n = ctx.known_org(net["name"], data["source"], net["line"])
        b.provenance(n, net["line"])
        b.add(n, IG.cluster, c)
        for prop in ("memberCount", "companyMemberCount", "employeeCount"):
            if prop in net:
                b.figure(
                    n,
                    prop,
                    str(net[prop]),
                    line=net["figures_line"],
                    approximate=prop == "employeeCount" and net.get("employees_approximate", False),
                )
        if "founded" in net:
            founded = Literal(net["founded"], datatype=GYEAR)
            state(b.graph, b.doc, n, SCHEMA.foundingDate, founded, net["founded_line"])
    return b.graph
