"""The synthetic ecosystems of ``bench/synthetic.py`` carry planted collaboration structure: what
actors do together across cluster borders follows latent themes, activities prefer one type,
a few hubs join everything, one council seats a network per cluster."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from rdflib import RDF, Graph

from bench.synthetic import SIZES, ecosystem_ingester, latent_themes, themes
from innograph.graph.vocab import IG, ORG


@pytest.fixture(scope="module")
def seed_like() -> Graph:
    g = Graph()
    for part in ecosystem_ingester("seed").run(None).values():
        g += part
    return g


def _groups(g: Graph) -> dict[str, list[str]]:
    """Activity or committee → its participants or members."""
    out: dict[str, list[str]] = {}
    for s, o in g.subject_objects(IG.participant):
        out.setdefault(str(s), []).append(str(o))
    for s, o in g.subject_objects(ORG.hasMember):
        out.setdefault(str(s), []).append(str(o))
    return out


def _clusters(g: Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in (IG.cluster, IG.manages):
        for s, o in g.subject_objects(p):
            out.setdefault(str(s), set()).add(str(o))
    return out


def _hubs(groups: dict[str, list[str]]) -> set[str]:
    counts = Counter(a for members in groups.values() for a in set(members))
    return {a for a, c in counts.items() if c >= 0.3 * len(groups)}


def test_cross_cluster_co_participation_concentrates_within_latent_themes(seed_like) -> None:
    theme, clusters, groups = latent_themes("seed"), _clusters(seed_like), _groups(seed_like)
    hubs = _hubs(groups)
    same = pairs = 0
    for members in groups.values():
        for a, b in itertools.combinations(sorted(set(members) - hubs), 2):
            if clusters.get(a) and clusters.get(b) and not clusters[a] & clusters[b]:
                pairs += 1
                same += theme[a] == theme[b]
    chance = 1 / themes(SIZES["seed"])
    assert pairs > 200
    assert same / pairs > max(0.6, 2 * chance)  # 80 % of participants drawn in-theme


def test_topics_reveal_the_theme(seed_like) -> None:
    theme = latent_themes("seed")
    by_topic: dict[str, Counter[int]] = {}
    for s, o in seed_like.subject_objects(IG.topic):
        if str(s) in theme:
            by_topic.setdefault(str(o), Counter())[theme[str(s)]] += 1
    stated = sum(sum(c.values()) for c in by_topic.values())
    purest = sum(max(c.values()) for c in by_topic.values())
    assert purest / stated > 0.7


def test_activities_prefer_one_type(seed_like) -> None:
    kind = {
        str(s): str(o) for s, o in seed_like.subject_objects(RDF.type) if str(o).startswith(str(IG))
    }
    groups, hubs = _groups(seed_like), _hubs(_groups(seed_like))
    top_share, overall = [], Counter(kind[a] for a in latent_themes("seed"))
    for members in groups.values():
        types = Counter(kind[a] for a in set(members) - hubs)
        if sum(types.values()) >= 4:
            top_share.append(max(types.values()) / sum(types.values()))
    assert sum(top_share) / len(top_share) > max(overall.values()) / sum(overall.values()) + 0.1


def test_hubs_join_everything_and_the_council_seats_a_network_per_cluster(seed_like) -> None:
    groups = _groups(seed_like)
    activities = [x for x in groups if "/measure/" in x or "/event/" in x]
    hubs = _hubs({x: groups[x] for x in activities})
    assert len(hubs) >= 2
    members = {x: set(m) for x, m in groups.items() if x not in activities}
    councils = [m for m in members.values() if all("/network/" in a for a in m)]
    assert max(map(len, councils)) >= 5  # one network per home cluster


def test_the_generator_is_seeded() -> None:
    a = ecosystem_ingester("tiny").run(None)
    b = ecosystem_ingester("tiny").run(None)
    assert {k: len(g) for k, g in a.items()} == {k: len(g) for k, g in b.items()}
    assert latent_themes("tiny") == latent_themes("tiny")


def test_the_generator_ceiling_ranks_by_the_generators_own_odds() -> None:
    """The evaluation's ceiling (``bench.evaluation.generator_ceiling``) orders candidates by
    their odds of sharing an activity with the source under the generator's rules."""
    import networkx as nx

    from bench.evaluation import generator_ceiling
    from bench.synthetic import LatentStructure
    from innograph.graph.evaluation_methods import Predictors

    latent = LatentStructure(
        themes={"s": 1, "mate": 1, "popular-mate": 1, "stranger": 2, "popular-stranger": 2,
                "hub": 3},
        popularity={"s": 1.0, "mate": 1.0, "popular-mate": 3.0, "stranger": 1.0,
                    "popular-stranger": 3.0, "hub": 1.0},
        hubs=frozenset({"hub"}),
    )  # fmt: skip
    A = nx.Graph()
    A.add_nodes_from(latent.themes, type="Network")
    p = Predictors(A, A, scorers={"ceiling": generator_ceiling(latent)})
    pool = ["stranger", "popular-stranger", "mate", "popular-mate", "hub"]

    def odds(source: str) -> dict[str, float]:
        return dict(zip(pool, p.score("ceiling", source, pool), strict=True))

    of_s = odds("s")
    assert of_s["popular-mate"] > of_s["mate"] > of_s["stranger"]  # theme, then popularity
    assert of_s["popular-stranger"] > of_s["stranger"]
    assert of_s["hub"] > of_s["stranger"]  # equally popular: the hub joins half of everything
    assert of_s["hub"] - of_s["stranger"] == pytest.approx(latent.hub_joins)
    of_hub = odds("hub")  # a hub's activities are of any theme: popularity alone
    assert of_hub["mate"] == pytest.approx(of_hub["stranger"])
    assert of_hub["popular-mate"] == pytest.approx(of_hub["popular-stranger"])
    assert of_hub["popular-mate"] > of_hub["mate"]


