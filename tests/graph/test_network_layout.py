"""``graph.network_layout``: where a view's nodes stand and which are labelled first."""

import math

import networkx as nx

from innograph.graph.network_layout import KEY_LABELS, SCALE, mark_key, rings, spread


def test_spread_puts_small_components_and_lone_nodes_beneath_the_core() -> None:
    G = nx.cycle_graph(12)
    G.add_edge("x", "y")
    G.add_nodes_from(["lone1", "lone2", "lone3"])
    pos = spread(G)
    core_bottom = max(pos[n][1] for n in range(12))
    assert min(pos[n][1] for n in ("x", "y", "lone1", "lone2", "lone3")) > core_bottom
    assert len({pos[n][1] for n in ("lone1", "lone2", "lone3")}) == 1  # one row, not a ring
    assert spread(G) == pos  # the same data, the same picture
    assert spread(nx.Graph()) == {}


def test_rings_put_each_step_further_out_and_stagger_full_rings() -> None:
    first = [f"a{i}" for i in range(4)]
    second = [f"b{i}" for i in range(20)]
    pos = rings([["me"], first, second])

    def radius(n: str) -> float:
        x, y = pos[n]
        return math.hypot(x / 1.8, y) / SCALE

    assert pos["me"] == (0.0, 0.0)
    assert max(map(radius, first)) < min(map(radius, second))
    assert len({round(radius(n), 3) for n in first}) == 1  # a short ring is round
    assert len({round(radius(n), 3) for n in second}) == 2  # a full one alternates in and out


def _node(i: int, x: float, y: float, size: float = 10.0, label: str = "") -> dict:
    return {"id": f"n{i}", "label": label or f"Actor number {i}", "size": size, "x": x, "y": y}


def test_mark_key_labels_the_largest_and_ranks_everyone() -> None:
    nodes = [_node(i, 100.0 * i, 0.0, size=float(i)) for i in range(30)]
    mark_key(nodes)
    assert sorted(n["rank"] for n in nodes) == list(range(30))
    keyed = {n["id"] for n in nodes if n.get("key")}
    assert keyed == {f"n{i}" for i in range(30 - KEY_LABELS, 30)}


def test_mark_key_with_importance_leaves_out_a_label_that_would_collide() -> None:
    nodes = [
        _node(0, 0.0, 0.0),
        _node(1, 5.0, 0.0),
        _node(2, 900.0, 600.0),
        _node(3, -900.0, -600.0),
    ]
    mark_key(nodes, importance={"n0": 2.0, "n1": 1.0})
    keyed = {n["id"] for n in nodes if n.get("key")}
    assert "n0" in keyed and "n1" not in keyed  # n1 stands on n0's label, n0 matters more
    assert {"n2", "n3"} <= keyed
    assert [n["id"] for n in sorted(nodes, key=lambda n: n["rank"])][:2] == ["n0", "n1"]
