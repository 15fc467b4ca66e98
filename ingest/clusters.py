"""The four cluster sources: extract them to ``data/extracted/`` and map the extracts to triples.

- ``thcm-brochure-2012`` (``003``): growth fields with figures (and sub-fields), strengths and
  weaknesses, network boxes, ClusterCouncil/ClusterBoard/ThCM, who manages which field,
  Anlage 1 (panels, application centres, growth cores, special projects, initiatives, events,
  trips) and Anlage 2 (every value as a figure, disagreements as ``ig:conflictsWith``);
- ``ris3-ict-services`` (``000``), ``thcm-partners-networks`` (``001``),
  ``bb-ict-media-creative`` (``004``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from innograph.graph.errors import SourceError
from innograph.ingest.bb_cluster import map_bb, parse_bb_cluster
from innograph.ingest.cluster_brochure import parse_brochure
from innograph.ingest.cluster_brochure.mapping import map_brochure
from innograph.ingest.cluster_context import MappingContext
from innograph.ingest.datafile import load_json, load_records
from innograph.ingest.resolution import Resolver
from innograph.ingest.ris3_ict import map_ris3, parse_ris3_ict
from innograph.ingest.source_documents import source_iri
from innograph.ingest.thcm_page import map_thcm_page, parse_thcm_page

__all__ = [
    "EXTRACTS",
    "disagreements",
    "extractors",
    "ingest_clusters",
    "unresolved_partners",
]

EXTRACTS = {
    "thcm-brochure-2012": "extracted/cluster_brochure.json",
    "ris3-ict-services": "extracted/ris3_ict.json",
    "thcm-partners-networks": "extracted/thcm_page.json",
    "bb-ict-media-creative": "extracted/bb_cluster.json",
}


def extractors() -> dict[str, Callable[[Path, Path], dict[str, Any]]]:
    """Extract file → ``(sources_dir, data_dir) -> JSON data`` for the four cluster sources."""

    def brochure(sources: Path, data: Path) -> dict[str, Any]:
        overrides = [
            r.data
            for r in load_records(data / "overrides.yaml")
            if r.get("doc") == "thcm-brochure-2012"
        ]
        return parse_brochure(_source(sources, "003_7f60bfa5933ed3d6.txt"), overrides)

    def ris3(sources: Path, data: Path) -> dict[str, Any]:
        return parse_ris3_ict(_source(sources, "000_0dc5d06f95507fef.txt"))

    return {
        EXTRACTS["thcm-brochure-2012"]: brochure,
        EXTRACTS["ris3-ict-services"]: ris3,
        EXTRACTS["thcm-partners-networks"]: lambda s, d: parse_thcm_page(
            _source(s, "001_d97b0e8d750cb246.txt")
        ),
        EXTRACTS["bb-ict-media-creative"]: lambda s, d: parse_bb_cluster(
            _source(s, "004_d34dd52d2d0f4aa2.txt")
        ),
    }


def ingest_clusters(data_dir: Path) -> dict[URIRef, Graph]:
    """Triples of the four cluster sources, each in its document's graph."""
    ctx = MappingContext(data_dir)
    return {
        source_iri("thcm-brochure-2012"): map_brochure(ctx, _load(data_dir, "thcm-brochure-2012")),
        source_iri("ris3-ict-services"): map_ris3(ctx, _load(data_dir, "ris3-ict-services")),
        source_iri("thcm-partners-networks"): map_thcm_page(
            ctx, _load(data_dir, "thcm-partners-networks")
        ),
        source_iri("bb-ict-media-creative"): map_bb(ctx, _load(data_dir, "bb-ict-media-creative")),
    }


def disagreements(data_dir: Path) -> list[dict]:
    """Where the brochure's Anlage 2 disagrees with its sections (both values kept)."""
    return _load(data_dir, "thcm-brochure-2012")["disagreements"]


def unresolved_partners(data_dir: Path) -> list[tuple[str, int, str]]:
    """(file, line, name) of every event partner or committee member that does not resolve."""
    resolver = Resolver.from_data(data_dir)
    data = _load(data_dir, "thcm-brochure-2012")
    out = []
    names = [(e["line"], p) for e in data["appendix1"]["events"] for p in e["partners"]]
    for s in data["structures"]:
        names += [(m["line"], m["name"]) for m in s.get("members", []) + s.get("guests", [])]
    for line, name in names:
        if any(r.status == "unresolved" for r in resolver.resolve_list(name)):
            out.append((data["source"], line, name))
    return out


def _load(data_dir: Path, doc_id: str) -> dict[str, Any]:
    return load_json(data_dir / EXTRACTS[doc_id])


def _source(sources: Path, name: str) -> Path:
    path = sources / name
    if not path.is_file():
        raise SourceError(path, None, "source document not found")
    return path
