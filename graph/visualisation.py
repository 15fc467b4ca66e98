"""Network views as plain data: nodes with a precomputed layout, edges, legend and filters.

``graph/`` hands these ``View`` s upward; ``api.viz`` renders them with a Jinja2 template and
vis-network (whose script and stylesheet ship with pyvis and are served from the package, so a
page works offline).

Views: ``ecosystem`` (the actor network), ``clusters`` (the cluster bridge graph), ``cluster``
(one cluster's members and their neighbours), ``actor`` (an ego network of depth 1 or 2).
Layouts come from ``graph.network_layout`` (deterministic), physics is off, so a page draws at once
and stays still.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from innograph.graph.analysis import Analysis
from innograph.graph.bridges import primary_cluster
from innograph.graph.network_layout import mark_key, rings, spread
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
    pos = spread(A)
    nodes = []
    for n in sorted(A):
        c = primary_cluster(A, n)
        b = analysis.betweenness.get(n, 0.0)
        extra: list[Line] = [("Betweenness %(value)s", {"value": round(b, 3)})]
        if n in brokers:
            extra.append(("cut point: without it the network falls apart", {}))
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
    mark_key(nodes)
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
    pos = spread(C)
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
    mark_key(nodes)
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
    pos = spread(A) if shells is None else rings(shells)
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
    mark_key(nodes, importance={n: d - 1e6 * steps.get(n, 0) for n, d in A.degree()})
    return View(
        key,
        title,
        nodes,
        edges,
        legend=_legend(analysis, colours, lang),
        filters=_filters(analysis, nodes, edges, lang),
        title_args=title_args,
    )


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
