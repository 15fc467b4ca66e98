"""The HTTP server: uvicorn's httptools protocol (llhttp, in C) with two guards it lacks.

- **Request heads are bounded**: a request line over ``MAX_HEAD_BYTES`` gets 414, a head over it
  431 (uvicorn would answer 400 or reset the connection), and the connection is closed;
- **Stalled requests are timed out**: a head that has not arrived completely
  ``header_timeout`` seconds after its first byte (or after the connection opened) gets 408 and
  the connection is closed, so half-sent requests cannot hold connections forever.

``serve(app, settings)`` runs it. ``GuardedH11Protocol`` (uvicorn's pure-Python h11 parser with the
same guards) was the server until the httptools one measured faster; it stays for comparison
(``INNOGRAPH_HTTP=h11``) and is tested alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sys
from typing import Any, cast

import h11
import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from innograph.api.config import Settings

__all__ = [
    "MAX_HEAD_BYTES",
    "GuardedH11Protocol",
    "GuardedHttpToolsProtocol",
    "OneSendPerTurn",
    "run_server",
    "serve",
    "server_config",
]

MAX_HEAD_BYTES = 64 * 1024
"""Largest request head (request line and headers) accepted."""

_HEADER_TIMEOUT = 15.0
_DRAIN = 5.0
_REFUSALS = {
    408: (b"Request Timeout", "request_timeout", "the request head was not received in time"),
    414: (
        b"URI Too Long",
        "uri_too_long",
        f"the request line is over {MAX_HEAD_BYTES:,} bytes: send a long query by POST",
    ),
    431: (
        b"Request Header Fields Too Large",
        "header_fields_too_large",
        f"the request head is over {MAX_HEAD_BYTES:,} bytes",
    ),
}
"""What the server itself refuses, before the app: reason phrase, and the error body's ``error``
and ``message`` (the one JSON error shape every answer has)."""


class OneSendPerTurn:
    """A transport whose small writes within one turn of the event loop leave in one ``send(2)``.

    uvicorn writes a response's head and its body separately; with ``TCP_NODELAY`` that is two
    sends and two segments (on loopback, two passes through the receiver's TCP stack, paid by the
    sender), where one would do. Writes are gathered and sent at the loop's next turn; closing,
    ending the stream and asking for the buffer's size see them first. A large write
    (``DIRECT`` bytes or more) goes out at once, after what waits: it is not copied again, and the
    transport's flow control sees it. Nothing is written after ``write_eof`` (dropped, as the
    transport cannot send it). Everything else is the wrapped transport's.
    """

    DIRECT = 64 * 1024

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []
        self._ended = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data or self._ended:
            return
        if len(data) >= self.DIRECT:
            self.flush()
            if not self._transport.is_closing():
                self._transport.write(data)
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Send what was written since the last send (dropped once the transport is closing)."""
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing() and not self._ended:
                self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def write_eof(self) -> None:
        self.flush()
        self._ended = True
        self._transport.write_eof()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._transport.close()

    def abort(self) -> None:
        self._pending.clear()
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _HeadGuard:
    """What both guarded protocols share: the head deadline's timer and the refusal. The
    protocol defines ``_timed_out`` (when a head is late) and keeps ``_head_deadline`` and
    ``_refused``."""

    header_timeout: float = _HEADER_TIMEOUT
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    _head_deadline: asyncio.TimerHandle | None
    _refused: bool

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _timed_out(self) -> None:
        raise NotImplementedError

    def _arm(self) -> None:
        if self._head_deadline is None and not self.transport.is_closing():
            self._head_deadline = self.loop.call_later(self.header_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _refuse(self, status: int) -> None:
        self._disarm()
        self._refused = True
        _refuse(self.transport, self.loop, status)


class GuardedH11Protocol(_HeadGuard, H11Protocol):
    """uvicorn's h11 protocol with a bounded head and a deadline for receiving it."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(cast(asyncio.Transport, OneSendPerTurn(transport, self.loop)))
        self._head_deadline: asyncio.TimerHandle | None = None
        self._refused = False
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # drained after a refusal
        if self.conn.their_state is h11.IDLE:
            buffered = self.conn.trailing_data[0]
            if len(buffered) + len(data) > MAX_HEAD_BYTES:
                # over the limit only if the head does not end within it: what follows a
                # complete head is the body (a large form POST arrives with its head)
                start = bytes(buffered) + data[: MAX_HEAD_BYTES + 4]
                if start.find(b"\r\n\r\n", 0, MAX_HEAD_BYTES + 4) < 0:
                    line_done = b"\r\n" in start[: MAX_HEAD_BYTES + 2]
                    self._refuse(431 if line_done else 414)
                    return
            self._arm()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the head is complete: the request is being served

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # between requests uvicorn's keep-alive timeout applies

    def _timed_out(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self.conn.trailing_data[0]:
                self._refuse(408)
            else:
                self.transport.close()  # an idle connection that never sent a byte


class GuardedHttpToolsProtocol(_HeadGuard, HttpToolsProtocol):
    """uvicorn's httptools protocol with a bounded head and a deadline for receiving it.

    The parser reports where a request's head ends (``on_headers_complete``) and where the request
    ends (``on_message_complete``); from the one to the next request's head end, the bytes
    received are a head. Two checks bound it: the parser's own pieces (request target and header
    fields, as it completes them) are summed, and the bytes of a head still incomplete after a
    read are kept (at most ``MAX_HEAD_BYTES`` + 4) to tell an over-long request line (414) from
    over-long headers (431). A request over the limit is never dispatched. The deadline runs while
    a head is awaited and no response is being written.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(cast(asyncio.Transport, OneSendPerTurn(transport, self.loop)))
        self._head_deadline: asyncio.TimerHandle | None = None
        self._refused = False
        self._awaiting_head = True
        self._head = bytearray()
        self._head_fields = 0
        self._overflow = 0  # the refusal a parser callback found (414 or 431), else 0
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # drained after a refusal
        if self._awaiting_head:
            room = MAX_HEAD_BYTES + 4 - len(self._head)
            if room > 0:
                self._head += data[:room]
        super().data_received(data)
        if self._refused:
            return
        if self._overflow:
            self._refuse(self._overflow)
        elif self._awaiting_head and len(self._head) > MAX_HEAD_BYTES:
            # the head did not end within the limit (else the parser would have said so)
            line_done = b"\r\n" in self._head[: MAX_HEAD_BYTES + 2]
            self._refuse(431 if line_done else 414)
        elif self._awaiting_head and self._head and not self._responding():
            self._arm()  # a head begun and not ended: its deadline runs (a whole one needs none)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._awaiting_head = True
        self._head_fields = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_HEAD_BYTES:
            self._overflow = self._overflow or 414

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._head_fields += len(name) + len(value) + 4
        if len(self.url) + self._head_fields > MAX_HEAD_BYTES:
            self._overflow = self._overflow or 431

    def on_headers_complete(self) -> None:
        self._awaiting_head = False
        self._head.clear()
        self._disarm()  # the head is complete: the request is being served
        if not self._overflow:  # an oversized request is refused, never dispatched
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._overflow:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._overflow:
            super().on_message_complete()
        self._awaiting_head = True  # what follows is the next request's head
        self._head.clear()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # between requests uvicorn's keep-alive timeout applies
        if self._awaiting_head and self._head:
            self._arm()  # part of the next head came while the response was written

    def _responding(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _timed_out(self) -> None:
        self._head_deadline = None
        if self._awaiting_head and not self._responding() and not self.transport.is_closing():
            if self._head:
                self._refuse(408)
            else:
                self.transport.close()  # an idle connection that never sent a byte


def _refuse(transport: asyncio.Transport, loop: asyncio.AbstractEventLoop, status: int) -> None:
    """Answer ``status`` and end the connection without a reset: stop writing, read and drop what
    the client still sends, close at its end-of-file or after ``_DRAIN`` s."""
    reason, code, message = _REFUSALS[status]
    body = json.dumps({"error": code, "message": message, "status": status}).encode()
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n"
        b"x-content-type-options: nosniff\r\n"
        b"content-length: %d\r\nconnection: close\r\n\r\n" % (status, reason, len(body))
    )
    transport.write(head + body)
    if transport.can_write_eof():
        transport.write_eof()
    loop.call_later(_DRAIN, transport.close)


_PROTOCOLS: dict[str, type[asyncio.Protocol]] = {
    "httptools": GuardedHttpToolsProtocol,
    "h11": GuardedH11Protocol,
}


def server_config(app: Any, settings: Settings, *, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's configuration for ``app`` on ``settings.host``:``settings.port`` with the
    guarded protocol."""
    base = _PROTOCOLS[settings.http]
    protocol = type("InnographProtocol", (base,), {"header_timeout": settings.header_timeout})
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        http=protocol,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        # uvicorn computes each access-log line's fields even when its logger drops them
        access_log=log_level in ("info", "debug", "trace"),
    )


def serve(app: Any, settings: Settings, *, log_level: str = "info") -> None:
    """Run ``app`` on ``settings.host``:``settings.port`` with the guarded protocol (one process;
    ``api.fronts`` runs several)."""
    run_server(uvicorn.Server(server_config(app, settings, log_level=log_level)))


def run_server(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
    """Run ``server`` until it is stopped; exit with uvicorn's start-up failure status (3) when
    it never started (as ``uvicorn.run`` does)."""
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=sockets)
    if not server.started:
        sys.exit(STARTUP_FAILURE)
