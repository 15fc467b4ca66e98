"""``/search?q=…``: find any entity by any of its names, in either language (HTML or JSON)."""

from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from typing_extensions import TypedDict

from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.entities import page_href
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language
from innograph.api.negotiation import prefers_html
from innograph.api.release_memo import per_release
from innograph.api.templating import render
from innograph.graph.database import Database
from innograph.graph.errors import NotFoundError
from innograph.graph.node_lookup import short_id
from innograph.graph.projection import actors as actor_nodes
from innograph.graph.queries import select_terms
from innograph.graph.search import SearchHit, SearchIndex

__all__ = ["Labels", "actor_by_name", "class_labels", "router", "search_index", "type_label"]

router = APIRouter(tags=["pages"])


def class_labels(release_id: str, db: Database) -> dict[tuple[str, str], str]:
    """(class local name, language) → the class's label (``ResearchInstitute``, ``de`` →
    ``Forschungsinstitut``), read once per release."""
    return per_release.get(
        release_id,
        "class-labels",
        lambda: {
            (r["class"].value.rsplit("#", 1)[-1], r["label"].language or ""): r["label"].value
            for r in select_terms(db, "class_labels")
        },
    )


def type_label(labels: dict[tuple[str, str], str], name: str, lang: str) -> str:
    """The label of class ``name`` in ``lang`` (else English, else the name itself)."""
    return labels.get((name, lang)) or labels.get((name, "en")) or name


def actor_by_name(G: nx.Graph, index: SearchIndex, text: str) -> str:
    """The actor node ``text`` names: its label in either language or any of its names the store
    holds (abbreviations and aliases: "TU Ilmenau", "FSU", "IOF"), compared folded; else ``text``
    itself, an IRI, ``kind/slug`` or slug for ``graph.node_lookup.resolve``.

    Raises
    ------
    NotFoundError
        ``text`` is a name of several actors (all named): never one of them guessed.
    """
    folded = text.casefold()
    found = {
        node
        for node in actor_nodes(G)
        if any(
            str(n).casefold() == folded
            for n in (G.nodes[node]["label"], G.nodes[node].get("label_en") or "")
        )
    }
    found |= {n for n in index.named(text) if n in G and G.nodes[n]["kind"] == "actor"}
    if len(found) > 1:  # two actors of one name (a label of one, an abbreviation of another)
        names = ", ".join(sorted(short_id(n) for n in found))
        raise NotFoundError(f"{text!r} is ambiguous: it could be {names}")
    return found.pop() if found else text


def search_index(release_id: str, db: Database) -> SearchIndex:
    """The search index of the live release, built once per release."""
    return per_release.get(release_id, "search-index", lambda: SearchIndex.from_store(db))


@router.get(
    "/search",
    summary="Find entities by name (labels and aliases, German and English)",
    response_model=list[SearchHit],
    responses={
        200: {"content": {"text/html": {}, "application/json": {}}},
        422: ERROR_RESPONSES[422],
    },
)
def search(
    request: Request,
    release: ReleaseDep,
    db: DbDep,
    q: Annotated[str, Query(max_length=200, description="words of a name")] = "",
    format: Annotated[str | None, Query(pattern="^(html|json)$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    hits = search_index(release.id, db).search(q, limit=limit) if q.strip() else []
    as_html = format == "html" or (format is None and prefers_html(request.headers.get("accept")))
    negotiated = {"Vary": "Accept"}  # HTML or JSON by Accept
    if not as_html:
        return JSONResponse(hits, headers=negotiated)
    types, lang = class_labels(release.id, db), current_language()
    rows = [
        {**hit, "href": page_href(hit["iri"]), "type": type_label(types, hit["type"], lang)}
        for hit in hits
    ]
    return HTMLResponse(render("search.html", title="Search", q=q, hits=rows), headers=negotiated)


class Labels(TypedDict):
    """A label for every entity of the release, in the asked language where it has one."""

    release: str
    lang: str
    labels: dict[str, str]


@router.get(
    "/api/labels",
    summary="A label for every entity (the query editor shows these instead of IRIs)",
    response_model=Labels,
    tags=["query"],
    responses={422: ERROR_RESPONSES[422]},
)
def labels(
    release: ReleaseDep,
    db: DbDep,
    lang: Annotated[str, Query(pattern="^(de|en)$", description="the language wanted")] = "en",
) -> JSONResponse:
    body: Labels = {
        "release": release.id,
        "lang": lang,
        "labels": search_index(release.id, db).labels(lang),
    }
    return JSONResponse(body, headers={"Cache-Control": "private, max-age=300"})
