"""``GraphBuilder``: the shapes every mapper writes — entities with provenance, figures, topics,
initiatives, events, places — so that mappers state facts, not triple plumbing.

>>> from innograph.graph.vocab import entity
>>> b = GraphBuilder(entity("source", "doc"))
>>> f = b.figure(entity("cluster", "optik"), "employeeCount", "8100", line=351, approximate=True)
>>> len(b.graph) > 5
True
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from innograph.graph.vocab import IG, PROV, RDF, RDFS, SCHEMA, XSD, entity, slugify
from innograph.ingest.datafile import load_records, require
from innograph.ingest.quads import TripleSink

__all__ = [
    "COUNTS",
    "EVENT_STATUSES",
    "GraphBuilder",
    "TopicTable",
    "event_status",
    "provenance",
    "state",
]

COUNTS = {
    "companyCount",
    "employeeCount",
    "memberCount",
    "companyMemberCount",
    "researchMemberCount",
    "universityCount",
    "researchFacilityCount",
    "profileCount",
    "projectCount",
    "newProjectCount",
    "sectorCount",
    "meetingsPerYear",
}
"""Properties whose values are integers; the others (euros, per cent) are decimals."""

EVENT_STATUSES = ("planned", "held", "not-stated")
"""The concepts of ``id:scheme/event-status`` (declared in ``ontology/innograph.ttl``)."""

_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


class TopicTable:
    """``data/topics.yaml``: spellings → one topic concept."""

    def __init__(self, data_dir: Path) -> None:
        self.by_label: dict[str, list[str]] = {}
        self.labels: dict[str, dict[str, str]] = {}
        for rec in load_records(data_dir / "topics.yaml"):
            topic_id = require(rec, "id")
            self.labels[topic_id] = require(rec, "label", dict)
            for spelling in require(rec, "labels", list):
                self.by_label.setdefault(spelling.casefold(), [])
                self.by_label[spelling.casefold()].append(topic_id)

    def ids(self, label: str) -> list[str]:
        """Topic ids for a label: the curated ones, else one derived from the label itself."""
        found = self.by_label.get(label.casefold())
        if not found and ": " in label:  # "Kooperation: Marketingaktivitäten" → the theme itself
            found = self.by_label.get(label.split(": ", 1)[1].casefold())
        return found or [slugify(label)[:60]]


class GraphBuilder:
    """Writes into one named graph (``doc``); every node it creates carries provenance.

    By default the triples collect in ``graph`` (an rdflib ``Graph`` the mapper may read back); with
    a ``sink`` (``QuadFile.graph(doc)``) they stream out and nothing is held.
    """

    def __init__(
        self, doc: URIRef, topics: TopicTable | None = None, *, sink: TripleSink | None = None
    ) -> None:
        self.doc = doc
        self.sink: TripleSink = sink if sink is not None else Graph()
        self.topics = topics

    @property
    def graph(self) -> Graph:
        """The triples written so far (``TypeError`` for a streaming builder: it holds none)."""
        if not isinstance(self.sink, Graph):
            raise TypeError("this GraphBuilder streams its triples to a sink and holds none")
        return self.sink

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.sink.add((s, p, o))

    def node(
        self, s: URIRef, cls: URIRef, labels: dict[str, str] | None, line: int | None
    ) -> URIRef:
        """Type ``s``, label it, and say where it comes from."""
        self.add(s, RDF.type, cls)
        for lang, text in sorted((labels or {}).items()):
            self.add(s, RDFS.label, Literal(text, lang=lang))
        self.provenance(s, line)
        return s

    def provenance(self, s: URIRef, line: int | None) -> None:
        provenance(self.sink, s, self.doc, line)

    def figure(
        self,
        subject: URIRef,
        prop: str,
        value: str | None,
        *,
        line: int,
        approximate: bool = False,
        not_stated: bool = False,
        lower_bound: bool = False,
        reference_date: str | None = None,
        wz: str | None = None,
        source: str | None = None,
        shortcut: bool = True,
        tag: str = "",
    ) -> URIRef:
        """A ``ig:Figure`` node, and the shortcut ``subject ig:<prop> value`` when ``shortcut``."""
        local = subject.rsplit("/", 2)
        fig = entity("figure", f"{local[-2]}-{local[-1]}--{prop}--{line}{tag}")
        self.node(fig, IG.Figure, None, line)
        self.add(fig, IG.figureOf, subject)
        self.add(fig, IG.measuredProperty, IG[prop])
        if value is not None:
            self.add(fig, IG.value, Literal(Decimal(value), datatype=XSD.decimal))
            if shortcut:
                self.add(subject, IG[prop], self.number(prop, value))
        if approximate:
            self.add(fig, IG.approximate, Literal(True))
        if not_stated:
            self.add(fig, IG.notStated, Literal(True))
        if lower_bound:
            self.add(fig, IG.lowerBound, Literal(True))
        if reference_date:
            self.add(fig, IG.referenceDate, Literal(reference_date))
        if wz:
            self.add(fig, IG.wzCode, Literal(wz))
        if source:
            self.add(fig, DCTERMS.source, Literal(source, lang="de"))
        return fig

    @staticmethod
    def number(prop: str, value: str) -> Literal:
        if prop in COUNTS:
            return Literal(int(Decimal(value)), datatype=XSD.integer)
        return Literal(Decimal(value), datatype=XSD.decimal)

    def topic(
        self, subject: URIRef, label: str, lang: str, line: int, prop: URIRef = IG.topic
    ) -> None:
        """Link ``subject`` to the topic(s) ``label`` means, creating the concepts."""
        if self.topics is None:
            raise TypeError("GraphBuilder.topic needs a TopicTable: pass topics= when building")
        for topic_id in self.topics.ids(label):
            t = entity("topic", topic_id)
            curated = self.topics.labels.get(topic_id)
            self.node(t, IG.Topic, curated or {lang: label}, line)
            self.add(t, SKOS.inScheme, entity("scheme", "topics"))
            if curated and label not in curated.values():
                self.add(t, SKOS.altLabel, Literal(label, lang=lang))
            self.add(subject, prop, t)

    def initiative(
        self, kind: str, name: str, line: int, *, lang: str = "de", key: str | None = None
    ) -> URIRef:
        """An ``ig:Initiative`` of ``kind`` (panel, growth-core, application-centre, …)."""
        s = entity("initiative", key or slugify(name)[:80])
        self.node(s, IG.Initiative, {lang: name}, line)
        self.add(s, IG.initiativeType, Literal(kind))
        return s

    def event(
        self,
        title: str,
        date: str | None,
        line: int,
        *,
        status: str = "not-stated",
        status_line: int | None = None,
    ) -> URIRef:
        """An ``ig:Event`` titled ``title``, dated with :meth:`dated` when ``date`` is given."""
        s = entity("event", slugify(title)[:80])
        self.node(s, IG.Event, {"de": title}, line)
        if date:
            self.dated(s, date, line, status=status, status_line=status_line)
        return s

    def dated(
        self,
        s: URIRef,
        date: str,
        line: int,
        *,
        status: str = "not-stated",
        status_line: int | None = None,
    ) -> None:
        """Say when ``s`` takes or took place, and whether the document calls it planned or held.

        One property for every date, planned or held: ``ig:eventDate`` the date as printed on
        ``line`` (``"4.Q/2012"``, ``"06/2012"``, ``"12.09.2012"``), with its statement node;
        a printed day also as ``schema:startDate`` (``xsd:date``). ``ig:eventStatus`` is a
        concept of ``id:scheme/event-status``: ``planned`` or ``held`` as printed on
        ``status_line`` (default ``line``; "geplanter Termin", "bereits 06/2012 erfolgt"), or
        ``not-stated`` when the document gives a date and neither word (inferred, so no line).

        Raises
        ------
        ValueError
            For a status that is not in the scheme.
        """
        if status not in EVENT_STATUSES:
            raise ValueError(f"event status {status!r} is not one of {EVENT_STATUSES}")
        state(self.sink, self.doc, s, IG.eventDate, Literal(date), line)
        exact = _DATE.match(date)
        if exact:
            d, m, y = exact.groups()
            self.add(s, SCHEMA.startDate, Literal(f"{y}-{m}-{d}", datatype=XSD.date))
        printed = None if status == "not-stated" else (status_line or line)
        state(self.sink, self.doc, s, IG.eventStatus, event_status(status), printed)

    def place(self, name: str, line: int) -> URIRef:
        s = entity("place", slugify(name))
        self.node(s, IG.Place, {"de": name}, line)
        return s


def event_status(status: str) -> URIRef:
    """The concept of ``id:scheme/event-status`` for ``status``.

    >>> event_status("planned")
    rdflib.term.URIRef('https://w3id.org/innograph/id/event-status/planned')
    """
    return entity("event-status", status)


def provenance(g: TripleSink, s: URIRef, doc: URIRef, line: int | None) -> None:
    """Say where ``s`` comes from: ``prov:wasDerivedFrom`` the document, ``ig:sourceLine`` the line
    (the one writer of provenance; ``GraphBuilder.provenance`` and the mappers call it)."""
    g.add((s, PROV.wasDerivedFrom, doc))
    if line:
        g.add((s, IG.sourceLine, Literal(int(line), datatype=XSD.integer)))


def state(
    g: TripleSink,
    doc: URIRef,
    s: URIRef,
    p: URIRef,
    o: Node,
    line: int | None,
    *,
    printed: str | None = None,
) -> None:
    """Add the fact ``s p o`` to ``g`` and, where it has a line of its own, say where it is
    printed: an ``rdf:Statement`` node (``rdf:subject``/``rdf:predicate``/``rdf:object``) with
    ``prov:wasDerivedFrom`` the document and ``ig:sourceLine`` the line, so any fact's line is one
    SPARQL pattern away::

        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ig:sourceLine ?line .

    ``printed`` gives the words the line prints for the object when they name it only as one of
    a group (``"Netzwerke"`` for each of the ten networks of the ClusterCouncil, line 488):
    ``ig:printed`` on the statement node.
    """
    g.add((s, p, o))
    if not line:
        return
    key = hashlib.sha1(f"{s}|{p}|{o.n3()}".encode()).hexdigest()[:20]
    st = entity("statement", key)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    if printed:
        g.add((st, IG.printed, Literal(printed)))
    provenance(g, st, doc, line)
