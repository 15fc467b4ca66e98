"""``/sparql`` answered ahead of the framework: the request path of a query.

A light query costs the engine ≈ 0.1 ms; FastAPI's layers (error, telemetry and body-limit
middlewares, router, exception layer) and the app's own middlewares took twice that again. So the
app (:class:`innograph.api.app.InnographApp`) hands every ``/sparql`` request that carries a query
to :class:`SparqlFastPath` before any of them:

- the query is answered by the route's own code (:func:`innograph.api.sparql.reply_to`, which the
  OpenAPI-documented route runs too), with every guarantee it has (budget, bounded check, killable
  worker, row cap, cache, ETag);
- a plain answer (status 200, a body under the compression threshold) is written here, with the
  headers the app's middlewares would add: the security headers and, for a request with an
  ``Origin``, the CORS headers, both taken from the middleware objects themselves;
- everything else — an error, a large body (compressed when asked), a 304 — goes through those
  middleware objects (``wrap``), built once.

What it leaves to the app: a request without a query (the page, the service description), one
asking for a language (``lang=``), other methods (a CORS preflight), other paths.
``tests/api/test_fast_path.py`` checks, request by request, that both ways give the same status,
headers and body.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from innograph.api.security import SECURITY_HEADERS
from innograph.api.sparql import Reply, reply_to
from innograph.graph.errors import InnographError

__all__ = ["SparqlFastPath", "form_pairs", "query_pairs", "unexpected_error"]

_log = logging.getLogger("innograph")

ErrorHandler = Callable[[Request, InnographError], Awaitable[Response]]

_RESPONSE = "innograph.response"
_PATHS = frozenset({"/sparql", "/sparql/"})
_VERBS = frozenset({"GET", "HEAD", "POST"})


def query_pairs(scope: Scope) -> list[tuple[str, str]] | None:
    """The query-string pairs of a ``/sparql`` request the fast path answers: a POST, or a
    GET/HEAD with a ``query``, and no ``lang`` parameter (decided on the parsed query string,
    parsed as Starlette does); ``None`` for every other request."""
    if scope["type"] != "http" or scope["path"] not in _PATHS or scope["method"] not in _VERBS:
        return None
    pairs = form_pairs(scope["query_string"].decode("latin-1"))
    names = {k for k, _ in pairs}
    if "lang" in names or (scope["method"] != "POST" and "query" not in names):
        return None
    return pairs


def form_pairs(text: str) -> list[tuple[str, str]]:
    """``urllib.parse.parse_qsl(text, keep_blank_values=True)``, the percent-escapes decoded by
    the codec machinery in C (a query is mostly escapes: ≈ 6× faster); any text it cannot take
    whole (a stray ``%``) is left to ``parse_qsl``. Tested equal on generated texts.

    >>> form_pairs("query=SELECT%20*%20%7B%7D&format=json&flag")
    [('query', 'SELECT * {}'), ('format', 'json'), ('flag', '')]
    """
    if not text.isascii():  # raw bytes over 127: parse_qsl keeps them undecoded
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    try:
        for part in text.split("&"):
            if part:
                name, _, value = part.partition("=")
                pairs.append((_unescaped(name), _unescaped(value)))
    except ValueError:  # an escape that is not one: parse_qsl's own rules
        return parse_qsl(text, keep_blank_values=True)
    return pairs


def _unescaped(text: str) -> str:
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    # every backslash doubled first, so the only escapes the codec sees are the "%XX" ones
    escaped = text.replace("\\", "\\\\").replace("%", "\\x").encode("latin-1")
    raw: bytes = codecs.escape_decode(escaped)[0]  # type: ignore[attr-defined]
    return raw.decode("utf-8", "replace")


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an exception nothing expected: 500 in the one error shape; the trace goes to
    the server's log, never into a response body."""
    _log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    body = {"error": "internal_error", "message": "internal error (logged)", "status": 500}
    return JSONResponse(body, status_code=500)


class SparqlFastPath:
    """Answers ``/sparql`` queries (see the module's documentation).

    Parameters
    ----------
    on_error
        The app's answer to an ``InnographError`` (the JSON error shape).
    wrap
        Puts an ASGI app inside the app's header, CORS and compression middlewares; the CORS one
        outermost, whose headers for a request with an ``Origin`` (``simple_headers``) a plain
        answer gets too.
    plain_below
        Bodies shorter than this are never compressed (``GZipMiddleware.minimum_size``): such an
        answer is written here.
    """

    def __init__(
        self,
        on_error: ErrorHandler,
        wrap: Callable[[ASGIApp], CORSMiddleware],
        *,
        plain_below: int,
    ) -> None:
        self.on_error = on_error
        self.through_middlewares = wrap(_send_prepared)
        self.cors = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in self.through_middlewares.simple_headers.items()
        ]
        self.plain_below = plain_below

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, pairs: list[tuple[str, str]]
    ) -> None:
        request = Request(scope, receive)
        answer: Reply | Response
        try:
            answer = await reply_to(request, pairs)
        except InnographError as exc:
            answer = await self.on_error(request, exc)
        except Exception as exc:
            answer = await unexpected_error(request, exc)
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            if isinstance(answer, Reply) and len(answer.body) < self.plain_below:
                head = self._plain_head(scope, answer)
                await sending({"type": "http.response.start", "status": 200, "headers": head})
                await sending({"type": "http.response.body", "body": answer.body})
                return
            scope[_RESPONSE] = answer.response() if isinstance(answer, Reply) else answer
            await self.through_middlewares(scope, receive, sending)
        except Exception as exc:
            if started:
                raise  # the answer is under way: only the connection can end it
            await (await unexpected_error(request, exc))(scope, receive, send)

    def _plain_head(self, scope: Scope, reply: Reply) -> list[tuple[bytes, bytes]]:
        """The headers of a 200 answer as Starlette's ``Response`` and the middlewares give them:
        the reply's own, length and type, the security headers, and CORS's for an ``Origin``."""
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        raw.append((b"content-length", b"%d" % len(reply.body)))
        raw.append((b"content-type", reply.content_type().encode("latin-1")))
        raw.extend(SECURITY_HEADERS)
        # CORS, as CORSMiddleware.send does with every origin allowed and no credentials: its
        # headers for a request with an Origin, and "Origin" added to Vary for every request
        if any(name == b"origin" for name, _ in scope["headers"]):
            raw.extend(self.cors)
        for i, (name, value) in enumerate(raw):  # a reply has at most one Vary
            if name == b"vary":
                raw[i] = (name, value + b", Origin")
                break
        else:
            raw.append((b"vary", b"Origin"))
        return raw


async def _send_prepared(scope: Scope, receive: Receive, send: Send) -> None:
    response: Response = scope[_RESPONSE]
    await response(scope, receive, send)
