"""The query page in a real browser: runs an example, shows the table, stays offline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests.browser.conftest import assert_local
from tests.conftest import N_DOCS


def test_query_page_runs_an_example(page, server: str, tmp_path: Path) -> None:
    page.goto(server + "/query")
    examples = page.locator("button.example")
    assert examples.count() >= 12
    page.get_by_text("Source documents and what each contributed").click()
    page.wait_for_selector("#result-table")
    rows = page.locator("#result-table tr")
    assert rows.count() == 1 + N_DOCS  # header + one row per source document
    assert "thcm-brochure-2012" in page.locator("#result-table").inner_text()
    # the query is in the URL, so the result can be shared
    assert "/query?query=" in page.url and "SourceDocument" in page.url
    page.screenshot(path=str(tmp_path / "query-page.png"), full_page=True)
    # entity links go to our own pages
    href = page.locator("#result-table a").first.get_attribute("href")
    assert href.startswith("/id/source/")
    assert_local(page, server)


def test_shared_query_url_runs_on_load(page, server: str) -> None:
    page.goto(server + "/query?query=" + "ASK%20%7B%20%3Fs%20a%20ig%3ASourceDocument%20%7D")
    page.wait_for_selector("#status:has-text('true')")  # no eval: the CSP forbids it
    assert_local(page, server)


def test_syntax_error_is_shown(page, server: str) -> None:
    page.goto(server + "/query")
    page.fill("#query", "SELECT * WHERE { ?s")
    page.click("#run")
    page.wait_for_selector("#results .error")
    assert "syntax error" in page.locator("#results .error").inner_text()


def test_script_iri_in_results_is_not_a_link(page, server: str, tmp_path: Path) -> None:
    """Reflected click-XSS: a query can return any IRI; only http(s)/mailto become links."""
    query = (
        'SELECT (IRI("javascript:alert(document.domain)") AS ?x) (<https://example.org/> AS ?y) {}'
    )
    page.goto(server + "/query?query=" + quote(query))
    page.wait_for_selector("#result-table")
    hrefs = [a.get_attribute("href") for a in page.locator("#result-table a").all()]
    assert hrefs == ["https://example.org/"], hrefs
    assert "javascript:alert" in page.locator("#result-table").inner_text()  # shown as text


def test_docs_render_offline(page, server: str, tmp_path: Path) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    page.screenshot(path=str(tmp_path / "docs.png"))
    assert_local(page, server)
