"""The SPARQL 1.1 Service Description of ``/sparql`` (``GET /sparql`` without a query, as RDF):
the endpoint, its query language and result formats, and the dataset with its named graphs and
their sizes (VoID)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from innograph.graph.store import LiveRelease
from innograph.graph.vocab import SD, VOID

__all__ = ["service_description"]


def service_description(endpoint: str, release: LiveRelease) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint, with the dataset's graphs."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "N-Quads",
        "TriG",
    ):
        g.add((svc, SD.resultFormat, URIRef(f"http://www.w3.org/ns/formats/{fmt}")))
    ds = BNode("dataset")
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    default = BNode("default")
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add(
        (
            default,
            DCTERMS.description,
            Literal(
                "The default graph is the union of all named graphs (one per source document, "
                "the ontology and the derived cross-links). Use GRAPH ?g { … } to see each "
                "source's own graph.",
                lang="en",
            ),
        )
    )
    graphs = release.meta.get("graphs", {})
    g.add((default, VOID.triples, Literal(sum(graphs.values()), datatype=XSD.integer)))
    for i, (name, triples) in enumerate(sorted(graphs.items())):
        ng, gr = BNode(f"ng{i}"), BNode(f"g{i}")
        g.add((ds, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
        g.add((ng, SD.graph, gr))
        g.add((gr, RDF.type, SD.Graph))
        g.add((gr, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g
