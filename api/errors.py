"""The one JSON error shape, as the OpenAPI document describes it.

Every error body is ``{"error", "message", "status"}`` (``graph.errors.InnographError.to_dict``);
``ERROR_RESPONSES`` lists the statuses a route can answer so ``/openapi.json`` documents them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["ERROR_RESPONSES", "ErrorBody", "rdf_or_html"]


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str
    message: str
    status: int


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("A parameter or path innograph cannot use (the message names it)"),
    404: _error("No such entity, cluster or actor"),
    406: _error("No acceptable representation"),
    422: _error("A parameter out of range or of the wrong type"),
    429: _error("This client used up its query budget; see Retry-After"),
    503: _error("Overloaded; see Retry-After"),
}


def rdf_or_html(description: str) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a Linked Data route: HTML or one of the RDF formats, and errors."""
    media = [
        "text/html",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    ]
    return {
        200: {"description": description, "content": {m: {} for m in media}},
        **{k: v for k, v in ERROR_RESPONSES.items() if k in (400, 404, 406, 503)},
    }
