"""The README's promises that a file can keep: every local link and image it shows exists, and
every page it shows has a screenshot the browser tests take."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]


def _targets() -> list[tuple[str, str]]:
    """(kind, target) of every link and image in the README, read by a Markdown parser."""
    tokens = MarkdownIt("commonmark").parse((ROOT / "README.md").read_text(encoding="utf-8"))
    found = []
    for block in tokens:
        for t in block.children or []:
            if t.type == "image":
                found.append(("image", str(t.attrGet("src"))))
            elif t.type == "link_open":
                found.append(("link", str(t.attrGet("href"))))
    return found


def test_every_local_link_and_image_exists() -> None:
    local = [
        (k, t) for k, t in _targets() if not t.startswith(("http://", "https://", "#", "mailto:"))
    ]
    assert local, "the README links no file at all"
    missing = [t for _, t in local if not (ROOT / t.split("#")[0]).exists()]
    assert not missing, missing


def test_every_readme_screenshot_is_one_the_tests_take() -> None:
    from tests.browser.test_screenshots import PAGES

    images = [Path(t).stem for k, t in _targets() if k == "image"]
    taken = {name for name, _ in PAGES} | {"query", "query-chart", "query-completion", "docs"}
    assert len(images) >= 10
    assert set(images) <= taken, set(images) - taken


def test_in_page_anchors_exist() -> None:
    tokens = MarkdownIt("commonmark").parse((ROOT / "README.md").read_text(encoding="utf-8"))
    headings = set()
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            text = tokens[i + 1].content.lower()
            headings.add("".join(c for c in text if c.isalnum() or c in " -").replace(" ", "-"))
    anchors = {t[1:] for k, t in _targets() if k == "link" and t.startswith("#")}
    assert anchors <= headings, anchors - headings


def test_the_counts_of_examples_and_questions_are_the_files() -> None:
    """The README had promised 40 competency questions when the page offered 58."""
    import re

    from innograph.api.query_page import competency_questions
    from innograph.graph.queries import examples

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.findall(r"(\d+) example(?:s| queries) and (\d+) competency", text)
    assert len(said) >= 2
    assert {(int(a), int(b)) for a, b in said} == {(len(examples()), len(competency_questions()))}
