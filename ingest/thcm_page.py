"""ThCM's "Partners and networks" page (``001_…txt``): the organisation and its address, the
company and technology database, the Cross-Cluster-Initiative Thuringia, the research landscape.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, ORG, RDFS, SCHEMA, entity
from innograph.ingest.cluster_context import MappingContext
from innograph.ingest.graph_builder import GraphBuilder, state
from innograph.ingest.registries import region_iri
from innograph.ingest.source_documents import source_iri
from innograph.ingest.text import find_line

__all__ = ["FILE", "map_thcm_page", "parse_thcm_page"]

FILE = "001_d97b0e8d750cb246.txt"
_WORDS = {"nine": 9, "eight": 8, "ten": 10}


def parse_thcm_page(path: Path) -> dict[str, Any]:
    """Parse the page; a missing fact raises ``SourceError`` naming the file."""
    lines = path.read_text(encoding="utf-8").split("\n")

    def find(pattern: str) -> tuple[int, re.Match]:
        return find_line(path, lines, pattern)

    org_line, org = find(r"^(Thüringer Clustermanagement) \((ThCM)\)\s*$")
    leg_line, leg = find(r"^(Landesentwicklungsgesellschaft Thüringen mbH) \((LEG Thüringen)\)")
    street_line, street = find(r"^(\S+straße \d+)\s*$")
    city_line, city = find(r"^(\d{5}) (\w+)\s*$")
    db_line, db = find(r"company and technology database.*Over ([\d,]+) profile entries")
    ccit_line, ccit = find(r"(Cross-Cluster-Initiative Thuringia) \((CCIT)\)")
    esca_line, _ = find(r"ESCA-Labeling")
    land_line, land = find(r"the state's (\w+) universities")
    societies = re.findall(
        r"(Max Planck Society|Fraunhofer Society|Gottfried Wilhelm Leibniz Science Association|"
        r"Helmholtz Society)",
        lines[land_line - 1],
    )
    if len(societies) != 4:
        raise SourceError(
            path, land_line, f"expected the four research societies, found {societies}"
        )
    return {
        "source": FILE,
        "organisation": {
            "name": org.group(1),
            "abbreviation": org.group(2),
            "line": org_line,
            "part_of": leg.group(2),
            "part_of_name": leg.group(1),
            "part_of_line": leg_line,
            "address": {
                "street": street.group(1),
                "postal_code": city.group(1),
                "city": city.group(2),
                "line": street_line,
                "city_line": city_line,
            },
        },
        "database": {
            "name": "Unternehmens- und Technologiedatenbank",
            "name_en": "Company and technology database",  # as the page names it
            "profiles": int(db.group(1).replace(",", "")),
            "approximate": True,
            "line": db_line,
        },
        "initiatives": [
            {
                "name": ccit.group(1),
                "abbreviation": ccit.group(2),
                "line": ccit_line,
                "coordinator": "ThCM",
            },
        ],
        "esca_labelling_line": esca_line,
        "research_landscape": {
            "universities": _WORDS.get(land.group(1), land.group(1)),
            "societies": [{"name": s, "line": land_line} for s in societies],
            "line": land_line,
        },
    }


# --- mapping: the extract → triples ---------------------------------------------------


def map_thcm_page(ctx: MappingContext, data: dict) -> Graph:
    b = GraphBuilder(source_iri("thcm-partners-networks"), ctx.topics)
    o = data["organisation"]
    path = data["source"]
    thcm = ctx.known_org(o["abbreviation"], path, o["line"])
    b.provenance(thcm, o["line"])
    leg = ctx.known_org(o["part_of"], path, o["part_of_line"])
    state(b.graph, b.doc, thcm, ORG.subOrganizationOf, leg, o["part_of_line"])
    a = o["address"]
    addr = b.node(entity("address", "thcm"), SCHEMA.PostalAddress, None, a["line"])
    b.add(addr, SCHEMA.streetAddress, Literal(a["street"]))
    b.add(addr, SCHEMA.postalCode, Literal(a["postal_code"]))
    b.add(addr, SCHEMA.addressLocality, Literal(a["city"]))
    b.add(thcm, SCHEMA.address, addr)
    b.add(thcm, SCHEMA.location, b.place(a["city"], a["city_line"]))
    db = data["database"]
    d = b.initiative("database", db["name"], db["line"])
    b.add(d, RDFS.label, Literal(db["name_en"], lang="en"))
    b.add(d, IG.lead, thcm)
    b.figure(d, "profileCount", str(db["profiles"]), line=db["line"], lower_bound=True)
    for i in data["initiatives"]:
        s = b.initiative("initiative", i["name"], i["line"], lang="en")
        b.add(s, SKOS.altLabel, Literal(i["abbreviation"]))
        b.add(s, IG.participant, thcm)
    land = data["research_landscape"]
    region = region_iri("thueringen")
    b.figure(region, "universityCount", str(land["universities"]), line=land["line"])
    for soc in land["societies"]:
        org = ctx.known_org(soc["name"], path, soc["line"])
        state(b.graph, b.doc, region, IG.mentions, org, soc["line"])
    return b.graph
