"""Where a partner recommendation's evidence is printed: for each tie between an actor and an
activity (a measure, event, initiative, committee), the documents and lines that state it.

``tie_sources(db, actor, activity)`` looks, in this order, for

1. the statements of the tie itself with their lines (``graph/rq/tie_lines.rq``: the triple's
   named graph, and the line of its reified statement);
2. where none has a line, the lines that print the activity in the same documents
   (``entity_fact_lines.rq``): the participants of an event are listed where the event is;
3. else the documents alone (a curated registry states memberships without lines);

and gives nothing when no document states the tie. A tie through no activity (a direct relation,
"a partner of", "part of") is looked up between its two ends, by the first and third step only:
a line that prints the other actor need not state the relation.

Each source links to its passage (``api.passages.passage_href``) where the document is a seed,
else to the document's own page (a curated registry, an import: what it is and what it states).
``annotate(db, actor, recommendations)`` adds them to every activity of the evidence, for the
analytics API and the partner finder alike, asking for all ties of the page at once
(``sources_of``: the named queries run once with a ``VALUES`` row per tie, so a remote store
answers a page in two round trips, not one or two per tie).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from innograph.api.entities import href
from innograph.api.passages import passage_href
from innograph.graph.contracts import Evidence, EvidenceActivity, Recommendation, SourceRef
from innograph.graph.database import Database
from innograph.graph.queries import select_many

__all__ = ["Tie", "annotate", "sources_of", "tie_sources"]


Tie = tuple[str, str, bool]
"""(actor, activity or other actor, whether the tie is a direct relation)."""


def annotate(db: Database, actor: str, recommendations: list[Recommendation]) -> None:
    """Give every activity of the evidence of ``actor``'s ``recommendations`` its ``sources``:
    where the two ties through it are stated (the actor's or the candidate's, and the shared
    partner's); and a direct tie (no activity) ``with_actor_sources`` or
    ``with_candidate_sources``, where the relation itself is stated. All ties are looked up
    together (``sources_of``): two queries for the page, whatever its length."""
    through: list[tuple[list[Tie], EvidenceActivity]] = []
    to_actor: list[tuple[Tie, Evidence]] = []  # direct relations, on the actor's side
    to_candidate: list[tuple[Tie, Evidence]] = []  # and on the candidate's
    for r in recommendations:
        for e in r["evidence"]:
            for ends, activities in (
                ([actor, e["partner"]], e["with_actor"]),
                ([e["partner"], r["actor"]], e["with_candidate"]),
            ):
                through += [([(who, x["node"], False) for who in ends], x) for x in activities]
            # a tie through no activity is a direct relation: the statement linking the two ends
            if not e["with_actor"]:
                to_actor.append(((actor, e["partner"], True), e))
            if not e["with_candidate"]:
                to_candidate.append(((e["partner"], r["actor"], True), e))
    ties = [t for ts, _ in through for t in ts] + [t for t, _ in to_actor + to_candidate]
    found = sources_of(db, ties)
    for ts, x in through:
        x["sources"] = _unique((s["doc"], s["line"]) for t in ts for s in found[t])
    for t, e in to_actor:
        e["with_actor_sources"] = list(found[t])
    for t, e in to_candidate:
        e["with_candidate_sources"] = list(found[t])


def tie_sources(
    db: Database, actor: str, activity: str, *, direct: bool = False
) -> list[SourceRef]:
    """The places that state the tie ``actor``–``activity``, by document and line (see above).

    ``direct``: ``activity`` is another actor, the tie a relation between the two; a line that
    prints the other actor need not state the relation, so only the statement's own lines count
    (else the documents alone).
    """
    return sources_of(db, [(actor, activity, direct)])[actor, activity, direct]


def sources_of(db: Database, ties: Iterable[Tie]) -> dict[Tie, list[SourceRef]]:
    """``tie_sources`` of many ties at once: one query for all their statements, and one for the
    lines printing the activities of those that have no line of their own."""
    wanted = sorted(set(ties))
    pairs = sorted({(a, x) for a, x, _ in wanted})
    rows = select_many(
        db,
        "tie_lines",
        [{"actor": ox.NamedNode(a), "activity": ox.NamedNode(x)} for a, x in pairs],
    )
    stated: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        stated.setdefault((str(r["actor"]), str(r["activity"])), []).append(r)
    unlined = sorted(
        {x for a, x, direct in wanted if not direct and _unlined(stated.get((a, x), []))}
    )
    printed: dict[str, list[dict]] = {}
    for r in select_many(db, "entity_fact_lines", [{"entity": ox.NamedNode(x)} for x in unlined]):
        printed.setdefault(str(r["entity"]), []).append(r)
    return {t: _sources(stated.get(t[:2], []), printed.get(t[1], []), t[2]) for t in wanted}


def _unlined(rows: list[dict]) -> bool:
    return bool(rows) and all(r["line"] is None for r in rows)


def _sources(rows: list[dict], printed: list[dict], direct: bool) -> list[SourceRef]:
    """One tie's sources from its statements (``rows``) and its activity's printed lines."""
    if not rows:  # nothing states the tie: no document stands in for it
        return []
    lined = [r for r in rows if r["line"] is not None]
    if lined:
        return _unique((str(r["doc"]), int(r["line"])) for r in lined)
    docs = sorted({str(r["doc"]) for r in rows})
    in_docs = [r for r in printed if str(r["doc"]) in docs]
    if direct or not in_docs:
        return _unique((d, None) for d in docs)
    first: dict[str, int] = {}
    for r in in_docs:
        first[str(r["doc"])] = min(int(r["line"]), first.get(str(r["doc"]), int(r["line"])))
    return _unique(first.items())


def _unique(places: Iterable[tuple[str, int | None]]) -> list[SourceRef]:
    seen: dict[tuple[str, int | None], SourceRef] = {}
    for doc, line in places:
        if (doc, line) not in seen:
            seen[doc, line] = {
                "doc": doc,
                "doc_id": doc.rsplit("/", 1)[-1],
                "line": line,
                "href": passage_href(doc, line) or href(doc),
            }
    return sorted(seen.values(), key=lambda s: (s["doc_id"], s["line"] or 0))
