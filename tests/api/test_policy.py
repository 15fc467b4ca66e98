"""The policy view: the 75 measures by topic, lead, NEU mark and cluster."""

from __future__ import annotations

import re

import httpx


def _measure_rows(html: str) -> list[str]:
    return re.findall(r'<td class="nowrap">([A-Z]\d?-\d\d)', html)


def test_all_measures_and_the_new_ones(server: str) -> None:
    page = httpx.get(server + "/policy").text
    assert len(_measure_rows(page)) == 75
    assert len(_measure_rows(httpx.get(server + "/policy", params={"new": "yes"}).text)) == 16


def test_filter_by_lead_and_clusters_without_measures(server: str) -> None:
    page = httpx.get(server + "/policy").text
    leads = re.findall(r'<option value="(Thüringer Ministerium[^"]+)"', page)
    assert leads
    narrowed = _measure_rows(httpx.get(server + "/policy", params={"lead": leads[0]}).text)
    assert 0 < len(narrowed) < 75
    assert "Clusters no measure addresses" in page
    assert "Medizintechnik" in httpx.get(server + "/policy", params={"lang": "de"}).text


def test_bad_filter_values_are_422(server: str) -> None:
    r = httpx.get(server + "/policy", params={"new": "maybe"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"


def test_an_empty_network_view_explains_itself(server: str) -> None:
    page = httpx.get(server + "/viz/cluster/medizintechnik").text
    assert 'class="empty"' in page and "no nodes" in page


def test_regions_side_by_side_with_years_and_sources(server: str) -> None:
    page = httpx.get(server + "/regions", params={"lang": "de"}).text
    assert "Thüringen" in page and "Berlin-Brandenburg" in page
    assert "50.000" in page  # Berlin-Brandenburg's companies, formatted for German
    assert "2012-09" in page and 'href="/id/source/thcm-brochure-2012"' in page
    assert page.index("Thüringen") < page.index("Berlin-Brandenburg</a></h2>")
