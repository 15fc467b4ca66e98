"""``graph.node_lookup``: what a user types, resolved to one node or answered with suggestions."""

import networkx as nx
import pytest

from innograph.graph.errors import NotFoundError
from innograph.graph.node_lookup import resolve, short_id, suggest
from innograph.graph.vocab import ID


@pytest.fixture
def G() -> nx.Graph:
    g = nx.Graph()
    g.add_node(f"{ID}network/optonet", kind="actor", label="OptoNet e.V.")
    g.add_node(f"{ID}agency/leg", kind="actor", label="LEG Thüringen")
    g.add_node(f"{ID}cluster/optik", kind="cluster", label="Optik")
    g.add_node(f"{ID}measure/optik", kind="measure", label="Maßnahme Optik")
    return g


def test_resolves_an_iri_a_kind_and_slug_and_a_bare_slug(G: nx.Graph) -> None:
    iri = f"{ID}network/optonet"
    assert resolve(G, iri) == resolve(G, "network/optonet") == resolve(G, "/optonet/") == iri
    assert resolve(G, "optik", kind="cluster") == f"{ID}cluster/optik"
    assert resolve(G, "OptoNet") == resolve(G, "Network/OPTONET") == iri  # slugs in any case


def test_a_slug_of_two_nodes_is_ambiguous_and_names_both(G: nx.Graph) -> None:
    with pytest.raises(NotFoundError, match="ambiguous") as e:
        resolve(G, "optik")
    assert "cluster/optik" in str(e.value) and "measure/optik" in str(e.value)


def test_the_kind_filters_and_a_miss_suggests_the_closest(G: nx.Graph) -> None:
    with pytest.raises(NotFoundError, match="no actor 'optik'"):
        resolve(G, "optik", kind="actor")
    with pytest.raises(NotFoundError, match="in release 20261201T010") as e:
        resolve(G, "optonett", kind="actor", release="20261201T010003Z")
    assert "did you mean network/optonet?" in str(e.value)
    assert suggest(G, "leg thüringen") == ["agency/leg"]  # by label
    assert suggest(G, "zzz") == []


def test_short_id_keeps_foreign_iris() -> None:
    assert short_id(f"{ID}agency/leg") == "agency/leg"
    assert short_id("https://example.org/leg") == "https://example.org/leg"
