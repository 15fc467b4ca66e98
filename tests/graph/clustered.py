"""Small clustered graphs the tests of the cluster analytics share."""

from __future__ import annotations

import networkx as nx


def two_groups() -> nx.Graph:
    """Two triangles (clusters x and y) joined only through the broker b."""
    G = nx.Graph(
        [
            ("x1", "x2"),
            ("x2", "x3"),
            ("x1", "x3"),
            ("y1", "y2"),
            ("y2", "y3"),
            ("y1", "y3"),
            ("x1", "b"),
            ("b", "y1"),
        ]
    )
    clusters = {n: [n[0]] for n in G if n != "b"}
    clusters["b"] = ["z"]
    nx.set_node_attributes(G, clusters, "clusters")
    return G
