"""The analytics API over a real server, on the seed graph."""

from __future__ import annotations

import httpx
import pytest

from innograph.ingest.datafile import load_records
from tests.conftest import DATA, run_cli

CLUSTER = "https://w3id.org/innograph/id/cluster/"


@pytest.fixture(scope="module")
def api(server: str) -> httpx.Client:
    with httpx.Client(base_url=server + "/api", timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def clusters(api: httpx.Client) -> list[dict]:
    r = api.get("/clusters")
    assert r.status_code == 200
    return r.json()


def test_clusters_have_figures_and_bridge_summary(clusters: list[dict]) -> None:
    assert len(clusters) == 20
    auto = next(c for c in clusters if c["id"] == CLUSTER + "automobil")
    assert auto["figures"]["employeeCount"] == 50000
    assert auto["bridges"]["linked_clusters"] > 0


def test_every_cluster_answers(api: httpx.Client, clusters: list[dict]) -> None:
    for c in clusters:
        r = api.get(f"/clusters/{c['id'].rsplit('/', 1)[1]}/bridges")
        assert r.status_code == 200, (c["id"], r.text)
        assert r.json()["links"], c["id"]  # every cluster is linked to another


def test_every_actor_answers(api: httpx.Client, db) -> None:
    from innograph.graph.projection import actors, project

    G = project(db)
    for actor in actors(G):
        short = actor.split("/id/", 1)[1]
        m = api.get(f"/actors/{short}/metrics")
        assert m.status_code == 200, (actor, m.text)
        assert 0 <= m.json()["participation_coefficient"] <= 1
        r = api.get(f"/actors/{short}/recommendations", params={"k": 3})
        assert r.status_code == 200, (actor, r.text)
        for rec in r.json():
            assert not set(rec["clusters"]) & set(G.nodes[actor]["clusters"])


def test_stated_links_show_up_in_bridge_summaries(api: httpx.Client) -> None:
    for rec in load_records(DATA / "stated_links.yaml"):
        a, b = rec.get("a"), rec.get("b")
        body = api.get(f"/clusters/{a}/bridges").json()
        linked = {link["cluster"]: link for link in body["links"]}
        assert CLUSTER + b in linked, (a, b)
        assert linked[CLUSTER + b]["crosslinks"].get("stated", 0) >= 1


def test_between_paths_gaps_communities(api: httpx.Client) -> None:
    r = api.get("/bridges", params=[("between", "optik"), ("between", "automobil")]).json()
    assert r["crosslinks"]["stated"] >= 1 and r["weight"] > 0
    path = api.get("/paths", params={"from": "optonet", "to": "medways"}).json()
    assert path[0]["node"].endswith("/optonet") and path[-1]["node"].endswith("/medways")
    assert all(hop["via"] for hop in path[1:])
    assert isinstance(api.get("/gaps").json(), list)
    comm = api.get("/communities").json()
    assert comm["louvain"] and -0.5 <= comm["modularity_clusters"] <= 1


@pytest.mark.parametrize(
    ("path", "params", "status", "needle"),
    [
        ("/actors/no-such-actor/metrics", None, 404, "no-such-actor"),
        ("/clusters/no-such-cluster/bridges", None, 404, "no-such-cluster"),
        ("/actors/optonet/recommendations", {"k": 0}, 422, "k"),
        ("/actors/optonet/recommendations", {"ranking": "best"}, 422, "ranking"),
        ("/bridges", {"between": "optik"}, 422, "between"),
        ("/bridges", {"between": ["optik", "automobil"], "limit": 0}, 422, "limit"),
        ("/bridges", {"between": ["optik", "automobil"], "offset": -1}, 422, "offset"),
        ("/paths", {"from": "optonet"}, 422, "to"),
    ],
)
def test_errors_name_the_problem(
    api: httpx.Client, path: str, params, status: int, needle: str
) -> None:
    r = api.get(path, params=params)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "message", "status"} and needle in body["message"]


