"""The passage view (``/source/{doc}?line=N``): the lines around a cited line, read from the seeds
at request time; a document that is not a catalogued seed, a line outside it, or seeds that are
not at hand are a 404 in the shared error shape."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from innograph.api.app import create_app
from innograph.api.config import Settings
from innograph.api.passages import passage_href
from innograph.ingest.line_audit import read_lines

BROCHURE = "003_7f60bfa5933ed3d6.txt"


def _cited(html: str) -> str:
    found = re.search(r'<li id="L(\d+)" class="cited" aria-current="true">(.*?)</li>', html, re.S)
    assert found, "no highlighted line"
    return found.group(1) + "|" + found.group(2)


def test_the_view_shows_the_cited_line_and_six_either_side(server: str, seeds_dir: Path) -> None:
    r = httpx.get(server + "/source/thcm-brochure-2012", params={"line": 602})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    number, text = _cited(r.text).split("|", 1)
    assert number == "602" and "Kick-off-Workshop (geplanter Termin: 4.Q/2012)" in text
    shown = [int(n) for n in re.findall(r'<li id="L(\d+)"', r.text)]
    assert shown == list(range(596, 609))
    assert read_lines(seeds_dir / BROCHURE)[601].strip() in r.text


def test_markup_in_the_text_is_escaped_and_the_ends_are_clipped(server: str) -> None:
    r = httpx.get(server + "/source/thcm-brochure-2012", params={"line": 766})
    shown = [int(n) for n in re.findall(r'<li id="L(\d+)"', r.text)]
    assert shown == list(range(760, 767))
    r = httpx.get(server + "/source/thcm-brochure-2012", params={"line": 648})
    assert "&lt;b&gt;MNT Branchentag 2012&lt;/b&gt;" in r.text  # printed, not interpreted
    assert "<b>MNT Branchentag" not in r.text


def test_german_page(server: str) -> None:
    r = httpx.get(server + "/source/digital-strategy-2020", params={"line": 2765, "lang": "de"})
    assert "Zeile 2765" in r.text and "frühere Zeilen" in r.text
    assert "(SSFG)" in _cited(r.text)


@pytest.mark.parametrize(
    ("path", "line", "words"),
    [
        ("/source/thcm-brochure-2012", "0", "line: 0 is outside"),
        ("/source/thcm-brochure-2012", "767", "line: 767 is outside"),
        ("/source/%2E%2E", "1", "not a source document"),
        ("/source/organisation-registry", "3", "not a source document"),  # a registry: YAML
        ("/source/..%2F..%2Fetc%2Fpasswd", "1", ""),
        ("/source/003_7f60bfa5933ed3d6.txt", "1", "not a source document"),  # ids, not files
    ],
)
def test_bad_document_or_line_is_404_with_the_error_shape(
    server: str, path: str, line: str, words: str
) -> None:
    r = httpx.get(server + path, params={"line": line}, headers={"accept": "application/json"})
    assert r.status_code == 404
    body = r.json()
    assert set(body) == {"error", "message", "status"} and body["status"] == 404
    assert words in body["message"]


def test_absent_seeds_are_a_404_naming_the_problem(store, tmp_path: Path) -> None:
    settings = Settings.from_env(store=str(store.root), sources=str(tmp_path))
    with TestClient(create_app(settings)) as client:
        r = client.get(
            "/source/thcm-brochure-2012?line=602", headers={"accept": "application/json"}
        )
    assert r.status_code == 404
    assert "is not in the sources directory" in r.json()["message"]
    assert str(tmp_path) not in r.json()["message"]  # no server paths in errors


def test_an_altered_seed_is_refused(store, tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / BROCHURE).write_text("one line\n", encoding="utf-8")
    settings = Settings.from_env(store=str(store.root), sources=str(tmp_path))
    with TestClient(create_app(settings)) as client:
        r = client.get("/source/thcm-brochure-2012?line=1", headers={"accept": "application/json"})
    assert r.status_code == 404 and "SHA-256" in r.json()["message"]


def test_links_only_for_seed_documents() -> None:
    src = "https://w3id.org/innograph/id/source/"
    assert passage_href(src + "digital-strategy-2020", 2765) == (
        "/source/digital-strategy-2020?line=2765"
    )
    assert passage_href(src + "research-registry", 4) is None
    assert passage_href(src + "thcm-brochure-2012", None) is None
    assert passage_href("https://example.org/source/x", 1) is None


def test_entity_pages_link_each_fact_line_to_its_passage(server: str) -> None:
    html = httpx.get(server + "/id/foundation/sfg").text
    assert 'href="/source/digital-strategy-2020?line=2765"' in html  # "SSFG", printed there
    html = httpx.get(server + "/id/cluster/optik").text
    assert 'href="/source/thcm-brochure-2012?line=' in html  # figures and provenance
    html = httpx.get(server + "/id/measure/L2-02").text
    assert re.search(r'href="/source/digital-strategy-2020\?line=\d+"', html)


def test_disagreements_link_each_side_to_its_passage(server: str) -> None:
    html = httpx.get(server + "/disagreements?kind=numeric-conflict").text
    assert 'href="/source/thcm-brochure-2012?line=289"' in html
    assert 'href="/source/thcm-brochure-2012?line=671"' in html
