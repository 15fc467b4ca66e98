"""The floor of a Python HTTP front on this machine: an ASGI app that answers every request with a
fixed 5-row SPARQL JSON body, under the same uvicorn and HTTP parser as ``innograph serve``.

``bench.endpoint`` drives it beside innograph and Oxigraph, so the table shows how much of the gap
is the Python server itself and how much innograph's own stack.
"""

from __future__ import annotations

from starlette.types import Receive, Scope, Send

__all__ = ["app"]

_BODY = (
    b'{"head":{"vars":["c","n"]},"results":{"bindings":['
    + b",".join(
        b'{"c":{"type":"uri","value":"https://w3id.org/innograph/id/cluster/c%d"},'
        b'"n":{"type":"literal","value":"%d"}}' % (i, i)
        for i in range(5)
    )
    + b"]}}"
)


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"application/sparql-results+json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": _BODY})
