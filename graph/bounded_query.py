"""Queries whose cost is bounded before they run, so the server may answer them itself.

pyoxigraph cannot cancel a query, so ``/sparql`` runs queries in killable worker processes; the
hop there and back is most of the time of a light query. Some queries cannot run long whatever
the data: a basic graph pattern whose every triple pattern matches few triples. This module
recognises them on their tokens and bounds them on the store, and anything else goes to a worker.

:func:`parse_bounded` accepts exactly one small fragment of SPARQL, read token by token (strings,
IRIs and comments lexed as the grammar does; nothing is decided on the raw text)::

    PREFIX p: <iri> ...  SELECT [DISTINCT] (?var ... | *) [WHERE] { triples } [LIMIT n] [OFFSET n]

where the triples are subject–predicate–object with ``;``, ``,`` and ``.``, and each term is a
variable, an IRI, a prefixed name, ``a``, a plain, language-tagged or typed string, an integer or
a boolean. Nothing else (no FILTER, OPTIONAL, UNION, paths, sub-queries, SERVICE, FROM, GRAPH,
BIND, VALUES, aggregates, ORDER BY, escapes) is accepted: such a query is not refused, it simply
runs in a worker.

:func:`within_bound` then counts, for every triple pattern, the triples that match its IRIs (a
literal or a variable matches anything: the counts can only be too high), stopping at
``per_pattern``. A query is bounded when it has few patterns, every count is within
``per_pattern`` and their product within ``product``: whatever plan the engine picks, no join holds
more partial solutions than that product, so the work is a small multiple of it (at most a few
milliseconds with the defaults, run on the server's own thread).

>>> q = parse_bounded("SELECT ?c WHERE { ?c a ig:Cluster ; ig:employeeCount ?n } LIMIT 5",
...                   {"ig": "https://w3id.org/innograph/ontology#"})
>>> len(q.patterns), q.patterns[0][2]
(2, <NamedNode value=https://w3id.org/innograph/ontology#Cluster>)
>>> parse_bounded("SELECT * { ?s ?p ?o FILTER(?o > 1) }", {}) is None
True
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from innograph.graph.database import Database

__all__ = [
    "MAX_TEXT",
    "PRODUCT",
    "BoundedQuery",
    "PatternCounts",
    "parse_bounded",
    "within_bound",
]

MAX_TEXT = 4096
"""The longest query text :func:`parse_bounded` reads."""

PRODUCT = 5000
"""The default bound on the product of the patterns' counts, hence on a bounded query's rows."""

Pattern = tuple[ox.NamedNode | None, ox.NamedNode | None, ox.NamedNode | None]
"""A triple pattern as the store is asked for it: an IRI, or ``None`` for anything."""

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_LOCAL_CHARS = _PN_CHARS | {"."}
_END = ("end", "")


@dataclass(frozen=True)
class BoundedQuery:
    """A query of the accepted fragment: its triple patterns, with IRIs resolved, and the
    endpoint's prefixes it uses without declaring them (all the engine needs to be given)."""

    patterns: tuple[Pattern, ...]
    prefixes: Mapping[str, str] = field(default_factory=dict)


class _NotInFragment(Exception):
    """The text leaves the accepted fragment (not an error: the query goes to a worker)."""


def parse_bounded(text: str, prefixes: Mapping[str, str]) -> BoundedQuery | None:
    """The triple patterns of ``text`` if it is in the accepted fragment, else ``None``.

    ``prefixes`` are the prefixes every query may use undeclared (the endpoint's own); the query's
    ``PREFIX`` declarations add to them. A text over ``MAX_TEXT`` characters is not looked at (a
    bounded query is short; this runs on the server's event loop). Never raises on any text.
    """
    if len(text) > MAX_TEXT:
        return None
    try:
        return _Parser([*_tokens(text), _END, _END], prefixes).query()
    except (_NotInFragment, RecursionError, ValueError, IndexError):  # IndexError: past the end
        return None


