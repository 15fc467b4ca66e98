"""Where a partner recommendation's evidence is printed: for each tie between an actor and an
activity (a measure, event, initiative, committee), the documents and lines that state it.

``tie_sources(db, actor, activity)`` looks, in this order, for

1. the statements of the tie itself with their lines (``graph/rq/tie_lines.rq``: the triple's
   named graph, and the line of its reified statement);
2. where none has a line, the lines that print the activity in the same documents
   (``entity_fact_lines.rq``): the participants of an event are listed where the event is;
3. else the documents alone (a curated registry states memberships without lines).

Each source links to its passage (``api.passages.passage_href``) where the document is a seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

import pyoxigraph as ox

from innograph.api.passages import passage_href
from innograph.graph.database import Database
from innograph.graph.queries import select

__all__ = ["Source", "activity_sources", "tie_sources"]


class Source(TypedDict):
    """One place that states a tie: document IRI, its short id, a line (or ``None``), a link."""

    doc: str
    doc_id: str
    line: int | None
    href: str | None


def tie_sources(db: Database, actor: str, activity: str) -> list[Source]:
    """The places that state the tie ``actor``–``activity``, by document and line (see above)."""
    rows = select(db, "tie_lines", actor=ox.NamedNode(actor), activity=ox.NamedNode(activity))
    lined = [r for r in rows if r["line"] is not None]
    if lined:
        return _unique((str(r["doc"]), int(r["line"])) for r in lined)
    docs = sorted({str(r["doc"]) for r in rows})
    printed = [
        r
        for r in select(db, "entity_fact_lines", entity=ox.NamedNode(activity))
        if not docs or str(r["doc"]) in docs
    ]
    if printed:
        first: dict[str, int] = {}
        for r in printed:
            first[str(r["doc"])] = min(int(r["line"]), first.get(str(r["doc"]), int(r["line"])))
        return _unique(first.items())
    return _unique((d, None) for d in docs)


def activity_sources(db: Database, actors: list[str], activity: str) -> list[Source]:
    """The places that state the ties of each of ``actors`` to ``activity``, each once."""
    return _unique(
        (s["doc"], s["line"]) for actor in actors for s in tie_sources(db, actor, activity)
    )


def _unique(places: Iterable[tuple[str, int | None]]) -> list[Source]:
    seen: dict[tuple[str, int | None], Source] = {}
    for doc, line in places:
        if (doc, line) not in seen:
            seen[doc, line] = {
                "doc": doc,
                "doc_id": doc.rsplit("/", 1)[-1],
                "line": line,
                "href": passage_href(doc, line),
            }
    return sorted(seen.values(), key=lambda s: (s["doc_id"], s["line"] or 0))
