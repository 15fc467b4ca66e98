"""The one JSON error shape, as the OpenAPI document describes it.

Every error body is ``{"error", "message", "status"}`` (``graph.errors.InnographError.to_dict``);
``ERROR_RESPONSES`` lists the statuses a route can answer so ``/openapi.json`` documents them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["ERROR_RESPONSES", "ErrorBody", "error_response", "rdf_or_html"]


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str
    message: str
    status: int


def error_response(description: str) -> dict[str, Any]:
    # the schema inline, as application/json whatever the route's own media type (HTML pages)
    schema = ErrorBody.model_json_schema()
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: error_response("A parameter or path innograph cannot use (the message names it)"),
    404: error_response("No such entity, cluster or actor"),
    406: error_response("No acceptable representation"),
    422: error_response("A parameter out of range or of the wrong type"),
    429: error_response("This client used up its query budget; see Retry-After"),
    503: error_response("Overloaded; see Retry-After"),
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
