"""``Analysis`` on releases with too little data for some measures: every question gets an answer
or an ``InnographError`` (a 4xx naming what is missing), never another exception (a 500)."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pyoxigraph as ox
import pytest

from innograph.graph import visualisation
from innograph.graph.analysis import Analysis
from innograph.graph.errors import InnographError, UndefinedMeasureError
from innograph.graph.vocab import ID


def _no_ties() -> Analysis:
    """Two clusters with one actor each and no tie at all (a release of imported member lists)."""
    G = nx.Graph()
    for c in ("optik", "medizin"):
        G.add_node(f"{ID}cluster/{c}", kind="cluster", type="Cluster", label=c, label_en=c,
                   clusters=[], topics=[], region=None)  # fmt: skip
    for a, c in (("a", "optik"), ("b", "medizin")):
        G.add_node(f"{ID}company/{a}", kind="actor", type="Company", label=a, label_en=a,
                   clusters=[f"{ID}cluster/{c}"], topics=[], region=None)  # fmt: skip
    return Analysis(G, "no-ties")


QUESTIONS: dict[str, Callable[[Analysis], object]] = {
    "clusters": lambda a: a.clusters(),
    "actors": lambda a: a.actors(),
    "communities": lambda a: a.communities(),
    "gaps": lambda a: a.gaps(),
    "cluster_bridges": lambda a: a.cluster_bridges("optik"),
    "between": lambda a: a.between("optik", "medizin"),
    "metrics": lambda a: a.metrics("company/a"),
    "recommendations": lambda a: a.recommendations("company/a"),
    "learned": lambda a: a.recommendations("company/a", ranking="learned"),
    "path": lambda a: a.path("company/a", "company/b"),
    "ecosystem view": lambda a: visualisation.ecosystem_view(a),
    "clusters view": lambda a: visualisation.clusters_view(a),
    "cluster view": lambda a: visualisation.cluster_view(a, "optik"),
    "actor view": lambda a: visualisation.actor_view(a, "company/a"),
}


@pytest.mark.parametrize(
    "make", [_no_ties, lambda: Analysis.from_store(ox.Store(), release_id="e")]
)
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_a_thin_release_answers_or_says_what_is_missing(make, question: str) -> None:
    analysis = make()
    analysis.precompute()  # the server builds everything first: that must not fail either
    try:
        QUESTIONS[question](analysis)
    except InnographError as err:
        assert 400 <= err.status < 500, (question, err)


def test_communities_without_a_tie_are_undefined_not_a_crash() -> None:
    with pytest.raises(UndefinedMeasureError, match="no tie between actors"):
        _no_ties().communities()
