"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint over the live release.

- query by GET, by POST ``application/x-www-form-urlencoded`` and by POST
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``; one query per request;
- the default graph is the union of all named graphs unless the request or query names one;
- results by content negotiation or ``format=``; 406 when nothing acceptable can be produced;
- updates are refused (403), ``SERVICE`` only to allow-listed endpoints;
- each query runs in a killable worker under a time limit (``timeout=`` may lower it), capped in
  rows (``X-Innograph-Truncated``) and in concurrency (503);
- ``GET /sparql`` without a query: the SPARQL Service Description, or the query page for browsers.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.datastructures import State

from innograph.api.budget import KILL_PENALTY, ClientBudget
from innograph.api.conditional import etag_matches, tagged
from innograph.api.config import Settings
from innograph.api.errors import error_response
from innograph.api.negotiation import (
    FORMAT_MEDIA,
    GRAPH_MEDIA,
    SELECT_MEDIA,
    choose,
    clip,
    prefers_html,
)
from innograph.api.result_cache import ResultCache
from innograph.api.service_description import service_description
from innograph.api.sparql_formats import request_formats
from innograph.graph.bounded_query import PRODUCT, PatternCounts, parse_bounded, within_bound
from innograph.graph.database import Database
from innograph.graph.errors import (
    NotAcceptableError,
    PayloadTooLargeError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
    RequestTimeoutError,
    UnsupportedMediaTypeError,
)
from innograph.graph.executor import QueryPool
from innograph.graph.query_guard import QueryShape, check_not_empty, quick_shape
from innograph.graph.query_task import Answer, QueryTask, execute
from innograph.graph.remote import RemoteRelease
from innograph.graph.sparql import serialize_graph
from innograph.graph.store import LiveRelease
from innograph.graph.vocab import PREFIXES

__all__ = ["Reply", "reply_to", "router"]

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


@router.api_route(
    "/sparql",
    methods=["GET", "HEAD", "POST"],
    summary="SPARQL 1.1 Protocol endpoint (read-only)",
    response_class=Response,
    responses={
        200: {
            "description": "Query results (JSON, XML, CSV, TSV) or a graph (Turtle, N-Triples, …)",
            "content": {m: {} for m in {*SELECT_MEDIA, *GRAPH_MEDIA}},
        },
        400: error_response("Malformed query (message with position)"),
        403: error_response("Update or non-allow-listed SERVICE refused"),
        406: error_response("No acceptable representation"),
        408: error_response("The request body did not arrive in time"),
        413: error_response("Query or request body too large"),
        415: error_response("Unsupported request media type"),
        422: error_response("The query needed more than the memory cap"),
        429: error_response("Client query budget used up (Retry-After)"),
        503: error_response("Too many concurrent queries (Retry-After)"),
        504: error_response("Query ran past its time limit"),
    },
)
async def sparql(request: Request) -> Response:
    answer = await reply_to(request, request.query_params.multi_items())
    return answer.response() if isinstance(answer, Reply) else answer


@dataclass(slots=True)
class Reply:
    """A query's answer (status 200) before it becomes a response: what
    ``api.fast_path`` writes itself when it may."""

    body: bytes
    media_type: str
    headers: dict[str, str]

    def content_type(self) -> str:
        """``Content-Type`` as Starlette's ``Response`` writes it (UTF-8 named for text)."""
        if self.media_type.startswith("text/") and "charset=" not in self.media_type.lower():
            return self.media_type + "; charset=utf-8"
        return self.media_type

    def response(self) -> Response:
        return Response(self.body, media_type=self.media_type, headers=self.headers)


