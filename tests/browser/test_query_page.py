"""The query editor in a real browser: YASGUI's editor, result views, downloads, share links,
completion from this server only, and nothing that leaves 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph

from tests.browser.conftest import assert_local, screenshot
from tests.conftest import N_DOCS


def _type_query(page, text: str) -> None:
    page.click("#editor .CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def test_an_example_runs_with_labels_instead_of_iris(page, server: str) -> None:
    page.goto(server + "/query")
    assert page.locator("button.example").count() >= 12
    page.wait_for_selector("#editor .CodeMirror")  # the editor, not a plain textarea
    page.get_by_text("Source documents and what each contributed").click()
    page.wait_for_selector("#result-table")
    assert page.locator("#result-table tbody tr").count() == N_DOCS
    link = page.locator("#result-table tbody a").first
    assert link.get_attribute("href").startswith("/id/source/")
    assert not link.inner_text().startswith("http")  # a label, the IRI as its title
    assert link.get_attribute("title").startswith("https://w3id.org/innograph/id/source/")
    # the example's body is in sight: only the prefixes it uses are declared, folded
    editor = page.locator("#editor .CodeMirror").inner_text()
    assert "SourceDocument" in editor and "PREFIX skos" not in editor
    assert "/query?query=" in page.url and "SourceDocument" in page.url
    # every column name on one line (they had broken inside the word: "langu / age")
    spreads = page.evaluate(
        """() => [...document.querySelectorAll('#result-table th')].map(th => {
               const range = document.createRange(); range.selectNodeContents(th);
               const tops = [...range.getClientRects()].map(r => r.top);
               const size = parseFloat(getComputedStyle(th).fontSize);
               return (Math.max(...tops) - Math.min(...tops)) / size; })"""
    )
    assert spreads and max(spreads) < 0.8, spreads  # text boxes a line or more apart: wrapped
    # an example's number stands beside its first line, not its last
    aligned = page.evaluate(
        """() => [...document.querySelectorAll('#examples button.example')]
               .map(b => getComputedStyle(b).verticalAlign)"""
    )
    assert set(aligned) == {"top"}
    screenshot(page, "query")
    assert_local(page, server)


def test_the_german_page_speaks_german(page, server: str) -> None:
    """Example titles, competency questions and the row count in German (they had stayed English
    on /query?lang=de)."""
    page.goto(server + "/query?lang=de")
    page.wait_for_selector("#editor .CodeMirror")
    titles = page.locator("#examples button.example").all_inner_texts()
    assert "Quelldokumente und ihr Beitrag" in titles
    assert "Source documents and what each contributed" not in titles
    questions = page.locator("#questions button.example").all_inner_texts()
    assert "Wie viele Maßnahmen hat die Thüringer Digitalstrategie?" in questions
    page.get_by_text("Quelldokumente und ihr Beitrag").click()
    page.wait_for_selector("#result-table")
    status = page.locator("#status").inner_text()
    assert f"{N_DOCS} Zeile(n)" in status and "row(s)" not in status
    screenshot(page, "query-de")
    assert_local(page, server)


def test_rows_sort_and_page(page, server: str) -> None:
    query = "SELECT ?id ?m WHERE { ?m ig:measureId ?id }"
    page.goto(server + "/query?query=" + quote(query))
    page.wait_for_selector("#result-table")
    pager = page.locator(".pager")
    assert "of 75" in pager.inner_text()
    assert page.locator("#result-table tbody tr").count() == 50
    page.locator("th button.sort").first.click()  # sort by ?id ascending
    assert page.locator("th").first.get_attribute("aria-sort") == "ascending"
    ids = page.locator("#result-table tbody tr td:first-child").all_inner_texts()
    assert ids == sorted(ids)
    page.locator("th button.sort").first.click()
    descending = page.locator("#result-table tbody tr td:first-child").all_inner_texts()
    assert descending[0] > ids[0]
    page.get_by_role("button", name="next ›").click()
    assert "51–75 of 75" in pager.inner_text()
    assert page.locator("#result-table tbody tr").count() == 25


def test_numeric_results_draw_a_chart(page, server: str) -> None:
    page.goto(server + "/query")
    page.get_by_text("Largest networks by number of members").click()
    page.wait_for_selector("#result-table")
    page.locator(".views button[data-view=chart]").click()
    chart = page.locator("#result-chart")
    chart.wait_for()
    assert chart.locator("rect").count() >= 5
    assert "optonet" in chart.text_content().lower()
    screenshot(page, "query-chart")


def test_every_result_kind_downloads(page, server: str, tmp_path: Path) -> None:
    page.goto(
        server + "/query?query=" + quote("SELECT ?n WHERE { cluster:optik ig:employeeCount ?n }")
    )
    page.wait_for_selector("#result-table")
    with page.expect_download() as dl:
        page.locator("#downloads a[data-format=csv]").click()
    target = tmp_path / "rows.csv"
    dl.value.save_as(target)
    assert target.read_text().splitlines()[0] == "n"
    construct = "CONSTRUCT { cluster:optik ig:employeeCount ?n } WHERE { cluster:optik ig:employeeCount ?n }"
    page.goto(server + "/query?query=" + quote(construct))
    page.wait_for_selector("pre.raw")
    formats = page.locator("#downloads a").evaluate_all("as => as.map(a => a.dataset.format)")
    assert {"turtle", "ntriples", "jsonld", "rdfxml", "csv"} <= set(formats)
    with page.expect_download() as dl:
        page.locator("#downloads a[data-format=turtle]").click()
    ttl = tmp_path / "graph.ttl"
    dl.value.save_as(ttl)
    assert len(Graph().parse(ttl, format="turtle")) == 1


def test_a_share_link_reopens_the_query(page, server: str, browser) -> None:
    page.goto(server + "/query")
    _type_query(page, "SELECT ?n WHERE { cluster:optik ig:companyCount ?n }")
    page.click("#share")
    link = page.locator("#share-link")
    link.wait_for()
    url = link.input_value()
    assert url.startswith(server + "/q/") and len(url) < len(server) + 20
    other = browser.new_context().new_page()  # someone else opens it
    other.goto(url)
    other.wait_for_selector("#result-table")
    assert "companyCount" in other.locator("#editor .CodeMirror").inner_text()
    assert other.locator("#result-table tbody tr").count() == 1
    other.context.close()


def test_completion_comes_from_this_server(page, server: str) -> None:
    page.goto(server + "/query")
    _type_query(page, "SELECT * WHERE { cluster:opt")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints")
    hints.wait_for()
    assert "cluster:optik" in hints.inner_text()
    screenshot(page, "query-completion")
    assert_local(page, server)  # no prefix.cc, no LOV


def test_shared_query_url_runs_on_load(page, server: str) -> None:
    page.goto(server + "/query?query=" + "ASK%20%7B%20%3Fs%20a%20ig%3ASourceDocument%20%7D")
    page.wait_for_selector("#status:has-text('true')")  # no eval: the CSP forbids it
    assert_local(page, server)


def test_syntax_error_is_shown(page, server: str) -> None:
    page.goto(server + "/query")
    _type_query(page, "SELECT * WHERE { ?s")
    page.click("#run")
    page.wait_for_selector("#results .error")
    assert "syntax error" in page.locator("#results .error").inner_text()


def test_script_iri_in_results_is_not_a_link(page, server: str) -> None:
    """Reflected click-XSS: a query can return any IRI; only http(s)/mailto become links."""
    query = (
        'SELECT (IRI("javascript:alert(document.domain)") AS ?x) (<https://example.org/> AS ?y) {}'
    )
    page.goto(server + "/query?query=" + quote(query))
    page.wait_for_selector("#result-table")
    hrefs = [a.get_attribute("href") for a in page.locator("#result-table a").all()]
    assert hrefs == ["https://example.org/"], hrefs
    assert "javascript:alert" in page.locator("#result-table").inner_text()  # shown as text


def test_our_own_iris_link_only_to_our_own_pages(page, server: str) -> None:
    """Regression: an IRI under the site's base became '/' + the rest of its text, so
    <https://w3id.org/innograph//evil.example/x> linked to //evil.example/x (another host) and a
    '..' segment (plain or %2e%2e, which browsers decode) to another page of this site."""
    base = "https://w3id.org/innograph/"
    iris = {
        "spoof": base + "/evil.example/phish",
        "dots": base + "id/actor/dot/../../q/abc",
        "encoded": base + "id/actor/q/%2e%2e/%2e%2e/query",
        "back": base + "id/actor/a\\..\\..\\query",
        "ours": base + "id/network/optonet",
        "query": base + "id/actor/a?b=c",
    }
    select = " ".join(f"(IRI({json.dumps(v)}) AS ?{k})" for k, v in iris.items())
    page.goto(server + "/query?query=" + quote(f"SELECT {select} {{}}"))
    page.wait_for_selector("#result-table")
    links = page.evaluate(
        "() => [...document.querySelectorAll('#result-table a')]"
        ".map(a => [a.title, new URL(a.href).host, new URL(a.href).pathname])"
    )
    host = server.removeprefix("http://")
    by_iri = {title: (h, path) for title, h, path in links}
    assert set(by_iri) == {iris["ours"], iris["query"]}, links
    assert by_iri[iris["ours"]] == (host, "/id/network/optonet")
    assert by_iri[iris["query"]] == (host, "/id/actor/a%3Fb=c")  # the '?' stays in the path


def test_docs_render_offline(page, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    screenshot(page, "docs")
    assert_local(page, server)
