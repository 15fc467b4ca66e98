"""One SPARQL query as the endpoint runs it: the task (query, formats, limits), its checks (depth,
``SERVICE`` allow-list, the bounded shape) and its complete serialised answer.

``execute(db, task)`` runs in whatever process holds the store: the killable workers of
``graph.executor`` call it, and so does the endpoint itself for a query whose cost is bounded
before it runs (``graph.bounded_query``).

Examples
--------
>>> import pyoxigraph as ox
>>> db = ox.Store()
>>> answer = execute(db, QueryTask(query="SELECT (1 AS ?one) {}", select_format="csv"))
>>> answer.body, answer.kind, answer.rows
(b'one\\r\\n1\\r\\n', 'select', 1)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from innograph.graph.bounded_query import BoundedQuery
from innograph.graph.database import Database
from innograph.graph.errors import NotAcceptableError, QueryError
from innograph.graph.query_guard import (
    MAX_DEPTH,
    QueryShape,
    check_services,
    inspect_query,
    nesting,
    quick_shape,
)
from innograph.graph.remote import RemoteStore
from innograph.graph.results import write_rows
from innograph.graph.sandbox import network_blocked
from innograph.graph.sparql import kind_of, run_query, serialize, serialize_graph
from innograph.graph.vocab import PREFIXES

__all__ = ["Answer", "QueryTask", "execute"]

_TABLE_FORMATS = frozenset({"csv", "tsv"})
# the results formats whose bytes the engine writes exactly as graph.results does (not CSV: the
# engine leaves an IRI with a comma unquoted, which splits its field)
_ENGINE_WRITES = {"json": ox.QueryResultsFormat.JSON}
"""Results formats a graph (CONSTRUCT/DESCRIBE) can also be written in: one row per triple."""
_TRIPLE_COLUMNS = ("subject", "predicate", "object")


@dataclass(frozen=True)
class QueryTask:
    """One query request, as far as evaluation is concerned (picklable)."""

    query: str
    db_path: str = ""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    select_format: str | None = "json"
    graph_format: str | None = "turtle"
    max_rows: int = 10_000
    base_iri: str | None = None
    service_allowlist: tuple[str, ...] = ()
    remote: RemoteStore | None = field(default=None, repr=False, compare=False)
    """The remote store ``db_path`` names (its paths and credentials), or ``None``."""


@dataclass(frozen=True)
class Answer:
    """A fully serialised result."""

    body: bytes
    kind: str
    format: str
    rows: int | None
    """The rows (or triples) written; ``None`` when the engine wrote them uncounted."""
    truncated: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def execute(
    db: Database,
    task: QueryTask,
    *,
    shape: QueryShape | None = None,
    bounded: BoundedQuery | None = None,
    rows_at_most: int | None = None,
) -> Answer:
    """Evaluate ``task`` on ``db`` and serialise the result in the negotiated format.

    ``shape`` is what a parse already established about the query (``graph.bounded_query``'s
    fragment has no SERVICE and no dataset); without it the query is inspected here.
    ``bounded`` is the query as ``graph.bounded_query`` read it: the engine is then given only
    the prefixes the text uses. ``rows_at_most`` is a bound on its rows the caller has proven
    (``within_bound``'s product): when the row cap cannot be reached, the engine writes JSON
    itself (the same bytes as ``graph.results``, tested), so the answer's ``rows`` is not counted
    (``None``).

    Raises
    ------
    QueryError, QueryRefusedError
        From ``graph.sparql.run_query``.
    NotAcceptableError
        The result's kind (rows, boolean, graph) has no acceptable format.
    """
    # A worker cut off from the network may skip the second parse when the query's words hold no
    # SERVICE, FROM or update keyword (graph.query_guard.quick_shape); one that can reach the
    # network (an allow-list, a remote store with its own extensions) always parses in full.
    quick = shape or (quick_shape(task.query) if network_blocked() else None)
    try:
        shape = quick if quick is not None else inspect_query(task.query, PREFIXES)
    except QueryError:
        # rdflib's grammar refused the text. Where this process cannot open a connection
        # (graph.sandbox), the engine may judge it (its syntax errors give line and column);
        # elsewhere nothing unchecked runs.
        depth = nesting(task.query)
        if not network_blocked() or depth > MAX_DEPTH:
            raise
        shape = QueryShape(services=(), has_dataset=False, depth=depth)
    check_services(shape, task.service_allowlist)
    try:
        return _evaluate(
            db, task, own_dataset=shape.has_dataset, bounded=bounded, rows_at_most=rows_at_most
        )
    except QueryError:
        if shape.services:  # never tell whether a remote endpoint answered, or how
            raise QueryError("the federated part of the query (SERVICE) failed") from None
        raise


def _evaluate(
    db: Database,
    task: QueryTask,
    *,
    own_dataset: bool,
    bounded: BoundedQuery | None = None,
    rows_at_most: int | None = None,
) -> Answer:
    result = run_query(
        db,
        task.query,
        default_graphs=None if task.default_graphs is None else list(task.default_graphs),
        named_graphs=None if task.named_graphs is None else list(task.named_graphs),
        base_iri=task.base_iri,
        own_dataset=own_dataset,
        prefixes=None if bounded is None else bounded.prefixes,
    )
    kind = kind_of(result)
    if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):  # kind "graph"
        table = task.graph_format if task.graph_format in _TABLE_FORMATS else None
        if task.graph_format is None and task.select_format in _TABLE_FORMATS:
            table = task.select_format
        if task.graph_format is None and table is None:
            raise NotAcceptableError(
                "the query returns a graph (CONSTRUCT/DESCRIBE), but no RDF format is acceptable"
            )
        triples = list(itertools.islice(result, task.max_rows + 1))
        truncated = len(triples) > task.max_rows
        triples = triples[: task.max_rows]
        if table is not None:  # a spreadsheet of the triples: subject, predicate, object
            rows = [[t.subject, t.predicate, t.object] for t in triples]
            body = write_rows(list(_TRIPLE_COLUMNS), rows, table, truncated=truncated)
            return Answer(body, kind, table, len(rows), truncated)
        fmt = cast(str, task.graph_format)
        body = serialize_graph(triples, fmt)
        return Answer(body, kind, fmt, len(triples), truncated)
    if task.select_format is None:
        raise NotAcceptableError(
            "the query returns rows or a boolean (SELECT/ASK), but no results format is acceptable"
        )
    if isinstance(result, ox.QueryBoolean):  # kind "ask"
        return Answer(serialize(result, task.select_format), kind, task.select_format, 1)
    engine_format = _ENGINE_WRITES.get(task.select_format or "")
    if rows_at_most is not None and rows_at_most <= task.max_rows and engine_format is not None:
        body = cast(bytes, result.serialize(format=engine_format))  # bytes when given no output
        return Answer(body, kind, task.select_format, None)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in itertools.islice(result, task.max_rows + 1):
        rows.append([solution[v] for v in variables])
    truncated = len(rows) > task.max_rows
    rows = rows[: task.max_rows]
    body = write_rows(variables, rows, task.select_format, truncated=truncated)
    return Answer(body, kind, task.select_format, len(rows), truncated)
