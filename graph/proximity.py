"""Graph proximity between actors, for the partner recommendations: the resource allocation
index [1]_, personalised PageRank [2]_ relative to a candidate pool, and the hubs, actors linked
to so many others that a tie through them says little.

References
----------
.. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
   Eur. Phys. J. B 71, 623–630, 2009.
.. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from innograph.graph.kernels import SparseGraph, personalised_pagerank

__all__ = ["hub_nodes", "proximity_scores", "resource_allocation"]


def resource_allocation(A: nx.Graph, a: str, b: str) -> float:
    """Resource allocation index [1]_: Σ over common neighbours z of 1 / degree(z).

    Parameters
    ----------
    A : networkx.Graph
        The actor network.
    a, b : str
        The two actors.

    Returns
    -------
    float
        The index; 0.0 when ``a`` and ``b`` have no neighbour in common.

    Raises
    ------
    networkx.NetworkXError
        When ``a`` or ``b`` is not in ``A``.

    Examples
    --------
    >>> A = nx.Graph([("a", "z"), ("z", "b"), ("b", "c")])
    >>> resource_allocation(A, "a", "b"), resource_allocation(A, "a", "c")
    (0.5, 0.0)

    Notes
    -----
    O(deg(a) + deg(b)). Degrees are unweighted, so a shared partner's many weak ties dilute it as
    much as strong ones. For one pair this is networkx's ``resource_allocation_index``.

    References
    ----------
    .. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
       Eur. Phys. J. B 71, 623–630, 2009.
    """
    return float(sum(1.0 / A.degree(z) for z in nx.common_neighbors(A, a, b)))


def proximity_scores(
    A: nx.Graph,
    actor: str,
    pool: Iterable[str],
    *,
    sparse: SparseGraph | None = None,
    allocation: Sequence[float] | None = None,
    pagerank: Sequence[float] | None = None,
) -> dict[str, float]:
    """Graph proximity in [0, 1] of each candidate in ``pool`` to ``actor``.

    The mean of the max-normalised resource allocation index and the max-normalised personalised
    PageRank from ``actor``.

    Parameters
    ----------
    A : networkx.Graph
        The actor network, edge attribute ``weight`` the tie strength.
    actor : str
        The actor the PageRank restarts at.
    pool : iterable of str
        The candidates to score (``candidates``).
    sparse : SparseGraph, optional
        ``A`` as a matrix (``graph.kernels``), for a PageRank converged to 1e-10.
    allocation, pagerank : sequence of float, optional
        The two measures of each candidate of ``pool`` (in its order), when the caller has them
        already (the evaluation computes both for all actors at once); otherwise computed here.

    Returns
    -------
    dict
        Candidate → proximity; the best candidate of the pool on each measure gets that half in
        full.

    Raises
    ------
    networkx.NetworkXError
        When ``actor`` or a candidate is not in ``A`` (for a missing ``actor`` and an empty
        ``pool``, networkx's PageRank raises ``ZeroDivisionError`` instead).
    networkx.PowerIterationFailedConvergence
        When PageRank does not converge (networkx's 100 iterations).

    Examples
    --------
    >>> A = nx.Graph([("a", "z"), ("z", "b"), ("b", "c")])
    >>> scores = proximity_scores(A, "a", ["b", "c"])
    >>> scores["b"], round(scores["c"], 4)
    (1.0, 0.2125)

    Notes
    -----
    Personalised PageRank [2]_ (networkx's, damping 0.85, weighted) restarts at ``actor`` only:
    O(iterations · m). The resource allocation index [1]_ costs O(deg(actor) + deg(b)) per
    candidate b.

    The scores are relative to the pool: each half is divided by its maximum over the pool (a
    measure that is 0 for the whole pool adds 0), so a candidate's proximity changes with the other
    candidates. On a network without edges every proximity is 0.

    References
    ----------
    .. [1] T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information",
       Eur. Phys. J. B 71, 623–630, 2009.
    .. [2] T. H. Haveliwala, "Topic-sensitive PageRank", WWW 2002.
    """
    pool = list(pool)
    if allocation is not None:
        ra = dict(zip(pool, allocation, strict=True))
    else:
        ra = {b: resource_allocation(A, actor, b) for b in pool}
    if pagerank is not None:
        pr = dict(zip(pool, pagerank, strict=True))
    else:
        if not A.number_of_edges():
            ppr: dict = {}
        elif sparse is not None:  # the release's matrix, converged to 1e-10 (graph.kernels)
            ppr = personalised_pagerank(sparse, actor)
        else:
            ppr = nx.pagerank(A, personalization={actor: 1.0}, weight="weight")
        pr = {b: ppr.get(b, 0.0) for b in pool}
    ra_max, pr_max = max(ra.values(), default=0.0) or 1.0, max(pr.values(), default=0.0) or 1.0
    return {b: 0.5 * ra[b] / ra_max + 0.5 * pr[b] / pr_max for b in pool}


def hub_nodes(A: nx.Graph, *, share: float = 0.05, min_degree: int = 10) -> set[str]:
    """Actors linked to so many others that a tie through them says little.

    Agencies, ministries, the ClusterCouncil: the top ``share`` by degree, at least ``min_degree``.

    Parameters
    ----------
    A : networkx.Graph
        The actor network.
    share : float
        The share of actors with the highest degrees that may count as hubs.
    min_degree : int
        A hub has at least this degree, however small the network.

    Returns
    -------
    set of str
        The hubs; empty for an empty network or one with no degree ``min_degree`` or above.

    Examples
    --------
    >>> sorted(hub_nodes(nx.star_graph(20)))
    [0]
    >>> hub_nodes(nx.star_graph(5))
    set()

    Notes
    -----
    O(n log n) for sorting the degrees. The cut is the larger of ``min_degree`` and the degree at
    rank ``int(n · share)`` (counting from 0, highest first), and every actor at or above the cut
    is a hub, so ties at the cut can make the hubs more than ``share`` of the actors. Degrees are
    unweighted.
    """
    if A.number_of_nodes() == 0:
        return set()
    degrees = sorted((d for _, d in A.degree()), reverse=True)
    cut = max(min_degree, degrees[min(len(degrees) - 1, int(len(degrees) * share))])
    return {n for n, d in A.degree() if d >= cut}