class PatternCounts:
    """How many triples each pattern matches in one store, counted up to a cap and kept (at most
    ``capacity`` patterns, least recently used first out). A release never changes, so a count
    never goes stale; asking the store costs ≈ 0.1 ms per pattern, the kept count nothing.

    >>> db = ox.Store()
    >>> counts = PatternCounts(db)
    >>> counts.count((None, _RDF_TYPE, None), cap=10), len(counts)
    (0, 1)
    """

    def __init__(self, db: ox.Store, capacity: int = 4096) -> None:
        self.db, self.capacity = db, capacity
        self._counts: OrderedDict[tuple[Pattern, int], int] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._counts)

    def count(self, pattern: Pattern, *, cap: int) -> int:
        """The triples (in any graph) matching ``pattern``, at most ``cap`` + 1."""
        key = (pattern, cap)
        with self._lock:
            if key in self._counts:
                self._counts.move_to_end(key)
                return self._counts[key]
        s, p, o = pattern
        seen = sum(1 for _ in itertools.islice(self.db.quads_for_pattern(s, p, o), cap + 1))
        with self._lock:
            self._counts[key] = seen
            if len(self._counts) > self.capacity:
                self._counts.popitem(last=False)
        return seen


def within_bound(
    db: Database,
    query: BoundedQuery,
    *,
    per_pattern: int = 1000,
    product: int = PRODUCT,
    max_patterns: int = 16,
    counts: PatternCounts | None = None,
) -> bool:
    """Whether ``query`` has at most ``max_patterns`` triple patterns, each matching at most
    ``per_pattern`` triples in ``db`` (any graph), with a product of the counts of at most
    ``product``.

    Only an embedded ``pyoxigraph.Store`` is counted; any other database is never bounded.
    ``counts`` keeps the counts of ``db`` for the next query (``PatternCounts(db)``).
    """
    if not isinstance(db, ox.Store) or not 0 < len(query.patterns) <= max_patterns:
        return False
    if counts is None or counts.db is not db:
        counts = PatternCounts(db)
    total = 1
    for pattern in query.patterns:
        if pattern == (None, None, None):
            return False  # every triple of the store
        seen = counts.count(pattern, cap=per_pattern)
        total *= max(seen, 1)
        if seen > per_pattern or total > product:
            return False
    return True


# --- tokens ---------------------------------------------------------------------------------


_LEXEME = re.compile(
    r"""(?:[ \t\r\n]+|\#[^\r\n]*)*"""  # blanks and comments before (a comment ends at CR or LF)
    r"""(?:<(?P<iri>[^<>"{}|^`\\ \t\r\n]*)>"""
    r"""|[?$](?P<var>[A-Za-z0-9_]+)"""
    r"""|(?P<long>'''|\"\"\")"""  # long strings: not in the fragment
    r"""|"(?P<dq>[^"\\\r\n]*)"|'(?P<sq>[^'\\\r\n]*)'"""  # no escape, no line break
    r"""|(?P<punct>[{}.;,*@]|\^\^)"""
    r"""|(?P<word>[A-Za-z0-9_:-](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_:-])?)"""  # no final dot
    r"""|(?P<other>.)|\Z)""",
    re.DOTALL,
)
"""One lexeme of the fragment, after any blanks and comments; ``other`` (any single character,
an unterminated IRI or string, a lone ``?``) ends the fragment. The text's end has no group."""

_KIND = {"iri": "iri", "var": "var", "dq": "string", "sq": "string", "punct": "punct",
         "word": "word"}  # fmt: skip


