"""The line audit: does every cited line print the fact that cites it?

Every node that carries ``ig:sourceLine`` in a source document's named graph cites a line of that
document. This module lists those citations and checks each against the document's text: the
cited line, or the one before or after it, must contain what the node states —

- an ``rdf:Statement``: its ``rdf:object`` (a label or alias of the object, a number in the
  document's own spelling, the ``NEU`` badge for ``ig:isNew true``, the start of a text value),
  or the words it says the line prints for the object (``ig:printed``, a group's name);
- an ``ig:Figure``: its ``ig:value`` in any printed spelling (``8.100``, ``1,9``, ``7,7 Mrd.``),
  or ``keine Angaben``/``-`` for a value the document does not state;
- an ``ig:CrossLink``: a label of either end, or the term its evidence quotes;
- an ``ig:GroupInvolvement`` or an ``ig:DiscrepancySide``: the printed words; a
  ``schema:PostalAddress``: the street;
- any other node (an organisation, a cluster, a topic, an event …): its label or an alias
  (a theme labelled ``Heading: item`` also by its item; a website by its address).

Lines are compared folded (case, quotes, dashes, markup), with hyphenation at line ends joined;
a text longer than a line is found by its beginning. ``start_line`` tells on which line of the
window a cited text starts: a citation cites the line it starts on.
``tests/ingest/test_line_audit.py`` runs the audit on the built store; the exceptions it
accepts are listed, each with its reason, in ``tests/ingest/line_audit_exceptions.yaml``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from innograph.graph.vocab import DCTERMS, IG, RDF, RDFS, SCHEMA, SKOS, XSD
from innograph.ingest.spellings import contains_number, contains_text, fold
from innograph.ingest.text import join_lines

__all__ = [
    "Citation",
    "Finding",
    "audit",
    "citations",
    "compact",
    "prints",
    "read_lines",
    "start_line",
]

_Term = ox.NamedNode | ox.BlankNode | ox.Literal
_ID = "https://w3id.org/innograph/id/"
_PREFIXES = (
    (_ID, "id:"),
    (str(IG), "ig:"),
    (str(RDFS), "rdfs:"),
    (str(SKOS), "skos:"),
    (str(SCHEMA), "schema:"),
    (str(DCTERMS), "dcterms:"),
    ("http://www.w3.org/ns/org#", "org:"),
)
_NAMES = tuple(
    str(p)
    for p in (
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        SKOS.notation,
        IG.measureId,
        DCTERMS.title,
    )
)
_NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.int), str(XSD.double)}
_NOT_STATED = ("keine Angaben", "k. A.", "k.A.", "n. b.")
_DASH_CELL = re.compile(r"(^|[\s>|])[-–](?=$|[\s<|])")
_QUOTED = re.compile(r"[“„\"]([^”“\"]+)[”“\"]")
_PREFIX_CHARS = 40
_AHEAD = 6
"""A text that starts in the window may go on for this many lines after the cited one."""
"""A text longer than this is found by its first words (it may wrap over several lines)."""


@dataclass(frozen=True)
class Citation:
    """One node that cites a line: what it states, and what the line must print.

    ``fact`` names it for people and for the exceptions file: ``subject predicate object`` in
    compact IRIs (``id:measure/L2-02 ig:lead id:ministry/tmasgff``), or the node itself for a
    figure, cross-link or involvement.
    """

    doc: str
    node: str
    kind: str
    fact: str
    line: int
    words: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    not_stated: bool = False


@dataclass(frozen=True)
class Finding:
    """A citation and whether its line (±1) prints it; ``text`` is that window."""

    citation: Citation
    passed: bool
    text: str


def compact(iri: str) -> str:
    """An IRI with innograph's usual prefixes.

    >>> compact("https://w3id.org/innograph/id/measure/L2-02"), compact(str(IG.lead))
    ('id:measure/L2-02', 'ig:lead')
    """
    for base, prefix in _PREFIXES:
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri


def citations(db: ox.Store, docs: Iterable[str] | None = None) -> list[Citation]:
    """Every ``(node, line)`` a source document's named graph cites, sorted by document and line.

    Parameters
    ----------
    db
        A built store.
    docs
        Source document IRIs to audit (default: every graph that has ``ig:sourceLine``).
    """
    union: dict[str, list[tuple[str, _Term]]] = defaultdict(list)
    per_graph: dict[tuple[str, str], list[tuple[str, _Term]]] = defaultdict(list)
    for q in db.quads_for_pattern(None, None, None, None):
        if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.graph_name, ox.NamedNode):
            continue
        if isinstance(q.object, ox.Triple):  # innograph states no RDF-star triples
            continue
        s, p = q.subject.value, q.predicate.value
        union[s].append((p, q.object))
        per_graph[(q.graph_name.value, s)].append((p, q.object))
    printed: dict[str, list[str]] = defaultdict(list)  # a stakeholder group's printed words
    for props in union.values():
        groups = [o.value for p, o in props if p == str(IG.group)]
        for p, o in props:
            if p == str(IG.printed):
                for group in groups:
                    printed[group].append(o.value)
    wanted = set(docs) if docs is not None else None
    out: list[Citation] = []
    for (graph, s), props in per_graph.items():
        if wanted is not None and graph not in wanted:
            continue
        for p, o in props:
            if p == str(IG.sourceLine) and isinstance(o, ox.Literal):
                out.append(_citation(graph, s, int(o.value), union, printed))
    return sorted(out, key=lambda c: (c.doc, c.line, c.fact))


def prints(c: Citation, lines: list[str]) -> Finding:
    """Check ``c`` against the document's ``lines``: the cited line ±1 prints its value, or a
    text value starts there (and goes on in the lines after it)."""
    window = lines[max(0, c.line - 2) : c.line + 1]
    joined, plain = join_lines(window), " ".join(window)
    ok = False
    if c.numbers:
        ok = any(contains_number(_untag(t), n) for n in c.numbers for t in (plain, joined))
    if not ok and c.not_stated:
        ok = any(contains_text(plain, w) for w in _NOT_STATED) or any(
            _DASH_CELL.search(_untag(line)) for line in window
        )
    if not ok and c.words:
        ok = any(contains_text(t, w) for w in c.words for t in (joined, plain))
    if not ok and c.words:
        ahead = fold(join_lines(lines[max(0, c.line - 2) : c.line + _AHEAD]))
        starts = len(fold(joined))
        ok = any(0 <= _find(ahead, w) < starts for w in c.words) or any(
            contains_text(t, _head(w)) for w in c.words for t in (joined, plain)
        )
    return Finding(c, ok, "\n".join(window))


def start_line(c: Citation, lines: list[str]) -> int | None:
    """The line on which ``c``'s words start: the cited line when one of them starts there, else
    the line before or after it when one starts there (a name wrapped over two lines starts on
    the first); ``None`` when none starts in the window (a number, or words found otherwise).

    >>> c = Citation("d", "n", "involvement", "f", 2, ("Landkreise",))
    >>> start_line(c, ["Beteiligte:", "Thüringer Gemeinden und", "Landkreise"])
    3
    """
    for at in (c.line, c.line - 1, c.line + 1):
        if not 1 <= at <= len(lines):
            continue
        first = len(fold(join_lines(lines[at - 1 : at])))
        text = fold(join_lines(lines[at - 1 : at + _AHEAD]))
        if any(0 <= _find(text, w) < first for w in c.words):
            return at
    return None


def audit(db: ox.Store, document: Callable[[str], list[str] | None]) -> list[Finding]:
    """Check every citation of ``db`` whose document ``document(file name)`` can read.

    ``document`` gets the ``ig:fileName`` of the source document and returns its lines, or
    ``None`` for a document that is not at hand (its citations are not audited).
    """
    files: dict[str, str] = {}
    for q in db.quads_for_pattern(None, ox.NamedNode(str(IG.fileName)), None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
            files[q.subject.value] = q.object.value
    texts = {doc: document(name) for doc, name in files.items()}
    present = {doc: text for doc, text in texts.items() if text is not None}
    return [prints(c, present[_ID + "source/" + c.doc]) for c in citations(db, list(present))]


def read_lines(path: Path) -> list[str]:
    """A document's lines as the parsers number them (``split("\\n")``)."""
    return path.read_text(encoding="utf-8").split("\n")


