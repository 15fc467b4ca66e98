"""Network views as data (``graph.visualisation``): the ego network's rings."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from innograph.graph.analysis import Analysis
from innograph.graph.visualisation import actor_view


@pytest.fixture(scope="module")
def analysis(db) -> Analysis:
    return Analysis.from_store(db, release_id="test")


@pytest.mark.parametrize(("actor", "depth"), [("optonet", 1), ("tu-ilmenau", 1), ("tu-ilmenau", 2)])
def test_an_ego_network_puts_each_step_on_its_own_ring(
    analysis: Analysis, actor: str, depth: int
) -> None:
    """A stress layout drew OptoNet's partners (mostly linked to each other on the council) as one
    knot of overlapping labels, half of it below the embedded frame. On rings: the centre in the
    middle, every partner at the distance of its steps from it, no two in one place."""
    view = actor_view(analysis, actor, depth=depth, lang="en")
    me = analysis.resolve(actor, kind="actor")
    steps = nx.single_source_shortest_path_length(analysis.A, me, cutoff=depth)
    pos = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    assert set(pos) == set(steps) and pos[me] == (0.0, 0.0)
    # the ellipse's own radius of each node (x squeezed back by its 1.8 stretch) grows with steps
    radius = {n: math.hypot(x / 1.8, y) for n, (x, y) in pos.items()}
    for k in range(1, depth + 1):
        ring = [radius[n] for n, d in steps.items() if d == k]
        # one ring per step (a full one staggered: every other node 8 % further out, 8 % further in)
        assert ring and max(ring) / min(ring) < 1.08 / 0.92 + 1e-3, k  # coordinates: 0.1
        if k > 1:
            inner = [radius[n] for n, d in steps.items() if d == k - 1]
            assert min(ring) > max(inner)
    points = sorted(pos.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 5.0  # no two nodes on one spot


def test_the_labels_on_a_full_ring_do_not_run_into_each_other(analysis: Analysis) -> None:
    """On ThCM's ring (26 partners) the names at the top and the bottom ran into each other
    ("Technische Universität Ilmenau" over "Landesentwicklungsgesellschaft …"): neighbours there
    stood at one height, closer than a label is wide. Staggered, no two labels' boxes overlap, as
    the page draws them at 1280 px wide (the ring 1,740 layout units across on about 800 px: 4.3
    units a pixel; a label 5.8 px a character wide, as measured on the page, and 14 px high,
    centred under its node)."""
    view = actor_view(analysis, "thcm", depth=1, lang="en")
    me = analysis.resolve("thcm", kind="actor")
    assert len(view.nodes) > 13  # a full ring
    unit = 4.3
    boxes = [
        (n["x"], n["y"], len(n["label"]) * 5.8 * unit, 14 * unit, n["label"])
        for n in view.nodes
        if n.get("key") and n["id"] != me
    ]
    assert len(boxes) > 10
    for i, (x1, y1, w1, h1, l1) in enumerate(boxes):
        for x2, y2, w2, h2, l2 in boxes[i + 1 :]:
            apart = abs(x1 - x2) >= (w1 + w2) / 2 or abs(y1 - y2) >= (h1 + h2) / 2
            assert apart, (l1, l2)