def test_recommendations_ranked_by_the_learned_mix(api: httpx.Client) -> None:
    fixed = api.get("/actors/optonet/recommendations", params={"k": 5}).json()
    r = api.get("/actors/optonet/recommendations", params={"k": 5, "ranking": "learned"})
    assert r.status_code == 200, r.text
    learned = r.json()
    assert len(learned) == 5 and learned[0]["score"] == 1.0
    assert [x["actor"] for x in learned] != [x["actor"] for x in fixed]


def test_recommendations_filter_by_region_and_type(api: httpx.Client, server: str) -> None:
    """Regression: ``region`` was looked up among the network's nodes, where no region is, so
    every value got a 404; the partner finder ignored it. An unknown type gave an empty 200."""
    url = "/actors/optonet/recommendations"
    every = api.get(url, params={"k": 50}).json()
    for ref in (
        "thueringen",
        "region/thueringen",
        "https://w3id.org/innograph/id/region/thueringen",
    ):
        r = api.get(url, params={"k": 50, "region": ref})
        assert r.status_code == 200, (ref, r.text)
        assert r.json() and {x["actor"] for x in r.json()} <= {x["actor"] for x in every}
    # Berlin-Brandenburg's cluster has no actor in the graph yet: nothing to recommend, no error
    assert api.get(url, params={"region": "berlin-brandenburg"}).json() == []
    r = api.get(url, params={"region": "atlantis"})
    assert r.status_code == 404 and "no region 'atlantis'" in r.json()["message"]
    assert "region/thueringen" in r.json()["message"]  # the known ones are named
    r = api.get(url, params={"type": "Bogus"})
    assert r.status_code in (400, 422) and "type='Bogus'" in r.json()["message"]
    assert "University" in r.json()["message"]
    universities = api.get(url, params={"type": "University", "k": 50}).json()
    assert universities and {x["type"] for x in universities} == {"University"}
    page = httpx.get(server + "/partners", params={"actor": "optonet", "format": "csv", "k": 50})
    in_bb = httpx.get(
        server + "/partners",
        params={"actor": "optonet", "format": "csv", "k": 50, "region": "berlin-brandenburg"},
    )
    assert page.text.count("\n") > 2 and in_bb.text.count("\n") == 1  # header only
    html = httpx.get(
        server + "/partners", params={"actor": "optonet", "region": "berlin-brandenburg"}
    )
    assert "no actor in this region" in html.text
    bad = httpx.get(server + "/partners", params={"actor": "optonet", "region": "atlantis"})
    assert bad.status_code == 404 and "no region &#39;atlantis&#39;" in bad.text  # the page, 4xx


def test_between_a_cluster_and_itself_is_refused(api: httpx.Client, server: str) -> None:
    """Regression: ``between=optik&between=optik`` answered 200 with a cluster bridging itself."""
    r = api.get("/bridges", params=[("between", "optik"), ("between", "cluster/optik")])
    assert r.status_code == 400 and "two different clusters" in r.json()["message"]
    page = httpx.get(server + "/bridges", params=[("between", "optik"), ("between", "optik")])
    assert page.status_code == 400 and "two different clusters" in page.text  # said on the page


def test_an_actor_tied_to_nothing_gets_no_random_partners(api: httpx.Client, server: str) -> None:
    """Regression: an isolated actor (no tie, no shared words) got ten partners, all scored 0.0,
    in alphabetical order; now none, and the finder says why."""

    r = api.get("/actors/agency/bibb/recommendations", params={"k": 10})
    assert r.status_code == 200 and r.json() == []
    ranked = api.get("/actors/optonet/recommendations", params={"k": 50}).json()
    assert ranked and all(x["score"] > 0 for x in ranked)
    page = httpx.get(server + "/partners", params={"actor": "agency/bibb", "lang": "en"})
    assert "Nothing in the graph ties this organisation" in page.text


