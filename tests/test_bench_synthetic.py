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


def test_the_theme_ceiling_ranks_theme_mates_first_by_degree() -> None:
    """The evaluation's ceiling (``bench.evaluation.theme_ceiling``) puts the source's theme-mates
    above everyone else and orders each group by degree."""
    import networkx as nx

    from bench.evaluation import theme_ceiling
    from innograph.graph.evaluation_methods import Predictors

    A = nx.Graph()
    A.add_nodes_from(["s", "mate-hub", "mate", "stranger-hub", "stranger"], type="Network")
    A.add_edges_from([("mate-hub", x) for x in ("a", "b", "c")])
    A.add_edges_from([("stranger-hub", x) for x in ("a", "b", "c", "d", "e")])
    A.add_edges_from([("mate", "a"), ("stranger", "a")])
    themes = {"s": 1, "mate-hub": 1, "mate": 1, "stranger-hub": 2, "stranger": 2}
    p = Predictors(A, A, scorers={"ceiling": theme_ceiling(themes)})
    pool = ["stranger-hub", "stranger", "mate", "mate-hub"]
    scores = dict(zip(pool, p.score("ceiling", "s", pool), strict=True))
    assert sorted(pool, key=scores.__getitem__, reverse=True) == [
        "mate-hub",
        "mate",
        "stranger-hub",
        "stranger",
    ]
    assert p.score("ceiling", "a", pool) == p.score("ceiling", "b", pool)  # no theme: degree only
