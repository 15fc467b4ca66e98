"""The passage view in a real browser: a reader follows a fact's line from an entity page."""

from __future__ import annotations

from tests.browser.conftest import assert_local, screenshot


def test_a_line_on_an_entity_page_opens_its_passage(page, server: str) -> None:
    page.goto(server + "/disagreements?kind=numeric-conflict")
    page.click("a[href='/source/thcm-brochure-2012?line=289']")
    page.wait_for_url("**/source/thcm-brochure-2012?line=289")
    cited = page.locator("ol.passage li.cited")
    assert cited.count() == 1
    assert "289" in cited.locator(".n").inner_text()
    assert "PolymerMat" in page.locator("ol.passage").inner_text()
    assert_local(page, server)


def test_passage_page(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/source/thcm-brochure-2012?line=602")
    cited = page.locator("ol.passage li.cited")
    assert "geplanter Termin: 4.Q/2012" in cited.inner_text()
    assert page.locator("ol.passage li").count() == 13
    # nothing runs off the side: long lines wrap
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    screenshot(page, "passage")
    page.click("text=later lines")
    page.wait_for_url("**/source/thcm-brochure-2012?line=615*")
    assert page.locator("ol.passage li.cited").inner_text().startswith("615")
    assert_local(page, server)
