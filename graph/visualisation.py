"""Network views as plain data: nodes with a precomputed layout, edges, legend and filters.

``graph/`` hands these ``View`` s upward; ``api.viz`` renders them with a Jinja2 template and
vis-network (whose script and stylesheet ship with pyvis and are served from the package, so a
page works offline).

Views: ``ecosystem`` (the actor network), ``clusters`` (the cluster bridge graph), ``cluster``
(one cluster's members and their neighbours), ``actor`` (an ego network of depth 1 or 2).
Layouts are computed here (fixed seed), physics is off, so a page draws at once and stays still.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph(); G.add_node("a", label="<b>x</b>", kind="actor", type="Network", clusters=[],
...                           region=None, topics=[])
>>> node_data(G, "a")["label"]
'<b>x</b>'
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from innograph.graph.analysis import Analysis
from innograph.graph.bridges import primary_cluster
from innograph.graph.projection import label_of
from innograph.graph.vocab import page_path

__all__ = [
    "Line",
    "View",
    "actor_view",
    "cluster_view",
    "clusters_view",
    "ecosystem_view",
    "node_data",
    "tip_text",
]

_SCALE = 900.0
_GREY = "#b7c3cf"  # a node outside every cluster


@dataclass
class View:
    """What a page shows: nodes and edges (vis-network dicts), a title, a legend."""

    key: str
    title: str
    """In English, with ``%(name)s`` placeholders for ``title_args`` (a message to translate)."""
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)
    filters: dict[str, list[list[str]]] = field(default_factory=dict)
    title_args: dict[str, str] = field(default_factory=dict)

    def heading(self, translate: Callable[[str], str] = str) -> str:
        """The title with its arguments, the message first passed through ``translate``.

        >>> View("k", "Cluster %(name)s", [], [], title_args={"name": "Optik"}).heading()
        'Cluster Optik'
        """
        return translate(self.title) % self.title_args


Line = tuple[str, Mapping[str, object]]
"""A tooltip line: an English message with ``%(name)s`` placeholders, and its arguments (data as
values, numbers unformatted), so that a page can say it in its own language."""


def tip_text(
    lines: list[Line],
    translate: Callable[[str], str] = str,
    number: Callable[[float], str] | None = None,
    term: Callable[[str, str], str] | None = None,
) -> str:
    """A tooltip's lines as plain text: each message through ``translate``, numbers through
    ``number`` (default: English grouping, at most three decimals), the ``type`` and ``kind``
    arguments (a class's and a link kind's name) through ``term(key, value)``; other text as is.

    >>> tip_text([("%(name)s", {"name": "OptoNet"}), ("Employees %(n)s", {"n": 12000})])
    'OptoNet\\nEmployees 12,000'
    """
    fmt = number or _english_number

    def value(key: str, v: object) -> object:
        if isinstance(v, int | float):
            return fmt(v)
        return term(key, str(v)) if term is not None and key in ("type", "kind") else v

    return "\n".join(
        translate(message) % {k: value(k, v) for k, v in args.items()} for message, args in lines
    )


def _english_number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.3f}".rstrip("0").rstrip(".")


def node_data(
    G: nx.Graph,
    n: str,
    *,
    size: float = 12.0,
    colour: str = "#8aa1b8",
    extra: Sequence[Line] = (),
    lang: str = "de",
) -> dict:
    """A vis-network node for ``n``: label, colour, size, and the tooltip as ``Line`` messages
    (``tip_lines``; ``tip_text`` makes the plain text a page shows)."""
    d = G.nodes[n]
    clusters = [label_of(G, c, lang) for c in d.get("clusters", []) if c in G]
    lines: list[Line] = [("%(name)s", {"name": label_of(G, n, lang)})]
    if d.get("type"):
        lines.append(("%(type)s", {"type": d["type"]}))
    if clusters:
        lines.append(("Clusters: %(names)s", {"names": ", ".join(clusters)}))
    lines += list(extra)
    return {
        "id": n,
        "label": _short(label_of(G, n, lang)),
        "tip_lines": lines,
        "color": colour,
        "size": size,
        "type": d.get("type", ""),
        "kind": d.get("kind", ""),
        "clusters": list(d.get("clusters", [])),
        "region": d.get("region") or "",
        "href": _href(n),
        "multi": len(d.get("clusters", [])) > 1,
        "key": False,
    }


def ecosystem_view(analysis: Analysis, *, lang: str = "de") -> View:
    """The whole actor network: colour = primary cluster, size = betweenness, multi-cluster actors
    and brokers outlined, bridge edges (whose removal disconnects) highlighted."""
    A = analysis.A
    colours = _colours(analysis)
    bridges_ = {tuple(sorted(e)) for e in nx.bridges(A)}
    brokers = analysis.articulation_points
    pos = _layout(A)
    nodes = []
    for n in sorted(A):
        c = primary_cluster(A, n)
        b = analysis.betweenness.get(n, 0.0)
        extra: list[Line] = [("Betweenness %(value)s", {"value": round(b, 3)})]
        if n in brokers:
            extra.append(("broker (articulation point)", {}))
        nd = node_data(A, n, size=8 + 60 * b, colour=_colour_of(colours, c), extra=extra, lang=lang)
        nd.update(x=pos[n][0], y=pos[n][1], broker=n in brokers)
        nodes.append(nd)
    edges = []
    for u, v, d in sorted(A.edges(data=True)):
        kind = "direct" if d.get("types") else "shared activity"
        is_bridge = tuple(sorted((u, v))) in bridges_
        edges.append(
            {
                "from": u,
                "to": v,
                "kind": kind,
                "bridge": is_bridge,
                "width": 3 if is_bridge else 1,
                "dashes": kind == "shared activity",
                "color": "#d9822b" if is_bridge else "#c3ccd6",
            }
        )
    _mark_key(nodes)
    return View(
        "ecosystem",
        "Ecosystem: actors and their ties",
        nodes,
        edges,
        legend=_legend(analysis, colours, lang),
        filters=_filters(analysis, nodes, edges, lang),
    )


def clusters_view(analysis: Analysis, *, lang: str = "de") -> View:
    """The cluster bridge graph: edge width = link strength; tooltips list link types and the
    actors in both clusters."""
    C = analysis.C
    colours = _colours(analysis)
    pos = _layout(C)
    nodes, edges = [], []
    for c in sorted(C):
        figures = analysis.figures.get(c, {})
        extra = (
            [("Employees %(value)s", {"value": int(figures["employeeCount"])})]
            if "employeeCount" in figures
            else []
        )
        size = 18 + 3 * C.degree(c)
        nd = node_data(C, c, size=size, colour=colours.get(c, _GREY), extra=extra, lang=lang)
        nd.update(x=pos[c][0], y=pos[c][1], shape="dot")
        nodes.append(nd)
    for a, b, d in sorted(C.edges(data=True)):
        actors_ = ", ".join(label_of(analysis.G, x, lang) for x in d["shared_actors"][:8])
        lines: list[Line] = [
            ("%(a)s ↔ %(b)s", {"a": label_of(C, a, lang), "b": label_of(C, b, lang)}),
            ("Strength %(value)s", {"value": float(d["weight"])}),
            *(
                ("%(kind)s %(value)s", {"kind": k, "value": float(v)})
                for k, v in sorted(d["crosslinks"].items())
            ),
            *([("In both: %(names)s", {"names": actors_})] if actors_ else []),
        ]
        edges.append(
            {
                "from": a,
                "to": b,
                "width": min(1 + d["weight"], 14),
                "tip_lines": lines,
                "kind": " ".join(sorted(d["crosslinks"])) or "shared actors",
                "color": "#7d8fa3",
            }
        )
    _mark_key(nodes)
    return View(
        "clusters",
        "Clusters and the links between them",
        nodes,
        edges,
        legend=_legend(analysis, colours, lang),
        filters=_filters(analysis, nodes, edges, lang),
    )


def cluster_view(analysis: Analysis, cluster: str, *, lang: str = "de") -> View:
    """A cluster's member actors and their direct neighbours in the actor network."""
    c = analysis.resolve(cluster, kind="cluster")
    members = {n for n in analysis.A if c in analysis.A.nodes[n]["clusters"]}
    keep = set(members)
    for m in members:
        keep.update(analysis.A[m])
    view = _subview(
        analysis,
        keep,
        f"cluster-{c.rsplit('/', 1)[1]}",
        "Cluster %(name)s",
        centre=members,
        title_args={"name": label_of(analysis.G, c, lang)},
        lang=lang,
    )
    return view


