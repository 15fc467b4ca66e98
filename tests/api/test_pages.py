"""The front page, over a real HTTP server."""

from __future__ import annotations

import re

import httpx
import pytest


def test_front_page_shows_the_release_and_the_data(server: str, store) -> None:
    r = httpx.get(server + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert store.current().name in r.text
    assert "SHACL: valid" in r.text
    assert "ig:SourceDocument" in r.text and "ig:Measure" in r.text
    automobil = re.search(
        r">Automotive</a></td><td[^>]*>about 500</td><td[^>]*>about 50,000</td>"
        r"<td[^>]*>about 7,700</td>\s*"
        r'<td class="muted">(\d{4})[^<]*<a href="/id/source/',
        r.text,
    )
    assert automobil, "Automobil's figures, year and source are not in the cluster table"
    assert 2000 < int(automobil.group(1)) <= 2012
    # regions kept apart: each has its own table, Thuringia first
    thuringia = r.text.index('Clusters and figures: <a href="/id/region/thueringen">')
    bb = r.text.index('Clusters and figures: <a href="/id/region/berlin-brandenburg">')
    assert thuringia < automobil.start() < bb < r.text.index("ICT, Media and Creative Industries")


_FRONT_LINKS = ["/partners", "/bridges", "/policy", "/regions", "/search", "/query"]
_FRONT_LINKS += ["/viz/ecosystem", "/docs", "/dump.trig", "/void", "/ontology"]


@pytest.mark.parametrize(
    "link",
    _FRONT_LINKS,
)
def test_front_page_links_where_to_go(server: str, link: str) -> None:
    r = httpx.get(server + "/")
    assert f'href="{link}"' in r.text
    assert httpx.get(server + link).status_code == 200


def test_language_switch(server: str) -> None:
    de = httpx.get(server + "/", params={"lang": "de"}).text
    en = httpx.get(server + "/", params={"lang": "en"}).text
    assert "Cluster und Kennzahlen" in de and "Clusters and figures" in en
    assert "Automotive" in en and ">Automobil<" in de
    assert httpx.get(server + "/", params={"lang": "fr"}).status_code == 422


def test_no_asset_leaves_the_server(server: str) -> None:
    html = httpx.get(server + "/").text
    assert not re.search(
        r'(src|href)="https?://(?!127\.0\.0\.1)', html.replace('href="https://w3id.org', "")
    )


def test_every_page_speaks_both_languages_and_keeps_the_choice(server: str) -> None:
    """?lang=de switches any page and sets a cookie; Accept-Language is honoured; numbers are
    formatted for the language (50.000 in German)."""
    for path in ("/partners", "/bridges", "/policy", "/search?q=jena&lang=de", "/query"):
        de = httpx.get(server + path, params=None if "?" in path else {"lang": "de"},
                       headers={"Accept": "text/html"})  # fmt: skip
        assert 'lang="de"' in de.text and "Brücken" in de.text, path
        assert "lang=de" in de.headers.get("set-cookie", "")
    with httpx.Client(base_url=server) as client:
        client.get("/", params={"lang": "de"})
        assert "Partnersuche" in client.get("/partners").text  # the cookie keeps the choice
    front = httpx.get(server + "/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert "Cluster und Kennzahlen" in front.text and "50.000" in front.text
    english = httpx.get(server + "/", headers={"Accept-Language": "en"})
    assert "Clusters and figures" in english.text and "50,000" in english.text


def test_bridges_page_names_cross_link_kinds_in_the_page_language(server: str) -> None:
    """Regression: the German page named the kinds in English ("co-participation 2")."""
    url = server + "/bridges?between=optik&between=automobil"
    de, en = httpx.get(url + "&lang=de").text, httpx.get(url + "&lang=en").text
    assert "ausdrücklich genannt" in de and "stated" not in de.split("<h2>", 1)[1]
    assert "stated" in en and "ausdrücklich genannt" not in en


def test_bridges_page_lists_the_first_actors_and_counts_the_rest(store, monkeypatch) -> None:
    """Tens of thousands of go-betweens at 100k actors: the page shows ``PAGE_LIMIT`` of each list
    and says how many more the CSV holds; the CSV lists them all."""
    from fastapi.testclient import TestClient

    from innograph.api import finder
    from innograph.api.app import create_app
    from innograph.api.config import Settings

    monkeypatch.setattr(finder, "PAGE_LIMIT", 2)
    app = create_app(Settings.from_env(store=str(store.root), warm_analytics=False))
    with TestClient(app) as client:
        whole = client.get("/api/bridges?between=optik&between=automobil").json()
        page = client.get("/bridges?between=optik&between=automobil&lang=en").text
        csv = client.get("/bridges?between=optik&between=automobil&format=csv").text
    section = page.split("Organisations that connect them", 1)[1].split("Shared activities")[0]
    shown = min(whole["in_both_total"], 2) + min(whole["spanning_total"], 2)
    assert section.count("<tr><td>") == shown
    hidden = whole["in_both_total"] + whole["spanning_total"] - shown
    assert f"and {hidden} more" in section
    assert csv.count("linked to both") == whole["spanning_total"]
    activities = page.split("Shared activities", 1)[1]
    assert activities.split("</table>")[0].count("<tr><td>") == min(whole["activities_total"], 2)
    assert csv.count("shared activity") == whole["activities_total"]


def test_bridges_page_shows_shared_activities_topics_and_a_sketch(server: str, store) -> None:
    """The README promised shared activities and the gaps, as a table and a small network; the
    page had two bullet lists. Each shared activity has participants from both clusters."""
    from innograph.graph.analysis import Analysis

    whole = httpx.get(server + "/api/bridges?between=optik&between=life-sciences").json()
    assert whole["activities"], "optics and life sciences share no activity in the seed graph"
    release = store.require_current()
    G = Analysis.from_store(release.open(), release_id=release.id).G
    for activity in whole["activities"]:
        a = {p["node"] for p in activity["a"]}
        b = {p["node"] for p in activity["b"]}
        assert a and b and len(a | b) > 1
        assert a | b <= set(G[activity["node"]])  # they take part in it, not only named there
        assert all(set(G.edges[activity["node"], x]["types"]) - {"mention"} for x in a | b)
        assert all(whole["a"] in G.nodes[x]["clusters"] for x in a)
        assert all(whole["b"] in G.nodes[x]["clusters"] for x in b)
    page = httpx.get(server + "/bridges?between=optik&between=life-sciences&lang=en").text
    assert '<svg viewBox="0 0 760' in page and 'role="group"' in page  # it holds links
    assert page.count("<circle") == 2 + min(len(whole["in_both"]), 10) + min(
        len(whole["spanning"]), 10
    )
    table = page.split("Shared activities", 1)[1].split("</table>")[0]
    assert table.count("<tr><td>") == len(whole["activities"])


def test_the_front_page_counts_the_editors_examples_and_questions(server: str) -> None:
    """It said "40 questions" (written into the template) while the editor offered 58."""
    from innograph.api.query_page import competency_questions
    from innograph.graph.queries import examples

    n, m = len(examples()), len(competency_questions())
    en = httpx.get(server + "/", params={"lang": "en"}).text
    de = httpx.get(server + "/", params={"lang": "de"}).text
    assert f"{n} examples and {m} questions" in en
    assert f"{n} Beispiele und {m} Fragen" in de


def test_figures_are_shown_as_the_documents_print_them(server: str) -> None:
    """ "ca. 500" and "über 50.000" had lost their qualifier on the front page and the regions
    page (the figures carry ig:approximate and ig:lowerBound)."""
    for path in ("/", "/regions"):
        de = httpx.get(server + path, params={"lang": "de"}).text
        en = httpx.get(server + path, params={"lang": "en"}).text
        assert "über 50.000" in de and "over 50,000" in en, path  # Berlin-Brandenburg's companies
        assert "ca. 500" in de and "about 500" in en, path


def test_the_english_policy_view_names_clusters_and_groups_in_english(server: str) -> None:
    """/policy?lang=en had shown German cluster names everywhere ("Automobil, Biotechnologie"
    among the clusters no measure addresses); the filter keys stay the same in both languages."""
    en = httpx.get(server + "/policy", params={"lang": "en"}).text
    de = httpx.get(server + "/policy", params={"lang": "de"}).text
    assert ">Automotive</a>" in en and ">Automobil</a>" not in en
    assert ">Automobil</a>" in de
    options = re.findall(r'<select name="cluster">(.*?)</select>', en, re.S)[0]
    german = re.findall(r'<select name="cluster">(.*?)</select>', de, re.S)[0]
    assert re.findall(r'value="([^"]*)"', options) == re.findall(r'value="([^"]*)"', german)
    assert options != german  # the same keys, shown in the page's language
    logistics = httpx.get(server + "/policy", params={"lang": "en", "cluster": "Logistik"}).text
    assert "Logistics" in logistics and "0 measure(s)" not in logistics


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/partners?actor=nope", 404, "nope"),
        ("/partners?actor=optonet&cluster=nope", 404, "nope"),
        ("/partners?cluster=nope", 404, "nope"),
        ("/partners?region=nope", 404, "nope"),
        ("/partners?type=Spaceship", 400, "Spaceship"),
        ("/partners?actor=optonet&type=Spaceship", 400, "Spaceship"),
        ("/bridges?between=nope&between=optik", 404, "nope"),
        ("/bridges?between=optik&between=optik", 400, "twice"),
    ],
)
def test_refused_finder_and_bridges_requests_are_4xx_pages(
    server: str, path: str, status: int, words: str
) -> None:
    """An unknown actor answered 200 and an unknown cluster a bare JSON 404: both are now the
    page, with the form and the message, under a 4xx status."""
    r = httpx.get(server + path + "&lang=en", headers={"Accept": "text/html"})
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    message = r.text.split('<p class="bad">', 1)[1].split("</p>", 1)[0]
    assert words in message and "<form" in r.text


