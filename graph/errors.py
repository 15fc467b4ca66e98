"""innograph's one error hierarchy. Each class knows the HTTP status it maps to.

>>> err = SourceError("data/sources.yaml", 12, "missing title")
>>> str(err)
'data/sources.yaml:12: missing title'
>>> err.status
422
"""

from __future__ import annotations

__all__ = [
    "InnographError",
    "InvalidParameterError",
    "NotAcceptableError",
    "NotFoundError",
    "OverloadedError",
    "PayloadTooLargeError",
    "QueryError",
    "QueryMemoryError",
    "QueryRefusedError",
    "QueryTimeoutError",
    "RateLimitedError",
    "RequestTimeoutError",
    "SettingsError",
    "SourceError",
    "StoreError",
    "UndefinedMeasureError",
    "UnsupportedMediaTypeError",
    "ValidationFailedError",
]


class InnographError(Exception):
    """Base of every error innograph raises on purpose.

    ``status`` is the HTTP status the API answers with; ``code`` a stable machine-readable name.
    """

    status: int = 500
    code: str = "internal_error"

    def to_dict(self) -> dict[str, object]:
        """The JSON error body every API error shares: ``{"error", "message", "status"}``."""
        return {"error": self.code, "message": str(self), "status": self.status}


class SettingsError(InnographError):
    """A setting (an ``INNOGRAPH_*`` variable or a CLI flag) has a value innograph cannot use;
    the message names the variable."""

    status = 500
    code = "settings_error"


class SourceError(InnographError):
    """A source or data file cannot be read; names the file and, where it applies, the line."""

    status = 422
    code = "source_error"

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ValidationFailedError(InnographError):
    """The built data violates the SHACL shapes; nothing was published."""

    status = 422
    code = "validation_failed"

    def __init__(self, report: str, violations: int) -> None:
        self.report = report
        self.violations = violations
        super().__init__(
            f"{violations} SHACL violation(s); the store was left unchanged.\n{report}"
        )


class StoreError(InnographError):
    """The store is missing or unusable."""

    status = 503
    code = "store_unavailable"


class NotFoundError(InnographError):
    """An entity, cluster or actor that is not in the graph."""

    status = 404
    code = "not_found"


class UndefinedMeasureError(InnographError):
    """A measure the release's data does not define (communities of a network without a tie);
    the message says what is missing."""

    status = 422
    code = "undefined_measure"


class InvalidParameterError(InnographError):
    """A request parameter or path segment innograph cannot use; the message names it."""

    status = 400
    code = "invalid_parameter"


class RequestTimeoutError(InnographError):
    """A client did not send its request in time."""

    status = 408
    code = "request_timeout"


class QueryError(InnographError):
    """A SPARQL query that cannot be parsed or evaluated."""

    status = 400
    code = "bad_query"


class QueryRefusedError(InnographError):
    """A request the endpoint refuses on principle (updates, non-allow-listed SERVICE)."""

    status = 403
    code = "refused"


class QueryTimeoutError(InnographError):
    """A query ran past its time limit and was stopped."""

    status = 504
    code = "timeout"


class OverloadedError(InnographError):
    """Every query worker is busy; the client should retry later (``retry_after`` seconds)."""

    status = 503
    code = "overloaded"

    def __init__(self, message: str, retry_after: int = 2) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitedError(OverloadedError):
    """One client has used up its share of query time; it may come back after ``retry_after``."""

    status = 429
    code = "rate_limited"


class QueryMemoryError(InnographError):
    """A query needed more memory than a query worker may use, and was stopped."""

    status = 422
    code = "memory_limit"


class NotAcceptableError(InnographError):
    """No representation the client accepts can be produced."""

    status = 406
    code = "not_acceptable"


class PayloadTooLargeError(InnographError):
    """A query or request body over the configured size limit."""

    status = 413
    code = "query_too_large"


class UnsupportedMediaTypeError(InnographError):
    """A request body in a media type the endpoint does not take."""

    status = 415
    code = "unsupported_media_type"