def actor_view(analysis: Analysis, actor: str, *, depth: int = 1, lang: str = "de") -> View:
    """The ego network of an actor, ``depth`` 1 or 2, in the actor network."""
    if depth not in (1, 2):
        raise ValueError(f"depth must be 1 or 2, got {depth}")
    a = analysis.resolve(actor, kind="actor")
    hops = nx.single_source_shortest_path_length(analysis.A, a, cutoff=depth)
    return _subview(
        analysis,
        set(hops),
        f"actor-{a.rsplit('/', 1)[1]}",
        "Ego network of %(name)s (depth %(depth)s)",
        centre={a},
        title_args={"name": label_of(analysis.G, a, lang), "depth": str(depth)},
        lang=lang,
        shells=[sorted(n for n, d in hops.items() if d == k) for k in range(depth + 1)],
    )


# --- helpers ----------------------------------------------------------------------------


def _subview(
    analysis: Analysis,
    keep: set[str],
    key: str,
    title: str,
    centre: set[str],
    title_args: dict[str, str],
    lang: str = "de",
    shells: list[list[str]] | None = None,
) -> View:
    A = analysis.A.subgraph(keep)
    colours = _colours(analysis)
    pos = _layout(A) if shells is None else _rings(shells)
    nodes, edges = [], []
    for n in sorted(A):
        c = primary_cluster(A, n)
        size = 22 if n in centre else 12
        nd = node_data(A, n, size=size, colour=_colour_of(colours, c), lang=lang)
        nd.update(x=pos[n][0], y=pos[n][1], broker=n in analysis.articulation_points)
        nodes.append(nd)
    for u, v, d in sorted(A.edges(data=True)):
        kind = "direct" if d.get("types") else "shared activity"
        edges.append(
            {
                "from": u,
                "to": v,
                "kind": kind,
                "dashes": kind == "shared activity",
                "width": 1,
                "color": "#c3ccd6",
            }
        )
    steps = {n: k for k, ring in enumerate(shells or []) for n in ring}
    # nearer rings first (an ego network's own partners before theirs), then the most tied
    _mark_key(nodes, importance={n: d - 1e6 * steps.get(n, 0) for n, d in A.degree()})
    return View(
        key,
        title,
        nodes,
        edges,
        legend=_legend(analysis, colours, lang),
        filters=_filters(analysis, nodes, edges, lang),
        title_args=title_args,
    )


