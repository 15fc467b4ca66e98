"""Structural-hole measures for every node at once, as sparse matrix products (scipy, BSD).

networkx computes Burt's constraint and effective size node by node, re-reading each contact's
ties for every term (O(d³)-ish per node; hours for a hub of degree 1,000). The same definitions
are products of the tie-share matrix ``P`` (``P_ij`` = i's share of its tie weight that goes to
j) with itself and with the contacts' normalised ties ``M`` (``M_jq`` = j's tie to q over j's
strongest tie), read off on the edges only:

- constraint  c_i  = Σ_{j ∈ N(i)} (P_ij + (P P)_ij)²                      (Burt 1992, p. 54)
- effective size ES_i = |N(i)| − Σ_{j ∈ N(i)} (P Mᵀ)_ij                     (Burt 1992, p. 52)

Both equal networkx's ``constraint`` and the definition in
``graph.structural_holes.effective_size`` to
floating-point rounding (tests compare them on random weighted graphs). The graph is read as
undirected with non-negative weights; self-loops are ignored, isolated nodes left out, as in
``graph.bridges``.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 1), ("b", "c", 3), ("c", "d", 1)])
>>> holes = structural_holes(G)
>>> round(holes["b"][1], 4), round(holes["d"][0], 4)
(1.1667, 1.0)

References
----------
R. S. Burt, "Structural Holes: The Social Structure of Competition", Harvard UP, 1992.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = [
    "PoolPositions",
    "SparseGraph",
    "personalised_pagerank",
    "personalised_pagerank_vector",
    "structural_holes",
    "tie_matrix",
]


class PoolPositions:
    """The row of each candidate of a pool in vectors indexed by ``index``, remembered for the
    pool asked last: every score of one source reads the same pool.

    The pool is kept as a copy and compared by value (cheap, and right if the caller's list
    changes); the remembered array is read-only and read once per call, so that a ranker serving
    several threads never hands one thread another's rows.

    >>> at = PoolPositions({"a": 0, "b": 1, "c": 2})
    >>> at(["c", "a"]).tolist(), at(["c", "a"]) is at(["c", "a"])
    ([2, 0], True)
    """

    def __init__(self, index: Mapping[str, int]) -> None:
        self.index = index
        self._last: tuple[list[str] | None, np.ndarray] = (None, np.zeros(0, dtype=np.intp))

    def __call__(self, pool: list[str]) -> np.ndarray:
        known, at = self._last  # one read
        if known != pool:
            at = np.fromiter((self.index[b] for b in pool), dtype=np.intp, count=len(pool))
            at.flags.writeable = False
            self._last = (list(pool), at)
        return at


def tie_matrix(G: nx.Graph, weight: str | None = "weight") -> tuple[list[Hashable], sp.csr_array]:
    """The nodes of ``G`` and its symmetric tie-weight matrix without self-loops (CSR).

    A missing weight counts 1, as in networkx; ``weight=None`` counts every tie as 1.

    Raises
    ------
    ValueError
        For a directed graph or a negative weight (the measures are not defined for them).
    """
    if G.is_directed():
        raise ValueError(
            "structural holes are computed on undirected graphs; use G.to_undirected()"
        )
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, vals = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1.0)) if weight else 1.0
        if w < 0:
            raise ValueError(f"negative tie weight {w} on {u!r}–{v!r}")
        rows += [index[u], index[v]]
        cols += [index[v], index[u]]
        vals += [w, w]
    n = len(nodes)
    W = sp.csr_array((vals, (rows, cols)), shape=(n, n), dtype=float)
    W.sum_duplicates()
    W.eliminate_zeros()
    return nodes, W


class SparseGraph:
    """A graph's nodes and tie matrix, built once (per release) for repeated kernel calls.

    >>> S = SparseGraph(nx.path_graph(3))
    >>> S.nodes, S.W.nnz
    ([0, 1, 2], 4)
    """

    def __init__(self, G: nx.Graph, weight: str | None = "weight") -> None:
        self.nodes, self.W = tie_matrix(G, weight)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        strength = np.asarray(self.W.sum(axis=1)).ravel()
        self.strength = strength
        """Each node's total tie weight."""
        self.adjacency = self.W.copy()
        self.adjacency.data[:] = 1.0
        """The ties as 0/1 (a tie of weight 0 is none), for the kernels that count paths."""
        self.dangling = strength == 0
        inv = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0)
        self.P = sp.csr_array(sp.diags_array(inv) @ self.W)
        """Tie shares: ``P[i, j]`` = i's share of its tie weight that goes to j."""
        self.T = sp.csr_array(self.P.T)
        """The walk's column-stochastic transition: ``T[j, i]`` = a walker at i moves to j."""