def _tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, value)`` pairs: kinds ``iri``, ``var``, ``string``, ``word`` (a bare name, a
    prefixed name, a number) and ``punct``. Raises ``_NotInFragment`` at anything else.

    Every character of ``text`` belongs to exactly one lexeme or to the blanks and comments
    before one (the last alternatives take any character, or the end), so the lexemes tile the
    text as the grammar's terminals do.
    """
    tokens = []
    for match in _LEXEME.finditer(text):
        group = match.lastgroup
        if group is None:
            continue  # the end, after blanks or a comment
        kind = _KIND.get(group)
        if kind is None:  # "long" or "other"
            raise _NotInFragment
        tokens.append((kind, match.group(group)))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], given: Mapping[str, str]) -> None:
        self.tokens, self.i, self.given = tokens, 0, given
        self.prefixes: dict[str, str] = dict(given)
        self.declared: set[str] = set()
        self.used: dict[str, str] = {}  # the given prefixes the text uses undeclared

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i]  # the list ends in _END tokens

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.i += 1
        return token

    def expect(self, kind: str, value: str | None = None) -> str:
        k, v = self.take()
        if k != kind or (value is not None and (v.upper() if k == "word" else v) != value):
            raise _NotInFragment
        return v

    def keyword(self, word: str) -> bool:
        kind, value = self.peek()
        if kind == "word" and value.upper() == word:
            self.i += 1
            return True
        return False

    def query(self) -> BoundedQuery:
        while self.keyword("PREFIX"):
            name = self.expect("word")
            if not name.endswith(":") or name.count(":") != 1 or not _prefix_name(name[:-1]):
                raise _NotInFragment
            self.prefixes[name[:-1]] = self.expect("iri")
            self.declared.add(name[:-1])
        self.expect("word", "SELECT")
        self.keyword("DISTINCT")
        if self.peek() == ("punct", "*"):
            self.take()
        else:
            self.expect("var")
            while self.peek()[0] == "var":
                self.take()
        self.keyword("WHERE")
        self.expect("punct", "{")
        patterns = self.triples()
        self.expect("punct", "}")
        first = "LIMIT" if self.keyword("LIMIT") else "OFFSET" if self.keyword("OFFSET") else ""
        if first:  # LIMIT n [OFFSET n] or OFFSET n [LIMIT n]
            self.count()
            if self.keyword("OFFSET" if first == "LIMIT" else "LIMIT"):
                self.count()
        if self.peek()[0] != "end":
            raise _NotInFragment
        return BoundedQuery(tuple(patterns), self.used)

    def count(self) -> None:
        if not self.expect("word").isdigit():
            raise _NotInFragment

    def triples(self) -> list[Pattern]:
        patterns: list[Pattern] = []
        while self.peek() != ("punct", "}"):
            subject = self.term(position="subject")
            while True:
                predicate = self.term(position="predicate")
                while True:
                    patterns.append((subject, predicate, self.term(position="object")))
                    if self.peek() != ("punct", ","):
                        break
                    self.take()
                if self.peek() != ("punct", ";"):
                    break
                self.take()
                if self.peek() in (("punct", "."), ("punct", "}")):
                    break  # a trailing ';'
            if self.peek() == ("punct", "."):
                self.take()
            elif self.peek() != ("punct", "}"):
                raise _NotInFragment
        return patterns

    def term(self, *, position: str) -> ox.NamedNode | None:
        kind, value = self.take()
        if kind == "var":
            return None
        if kind == "iri":
            if ":" not in value:
                raise _NotInFragment  # a relative IRI: resolved against a base
            return _iri(value)
        if kind == "word" and position == "predicate" and value == "a":
            return _RDF_TYPE
        if kind == "word" and ":" in value:
            prefix, _, local = value.partition(":")
            if not _prefix_name(prefix) or prefix not in self.prefixes:
                raise _NotInFragment  # "_:b" is a blank node, whatever the prefixes say
            if not _LOCAL_CHARS.issuperset(local):
                raise _NotInFragment
            if prefix not in self.declared:
                self.used[prefix] = self.given[prefix]
            return _iri(self.prefixes[prefix] + local)
        if position != "object":
            raise _NotInFragment
        if kind == "string":
            if self.peek() == ("punct", "@"):
                self.take()
                self.expect("word")
            elif self.peek() == ("punct", "^^"):
                self.take()
                if self.peek()[0] not in ("iri", "word") or self.peek()[1] == "a":
                    raise _NotInFragment
                self.term(position="subject")  # an IRI or a prefixed name, no recursion
            return None  # a literal: counted as anything
        if kind == "word" and (value.isdigit() or value in ("true", "false")):
            return None
        raise _NotInFragment


def _prefix_name(name: str) -> bool:
    """SPARQL's PN_PREFIX (ASCII part): empty, or a letter first."""
    return name == "" or (name[0].isascii() and name[0].isalpha())


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise _NotInFragment from None
