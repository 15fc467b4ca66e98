"""The four cluster sources: extract them to ``data/extracted/`` and map the extracts to triples.

- ``thcm-brochure-2012`` (``003``): growth fields with figures (and sub-fields), strengths and
  weaknesses, network boxes, ClusterCouncil/ClusterBoard/ThCM, who manages which field,
  Anlage 1 (panels, application centres, growth cores, special projects, initiatives, events,
  trips) and Anlage 2 (every value as a figure, disagreements as ``ig:conflictsWith``);
- ``ris3-ict-services`` (``000``), ``thcm-partners-networks`` (``001``),
  ``bb-ict-media-creative`` (``004``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, ORG, SCHEMA, entity, slugify
from innograph.ingest.bb_cluster import parse_bb_cluster
from innograph.ingest.cluster_brochure import parse_brochure
from innograph.ingest.datafile import load_json, load_records, web_address
from innograph.ingest.graph_builder import GraphBuilder, TopicTable
from innograph.ingest.registries import Cluster, cluster_iri, load_clusters, org_iri, region_iri
from innograph.ingest.resolution import Resolver
from innograph.ingest.ris3_ict import parse_ris3_ict
from innograph.ingest.source_documents import source_iri
from innograph.ingest.thcm_page import parse_thcm_page

__all__ = [
    "EXTRACTS",
    "disagreements",
    "extractors",
    "ingest_clusters",
    "unresolved_partners",
]

EXTRACTS = {
    "thcm-brochure-2012": "extracted/cluster_brochure.json",
    "ris3-ict-services": "extracted/ris3_ict.json",
    "thcm-partners-networks": "extracted/thcm_page.json",
    "bb-ict-media-creative": "extracted/bb_cluster.json",
}
_MAX_TEXT = 100


def extractors() -> dict[str, Callable[[Path, Path], dict[str, Any]]]:
    """Extract file → ``(sources_dir, data_dir) -> JSON data`` for the four cluster sources."""

    def brochure(sources: Path, data: Path) -> dict[str, Any]:
        overrides = [
            r.data
            for r in load_records(data / "overrides.yaml")
            if r.get("doc") == "thcm-brochure-2012"
        ]
        out = parse_brochure(_source(sources, "003_7f60bfa5933ed3d6.txt"), overrides)
        for gf in out["growth_fields"]:
            for item in gf["strengths"] + gf["weaknesses"]:
                item["text"] = _short(item["text"])
        return out

    def ris3(sources: Path, data: Path) -> dict[str, Any]:
        out = parse_ris3_ict(_source(sources, "000_0dc5d06f95507fef.txt"))
        for item in out["objectives"]:
            item["text"] = _short(item["text"], 90)
        return out

    return {
        EXTRACTS["thcm-brochure-2012"]: brochure,
        EXTRACTS["ris3-ict-services"]: ris3,
        EXTRACTS["thcm-partners-networks"]: lambda s, d: parse_thcm_page(
            _source(s, "001_d97b0e8d750cb246.txt")
        ),
        EXTRACTS["bb-ict-media-creative"]: lambda s, d: parse_bb_cluster(
            _source(s, "004_d34dd52d2d0f4aa2.txt")
        ),
    }


def ingest_clusters(data_dir: Path) -> dict[URIRef, Graph]:
    """Triples of the four cluster sources, each in its document's graph."""
    ctx = _Mapper(data_dir)
    return {
        source_iri("thcm-brochure-2012"): ctx.brochure(_load(data_dir, "thcm-brochure-2012")),
        source_iri("ris3-ict-services"): ctx.ris3(_load(data_dir, "ris3-ict-services")),
        source_iri("thcm-partners-networks"): ctx.thcm_page(
            _load(data_dir, "thcm-partners-networks")
        ),
        source_iri("bb-ict-media-creative"): ctx.bb(_load(data_dir, "bb-ict-media-creative")),
    }