def structural_holes(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    sparse: SparseGraph | None = None,
    heavy_nodes: int | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Burt's constraint and effective size of every node with at least one tie.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; ``weight`` holds non-negative tie strengths.
    weight : str, optional
        Edge attribute; ``None`` counts every tie as 1.
    sparse : SparseGraph, optional
        ``SparseGraph(G, weight)`` if already built (its tie matrix and shares are reused).
    heavy_nodes : int, optional
        How many of the highest-degree contacts to handle as dense columns (chosen by cost when
        ``None``; the values do not depend on it).

    Returns
    -------
    dict
        Node → (constraint, effective size). Isolated nodes are left out.

    Raises
    ------
    ValueError
        For a directed graph or a negative weight.

    Examples
    --------
    >>> holes = structural_holes(nx.star_graph(3), weight=None)
    >>> holes[0], holes[1]
    ((0.3333333333333333, 3.0), (1.0, 1.0))

    Notes
    -----
    Both measures read, on each tie i–j, a sum over the shared contacts q: ``(P P)_ij`` and
    ``(P Mᵀ)_ij``. As sparse products these cost Σ_q d_q² multiply-adds, which hubs make
    quadratic (a ministry tied to 50,000 actors alone costs 2.5·10⁹). So the contacts are split:
    through the light ones the products are formed a block of rows at a time (bounded memory,
    ``_BLOCK_WORK`` intermediate entries) and masked to the ties; each heavy one adds its term to
    every tie at once from two dense vectors, O(ties). The split minimises the total work.
    """
    S = sparse if sparse is not None else SparseGraph(G, weight)
    nodes, W, P = S.nodes, S.W, S.P
    n = len(nodes)
    W.sort_indices()
    degree = np.diff(W.indptr)
    has_ties = (degree > 0) & ~S.dangling
    strongest = W.max(axis=1).toarray().ravel() if W.nnz else np.zeros(n)
    inv_max = np.divide(1.0, strongest, out=np.zeros_like(strongest), where=strongest > 0)
    M = sp.csr_array(sp.diags_array(inv_max) @ W)
    Mt = sp.csr_array(M.T)
    # every tie i → j once per direction, in W's (sorted CSR) order: the keys are sorted
    rows_e = np.repeat(np.arange(n, dtype=np.int64), degree)
    cols_e = W.indices.astype(np.int64)
    keys = rows_e * n + cols_e
    p_e = W.data / S.strength[rows_e]  # P_ij on each tie
    indirect = np.zeros(len(keys))  # Σ_q P_iq P_qj on each tie
    redundancy = np.zeros(len(keys))  # Σ_q P_iq M_jq on each tie
    heavy = _heavy(degree, heavy_nodes)
    light = np.ones(n)
    light[heavy] = 0.0
    P_light = sp.csr_array(P @ sp.diags_array(light))
    P_light.eliminate_zeros()
    pattern = S.adjacency
    # Through a light contact q the products cost d_q² each: formed a block of rows at a time
    # (at most ``_BLOCK_WORK`` intermediate entries) and masked to the ties at once.
    work = np.asarray(W @ (degree * light)).ravel() + 1.0
    for rows in _blocks(work, _BLOCK_WORK):
        mask = pattern[rows]
        for product, into in ((P_light[rows] @ P, indirect), (P_light[rows] @ Mt, redundancy)):
            hit = sp.coo_array(product.multiply(mask))
            at = np.searchsorted(keys, rows[hit.row].astype(np.int64) * n + hit.col)
            np.add.at(into, at, hit.data)
    # Through a heavy contact (a hub tied to much of the network) one dense column each: O(ties).
    T = S.T
    for q in heavy:
        into_q = T[[q]].toarray().ravel()  # P_iq for every i
        indirect += into_q[rows_e] * P[[q]].toarray().ravel()[cols_e]
        redundancy += into_q[rows_e] * Mt[[q]].toarray().ravel()[cols_e]
    constraint = np.bincount(rows_e, weights=(p_e + indirect) ** 2, minlength=n)
    size = degree - np.bincount(rows_e, weights=redundancy, minlength=n)
    return {
        node: (float(constraint[i]), float(size[i])) for i, node in enumerate(nodes) if has_ties[i]
    }


def _heavy(degree: np.ndarray, forced: int | None = None) -> np.ndarray:
    """The contacts to take one dense column at a time: the ``h`` highest degrees, with ``h``
    minimising Σ_{light q} d_q² + h · (ties + nodes) (``forced`` sets ``h``)."""
    order = np.argsort(-degree, kind="stable")
    if forced is not None:
        return order[: min(forced, len(order))]
    d2 = degree[order].astype(float) ** 2
    rest = np.concatenate([np.cumsum(d2[::-1])[::-1], [0.0]])  # rest[h] = Σ_{k ≥ h} d_k²
    per_heavy = float(degree.sum() + len(degree))
    h = int(np.argmin(rest + per_heavy * np.arange(len(rest))))
    return order[:h]


_BLOCK_WORK = 20_000_000
"""Intermediate entries one block of rows may create (≈ 0.3 GB of sparse products)."""


def _blocks(work: np.ndarray, budget: float) -> list[np.ndarray]:
    """Consecutive row ranges whose summed ``work`` stays within ``budget`` (a heavy row alone)."""
    bounds, start, total = [], 0, 0.0
    for i, w in enumerate(work):
        if total and total + w > budget:
            bounds.append(np.arange(start, i))
            start, total = i, 0.0
        total += w
    if start < len(work):
        bounds.append(np.arange(start, len(work)))
    return bounds


def personalised_pagerank(
    S: SparseGraph,
    source: Hashable,
    *,
    damping: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> dict[Hashable, float]:
    """PageRank restarting at ``source`` [1]_, by power iteration to an L1 change below ``tol``.

    The walk follows ties in proportion to their weight; with probability ``1 − damping``, and
    from a node without ties, it jumps back to ``source`` (networkx's choice for a personalised
    PageRank). The stopping rule is the L1 change of the whole vector, tighter than networkx's
    (``n · tol`` with tol 1e-6), so the result is the converged vector networkx approaches.

    Raises
    ------
    KeyError
        When ``source`` is not a node.
    ValueError
        When ``damping`` is outside [0, 1) or the iteration does not converge.

    Examples
    --------
    >>> ppr = personalised_pagerank(SparseGraph(nx.star_graph(2)), 1)
    >>> round(ppr[1], 4), round(ppr[0], 4), round(ppr[2], 4)
    (0.3453, 0.4595, 0.1953)

    References
    ----------
    .. [1] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
    """
    x = personalised_pagerank_vector(S, source, damping=damping, tol=tol, max_iter=max_iter)
    return {node: float(x[i]) for i, node in enumerate(S.nodes)}


def personalised_pagerank_vector(
    S: SparseGraph,
    source: Hashable,
    *,
    damping: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> np.ndarray:
    """``personalised_pagerank`` as an array in the order of ``S.nodes``."""
    if not 0 <= damping < 1:
        raise ValueError(f"damping must be in [0, 1), got {damping}")
    s = S.index[source]
    n = len(S.nodes)
    restart = np.zeros(n)
    restart[s] = 1.0
    x = restart.copy()
    for _ in range(max_iter):
        lost = x[S.dangling].sum()
        nxt = damping * (S.T @ x) + (damping * lost + 1 - damping) * restart
        if np.abs(nxt - x).sum() < tol:
            x = nxt
            break
        x = nxt
    else:
        raise ValueError(f"personalised PageRank did not converge in {max_iter} iterations")
    return x
