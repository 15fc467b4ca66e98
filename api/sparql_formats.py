"""Which formats a SPARQL request asks for: its ``format`` / ``output`` parameters, else its
``Accept`` header; one pair (results format for SELECT/ASK, graph format for CONSTRUCT/DESCRIBE).

>>> request_formats(None, {"format": ["json-ld", "application/ld+json,application/x-json+ld"]})
(None, 'jsonld')
>>> request_formats("application/sparql-results+json, text/csv;q=0.5", {})
('json', 'csv')
>>> format_of("n3"), format_of("jsn")
((None, 'turtle'), None)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from innograph.api.negotiation import GRAPH_MEDIA, SELECT_MEDIA, choose, clip
from innograph.graph.errors import NotAcceptableError, QueryError
from innograph.graph.sparql import GRAPH_FORMATS, RESULT_FORMATS

__all__ = ["FORMAT_NAMES", "format_of", "request_formats"]

_CROSS = {"json": "jsonld", "xml": "rdfxml", "jsonld": "json", "rdfxml": "xml"}
_GRAPH_OR_TABLE = {**GRAPH_MEDIA, "text/csv": "csv", "text/tab-separated-values": "tsv"}
"""What a CONSTRUCT or DESCRIBE can be answered in: RDF, or a table of its triples."""

FORMAT_NAMES = {
    **{f: f for f in (*RESULT_FORMATS, *GRAPH_FORMATS)},
    "json-ld": "jsonld", "n-triples": "ntriples", "nt": "ntriples", "ttl": "turtle",
    "n3": "turtle", "rdf": "rdfxml", "rdf+xml": "rdfxml", "rdf/xml": "rdfxml",
    "n-quads": "nquads", "nq": "nquads",
}  # fmt: skip
"""Names a ``format`` / ``output`` parameter may give (clients' own spellings included; N3 is
answered in Turtle, which every N3 reader reads)."""


def request_formats(
    accept: str | None, params: Mapping[str, list[str]]
) -> tuple[str | None, str | None]:
    """The results and graph formats of a request: from its ``format`` (or ``output``)
    parameters, else from ``Accept``.

    A parameter may be a name (``json``, ``turtle``, ``json-ld``, …), a media type or a list of
    them (``application/ld+json,application/x-json+ld``: the first known counts). Clients such
    as SPARQLWrapper send several parameters, some only for other servers: the last one known
    wins, and only when none is known is the request refused (400, naming the known names).
    """
    given = [v for key in ("format", "output") for v in params.get(key, []) if v.strip()]
    chosen = [f for f in map(format_of, given) if f is not None]
    if chosen:
        return chosen[-1]
    if given:
        known = ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS])
        raise QueryError(f"unknown format={clip(given[-1])!r}; use one of {known}")
    select_fmt, graph_fmt = _negotiated(accept)
    if select_fmt is None and graph_fmt is None:
        offered = ", ".join(dict.fromkeys([*SELECT_MEDIA, *GRAPH_MEDIA]))
        raise NotAcceptableError(
            f"cannot produce any of Accept: {clip(accept or '')}; available: {offered}"
        )
    return select_fmt, graph_fmt


def format_of(value: str) -> tuple[str | None, str | None] | None:
    """The (results, graph) formats one ``format`` value names, or ``None``."""
    for part in value.lower().split(","):
        name = part.strip()
        media = name.split(";")[0].strip()
        if media in SELECT_MEDIA or media in GRAPH_MEDIA:  # a media type, as Virtuoso takes
            return SELECT_MEDIA.get(media), GRAPH_MEDIA.get(media)
        fmt = FORMAT_NAMES.get(name)
        if fmt in RESULT_FORMATS:
            return fmt, _CROSS.get(fmt)
        if fmt in GRAPH_FORMATS:
            return _CROSS.get(fmt), fmt
    return None


@functools.lru_cache(maxsize=512)
def _negotiated(accept: str | None) -> tuple[str | None, str | None]:
    """The results and graph formats an ``Accept`` header chooses (kept: clients repeat theirs)."""
    return choose(accept, SELECT_MEDIA), choose(accept, _GRAPH_OR_TABLE)
