"""The streaming build: quads written in batches, sorted on disk, nothing held in Python."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from bench.synthetic import ecosystem_ingester
from innograph.graph.store import GraphStore
from innograph.ingest.build import build
from innograph.ingest.graph_builder import GraphBuilder
from innograph.ingest.quads import QuadFile, sha256_files, sort_unique
from innograph.ingest.registry import INGESTERS

G = URIRef("https://example.org/graph")
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def test_streamed_and_held_ingester_give_the_same_release(tmp_path: Path) -> None:
    streaming = ecosystem_ingester("tiny")
    assert streaming.stream is not None
    held = dataclasses.replace(streaming, stream=None)
    a = build(GraphStore(tmp_path / "a"), Path("data"), ingesters=[INGESTERS[0], streaming])
    b = build(GraphStore(tmp_path / "b"), Path("data"), ingesters=[INGESTERS[0], held])
    assert a.triples == b.triples > 1000
    assert a.release.id == b.release.id


def test_streaming_builder_holds_nothing(tmp_path: Path) -> None:
    with QuadFile(tmp_path / "raw.nq") as out:
        b = GraphBuilder(G, sink=out.graph(G))
        b.node(S, P, {"de": "Jena"}, 12)
        with pytest.raises(TypeError, match="holds none"):
            _ = b.graph
    text = (tmp_path / "raw.nq").read_text()
    assert '"Jena"@de' in text and '"12"^^' in text


def test_blank_node_is_refused_with_its_graph(tmp_path: Path) -> None:
    g = Graph()
    g.add((BNode("b1"), P, Literal("x")))
    with QuadFile(tmp_path / "raw.nq") as out, pytest.raises(ValueError) as info:
        out.write_graph(G, g)
    assert "blank node" in str(info.value) and str(G) in str(info.value)


def test_sort_unique_orders_bytes_and_drops_repeats(tmp_path: Path) -> None:
    raw = tmp_path / "raw.nq"
    with QuadFile(raw) as out:
        sink = out.graph(G)
        for value in ["zebra", "Äpfel", "apple", "zebra", "Zebra"]:
            sink.add((S, P, Literal(value)))
    assert sort_unique(raw, tmp_path / "data.nq") == 4
    lines = (tmp_path / "data.nq").read_bytes().splitlines()
    assert lines == sorted(lines) and len(set(lines)) == 4
    assert b"\xc3\x84pfel" in lines[-1]  # UTF-8 bytes after ASCII: code point order


def test_release_id_is_the_hash_of_its_canonical_quads(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.write_bytes(b"a\n")
    two.write_bytes(b"b\n")
    assert sha256_files(one, two) != sha256_files(two, one)
    both = tmp_path / "both"
    both.write_bytes(b"a\nb\n")
    assert sha256_files(one, two) == sha256_files(both)
