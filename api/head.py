"""``HEAD`` on every ``GET`` route: the same status and headers, no body (RFC 9110 §9.3.2).

FastAPI routes answer only the methods they declare, so a ``HEAD`` (link checkers, caches, ``curl
-I``) got 405 on every page. ``HeadAsGet`` runs a ``HEAD`` request as the ``GET`` it asks about and
sends only the response's start — status, headers, ``Content-Length`` included — and an empty
body. The route table and the OpenAPI description are untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """ASGI middleware answering ``HEAD`` as ``GET`` without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False) and not finished:
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
