"""Site search over every entity's names, both languages, with and without umlauts."""

from __future__ import annotations

import httpx
import pytest


def _ids(server: str, q: str) -> list[str]:
    r = httpx.get(server + "/search", params={"q": q, "format": "json"})
    assert r.status_code == 200
    return [hit["id"] for hit in r.json()]


def test_finds_by_label_abbreviation_and_alias(server: str) -> None:
    assert _ids(server, "OptoNet")[0] == "network/optonet"
    assert "agency/thcm" in _ids(server, "ThCM")
    assert "research/fsu-jena" in _ids(server, "Friedrich Schiller Jena")


@pytest.mark.parametrize("spelling", ["Universität Jena", "Universitaet Jena", "UNIVERSITAT JENA"])
def test_umlauts_typed_any_way_find_the_same(server: str, spelling: str) -> None:
    assert "research/fsu-jena" in _ids(server, spelling)


def test_html_page_escapes_the_query_and_links_results(server: str) -> None:
    r = httpx.get(server + "/search", params={"q": "<script>x</script> optonet"},
                  headers={"Accept": "text/html"})  # fmt: skip
    assert r.status_code == 200
    assert "<script>x" not in r.text and "&lt;script&gt;" in r.text
    page = httpx.get(server + "/search", params={"q": "optonet"}, headers={"Accept": "text/html"})
    assert 'href="/id/network/optonet"' in page.text


def test_every_page_has_the_search_box(server: str) -> None:
    for path in ("/", "/query", "/id/network/optonet", "/ontology"):
        page = httpx.get(server + path, headers={"Accept": "text/html"}).text
        assert 'action="/search"' in page, path


def test_empty_and_oversized_queries(server: str) -> None:
    assert _ids(server, "   ") == []
    r = httpx.get(server + "/search", params={"q": "x" * 500})
    assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"


def test_types_show_as_labels_in_the_page_language(server: str) -> None:
    """Filter values and result types are class labels, never class names."""
    de = httpx.get(server + "/search", params={"q": "jena", "lang": "de"},
                   headers={"Accept": "text/html"}).text  # fmt: skip
    assert "<td>Forschungsinstitut</td>" in de and "<td>ResearchInstitute</td>" not in de
    en = httpx.get(server + "/search", params={"q": "jena", "lang": "en"},
                   headers={"Accept": "text/html"}).text  # fmt: skip
    assert "<td>research institute</td>" in en
    finder = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "de"}).text
    assert '<option value="ResearchInstitute" >Forschungsinstitut</option>' in finder
    assert ">ResearchInstitute<" not in finder


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("TU Ilmenau", "Ilmenau"),
        ("Technische Universitaet Ilmenau", "Ilmenau"),
        ("FSU", "Jena"),
        ("optonet e.v.", "OptoNet"),
    ],
)
def test_the_partner_finder_takes_names_and_abbreviations(
    server: str, typed: str, name: str
) -> None:
    """The README promises German or English names and abbreviations; "TU Ilmenau", "FSU" and
    "IOF" had answered "no actor" though the site search found each of them."""
    r = httpx.get(server + "/partners", params={"actor": typed, "format": "csv"})
    assert r.status_code == 200, r.text
    assert len(r.text.splitlines()) > 1  # partners, not a refusal
    page = httpx.get(server + "/partners", params={"actor": typed, "lang": "en"}).text
    assert 'class="bad"' not in page
    heading = page.split("<h2>Partners for", 1)[1].split("</h2>", 1)[0]
    assert name in heading


def test_a_name_of_two_actors_is_ambiguous_not_a_guess() -> None:
    import networkx as nx

    from innograph.api.search import actor_by_name
    from innograph.graph.errors import NotFoundError
    from innograph.graph.search import SearchIndex

    G = nx.Graph()
    for n in ("a", "b", "c"):
        G.add_node(n, kind="actor" if n != "c" else "cluster", label=n.upper(), label_en="")
    index = SearchIndex([("a", "IAF", "", ""), ("b", "IAF", "", ""), ("c", "Cee", "", "")])
    with pytest.raises(NotFoundError, match="ambiguous: it could be a, b"):
        actor_by_name(G, index, "iaf")
    assert actor_by_name(G, index, "B") == "b"  # a label
    index = SearchIndex([("a", "B", "", "")])  # "B": a's abbreviation and b's label
    with pytest.raises(NotFoundError, match="ambiguous: it could be a, b"):
        actor_by_name(G, index, "b")
    G.add_node("d", kind="actor", label="B", label_en="")  # two actors labelled alike
    with pytest.raises(NotFoundError, match="ambiguous: it could be b, d"):
        actor_by_name(G, SearchIndex([]), "B")
    assert actor_by_name(G, index, "Cee") == "Cee"  # not an actor: left to resolve()
