"""An entity page as a profile: the key facts first, relations grouped by what they mean.

``key_facts`` turns the statements about an entity (``entity_outgoing`` / ``entity_incoming``)
into groups a reader expects — clusters, region, website, lead, participants, stakeholder groups,
what it manages, what it takes part in, whom it is part of — with labels in the page's language
(one per related entity), and its figures as a table with the year, the source and the line.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from innograph.api.entities import term_view
from innograph.api.i18n import current_language, figure_text, qualifiers
from innograph.api.passages import passage_href
from innograph.graph.database import Database
from innograph.graph.queries import select
from innograph.graph.vocab import IG, ORG, SCHEMA

__all__ = ["INCOMING_GROUPS", "OUTGOING_GROUPS", "key_facts"]

OUTGOING_GROUPS: list[tuple[str, str]] = [
    (str(IG.cluster), "Clusters"),
    (str(IG.inRegion), "Region"),
    (str(SCHEMA.url), "Website"),
    (str(IG.leadTopic), "Lead topic"),
    (str(IG.crossCuttingTheme), "Cross-cutting theme"),
    (str(IG.actionField), "Action field"),
    (str(IG.lead), "Lead"),
    (str(IG.participant), "Participants"),
    (str(IG.coordinator), "Coordinator"),
    (str(IG.projectPartner), "Project partners"),
    (str(IG.involvesGroup), "Stakeholder groups"),
    (str(IG.manages), "Manages"),
    (str(ORG.subOrganizationOf), "Part of"),
    (str(IG.topic), "Topics"),
    (str(IG.milestone), "Milestones"),
]
"""Outgoing relations shown as key facts, in this order, with their heading."""

INCOMING_GROUPS: list[tuple[str, str]] = [
    (str(IG.manages), "Managed by"),
    (str(IG.lead), "Leads"),
    (str(IG.participant), "Takes part in"),
    (str(IG.coordinator), "Coordinates"),
    (str(IG.projectPartner), "Partner in"),
    (str(ORG.hasMember), "Member of"),
    (str(ORG.subOrganizationOf), "Has as part"),
    (str(IG.cluster), "Members and activities"),
]
"""Incoming relations shown as key facts (what points at the entity), with their heading."""


def key_facts(
    db: Database, iri: str, out: list[dict[str, Any]], incoming: list[dict[str, Any]]
) -> dict[str, Any]:
    """The profile of ``iri``: relation groups (heading → related items) and figures."""
    groups = [
        {"heading": heading, "items": _items(out, "p", "o", "olabel", prop)}
        for prop, heading in OUTGOING_GROUPS
    ]
    groups += [
        {"heading": heading, "items": _items(incoming, "p", "s", "slabel", prop)}
        for prop, heading in INCOMING_GROUPS
    ]
    lang = current_language()
    english = lang == "en"
    figures = [
        {
            "property": (r["propEn"] if english else r["propDe"])
            or str(r["prop"]).rsplit("#", 1)[-1],
            "value": r["value"],
            "text": figure_text(r["value"], lang, **qualifiers(r)),
            "date": r["date"] or "",
            "doc": term_view(ox.NamedNode(r["doc"])),
            "line": r["line"],
            "passage": passage_href(r["doc"], r["line"]),
        }
        for r in select(db, "entity_figures", entity=ox.NamedNode(iri))
    ]
    return {"groups": [g for g in groups if g["items"]], "figures": figures}


def _items(
    rows: list[dict[str, Any]], pkey: str, okey: str, lkey: str, prop: str
) -> list[dict[str, Any]]:
    """One item per related term (its label in the page's language), in a stable order."""
    lang = current_language()
    chosen: dict[str, tuple[int, dict[str, Any]]] = {}
    for r in rows:
        if r[pkey].value != prop:
            continue
        term, label = r[okey], r[lkey]
        key = term.value
        rank = 0 if label is not None and label.language == lang else 1 if label is not None else 2
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, dict(term_view(term, label)))
    return [item for _, item in sorted(chosen.values(), key=lambda x: x[1]["text"])]