def test_topics_are_named_in_the_pages_language_each_isolated(server: str) -> None:
    """The English bridges page named topics in German ("Künstliche Intelligenz"); topics were
    joined as one run of text, so a right-to-left mark in one reordered the rest."""
    url = "/bridges?between=bb-ikt-medien-kreativwirtschaft&between=ikt-dienstleistungen"
    en = httpx.get(server + url + "&lang=en").text
    de = httpx.get(server + url + "&lang=de").text
    topics_en = en.split("Topics both clusters name:", 1)[1].split("</p>", 1)[0]
    topics_de = de.split("Themen, die beide Cluster nennen:", 1)[1].split("</p>", 1)[0]
    assert "<bdi>Artificial intelligence</bdi>" in topics_en and "Künstliche" not in topics_en
    assert "<bdi>Künstliche Intelligenz</bdi>" in topics_de
    partners = httpx.get(server + "/partners?actor=optonet&format=csv&k=50&lang=en").text
    assert "Künstliche Intelligenz" not in partners


def test_a_refusal_does_not_echo_a_huge_parameter(server: str) -> None:
    """A 5,000-character cluster id was echoed whole in the page and in the CSV's error."""
    url = server + "/bridges?between=" + "x" * 5000 + "&between=optik"
    page = httpx.get(url, headers={"Accept": "text/html"})
    csv = httpx.get(url + "&format=csv")
    assert page.status_code == csv.status_code == 404
    message = page.text.split('<p class="bad">', 1)[1].split("</p>", 1)[0]
    assert "x" * 200 not in message and "x" * 200 not in csv.text
    assert "xxx…" in csv.json()["message"] and "xxx…" in message
