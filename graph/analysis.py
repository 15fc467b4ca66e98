"""``Analysis``: the analytics of one data release, computed once and kept.

One object per release holds the projection, the actor network and the per-node metrics, so the
API, the CLI and the notebooks answer from memory after the first call (the server keeps the live
release's in ``api.analysis_cache.AnalysisCache``).

Examples
--------
>>> import pyoxigraph as ox
>>> a = Analysis.from_store(ox.Store(), release_id="empty")
>>> a.clusters()
[]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx

from innograph.graph import bridges, kernels, node_lookup
from innograph.graph.brokerage import Brokerage
from innograph.graph.cluster_reports import (
    between_report,
    cluster_bridge_report,
    cluster_summaries,
    labelled_communities,
    labelled_gaps,
    shared_activities,
)
from innograph.graph.content_index import ContentIndex
from innograph.graph.contracts import (
    RANKINGS,
    ActorMetrics,
    Between,
    ClusterBridges,
    ClusterSummary,
    Communities,
    Gap,
    PathHop,
    RawCommunities,
    Recommendation,
)
from innograph.graph.database import Database
from innograph.graph.errors import InvalidParameterError, NotFoundError, UndefinedMeasureError
from innograph.graph.explanations import explained_path
from innograph.graph.learned_mix import mix_ranker
from innograph.graph.projection import actor_network, actors, project
from innograph.graph.queries import select
from innograph.graph.recommendation_index import RecommendationIndex
from innograph.graph.recommendations import Ranker, recommend

__all__ = ["LEARNED_RANKING_MAX_ACTORS", "Analysis"]

T = TypeVar("T")

LEARNED_RANKING_MAX_ACTORS = 20_000
"""Up to this many actors the ``learned`` ranking is offered (fitted once per release, on first use:
about 36 s of CPU, and 0.1 s a request, at 10,000 actors); above, only the fixed mix, a few sparse
products a request."""


class Analysis:
    """Projection, actor network and metrics of one release."""

    def __init__(
        self, G: nx.Graph, release_id: str, figures: dict[str, dict] | None = None
    ) -> None:
        self.G = G
        self.release_id = release_id
        self.figures = figures or {}
        self.built_seconds = 0.0
        self._memo: dict[str, Any] = {}
        self._ranker: Ranker | None = None
        self._ranker_lock = threading.Lock()

    @classmethod
    def from_store(cls, db: Database, *, release_id: str) -> Analysis:
        """Project the store and read the cluster figures."""
        t0 = time.perf_counter()
        G = project(db)
        figures: dict[str, dict] = {}
        for row in select(db, "cluster_figures"):  # ordered to the value: one winner on any store
            figures.setdefault(row["cluster"], {})[row["property"].rsplit("#", 1)[1]] = row["value"]
        out = cls(G, release_id, figures)
        out.built_seconds = time.perf_counter() - t0
        return out

    PRECOMPUTED = (
        "A",
        "C",
        "members",
        "module_roles",
        "betweenness",
        "sparse",
        "holes",
        "brokerage",
        "articulation_points",
        "content",
        "recommender",
        "_communities",
    )
    """The structures ``precompute`` builds: after it, every answer is a lookup or a product over
    the arrays of one actor's neighbourhood."""

    def precompute(self, on_done: Callable[[str, float], None] | None = None) -> dict[str, float]:
        """Build every structure of ``PRECOMPUTED`` now; the CPU seconds each took (also passed
        to ``on_done(name, seconds)`` as each is built, for progress on a large release)."""
        cpu: dict[str, float] = {}
        for name in self.PRECOMPUTED:
            t0 = time.process_time()
            getattr(self, name)
            cpu[name] = time.process_time() - t0
            if on_done is not None:
                on_done(name, cpu[name])
        return cpu

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per release and key (for derived artefacts such as rendered views)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # --- lookup ---------------------------------------------------------------------

    def resolve(self, ref: str, *, kind: str | None = None) -> str:
        """The node IRI for ``ref`` (``graph.node_lookup.resolve``: an IRI, ``kind/slug`` or slug).

        Raises
        ------
        NotFoundError
            No node (of ``kind``) matches, or a bare slug matches several.
        """
        return node_lookup.resolve(self.G, ref, kind=kind, release=self.release_id)

    def suggest(self, ref: str, *, kind: str | None = None, n: int = 3) -> list[str]:
        """Short ids of the nodes whose id or label is closest to ``ref``
        (``graph.node_lookup.suggest``)."""
        return node_lookup.suggest(self.G, ref, kind=kind, n=n)

    def actors(self, *, cluster: str | None = None) -> list[dict[str, object]]:
        """Every actor (short id, label, type, clusters), optionally only those in ``cluster``."""
        if not cluster:
            return [dict(row) for row in self._actor_rows.values()]
        c = self.resolve(cluster, kind="cluster")
        return [
            dict(row)
            for node, row in self._actor_rows.items()
            if c in self.G.nodes[node]["clusters"]
        ]

    @cached_property
    def regions(self) -> list[str]:
        """The IRIs of the regions clusters and actors are in (an attribute, not a node)."""
        return sorted({str(r) for _, r in self.G.nodes(data="region") if r})

    @cached_property
    def actor_types(self) -> list[str]:
        """The actors' types (local names of their classes, ``Company``, …), sorted."""
        return sorted({str(t) for _, t in self.A.nodes(data="type") if t})

    @cached_property
    def _actor_rows(self) -> dict[str, dict[str, object]]:
        """Node → the row ``actors`` lists, sorted by node, once per release."""
        out: dict[str, dict[str, object]] = {}
        for node in actors(self.G):
            d = self.G.nodes[node]
            out[node] = {
                "id": node_lookup.short_id(node),
                "label": d["label"],
                "type": d.get("type", ""),
                "clusters": [x.rsplit("/", 1)[-1] for x in d.get("clusters") or []],
            }
        return out

    # --- cached structures -----------------------------------------------------------

    @cached_property
    def A(self) -> nx.Graph:
        """The one-mode actor network."""
        return actor_network(self.G)

    @cached_property
    def cluster_nodes(self) -> list[str]:
        return sorted(n for n, d in self.G.nodes(data=True) if d["kind"] == "cluster")

    @cached_property
    def members(self) -> dict[str, list[str]]:
        """Cluster → its actors in the actor network (sorted), read once per release."""
        out: dict[str, list[str]] = {c: [] for c in self.cluster_nodes}
        for n in sorted(self.A):
            for c in dict.fromkeys(self.A.nodes[n].get("clusters") or ()):
                out.setdefault(c, []).append(n)
        return out

    @cached_property
    def C(self) -> nx.Graph:
        """The cluster-level bridge graph."""
        return bridges.cluster_bridge_graph(self.G, self.cluster_nodes)

    @cached_property
    def module_roles(self) -> dict[str, tuple[float, float]]:
        """Participation and within-cluster z of every actor, computed once per release."""
        return bridges.module_roles(self.A)

    @cached_property
    def betweenness(self) -> dict[str, float]:
        return bridges.betweenness(self.A)

    @cached_property
    def sparse(self) -> kernels.SparseGraph:
        """The actor network as a sparse tie matrix, for the kernels (once per release)."""
        return kernels.SparseGraph(self.A)

    @cached_property
    def holes(self) -> dict[str, tuple[float, float]]:
        """Burt's constraint and effective size of every actor, once per release, as sparse
        matrix products (``graph.kernels``): a request is a lookup."""
        holes = kernels.structural_holes(self.A, sparse=self.sparse)
        return {str(n): v for n, v in holes.items()}

    def structural_holes(self, node: str) -> tuple[float | None, float | None]:
        """Burt's constraint and effective size of ``node`` (``None`` for an isolated actor)."""
        return self.holes.get(node, (None, None))

    @cached_property
    def recommender(self) -> RecommendationIndex:
        """Every candidate's scores at once, for the partner recommendations (once per release)."""
        return RecommendationIndex(self.A, self.content, self.sparse)

    @property
    def learned_ranker(self) -> Ranker:
        """The learned mix fitted on this release, built on first use (not in ``PRECOMPUTED``:
        about 36 s of CPU at 10,000 actors) and once: concurrent first requests wait for it."""
        with self._ranker_lock:
            if self._ranker is None:
                self._ranker = mix_ranker(self.G)
            return self._ranker

    @cached_property
    def brokerage(self) -> Brokerage:
        """Adjacency and memberships for the brokerage roles of any actor (once per release)."""
        return Brokerage(self.A)

    @cached_property
    def articulation_points(self) -> set[str]:
        return set(bridges.articulation_points(self.A))

    @cached_property
    def content(self) -> ContentIndex:
        return ContentIndex(self.G)

    # --- answers ----------------------------------------------------------------------

    def clusters(self) -> list[ClusterSummary]:
        """Every cluster with its figures and a bridge summary."""
        return cluster_summaries(self.G, self.C, self.cluster_nodes, self.members, self.figures)

    def cluster_bridges(self, cluster: str) -> ClusterBridges:
        """The clusters ``cluster`` is linked to (cross-links by type, shared actors) and its
        brokers: members with links into other clusters, by participation coefficient (computed
        once per release and cluster)."""
        c = self.resolve(cluster, kind="cluster")
        return self.memo(
            f"cluster-bridges {c}",
            lambda: cluster_bridge_report(
                self.G, self.C, c, self.members.get(c, []), self.module_roles, self.betweenness
            ),
        )

    def between(self, a: str, b: str, *, limit: int | None = None, offset: int = 0) -> Between:
        """Who and what connects clusters ``a`` and ``b``.

        ``in_both`` and ``spanning`` are sorted by node and sliced to ``[offset, offset + limit)``
        (all when ``limit`` is ``None``); ``in_both_total`` and ``spanning_total`` count them all.
        The go-betweens of a pair are computed once per release.
        """
        if (limit is not None and limit < 0) or offset < 0:
            raise InvalidParameterError("limit and offset must not be negative")
        ca, cb = self.resolve(a, kind="cluster"), self.resolve(b, kind="cluster")
        if ca == cb:
            raise InvalidParameterError(f"between needs two different clusters, got {a!r} twice")
        conn = self.memo(
            f"between {ca} {cb}",
            lambda: bridges.connectors(self.A, ca, cb, members=self.members, sparse=self.sparse),
        )
        shared = self.memo(
            f"shared activities {ca} {cb}",
            lambda: shared_activities(self.G, self.members.get(ca, []), self.members.get(cb, [])),
        )
        return between_report(self.G, self.C, ca, cb, conn, shared, offset=offset, limit=limit)

    def metrics(self, actor: str) -> ActorMetrics:
        """Bridging measures of one actor in the actor network."""
        n = self.resolve(actor, kind="actor")
        d = self.G.nodes[n]
        return {
            "actor": n,
            "label": d["label"],
            "type": d["type"],
            "clusters": d["clusters"],
            "degree": self.A.degree(n),
            "betweenness": round(self.betweenness.get(n, 0.0), 6),
            "participation_coefficient": round(self.module_roles[n][0], 6),
            "within_cluster_degree_z": round(self.module_roles[n][1], 6),
            "constraint": _round(self.structural_holes(n)[0]),
            "effective_size": _round(self.structural_holes(n)[1]),
            "brokerage": self.brokerage.roles(n),
            "articulation_point": n in self.articulation_points,
        }

    def recommendations(
        self,
        actor: str,
        *,
        k: int = 10,
        cluster: str | None = None,
        actor_type: str | None = None,
        region: str | None = None,
        ranking: str = "fixed",
    ) -> list[Recommendation]:
        """Top-k cross-cluster partner recommendations for ``actor`` (see graph.recommendations),
        ranked as ``ranking`` says (one of ``RANKINGS``).

        Raises
        ------
        InvalidParameterError
            ``k`` below 1, an unknown ``ranking`` or actor type, or ``learned`` on a release of
            more than ``LEARNED_RANKING_MAX_ACTORS`` actors.
        NotFoundError
            An unknown actor, cluster or region.
        """
        if k < 1:
            raise InvalidParameterError(f"k={k}: give how many recommendations, 1 or more")
        if ranking not in RANKINGS:
            raise InvalidParameterError(f"ranking={ranking!r}: not one of {', '.join(RANKINGS)}")
        if ranking == "learned" and self.A.number_of_nodes() > LEARNED_RANKING_MAX_ACTORS:
            raise InvalidParameterError(
                f"ranking=learned is offered up to {LEARNED_RANKING_MAX_ACTORS:,} actors; this "
                f"release has {self.A.number_of_nodes():,}: use ranking=fixed"
            )
        n = self.resolve(actor, kind="actor")  # an unknown id costs no fit
        c, r = self.filters(cluster=cluster, actor_type=actor_type, region=region)
        ranker = self.learned_ranker if ranking == "learned" else None
        return recommend(
            self.G, self.A, n, k=k, cluster=c, actor_type=actor_type, region=r,
            content=self.content, sparse=self.sparse, index=self.recommender, ranker=ranker,
        )  # fmt: skip

    def filters(
        self,
        *,
        cluster: str | None = None,
        actor_type: str | None = None,
        region: str | None = None,
    ) -> tuple[str | None, str | None]:
        """The cluster and region nodes that recommendation filters name (``None`` for none given).

        Raises ``NotFoundError`` for an unknown cluster or region, ``InvalidParameterError`` for an
        actor type no actor has (the known ones named)."""
        c = self.resolve(cluster, kind="cluster") if cluster else None
        r = node_lookup.resolve_among(self.regions, region, what="region") if region else None
        if actor_type and actor_type not in self.actor_types:
            raise InvalidParameterError(
                f"type={actor_type!r}: no actor of this type; one of {', '.join(self.actor_types)}"
            )
        return c, r

    def path(self, source: str, target: str) -> list[PathHop]:
        """A shortest path between two entities in the projection, each hop with its relations."""
        s, t = self.resolve(source), self.resolve(target)
        hops = explained_path(self.G, s, t)
        if not hops:
            raise NotFoundError(f"no path between {s} and {t}")
        return hops

    def gaps(self, *, weak: float = 1.0) -> list[Gap]:
        """Cluster pairs with shared topics and weak bridges (``graph.cluster_graph.gaps``)."""
        return labelled_gaps(self.G, bridges.gaps(self.C, weak=weak))

    @cached_property
    def _communities(self) -> RawCommunities | None:
        """Louvain's communities; ``None`` for a network without a tie (modularity undefined)."""
        return bridges.communities(self.A) if self.A.number_of_edges() else None

    def communities(self) -> Communities:
        """Louvain communities with labels, their modularity against the clusters' (once)."""
        return self.memo("communities", self._labelled_communities)

    def _labelled_communities(self) -> Communities:
        raw = self._communities
        if raw is None:
            raise UndefinedMeasureError(
                f"release {self.release_id[:12]} has no tie between actors: communities and "
                "their modularity are undefined"
            )
        return labelled_communities(self.G, raw)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
