"""Stakeholder groups (``data/stakeholder_groups.yaml``) and the measures that involve them.

The digital strategy's sheets name groups of unnamed actors as leads or participants
("Krankenhäuser", "Kammern", "Kommunen" …). Entity resolution rightly keeps them out of the
organisations (``data/not_organisations.yaml``); here they become SKOS concepts of one scheme,
with broader/narrower, and each measure that names one gets ``ig:involvesGroup`` plus an
``ig:GroupInvolvement`` node holding the printed words, the role (lead or participant) and the
line the sheet prints them on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG, RDF, RDFS, SKOS, entity, slugify
from innograph.ingest.datafile import load_records, require
from innograph.ingest.digital_strategy import entry_lines
from innograph.ingest.graph_builder import provenance
from innograph.ingest.resolution import normalise_name

__all__ = ["GROUPS_FILE", "StakeholderGroup", "group_iri", "load_groups", "map_group_mentions"]

GROUPS_FILE = "stakeholder_groups.yaml"
SCHEME = entity("scheme", "stakeholder-groups")


@dataclass(frozen=True)
class StakeholderGroup:
    id: str
    label: dict[str, str]
    broader: str | None
    names: tuple[str, ...]
    line: int


def group_iri(group_id: str) -> URIRef:
    """``…/id/group/<id>``."""
    return entity("group", group_id)


def load_groups(data_dir: Path) -> dict[str, StakeholderGroup]:
    """The groups by id; a ``SourceError`` for a duplicate id, spelling or unknown broader."""
    path = data_dir / GROUPS_FILE
    groups: dict[str, StakeholderGroup] = {}
    spellings: dict[str, str] = {}
    for rec in load_records(path):
        gid = require(rec, "id")
        if gid in groups:
            raise SourceError(path, rec.line, f"group {gid!r} twice")
        names = tuple(rec.get("names") or ())
        for name in names:
            key = normalise_name(name)
            if key in spellings:
                raise SourceError(path, rec.line, f"{name!r} already names {spellings[key]!r}")
            spellings[key] = gid
        groups[gid] = StakeholderGroup(
            gid, require(rec, "label", dict), rec.get("broader"), names, rec.line
        )
    for g in groups.values():
        if g.broader and g.broader not in groups:
            raise SourceError(path, g.line, f"{g.id}: unknown broader group {g.broader!r}")
    return groups


def map_group_mentions(
    g: Graph,
    doc: URIRef,
    measures: list[dict[str, Any]],
    groups: dict[str, StakeholderGroup],
    split: Callable[[str], list[str]] = lambda name: [name],
) -> int:
    """Add the scheme, the groups the sheets name (with their broader groups) and every measure's
    group involvements to ``g``; return how many involvements were written. ``split`` cuts a
    printed entry into the names it lists ("Behörden und Einrichtungen der Thüringer Polizei")."""
    by_name = {normalise_name(n): grp for grp in groups.values() for n in grp.names}
    used: dict[str, int] = {}
    written = 0
    for m in measures:
        for role, names in (("lead", m["lead"]), ("participant", m["participants"])):
            printed: list[tuple[str, int | None]] = []
            for k, entry in enumerate(names):
                parts = split(entry)  # each part with its own line where the entry wraps
                printed += zip(parts, entry_lines(m, role, k, len(parts)), strict=True)
            for name, line in printed:
                grp = by_name.get(normalise_name(name))
                if grp is None:
                    continue
                s = entity("measure", m["id"])
                node = entity("involvement", f"{m['id']}--{grp.id}--{role}--{slugify(name)[:40]}")
                g.add((s, IG.involvesGroup, group_iri(grp.id)))
                g.add((s, IG.involvement, node))
                g.add((node, RDF.type, IG.GroupInvolvement))
                g.add((node, IG.group, group_iri(grp.id)))
                g.add((node, IG.printed, Literal(name)))
                g.add((node, IG.role, Literal(role)))
                provenance(g, node, doc, line)
                used.setdefault(grp.id, int(line or m["title_line"]))
                written += 1
    for gid in _with_broader(used, groups):
        grp = groups[gid]
        c = group_iri(gid)
        g.add((c, RDF.type, IG.StakeholderGroup))
        g.add((c, SKOS.inScheme, SCHEME))
        for lang, text in grp.label.items():
            g.add((c, RDFS.label, Literal(text, lang=lang)))
        if grp.broader:
            g.add((c, SKOS.broader, group_iri(grp.broader)))
        g.add((c, SKOS.editorialNote, Literal(f"curated in data/{GROUPS_FILE}, row {grp.line}")))
        provenance(g, c, doc, used.get(gid))
    if used:
        g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
        g.add((SCHEME, RDFS.label, Literal("Akteursgruppen", lang="de")))
        g.add((SCHEME, RDFS.label, Literal("stakeholder groups", lang="en")))
    return written


def _with_broader(used: dict[str, int], groups: dict[str, StakeholderGroup]) -> list[str]:
    out: set[str] = set()
    for gid in used:
        while gid and gid not in out:
            out.add(gid)
            gid = groups[gid].broader or ""
    return sorted(out)
