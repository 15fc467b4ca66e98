"""``/viz/…``: the interactive network pages (views from ``graph.visualisation``, rendered with
the ``network.html`` template) and the vis-network assets.

Every page is cached per release: a request is a lookup, not a layout computation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from innograph.api.analytics import AnalysisDep
from innograph.api.deps import DbDep, ReleaseDep
from innograph.api.errors import ERROR_RESPONSES
from innograph.api.i18n import current_language, number, translate
from innograph.api.search import class_labels, type_label
from innograph.api.templating import render, script_safe
from innograph.graph import visualisation as viz
from innograph.graph.analysis import Analysis
from innograph.graph.database import Database
from innograph.graph.errors import NotFoundError
from innograph.graph.resources import resource_dir

__all__ = ["ASSETS", "asset", "render_view", "router"]

_PYVIS_LIB = Path(str(find_spec("pyvis").submodule_search_locations[0])) / "lib" / "vis-9.1.2"  # type: ignore[union-attr,index]
ASSETS = {"vis-network.min.js": "application/javascript", "vis-network.css": "text/css"}


def asset(name: str) -> bytes:
    """The bytes of a vis-network asset shipped with pyvis (``ASSETS`` names them).

    Raises
    ------
    KeyError
        For any other name.
    """
    if name not in ASSETS:
        raise KeyError(name)
    return (_PYVIS_LIB / name).read_bytes()


def render_view(
    view: viz.View,
    *,
    inline_assets: bool = False,
    asset_url: str = "/viz/assets/",
    type_names: Callable[[str], str] = str,
) -> str:
    """A complete page for ``view`` in the request's language. With ``inline_assets`` every
    script and stylesheet is embedded (one file that opens offline, ``innograph viz -o``);
    otherwise they load from the server, as its Content-Security-Policy requires.
    ``type_names`` names a class (``ResearchInstitute``) in that language."""
    title = view.heading(translate)

    def term(key: str, value: str) -> str:
        return type_names(value) if key == "type" else translate(value)

    def said(item: dict) -> dict:  # the tooltip's messages, said in the page's language
        out = {k: v for k, v in item.items() if k != "tip_lines"}
        if "tip_lines" in item:
            out["tip"] = viz.tip_text(item["tip_lines"], translate, number, term)
        return out

    filters = dict(view.filters)
    filters["type"] = [[t, type_names(t)] for t, _ in view.filters.get("type", [])]
    filters["link"] = [[k, translate(k)] for k, _ in view.filters.get("link", [])]
    data = {
        "key": view.key,
        "title": title,
        "nodes": [said(n) for n in view.nodes],
        "edges": [said(e) for e in view.edges],
        "legend": view.legend,
        "filters": filters,
        "ui": {"count": translate("{shown} of {total} nodes")},
    }
    context: dict[str, object] = {
        "view": view,
        "title": title,
        "data": data,
        "inline": inline_assets,
        "asset_url": asset_url,
    }
    if inline_assets:
        static = resource_dir("innograph.api.static")
        context.update(
            vis_css=asset("vis-network.css").decode(),
            vis_js=script_safe(asset("vis-network.min.js").decode()),
            page_css=(static / "network.css").read_text(encoding="utf-8"),
            page_js=script_safe((static / "network.js").read_text(encoding="utf-8")),
        )
    return render("network.html", **context)


router = APIRouter(prefix="/viz", tags=["visualisations"], responses=ERROR_RESPONSES)


@router.get("/ecosystem", response_class=HTMLResponse, summary="The whole actor network")
def ecosystem(analysis: AnalysisDep, db: DbDep, release: ReleaseDep) -> HTMLResponse:
    return _page(analysis, db, release.id, "viz:ecosystem", partial(viz.ecosystem_view, analysis))


@router.get("/clusters", response_class=HTMLResponse, summary="Clusters and their links")
def clusters(analysis: AnalysisDep, db: DbDep, release: ReleaseDep) -> HTMLResponse:
    return _page(analysis, db, release.id, "viz:clusters", partial(viz.clusters_view, analysis))


@router.get("/cluster/{cluster_id:path}", response_class=HTMLResponse, summary="One cluster")
def cluster(cluster_id: str, analysis: AnalysisDep, db: DbDep, release: ReleaseDep) -> HTMLResponse:
    view = partial(viz.cluster_view, analysis, cluster_id)
    return _page(analysis, db, release.id, f"viz:cluster:{cluster_id}", view)


@router.get(
    "/actor/{actor_id:path}", response_class=HTMLResponse, summary="Ego network of an actor"
)
def actor(
    actor_id: str,
    analysis: AnalysisDep,
    db: DbDep,
    release: ReleaseDep,
    depth: Annotated[int, Query(ge=1, le=2, description="1 or 2")] = 1,
) -> HTMLResponse:
    view = partial(viz.actor_view, analysis, actor_id, depth=depth)
    return _page(analysis, db, release.id, f"viz:actor:{actor_id}:{depth}", view)


def _page(
    analysis: Analysis, db: Database, release_id: str, key: str, view: Callable[..., viz.View]
) -> HTMLResponse:
    """The page of ``view(lang=...)`` in the request's language, rendered once per release,
    ``key`` and language (``Analysis.memo``), classes named by their labels in that language."""
    lang = current_language()

    def build() -> str:
        labels = class_labels(release_id, db)
        return render_view(view(lang=lang), type_names=lambda t: type_label(labels, t, lang))

    return HTMLResponse(analysis.memo(f"{key}:{lang}", build))


@router.get("/assets/{name}", include_in_schema=False)
def assets(name: str) -> Response:
    try:
        body = asset(name)
    except KeyError as err:
        raise NotFoundError(f"no asset {name!r}") from err
    return Response(
        body, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"}
    )
