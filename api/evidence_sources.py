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
analytics API and the partner finder alike, asking for each (actor, activity) once: a shared
partner's tie recurs across candidates. Each ask is one or two lookups on bound terms.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from innograph.api.entities import href
from innograph.api.passages import passage_href
from innograph.graph.contracts import Recommendation, SourceRef
from innograph.graph.database import Database
from innograph.graph.queries import select

__all__ = ["annotate", "tie_sources"]


def annotate(db: Database, actor: str, recommendations: list[Recommendation]) -> None:
    """Give every activity of the evidence of ``actor``'s ``recommendations`` its ``sources``:
    where the two ties through it are stated (the actor's or the candidate's, and the shared
    partner's); and a direct tie (no activity) ``with_actor_sources`` or
    ``with_candidate_sources``, where the relation itself is stated."""
    known: dict[tuple[str, str], list[SourceRef]] = {}  # a partner's tie recurs across candidates

    def stated(who: str, activity: str, *, direct: bool = False) -> list[SourceRef]:
        if (who, activity) not in known:
            known[who, activity] = tie_sources(db, who, activity, direct=direct)
        return list(known[who, activity])

    for r in recommendations:
        for e in r["evidence"]:
            for ends, activities in (
                ([actor, e["partner"]], e["with_actor"]),
                ([e["partner"], r["actor"]], e["with_candidate"]),
            ):
                for x in activities:
                    x["sources"] = _unique(
                        (s["doc"], s["line"]) for who in ends for s in stated(who, x["node"])
                    )
            # a tie through no activity is a direct relation: the statement linking the two ends
            if not e["with_actor"]:
                e["with_actor_sources"] = stated(actor, e["partner"], direct=True)
            if not e["with_candidate"]:
                e["with_candidate_sources"] = stated(e["partner"], r["actor"], direct=True)


def tie_sources(
    db: Database, actor: str, activity: str, *, direct: bool = False
) -> list[SourceRef]:
    """The places that state the tie ``actor``–``activity``, by document and line (see above).

    ``direct``: ``activity`` is another actor, the tie a relation between the two; a line that
    prints the other actor need not state the relation, so only the statement's own lines count
    (else the documents alone).
    """
    rows = select(db, "tie_lines", actor=ox.NamedNode(actor), activity=ox.NamedNode(activity))
    if not rows:  # nothing states the tie: no document stands in for it
        return []
    lined = [r for r in rows if r["line"] is not None]
    if lined:
        return _unique((str(r["doc"]), int(r["line"])) for r in lined)
    docs = sorted({str(r["doc"]) for r in rows})
    if direct:
        return _unique((d, None) for d in docs)
    printed = [
        r
        for r in select(db, "entity_fact_lines", entity=ox.NamedNode(activity))
        if str(r["doc"]) in docs
    ]
    if printed:
        first: dict[str, int] = {}
        for r in printed:
            first[str(r["doc"])] = min(int(r["line"]), first.get(str(r["doc"]), int(r["line"])))
        return _unique(first.items())
    return _unique((d, None) for d in docs)


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
