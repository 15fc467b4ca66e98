"""Load shedding: past a number of requests in flight, answer 503 with ``Retry-After`` at once.

Entity pages, ``/api`` and ``/viz`` run Python in the server process; when many clients ask at
once, queueing them all only makes every answer late. Past ``limit`` requests in flight on those
routes a request is answered 503 immediately (the JSON error shape, ``Retry-After: 1``), so latency
stays bounded for the requests that are served. ``/sparql`` has its own limit (the worker slots).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["SHED_PREFIXES", "LoadShedder"]

SHED_PREFIXES = ("/id/", "/api/", "/viz/", "/ontology", "/dump")


class LoadShedder:
    """ASGI middleware: at most ``limit`` requests in flight on ``SHED_PREFIXES`` routes."""

    def __init__(self, app: ASGIApp, limit: int = 32) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(SHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            body = json.dumps(
                {
                    "error": "overloaded",
                    "message": f"the server is answering {self.limit} page requests already "
                    "(INNOGRAPH_MAX_INFLIGHT); retry in a second",
                    "status": 503,
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"retry-after", b"1"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