def disagreements(data_dir: Path) -> list[dict]:
    """Where the brochure's Anlage 2 disagrees with its sections (both values kept)."""
    return _load(data_dir, "thcm-brochure-2012")["disagreements"]


def unresolved_partners(data_dir: Path) -> list[tuple[str, int, str]]:
    """(file, line, name) of every event partner or committee member that does not resolve."""
    resolver = Resolver.from_data(data_dir)
    data = _load(data_dir, "thcm-brochure-2012")
    out = []
    names = [(e["line"], p) for e in data["appendix1"]["events"] for p in e["partners"]]
    for s in data["structures"]:
        names += [(m["line"], m["name"]) for m in s.get("members", []) + s.get("guests", [])]
    for line, name in names:
        if any(r.status == "unresolved" for r in resolver.resolve_list(name)):
            out.append((data["source"], line, name))
    return out


# --- mapping ------------------------------------------------------------------------


class _Mapper:
    def __init__(self, data_dir: Path) -> None:
        self.resolver = Resolver.from_data(data_dir)
        self.clusters = load_clusters(data_dir)
        self.topics = TopicTable(data_dir)

    def cluster(self, name: str, path: str, line: int) -> Cluster:
        key = _key(name)
        for c in self.clusters:
            if key in {_key(n) for n in c.names}:
                return c
        raise SourceError(path, line, f"no cluster in data/clusters.yaml is called {name!r}")

    def org(self, name: str) -> URIRef | None:
        res = self.resolver.resolve(name)
        return org_iri(res.org) if res.org else None

    def known_org(self, name: str, path: str, line: int) -> URIRef:
        """The organisation ``name`` means; a ``SourceError`` at ``path``:``line`` if none."""
        iri = self.org(name)
        if iri is None:
            raise SourceError(
                path,
                line,
                f"{name!r} is no organisation in data/organisations.yaml or "
                "data/research_organisations.yaml (add it, or an alias)",
            )
        return iri

    def org_id(self, org_id: str) -> URIRef:
        return org_iri(self.resolver.by_id[org_id])

    def brochure(self, data: dict) -> Graph:
        b = GraphBuilder(source_iri("thcm-brochure-2012"), self.topics)
        path = data["source"]
        section_values: set[tuple[str, str]] = set()
        networks: list[URIRef] = []
        for g in data["groups"]:
            c = self.cluster(g["name"], path, g["line"])
            b.add(cluster_iri(c.id), SKOS.note, Literal(g["group"], lang="de"))
            b.provenance(cluster_iri(c.id), g["line"])
        for gf in data["growth_fields"]:
            main = self.cluster(gf["name"], path, gf["line"])
            for f in gf["figures"]:
                sub = self.cluster(f["subfield"], path, f["line"]) if f["subfield"] else main
                alt = f["dataset"] is not None
                if not alt and f["value"] is not None:
                    section_values.add((sub.id, f["property"]))
                b.figure(
                    cluster_iri(sub.id),
                    f["property"],
                    f["value"],
                    line=f["line"],
                    approximate=f["approximate"],
                    not_stated=f["not_stated"],
                    reference_date=f["reference_date"],
                    wz=f["wz"],
                    source=f["dataset"] or f["source"],
                    shortcut=not alt,
                )
            for kind, prop in (("strengths", IG.strength), ("weaknesses", IG.weakness)):
                for item in gf[kind]:
                    sub = (
                        self.cluster(item["subfield"], path, item["line"])
                        if item["subfield"]
                        else main
                    )
                    b.add(cluster_iri(sub.id), prop, Literal(item["text"], lang="de"))
            for net in gf["networks"]:
                n = self.org(net["name"])
                if n is None:
                    raise SourceError(
                        path,
                        net["line"],
                        f"network {net['name']!r} is not in data/organisations.yaml",
                    )
                networks.append(n)
                b.provenance(n, net["line"])
                b.add(n, IG.cluster, cluster_iri(main.id))
                if net["legal_form"]:
                    b.add(n, IG.legalForm, Literal(net["legal_form"]))
                for key in ("members", "companies", "research"):
                    if net[key] is not None:
                        name = {
                            "members": "memberCount",
                            "companies": "companyMemberCount",
                            "research": "researchMemberCount",
                        }[key]
                        b.figure(
                            n,
                            name,
                            str(net[key]),
                            line=net["members_line"],
                            reference_date="2012-09",
                            source="Webseite und Angaben des Netzwerks",
                        )
                b.add(n, SCHEMA.url, web_address(net["website"], path, net.get("website_line")))
                for theme in net["themes"]:
                    b.topic(n, theme, "de", net["line"])
                for activity in net["activities"]:
                    a = b.initiative(
                        "activity",
                        _short(activity, 120),
                        net["line"],
                        key=f"{slugify(net['name'])[:30]}--{slugify(activity)[:50]}",
                    )
                    b.add(a, IG.participant, n)
                    b.add(a, IG.cluster, cluster_iri(main.id))
        self._summary(b, data, section_values)
        self._structures(b, data, networks)
        self._appendix1(b, data)
        return b.graph

    def _summary(self, b: GraphBuilder, data: dict, section_values: set[tuple[str, str]]) -> None:
        path = data["source"]
        for row in data["summary"]:
            c = self.cluster(row["name"], path, row["line"])
            for prop, values in row["values"].items():
                subs = row.get("aligned", {}).get(prop, row["subfields"])
                for sub, val in zip(subs, values, strict=False):
                    target = self.cluster(sub, path, row["line"]) if sub else c
                    has_section = (target.id, prop) in section_values
                    b.figure(
                        cluster_iri(target.id),
                        prop,
                        val.get("value"),
                        line=row["line"],
                        approximate=bool(val.get("approximate")),
                        not_stated=bool(val.get("not_stated")),
                        source="Anlage 2",
                        shortcut=not has_section,
                        tag="--" + row["variant"] + (f"--{slugify(sub)}" if sub else ""),
                    )
            net = row.get("network")
            if net:
                n = self.org(net["name"])
                if n is None:
                    raise SourceError(
                        path, row["line"], f"network {net['name']!r} does not resolve"
                    )
                for prop, key in (("memberCount", "members"), ("companyMemberCount", "companies")):
                    b.figure(
                        n, prop, str(net[key]), line=row["line"], source="Anlage 2", shortcut=False
                    )
        for d in data["disagreements"]:
            a = self._figure_by_line(b, d["section_line"], d["property"])
            z = self._figure_by_line(b, d["summary_line"], d["property"], d.get("subfield"))
            if a and z:
                b.add(a, IG.conflictsWith, z)
                b.add(z, IG.conflictsWith, a)

    def _figure_by_line(
        self, b: GraphBuilder, line: int, prop: str, sub: str | None = None
    ) -> URIRef | None:
        found = [
            s
            for s in b.graph.subjects(IG.measuredProperty, IG[prop])
            if isinstance(s, URIRef) and _source_line(b.graph, s) == line
        ]
        if sub:
            found = [s for s in found if slugify(sub) in str(s)] or found
        return sorted(found)[0] if found else None

    def _structures(self, b: GraphBuilder, data: dict, networks: list[URIRef]) -> None:
        for s in data["structures"]:
            if s["name"] == "Thüringer ClusterManagement":
                thcm = self.org_id("thcm")
                b.provenance(thcm, s["line"])
                b.add(thcm, ORG.subOrganizationOf, self.org_id("leg"))
                continue
            c = b.node(
                entity("committee", slugify(s["name"])), IG.Committee, {"de": s["name"]}, s["line"]
            )
            for m in s.get("members", []):
                targets = (
                    networks
                    if m["name"] == "Netzwerke"
                    else [org_iri(r.org) for r in self.resolver.resolve_list(m["name"]) if r.org]
                )
                for t in targets:
                    b.add(c, ORG.hasMember, t)
            for g in s.get("guests", []):
                guest = self.org(g["name"])
                if guest:
                    b.add(c, IG.participant, guest)
            if s.get("lead"):
                lead = self.org(s["lead"])
                if lead:
                    b.add(c, IG.lead, lead)
            if s.get("meets"):
                b.add(
                    c, IG.meetingsPerYear, b.number("meetingsPerYear", str(s["meets"]["per_year"]))
                )
        path = data["source"]
        for m in data["management"]:
            agency = self.known_org(m["agency"], path, m["line"])
            fields = [self.cluster(f, path, m["line"]) for f in m.get("fields", [])]
            if m["agency"] == "ThCM":
                excluded = {self.cluster(f, path, m["line"]).id for f in m["all_but"]}
                fields = [
                    self.cluster(g["name"], path, m["line"])
                    for g in data["groups"]
                    if self.cluster(g["name"], path, m["line"]).id not in excluded
                ]
            for cluster in fields:
                b.add(agency, IG.manages, cluster_iri(cluster.id))
            b.provenance(agency, m["line"])

    def _appendix1(self, b: GraphBuilder, data: dict) -> None:
        a1 = data["appendix1"]
        thcm = self.org_id("thcm")
        for p in a1["panels"]:
            s = b.initiative(
                "panel", f"Panel „{p['name']}“", p["line"], key=f"panel-{slugify(p['name'])}"
            )
            b.add(s, IG.plannedDate if p["planned"] else DCTERMS.date, Literal(p["date"]))
            b.add(s, IG.lead, thcm)
        for c in a1["application_centres"]:
            s = b.initiative("application-centre", c["name"], c["line"])
            if c["abbreviation"]:
                b.add(s, SKOS.altLabel, Literal(c["abbreviation"]))
            self._keyword_clusters(b, s, c["name"])
        for g in a1["growth_cores"]:
            s = b.initiative(
                "growth-core",
                f"{g['code']} – {g['title']}",
                g["line"],
                key=f"wk-{slugify(g['code'])}",
            )
            b.add(s, SKOS.notation, Literal(g["code"]))
        for p in a1["special_projects"]:
            s = b.initiative("special-project", p["name"], p["line"])
            if p["abbreviation"]:
                b.add(s, SKOS.altLabel, Literal(p["abbreviation"]))
            org = self.org(p["name"]) or (
                self.org(p["abbreviation"]) if p["abbreviation"] else None
            )
            if org:
                b.add(s, IG.participant, org)
        for i in a1["initiatives"]:
            s = b.initiative("initiative", i["name"], i["line"])
            b.add(s, IG.participant, thcm)
            self._keyword_clusters(b, s, i["name"])
        for e in a1["events"]:
            s = b.event(e["title"], e["date"], e["line"], planned=bool(e.get("planned")))
            if e.get("place"):
                b.add(s, SCHEMA.location, b.place(e["place"], e["line"]))
            for partner in e["partners"]:
                for r in self.resolver.resolve_list(partner):
                    if r.org:
                        b.add(s, IG.participant, org_iri(r.org))
            b.add(
                s,
                IG.lead if e.get("table") == "Organisator/ Mitorganisator" else IG.participant,
                thcm,
            )
            if e.get("cluster"):
                b.add(
                    s,
                    IG.cluster,
                    cluster_iri(self.cluster(e["cluster"], data["source"], e["line"]).id),
                )
            self._keyword_clusters(b, s, " ".join([e["title"], *e.get("notes", [])]))
        for t in a1["trips"]:
            s = b.event(t["title"], t["date"], t["line"], planned=True)
            b.add(s, IG.participant, thcm)
            b.add(s, DCTERMS.description, Literal(t["topics"], lang="de"))

    def _keyword_clusters(self, b: GraphBuilder, s: URIRef, text: str) -> None:
        for c in self.clusters:
            if any(k in text for k in (*c.keywords, *c.label.values())):
                b.add(s, IG.cluster, cluster_iri(c.id))

    def ris3(self, data: dict) -> Graph:
        b = GraphBuilder(source_iri("ris3-ict-services"), self.topics)
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
            b.add(c, IG.objective, Literal(o["text"], lang="en"))
        for r in data["research_focuses"]:
            b.add(c, IG.researchFocus, Literal(r["text"], lang="en"))
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
            n = self.known_org(net["name"], data["source"], net["line"])
            b.provenance(n, net["line"])
            b.add(n, IG.cluster, c)
            for prop in ("memberCount", "companyMemberCount", "employeeCount"):
                if prop in net:
                    b.figure(
                        n,
                        prop,
                        str(net[prop]),
                        line=net["figures_line"],
                        approximate=prop == "employeeCount"
                        and net.get("employees_approximate", False),
                    )
            if "founded" in net:
                b.add(n, SCHEMA.foundingDate, Literal(net["founded"], datatype=_GYEAR))
        return b.graph

    def thcm_page(self, data: dict) -> Graph:
        b = GraphBuilder(source_iri("thcm-partners-networks"), self.topics)
        o = data["organisation"]
        path = data["source"]
        thcm = self.known_org(o["abbreviation"], path, o["line"])
        b.provenance(thcm, o["line"])
        b.add(thcm, ORG.subOrganizationOf, self.known_org(o["part_of"], path, o["line"]))
        a = o["address"]
        addr = b.node(entity("address", "thcm"), SCHEMA.PostalAddress, None, a["line"])
        b.add(addr, SCHEMA.streetAddress, Literal(a["street"]))
        b.add(addr, SCHEMA.postalCode, Literal(a["postal_code"]))
        b.add(addr, SCHEMA.addressLocality, Literal(a["city"]))
        b.add(thcm, SCHEMA.address, addr)
        b.add(thcm, SCHEMA.location, b.place(a["city"], a["city_line"]))
        db = data["database"]
        d = b.initiative("database", db["name"], db["line"])
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
            org = self.org(soc["name"])
            b.add(region, IG.mentions, org)
        return b.graph

    def bb(self, data: dict) -> Graph:
        b = GraphBuilder(source_iri("bb-ict-media-creative"), self.topics)
        c = cluster_iri("bb-ikt-medien-kreativwirtschaft")
        b.provenance(c, data["cluster"]["line"])
        for f in data["figures"]:
            b.figure(
                c, f["property"], f["value"], line=f["line"], lower_bound=f.get("minimum", False)
            )
        for s in data["sectors"]:
            b.topic(c, s["name"], "en", s["line"], prop=IG.sector)
        for fld in data["innovation_fields"]:
            b.topic(c, fld["name"], "en", fld["line"])
        for p in data["partners"]:
            b.add(c, IG.partner, self.org(p["name"]))
        pr = data["projects"]
        b.figure(c, "projectCount", str(pr["count"]), line=pr["line"])
        b.figure(c, "newProjectCount", str(pr["new"]), line=pr["line"])
        b.figure(c, "projectVolumeEUR", pr["volumeEUR"], line=pr["line"])
        st = data["strategy"]
        s = b.initiative("strategy", st["name"], st["line"], lang="en")
        b.add(s, IG.inRegion, region_iri("berlin-brandenburg"))
        b.add(c, IG.strategy, s)
        return b.graph


_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def _load(data_dir: Path, doc_id: str) -> dict[str, Any]:
    return load_json(data_dir / EXTRACTS[doc_id])


def _source(sources: Path, name: str) -> Path:
    path = sources / name
    if not path.is_file():
        raise SourceError(path, None, "source document not found")
    return path


def _source_line(g: Graph, s: URIRef) -> int | None:
    """The ``ig:sourceLine`` of ``s`` (one of them if several), ``None`` when it has none."""
    value = g.value(s, IG.sourceLine)
    return int(value) if isinstance(value, Literal) else None


def _short(text: str, limit: int = _MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _key(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).casefold()
