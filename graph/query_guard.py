"""What a query asks of the server, decided on its parse, before the engine runs it.

pyoxigraph evaluates a query without exposing its algebra, so innograph parses the text a second
time (rdflib's SPARQL 1.1 grammar) to learn what the request may do: which ``SERVICE`` endpoints
it calls (an IRI, a prefixed name or a variable, at any depth, in sub-queries too), whether it
names its own dataset (``FROM`` / ``FROM NAMED``), and how deeply it nests. Security is decided
on that structure, never by pattern-matching the text; the query workers are in addition cut off
from the network when no endpoint is allowed (``graph.sandbox``), so a parser disagreement
cannot open a connection either.

>>> inspect_query("SELECT * { SERVICE<http://127.0.0.1:9/x> { ?s ?p ?o } }").services
('http://127.0.0.1:9/x',)
>>> inspect_query("SELECT * FROM <http://e/g> { ?s ?p ?o }").has_dataset
True
>>> inspect_query("SELECT * { ?s ?p ?o }")
QueryShape(services=(), has_dataset=False, depth=1)
>>> check_services(inspect_query("SELECT * { SERVICE ?x { ?s ?p ?o } }"), allowlist=())
Traceback (most recent call last):
...
innograph.graph.errors.QueryRefusedError: SERVICE with a variable endpoint is not allowed: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from innograph.graph.errors import QueryError, QueryRefusedError

__all__ = [
    "EMPTY_QUERY",
    "MAX_DEPTH",
    "QueryShape",
    "check_not_empty",
    "check_services",
    "inspect_query",
    "is_update",
    "nesting",
    "quick_shape",
    "undeclared_prefixes",
]

EMPTY_QUERY = "the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query"
"""What the endpoint and the command line say of a query that is only white space."""

MAX_DEPTH = 64
"""Deepest nesting of ``{ } ( ) [ ]`` a query may have, a run of unary operators (``!!!x``)
counting one level per operator (the engine's parser recurses per level)."""

_VARIABLE = "?"  # how a variable SERVICE endpoint appears in ``QueryShape.services``


@dataclass(frozen=True)
class QueryShape:
    """What the parse of a query says about it.

    ``services`` holds each ``SERVICE`` endpoint as an absolute IRI, or ``"?"`` for a variable;
    ``has_dataset`` is true when the query has its own ``FROM`` / ``FROM NAMED``.
    """

    services: tuple[str, ...]
    has_dataset: bool
    depth: int


def nesting(text: str) -> int:
    """The deepest nesting of brackets in ``text``, outside strings, IRIs and comments.

    >>> nesting("SELECT * { { ?s ?p '{{{' } } # {{{{")
    2
    >>> nesting("ASK { FILTER(!!!true && ?a != -1) }")
    5
    """
    return _scan(text)[0]


def quick_shape(text: str) -> QueryShape | None:
    """The shape of a query that cannot call a service, name a dataset or update, read from its
    tokens alone; ``None`` when the text needs the full parse (``inspect_query``).

    The scan lexes the text as SPARQL does (strings, IRI references, comments) and collects the
    bare words outside them. A query none of whose words is ``SERVICE``, ``FROM`` or an update
    keyword has no ``SERVICE`` call, no dataset clause and no update, whatever else it holds, so
    the grammar's verdict adds nothing the engine will not say itself (its syntax errors give line
    and column). Anything the scan cannot be sure of — such a word anywhere (even in a prefixed
    name), a codepoint escape (``\\u0053ERVICE``), an unterminated string — asks for the full
    parse.

    Raises
    ------
    QueryError
        The query nests deeper than ``MAX_DEPTH``.

    >>> quick_shape("SELECT ?s { ?s a ig:Cluster } # no SERVICE here")
    QueryShape(services=(), has_dataset=False, depth=1)
    >>> quick_shape("SELECT * { service <http://e/> { ?s ?p ?o } }") is None
    True
    >>> quick_shape('ASK { ?s ?p "FROM" }') is not None, quick_shape("ASK FROM <g> {}") is None
    (True, True)
    """
    depth, words, sure = _scan(text)
    if depth > MAX_DEPTH:
        raise QueryError(f"the query nests {depth} levels deep; the limit is {MAX_DEPTH}")
    if not sure or words & _NEED_PARSE:
        return None
    return QueryShape((), False, depth)


_NEED_PARSE = frozenset(
    {"SERVICE", "FROM", "NAMED", "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
     "MOVE", "ADD", "WITH", "USING", "DATA"}
)  # fmt: skip
_SCANNED = re.compile(
    r"\#[^\r\n]*"  # a comment ends at a line break, CR or LF (SPARQL's EOL)
    r"|(?P<string>'''(?:(?!''')(?:\\.|[^\\]))*'''|\"\"\"(?:(?!\"\"\")(?:\\.|[^\\]))*\"\"\""
    r"|'(?!'')(?:\\.|[^'\\])*'|\"(?!\"\")(?:\\.|[^\"\\])*\")"
    r"|(?P<open>[\"'])"  # a string with no end: let the parser say so
    r"|<[^<>\"{}|^`\\ \t\r\n]*>"  # an IRI reference (a lone '<' is the operator)
    r"|(?P<down>[{(\[])|(?P<up>[})\]])"
    r"|(?P<unary>[!+\-](?:\s*[!+\-])+)"  # a run of operators: each one a level of the parser
    r"|(?P<word>[A-Za-z0-9_]+)",
    re.DOTALL,
)
"""The lexemes the scan looks at; every other character is passed over one at a time."""


def _scan(text: str) -> tuple[int, set[str], bool]:
    """Bracket depth, the upper-cased bare words, and whether the lexing was certain."""
    depth = deepest = 0
    words: set[str] = set()
    sure = "\\u" not in text and "\\U" not in text  # codepoint escapes apply before lexing
    for match in _SCANNED.finditer(text):
        group = match.lastgroup
        if group == "word":
            words.add(match.group().upper())
        elif group == "down":
            depth += 1
            deepest = max(deepest, depth)
        elif group == "up":
            depth = max(0, depth - 1)
        elif group == "unary":  # "!!!…x" or "- - -x": the engine recurses once per operator
            run = sum(1 for c in match.group() if not c.isspace())
            deepest = max(deepest, depth + run)
        elif group == "open":
            sure = False
            break
    return deepest, words, sure


def inspect_query(text: str, prefixes: Mapping[str, str] | None = None) -> QueryShape:
    """Parse ``text`` and report its ``SERVICE`` endpoints, dataset clause and depth.

    Raises
    ------
    QueryError
        The query nests deeper than ``MAX_DEPTH`` or does not parse.
    QueryRefusedError
        The text is a SPARQL Update.
    """
    depth = nesting(text)
    if depth > MAX_DEPTH:
        raise QueryError(f"the query nests {depth} levels deep; the limit is {MAX_DEPTH}")
    try:
        parsed = parseQuery(text)
    except (ParseException, RecursionError, ValueError) as err:
        if is_update(text):
            raise QueryRefusedError(
                "SPARQL Update is not accepted: this endpoint is read-only"
            ) from None
        raise QueryError(f"SPARQL syntax error: {err}") from None
    prologue, query = parsed[0], parsed[1]
    declared = dict(prefixes or {})
    base = None
    for decl in prologue:
        if decl.name == "PrefixDecl":
            declared[decl.prefix or ""] = str(decl.iri)
        elif decl.name == "Base":
            base = str(decl.iri)
    services = tuple(_endpoint(term, declared, base) for term in _services(query))
    return QueryShape(services, "datasetClause" in query, depth)


def check_not_empty(text: str) -> None:
    """Refuse a query that is only white space (the engine would say ``expected [_]``).

    Raises
    ------
    QueryError
        ``EMPTY_QUERY``.
    """
    if not text.strip():
        raise QueryError(EMPTY_QUERY)


def undeclared_prefixes(text: str, prefixes: Mapping[str, str] | None = None) -> list[str]:
    """The prefixes of the prefixed names in ``text`` that neither its own ``PREFIX``
    declarations nor ``prefixes`` declare, each once, in the order found; none when the grammar
    refuses the text (its syntax error is the engine's to tell).

    >>> undeclared_prefixes("PREFIX a: <http://e/> SELECT * { ?s a:p ?o ; foo:q bar:r }")
    ['foo', 'bar']
    >>> undeclared_prefixes("SELECT * { ?s ig:p ?o }", {"ig": "https://w3id.org/innograph/ontology#"})
    []
    """
    try:
        parsed = parseQuery(text)
    except (ParseException, RecursionError, ValueError):
        return []
    prologue, query = parsed[0], parsed[1]
    declared = set(prefixes or ())
    declared |= {decl.prefix or "" for decl in prologue if decl.name == "PrefixDecl"}
    found: list[str] = []
    for pname in _named(query, "pname"):
        prefix = _pname(pname)[0]
        if prefix not in declared and prefix not in found:
            found.append(prefix)
    return found


def check_services(shape: QueryShape, allowlist: tuple[str, ...]) -> None:
    """Refuse ``shape`` unless every ``SERVICE`` endpoint is in ``allowlist``.

    The message names the refused endpoint as written, and never depends on whether anything
    listens there (nothing is contacted).

    Raises
    ------
    QueryRefusedError
        For a variable endpoint, or an IRI not in ``allowlist``.
    """
    for endpoint in shape.services:
        if endpoint == _VARIABLE:
            raise QueryRefusedError(
                "SERVICE with a variable endpoint is not allowed: federated queries go only to "
                "the endpoints in INNOGRAPH_SERVICE_ALLOWLIST"
            )
        if endpoint not in allowlist:
            raise QueryRefusedError(
                f"SERVICE <{endpoint}> is not allowed: federated queries go only to the "
                "endpoints in INNOGRAPH_SERVICE_ALLOWLIST"
            )


def is_update(text: str) -> bool:
    """True when ``text`` parses as a SPARQL Update.

    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"), is_update("ASK {}")
    (True, False)
    >>> is_update(""), is_update("PREFIX ex: <http://e/>")  # the grammar's empty update: nothing
    (False, False)
    """
    try:
        parsed = parseUpdate(text)
    except (ParseException, RecursionError, ValueError):
        return False
    return isinstance(parsed.get("request"), list)  # at least one operation, not only PREFIXes


def _services(node: object) -> Iterator[object]:
    return (service.get("term") for service in _named(node, "ServiceGraphPattern"))


def _named(node: object, name: str) -> Iterator[CompValue]:
    """Every node of the parse called ``name``, at any depth (inside one another too)."""
    if isinstance(node, CompValue):
        if node.name == name:
            yield node
        for value in node.values():
            yield from _named(value, name)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _named(value, name)


def _endpoint(term: object, prefixes: Mapping[str, str], base: str | None) -> str:
    if isinstance(term, Variable):
        return _VARIABLE
    if isinstance(term, CompValue) and term.name == "pname":
        prefix, local = _pname(term)
        if prefix not in prefixes:
            raise QueryError(f"SERVICE uses the undeclared prefix {prefix}:")
        return prefixes[prefix] + local
    if isinstance(term, URIRef):
        if base is not None and ":" not in str(term):
            return str(URIRef(str(term), base=base))
        return str(term)
    return _VARIABLE  # anything unforeseen is treated as the most dangerous case


def _pname(node: CompValue) -> tuple[str, str]:
    """The prefix and local name of a prefixed name, each possibly empty (``:p``, ``ex:``).
    (``CompValue.get`` answers a missing key with the key itself: ``"prefix"``.)"""
    return dict.get(node, "prefix") or "", dict.get(node, "localname") or ""
