"""``/api/…``: cross-cluster bridges and partner recommendations as JSON.

Ids are entity IRIs or their short forms (``optonet``, ``network/optonet``). Unknown ids answer
404 with a message; bad parameters 422 naming the parameter. Every answer is computed from the
live release's projection, which is built once per release and then served from memory.
"""

from __future__ import annotations

import gzip
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from innograph.api.analysis_cache import AnalysisCache
from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.evidence_sources import annotate
from innograph.api.negotiation import accepts_gzip
from innograph.graph.analysis import Analysis
from innograph.graph.contracts import (
    ActorMetrics,
    Between,
    ClusterBridges,
    ClusterSummary,
    Communities,
    Gap,
    PathHop,
    Ranking,
    Recommendation,
)

__all__ = ["get_analysis", "router"]

router = APIRouter(prefix="/api", tags=["analytics"], responses=ERROR_RESPONSES)


async def _cache(request: Request) -> AnalysisCache:
    return request.app.state.analysis


def get_analysis(
    release: ReleaseDep, db: DbDep, cache: Annotated[AnalysisCache, Depends(_cache)]
) -> Analysis:
    """The analytics of the live release (built on first use, then cached)."""
    # AnalysisCache.get declares pyoxigraph.Store but only queries: a RemoteDb serves as well
    return cache.get(release.id, db)


AnalysisDep = Annotated[Analysis, Depends(get_analysis)]


@router.get("/clusters", summary="All clusters with their figures and a bridge summary")
def clusters(analysis: AnalysisDep) -> list[ClusterSummary]:
    return analysis.clusters()


@router.get("/clusters/{cluster_id:path}/bridges", summary="What links one cluster to the others")
def cluster_bridges(cluster_id: str, analysis: AnalysisDep) -> ClusterBridges:
    return analysis.cluster_bridges(cluster_id)


@router.get("/bridges", summary="Who connects two clusters")
def bridges_between(
    analysis: AnalysisDep,
    between: Annotated[
        list[str],
        Query(
            min_length=2,
            max_length=2,
            description="two cluster ids",
            examples=[["optik", "automobil"]],
        ),
    ],
    limit: Annotated[
        int, Query(ge=1, le=5000, description="at most this many actors per list")
    ] = 500,
    offset: Annotated[int, Query(ge=0, description="skip this many actors of each list")] = 0,
) -> Between:
    """``in_both`` and ``spanning`` are sorted by IRI and paged together; ``in_both_total`` and
    ``spanning_total`` count every actor, so a client pages on until both lists are read."""
    return analysis.between(between[0], between[1], limit=limit, offset=offset)


@router.get("/actors/{actor_id:path}/metrics", summary="Bridging measures of an actor")
def actor_metrics(actor_id: str, analysis: AnalysisDep) -> ActorMetrics:
    return analysis.metrics(actor_id)


@router.get(
    "/actors/{actor_id:path}/recommendations",
    summary="Cross-cluster partners an actor is not yet linked to, with explanations",
)
def actor_recommendations(
    actor_id: str,
    analysis: AnalysisDep,
    db: DbDep,
    k: Annotated[int, Query(ge=1, le=100, description="how many")] = 10,
    cluster: Annotated[str | None, Query(description="only partners in this cluster")] = None,
    type: Annotated[
        str | None, Query(description="only actors of this type, e.g. University")
    ] = None,
    region: Annotated[str | None, Query(description="only actors in this region")] = None,
    ranking: Annotated[
        Ranking,
        Query(
            description="fixed: innograph's mix of graph proximity and content; learned: the mix "
            "fitted on this release's own ties (see the README's evaluation)"
        ),
    ] = "fixed",
) -> list[Recommendation]:
    recs = analysis.recommendations(
        actor_id, k=k, cluster=cluster, actor_type=type, region=region, ranking=ranking
    )
    annotate(db, analysis.resolve(actor_id, kind="actor"), recs)  # where each tie is stated
    return recs


@router.get("/paths", summary="A shortest path between two entities, with relation types")
def paths(
    analysis: AnalysisDep,
    source: Annotated[str, Query(alias="from", description="entity id", examples=["optonet"])],
    target: Annotated[str, Query(alias="to", description="entity id", examples=["medways"])],
) -> list[PathHop]:
    return analysis.path(source, target)


@router.get("/gaps", summary="Cluster gaps: shared topics but no or weak bridges")
def gaps(
    analysis: AnalysisDep,
    weak: Annotated[float, Query(ge=0, description="bridge strength still counted as weak")] = 1.0,
) -> list[Gap]:
    return analysis.gaps(weak=weak)


@router.get(
    "/communities",
    summary="Louvain communities compared with the cluster partition",
    response_model=Communities,
)
def communities(request: Request, analysis: AnalysisDep) -> Response:
    # every actor is listed (a 100k-actor release: megabytes), so the body is encoded, and
    # compressed, once per release; the same bytes FastAPI's JSON response would give
    body = analysis.memo("communities.json", lambda: _json(analysis.communities()))
    headers = {}
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        # the compression middleware passes it through (and adds Vary to the plain answer)
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        body = analysis.memo("communities.json.gz", lambda: gzip.compress(body, 6, mtime=0))
    return Response(body, media_type="application/json", headers=headers)


def _json(value: object) -> bytes:
    return json.dumps(
        jsonable_encoder(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")
