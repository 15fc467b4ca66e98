"""The disagreements page in a real browser, as a cluster manager reads it."""

from __future__ import annotations

from tests.browser.conftest import assert_local, screenshot


def test_disagreements_page_shows_both_sides_with_their_lines(page, server: str) -> None:
    page.goto(server + "/disagreements")
    page.wait_for_selector("table.disagreements")
    assert "32" in page.locator("main > p").nth(1).inner_text()
    numeric = page.locator("section#numeric-conflict table").inner_text()
    printed = page.locator("section#numeric-conflict td.side q").all_inner_texts()
    assert "50" in printed and "51" in printed  # PolymerMat: section vs Anlage 2
    assert "line 289" in numeric and "line 671" in numeric
    screenshot(page, "disagreements")
    # the kind filter narrows the page to one group, and the link is shareable
    page.click("nav.kinds >> text=qualifier or scope note (4)")
    page.wait_for_url("**/disagreements?kind=qualifier")
    assert page.locator("section.disagreement-kind").count() == 1
    text = page.locator("section#qualifier").inner_text()
    assert "nur WZ 10 ohne Getränke" in text and "außer Energieerzeugung" in text
    # every side links to its document
    href = page.locator("section#qualifier td.side a").first.get_attribute("href")
    assert href == "/id/source/thcm-brochure-2012"
    assert_local(page, server)


def test_disagreements_page_in_german(page, server: str) -> None:
    page.goto(server + "/disagreements?lang=de&kind=cross-document")
    text = page.locator("main").inner_text()
    assert "Wo die Dokumente voneinander abweichen" in text
    assert "Zeile 33" in text and "Zeile 9" in text
    assert_local(page, server)
