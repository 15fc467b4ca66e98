"""Conditional requests and entity tags: ``If-None-Match`` answered with 304 wherever a response
carries an ``ETag``, and tags that differ wherever the bytes differ (RFC 9110 §8.8.3, §13.1.2).

A representation's tag is set by the route (release and format); the layers around it make it
exact: ``LanguageMiddleware`` adds the language to the tag of a page (its words depend on it) and
``NegotiatedGZipMiddleware`` marks a compressed body (``-gzip``), as a strong tag names one
sequence of bytes. ``ConditionalGet`` then compares the request's ``If-None-Match`` with the
final tag and sends 304 with the headers and no body.

>>> etag_matches('W/"r1-html-de", "r1-turtle"', '"r1-turtle"'), etag_matches("*", '"x"')
(True, True)
>>> etag_matches('"r1-turtle"', '"r1-turtle-gzip"'), etag_matches('"r1"', '"r2"')
(False, False)
>>> tagged('"r1-html"', "de"), tagged('W/"r1"', "gzip")
('"r1-html-de"', 'W/"r1-gzip"')
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ConditionalGet", "ContentTag", "etag_matches", "tagged"]

_KEEP_ON_304 = frozenset(
    {b"etag", b"vary", b"cache-control", b"content-location", b"expires", b"date"}
)  # RFC 9110 §15.4.5: what a 304 sends of the 200 it stands for
_CORS_AND_SECURITY = (b"access-control-", b"content-security-policy", b"x-")
_MAX_TAGGED = 8 << 20  # a body above this is not held back to be hashed


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, a list or ``*``)."""
    if not if_none_match:
        return False
    wanted = _opaque(etag)
    return any(
        tag == "*" or _opaque(tag) == wanted
        for tag in (t.strip() for t in if_none_match.split(","))
    )


def tagged(etag: str, suffix: str) -> str:
    """``etag`` with ``-suffix`` inside its quotes (its weakness kept)."""
    weak = etag.startswith("W/")
    opaque = etag[2:] if weak else etag
    if len(opaque) < 2 or not (opaque.startswith('"') and opaque.endswith('"')):
        return etag
    return ("W/" if weak else "") + opaque[:-1] + "-" + suffix + '"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


class ConditionalGet:
    """ASGI middleware: a ``GET`` or ``HEAD`` whose ``If-None-Match`` names the response's
    ``ETag`` gets 304 with the validator headers, and no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        condition = Headers(scope=scope).get("if-none-match")
        if not condition:
            await self.app(scope, receive, send)
            return
        unchanged = False

        async def maybe_304(message: Message) -> None:
            nonlocal unchanged
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                etag = headers.get("etag")
                if message["status"] == 200 and etag and etag_matches(condition, etag):
                    unchanged = True
                    kept = [
                        (k, v)
                        for k, v in message.get("headers", [])
                        if k.lower() in _KEEP_ON_304 or k.lower().startswith(_CORS_AND_SECURITY)
                    ]
                    await send({"type": "http.response.start", "status": 304, "headers": kept})
                    await send({"type": "http.response.body", "body": b""})
                    return
            elif unchanged:
                return  # the 200's body is not sent
            await send(message)

        await self.app(scope, receive, maybe_304)


class ContentTag:
    """ASGI middleware: a ``200`` answer to ``GET`` (a page, JSON, CSV, Turtle …) that its route
    gave no ``ETag`` gets a strong one from its bytes (SHA-256), so that every page answers
    ``If-None-Match`` (the front page, ``/policy``, ``/api/…`` had none). Only a body of known
    length (``Content-Length`` up to 8 MB) is held back to be hashed; a stream passes untouched.
    It sits inside the language and compression layers, which mark the tag as they change the
    bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _taggable(message):
                    start = message
                    return
                await send(message)
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = MutableHeaders(raw=list(start.get("headers", [])))
                headers["etag"] = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                await send({**start, "headers": headers.raw})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, hold)


def _taggable(start: Message) -> bool:
    if start["status"] != 200:
        return False
    headers = Headers(raw=start.get("headers", []))
    length = headers.get("content-length")
    return (
        "etag" not in headers
        and length is not None
        and length.isdigit()
        and int(length) <= _MAX_TAGGED
    )
