"""The brochure's records → triples in its named graph (figures, strengths and weaknesses,
networks, structures, Anlage 1 and 2 with their disagreements)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, ORG, SCHEMA, entity, slugify
from innograph.ingest.cluster_brochure.references import link_references
from innograph.ingest.cluster_context import MappingContext, source_line
from innograph.ingest.datafile import web_address
from innograph.ingest.discrepancies import Side, write_discrepancy
from innograph.ingest.graph_builder import GraphBuilder, state
from innograph.ingest.registries import cluster_iri, org_iri, region_iri
from innograph.ingest.source_documents import source_iri

__all__ = ["map_brochure"]


def map_brochure(ctx: MappingContext, data: dict) -> Graph:
    b = GraphBuilder(source_iri("thcm-brochure-2012"), ctx.topics)
    path = data["source"]
    section_values: set[tuple[str, str]] = set()
    networks: list[URIRef] = []
    sourced: list[tuple[URIRef, str, int]] = []  # (figure, printed source, footnote line)
    for g in data["groups"]:
        c = ctx.cluster(g["name"], path, g["line"])
        b.add(cluster_iri(c.id), SKOS.note, Literal(g["group"], lang="de"))
        b.provenance(cluster_iri(c.id), g["line"])
    for gf in data["growth_fields"]:
        main = ctx.cluster(gf["name"], path, gf["line"])
        for f in gf["figures"]:
            sub = ctx.cluster(f["subfield"], path, f["line"]) if f["subfield"] else main
            alt = f["dataset"] is not None
            if not alt and f["value"] is not None:
                section_values.add((sub.id, f["property"]))
            fig = b.figure(
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
            if f.get("source_line"):
                sourced.append((fig, f["dataset"] or f["source"], f["source_line"]))
        for kind, prop in (("strengths", IG.strength), ("weaknesses", IG.weakness)):
            for item in gf[kind]:
                sub = (
                    ctx.cluster(item["subfield"], path, item["line"]) if item["subfield"] else main
                )
                o = Literal(item["text"], lang="de")
                state(b.graph, b.doc, cluster_iri(sub.id), prop, o, item["line"])
        for net in gf["networks"]:
            n = ctx.org(net["name"])
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
            site = web_address(net["website"], path, net.get("website_line"))
            state(b.graph, b.doc, n, SCHEMA.url, site, net.get("website_line"))
            for theme, at in zip(net["themes"], net["theme_lines"], strict=True):
                b.topic(n, theme, "de", at)
            if net.get("status"):
                status = Literal(net["status"], lang="de")
                state(b.graph, b.doc, n, SKOS.note, status, net["status_line"])
            for activity, at in zip(net["activities"], net["activity_lines"], strict=True):
                a = b.initiative(
                    "activity",
                    activity,
                    at,
                    key=f"{slugify(net['name'])[:30]}--{slugify(activity)[:50]}",
                )
                b.add(a, IG.participant, n)
                b.add(a, IG.cluster, cluster_iri(main.id))
    _summary(ctx, b, data, section_values, sourced)
    _structures(ctx, b, data, networks)
    _appendix1(ctx, b, data)
    _narrative(ctx, b, data)
    link_references(ctx, b, ctx.data_dir, sourced)
    return b.graph


def _summary(
    ctx: MappingContext,
    b: GraphBuilder,
    data: dict,
    section_values: set[tuple[str, str]],
    sourced: list[tuple[URIRef, str, int]],
) -> None:
    """Anlage 2's figures, each with the reference date and source of its footnote (appended
    to ``sourced`` for the references), and its disagreements with the sections."""
    path = data["source"]
    for row in data["summary"]:
        c = ctx.cluster(row["name"], path, row["line"])
        for prop, values in row["values"].items():
            subs = row.get("aligned", {}).get(prop, row["subfields"])
            for sub, val in zip(subs, values, strict=False):
                target = ctx.cluster(sub, path, row["line"]) if sub else c
                has_section = (target.id, prop) in section_values
                fig = b.figure(
                    cluster_iri(target.id),
                    prop,
                    val.get("value"),
                    line=row["line"],
                    approximate=bool(val.get("approximate")),
                    not_stated=bool(val.get("not_stated")),
                    reference_date=val.get("reference_date"),
                    source=val.get("source") or "Anlage 2",
                    shortcut=not has_section,
                    tag="--" + row["variant"] + (f"--{slugify(sub)}" if sub else ""),
                )
                if val.get("source_line"):
                    sourced.append((fig, val["source"], val["source_line"]))
        net = row.get("network")
        if net:
            n = ctx.org(net["name"])
            if n is None:
                raise SourceError(path, row["line"], f"network {net['name']!r} does not resolve")
            for prop, key in (("memberCount", "members"), ("companyMemberCount", "companies")):
                fig = b.figure(
                    n,
                    prop,
                    str(net[key]),
                    line=row["line"],
                    reference_date=net.get("reference_date"),
                    source=net.get("source") or "Anlage 2",
                    shortcut=False,
                )
                if net.get("source_line"):
                    sourced.append((fig, net["source"], net["source_line"]))
    for d in data["disagreements"]:
        _disagreement(ctx, b, d, path)


_NOTES = {
    "numeric-conflict": (
        "The section and Anlage 2 print different numbers; both figures are kept.",
        "Abschnitt und Anlage 2 drucken verschiedene Zahlen; beide Kennzahlen bleiben erhalten.",
    ),
    "qualifier": (
        "The same value with a different qualifier or scope note.",
        "Derselbe Wert mit anderer Einschränkung oder anderem Geltungsbereich.",
    ),
    "approximation": (
        "The same value, marked “ca.” on one side only.",
        "Derselbe Wert, nur auf einer Seite mit „ca.“.",
    ),
}


_PROPERTY_NAMES = {
    "memberCount": ("members", "Mitglieder"),
    "companyMemberCount": ("member companies", "Mitgliedsunternehmen"),
    "companyCount": ("companies", "Unternehmen"),
    "employeeCount": ("employees", "Mitarbeiter"),
    "turnoverEUR": ("turnover", "Umsatz"),
    "exportQuotePercent": ("export quote", "Exportquote"),
}


def _disagreement(ctx: MappingContext, b: GraphBuilder, d: dict, path: str) -> None:
    """One section-vs-Anlage-2 comparison as an ``ig:Discrepancy`` (sides about the two figures,
    or about the growth field for a scope note on its row); a numeric conflict also as the
    shortcut ``ig:conflictsWith`` between the figures."""
    prop = d["property"]
    if prop:
        a = _figure_by_line(ctx, b, d["section_line"], prop)
        z = _figure_by_line(ctx, b, d["summary_line"], prop, d.get("subfield"))
    else:
        a = z = cluster_iri(ctx.cluster(d["subject"], path, d["section_line"]).id)
    if d["kind"] == "numeric-conflict" and a and z:
        b.add(a, IG.conflictsWith, z)
        b.add(z, IG.conflictsWith, a)
    en, de = _NOTES[d["kind"]]
    what = d["subject"] + (f" / {d['subfield']}" if d["subfield"] else "")
    name_en, name_de = _PROPERTY_NAMES.get(prop or "", ("scope", "Geltungsbereich"))
    write_discrepancy(
        lambda _doc: b.graph,
        b.graph,
        b.doc,
        None,
        f"brochure-{d['kind']}-{d['section_line']}-{d['summary_line']}-{prop or 'scope'}",
        d["kind"],
        [
            Side(b.doc, d["section_line"], d["section_printed"], a),
            Side(b.doc, d["summary_line"], d["summary_printed"], z),
        ],
        {
            "en": f"{what}, {name_en}: {en}",
            "de": f"{what}, {name_de}: {de}",
        },
    )


def _figure_by_line(
    self, b: GraphBuilder, line: int, prop: str, sub: str | None = None
) -> URIRef | None:
    found = [
        s
        for s in b.graph.subjects(IG.measuredProperty, IG[prop])
        if isinstance(s, URIRef) and source_line(b.graph, s) == line
    ]
    if sub:
        found = [s for s in found if slugify(sub) in str(s)] or found
    return sorted(found)[0] if found else None


def _structures(ctx: MappingContext, b: GraphBuilder, data: dict, networks: list[URIRef]) -> None:
    for s in data["structures"]:
        # the heading's line is the body's; each fact cites the line that prints it
        if s["name"] == "Thüringer ClusterManagement":
            thcm = ctx.org_id("thcm")
            b.provenance(thcm, s["line"])
            leg = ctx.org_id("leg")
            state(b.graph, b.doc, thcm, ORG.subOrganizationOf, leg, s["part_of_line"])
            continue
        c = b.node(
            entity("committee", slugify(s["name"])), IG.Committee, {"de": s["name"]}, s["line"]
        )
        for m in s.get("members", []):
            if m["name"] == "Netzwerke":  # "der LEG, TAB, STIFT, IHKn und Netzwerke": the ten
                for t in networks:
                    state(b.graph, b.doc, c, ORG.hasMember, t, m["line"], printed=m["name"])
                continue
            for r in ctx.resolver.resolve_list(m["name"]):
                if r.org:
                    state(b.graph, b.doc, c, ORG.hasMember, org_iri(r.org), m["line"])
        for g in s.get("guests", []):
            guest = ctx.org(g["name"])
            if guest:
                state(b.graph, b.doc, c, IG.participant, guest, g["line"])
        if s.get("lead"):
            lead = ctx.org(s["lead"])
            if lead:
                state(b.graph, b.doc, c, IG.lead, lead, s["lead_line"])
        if s.get("meets"):
            per_year = b.number("meetingsPerYear", str(s["meets"]["per_year"]))
            state(b.graph, b.doc, c, IG.meetingsPerYear, per_year, s["meets"]["line"])
    path = data["source"]
    for m in data["management"]:
        agency = ctx.known_org(m["agency"], path, m["line"])
        fields = [ctx.cluster(f, path, m["line"]) for f in m.get("fields", [])]
        if m["agency"] == "ThCM":
            excluded = {ctx.cluster(f, path, m["line"]).id for f in m["all_but"]}
            fields = [
                ctx.cluster(g["name"], path, m["line"])
                for g in data["groups"]
                if ctx.cluster(g["name"], path, m["line"]).id not in excluded
            ]
        for cluster in fields:
            state(b.graph, b.doc, agency, IG.manages, cluster_iri(cluster.id), m["line"])
        b.provenance(agency, m["line"])


def _appendix1(ctx: MappingContext, b: GraphBuilder, data: dict) -> None:
    a1 = data["appendix1"]
    thcm = ctx.org_id("thcm")
    for p in a1["panels"]:
        s = b.initiative(
            "panel", f"Panel „{p['name']}“", p["line"], key=f"panel-{slugify(p['name'])}"
        )
        b.dated(s, p["date"], p["line"], status=p["status"])
        b.add(s, IG.lead, thcm)
    for c in a1["application_centres"]:
        s = b.initiative("application-centre", c["name"], c["line"])
        # "Unterstützung bei der Vorbereitung bzw. Etablierung von Anwendungszentren" (ThCM's
        # programme): each centre's own line names it
        state(b.graph, b.doc, thcm, IG.supports, s, c["line"])
        if c["abbreviation"]:
            b.add(s, SKOS.altLabel, Literal(c["abbreviation"]))
        ctx.keyword_clusters(b, s, c["name"])
    for g in a1["growth_cores"]:
        s = b.initiative(
            "growth-core",
            f"{g['code']} – {g['title']}",
            g["line"],
            key=f"wk-{slugify(g['code'])}",
        )
        b.add(s, SKOS.notation, Literal(g["code"]))
    for p in a1["special_projects"]:
        org = ctx.org(p["name"]) or (ctx.org(p["abbreviation"]) if p["abbreviation"] else None)
        if org:  # the Arbeitsgemeinschaft MiT is the project (line 626): one entity, not two
            b.provenance(org, p["line"])
            b.add(org, IG.initiativeType, Literal("special-project"))
            continue
        s = b.initiative("special-project", p["name"], p["line"])
        if p["abbreviation"]:
            b.add(s, SKOS.altLabel, Literal(p["abbreviation"]))
    for i in a1["initiatives"]:
        s = b.initiative("initiative", i["name"], i["line"])
        b.add(s, IG.participant, thcm)
        ctx.keyword_clusters(b, s, i["name"])
    for e in a1["events"]:
        s = b.event(
            e["title"], e["date"], e["line"], status=e["status"], status_line=e["status_line"]
        )
        if e.get("place"):
            b.add(s, SCHEMA.location, b.place(e["place"], e["line"]))
        for partner in e["partners"]:
            for r in ctx.resolver.resolve_list(partner):
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
                cluster_iri(ctx.cluster(e["cluster"], data["source"], e["line"]).id),
            )
        # what the event is about is its title; its notes list topics ("übergreifende Themen
        # (z.B. Energieeffizienz, Produktionsmanagement, Logistik)", line 649), not fields
        ctx.keyword_clusters(b, s, e["title"])
    for t in a1["trips"]:
        s = b.event(
            t["title"], t["date"], t["line"], status=t["status"], status_line=t["status_line"]
        )
        b.add(s, IG.participant, thcm)
        b.add(s, DCTERMS.description, Literal(t["topics"], lang="de"))


def _narrative(ctx: MappingContext, b: GraphBuilder, data: dict) -> None:
    """The Trendatlas as a study, who hosts which agency, the region's key indicators."""
    path, n = data["source"], data["narrative"]
    st = n["study"]
    study = b.node(entity("study", slugify(st["name"])), IG.Study, {"de": st["name"]}, st["line"])
    state(b.graph, b.doc, study, SKOS.altLabel, Literal(st["short_name"]), st["short_line"])
    author = ctx.known_org(st["author_abbr"], path, st["line"])
    state(b.graph, b.doc, study, IG.authoredBy, author, st["line"])
    client = ctx.known_org(st["client_abbr"], path, st["line"])
    state(b.graph, b.doc, study, IG.commissionedBy, client, st["line"])
    for g in data["groups"]:  # the eleven growth fields, one a line (not the two branches)
        if g["group"] == "Branche":
            continue
        field = cluster_iri(ctx.cluster(g["name"], path, g["line"]).id)
        state(b.graph, b.doc, study, IG.identifiesField, field, g["line"])
    for h in n["hosting"]:
        agency = ctx.known_org(h["abbr"], path, h["line"])
        host = ctx.known_org(h["host"], path, h["line"])
        prop = IG.hostedBy if h["hosted"] else IG.worksOutside
        state(b.graph, b.doc, agency, prop, host, h["line"])
    for i in n["indicators"]:
        b.figure(
            region_iri(i["region"]),
            i["property"],
            i["value"],
            line=i["line"],
            reference_date=i["reference_date"],
            shortcut=False,
        )
