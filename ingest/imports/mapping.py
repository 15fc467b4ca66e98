"""CORDIS records → triples in the import's own named graph, each with its file and row.

A project becomes an ``ig:FundedProject`` (an ``ig:Initiative``, so co-participation, bridges and
recommendations use it) with its coordinator (``ig:coordinator``) and partners
(``ig:projectPartner``), and one ``ig:Participation`` node per row of ``organization.csv`` (role,
EC contribution, the row). Organisations the registry knows keep their IRI; the others become
actors of their own (``…/id/actor/cordis-<organisationID>``) with country, city and NUTS region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from innograph.graph.vocab import IG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, entity, slugify
from innograph.ingest.datafile import web_address
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.imports.cordis import CordisBundle, Participation, Project
from innograph.ingest.imports.matching import Match, Matcher

__all__ = ["ACTIVITY_TYPES", "ReviewReport", "map_cordis"]

ACTIVITY_TYPES = {
    "HES": IG.University,  # higher or secondary education
    "REC": IG.ResearchOrganisation,
    "PRC": IG.Company,  # private for-profit
    "PUB": IG.Actor,  # public body
    "OTH": IG.Actor,
}
_REGIONS = {"DEG": "thueringen", "DE3": "berlin-brandenburg", "DE4": "berlin-brandenburg"}


@dataclass
class ReviewReport:
    """What the import made of every organisation: matched (how), ambiguous (candidates), new."""

    matched: list[dict[str, str]] = field(default_factory=list)
    ambiguous: list[dict[str, object]] = field(default_factory=list)
    new: list[dict[str, str]] = field(default_factory=list)

    def add(self, p: Participation, m: Match, where: str) -> None:
        self.add_row(p.org_id, p.name, f"{where}:{p.row}", m)

    def add_row(self, key: str, name: str, row_ref: str, m: Match) -> None:
        """Note the organisation ``name`` (the source's ``key``, read at ``row_ref``)."""
        row = {"key": key, "name": name, "row": row_ref}
        if m.status == "matched" and m.org is not None:
            self.matched.append({**row, "organisation": m.org.id, "how": m.how})
        elif m.status == "ambiguous":
            self.ambiguous.append({**row, "how": m.how, "candidates": list(m.candidates)})
        else:
            self.new.append(row)

    def summary(self) -> str:
        return (
            f"{len(self.matched)} matched, {len(self.ambiguous)} ambiguous (kept apart, "
            f"decide in data/import_decisions.yaml), {len(self.new)} new"
        )


def map_cordis(
    b: GraphBuilder, bundle: CordisBundle, matcher: Matcher, report: ReviewReport
) -> None:
    """Write ``bundle``'s projects into ``b`` (the import's graph), noting each organisation in
    ``report``."""
    seen: dict[str, URIRef] = {}
    for project in bundle.projects:
        s = _project(b, project)
        for p in project.participations:
            if p.org_id not in seen:
                m = matcher.match(p.name, short_name=p.short_name, source_id=p.org_id, url=p.url)
                report.add(p, m, bundle.organisation_file)
                seen[p.org_id] = _organisation(b, p, m, bundle.organisation_file)
            org = seen[p.org_id]
            role = IG.coordinator if p.role == "coordinator" else IG.projectPartner
            b.add(s, role, org)
            part = entity("participation", f"cordis-{project.id}-{p.org_id}")
            b.node(part, IG.Participation, None, p.row)
            b.add(s, IG.participation, part)
            b.add(part, PROV.agent, org)
            b.add(part, IG.role, Literal(p.role or "participant"))
            if p.ec_contribution is not None:
                b.add(part, IG.ecContribution, _decimal(p.ec_contribution))


def _project(b: GraphBuilder, p: Project) -> URIRef:
    s = entity("project", f"cordis-{slugify(p.id)}")
    label = f"{p.acronym}: {p.title}" if p.acronym else p.title
    b.node(s, IG.FundedProject, {"en": label[:300]}, p.row)
    b.add(s, RDF.type, IG.Initiative)
    b.add(s, IG.cordisId, Literal(p.id))
    if p.programme:
        b.add(s, IG.fundingProgramme, Literal(p.programme))
    if p.scheme:
        b.add(s, IG.fundingScheme, Literal(p.scheme))
    if p.start:
        b.add(s, SCHEMA.startDate, Literal(p.start.isoformat(), datatype=XSD.date))
    if p.ec_contribution is not None:
        b.add(s, IG.ecContribution, _decimal(p.ec_contribution))
    for topic in p.topics[:10]:
        b.add(s, RDFS.comment, Literal(f"topic {topic.strip()}"))
    return s


def _organisation(b: GraphBuilder, p: Participation, m: Match, where: str) -> URIRef:
    if m.status == "matched" and m.iri is not None:
        org = m.iri
        b.add(org, IG.cordisId, Literal(p.org_id))  # an identifier the source gives it
        b.provenance(org, p.row)
        return org
    org = entity("actor", f"cordis-{slugify(p.org_id)}")
    b.node(org, ACTIVITY_TYPES.get(p.activity_type, IG.Actor), {"und": p.name}, p.row)
    b.add(org, IG.cordisId, Literal(p.org_id))
    for extra in _extras(p):
        b.add(org, *extra)
    region = next((r for prefix, r in _REGIONS.items() if p.nuts.startswith(prefix)), None)
    if region:
        b.add(org, IG.inRegion, entity("region", region))
    if p.url:
        url = p.url if "//" in p.url else "https://" + p.url
        b.add(org, SCHEMA.url, web_address(url, where, p.row))
    return org


def _extras(p: Participation) -> Iterable[tuple[URIRef, Literal]]:
    if p.short_name:
        yield (SKOS.altLabel, Literal(p.short_name))
    if p.country:
        yield (IG.countryCode, Literal(p.country))
    if p.nuts:
        yield (IG.nutsCode, Literal(p.nuts))
    if p.city:
        yield (SCHEMA.addressLocality, Literal(p.city))


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.2f}", datatype=XSD.decimal)
