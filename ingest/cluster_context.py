"""What every cluster-source mapper needs: the registries' clusters and organisations (resolved
by name, id or alias), the topic table, and the shared helpers. One ``MappingContext`` per build;
each source's mapper (``map_brochure``, ``map_ris3``, ``map_thcm_page``, ``map_bb``) lives next to
its parser.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.vocab import IG
from innograph.ingest.graph_builder import GraphBuilder, TopicTable
from innograph.ingest.registries import Cluster, cluster_iri, load_clusters, org_iri
from innograph.ingest.resolution import Resolver

__all__ = ["GYEAR", "MappingContext", "source_line"]

GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


class MappingContext:
    """The registries and tables the mappers of one build share."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.resolver = Resolver.from_data(data_dir)
        self.clusters = load_clusters(data_dir)
        self.topics = TopicTable(data_dir)

    def cluster(self, name: str, path: str, line: int) -> Cluster:
        key = _key(name)
        for c in self.clusters:
            if key in {_key(n) for n in c.names}:
                return c
        raise SourceError(path, line, f"no cluster in data/clusters.yaml is called {name!r}")

    def org(self, name: str) -> URIRef | None:
        res = self.resolver.resolve(name)
        return org_iri(res.org) if res.org else None

    def known_org(self, name: str, path: str, line: int) -> URIRef:
        """The organisation ``name`` means; a ``SourceError`` at ``path``:``line`` if none."""
        iri = self.org(name)
        if iri is None:
            raise SourceError(
                path,
                line,
                f"{name!r} is no organisation in data/organisations.yaml or "
                "data/research_organisations.yaml (add it, or an alias)",
            )
        return iri

    def org_id(self, org_id: str) -> URIRef:
        return org_iri(self.resolver.by_id[org_id])

    def keyword_clusters(self, b: GraphBuilder, s: URIRef, text: str) -> None:
        """Link ``s`` to every cluster whose label or keyword ``text`` contains.

        ``text`` must be what ``s`` is called (a name or title): a field named anywhere in a
        description may be a mere topic of it.
        """
        for c in self.clusters:
            if any(k in text for k in (*c.keywords, *c.label.values())):
                b.add(s, IG.cluster, cluster_iri(c.id))


def source_line(g: Graph, s: URIRef) -> int | None:
    """The ``ig:sourceLine`` of ``s`` (one of them if several), ``None`` when it has none."""
    value = g.value(s, IG.sourceLine)
    return int(value) if isinstance(value, Literal) else None


def _key(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).casefold()