def _layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Kamada–Kawai for the largest component; the smaller components in rows below it, and the
    unconnected nodes in a compact grid under those, so they do not ring the core."""
    if G.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    main = G.subgraph(comps[0])
    pos: dict[str, tuple[float, float]] = {}
    if len(main) > 2:
        pos.update(nx.kamada_kawai_layout(main, weight=None))
    else:
        pos.update(nx.spring_layout(main, seed=42))
    small = [c for c in comps[1:] if len(c) > 1]
    alone = [c[0] for c in comps[1:] if len(c) == 1]
    for i, comp in enumerate(small):  # a row of small components under the core
        cx, cy = -0.8 + 0.4 * (i % 5), 1.15 + 0.35 * (i // 5)
        for n, (x, y) in nx.spring_layout(G.subgraph(comp), seed=42).items():
            pos[n] = (cx + 0.12 * float(x), cy + 0.12 * float(y))
    top = 1.15 + 0.35 * ((len(small) + 4) // 5) + (0.05 if small else 0.0)
    per_row = max(8, math.ceil(math.sqrt(len(alone) * 3)))
    for i, n in enumerate(alone):  # unconnected nodes: a grid, not a ring
        pos[n] = (-0.8 + 1.6 * (i % per_row) / max(per_row - 1, 1), top + 0.14 * (i // per_row))
    return {
        n: (round(float(x) * _SCALE, 1), round(float(y) * _SCALE, 1)) for n, (x, y) in pos.items()
    }


_STAGGER, _STAGGER_FROM = 0.08, 12  # ± share of the radius; rings of more nodes than this


def _rings(shells: list[list[str]]) -> dict[str, tuple[float, float]]:
    """An ego network's layout: the centre in the middle, each further step on a ring around it.

    A force or stress layout draws an ego network — its partners mostly linked to each other, on
    a council or in one programme — as one knot of overlapping labels; on rings every partner has
    its own place and the distance from the centre is the number of steps. A ring holds its nodes
    in sorted order, so that the same data gives the same picture.
    """
    pos: dict[str, tuple[float, float]] = {}
    for k, ring in enumerate(shells):
        radius = 0.0 if k == 0 else 0.35 + 0.65 * k / max(len(shells) - 1, 1)
        step = 2 * math.pi / max(len(ring), 1)
        for i, n in enumerate(ring):  # rings turned by half a step each, so spokes do not align
            angle = step * (i + 0.5 * k) - math.pi / 2
            # a full ring is staggered, every other node a little further out: at the top and the
            # bottom neighbours then stand at different heights, and their labels do not collide
            r = radius * (1 + _STAGGER * (-1) ** i) if len(ring) > _STAGGER_FROM else radius
            # wider than high: views are landscape, and labels run across
            pos[n] = (1.8 * r * math.cos(angle), r * math.sin(angle))
    return {n: (round(x * _SCALE, 1), round(y * _SCALE, 1)) for n, (x, y) in pos.items()}


def _colour_of(colours: dict[str, str], cluster: str | None) -> str:
    """The colour of a node's primary cluster; grey for a node in no cluster."""
    return colours.get(cluster, _GREY) if cluster is not None else _GREY


