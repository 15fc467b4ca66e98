"""Linked Data pages, the ontology page, dumps and the VoID description over a live server."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef

DOC = "https://w3id.org/innograph/id/source/thcm-brochure-2012"
DOC_PATH = "/id/source/thcm-brochure-2012"


def test_entity_html_shows_label_types_provenance(server: str) -> None:
    r = httpx.get(server + DOC_PATH, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Thüringer ClusterManagement (ThCM)" in r.text
    assert "ig:SourceDocument" in r.text
    assert "line 4" in r.text  # provenance: source line
    assert "/query?query=DESCRIBE" in r.text  # "query this entity"


@pytest.mark.parametrize(
    ("how", "media", "parse_as"),
    [
        ({"headers": {"Accept": "text/turtle"}}, "text/turtle", "turtle"),
        ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples", "nt"),
        ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json", "json-ld"),
        ({"params": {"format": "turtle"}}, "text/turtle", "turtle"),
        ({"params": {"format": "jsonld"}}, "application/ld+json", "json-ld"),
    ],
)
def test_entity_rdf(server: str, how: dict, media: str, parse_as: str) -> None:
    r = httpx.get(server + DOC_PATH, **how)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    g = Graph().parse(data=r.text, format=parse_as)
    assert (URIRef(DOC), None, None) in g
    assert len(g) >= 10


def test_unknown_entity_is_404(server: str) -> None:
    r = httpx.get(server + "/id/network/no-such-network")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = httpx.get(server + "/id/network/no-such-network", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "Not found" in r.text


def test_data_derived_text_is_escaped(server: str) -> None:
    r = httpx.get(server + DOC_PATH, headers={"Accept": "text/html"})
    assert "<script" not in r.text.split("<main>", 1)[1]


def test_ontology_page_and_rdf(server: str) -> None:
    r = httpx.get(server + "/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and 'id="Cluster"' in r.text and "ig:linkedTo" in r.text
    r = httpx.get(server + "/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef("https://w3id.org/innograph/ontology#Cluster"), None, None) in g


@pytest.mark.parametrize(("path", "fmt"), [("/dump.trig", "trig"), ("/dump.nq", "nquads")])
def test_dumps_hold_every_named_graph(server: str, store, path: str, fmt: str) -> None:
    r = httpx.get(server + path)
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    ds = Dataset()
    ds.parse(data=r.text, format=fmt)
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert graphs == set(store.current().meta["graphs"])
    assert sum(1 for _ in ds.quads()) == store.current().meta["triples"]


def test_void_description(server: str, store) -> None:
    r = httpx.get(server + "/void")
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef("https://w3id.org/innograph/dataset")
    void = "http://rdfs.org/ns/void#"
    triples = g.value(ds, URIRef(void + "triples"))
    assert int(triples) == store.current().meta["triples"]
    assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    assert len(list(g.objects(ds, URIRef(void + "subset")))) == len(store.current().meta["graphs"])
    assert len(list(g.objects(ds, URIRef(void + "classPartition")))) >= 1
    assert (
        str(g.value(ds, URIRef("http://www.w3.org/2002/07/owl#versionInfo"))) == store.current().id
    )


def test_error_shape_is_shared(server: str) -> None:
    """Every API error has the same JSON fields, whatever raised it."""
    for resp in (
        httpx.get(server + "/id/x/none"),
        httpx.get(server + "/sparql", params={"query": "SELECT"}),
        httpx.put(server + "/sparql"),
        httpx.get(server + "/dump.zip"),
    ):
        body = resp.json()
        assert set(body) == {"error", "message", "status"} and body["status"] == resp.status_code


def test_entity_pages_are_profiles_with_key_facts_first(server: str) -> None:
    """Key facts (lead, participants, stakeholder groups; figures with year and source) come
    before the full statement table, which is folded away."""
    page = httpx.get(server + "/id/measure/L2-02", headers={"Accept": "text/html"}).text
    facts = page.index('<dl class="facts">')
    assert facts < page.index("all-statements")
    assert "Stakeholder groups" in page and "hospitals" in page
    cluster = httpx.get(server + "/id/cluster/optik", params={"lang": "de"}).text
    assert "Kennzahlen" in cluster and "2012-09" in cluster and "Zeile" in cluster
    assert "id:statement/" not in page.split("all-statements")[0]  # no qualifier nodes up top


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts (head cells included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = True
            self.tables[-1][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = False

    def handle_data(self, data: str) -> None:
        if self.cell:
            self.tables[-1][-1][-1] += data

    def rows(self, head: str) -> list[tuple[str, ...]]:
        """The body rows of the table whose first head cell is ``head``."""
        table = next(t for t in self.tables if t and t[0] and t[0][0].strip() == head)
        return [tuple(c.strip() for c in row) for row in table[1:]]


def _tables(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    return parser


def _count(server: str, query: str) -> int:
    answer = httpx.get(server + "/sparql", params={"query": query, "format": "json"}).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    ("lang", "lead", "other"),
    [
        ("de", "Thüringer Ministerium für Arbeit", "Thuringian Ministry of Labour"),
        ("en", "Thuringian Ministry of Labour", "Thüringer Ministerium für Arbeit"),
    ],
)
def test_each_statement_once_labelled_in_the_page_language(
    server: str, lang: str, lead: str, other: str
) -> None:
    """A linked entity labelled in two languages had made every statement about it appear twice,
    once with each label, and every cross-link of a cluster twice."""
    iri = "https://w3id.org/innograph/id/measure/L2-02"
    tables = _tables(httpx.get(server + "/id/measure/L2-02", params={"lang": lang}).text)
    rows = tables.rows("Eigenschaft" if lang == "de" else "property")
    assert len(rows) == len(set(rows))
    assert len(rows) == _count(
        server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"
    )
    leads = [row[1] for row in rows if row[0] == "ig:lead"]
    assert leads and all(v.startswith(lead) for v in leads)
    assert not any(other in cell for row in rows for cell in row)
    cluster = "https://w3id.org/innograph/id/cluster/optik"
    tables = _tables(httpx.get(server + "/id/cluster/optik", params={"lang": lang}).text)
    links = tables.rows("verbunden mit" if lang == "de" else "linked to")
    assert len(links) == _count(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?l ?doc ?line WHERE { "
        "{ ?l ig:source ?c } UNION { ?l ig:target ?c } ?l a ig:CrossLink "
        "OPTIONAL { ?l prov:wasDerivedFrom ?doc } OPTIONAL { ?l ig:sourceLine ?line } "
        f"VALUES ?c {{ <{cluster}> }} }} }}",  # a row per link and source
    )
    evidence = " ".join(row[2] for row in links)
    mine, theirs = ("gemeinsame", "shared") if lang == "de" else ("shared", "gemeinsame")
    assert mine in evidence and theirs not in evidence
    named = ("Blatt nennt", "sheet names") if lang == "de" else ("sheet names", "Blatt nennt")
    assert named[0] in evidence and named[1] not in evidence  # a measure's sheet names the field
    stated = ("traditionell enge Bindung", "traditionally strong ties")  # our words, line 196
    assert stated[lang == "en"] in evidence and stated[lang == "de"] not in evidence
    kinds = {row[1] for row in links}
    english = {"stated", "text", "action-field", "co-participation", "shared-organisation"}
    assert (kinds & english == set()) if lang == "de" else kinds <= english | {"topic-overlap"}


@pytest.mark.parametrize(("lang", "head"), [("de", "Begriff"), ("en", "term")])
def test_ontology_page_speaks_the_page_language(server: str, lang: str, head: str) -> None:
    """Every term's meaning is its rdfs:comment in the page's language (the German page had shown
    the English comments), its label in that language first."""
    from rdflib.namespace import RDFS

    onto = Graph().parse(Path(__file__).resolve().parents[2] / "ontology" / "innograph.ttl")
    ns = "https://w3id.org/innograph/ontology#"
    tables = _tables(httpx.get(server + "/ontology", params={"lang": lang}).text)
    rows = [row for t in tables.tables if t and t[0][0].strip() == head for row in t[1:]]
    assert len(rows) > 50
    for name, labels, meaning, aligned in rows:
        term = URIRef(ns + name.strip().removeprefix("ig:"))
        comments = {c.language: str(c) for c in onto.objects(term, RDFS.comment)}
        label = {c.language: str(c) for c in onto.objects(term, RDFS.label)}[lang]
        assert meaning.strip() == comments[lang], name
        assert labels.strip().startswith(label), name
        if (term, RDFS.domain, None) in onto:
            assert ("Definitionsbereich" if lang == "de" else "domain ") in aligned, name
    page = httpx.get(server + "/ontology", params={"lang": lang}).text
    assert ("<title>Ontologie · innograph</title>" if lang == "de" else "<title>Ontology ·") in page


def test_one_label_keeps_one_row_per_binding_whatever_the_labels() -> None:
    """Two labels of equal rank had let the two passes over the cross-links keep different
    labels, and so two rows; a label that is no literal had raised."""
    import pyoxigraph as ox

    from innograph.api.entities import one_label

    o = ox.NamedNode("urn:x")
    a, b = ox.Literal("A"), ox.Literal("B")
    en, de = ox.Literal("ev", language="en"), ox.Literal("Beleg", language="de")
    rows = [{"o": o, "l": a, "e": en}, {"o": o, "l": b, "e": en}]
    rows += [{"o": o, "l": b, "e": de}, {"o": o, "l": a, "e": de}]
    once = one_label(one_label(rows, "l", lang="de"), "e", lang="de")
    assert once == [{"o": o, "l": a, "e": de}]
    assert one_label(rows, "l", "e", lang="de") == once  # both in one pass, as the page does
    iri = [{"o": o, "l": ox.NamedNode("urn:label")}, {"o": o, "l": ox.Literal("x", language="de")}]
    assert one_label(iri, "l", lang="de") == [iri[1]]
    assert one_label([{"o": o, "l": None}], "l", lang="en") == [{"o": o, "l": None}]


@pytest.mark.parametrize("local", ["a/../b", "./x", "a/..", "a/%2e%2e/b"])
def test_an_iri_a_browser_would_resolve_elsewhere_gets_no_link(local: str) -> None:
    """Regression: '..' was encoded '%2E%2E', which browsers (WHATWG URL) decode and resolve, so
    an imported IRI could link to any page of the site; now such an IRI is shown, not linked
    (a '%2e%2e' in the IRI itself is a name: encoded as '%252e%252e', it stays one)."""
    from innograph.api.entities import href
    from innograph.api.entity_links import network_frame as _network_frame
    from innograph.graph.vocab import ID

    link = href(str(ID) + local)
    if "%" in local:
        assert link is not None and "%252e%252e" in link
    else:
        assert link is None and _network_frame(str(ID) + "actor/" + local) is None


@pytest.mark.parametrize("local", ["x?y", "x#y", "a%20b", "ä/ö", "x y", "a%2e%2e/b"])
def test_a_link_to_one_of_our_iris_comes_back_to_that_iri(server: str, local: str) -> None:
    """Our own links were the IRI's path as it stands: a '?' or '#' in an IRI cut the link short
    (another page, or a query string). Percent-encoded, every link reaches its own IRI (here a
    404 naming it, as no such entity exists; an IRI with a space is no IRI: a 400)."""
    from innograph.api.entities import href
    from innograph.graph.vocab import ID

    link = href(str(ID) + local)
    assert link is not None and "?" not in link and "#" not in link
    assert ".." not in link.lower().replace("%252e", "")
    r = httpx.get(server + link, headers={"Accept": "application/json"})
    if " " in local:
        assert r.status_code == 400, r.text
    else:
        assert r.status_code == 404, r.text
        assert f"<{ID}{local}>" in r.json()["message"], r.text


def test_a_bad_format_parameter_is_400_and_a_huge_accept_is_not_echoed(server: str) -> None:
    """Regression: ``?format=bogus`` was 406 here (400 at /sparql: it is a parameter, not a
    preference); a 406 repeated an Accept header of thousands of types in its body."""

    bad = httpx.get(server + "/id/network/optonet", params={"format": "bogus"})
    assert bad.status_code == 400 and "format='bogus'" in bad.json()["message"]
    huge = ", ".join(f"image/x-{i}" for i in range(2500))
    r = httpx.get(server + "/id/network/optonet", headers={"Accept": huge})
    assert r.status_code == 406 and len(r.content) < 2000 and "characters" in r.json()["message"]


def test_a_profiles_figures_are_named_and_printed_as_the_document_prints_them(
    server: str,
) -> None:
    """The figures table showed raw property names ("companyCount") in both languages and dropped
    a lower bound ("über 50.000" as 50.000)."""
    path = "/id/cluster/bb-ikt-medien-kreativwirtschaft"
    en = httpx.get(server + path, params={"lang": "en"}, headers={"Accept": "text/html"}).text
    de = httpx.get(server + path, params={"lang": "de"}, headers={"Accept": "text/html"}).text
    assert "<td>companyCount</td>" not in en + de
    assert "<td>company count</td>" in en and "<td>Anzahl Unternehmen</td>" in de
    assert "over 50,000" in en and "über 50.000" in de
    auto = httpx.get(server + "/id/cluster/automobil", params={"lang": "de"},
                     headers={"Accept": "text/html"}).text  # fmt: skip
    assert "ca. 500" in auto and "Umsatz (EUR)" in auto


def test_actor_and_cluster_pages_link_their_partners_and_bridges(server: str) -> None:
    """The README promises partners and bridges on a profile; OptoNet's page did not link its
    partner list."""
    html = {"Accept": "text/html"}
    actor = httpx.get(server + "/id/network/optonet", params={"lang": "en"}, headers=html).text
    assert '<a href="/partners?actor=network%2Foptonet">Partners in other clusters →</a>' in actor
    partners = httpx.get(server + "/partners?actor=network%2Foptonet&lang=en").text
    assert "<h2>Partners for" in partners and 'class="bad"' not in partners
    cluster = httpx.get(server + "/id/cluster/optik", params={"lang": "de"}, headers=html).text
    assert '<a href="/bridges?between=optik">Brücken zu einem anderen Cluster →</a>' in cluster
    measure = httpx.get(server + "/id/measure/Q-12", headers=html).text
    assert "/partners?actor=" not in measure and "/bridges?between=" not in measure