async def reply_to(request: Request, query_pairs: list[tuple[str, str]]) -> Reply | Response:
    """The route's work, given the request's query-string pairs (parsed once, by the caller): a
    ``Reply`` for a query's answer, a ``Response`` for the rest (304, the page, the service
    description). Raises ``InnographError`` for every refusal."""
    # the settings, release and pool are read from the app here, not injected: FastAPI's
    # dependency solving was half of this route's own time on a cached answer
    state = request.app.state
    settings: Settings = state.settings
    release, db, in_memory = state.store.served()
    # answers are kept and tagged per release and engine: without ORDER BY, the in-memory copy
    # and the disk may keep different rows under one LIMIT (graph.store.StoreHandle)
    version = release.id + "+memory" if in_memory else release.id
    pool: QueryPool = state.pool
    params = await _params(request, settings, query_pairs)
    queries = params.get("query", [])
    if "update" in params:
        raise QueryRefusedError("SPARQL Update is not accepted: this endpoint is read-only")
    if len(queries) > 1:
        raise QueryError(f"one query per request, got {len(queries)} 'query' parameters")
    if not queries:
        if request.method == "POST":
            raise QueryError("missing the 'query' parameter")
        return _describe_or_page(request, settings, release)
    query = queries[0]
    _check_query(query, settings)
    select_fmt, graph_fmt = request_formats(request.headers.get("accept"), params)
    timeout = _timeout(params, settings)
    task = QueryTask(
        query=query,
        db_path=str(release.db_path),
        default_graphs=_graphs(params, "default-graph-uri"),
        named_graphs=_graphs(params, "named-graph-uri"),
        select_format=select_fmt,
        graph_format=graph_fmt,
        max_rows=settings.max_rows,
        base_iri=_endpoint(request, settings),
        service_allowlist=settings.service_allowlist,
        remote=release.store if isinstance(release, RemoteRelease) else None,
    )
    if task.named_graphs is not None and task.default_graphs is None:
        task = replace(task, default_graphs=())
    etag = _etag(version, task)
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "Vary": "Accept, Accept-Encoding",
        "X-Innograph-Release": release.name,
    }
    condition = request.headers.get("if-none-match")
    if any(etag_matches(condition, tag) for tag in (etag, tagged(etag, "gzip"))):
        return Response(status_code=304, headers=headers)
    budget: ClientBudget = request.app.state.budget
    client = request.client.host if request.client else "unknown"
    budget.check(client)
    cache: ResultCache = request.app.state.results
    answer = cache.get(version, task)
    headers["X-Innograph-Cache"] = "miss" if answer is None else "hit"
    if answer is None:
        started = time.monotonic()
        answer = _inline(db, task, state)
        headers["X-Innograph-Worker"] = "no" if answer is not None else "yes"
        if answer is None:
            try:
                answer = await pool.arun(task, timeout)
            except QueryTimeoutError:
                budget.charge(client, timeout + KILL_PENALTY)
                raise
        budget.charge(client, time.monotonic() - started)
        cache.put(version, task, answer)
    if answer.truncated:
        headers["X-Innograph-Truncated"] = "true"
        headers["X-Innograph-Row-Limit"] = str(settings.max_rows)
    return Reply(answer.body, FORMAT_MEDIA[answer.format], headers)


def _inline(db: Database, task: QueryTask, state: State) -> Answer | None:
    """The answer to a query whose cost is bounded before it runs (``graph.bounded_query``),
    computed here without the hop to a worker; ``None`` for every other query (or dataset).
    The patterns' counts are kept per release (``state.pattern_counts``)."""
    if task.default_graphs is not None or task.named_graphs is not None:
        return None
    bounded = parse_bounded(task.query, PREFIXES)
    # a second, independent lexing as a backstop: no SERVICE, FROM or update keyword anywhere
    if bounded is None or not isinstance(db, ox.Store) or quick_shape(task.query) is None:
        return None
    counts = getattr(state, "pattern_counts", None)
    if counts is None or counts.db is not db:
        counts = state.pattern_counts = PatternCounts(db)
    if not within_bound(db, bounded, counts=counts, product=PRODUCT):
        return None  # else its rows are at most the product of the patterns' counts
    return execute(db, task, shape=_BOUNDED_SHAPE, bounded=bounded, rows_at_most=PRODUCT)


_BOUNDED_SHAPE = QueryShape(services=(), has_dataset=False, depth=1)


@router.api_route("/sparql/", methods=["GET", "HEAD", "POST"], include_in_schema=False)
async def sparql_slash(request: Request) -> Response:
    return await sparql(request)


# --- helpers ----------------------------------------------------------------------