def _colours(analysis: Analysis) -> dict[str, str]:
    clusters = analysis.cluster_nodes
    out = {}
    for i, c in enumerate(clusters):
        r, g, b = colorsys.hls_to_rgb(i / max(len(clusters), 1), 0.55, 0.55)
        out[c] = f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
    return out


def _legend(analysis: Analysis, colours: dict[str, str], lang: str) -> list[dict]:
    return [
        {"label": label_of(analysis.G, c, lang), "color": colours[c]}
        for c in analysis.cluster_nodes
    ]


def _filters(
    analysis: Analysis, nodes: list[dict], edges: list[dict], lang: str
) -> dict[str, list[list[str]]]:
    regions = sorted({n["region"] for n in nodes if n["region"]})
    clusters = sorted({c for n in nodes for c in n["clusters"]})
    return {
        "region": [
            [r, label_of(analysis.G, r, lang) if r in analysis.G else r.rsplit("/", 1)[1]]
            for r in regions
        ],
        "cluster": [[c, label_of(analysis.G, c, lang)] for c in clusters],
        "type": [[t, t] for t in sorted({n["type"] for n in nodes if n["type"]})],
        "link": [[k, k] for k in sorted({e.get("kind", "") for e in edges if e.get("kind")})],
    }


def _href(iri: str) -> str:
    return page_path(iri) or ""  # only our own pages


def _short(label: str, n: int = 32) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


KEY_LABELS = 18
"""How many nodes of a view show their label at the default zoom (the largest, and centres)."""
_DRAWN_PX = (800.0, 650.0)  # the box a view's nodes are fitted to on a page of 1280 × 900 px


def _mark_key(nodes: list[dict], *, importance: dict[str, float] | None = None) -> None:
    """Label the ``KEY_LABELS`` largest nodes (and every node when there are few).

    With ``importance`` (in a view of one actor: the closer to it, the more ties in the view, the
    more important), the most important come first among nodes of one size, and a label is left
    out where it would run into one already placed — greedy label placement as maps do it: the
    names that are shown can be read, the others are in the tooltips. A label's box is estimated
    as the page draws it at 1280 × 900 px: the view fitted to about 800 × 650 px, 5.8 px a
    character, 14 px a line.
    """
    weight = importance or {}
    ranked = sorted(
        nodes, key=lambda n: (-float(n.get("size", 0)), -weight.get(n["id"], 0.0), n["label"])
    )
    for i, n in enumerate(ranked):
        n["rank"] = i  # the page places labels in this order, on the screen it has
    if importance is None:
        for n in ranked[:KEY_LABELS]:
            n["key"] = True
        return
    xs, ys = [float(n["x"]) for n in nodes], [float(n["y"]) for n in nodes]
    wide = (max(xs, default=0.0) - min(xs, default=0.0)) / _DRAWN_PX[0]
    unit = max(wide, (max(ys, default=0.0) - min(ys, default=0.0)) / _DRAWN_PX[1]) or 1.0
    placed: list[tuple[float, float, float]] = []  # x, y, half width
    line = 14 * unit
    for n in ranked:
        if len(placed) == KEY_LABELS:
            break
        x, y, half = float(n["x"]), float(n["y"]), len(n["label"]) * 2.9 * unit
        if any(abs(x - px) < half + ph and abs(y - py) < line for px, py, ph in placed):
            continue
        n["key"] = True
        placed.append((x, y, half))
