"""Quads on their way to the store: written as N-Quads by pyoxigraph's serialiser, in batches, so
a build never holds every triple in Python; sorted and deduplicated on disk; hashed as a stream.

The build writes each ingester's output into one ``QuadFile`` (unsorted, possibly with repeats when
two ingesters state the same fact), then ``sort_unique`` turns it into the canonical file the
release id is the SHA-256 of and ``bulk_load`` reads.

>>> import tempfile, pathlib
>>> from rdflib import Graph, Literal, URIRef
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> g = Graph()
>>> _ = g.add((URIRef("https://e.org/b"), URIRef("https://e.org/p"), Literal("zwei", lang="de")))
>>> _ = g.add((URIRef("https://e.org/a"), URIRef("https://e.org/p"), Literal(1)))
>>> with QuadFile(tmp / "raw.nq") as out:
...     out.write_graph(URIRef("https://e.org/g"), g)
...     out.write_graph(URIRef("https://e.org/g"), g)  # the same facts again: kept once
>>> sort_unique(tmp / "raw.nq", tmp / "data.nq")
2
>>> print((tmp / "data.nq").read_text().splitlines()[0].replace("http://www.w3.org/2001/", ""))
<https://e.org/a> <https://e.org/p> "1"^^<XMLSchema#integer> <https://e.org/g> .
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["GraphSink", "QuadFile", "TripleSink", "sha256_files", "sort_unique", "to_ox"]

_BATCH = 50_000
_SORT_MEMORY = "256M"  # GNU sort's buffer: beyond it, sort merges runs from disk


class TripleSink(Protocol):
    """Anything triples can be added to: an rdflib ``Graph`` or a ``GraphSink``."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...


@lru_cache(maxsize=1 << 16)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    """The pyoxigraph term of an rdflib IRI or literal.

    Blank nodes are refused: innograph mints an IRI for every node, which is what makes a
    release's quads canonical (equal data, equal bytes, equal release id).

    >>> to_ox(Literal("Jena", lang="de"))
    <Literal value=Jena language=de>
    >>> to_ox(BNode("x"))
    Traceback (most recent call last):
    ...
    ValueError: blank node _:x: innograph mints an IRI for every node
    """
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError(f"blank node _:{term}: innograph mints an IRI for every node")
    raise ValueError(f"not an RDF term: {term!r}")


class QuadFile:
    """An N-Quads file written in batches of pyoxigraph quads (use as a context manager)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.quads = 0
        self._out: BinaryIO = path.open("wb")
        self._batch: list[ox.Quad] = []

    def add(self, s: Node, p: Node, o: Node, graph: ox.NamedNode) -> None:
        """Add one quad; ``ValueError`` names the graph and the triple when a term is refused."""
        try:
            subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
        except ValueError as exc:
            raise ValueError(f"in graph <{graph.value}>: {exc} ({s} {p} {o})") from None
        if not isinstance(subject, ox.NamedNode) or not isinstance(predicate, ox.NamedNode):
            raise ValueError(f"in graph <{graph.value}>: literal subject or predicate: {s} {p}")
        self._batch.append(ox.Quad(subject, predicate, obj, graph))
        if len(self._batch) >= _BATCH:
            self.flush()

    def graph(self, iri: URIRef | str) -> GraphSink:
        """A sink writing triples into the named graph ``iri`` of this file."""
        return GraphSink(self, _named(str(iri)))

    def write_graph(self, iri: URIRef | str, graph: Graph) -> None:
        """Write every triple of ``graph`` into the named graph ``iri``."""
        sink = self.graph(iri)
        for triple in graph:
            sink.add(triple)

    def flush(self) -> None:
        if self._batch:
            ox.serialize(self._batch, self._out, format=ox.RdfFormat.N_QUADS)
            self.quads += len(self._batch)
            self._batch = []

    def close(self) -> None:
        self.flush()
        self._out.close()

    def __enter__(self) -> QuadFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self._out.close()


class GraphSink:
    """Triples into one named graph of a ``QuadFile``: what a streaming ``GraphBuilder`` writes to.

    It holds nothing; it cannot be read back.
    """

    def __init__(self, out: QuadFile, graph: ox.NamedNode) -> None:
        self._out = out
        self._graph = graph

    def add(self, triple: tuple[Node, Node, Node], /) -> GraphSink:
        s, p, o = triple
        self._out.add(s, p, o, self._graph)
        return self


def sort_unique(src: Path, dst: Path, *, tmp_dir: Path | None = None) -> int:
    """Sort the lines of ``src`` bytewise into ``dst``, each line once; the number of lines.

    GNU ``sort`` in the C locale (byte order, which is code point order in UTF-8) does the work
    with a bounded buffer and merges from disk beyond it, so memory does not grow with the data.
    """
    exe = shutil.which("sort")
    if exe is None:
        raise OSError("the build needs GNU sort (coreutils) to order the quads")
    env = {**os.environ, "LC_ALL": "C"}
    tmp = str(tmp_dir or dst.parent)
    cmd = [exe, "-u", "-S", _SORT_MEMORY, "-T", tmp, "-o", str(dst), str(src)]
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise OSError(f"sort failed on {src}: {done.stderr.decode(errors='replace').strip()}")
    with dst.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def sha256_files(*paths: Path) -> str:
    """The SHA-256 of the files' bytes one after the other, read in chunks."""
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()