def _citation(
    graph: str,
    s: str,
    line: int,
    union: dict[str, list[tuple[str, _Term]]],
    printed: dict[str, list[str]],
) -> Citation:
    props = union[s]
    types = {o.value for p, o in props if p == str(RDF.type)}
    doc = compact(graph).removeprefix("id:source/")

    def one(pred: str) -> _Term | None:
        return next((o for p, o in props if p == pred), None)

    if str(RDF.Statement) in types:
        subj, pred, obj = one(str(RDF.subject)), one(str(RDF.predicate)), one(str(RDF.object))
        if subj is None or pred is None or obj is None:
            raise ValueError(f"statement {s} lacks rdf:subject, rdf:predicate or rdf:object")
        fact = f"{compact(subj.value)} {compact(pred.value)} {_show(obj)}"
        words, numbers = _expect(obj, pred.value, union)
        words += tuple(o.value for p, o in props if p == str(IG.printed) and _is_lit(o))
        return Citation(doc, s, "statement", fact, line, words, numbers)
    if str(IG.Figure) in types:
        value = one(str(IG.value))
        return Citation(
            doc,
            s,
            "figure",
            compact(s),
            line,
            numbers=(value.value,) if value is not None else (),
            not_stated=one(str(IG.notStated)) is not None or value is None,
        )
    if str(IG.CrossLink) in types:
        ends: list[str] = []
        for end in (str(IG.source), str(IG.target)):
            node = one(end)
            if isinstance(node, ox.NamedNode):
                ends += _names(node.value, union)
                for p, field in union.get(node.value, []):  # "action-field" links cite it
                    if p == str(IG.actionField) and isinstance(field, ox.NamedNode):
                        ends += _names(field.value, union)
        evidence = one(str(IG.evidence))
        if isinstance(evidence, ox.Literal):
            ends += _QUOTED.findall(evidence.value)
        return Citation(doc, s, "crosslink", compact(s), line, tuple(ends))
    if str(IG.DiscrepancySide) in types:
        words = tuple(o.value for p, o in props if p == str(IG.printed) and _is_lit(o))
        return Citation(doc, s, "side", compact(s), line, words)
    if str(IG.GroupInvolvement) in types:
        words = tuple(o.value for p, o in props if p == str(IG.printed) and _is_lit(o))
        return Citation(doc, s, "involvement", compact(s), line, words)
    if str(SCHEMA.PostalAddress) in types:
        street = [o.value for p, o in props if p == str(SCHEMA.streetAddress)]
        return Citation(doc, s, "address", compact(s), line, tuple(street))
    names = _names(s, union) + printed.get(s, [])
    fact = f"{compact(s)} rdfs:label {_show(ox.Literal(names[0]))}" if names else compact(s)
    return Citation(doc, s, "entity", fact, line, tuple(names))


