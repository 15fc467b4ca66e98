"""Gould–Fernandez brokerage [1]_: the roles of a node as the broker of open two-paths between
the groups (clusters) of the others.

``brokerage_roles(G, node)`` is the definition: it walks every open pair {u, w} (or, on a directed
graph, every open path u → v → w) of a broker's contacts, d² steps for a node of degree d — for a
ministry tied to 30,000 actors 450 million. ``Brokerage(G)`` gives the same values of an undirected
network in time linear in the node's two-step neighbourhood. The roles only depend on the groups
of u, v and w, so the same sums follow from a few aggregates over the contacts, with M the nodes'
fractional group memberships (an actor in k clusters has 1/k in each; ``graph.membership`` is the
rule) and s = Σ_{u ∈ N(v)} M_u:

- over all pairs of contacts, T(a, b) = ½ (s_a s_b − Σ_u M_u(a) M_u(b));
- minus the closed pairs, the ties among the contacts (read from the adjacency restricted to
  N(v)): ½ Σ_{u–w} (M_u(a) M_w(b) + M_w(a) M_u(b));
- then, for each group g of v (weight 1/|G_v|): coordinator T(g, g); itinerant Σ_{a≠g} T(a, a);
  representative-or-gatekeeper 2 Σ_{b≠g} T(g, b); liaison the rest of the open pairs.

Tests compare the two on random graphs with several and no clusters per node, and the definition
with R's ``sna::brokerage``. Directed networks have the pairwise definition only.

>>> import networkx as nx
>>> G = nx.Graph([("a", "v"), ("v", "b"), ("v", "c"), ("b", "c")])
>>> nx.set_node_attributes(G, {"a": ["x"], "v": ["y"], "b": ["z"], "c": ["z"]}, "clusters")
>>> Brokerage(G).roles("v")["liaison"], brokerage_roles(G, "v")["liaison"]
(2.0, 2.0)

References
----------
.. [1] R. V. Gould, R. M. Fernandez, "Structures of mediation: A formal approach to brokerage in
   transaction networks", Sociological Methodology 19, 89–126, 1989.
"""

from __future__ import annotations

from itertools import combinations
from typing import cast

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.kernels import SparseGraph
from innograph.graph.membership import memberships

__all__ = ["BROKERAGE_ROLES", "UNDIRECTED_ROLES", "Brokerage", "brokerage_roles"]

BROKERAGE_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
"""Gould–Fernandez roles on directed relations."""
UNDIRECTED_ROLES = ("coordinator", "itinerant", "representative_or_gatekeeper", "liaison")
"""The roles that undirected ties can tell apart."""


class Brokerage:
    """The adjacency and group memberships of an undirected network, built once (per release), and
    the brokerage roles of any of its nodes on request.

    Raises
    ------
    ValueError
        For a directed graph or a multigraph (use ``brokerage_roles`` for a digraph).
    """

    def __init__(self, G: nx.Graph) -> None:
        if G.is_directed() or G.is_multigraph():
            raise ValueError(
                "Brokerage takes a simple undirected graph; a digraph: brokerage_roles"
            )
        S = SparseGraph(G, weight=None)
        self.nodes = cast(list[str], S.nodes)  # G's own nodes (str in an actor network)
        self.index = S.index
        self._groups = [memberships(G, n) for n in self.nodes]
        names = sorted({g for gs in self._groups for g in gs})
        self._group_index = {g: j for j, g in enumerate(names)}
        rows, cols, vals = [], [], []
        for i, gs in enumerate(self._groups):
            for g in gs:
                rows.append(i)
                cols.append(self._group_index[g])
                vals.append(1.0 / len(gs))
        n = len(self.nodes)
        self.M = sp.csr_array((vals, (rows, cols)), shape=(n, len(names)))
        """Fractional memberships: ``M[u, g]`` = 1 / (number of u's groups) for each of them."""
        self.A = S.adjacency
        """The ties as 0/1, without self-loops."""

    def roles(self, node: str) -> dict[str, float]:
        """The undirected roles of ``node`` (``UNDIRECTED_ROLES``), rounded to 12 places.

        Raises
        ------
        networkx.NodeNotFound
            When ``node`` is not in the graph.
        """
        if node not in self.index:
            raise nx.NodeNotFound(f"Node {node} not in G.")
        v = self.index[node]
        nb = self.A.indices[self.A.indptr[v] : self.A.indptr[v + 1]]
        d = len(nb)
        out = dict.fromkeys(UNDIRECTED_ROLES, 0.0)
        if d < 2:
            return out
        Mn = self.M[nb]  # the contacts' memberships, d × groups
        s = np.asarray(Mn.sum(axis=0)).ravel()
        sq = np.asarray(Mn.multiply(Mn).sum(axis=0)).ravel()  # Σ_u M_u(a)², per group
        sub = self.A[nb][:, nb]  # ties among the contacts, both directions
        SM = sub @ Mn
        closed_diag = 0.5 * np.asarray(SM.multiply(Mn).sum(axis=0)).ravel()
        closed_row = 0.5 * np.asarray(sub.sum(axis=1) @ Mn).ravel()
        total = d * (d - 1) / 2 - sub.nnz / 2
        diag = 0.5 * (s * s - sq) - closed_diag
        row = 0.5 * s * (d - 1) - closed_row
        trace = diag.sum()
        groups = self._groups[v]
        for g in groups:
            j = self._group_index[g]
            coordinator = diag[j]
            itinerant = trace - diag[j]
            bridging = 2 * (row[j] - diag[j])
            share = 1.0 / len(groups)
            out["coordinator"] += share * coordinator
            out["itinerant"] += share * itinerant
            out["representative_or_gatekeeper"] += share * bridging
            out["liaison"] += share * (total - coordinator - itinerant - bridging)
        return {k: round(float(x), 12) + 0.0 for k, x in out.items()}


