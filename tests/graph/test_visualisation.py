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
        assert ring and max(ring) - min(ring) < 1.0, k  # one ring per step
        if k > 1:
            inner = [radius[n] for n, d in steps.items() if d == k - 1]
            assert min(ring) > max(inner)
    points = sorted(pos.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 5.0  # no two nodes on one spot
