"""The query editor's server side: the vendored editor is the release it claims, the page loads
nothing from elsewhere, and the completion sources come from this graph."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx

from innograph.api.query_page import editor_terms
from innograph.graph.vocab import ID_KINDS, IG, PREFIXES

VENDOR = Path(__file__).resolve().parents[2] / "api" / "static" / "vendor" / "yasgui"


def test_vendored_editor_matches_its_recorded_checksums() -> None:
    readme = (VENDOR / "README.md").read_text()
    sums = dict(re.findall(r"^\| (yasgui\.min\.\w+) \| ([0-9a-f]{64}) \|$", readme, re.M))
    assert set(sums) == {"yasgui.min.js", "yasgui.min.css"}
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (VENDOR / "LICENSE").read_text()


def test_page_loads_only_its_own_scripts_and_styles(server: str) -> None:
    page = httpx.get(server + "/query")
    assert page.status_code == 200
    sources = _assets(page.text)
    assert "/static/vendor/yasgui/yasgui.min.js" in sources
    assert all(s.startswith("/static/") for s in sources), sources
    for s in sources:
        assert httpx.get(server + s).status_code == 200, s


def _assets(html: str) -> list[str]:
    """The scripts and style sheets an HTML page loads, read by an HTML parser."""
    found: list[str] = []

    class Assets(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "script" and a.get("src"):
                found.append(str(a["src"]))
            if tag == "link" and a.get("rel") == "stylesheet":
                found.append(str(a["href"]))

    Assets().feed(html)
    return found


def test_prefixes_and_labels_for_completion(server: str) -> None:
    prefixes = httpx.get(server + "/api/prefixes").json()
    assert prefixes == PREFIXES and set(ID_KINDS) <= set(prefixes)
    en = httpx.get(server + "/api/labels", params={"lang": "en"}).json()
    de = httpx.get(server + "/api/labels", params={"lang": "de"}).json()
    optik = PREFIXES["cluster"] + "optik"
    assert en["labels"][optik] != de["labels"][optik]  # each in its language
    assert de["labels"][optik].startswith("Optik")
    assert httpx.get(server + "/api/labels", params={"lang": "fr"}).status_code == 422


def test_editor_terms_are_the_graphs_own(store, db) -> None:
    terms = editor_terms(store.current().id, db)
    assert str(IG.Cluster) in terms["class"] and str(IG.employeeCount) in terms["property"]
    assert not set(terms["class"]) & {"http://dbpedia.org/ontology/Person"}
