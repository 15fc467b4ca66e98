"""Held-out splits for the evaluation of partner recommendations.

A split hides *activities*, not single ties: for a random sample of the activities (measures,
events, initiatives, imported projects, committees) every participation of an actor in them is
removed from the projection. The training graph is what remains; everything the recommenders use
is derived from it again (the actor network here, the content index in
``graph.evaluation_methods``), so nothing of a hidden participation leaks into a score. A
cross-cluster tie between two actors that loses *all* its evidence (every shared activity hidden,
no direct relation) is a positive; a tie that keeps some evidence stays in the training graph.

Committee co-membership is weighted ``1 / (n - 1)`` for a committee of ``n`` members, so that an
actor's total tie weight through one committee is 1 however large the committee is: otherwise a
single large committee (on the seed graph the ClusterCouncil, 18 members) links every member to
every other with the weight of a shared project and dominates weighted proximity.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> for n, kind, cl in [("a", "actor", ["x"]), ("b", "actor", ["y"]), ("m", "measure", [])]:
...     G.add_node(n, kind=kind, type="Network" if kind == "actor" else "Measure", clusters=cl)
>>> G.add_edge("a", "m", types=["participation"], weight=1.0)
>>> G.add_edge("b", "m", types=["participation"], weight=1.0)
>>> split = make_split(G, ["m"])
>>> split.positives
[('a', 'b')]
>>> split.A_train.number_of_edges()
0

References
----------
.. [1] D. Liben-Nowell, J. Kleinberg, "The link-prediction problem for social networks",
   JASIST 58, 1019–1031, 2007.
.. [2] T. Zhou, "Progresses and challenges in link prediction", iScience 24, 103217, 2021
   (on leakage and on evaluating with held-out groups rather than single edges).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from innograph.graph.bridges import inter_cluster_edges
from innograph.graph.projection import actor_network

__all__ = [
    "Split",
    "activities",
    "cross_cluster",
    "cross_cluster_links",
    "evaluation_network",
    "hide_participations",
    "make_split",
    "sample_split",
]


@dataclass(frozen=True)
class Split:
    """One held-out split of a projection.

    Attributes
    ----------
    hidden : list of str
        The activities whose participations were hidden, sorted.
    G_train : networkx.Graph
        The projection without those participations.
    A_train : networkx.Graph
        ``evaluation_network(G_train)``.
    positives : list of (str, str)
        The cross-cluster actor ties of the full graph that lost all their evidence, sorted pairs.
    evidence : dict
        Each positive's evidence in the full graph: the activities it was a tie through.
    from_committees : int
        How many of the positives were linked by a hidden committee (among other evidence).
    """

    hidden: list[str]
    G_train: nx.Graph
    A_train: nx.Graph
    positives: list[tuple[str, str]]
    evidence: dict[tuple[str, str], tuple[str, ...]]
    from_committees: int


def activities(G: nx.Graph) -> list[str]:
    """The activities of a projection that actors take part in, sorted.

    An activity is what ``actor_network`` links actors through: a measure, event, initiative or
    other non-actor node except a cluster, or a committee (an actor whose members share it).
    """
    out = []
    for x, d in G.nodes(data=True):
        if _is_activity(d) and any(_is_actor(G.nodes[n]) for n in G[x] if n != x):
            out.append(x)
    return sorted(out)


def hide_participations(G: nx.Graph, hidden: Iterable[str]) -> nx.Graph:
    """A copy of ``G`` without the edges between the ``hidden`` activities and actors.

    The activity nodes stay (with their cluster links): only who took part is hidden. A committee
    keeps its own participations in measures; its members are hidden.
    """
    H = G.copy()
    for x in hidden:
        if x not in H:
            raise nx.NodeNotFound(f"Activity {x} not in G.")
        H.remove_edges_from([(x, n) for n in list(H[x]) if n != x and _is_actor(H.nodes[n])])
    return H


def evaluation_network(G: nx.Graph) -> nx.Graph:
    """``actor_network(G)`` with committee co-membership weighted ``1 / (n - 1)``.

    ``n`` is the number of members of the committee. Every other contribution to a tie's
    ``weight`` (shared activities, direct relations) is unchanged; the ties themselves are the
    same as in ``actor_network(G)``.
    """
    A = actor_network(G)
    for x, d in G.nodes(data=True):
        if d.get("kind") != "actor" or d.get("type") != "Committee":
            continue
        members = sorted(n for n in G[x] if n in A and n != x)
        if len(members) < 3:
            continue
        # committee membership is never a project relation, so each pair got a share of 1
        cut = 1.0 - 1.0 / (len(members) - 1)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                A.edges[a, b]["weight"] -= cut
    return A


def cross_cluster(A: nx.Graph, u: str, v: str) -> bool:
    """Whether ``u`` and ``v`` both belong to clusters and share none."""
    cu, cv = set(A.nodes[u].get("clusters") or []), set(A.nodes[v].get("clusters") or [])
    return bool(cu and cv and not cu & cv)


def cross_cluster_links(A: nx.Graph) -> list[tuple[str, str]]:
    """Actor pairs linked in ``A`` whose cluster sets are non-empty and disjoint, sorted
    (``graph.bridges.inter_cluster_edges``: one definition for both)."""
    return inter_cluster_edges(A)


def make_split(G: nx.Graph, hidden: Iterable[str], *, A_full: nx.Graph | None = None) -> Split:
    """Hide the participations in ``hidden`` and find the positives.

    Parameters
    ----------
    G : networkx.Graph
        The full projection (``graph.projection.project``).
    hidden : iterable of str
        Activities to hide.
    A_full : networkx.Graph, optional
        ``actor_network(G)`` if already built (only its ties are read).
    """
    hidden = sorted(set(hidden))
    A_full = A_full if A_full is not None else actor_network(G)
    G_train = hide_participations(G, hidden)
    A_train = evaluation_network(G_train)
    committees = {x for x in hidden if G.nodes[x].get("type") == "Committee"}
    evidence: dict[tuple[str, str], tuple[str, ...]] = {}
    for u, v in A_full.edges():
        if not A_train.has_edge(u, v) and cross_cluster(A_full, u, v):
            evidence[_pair(u, v)] = tuple(sorted(set(A_full.edges[u, v].get("via", []))))
    from_committees = sum(bool(committees & set(via)) for via in evidence.values())
    return Split(hidden, G_train, A_train, sorted(evidence), evidence, from_committees)


def sample_split(
    G: nx.Graph,
    fraction: float,
    rng: random.Random,
    *,
    pool: list[str] | None = None,
    A_full: nx.Graph | None = None,
) -> Split:
    """``make_split`` for a random ``fraction`` of the activities (at least one).

    Raises
    ------
    ValueError
        If ``fraction`` is not in (0, 1) or ``G`` has no activities.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"hide={fraction!r}: the share of activities must be in (0, 1)")
    pool = pool if pool is not None else activities(G)
    if not pool:
        raise ValueError("the graph has no activities with participants to hide")
    n = max(1, round(fraction * len(pool)))
    return make_split(G, rng.sample(pool, n), A_full=A_full)


def _is_actor(d: dict) -> bool:
    return bool(d.get("kind") == "actor")


def _is_activity(d: dict) -> bool:
    if d.get("kind") == "cluster":
        return False
    return d.get("kind") != "actor" or d.get("type") == "Committee"


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u <= v else (v, u)