def _expect(
    obj: _Term, pred: str, union: dict[str, list[tuple[str, _Term]]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words and numbers that print a statement's object."""
    if isinstance(obj, ox.NamedNode):
        names = _names(obj.value, union)
        if not names and not obj.value.startswith(_ID):  # a website: printed without its scheme
            names = [re.sub(r"^https?://", "", obj.value).rstrip("/")]
        return tuple(names), ()
    if not isinstance(obj, ox.Literal):
        return (), ()
    dtype = obj.datatype.value if obj.datatype else ""
    if dtype == str(XSD.boolean):
        return (("NEU", "NE") if obj.value == "true" else ()), ()
    if dtype in _NUMERIC:
        return (), (obj.value,)
    if dtype == str(XSD.date):
        y, m, d = obj.value.split("-")
        return (f"{d}.{m}.{y}", obj.value), ()
    return (obj.value,), ()


def _names(iri: str, union: dict[str, list[tuple[str, _Term]]]) -> list[str]:
    names = {o.value for p, o in union.get(iri, []) if p in _NAMES}
    # "Heading: item" (a theme under its heading in a network box) is printed as the item
    names |= {n.split(": ", 1)[1] for n in names if ": " in n}
    return sorted(names, key=lambda n: (-len(n), n))


def _find(text: str, needle: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(fold(needle))}", text)
    return m.start() if m else -1


def _head(text: str) -> str:
    """The first words of a long text (it may wrap beyond the window)."""
    folded = fold(text)
    if len(folded) <= _PREFIX_CHARS:
        return text
    cut = folded[:_PREFIX_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _is_lit(term: _Term) -> bool:
    return isinstance(term, ox.Literal)


def _untag(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _show(term: _Term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    value = term.value if isinstance(term, ox.Literal) else str(term)
    short = value if len(value) <= 60 else value[:57] + "…"
    return '"' + short.replace('"', "'") + '"'
