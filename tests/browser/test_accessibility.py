"""Every page passes an automated accessibility check (axe-core, in Chromium): no serious or
critical violations. axe-core comes from npm (``make test`` installs it into .venv/axe)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import ARGS, CHROMIUM  # noqa: F401  (the same browser setup)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = [
    "/",
    "/?lang=de",
    "/query",
    "/query?query=SELECT%20%3Fn%20%3Fm%20WHERE%20%7B%20%3Fn%20ig%3AmemberCount%20%3Fm%20%7D",
    "/search?q=jena",
    "/partners?actor=OptoNet%20e.V.",
    "/bridges?between=optik&between=life-sciences",
    "/policy",
    "/disagreements",
    "/source/thcm-brochure-2012?line=602",
    "/regions",
    "/id/network/optonet",
    "/id/measure/L2-02",
    "/ontology",
    "/viz/ecosystem",
    "/viz/clusters",
]


@pytest.fixture(scope="module")
def axe_page(browser):
    if not AXE.is_file():
        msg = "axe-core is not installed (`make test` installs it into .venv/axe)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + " (CI=true requires it)")
        pytest.skip(msg)
    # axe is injected as a script: the pages' Content-Security-Policy would (rightly) block it
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(axe_page, server: str, path: str) -> None:
    axe_page.goto(server + path)
    axe_page.wait_for_load_state("networkidle")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,"
        " target: v.nodes.slice(0, 3).map(x => x.target.join(' '))})); }"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, serious
