"""The FastAPI application: ``create_app(settings)`` wires the routers to one store."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from innograph.api import (
    analytics,
    disagreements,
    dumps,
    entities,
    finder,
    pages,
    passages,
    policy,
    query_page,
    regions,
    search,
    shares,
    sparql,
    viz,
)
from innograph.api.analysis_cache import AnalysisCache
from innograph.api.budget import ClientBudget
from innograph.api.conditional import ConditionalGet, ContentTag
from innograph.api.config import Settings, store_of
from innograph.api.fast_path import SparqlFastPath, query_pairs, unexpected_error
from innograph.api.head import HeadAsGet
from innograph.api.i18n import LanguageMiddleware
from innograph.api.negotiation import NegotiatedGZipMiddleware, prefers_html
from innograph.api.result_cache import ResultCache
from innograph.api.security import SecurityHeaders
from innograph.api.shares import ShareStore
from innograph.api.shedding import LoadShedder
from innograph.api.templating import render
from innograph.graph.errors import InnographError, OverloadedError
from innograph.graph.executor import QueryPool, WorkerLimits
from innograph.graph.remote import RemoteStore
from innograph.graph.resources import resource_dir
from innograph.graph.store import StoreHandle

__all__ = ["STATIC_DIR", "InnographApp", "create_app"]

_log = logging.getLogger("innograph")

STATIC_DIR = resource_dir("innograph.api.static")
_COPY_WAIT = 120.0  # seconds start-up waits for the release's in-memory copy (250,000 quads: ≈ 3)
_GZIP_FROM = 1024  # bytes: shorter bodies are never compressed


def _swagger_dir() -> Path:
    # Swagger UI 5 (OpenAPI 3.1) as shipped by the fastapi-swagger package: served, not fetched
    return resource_dir("fastapi_swagger.resources")


def _version() -> str:
    try:
        return metadata.version("innograph")
    except metadata.PackageNotFoundError:
        return "unknown"


def _warm_analytics(app: FastAPI) -> None:
    """Compute the live release's analytics (``Analysis.precompute``) before anyone asks."""
    try:
        release, db = app.state.store.get()
        app.state.analysis.get(release.id, db)
    except (InnographError, OSError) as exc:  # the first request retries and reports it
        _log.warning("could not compute the analytics at start-up: %s", exc)


async def innograph_error(request: Request, exc: InnographError) -> Response:
    """The answer to an ``InnographError``: the JSON error shape with its status (a page for a
    browser's 404), ``Retry-After`` when overloaded."""
    if exc.status == 404 and prefers_html(request.headers.get("accept")):
        html = render("message.html", title="Not found", message=str(exc))
        return HTMLResponse(html, status_code=404)
    headers = {}
    if isinstance(exc, OverloadedError):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(exc.to_dict(), status_code=exc.status, headers=headers)


class InnographApp(FastAPI):
    """The FastAPI app, with ``/sparql`` queries handed to ``sparql_path`` before any middleware
    or the router (``api.fast_path``)."""

    sparql_path: SparqlFastPath | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        pairs = query_pairs(scope) if self.sparql_path is not None else None
        if pairs is None or self.sparql_path is None:
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self  # as Starlette sets it: request.app is this app
        await self.sparql_path(scope, receive, send, pairs)


def create_app(
    settings: Settings | None = None, *, front: int | None = None, freeze: bool = False
) -> InnographApp:
    """Build the app for ``settings`` (default: from the environment); ``front`` is its index
    among several server processes (``api.fronts``), which ``/healthz`` names. ``freeze``: the
    app is the process's own (``innograph serve``), so what its start-up built is moved out of
    the garbage collector's reach (``gc.freeze``) once started."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        network = bool(settings.service_allowlist) or isinstance(app.state.store.store, RemoteStore)
        limits = WorkerLimits(memory_mb=settings.query_memory_mb, network=network)
        app.state.pool = QueryPool(
            settings.max_concurrent_queries, spares=settings.query_spares, limits=limits
        )
        app.state.pool.warm_up()
        with contextlib.suppress(InnographError):  # opens the release, copies it into memory
            app.state.store.get()
            app.state.store.wait_for_copy(timeout=_COPY_WAIT)  # serves from memory at once
        if freeze:  # what start-up built lives as long as the server: full collections need
            gc.collect()  # not walk it again (under load they had paused requests for 25-55 ms
            gc.freeze()  # at the 99th percentile)
        if settings.warm_analytics:  # the first analytics request then finds them computed
            threading.Thread(target=_warm_analytics, args=(app,), daemon=True).start()
        try:
            yield
        finally:
            app.state.pool.close()

    app = InnographApp(
        lifespan=lifespan,
        title="innograph",
        description=(
            "Knowledge graph of a regional innovation ecosystem: SPARQL, Linked Data, analytics."
        ),
        version=_version(),
        docs_url=None,  # served below from the package, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = StoreHandle(store_of(settings), memory_quads=settings.memory_quads)
    app.state.analysis = AnalysisCache()
    app.state.budget = ClientBudget(settings.client_budget)
    app.state.shares = ShareStore(settings.shares_file)
    app.state.results = ResultCache(settings.result_cache_mb * 1024 * 1024)

    def gzip(inner: ASGIApp) -> NegotiatedGZipMiddleware:
        return NegotiatedGZipMiddleware(inner, minimum_size=_GZIP_FROM, compresslevel=6)

    def cors(inner: ASGIApp) -> CORSMiddleware:
        return CORSMiddleware(
            inner,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=[
                "ETag",
                "X-Innograph-Release",
                "X-Innograph-Truncated",
                "X-Innograph-Worker",
            ],
            max_age=86400,
        )

    app.add_middleware(ContentTag)  # innermost: a tag from the route's own bytes
    app.add_middleware(gzip)
    app.add_middleware(LoadShedder, limit=settings.max_inflight)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(cors)
    app.add_middleware(ConditionalGet)  # compares If-None-Match with the final ETag
    app.add_middleware(HeadAsGet)  # outermost: every layer below sees the GET it stands for
    # /sparql queries ahead of all of these, through the same header, CORS and compression
    # objects when it does not write the answer itself (api.fast_path)
    app.sparql_path = SparqlFastPath(
        innograph_error, lambda inner: cors(SecurityHeaders(gzip(inner))), plain_below=_GZIP_FROM
    )

    @app.exception_handler(InnographError)
    async def _innograph_error(request: Request, exc: InnographError) -> Response:
        return await innograph_error(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return await unexpected_error(request, exc)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        body = {"error": "http_error", "message": str(exc.detail), "status": exc.status_code}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
            for e in exc.errors()
        )
        body = {"error": "invalid_parameter", "message": problems, "status": 422}
        return JSONResponse(body, status_code=422)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str | int]:
        return {"status": "ok"} if front is None else {"status": "ok", "front": front}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=_swagger_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(render("docs.html"))

    app.include_router(pages.router)
    app.include_router(search.router)
    app.include_router(finder.router)
    app.include_router(policy.router)
    app.include_router(disagreements.router)
    app.include_router(passages.router)
    app.include_router(regions.router)
    app.include_router(sparql.router)
    app.include_router(query_page.router)
    app.include_router(shares.router)
    app.include_router(entities.router)
    app.include_router(dumps.router)
    app.include_router(analytics.router)
    app.include_router(viz.router)
    return app