async def _params(
    request: Request, settings: Settings, query_pairs: list[tuple[str, str]]
) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in query_pairs:
        params.setdefault(key, []).append(value)
    if any(_REPLACED in k or _REPLACED in v for k, v in query_pairs):  # bytes that were no UTF-8?
        _strict_form(request.scope["query_string"], "the query string")
    if request.method != "POST":
        return params
    ctype = request.headers.get("content-type", "")
    media = ctype.split(";")[0].strip().lower()
    charset = _charset(ctype)
    body = await _bounded_body(request, _body_limit(settings), settings.body_timeout)
    if media == _UPDATE:
        raise QueryRefusedError("SPARQL Update is not accepted: this endpoint is read-only")
    if media not in (_FORM, _QUERY):
        shown = media or "no Content-Type"
        raise UnsupportedMediaTypeError(f"POST needs Content-Type {_FORM} or {_QUERY}, got {shown}")
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"queries must be UTF-8, got charset={charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise QueryError(f"the request body is not valid UTF-8: {err}") from err
    if media == _QUERY:
        params.setdefault("query", []).append(text)
    else:
        try:
            form = parse_qs(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as err:
            raise QueryError(f"the request body's percent-escapes are not UTF-8: {err}") from None
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    return params


_REPLACED = "\ufffd"  # what a byte that is no UTF-8 becomes when decoded leniently


def _strict_form(raw: bytes, what: str) -> None:
    """Refuse (400) a form-encoded text whose bytes or percent-escapes are not UTF-8: decoded
    leniently they would become U+FFFD and the query would ask something else."""
    try:
        parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as err:
        raise QueryError(f"{what} is not valid UTF-8 (percent-escapes included): {err}") from None


def _body_limit(settings: Settings) -> int:
    # a form-encoded query may triple in size (percent-encoding), plus the other parameters
    return 3 * settings.max_query_bytes + 4096


async def _bounded_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused with 413 before reading when ``Content-Length`` is over
    ``limit``, and as soon as a chunked body passes it (nothing more is read)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise QueryError(f"Content-Length {declared!r} is not a number of bytes")
        if int(declared) > limit:
            raise PayloadTooLargeError(
                f"the request body is {int(declared)} bytes; the limit is {limit}"
            )
    body = bytearray()
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise PayloadTooLargeError(
                        f"the request body is over the limit of {limit} bytes"
                    )
    except TimeoutError:
        raise RequestTimeoutError(
            f"the request body did not arrive within {timeout:g} s (INNOGRAPH_BODY_TIMEOUT)"
        ) from None
    return bytes(body)


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _check_query(query: str, settings: Settings) -> None:
    check_not_empty(query)
    size = len(query.encode("utf-8"))
    if size > settings.max_query_bytes:
        raise PayloadTooLargeError(
            f"the query is {size} bytes; the limit is {settings.max_query_bytes}"
        )


def _timeout(params: dict[str, list[str]], settings: Settings) -> float:
    raw = _last(params, "timeout")
    if raw is None:
        return settings.query_timeout
    try:
        value = float(raw)
    except ValueError as err:
        raise QueryError(f"timeout={raw!r} is not a number of seconds") from err
    low, high = settings.min_query_timeout, settings.query_timeout
    if not low <= value <= high:  # NaN fails too
        raise QueryError(f"timeout={raw} is out of range: give seconds in [{low:g}, {high:g}]")
    return value


def _last(params: dict[str, list[str]], key: str) -> str | None:
    """The last value given for ``key``, or ``None`` when there is none."""
    values = params.get(key)
    return values[-1] if values else None


def _graphs(params: dict[str, list[str]], key: str) -> tuple[str, ...] | None:
    values = params.get(key)
    return tuple(values) if values else None


def _endpoint(request: Request, settings: Settings) -> str:
    if settings.base_url:
        return settings.base_url.rstrip("/") + "/sparql"
    scope = request.scope
    server = scope.get("server")
    return _endpoint_of(
        scope.get("scheme", "http"),
        tuple(server) if server else None,
        scope.get("app_root_path", scope.get("root_path", "")),
        request.headers.get("host"),
    )


@functools.lru_cache(maxsize=256)
def _endpoint_of(
    scheme: str, server: tuple[str, int] | None, root_path: str, host: str | None
) -> str:
    """The endpoint's URL as Starlette's ``base_url`` gives it for these parts of a request
    (kept: a server is reached under few names)."""
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    scope = {"type": "http", "scheme": scheme, "server": server, "root_path": root_path,
             "path": "/", "query_string": b"", "headers": headers}  # fmt: skip
    return str(Request(scope).base_url).rstrip("/") + "/sparql"


def _etag(version: str, task: QueryTask) -> str:
    key = repr(
        (
            version,
            task.query,
            task.default_graphs,
            task.named_graphs,
            task.select_format,
            task.graph_format,
            task.max_rows,
        )
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _describe_or_page(request: Request, settings: Settings, release: LiveRelease) -> Response:
    accept = request.headers.get("accept")
    if prefers_html(accept):
        from innograph.api.query_page import render_query_page

        return render_query_page(request)
    fmt = choose(accept, GRAPH_MEDIA)
    if fmt is None:
        raise NotAcceptableError(
            f"the service description is RDF; cannot produce Accept: {clip(accept or '')}"
        )
    g = service_description(_endpoint(request, settings), release)
    triples = list(ox.parse(g.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
    return Response(
        serialize_graph(triples, fmt),
        media_type=FORMAT_MEDIA[fmt],
        headers={"Vary": "Accept", "X-Innograph-Release": release.name},
    )
