"""The FastAPI application: ``create_app(settings)`` wires the routers to one store."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api import pages
from api.config import Settings
from graph.errors import InnographError
from graph.store import GraphStore, StoreHandle

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="innograph",
        description=(
            "Knowledge graph of a regional innovation ecosystem: SPARQL, Linked Data, analytics."
        ),
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.store = StoreHandle(GraphStore(settings.store))

    @app.exception_handler(InnographError)
    async def _innograph_error(request: Request, exc: InnographError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(pages.router)
    return app
