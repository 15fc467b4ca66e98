"""Where a network view's nodes stand and which of them are labelled at first.

``spread(G)`` lays out a whole network (Kamada–Kawai for the core, small components and lone
nodes in rows beneath it), ``rings(shells)`` an ego network (the centre, then one ring per step),
and ``mark_key(nodes)`` ranks the nodes for labelling and marks those labelled at the default zoom
(the page then places labels on the screen it has, in this order: ``api/static/network.js``).
Positions are in the view's units (``SCALE`` per unit of layout), deterministic for the same data.

Examples
--------
>>> pos = rings([["me"], ["a", "b", "c"]])
>>> pos["me"] == (0.0, 0.0), round(math.hypot(pos["a"][0] / 1.8, pos["a"][1]))
(True, 900)
>>> nodes = [{"id": n, "label": n, "size": s, "x": 0, "y": 0} for n, s in [("a", 2), ("b", 9)]]
>>> mark_key(nodes); [(n["id"], n["rank"], n.get("key")) for n in nodes]
[('a', 1, True), ('b', 0, True)]
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["KEY_LABELS", "SCALE", "mark_key", "rings", "spread"]

SCALE = 900.0
"""View units per unit of layout (vis-network draws them as pixels, then fits the view)."""


def spread(G: nx.Graph) -> dict[str, tuple[float, float]]:
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
        n: (round(float(x) * SCALE, 1), round(float(y) * SCALE, 1)) for n, (x, y) in pos.items()
    }


_STAGGER, _STAGGER_FROM = 0.08, 12  # ± share of the radius; rings of more nodes than this


def rings(shells: list[list[str]]) -> dict[str, tuple[float, float]]:
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
    return {n: (round(x * SCALE, 1), round(y * SCALE, 1)) for n, (x, y) in pos.items()}


KEY_LABELS = 18
"""How many nodes of a view show their label at the default zoom (the largest, and centres)."""
_DRAWN_PX = (800.0, 650.0)  # the box a view's nodes are fitted to on a page of 1280 × 900 px


def mark_key(nodes: list[dict], *, importance: dict[str, float] | None = None) -> None:
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
