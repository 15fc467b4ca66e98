"""Measures of the digital strategy: extract records to ``data/extracted/``, map them to triples.

``extract_measures`` runs the parser on the raw document, applies ``data/overrides.yaml`` and
finds the organisations and technology fields each sheet names; the result is committed as
``data/extracted/digital_strategy.json``. ``ingest_measures`` reads that file (so a build needs
no raw documents) and resolves every name to an entity.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, PROV, RDF, RDFS, SCHEMA, XSD, entity, slugify
from innograph.ingest.datafile import literals, load_json, load_records, require, texts
from innograph.ingest.digital_strategy import (
    CROSS_CUTTING,
    FILE,
    LEAD_TOPICS,
    _split_names,
    entry_lines,
    parse_measures,
)
from innograph.ingest.graph_builder import event_status, provenance, state
from innograph.ingest.milestones import leads_with_date, milestone_date
from innograph.ingest.printed_lines import name_lines, part_lines
from innograph.ingest.registries import cluster_iri, load_clusters, org_iri
from innograph.ingest.resolution import Resolver
from innograph.ingest.source_documents import source_iri
from innograph.ingest.stakeholder_groups import load_groups, map_group_mentions

__all__ = [
    "DOC_ID",
    "EXTRACT",
    "extract_measures",
    "ingest_measures",
    "load_extract",
    "measure_iri",
    "report_typos",
    "unresolved_names",
]

DOC_ID = "digital-strategy-2020"
EXTRACT = "extracted/digital_strategy.json"


def measure_iri(measure_id: str) -> URIRef:
    return entity("measure", measure_id)


def extract_measures(sources_dir: Path, data_dir: Path) -> dict[str, Any]:
    """Parse the raw digital strategy into the JSON-ready extract.

    Raises
    ------
    SourceError
        From the parser (file and line), or an override that no longer matches.
    """
    path = sources_dir / FILE
    if not path.is_file():
        raise SourceError(path, None, "source document not found")
    resolver = Resolver.from_data(data_dir)
    records = parse_measures(path, lambda t: resolver.names_only_organisations(_split_names(t)))
    lines = path.read_text(encoding="utf-8").split("\n")
    clusters = load_clusters(data_dir)
    applied = _apply_overrides(data_dir, records)
    measures = []
    for rec in records:
        d = rec.to_dict()
        sheet = range(rec.title_line - 1, rec.end_line)  # the sheet starts with its title
        d["mentions"] = _first_lines(
            (name, i + 1) for i in sheet for name in resolver.find(lines[i])
        )
        d["cluster_mentions"] = _cluster_mentions(lines, sheet, clusters)
        d["lead_lines"] = name_lines(lines, rec.lead, rec.lead_line, rec.end_line)
        d["participant_lines"] = name_lines(
            lines, rec.participants, rec.participants_line, rec.end_line
        )
        for role, names in (("lead", rec.lead), ("participant", rec.participants)):
            wrapped = part_lines(
                lines,
                names,
                d[f"{role}_lines"],
                rec.end_line,
                lambda name: [r.name for r in resolver.resolve_list(name)],
            )
            if wrapped:  # only where an entry's parts are printed on different lines
                d[f"{role}_part_lines"] = wrapped
        measures.append(d)
    return {"source": FILE, "doc": DOC_ID, "overrides": applied, "measures": measures}


# None where the sheet has no such row
_MEASURE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "line": int,
    "title": str,
    "lead_topic": str,
    "lead": list,
    "lead_line": (int, type(None)),
    "participants": list,
    "participants_line": (int, type(None)),
    "milestones": list,
    "mentions": list,
}


def load_extract(data_dir: Path) -> dict[str, Any]:
    """The committed extract of the digital strategy, each measure record checked.

    Raises
    ------
    SourceError
        A measure record lacks a field or has one of the wrong type; the message names the file,
        the record's position and the document line it was extracted from.
    """
    path = data_dir / EXTRACT
    extract = load_json(path)
    measures = extract.get("measures") if isinstance(extract, dict) else None
    if not isinstance(measures, list):
        raise SourceError(path, None, "expected an object with a list 'measures'")
    for i, m in enumerate(measures, 1):
        where = f"measure record #{i}"
        if not isinstance(m, dict):
            raise SourceError(path, None, f"{where}: expected an object, got {type(m).__name__}")
        if isinstance(m.get("line"), int):
            where += f" (document line {m['line']})"
        for key, kind in _MEASURE_FIELDS.items():
            if key not in m:
                raise SourceError(path, None, f"{where}: missing required field {key!r}")
            if not isinstance(m[key], kind) or isinstance(m[key], bool):
                raise SourceError(
                    path, None, f"{where}: field {key!r} should be {kind}, got {m[key]!r}"
                )
    return extract


def unresolved_names(data_dir: Path) -> list[tuple[str, int, str]]:
    """(file, line, name) of every lead or participant that neither resolves nor is allow-listed."""
    resolver = Resolver.from_data(data_dir)
    out = []
    for m in load_extract(data_dir)["measures"]:
        for names, line in (
            (m["lead"], m["lead_line"]),
            (m["participants"], m["participants_line"]),
        ):
            for name in names:
                for res in resolver.resolve_list(name):
                    if res.status == "unresolved":
                        out.append((FILE, line, name))
    return out


def report_typos(data_dir: Path) -> list[tuple[str, str]]:
    """(entity id, spelling) for every lead or participant spelled as a known typo."""
    resolver = Resolver.from_data(data_dir)
    out: list[tuple[str, str]] = []
    for m in load_extract(data_dir)["measures"]:
        for name in [*m["lead"], *m["participants"], *(x["name"] for x in m["mentions"])]:
            res = resolver.resolve(name)
            found = (res.org.id, f"{name} ({m['id']})") if res.typo and res.org else None
            if found and found not in out:
                out.append(found)
    return out


def ingest_measures(data_dir: Path) -> dict[URIRef, Graph]:
    """Measures, lead topics (or the cross-cutting themes), action fields and measure→cluster
    links (the strategy's graph)."""
    extract = load_extract(data_dir)
    resolver = Resolver.from_data(data_dir)
    mapping = _action_field_clusters(data_dir, extract["measures"])
    doc = source_iri(DOC_ID)
    g = Graph()
    for letter, (slug, label, line) in LEAD_TOPICS.items():
        lt = entity("lead-topic", slug)
        g.add((lt, RDF.type, IG.LeadTopic))
        g.add((lt, RDFS.label, Literal(label, lang="de")))
        g.add((lt, SKOS.notation, Literal(letter)))
        provenance(g, lt, doc, line)
    for letter, (slug, label, on_sheets, line) in CROSS_CUTTING.items():
        cc = entity("cross-cutting-theme", slug)
        g.add((cc, RDF.type, IG.CrossCuttingTheme))
        g.add((cc, RDFS.label, Literal(label, lang="de")))
        g.add((cc, SKOS.altLabel, Literal(on_sheets, lang="de")))
        g.add((cc, SKOS.notation, Literal(letter)))
        provenance(g, cc, doc, line)
    fields_seen: set[URIRef] = set()
    for m in extract["measures"]:
        s = measure_iri(m["id"])
        g.add((s, RDF.type, IG.Measure))
        g.add((s, IG.measureId, Literal(m["id"])))
        g.add((s, RDFS.label, Literal(m["title"], lang="de")))
        if m["lead_topic"] in CROSS_CUTTING:  # the sheet prints „Querschnittsthema“
            cc = entity("cross-cutting-theme", CROSS_CUTTING[m["lead_topic"]][0])
            state(g, doc, s, IG.crossCuttingTheme, cc, m["action_field_line"])
        else:
            g.add((s, IG.leadTopic, entity("lead-topic", LEAD_TOPICS[m["lead_topic"]][0])))
        state(g, doc, s, IG.isNew, Literal(bool(m["is_new"])), m["new_line"])
        # a sheet starts with its title; an ID printed on a line of its own is stated there
        provenance(g, s, doc, m["title_line"])
        if m["line"] != m["title_line"]:
            state(g, doc, s, IG.measureId, Literal(m["id"]), m["line"])
        if m["action_field"]:
            af = entity("action-field", slugify(m["action_field"]))
            g.add((s, IG.actionField, af))
            if af not in fields_seen:
                fields_seen.add(af)
                g.add((af, RDF.type, IG.ActionField))
                g.add((af, RDFS.label, Literal(m["action_field"], lang="de")))
                g.add((af, SKOS.broader, lt))
                provenance(g, af, doc, m["action_field_line"])
        for k, ms in enumerate(m["milestones"], 1):
            state(g, doc, s, IG.milestone, Literal(ms["text"]), ms.get("line"))
            _milestone(g, doc, s, m["id"], k, ms)
        for prop, role, names in (
            (IG.lead, "lead", m["lead"]),
            (IG.participant, "participant", m["participants"]),
        ):
            for k, name in enumerate(names):
                parts = resolver.resolve_list(name)
                for res, at in zip(parts, entry_lines(m, role, k, len(parts)), strict=True):
                    if res.org is not None:
                        state(g, doc, s, prop, org_iri(res.org), at)
        for mention in m["mentions"]:
            res = resolver.resolve(mention["name"])
            if res.org is not None:
                g.add((s, IG.mentions, org_iri(res.org)))
        _cluster_links(g, s, m, mapping, doc)
    map_group_mentions(
        g,
        doc,
        extract["measures"],
        load_groups(data_dir),
        split=lambda name: [res.name for res in resolver.resolve_list(name)],
    )
    return {doc: g}


# --- helpers ----------------------------------------------------------------------


def _cluster_links(g: Graph, s: URIRef, m: dict, mapping: dict, doc: URIRef) -> None:
    links: dict[str, tuple[str, dict[str, str], int | None, str]] = {}
    for cm in m["cluster_mentions"]:
        said = {"en": f"sheet names “{cm['keyword']}”", "de": f"Blatt nennt „{cm['keyword']}“"}
        links.setdefault(cm["cluster"], ("text", said, cm["line"], ""))
    for cluster, reason, only in mapping.get(m["action_field"], []):
        if only is not None and m["id"] not in only:
            continue
        links.setdefault(
            cluster,
            (
                "action-field",
                reason,
                m["action_field_line"],
                "curated mapping data/measure_clusters.yaml",
            ),
        )
    for cluster, (kind, evidence, line, method) in sorted(links.items()):
        c = cluster_iri(cluster)
        g.add((s, IG.cluster, c))
        link = entity("crosslink", f"{m['id']}--{cluster}--{kind}")
        g.add((link, RDF.type, IG.CrossLink))
        g.add((link, IG.source, s))
        g.add((link, IG.target, c))
        g.add((link, IG.linkType, Literal(kind)))
        for words in literals(evidence):
            g.add((link, IG.evidence, words))
        if method:
            g.add((link, IG.method, Literal(method)))
        g.add((link, PROV.wasDerivedFrom, doc))
        if line:
            g.add((link, IG.sourceLine, Literal(line, datatype=XSD.integer)))


def _action_field_clusters(
    data_dir: Path, measures: list[dict] | None = None
) -> dict[str, list[tuple[str, dict[str, str], frozenset[str] | None]]]:
    """``data/measure_clusters.yaml``: action field → (cluster, reason, the measures it is
    limited to or ``None`` for every measure of the field).

    Raises
    ------
    SourceError
        A row names an unknown cluster, or limits itself to a measure that is not one of its
        action field's (checked when ``measures`` is given).
    """
    known = {c.id for c in load_clusters(data_dir)}
    field_of = {m["id"]: m["action_field"] for m in measures or []}
    out: dict[str, list[tuple[str, dict[str, str], frozenset[str] | None]]] = {}
    for rec in load_records(data_dir / "measure_clusters.yaml"):
        cluster = require(rec, "cluster")
        if cluster not in known:
            raise SourceError(rec.path, rec.line, f"unknown cluster {cluster!r}")
        field = require(rec, "action_field")
        only = frozenset(require(rec, "measures", list)) if rec.get("measures") else None
        for measure_id in sorted(only or ()) if measures is not None else ():
            if field_of.get(measure_id) != field:
                raise SourceError(
                    rec.path,
                    rec.line,
                    f"measure {measure_id!r} is not one of the action field {field!r}",
                )
        out.setdefault(field, []).append((cluster, texts(rec, "reason"), only))
    return out


def _apply_overrides(data_dir: Path, records: list) -> list[dict]:
    by_id = {r.id: r for r in records}
    applied = []
    for rec in load_records(data_dir / "overrides.yaml"):
        if rec.get("doc") != DOC_ID:
            continue
        measure = by_id.get(require(rec, "measure"))
        field = require(rec, "field")
        parsed = require(rec, "parsed")
        values = getattr(measure, field, None) if measure else None
        if measure is None or not isinstance(values, list) or parsed not in values:
            raise SourceError(
                rec.path,
                rec.line,
                f"override no longer matches: {parsed!r} not in {field} of {rec.get('measure')}",
            )
        i = values.index(parsed)
        values[i : i + 1] = list(require(rec, "replace_with", list))
        applied.append({"measure": measure.id, "field": field, "reason": require(rec, "reason")})
    return applied


def _first_lines(pairs) -> list[dict]:
    seen: dict[str, int] = {}
    for name, line in pairs:
        seen.setdefault(name, line)
    return [{"name": n, "line": ln} for n, ln in sorted(seen.items(), key=lambda x: (x[1], x[0]))]


def _cluster_mentions(lines: list[str], sheet: range, clusters) -> list[dict]:
    found: dict[str, dict] = {}
    for i in sheet:
        for c in clusters:
            for kw in c.keywords:
                if kw in lines[i] and c.id not in found:
                    found[c.id] = {"cluster": c.id, "keyword": kw, "line": i + 1}
    return sorted(found.values(), key=lambda d: (d["line"], d["cluster"]))


def _milestone(g: Graph, doc: URIRef, measure: URIRef, measure_id: str, k: int, ms: dict) -> None:
    """The ``k``-th milestone as an ``ig:Milestone`` node, dated where it prints a date."""
    node = entity("milestone", f"{measure_id}-{k}")
    g.add((node, RDF.type, IG.Milestone))
    g.add((node, RDFS.label, Literal(ms["text"], lang="de")))
    provenance(g, node, doc, ms.get("line"))
    g.add((measure, IG.hasMilestone, node))
    dated = milestone_date(ms["text"])
    if dated is None:
        return
    date, status = dated
    # The extract gives a milestone's first line only: a date that opens the milestone is
    # printed there and cites it; a date or a status word further on is stated without a line
    # of its own (the milestone node says where the milestone starts).
    line = ms.get("line") if leads_with_date(ms["text"]) else None
    state(g, doc, node, IG.eventDate, Literal(date), line)
    exact = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})$", date)
    if exact:
        d, mo, y = exact.groups()
        g.add((node, SCHEMA.startDate, Literal(f"{y}-{mo}-{d}", datatype=XSD.date)))
    state(g, doc, node, IG.eventStatus, event_status(status), None)
