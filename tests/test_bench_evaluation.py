"""bench.evaluation's tables: one per size, and the same measures by kind of tie."""

from __future__ import annotations

import networkx as nx

from bench.evaluation import markdown
from innograph.graph.evaluation import holdout_evaluation


def _graph() -> nx.Graph:
    """Eight cross-cluster pairs, each tied by an activity of its own, and a hub in all of them."""
    G = nx.Graph()
    for i in range(8):
        for end, cluster in (("x", "cx"), ("y", "cy")):
            G.add_node(
                f"{end}{i}",
                kind="actor",
                type="Company",
                label=f"{end}{i}",
                clusters=[cluster],
                topics=[],
            )
        G.add_node(f"m{i}", kind="measure", type="Measure", label=f"m{i}", clusters=[], topics=[])
        for a in (f"x{i}", f"y{i}", "hub"):
            G.add_edge(f"m{i}", a, types=["participation"], weight=1.0)
    G.add_node("hub", kind="actor", type="Agency", label="hub", clusters=["h"], topics=[])
    for j in range(4):  # partners the hub shares with nobody else, to make it stand out
        G.add_node(f"p{j}", kind="actor", type="Company", label=f"p{j}", clusters=["h"], topics=[])
        G.add_node(f"e{j}", kind="event", type="Event", label=f"e{j}", clusters=[], topics=[])
        for a in (f"p{j}", "hub"):
            G.add_edge(f"e{j}", a, types=["participation"], weight=1.0)
    return G


def test_the_tables_show_each_kind_of_tie() -> None:
    methods = ("random", "common-neighbours", "innograph")
    report = holdout_evaluation(_graph(), splits=4, hide=0.3, seed=1, draws=100, methods=methods)
    assert 0 < report["positives_through_hubs"] < report["positives"]
    text = "\n".join(markdown({"tiny": report}))
    rows = [line for line in text.splitlines() if line.startswith("| random |")]
    assert len(rows) == 2 and rows[1].count("[") == 4  # overall; by kind: hit and MRR twice
    assert f"{report['positives_through_hubs']} of the {report['positives']} positives" in text
    assert "Between non-hubs: innograph" in text


def test_a_kind_without_positives_is_said_not_tabulated() -> None:
    G = _graph()
    G.remove_nodes_from(["hub", *(f"p{j}" for j in range(4)), *(f"e{j}" for j in range(4))])
    report = holdout_evaluation(G, splits=3, hide=0.3, seed=1, draws=50, methods=("random",))
    assert report["positives_through_hubs"] == 0 < report["positives"]
    text = "\n".join(markdown({"tiny": report}))
    assert f"all {report['positives']} positives are between non-hubs" in text
    assert "Between non-hubs:" not in text and "through a hub |" not in text


def test_the_reference_is_compared_with_the_best_baseline_paired() -> None:
    methods = ("random", "common-neighbours", "innograph")
    report = holdout_evaluation(
        _graph(), splits=4, hide=0.3, seed=1, draws=100, methods=methods, reference="innograph"
    )
    text = "\n".join(markdown({"tiny": report}))
    line = next(x for x in text.splitlines() if x.startswith("Paired over the same positives"))
    scores = {m["method"]: m for m in report["methods"]}
    best = max(("random", "common-neighbours"), key=lambda m: scores[m]["hit_at_k"]["value"])
    want = scores["innograph"]["hit_at_k"]["value"] - scores[best]["hit_at_k"]["value"]
    assert f"hit@10: innograph − {best} = {want:+.3f}" in line
    assert "MRR: innograph − " in line and "p = " in line
    other = holdout_evaluation(_graph(), splits=2, hide=0.3, seed=1, draws=50, methods=methods,
                               reference="random")  # fmt: skip
    assert "Paired over" not in "\n".join(markdown({"tiny": other}))  # only for innograph's own
