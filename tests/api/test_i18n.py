"""The message catalogue and the language of explanations."""

from __future__ import annotations

from pathlib import Path

import httpx
import yaml

CATALOGUE = Path(__file__).resolve().parents[2] / "api" / "templates" / "messages.de.yaml"


def test_the_catalogue_has_each_message_once() -> None:
    """A message written twice is silently overridden by YAML: one entry per message."""
    seen: dict[object, int] = {}
    repeated = []

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        for key, _ in node.value:
            k = loader.construct_object(key)
            if k in seen:
                repeated.append((k, seen[k], key.start_mark.line + 1))
            seen[k] = key.start_mark.line + 1
        return {}

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=Loader)
    assert not repeated, repeated


def test_every_example_and_question_has_a_german_entry() -> None:
    """The query page offers each example (title and description) and each competency question in
    the page's language: none of them may be missing from the catalogue."""
    from innograph.api.query_page import competency_questions
    from innograph.graph.queries import examples

    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    texts = [t for e in examples() for t in (e.title, e.description)]
    texts += [q["question"] for q in competency_questions()]
    missing = [t for t in texts if t not in catalogue]
    assert not missing, missing
    assert [t for t in texts if catalogue[t] == t] == []  # an entry that repeats the English


def test_explanations_speak_the_page_language(server: str) -> None:
    de = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "de"}).text
    en = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "en"}).text
    assert "gehört zu" in de and "belongs to" not in de
    assert "belongs to" in en and "gehört zu" not in en


def test_an_unknown_ranking_is_a_4xx_naming_it(server: str) -> None:
    r = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "ranking": "best"})
    assert r.status_code == 422 and "ranking" in r.json()["message"]
    assert "Traceback" not in r.text


def test_hub_only_partners_are_named_as_such(server: str) -> None:
    """No explanation rests on a hub presented as a partner: a recommendation with no non-hub
    evidence says that only hubs connect the two, naming them, not "shared partners"."""
    page = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "en"}).text
    assert "Shared partners:" not in page
    assert "Only organisations that link almost everyone" in page


def test_the_policy_introduction_speaks_the_page_language(server: str) -> None:
    """The policy page's introduction had stayed English on the German page."""
    de = httpx.get(server + "/policy", params={"lang": "de"}).text
    assert "75 Maßnahmen, davon 16 neu (NEU)." in de and "of them new" not in de
    en = httpx.get(server + "/policy", params={"lang": "en"}).text
    assert "75 measures, 16 of them new (NEU)." in en


def test_network_views_speak_the_page_language(server: str) -> None:
    """The network views' titles and the empty view's explanation had stayed English."""
    for path, de, en in [
        ("/viz/ecosystem", "Ökosystem: Akteure und ihre Verbindungen", "Ecosystem: actors"),
        ("/viz/actor/optonet", "Ego-Netzwerk von OptoNet e.V. (Tiefe 1)", "Ego network of"),
        ("/viz/cluster/medizintechnik", "Diese Ansicht hat keine Knoten", "This view has no"),
    ]:
        german = httpx.get(server + path, params={"lang": "de"}).text
        assert de in german and en not in german, path
        assert en in httpx.get(server + path, params={"lang": "en"}).text, path


def _view_data(page: str) -> dict:
    """The JSON a network page hands its script (``<script id="viz-data">``)."""
    import json
    from html.parser import HTMLParser

    class Data(HTMLParser):
        inside, text = False, ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = tag == "script" and ("id", "viz-data") in attrs

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.text += data

    parser = Data()
    parser.feed(page)
    return json.loads(parser.text)


def test_network_tooltips_and_filters_speak_the_page_language(server: str) -> None:
    """The tooltips ("Betweenness …", "Employees …", "Strength …"), the type names and the link
    kinds of the network views had stayed English on German pages."""
    de = _view_data(httpx.get(server + "/viz/ecosystem", params={"lang": "de"}).text)
    en = _view_data(httpx.get(server + "/viz/ecosystem", params={"lang": "en"}).text)
    assert [n["id"] for n in de["nodes"]] == [n["id"] for n in en["nodes"]]
    assert all("Zwischenzentralität 0" in n["tip"] for n in de["nodes"])
    assert all("Betweenness 0" in n["tip"] for n in en["nodes"])
    assert any("Zwischenzentralität 0," in n["tip"] for n in de["nodes"])  # German decimals
    types = dict(map(tuple, de["filters"]["type"]))
    assert types["Network"] == "Netzwerk" and dict(map(tuple, en["filters"]["type"]))["Network"]
    assert {label for _, label in de["filters"]["link"]} <= {"direkt", "gemeinsame Aktivität"}
    clusters = _view_data(httpx.get(server + "/viz/clusters", params={"lang": "de"}).text)
    tips = [e["tip"] for e in clusters["edges"]]
    assert tips and all("Stärke " in t and "Strength" not in t for t in tips)
    assert any("gemeinsame Beteiligung " in t for t in tips)
    assert any("Beschäftigte " in n["tip"] for n in clusters["nodes"])


