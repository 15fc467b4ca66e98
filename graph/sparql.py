"""Running SPARQL over the store and serialising results, shared by the CLI and the endpoint.

The default graph is the union of all named graphs (``use_default_graph_as_union``) unless
the query or the request names default graphs; innograph's prefixes are pre-declared.

>>> import pyoxigraph as ox
>>> db = ox.Store()
>>> db.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"),
...                ox.NamedNode("http://e/g")))
>>> kind_of(run_query(db, "SELECT * { ?s ?p ?o }"))
'select'
>>> serialize(run_query(db, "ASK { ?s ?p 'o' }"), "json")
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import pyoxigraph as ox

from innograph.graph.database import Database, GraphName, QueryResult
from innograph.graph.errors import QueryError, QueryRefusedError
from innograph.graph.query_guard import check_not_empty, is_update, undeclared_prefixes
from innograph.graph.vocab import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "QueryResult",
    "kind_of",
    "rows",
    "run_query",
    "serialize",
    "serialize_graph",
]

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

# "id:" would turn entity IRIs into escaped local names (id:network\/optonet): leave them whole
_OUTPUT_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p != "id"}


def run_query(
    db: Database,
    text: str,
    *,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    own_dataset: bool = False,
    prefixes: Mapping[str, str] | None = None,
) -> QueryResult:
    """Evaluate one SPARQL query.

    Parameters
    ----------
    db : pyoxigraph.Store or graph.remote.RemoteDb (any ``graph.database.Database``)
    text : str
        The query. Updates are refused.
    default_graphs, named_graphs : list of str, optional
        The protocol's ``default-graph-uri`` / ``named-graph-uri``. When either is given they are
        the whole dataset, as the SPARQL 1.1 Protocol (§2.1.4) says: the query's ``FROM`` and
        ``FROM NAMED`` are set aside, a side not given is empty (only ``named-graph-uri``: an
        empty default graph; only ``default-graph-uri``: no named graphs). When neither is
        given, the default graph is the union of all named graphs.
    base_iri : str, optional
        Resolves relative IRIs in the query (the endpoint uses its own URL).
    own_dataset : bool
        The query names its own dataset (``FROM`` / ``FROM NAMED``, see
        ``graph.query_guard.inspect_query``): then, unless the request names default graphs,
        the query's dataset is used and not the union.
    prefixes : mapping, optional
        The prefixes the query may use undeclared; by default all of ``graph.vocab.PREFIXES``
        (each given prefix costs the engine a little on every query).

    Raises
    ------
    QueryError
        The query does not parse (message with line and column; an empty query and an
        undeclared prefix are named as such) or cannot be evaluated.
    QueryRefusedError
        The text is a SPARQL Update.
    """
    default: list[GraphName] | None = None
    named: list[ox.NamedNode | ox.BlankNode] | None = None
    if default_graphs is not None or named_graphs is not None:  # the protocol's dataset, whole
        default = [ox.NamedNode(g) for g in default_graphs or ()]
        named = [ox.NamedNode(g) for g in named_graphs or ()]
    try:
        return db.query(
            text,
            prefixes=PREFIXES if prefixes is None else dict(prefixes),
            base_iri=base_iri,
            default_graph=default,
            use_default_graph_as_union=default is None and not own_dataset,
            named_graphs=named,
        )
    except SyntaxError as err:
        check_not_empty(text)
        if is_update(text):
            raise QueryRefusedError(
                "SPARQL Update is not accepted: this endpoint is read-only"
            ) from None
        undeclared = undeclared_prefixes(text, PREFIXES if prefixes is None else prefixes)
        if undeclared:  # the engine's message lists every character a name may go on with
            names = ", ".join(f"{p}:" for p in undeclared)
            raise QueryError(
                f"undeclared prefix {names}; declare {'it' if len(undeclared) == 1 else 'each'} "
                f"with PREFIX {undeclared[0]}: <…>"
            ) from None
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (OSError, ValueError, TypeError) as err:
        raise QueryError(f"query failed: {err}") from err


def rows(result: ox.QuerySolutions) -> list[dict[str, object]]:
    """SELECT solutions as dicts of Python values (IRIs and strings as ``str``, numbers as numbers).

    >>> db = ox.Store()
    >>> rows(run_query(db, "SELECT (1 AS ?one) ('x' AS ?s) {}"))
    [{'one': 1, 's': 'x'}]
    """
    from innograph.graph.queries import python_value

    names = [v.value for v in result.variables]
    return [{n: python_value(row[n]) for n in names} for row in result]


def kind_of(result: QueryResult) -> str:
    """``'select'``, ``'ask'`` or ``'graph'`` (CONSTRUCT/DESCRIBE)."""
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def serialize(result: QueryResult, fmt: str) -> bytes:
    """Serialise a result in one of ``RESULT_FORMATS`` (SELECT/ASK) or ``GRAPH_FORMATS``.

    Raises
    ------
    QueryError
        If ``fmt`` does not fit the kind of result.
    """
    if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):  # kind_of: "graph"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt!r}")
        return serialize_graph(list(result), fmt)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT/ASK result cannot be written as {fmt!r}")
    # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
    return cast(bytes, result.serialize(format=RESULT_FORMATS[fmt]))


def serialize_graph(triples: list[ox.Triple], fmt: str) -> bytes:
    """Serialise triples in one of ``GRAPH_FORMATS``; quad formats put them in the default graph."""
    rdf_fmt = GRAPH_FORMATS[fmt]
    items: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
    if rdf_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return cast(bytes, ox.serialize(items, format=rdf_fmt, prefixes=_OUTPUT_PREFIXES))
    return cast(bytes, ox.serialize(items, format=rdf_fmt))
