"""Gould–Fernandez brokerage of any node of an undirected network in time linear in its
two-step neighbourhood, instead of one step per pair of its contacts.

``graph.bridges.brokerage_roles`` walks every open pair {u, w} of a broker's contacts: d² steps
for a node of degree d, which for a ministry tied to 30,000 actors is 450 million. The roles only
depend on the groups of u, v and w, so the same sums follow from a few aggregates over the
contacts, with M the nodes' fractional group memberships (an actor in k clusters has 1/k in each;
``bridges.memberships`` is the rule) and s = Σ_{u ∈ N(v)} M_u:

- over all pairs of contacts, T(a, b) = ½ (s_a s_b − Σ_u M_u(a) M_u(b));
- minus the closed pairs, the ties among the contacts (read from the adjacency restricted to
  N(v)): ½ Σ_{u–w} (M_u(a) M_w(b) + M_w(a) M_u(b));
- then, for each group g of v (weight 1/|G_v|): coordinator T(g, g); itinerant Σ_{a≠g} T(a, a);
  representative-or-gatekeeper 2 Σ_{b≠g} T(g, b); liaison the rest of the open pairs.

The values equal ``bridges.brokerage_roles`` (tests compare them on random graphs with several
and no clusters per node). Directed networks keep the pairwise definition there.

>>> import networkx as nx
>>> G = nx.Graph([("a", "v"), ("v", "b"), ("v", "c"), ("b", "c")])
>>> nx.set_node_attributes(G, {"a": ["x"], "v": ["y"], "b": ["z"], "c": ["z"]}, "clusters")
>>> Brokerage(G).roles("v")["liaison"]
2.0

References
----------
R. V. Gould, R. M. Fernandez, "Structures of mediation: A formal approach to brokerage in
transaction networks", Sociological Methodology 19, 89–126, 1989.
"""

from __future__ import annotations

from typing import cast

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.bridges import UNDIRECTED_ROLES, memberships
from innograph.graph.kernels import SparseGraph

__all__ = ["Brokerage"]


class Brokerage:
    """The adjacency and group memberships of an undirected network, built once (per release), and
    the brokerage roles of any of its nodes on request.

    Raises
    ------
    ValueError
        For a directed graph or a multigraph (use ``bridges.brokerage_roles`` for a digraph).
    """

    def __init__(self, G: nx.Graph) -> None:
        if G.is_directed() or G.is_multigraph():
            raise ValueError("Brokerage takes a simple undirected graph; a digraph: bridges")
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
        """The undirected roles of ``node`` (``bridges.UNDIRECTED_ROLES``), rounded to 12 places.

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