def test_network_views_name_clusters_in_the_page_language(server: str) -> None:
    """The network views had named every cluster by its German label, on English pages too."""
    de = _view_data(httpx.get(server + "/viz/clusters", params={"lang": "de"}).text)
    en = _view_data(httpx.get(server + "/viz/clusters", params={"lang": "en"}).text)
    assert "Ernährungsgewerbe" in {x["label"] for x in de["legend"]}
    assert "Food industry" in {x["label"] for x in en["legend"]}
    english = {n["id"]: n["label"] for n in en["nodes"]}
    assert english["https://w3id.org/innograph/id/cluster/ernaehrungsgewerbe"] == "Food industry"
    assert any(t.startswith("Food industry ↔") for t in (e["tip"] for e in en["edges"]))
    page = httpx.get(server + "/viz/cluster/ernaehrungsgewerbe", params={"lang": "en"}).text
    assert '<h1 id="viz-title">Cluster Food industry</h1>' in page


def test_pages_name_clusters_in_the_page_language(server: str) -> None:
    """The partner finder, the bridges and the regions pages had named clusters by their German
    labels on English pages (in choices, results and the explanations' paths)."""
    for path, params in [
        ("/partners", {"actor": "OptoNet e.V."}),
        ("/bridges", {"between": ["optik", "kunststoffe-keramik"]}),
        ("/regions", {}),
    ]:
        en = httpx.get(server + path, params={**params, "lang": "en"}).text
        de = httpx.get(server + path, params={**params, "lang": "de"}).text
        assert "Plastics and ceramics" in en and "Kunststoffe und Keramik" not in en, path
        assert "Kunststoffe und Keramik" in de and "Plastics and ceramics" not in de, path
    en = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "en"}).text
    de = httpx.get(server + "/partners", params={"actor": "OptoNet e.V.", "lang": "de"}).text
    # an organisation keeps its own name in both languages, in its link and in its path
    for page in (en, de):
        assert "Technische Universität Ilmenau</a>" in page
        assert "Ilmenau University of Technology" not in page
    assert "Technische Universität Ilmenau belongs to" in en


def test_the_partner_finder_takes_names_in_either_language(server: str) -> None:
    """The actor list offers the organisations' own names; the finder accepts an English name
    too."""
    en = httpx.get(server + "/partners", params={"lang": "en"}).text
    assert '<option value="Technische Universität Ilmenau">' in en
    for name in ("Ilmenau University of Technology", "Technische Universität Ilmenau"):
        page = httpx.get(server + "/partners", params={"actor": name, "lang": "en"}).text
        assert "Partners for Technische Universität Ilmenau" in page, name


def test_regions_are_named_in_the_page_language(server: str) -> None:
    """The front and regions pages had named Thuringia "Thüringen" on English pages."""
    for path in ("/", "/regions"):
        en = httpx.get(server + path, params={"lang": "en"}).text
        de = httpx.get(server + path, params={"lang": "de"}).text
        assert "Thuringia" in en and ">Thüringen<" not in en, path
        assert "Thüringen" in de and "Thuringia<" not in de, path


def test_the_regions_page_counts_in_singular_and_plural(server: str) -> None:
    """Berlin-Brandenburg had "1 clusters" under its name."""
    import re

    for lang, one, many in (("en", "cluster", "clusters"), ("de", "Cluster", "Cluster")):
        page = httpx.get(server + "/regions", params={"lang": lang}).text
        counts = re.findall(r"<p>(\d+) (\w+) · (\d+) (\w+)", page)
        assert counts, lang
        for n, word, actors, actor_word in counts:
            assert word == (one if n == "1" else many), (lang, n, word)
            singular = {"en": "actor", "de": "Akteur"}[lang]
            assert (actor_word == singular) == (actors == "1"), (lang, actors, actor_word)


def test_the_partner_csv_says_the_path_in_the_pages_language(server: str) -> None:
    """The German page's CSV wrote each path in English ("belongs to"), unlike the page."""
    import csv
    import io

    def paths(lang: str) -> list[str]:
        r = httpx.get(server + "/partners", params={"actor": "optonet", "format": "csv",
                                                    "lang": lang})  # fmt: skip
        assert r.status_code == 200
        return [row["path"] for row in csv.DictReader(io.StringIO(r.text))]

    de, en = paths("de"), paths("en")
    assert de and len(de) == len(en) and de != en
    page = httpx.get(server + "/partners", params={"actor": "optonet", "lang": "de"}).text
    first = de[0].split("; ")[0]
    assert first.split(" ")[-1] in page  # the same sentence as the page's
    assert not any("belongs to" in p or "takes part in" in p for p in de)
