"""Named SPARQL queries, kept as ``.rq`` files in ``graph/rq/`` and reused by name.

>>> "GROUP BY ?graph" in load_query("triples_per_graph")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from innograph.graph.database import BoundTerm, Database, QueryResult
from innograph.graph.resources import resource_dir
from innograph.graph.vocab import PREFIXES

__all__ = [
    "QUERY_DIR",
    "Example",
    "construct",
    "examples",
    "load_query",
    "prefix_block",
    "python_value",
    "select",
    "select_many",
    "select_terms",
]

QUERY_DIR = resource_dir("innograph.graph.rq")


@cache
def load_query(name: str) -> str:
    """The text of ``graph/rq/<name>.rq`` with innograph's prefixes declared.

    Raises
    ------
    KeyError
        If there is no query of that name.
    """
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in QUERY_DIR.glob("*.rq")))
        raise KeyError(f"no named query {name!r}; known: {known}")
    return prefix_block() + path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Example:
    """An example query of the gallery (``graph/rq/examples/*.rq``)."""

    name: str
    title: str
    description: str
    query: str


@cache
def examples() -> tuple[Example, ...]:
    """The example queries, in file order; each file starts with ``# title:`` and a comment."""
    out = []
    for path in sorted((QUERY_DIR / "examples").glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        title = lines[0].removeprefix("# title:").strip()
        comments = [ln.lstrip("# ").strip() for ln in lines[1:] if ln.startswith("#")]
        body = "\n".join(ln for ln in lines if not ln.startswith("#")).strip() + "\n"
        out.append(Example(path.stem, title, " ".join(comments), body))
    return tuple(out)


def prefix_block() -> str:
    """``PREFIX`` declarations for every prefix in ``graph.vocab.PREFIXES``."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def select(db: Database, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, Any]]:
    """Run the named SELECT query over the union graph; rows as ``{var: python value}``.

    IRIs come back as ``str``, numeric literals as ``int``/``float``, others as ``str``, unbound
    variables as ``None`` (see ``python_value``); which one a column holds is up to the query,
    hence ``Any``.
    """
    terms = select_terms(db, name, **bindings)
    return [{k: python_value(v) for k, v in row.items()} for row in terms]


def select_many(
    db: Database, name: str, rows: Sequence[Mapping[str, ox.NamedNode | ox.Literal]]
) -> list[dict[str, Any]]:
    """Run the named SELECT query once for many bindings: ``rows`` become its ``VALUES`` clause.

    Each row binds the same variables; the answer holds every row's solutions (with the bound
    variables, where the query selects them), as ``select`` gives them. One round trip instead of
    one per row, which on a remote store is what a page waits for. The clause is written from
    pyoxigraph terms (their N-Triples form), never from text.

    A trailing ``VALUES`` joins the whole query's solutions, after grouping and before the limit:
    so the query may have no ``LIMIT``/``OFFSET``, ``GROUP BY`` or aggregate (checked on its parsed
    algebra: ``ValueError``), and each bound variable must occur in a required part of the
    pattern, not only in an ``OPTIONAL`` (else it joins every solution).

    Raises
    ------
    ValueError
        Rows that do not all bind the same variables, or a query that cannot take rows at once.
    TypeError
        A bound term that is neither an IRI nor a literal.

    >>> db, p, doc = ox.Store(), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/doc")
    >>> for s, o in [("a", "1"), ("b", "2"), ("c", "3")]:
    ...     db.add(ox.Quad(ox.NamedNode("http://e/" + s), p, ox.Literal(o), doc))
    >>> rows = [{"entity": ox.NamedNode("http://e/a")}, {"entity": ox.NamedNode("http://e/c")}]
    >>> sorted((r["entity"], r["o"]) for r in select_many(db, "entity_outgoing", rows))
    [('http://e/a', '1'), ('http://e/c', '3')]
    """
    if not rows:
        return []
    names = sorted(rows[0])
    if not names or any(sorted(r) != names for r in rows):
        raise ValueError(f"select_many: every row must bind the same variables ({names})")
    if not all(isinstance(t, ox.NamedNode | ox.Literal) for r in rows for t in r.values()):
        raise TypeError("select_many: bind IRIs (NamedNode) and literals (Literal) only")
    _check_batchable(name)
    values = "\n".join("(" + " ".join(str(r[n]) for n in names) + ")" for r in rows)
    text = load_query(name) + f"\nVALUES ({' '.join('?' + n for n in names)}) {{\n{values}\n}}\n"
    result = db.query(text, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"named query {name!r} is not a SELECT query")
    variables = [v.value for v in result.variables]
    return [{v: python_value(row[v]) for v in variables} for row in result]


_PER_ROW = {"Slice": "LIMIT/OFFSET", "Group": "GROUP BY", "AggregateJoin": "an aggregate"}


@cache
def _check_batchable(name: str) -> None:
    """Refuse a named query whose solutions a trailing ``VALUES`` cannot split by row."""
    from rdflib.plugins.sparql import prepareQuery  # parsed once per query name
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()
    todo: list[object] = [prepareQuery(load_query(name)).algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            found.add(node.name)
            todo.extend(node.values())
        elif isinstance(node, list | tuple):
            todo.extend(node)
    if found & _PER_ROW.keys():
        what = ", ".join(_PER_ROW[k] for k in sorted(found & _PER_ROW.keys()))
        raise ValueError(f"select_many: {name!r} has {what}, which one VALUES clause cannot split")


def select_terms(db: Database, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict]:
    """Like ``select`` but rows hold pyoxigraph terms (``None`` when unbound)."""
    result = _run(db, name, bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"named query {name!r} is not a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]


def construct(db: Database, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[ox.Triple]:
    """Run the named CONSTRUCT query over the union graph; return its triples."""
    result = _run(db, name, bindings)
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError(f"named query {name!r} is not a CONSTRUCT query")
    return list(result)


def _run(db: Database, name: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> QueryResult:
    subs: dict[ox.Variable, BoundTerm] = {ox.Variable(k): v for k, v in bindings.items()}
    return db.query(load_query(name), use_default_graph_as_union=True, substitutions=subs)


def python_value(term: object) -> str | int | float | None:
    """A pyoxigraph term as a Python value: IRIs and strings as str, numbers as int/float."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in {"integer", "int", "long", "nonNegativeInteger"}:
            return int(term.value)
        if dt in {"decimal", "double", "float"}:
            return float(term.value)
        return term.value
    return getattr(term, "value", str(term))
