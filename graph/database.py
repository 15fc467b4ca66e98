"""What the rest of the code needs from a database: ``query()`` and ``dump()``.

Both the embedded ``pyoxigraph.Store`` and ``graph.remote.RemoteDb`` satisfy ``Database``, so the
SPARQL runner, the named queries, the counts and the API take either. A remote CONSTRUCT answers
with a plain list of triples, hence the ``list[Triple]`` in ``QueryResult``.

>>> import pyoxigraph as ox
>>> def count(db: Database) -> int:
...     return len(list(db.query("SELECT * { ?s ?p ?o }")))
>>> count(ox.Store())
0
"""

from __future__ import annotations

import os
from typing import IO, Protocol

import pyoxigraph as ox

__all__ = ["BoundTerm", "Database", "GraphName", "QueryResult"]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]
"""A query's answer: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
BoundTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Database(Protocol):
    """A queryable RDF dataset: ``pyoxigraph.Store`` or ``graph.remote.RemoteDb``."""

    def query(
        self,
        query: str,
        /,
        *,
        base_iri: str | None = ...,
        prefixes: dict[str, str] | None = ...,
        use_default_graph_as_union: bool = ...,
        default_graph: GraphName | list[GraphName] | None = ...,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = ...,
        substitutions: dict[ox.Variable, BoundTerm] | None = ...,
    ) -> QueryResult: ...

    def dump(
        self,
        output: IO[bytes] | str | os.PathLike[str] | None = ...,
        *,
        format: ox.RdfFormat,
    ) -> bytes | None: ...
