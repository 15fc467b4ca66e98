"""Short share links for queries: ``POST /api/share`` stores a query, ``/q/<id>`` reopens it.

A link is named by the query's own content (the first 10 characters of the URL-safe base32 of its
SHA-256), so sharing the same text twice gives the same link and a link can never point at
another query. Queries are kept in a small SQLite file beside the store (``Settings.shares``);
nothing else is written, and the file holds at most ``MAX_SHARES`` queries.

>>> share_id("SELECT * WHERE { ?s ?p ?o }")
'3kzyseebxt'
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from innograph.api.deps import SettingsDep
from innograph.api.errors import ERROR_RESPONSES, error_response
from innograph.api.query_page import render_query_page
from innograph.graph.errors import (
    InvalidParameterError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
)

__all__ = ["MAX_SHARES", "ShareStore", "SharedQuery", "router", "share_id"]

MAX_SHARES = 100_000
"""How many queries the share file keeps; beyond it sharing answers 429."""
_ID_LENGTH = 10
_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz234567")

router = APIRouter(tags=["query"])


def share_id(query: str) -> str:
    """The short id of ``query``: its content hash, lower-case base32, 10 characters (50 bits)."""
    digest = hashlib.sha256(query.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:_ID_LENGTH].lower()


class SharedQuery(BaseModel):
    """A stored query and where to open it."""

    id: str = Field(description="the link's id")
    url: str = Field(description="the short link, relative to the server (/q/<id>)")
    query: str


class ShareStore:
    """The queries shared so far, in one SQLite file (created on first write)."""

    def __init__(self, path: Path, *, limit: int = MAX_SHARES) -> None:
        self.path = path
        self.limit = limit
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5)
        db.execute(
            "CREATE TABLE IF NOT EXISTS shares (id TEXT PRIMARY KEY, query TEXT NOT NULL,"
            " created TEXT NOT NULL)"
        )
        return db

    def put(self, query: str) -> str:
        """Keep ``query``; its id (the same id for the same text)."""
        key = share_id(query)
        with self._lock, self._connect() as db:
            if db.execute("SELECT 1 FROM shares WHERE id = ?", (key,)).fetchone():
                return key
            (count,) = db.execute("SELECT count(*) FROM shares").fetchone()
            if count >= self.limit:
                raise RateLimitedError(f"the share store is full ({self.limit} queries)")
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            db.execute("INSERT INTO shares VALUES (?, ?, ?)", (key, query, stamp))
        return key

    def get(self, key: str) -> str:
        """The query shared as ``key``; ``NotFoundError`` if there is none."""
        if len(key) != _ID_LENGTH or not set(key) <= _ALPHABET:
            raise NotFoundError(f"no shared query {key!r}: a link id is 10 letters a–z and 2–7")
        if not self.path.exists():
            raise NotFoundError(f"no shared query {key!r}")
        with self._lock, self._connect() as db:
            row = db.execute("SELECT query FROM shares WHERE id = ?", (key,)).fetchone()
        if row is None:
            raise NotFoundError(f"no shared query {key!r}")
        return str(row[0])


def _store(request: Request) -> ShareStore:
    return request.app.state.shares


@router.post(
    "/api/share",
    summary="Store a query and get its short link",
    status_code=201,
    response_model=SharedQuery,
    responses={
        400: ERROR_RESPONSES[400],
        413: error_response("The query is longer than the endpoint accepts"),
        429: ERROR_RESPONSES[429],
    },
)
def share(
    request: Request,
    settings: SettingsDep,
    query: Annotated[str, Body(embed=True, description="the SPARQL query text")],
) -> JSONResponse:
    size = len(query.encode("utf-8"))
    if not query.strip():
        raise InvalidParameterError("query is empty: there is nothing to share")
    if size > settings.max_query_bytes:
        raise PayloadTooLargeError(
            f"the query is {size} bytes; the limit is {settings.max_query_bytes}"
        )
    key = _store(request).put(query)
    body = SharedQuery(id=key, url=f"/q/{key}", query=query)
    return JSONResponse(body.model_dump(), status_code=201)


@router.get(
    "/api/share/{key}",
    summary="A shared query",
    response_model=SharedQuery,
    responses={404: ERROR_RESPONSES[404]},
)
def shared(request: Request, key: str) -> SharedQuery:
    return SharedQuery(id=key, url=f"/q/{key}", query=_store(request).get(key))


@router.get(
    "/q/{key}",
    response_class=HTMLResponse,
    summary="The query page opened on a shared query, which runs at once",
    responses={404: ERROR_RESPONSES[404]},
)
def open_shared(request: Request, key: str) -> HTMLResponse:
    return render_query_page(request, query=_store(request).get(key), run=True)
