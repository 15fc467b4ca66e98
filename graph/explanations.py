"""Why two entities are linked, in words: a shortest path through the projection with the
relations of each hop read in their direction (``explained_path``), and one phrase for the
relations between a subject and an object (``relation_phrase``), in any language a ``Wording``
gives.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from innograph.graph.contracts import PathHop, SaidArc
from innograph.graph.projection import PHRASES

__all__ = ["Wording", "explained_path", "relation_phrase"]


def explained_path(G: nx.Graph, a: str, b: str) -> list[PathHop]:
    """A shortest path from a to b in the projection, each hop with its relation types.

    Returns ``[]`` when a and b are not connected.

    Parameters
    ----------
    G : networkx.Graph
        The projection: nodes with ``label``, edges with ``types`` and, for the sentences,
        ``arcs`` (``(relation, subject, object)`` triples).
    a, b : str
        The two ends.

    Returns
    -------
    list of dict
        One hop per node of the path, from ``a`` to ``b``: ``node``, ``label``, ``via`` (the
        sorted relation types of the edge that reached it; empty for ``a``), ``says`` (those
        relations read in their direction, one sentence per subject and object, as
        ``relation_phrase`` words them in English) and ``arcs`` (the same as subject, relations
        and object, for wording them in another language).

    Raises
    ------
    networkx.NodeNotFound
        When ``a`` or ``b`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"label": "A"}), ("m", {"label": "M"}), ("b", {"label": "B"})])
    >>> G.add_edge("a", "m", types=["participation"], arcs=[("participation", "m", "a")])
    >>> G.add_edge("m", "b", types=["participation"], arcs=[("participation", "m", "b")])
    >>> [(hop["node"], hop["via"], hop["says"]) for hop in explained_path(G, "a", "b")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('a', [], []), ('m', ['participation'], ['M has as participant A']),
     ('b', ['participation'], ['M has as participant B'])]

    Notes
    -----
    networkx's ``shortest_path``, unweighted (fewest hops, not strongest ties): O(n + m). Of
    several shortest paths it returns one, which depends on the order the edges were added; a
    projection (``graph.projection.project``) adds them in one order whatever the store, so the
    same data gives the same path.
    """
    try:
        nodes = nx.shortest_path(G, a, b)
    except nx.NetworkXNoPath:
        return []
    hops: list[PathHop] = [
        {"node": nodes[0], "label": G.nodes[nodes[0]]["label"], "via": [], "says": [], "arcs": []}
    ]
    for u, v in itertools.pairwise(nodes):
        edge = G.edges[u, v]
        by_ends: dict[tuple[str, str], list[str]] = {}
        for rel, s, o in sorted(edge.get("arcs", [])):
            by_ends.setdefault((s, o), []).append(rel)
        arcs: list[SaidArc] = [
            {
                "subject": G.nodes[s]["label"],
                "relations": rels,
                "object": G.nodes[o]["label"],
                "subject_node": s,
                "object_node": o,
            }
            for (s, o), rels in by_ends.items()
        ]
        says = [f"{a['subject']} {relation_phrase(a['relations'])} {a['object']}" for a in arcs]
        hops.append(
            {"node": v, "label": G.nodes[v]["label"], "via": sorted(edge["types"]), "says": says,
             "arcs": arcs}
        )  # fmt: skip
    return hops


@dataclass(frozen=True)
class Wording:
    """How a language words the relations of an explanation (English by default).

    ``phrases`` maps a relation type to its phrase read from subject to object; relations whose
    English phrase is "shares X with" are gathered into one ``shared`` phrase (``{}`` takes the
    nouns, each through ``noun``), joined by ``conjunction``.
    """

    phrase: Callable[[str], str] = lambda english: english
    noun: Callable[[str], str] = lambda english: english
    shared: str = "shares {} with"
    conjunction: str = "and"


def relation_phrase(relations: list[str], wording: Wording | None = None) -> str:
    """The relations between one subject and one object in one phrase: "shares activities,
    organisations and topics with", not three sentences.

    >>> relation_phrase(["co-participation", "shared-organisation", "topic-overlap"])
    'shares activities, organisations and topics with'
    >>> relation_phrase(["stated", "topic-overlap"])
    'is stated to be linked to and shares topics with'
    >>> german = {"activities": "Aktivitäten", "topics": "Themen", "manages": "betreut"}
    >>> relation_phrase(["manages", "co-participation", "topic-overlap"],
    ...                 Wording(german.get, german.get, "teilt {} mit", "und"))
    'betreut und teilt Aktivitäten und Themen mit'
    """
    w = wording or Wording()
    english = [PHRASES.get(rel, rel) for rel in relations]
    nouns = [w.noun(p[len("shares ") : -len(" with")]) for p in english if p.startswith("shares ")]
    said = [w.phrase(p) for p in english if not p.startswith("shares ")]
    if nouns:
        listed = (
            nouns[0]
            if len(nouns) == 1
            else ", ".join(nouns[:-1]) + f" {w.conjunction} " + nouns[-1]
        )
        said.append(w.shared.format(listed))
    return f" {w.conjunction} ".join(said)
