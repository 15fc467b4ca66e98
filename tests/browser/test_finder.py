"""The partner finder and the bridges page in a real browser, as a cluster manager uses them."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.browser.conftest import assert_local


def test_partner_finder_shows_a_known_partner_with_its_evidence(
    page, server: str, tmp_path: Path
) -> None:
    page.goto(server + "/partners")
    page.fill("input[name=actor]", "OptoNet e.V.")
    page.click("button[type=submit]")
    page.wait_for_selector("table.partners")
    text = page.locator("table.partners").inner_text()
    assert "Technische Universität Ilmenau" in text  # the top partner the analytics API ranks
    assert "Path:" in text and "belongs to" in text  # the reason, in words
    assert "actor=OptoNet" in page.url  # shareable
    page.screenshot(path=str(tmp_path / "partners.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=Download as CSV")
    csv_path = tmp_path / "partners.csv"
    download.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8").startswith("partner,iri,type,clusters,score")
    assert_local(page, server)


def test_partner_finder_ranks_by_the_learned_mix_when_chosen(
    page, server: str, tmp_path: Path
) -> None:
    page.goto(server + "/partners?lang=de")
    page.fill("input[name=actor]", "OptoNet e.V.")
    assert page.locator("select[name=ranking]").input_value() == "fixed"  # the default
    page.select_option("select[name=ranking]", "learned")
    page.click("button[type=submit]")
    page.wait_for_selector("table.partners")
    assert "ranking=learned" in page.url  # shareable, with the choice
    assert page.locator("select[name=ranking]").input_value() == "learned"  # kept
    assert "aus den Verbindungen gelernt" in page.inner_text("form.finder")
    scores = [x.split("\n")[0] for x in page.locator("table.partners td.num").all_inner_texts()]
    assert scores[0] == "1"  # the first partner's odds against its own
    # the others' against it, in German numbers ("1" where one is all but level with the first)
    assert all(x == "1" or x.startswith("0,") for x in scores[1:])
    assert any(x.startswith("0,") for x in scores[1:])
    page.screenshot(path=str(tmp_path / "partners-learned.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=Als CSV herunterladen")
    csv_path = tmp_path / "partners.csv"
    download.value.save_as(csv_path)
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][4] == "score" and rows[1][4] == "1.0"  # the CSV holds the learned scores too
    assert_local(page, server)


def test_bridges_page_names_who_is_active_in_both(page, server: str, tmp_path: Path) -> None:
    page.goto(server + "/bridges")
    selects = page.locator("select[name=between]")
    selects.nth(0).select_option("optik")
    selects.nth(1).select_option("life-sciences")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Active in both")
    assert "Friedrich-Schiller-Universität Jena" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "bridges.png"), full_page=True)
    assert_local(page, server)


def test_an_unknown_actor_is_explained_not_an_error_page(page, server: str) -> None:
    page.goto(server + "/partners?actor=optonett")
    assert "did you mean" in page.inner_text("main")