def test_between_pages_its_actor_lists(api: httpx.Client) -> None:
    """The go-betweens of two large clusters run to tens of thousands at 100k actors: the lists
    are paged together and the totals count them all."""
    pair = [("between", "optik"), ("between", "automobil")]
    whole = api.get("/bridges", params=pair).json()
    n = whole["spanning_total"]
    assert n == len(whole["spanning"]) >= 3 and whole["in_both_total"] == len(whole["in_both"])
    nodes = [x["node"] for x in whole["spanning"]]
    assert nodes == sorted(nodes)
    read: list[str] = []
    for offset in range(0, n, 2):
        page = api.get("/bridges", params=[*pair, ("limit", 2), ("offset", offset)]).json()
        assert page["spanning_total"] == n and len(page["spanning"]) <= 2
        read += [x["node"] for x in page["spanning"]]
    assert read == nodes
    beyond = api.get("/bridges", params=[*pair, ("offset", n + whole["in_both_total"])]).json()
    assert beyond["spanning"] == [] and beyond["in_both"] == [] and beyond["spanning_total"] == n


def test_openapi_documents_the_endpoints(server: str) -> None:
    spec = httpx.get(server + "/openapi.json").json()
    for p in (
        "/api/clusters",
        "/api/bridges",
        "/api/paths",
        "/api/gaps",
        "/api/communities",
        "/api/actors/{actor_id}/recommendations",
    ):
        assert p in spec["paths"], p


def test_cli_bridges_and_recommend(store) -> None:
    out = run_cli("recommend", "optonet", "-k", "3", "--json", "--store", str(store.root)).stdout
    import json

    recs = json.loads(out)
    assert 1 <= len(recs) <= 3 and all("path" in r for r in recs)
    out = run_cli(
        "bridges", "--between", "optik", "automobil", "--json", "--store", str(store.root)
    ).stdout
    assert json.loads(out)["crosslinks"]["stated"] >= 1


@pytest.mark.parametrize("warm", [True, False])
def test_analytics_are_computed_at_start_up_when_asked(store, warm: bool) -> None:
    import time

    from fastapi.testclient import TestClient

    from innograph.api.app import create_app
    from innograph.api.config import Settings

    settings = Settings.from_env(store=str(store.root), warm_analytics=warm)
    app = create_app(settings)
    with TestClient(app) as client:
        deadline = time.monotonic() + 120
        while warm and app.state.analysis.builds == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.state.analysis.builds == (1 if warm else 0)
        assert client.get("/api/clusters").status_code == 200
        assert app.state.analysis.builds == 1  # the request found them (or built them once)


def test_communities_are_compressed_once_and_read_alike(api: httpx.Client) -> None:
    import gzip as gz

    plain = api.get("/communities", headers={"Accept-Encoding": "identity"})
    packed = api.get("/communities", headers={"Accept-Encoding": "gzip"})
    refused = api.get("/communities", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert plain.status_code == packed.status_code == refused.status_code == 200
    assert "content-encoding" not in plain.headers and "content-encoding" not in refused.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    assert packed.json() == plain.json() == refused.json()  # httpx decompresses
    assert gz.compress(plain.content)  # a real body
    assert set(plain.json()) == {"louvain", "modularity_louvain", "modularity_clusters", "nmi"}


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [("gzip", True), ("gzip;q=0", False), ("br, gzip;q=0.5", True), ("identity", False)],
)
def test_compression_follows_the_parsed_accept_encoding(
    api: httpx.Client, accept_encoding: str, gzipped: bool
) -> None:
    """Regression: Starlette compressed whenever the text 'gzip' occurred (gzip;q=0 too)."""
    r = api.get("/clusters", headers={"Accept-Encoding": accept_encoding})
    assert r.status_code == 200 and len(r.content) > 1024
    assert (r.headers.get("content-encoding") == "gzip") is gzipped
