"""The shapes graph of ``graph.shacl_sparql``, read: an index of its triples (``ShapesGraph``),
RDF lists, SHACL property paths as SPARQL property paths, the pattern binding a shape's focus nodes,
and the error for what cannot be compiled (``UnsupportedShapeError``). ``graph.shacl_compiler``
turns the constraints into queries on top of it.

>>> g = ShapesGraph(ox.parse(b"<urn:S> <http://www.w3.org/ns/shacl#targetNode> <urn:x> .",
...                          format=ox.RdfFormat.TURTLE))
>>> g.targeted(), focus_pattern(g, ox.NamedNode("urn:S"), "S")
([<NamedNode value=urn:S>], '{ SELECT DISTINCT ?this WHERE { { VALUES ?this { <urn:x> } } } }')
>>> sparql_path(g, ox.NamedNode("urn:p"), "S")
'<urn:p>'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import pyoxigraph as ox

from innograph.graph.errors import InnographError
from innograph.graph.vocab import RDF, RDFS, SH

__all__ = [
    "TARGETS",
    "Node",
    "ShapesGraph",
    "Term",
    "UnsupportedShapeError",
    "constant",
    "focus_pattern",
    "instance_pattern",
    "short",
    "sparql_path",
]

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal

_SH, _RDF = str(SH), str(RDF)
_INSTANCE = f"<{_RDF}type>/<{RDFS.subClassOf}>*"
TARGETS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
_PATHS = {"inversePath": "(^{})", "zeroOrMorePath": "({})*", "oneOrMorePath": "({})+"}
_PATHS["zeroOrOnePath"] = "({})?"
_NIL = ox.NamedNode(_RDF + "nil")


class UnsupportedShapeError(InnographError):
    """A shape uses a SHACL construct (or a form of one) the in-store validator cannot compile.

    ``shape`` and ``construct`` name them, so a new shape is never silently ignored.
    """

    status = 500
    code = "unsupported_shape"

    def __init__(self, shape: str, construct: str, detail: str = "") -> None:
        self.shape, self.construct = shape, construct
        why = f": {detail}" if detail else ""
        super().__init__(f"shape {shape}: {construct} is not supported by shacl_sparql{why}")


class ShapesGraph:
    """The shapes graph as an index: subject → predicate IRI → objects."""

    def __init__(
        self, quads: Iterable[ox.Quad], classes: Mapping[str, Collection[str]] | None = None
    ) -> None:
        self.classes = classes
        """Class IRI → the IRIs of its subclasses in the data (``subclasses``), if known."""
        self.out: dict[Node, dict[str, list[Term]]] = {}
        for q in quads:
            s, o = q.subject, q.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise UnsupportedShapeError(str(s), "an RDF-star triple term")
            self.out.setdefault(s, {}).setdefault(q.predicate.value, []).append(o)

    def get(self, s: Term, p: str) -> list[Term]:
        """The objects of ``s p``; ``p`` is a full IRI, or a local name in ``sh:``."""
        props = {} if isinstance(s, ox.Literal) else self.out.get(s, {})
        return props.get(p if ":" in p else _SH + p, [])

    def targeted(self) -> list[Node]:
        return [s for s in self.out if any(self.get(s, t) for t in TARGETS)]

    def items(self, head: Term, name: str) -> list[Term]:
        """The members of the RDF list starting at ``head``."""
        items: list[Term] = []
        seen: set[Term] = set()
        while head != _NIL:
            first, rest = self.get(head, _RDF + "first"), self.get(head, _RDF + "rest")
            if len(first) != 1 or len(rest) != 1 or head in seen:
                raise UnsupportedShapeError(name, f"the list {head}", "not a well-formed RDF list")
            seen.add(head)
            items.append(first[0])
            head = rest[0]
        return items


def focus_pattern(g: ShapesGraph, shape: Node, name: str) -> str:
    """The group pattern that binds ``?this`` to each focus node of ``shape``'s targets."""
    patterns = {
        "targetClass": "{}",
        "targetNode": "VALUES ?this {{ {} }}",
        "targetSubjectsOf": "?this {} ?object .",
        "targetObjectsOf": "?subject {} ?this .",
    }
    branches = [
        "{ "
        + (
            instance_pattern("?this", t, g.classes) + " ."
            if target == "targetClass" and isinstance(t, ox.NamedNode)
            else pattern.format(constant(name, target, t))
        )
        + " }"
        for target, pattern in patterns.items()
        for t in g.get(shape, target)
    ]
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(branches)} }} }}"


def instance_pattern(
    var: str, cls: ox.NamedNode, classes: Mapping[str, Collection[str]] | None
) -> str:
    """A pattern true when ``var`` is a SHACL instance of ``cls``: typed ``cls`` or a subclass.

    With the data's subclasses known (``subclasses``), the types are listed, which Oxigraph checks
    far faster than the path ``rdf:type/rdfs:subClassOf*`` (at 100k actors 0.7 s instead of 5 s
    for one ``sh:class``); without them, the path.
    """
    if classes is None:
        return f"{var} {_INSTANCE} {cls}"
    types = " ".join(sorted(f"<{c}>" for c in {cls.value, *classes.get(cls.value, ())}))
    return f"{var} <{_RDF}type> {var}_type . VALUES {var}_type {{ {types} }}"


def constant(name: str, param: str, term: Term) -> str:
    """``term`` as a SPARQL constant; a blank node cannot be one."""
    if isinstance(term, ox.BlankNode):
        raise UnsupportedShapeError(name, f"sh:{param} {term}", "a blank node is no constant")
    return str(term)


def sparql_path(g: ShapesGraph, path: Term, name: str) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, ox.NamedNode):
        return str(path)
    if isinstance(path, ox.BlankNode) and g.get(path, _RDF + "first"):
        steps = g.items(path, name)
        if len(steps) > 1:
            return "(" + "/".join(sparql_path(g, s, name) for s in steps) + ")"
    props = g.out.get(path, {}) if isinstance(path, ox.BlankNode) else {}
    if len(props) == 1:
        ((p, (inner, *more)),) = props.items()
        local = p.removeprefix(_SH)
        if local in _PATHS and not more:
            return _PATHS[local].format(sparql_path(g, inner, name))
        if local == "alternativePath" and not more:
            return "(" + "|".join(sparql_path(g, s, name) for s in g.items(inner, name)) + ")"
    raise UnsupportedShapeError(name, f"sh:path {path}", "not a SHACL property path")


def short(term: Term, prefixes: Mapping[str, str]) -> str:
    """``term`` in Turtle, an IRI as a prefixed name where a prefix fits."""
    if isinstance(term, ox.NamedNode):
        fits = [(p, ns) for p, ns in prefixes.items() if ns and term.value.startswith(ns)]
        if fits:
            prefix, ns = max(fits, key=lambda fit: len(fit[1]))
            return f"{prefix}:{term.value[len(ns) :]}"
    return str(term)
