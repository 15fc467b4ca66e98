"""The partner recommendations' two rankings on the release (``Analysis.recommendations``): the
fixed mix by default, the learned mix on request, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from innograph.graph import analysis as analysis_module
from innograph.graph.analysis import Analysis
from innograph.graph.contracts import RANKINGS
from innograph.graph.errors import InvalidParameterError, NotFoundError


@pytest.fixture(scope="module")
def release(db, store) -> Analysis:
    return Analysis.from_store(db, release_id=store.current().id)


def test_rankings_are_fixed_and_learned() -> None:
    assert RANKINGS == ("fixed", "learned")


def test_learned_ranking_scores_relative_to_the_best(release: Analysis) -> None:
    recs = release.recommendations("optonet", k=10, ranking="learned")
    assert len(recs) == 10
    scores = [r["score"] for r in recs]
    assert scores[0] == 1.0
    assert all(0.0 < s <= 1.0 for s in scores)
    assert scores[1] < 1.0  # relative to the best (the top k is diversified, so not sorted)
    # the same explanations: only the order and the score differ; the fixed ranking leaves out
    # a candidate with nothing for it (no proximity, no content), the learned one may rank it
    fixed = {r["actor"]: r for r in release.recommendations("optonet", k=200)}
    for r in recs:
        if r["actor"] in fixed:
            assert r["evidence"] == fixed[r["actor"]]["evidence"]
            assert r["proximity"] == fixed[r["actor"]]["proximity"]
        else:
            assert r["proximity"] == r["content"] == 0.0 and r["confidence"] == "low"


def test_default_is_the_fixed_mix(release: Analysis) -> None:
    default = release.recommendations("optonet", k=10)
    assert default == release.recommendations("optonet", k=10, ranking="fixed")
    learned = release.recommendations("optonet", k=10, ranking="learned")
    assert [r["actor"] for r in default] != [r["actor"] for r in learned]


def test_unknown_ranking_is_refused(release: Analysis) -> None:
    with pytest.raises(InvalidParameterError, match="ranking='best': not one of fixed, learned"):
        release.recommendations("optonet", ranking="best")


@pytest.mark.parametrize("k", [0, -3])
def test_k_below_one_is_refused(release: Analysis, k: int) -> None:
    """Regression: k=-3 returned the ranking less its last three; k=0 an empty list, which reads
    as "no candidates in other clusters"."""
    with pytest.raises(InvalidParameterError, match=f"k={k}: .* 1 or more"):
        release.recommendations("optonet", k=k)


def test_learned_ranking_is_refused_above_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.Graph()
    for n, c in [("a", "c1"), ("b", "c2"), ("c", "c3")]:
        G.add_node(n, kind="actor", type="Company", label=n, clusters=[c], topics=[])
    small = Analysis(G, "tiny")
    assert len(small.recommendations("a", ranking="learned")) == 2
    monkeypatch.setattr(analysis_module, "LEARNED_RANKING_MAX_ACTORS", 2)
    with pytest.raises(InvalidParameterError, match="offered up to 2 actors; this release has 3"):
        Analysis(G, "tiny").recommendations("a", ranking="learned")


def test_the_readme_states_the_size_the_learned_ranking_is_offered_to() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"offered up to {analysis_module.LEARNED_RANKING_MAX_ACTORS:,} actors" in readme


def test_what_the_readme_says_each_ranking_proposes_to_optonet(release: Analysis) -> None:
    """The README: OptoNet is one of the seed graph's hubs; the learned mix proposes other networks
    it has no tie with, Mobile Cluster Central Germany and ITnet Thüringen first, with low
    confidence; the fixed mix TU Ilmenau and other research partners."""
    from innograph.graph.evaluation_split import evaluation_network
    from innograph.graph.proximity import hub_nodes

    optonet = release.resolve("optonet", kind="actor")
    hubs = hub_nodes(evaluation_network(release.G))
    assert optonet in hubs and len(hubs) == 10
    learned = release.recommendations("optonet", k=5, ranking="learned")
    assert [r["label"] for r in learned[:2]] == ["Mobile Cluster Central Germany",
                                                 "ITnet Thüringen e.V."]  # fmt: skip
    assert learned[0]["confidence"] == "low"
    assert all(r["type"] == "Network" for r in learned[:2])
    assert not any(release.A.has_edge(optonet, r["actor"]) for r in learned)
    fixed = release.recommendations("optonet", k=5)
    assert fixed[0]["label"] == "Technische Universität Ilmenau"
    research = [r for r in fixed if r["type"] in ("University", "ResearchInstitute")]
    assert len(research) >= 3


def test_an_unknown_actor_costs_no_fit() -> None:
    G = nx.Graph()
    G.add_node("a", kind="actor", type="Company", label="a", clusters=["c1"], topics=[])
    analysis = Analysis(G, "tiny")
    with pytest.raises(NotFoundError):
        analysis.recommendations("nobody", ranking="learned")
    assert analysis._ranker is None  # resolved before the fit
    analysis.recommendations("a", ranking="learned")
    first = analysis._ranker
    analysis.recommendations("a", ranking="learned")
    assert first is not None and analysis._ranker is first  # fitted once


def test_the_refusal_above_the_size_is_a_4xx_everywhere(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the size: the API's 400 names the limit; the finder shows it without a heading or a
    "no candidates" text; its CSV is the same 400."""
    from fastapi.testclient import TestClient

    from innograph.api.app import create_app
    from innograph.api.config import Settings

    monkeypatch.setattr(analysis_module, "LEARNED_RANKING_MAX_ACTORS", 5)
    with TestClient(create_app(Settings.from_env(store=str(store.root)))) as client:
        api = client.get("/api/actors/optonet/recommendations", params={"ranking": "learned"})
        assert api.status_code == 400 and "offered up to 5 actors" in api.json()["message"]
        params = {"actor": "OptoNet e.V.", "ranking": "learned", "lang": "en"}
        page = client.get("/partners", params=params)
        assert page.status_code == 400 and "offered up to 5 actors" in page.text  # the page, 4xx
        assert "Partners for" not in page.text and "No candidates" not in page.text
        csv = client.get("/partners", params={**params, "format": "csv"})
        assert csv.status_code == 400 and "offered up to 5 actors" in csv.json()["message"]