def brokerage_roles(G: nx.Graph, node: str) -> dict[str, float]:
    """Gould–Fernandez brokerage roles [5]_ of ``node`` over the ``memberships`` groups.

    A broker v mediates an open two-path u – v – w (u and w not linked). By the groups of u, v, w:
    coordinator (all three in one group), itinerant (u and w in one group, v in another),
    representative (v with the source u, w elsewhere), gatekeeper (v with the target w, u
    elsewhere), liaison (three groups).

    - **Directed graphs** (relations with a direction: lead → participant): every path u → v → w
      with u ≠ w and no arc u → w counts once; the five roles are reported.
    - **Undirected graphs**: every unordered open pair {u, w} counts once, and representative and
      gatekeeper cannot be told apart, so one role ``representative_or_gatekeeper`` is reported
      (four roles). R's ``sna::brokerage`` on the symmetric digraph counts each pair in both
      directions: its coordinator, itinerant and liaison are twice these; its representative
      and gatekeeper each equal ``representative_or_gatekeeper``.
    - **Several clusters**: a node in k groups takes part with weight 1/k in each, so a pair's
      weight 1 is spread over the group combinations (the counts become fractional); with one
      group per node the counts are Gould and Fernandez's integers. Nodes without a cluster form
      the group ``UNAFFILIATED``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A simple graph with a ``clusters`` node attribute.
    node : str
        The broker v.

    Returns
    -------
    dict
        Role → (weighted) number of open two-paths ``node`` mediates in that role, every role of
        ``BROKERAGE_ROLES`` (directed) or ``UNDIRECTED_ROLES`` (undirected) present, 0.0 when
        none; rounded to 12 decimals.

    Raises
    ------
    ValueError
        For a multigraph (parallel ties have no brokerage reading).
    networkx.NodeNotFound
        When ``node`` is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": ["x"], "v": ["y"], "b": ["z"]}, "clusters")
    >>> brokerage_roles(G, "v")["liaison"]
    1.0
    >>> D = nx.DiGraph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(D, {"a": ["x"], "v": ["y"], "b": ["z"]}, "clusters")
    >>> brokerage_roles(D, "v")["liaison"]
    1.0

    Notes
    -----
    O(d²) for a node of degree d.

    Each open pair adds the product of the three nodes' group counts in role assignments, so the
    constant grows with multiple memberships. Self-loops are ignored.

    References
    ----------
    .. [5] R. V. Gould, R. M. Fernandez, "Structures of mediation: A formal approach to brokerage in
       transaction networks", Sociological Methodology 19, 89–126, 1989.
    """
    if G.is_multigraph():
        raise ValueError("brokerage roles are defined on simple graphs, not multigraphs")
    if node not in G:
        raise nx.NodeNotFound(f"Node {node} not in G.")
    directed = G.is_directed()
    roles = dict.fromkeys(BROKERAGE_ROLES if directed else UNDIRECTED_ROLES, 0.0)
    if directed:
        pairs = [
            (u, w)
            for u in G.predecessors(node)
            for w in G.successors(node)
            if u != w and node not in (u, w) and not G.has_edge(u, w)
        ]
    else:
        pairs = [
            (u, w)
            for u, w in combinations(sorted(set(G[node]) - {node}), 2)
            if not G.has_edge(u, w)
        ]
    gv = memberships(G, node)
    for u, w in pairs:
        gu, gw = memberships(G, u), memberships(G, w)
        share = 1.0 / (len(gu) * len(gv) * len(gw))
        for a in gu:
            for v in gv:
                for b in gw:
                    role = _role(a, v, b)
                    if not directed and role in ("representative", "gatekeeper"):
                        role = "representative_or_gatekeeper"
                    roles[role] += share
    return {k: round(v, 12) for k, v in roles.items()}


def _role(gu: str, gv: str, gw: str) -> str:
    if gu == gv == gw:
        return "coordinator"
    if gu == gw:
        return "itinerant"
    if gu == gv:
        return "representative"
    if gv == gw:
        return "gatekeeper"
    return "liaison"
