"""HTTP content negotiation: parse ``Accept`` with q-values and pick the best representation.

>>> choose("text/csv;q=0.5, application/sparql-results+json", SELECT_MEDIA)
'json'
>>> choose("text/*;q=0.9, */*;q=0.1", SELECT_MEDIA)
'csv'
>>> choose("image/png", SELECT_MEDIA) is None
True
>>> choose("", GRAPH_MEDIA)
'turtle'
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware, GZipResponder, IdentityResponder
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from innograph.api.conditional import tagged

__all__ = [
    "FORMAT_MEDIA",
    "GRAPH_MEDIA",
    "PAGE_FORMATS",
    "RDFLIB_FORMATS",
    "SELECT_MEDIA",
    "MediaRange",
    "NegotiatedGZipMiddleware",
    "accepts_gzip",
    "choose",
    "choose_page_format",
    "clip",
    "parse_accept",
    "prefers_html",
]

# Offers in the server's order of preference: the first is the default.
SELECT_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/n3": "turtle",  # Turtle is N3: every N3 reader reads it
    "text/rdf+n3": "turtle",
    "application/x-json+ld": "jsonld",
}
FORMAT_MEDIA: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float

    def matches(self, media: str) -> int:
        """Specificity of the match with ``media`` (3 exact, 2 ``type/*``, 1 ``*/*``, 0 none)."""
        t, _, s = media.partition("/")
        if self.type == t and self.subtype == s:
            return 3
        if self.type == t and self.subtype == "*":
            return 2
        if self.type == "*" and self.subtype == "*":
            return 1
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; malformed entries are skipped, bad q-values count as 1."""
    ranges = []
    for media, q in _weighted(header, unreadable=1.0):
        if "/" not in media:
            continue
        t, _, s = media.partition("/")
        ranges.append(MediaRange(t.strip(), s.strip(), q))
    return ranges


def _weighted(header: str | None, *, unreadable: float) -> list[tuple[str, float]]:
    """The entries of a comma-separated header with their q-values (lower-cased names; q clipped
    to [0, 1]; ``unreadable`` for a q that is no number; 1 without one)."""
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = unreadable
        out.append((fields[0].lower(), q))
    return out


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (RFC 9110 12.5.3): named or ``*``, with a
    q-value above 0; an explicit ``gzip`` entry wins over ``*``.

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br;q=1, gzip;q=0"), accepts_gzip("*")
    (True, False, True)
    >>> accepts_gzip(""), accepts_gzip("*;q=0.5, gzip;q=0")
    (False, False)
    """
    named: float | None = None
    star: float | None = None
    for coding, q in _weighted(header, unreadable=0.0):  # an unreadable weight accepts nothing
        if coding in ("gzip", "x-gzip"):
            named = q
        elif coding == "*":
            star = q
    chosen = named if named is not None else star
    return chosen is not None and chosen > 0


def choose(accept: str | None, offers: dict[str, str]) -> str | None:
    """The format key of the best offer for ``accept``, or ``None`` if nothing is acceptable.

    An empty or missing header accepts anything (the first offer). Each offer takes the q of
    the most specific range that matches it; the highest q wins, ties go to the server's order.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return next(iter(offers.values()))
    best: tuple[float, int] | None = None
    chosen = None
    for index, (media, key) in enumerate(offers.items()):
        q = _quality(ranges, media)
        if q <= 0:
            continue
        rank = (q, -index)
        if best is None or rank > best:
            best, chosen = rank, key
    return chosen


def prefers_html(accept: str | None) -> bool:
    """True when ``text/html`` is explicitly accepted at least as well as any data format."""
    ranges = parse_accept(accept)
    html = max((r.q for r in ranges if r.matches("text/html") >= 2), default=0.0)
    if html <= 0:
        return False
    data = [_quality(ranges, m) for m in (*SELECT_MEDIA, *GRAPH_MEDIA)]
    exact_data = [r.q for r in ranges for m in (*SELECT_MEDIA, *GRAPH_MEDIA) if r.matches(m) == 3]
    return html >= max(exact_data, default=0.0) and html >= max(data, default=0.0)


def _quality(ranges: list[MediaRange], media: str) -> float:
    best_spec, q = 0, 0.0
    for r in ranges:
        spec = r.matches(media)
        if spec > best_spec:
            best_spec, q = spec, r.q
    return q


RDFLIB_FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
}
"""innograph's graph format keys → rdflib serializer names."""

PAGE_FORMATS = ("html", "turtle", "ntriples", "jsonld", "rdfxml")


def choose_page_format(accept: str | None, format_param: str | None) -> str:
    """For a Linked Data page: ``'html'`` or an RDF format key, from ``?format=`` or ``Accept``.

    >>> choose_page_format("text/turtle", None), choose_page_format(None, "jsonld")
    ('turtle', 'jsonld')
    >>> choose_page_format("text/html,application/xhtml+xml,*/*;q=0.8", None)
    'html'

    Raises
    ------
    NotAcceptableError
        For an ``Accept`` that matches nothing.
    InvalidParameterError
        For a ``format`` that is not offered.
    """
    from innograph.graph.errors import InvalidParameterError, NotAcceptableError

    if format_param:
        if format_param not in PAGE_FORMATS:  # a parameter, not a preference: a bad request
            raise InvalidParameterError(
                f"format={clip(format_param)!r} is not offered; "
                f"use one of {', '.join(PAGE_FORMATS)}"
            )
        return format_param
    if not accept or prefers_html(accept):
        return "html"
    offers = {"text/html": "html", **{m: k for m, k in GRAPH_MEDIA.items() if k in PAGE_FORMATS}}
    chosen = choose(accept, offers)
    if chosen is None:
        raise NotAcceptableError(
            f"cannot produce any of Accept: {clip(accept)}; try text/html or text/turtle"
        )
    return chosen


def _gzip_tagged(send: Send) -> Send:
    async def tag(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message.get("headers", [])))
            if headers.get("content-encoding") == "gzip" and "etag" in headers:
                headers["etag"] = tagged(headers["etag"], "gzip")
                message["headers"] = headers.raw
        await send(message)

    return tag


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters for an error message: a header may be 60 KB, and an
    error should name it, not echo it.

    >>> clip("x" * 300).endswith("x… (300 characters)"), len(clip("x" * 300))
    (True, 218)
    """
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


class NegotiatedGZipMiddleware(GZipMiddleware):
    """Starlette's compression, chosen by ``accepts_gzip`` on the parsed header: Starlette itself
    compresses whenever the text ``gzip`` occurs in ``Accept-Encoding``, so ``gzip;q=0`` (gzip
    refused) got gzip. A compressed body's entity tag gets ``-gzip`` (other bytes, another tag)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        responder: ASGIApp
        if accepts_gzip(Headers(scope=scope).get("accept-encoding")):
            responder = GZipResponder(self.app, self.minimum_size, compresslevel=self.compresslevel)
        else:
            responder = IdentityResponder(self.app, self.minimum_size)
        await responder(scope, receive, _gzip_tagged(send))
