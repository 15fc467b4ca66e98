"""Security headers on every response, and the one rule for which IRIs from data become links.

- ``Content-Security-Policy``: scripts only from innograph itself (no inline script, so nothing
  injected through data can run), no plugins, no framing by other sites, forms and connections
  to innograph only;
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: SAMEORIGIN``, ``Referrer-Policy``.

>>> safe_href("javascript:alert(1)") is None, safe_href("https://optonet.de/")
(True, 'https://optonet.de/')
>>> safe_href("mailto:info@example.org"), safe_href("JaVaScRiPt:x"), safe_href(" http://a b")
('mailto:info@example.org', None, None)
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "LINK_SCHEMES", "SECURITY_HEADERS", "SecurityHeaders", "safe_href"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only schemes an IRI from the data may have to become a clickable link."""

SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)
"""The headers :class:`SecurityHeaders` adds to every response that does not set them itself."""


def safe_href(iri: str) -> str | None:
    """``iri`` when it may be a link target (an http(s) or mailto IRI), else ``None``.

    Decided on the parsed IRI: its scheme, and for http(s) a host; no whitespace or controls.
    """
    if any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in iri):
        return None
    try:
        parts = urlsplit(iri)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme != "mailto" and not parts.netloc:
        return None
    return iri


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