def test_the_theme_oracle_knows_themes_but_counts_activities_for_popularity() -> None:
    """``bench.evaluation.theme_oracle``: the latent themes as the ceiling has them, but each
    actor's popularity from its activities in the training graph, not from the generator."""
    import networkx as nx

    from bench.evaluation import theme_oracle
    from bench.synthetic import LatentStructure
    from innograph.graph.evaluation_methods import Predictors

    latent = LatentStructure(
        themes={"s": 1, "busy-mate": 1, "idle-mate": 1, "busy-stranger": 2},
        popularity={"s": 1.0, "busy-mate": 0.1, "idle-mate": 9.0, "busy-stranger": 0.1},
        hubs=frozenset(),
    )  # fmt: skip
    G = nx.Graph()
    G.add_nodes_from(latent.themes, kind="actor", type="Network")
    for j, members in enumerate([["busy-mate", "busy-stranger"], ["busy-mate", "busy-stranger"]]):
        G.add_node(f"m{j}", kind="measure", type="Measure")
        G.add_edges_from((f"m{j}", a) for a in members)
    A = nx.Graph()
    A.add_nodes_from(latent.themes, type="Network")
    p = Predictors(G, A, scorers={"oracle": theme_oracle(latent)})
    pool = ["busy-mate", "idle-mate", "busy-stranger"]
    odds = dict(zip(pool, p.score("oracle", "s", pool), strict=True))
    # the idle mate is the generator's favourite (popularity 9), but nothing shows it
    assert odds["busy-mate"] > odds["idle-mate"] > 0
    assert odds["busy-mate"] > odds["busy-stranger"]  # equally busy: the theme decides


def test_the_latent_structure_is_the_one_the_generator_drew() -> None:
    from bench.synthetic import latent_structure

    latent = latent_structure("seed")
    assert latent.themes == latent_themes("seed")
    assert set(latent.popularity) == set(latent.themes)
    assert latent.hubs and latent.hubs <= set(latent.themes)
    assert max(latent.popularity.values()) == 1.0  # the first actor, 1 / 1 ** 0.6
