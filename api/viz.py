"""``/viz/…``: the interactive network pages (built by ``graph.visualisation``) and assets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from innograph.api.analytics import AnalysisDep
from innograph.graph import visualisation as viz
from innograph.graph.errors import NotFoundError

__all__ = ["router"]

router = APIRouter(prefix="/viz", tags=["visualisations"])


@router.get("/ecosystem", response_class=HTMLResponse, summary="The whole actor network")
def ecosystem(analysis: AnalysisDep) -> HTMLResponse:
    return HTMLResponse(
        analysis.memo("viz:ecosystem", lambda: viz.render_html(viz.ecosystem_view(analysis)))
    )


@router.get("/clusters", response_class=HTMLResponse, summary="Clusters and their links")
def clusters(analysis: AnalysisDep) -> HTMLResponse:
    return HTMLResponse(
        analysis.memo("viz:clusters", lambda: viz.render_html(viz.clusters_view(analysis)))
    )


@router.get("/cluster/{cluster_id:path}", response_class=HTMLResponse, summary="One cluster")
def cluster(cluster_id: str, analysis: AnalysisDep) -> HTMLResponse:
    return HTMLResponse(viz.render_html(viz.cluster_view(analysis, cluster_id)))


@router.get(
    "/actor/{actor_id:path}", response_class=HTMLResponse, summary="Ego network of an actor"
)
def actor(
    actor_id: str,
    analysis: AnalysisDep,
    depth: Annotated[int, Query(ge=1, le=2, description="1 or 2")] = 1,
) -> HTMLResponse:
    return HTMLResponse(viz.render_html(viz.actor_view(analysis, actor_id, depth=depth)))


@router.get("/assets/{name}", include_in_schema=False)
def assets(name: str) -> Response:
    try:
        body = viz.asset(name)
    except KeyError as err:
        raise NotFoundError(f"no asset {name!r}") from err
    return Response(
        body, media_type=viz.ASSETS[name], headers={"Cache-Control": "public, max-age=86400"}
    )
