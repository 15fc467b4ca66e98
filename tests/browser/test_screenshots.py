"""Every page, looked at in Chromium as a newcomer would: it loads without script errors, nothing
leaves 127.0.0.1, nothing spills sideways at a laptop's width, the language holds, and a
screenshot is left in ``var/screenshots/`` (``INNOGRAPH_SCREENSHOTS``) for a reviewer."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_local, screenshot

PAGES = [
    ("front", "/"),
    ("front-de", "/?lang=de"),
    ("partners", "/partners?actor=OptoNet%20e.V."),
    ("bridges", "/bridges?between=optik&between=life-sciences"),
    ("policy", "/policy"),
    ("regions", "/regions"),
    ("disagreements", "/disagreements"),
    ("passage", "/source/thcm-brochure-2012?line=602"),
    ("search", "/search?q=jena"),
    ("cluster", "/id/cluster/optik"),
    ("cluster-de", "/id/cluster/optik?lang=de"),
    ("network", "/id/network/optonet"),
    ("measure-de", "/id/measure/L2-02?lang=de"),
    ("research", "/id/research/fsu-jena"),
    ("ontology", "/ontology"),
    ("viz-ecosystem", "/viz/ecosystem"),
    ("viz-clusters", "/viz/clusters"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[n for n, _ in PAGES])
def test_page_looks_right(page, server: str, name: str, path: str, request) -> None:
    if path.startswith("/source/"):
        request.getfixturevalue("seeds_dir")  # the passage view reads the seeds: skip without
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert not errors, errors
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than the window"
    assert page.locator("h1").count() >= 1 or path.startswith("/viz/")
    lang = "de" if "lang=de" in path else "en"
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("header a[href='/search'], header form[action='/search']").count() >= 1
    screenshot(page, name)
    assert_local(page, server)
