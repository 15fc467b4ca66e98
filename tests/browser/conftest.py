"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, offline."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make test` (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: str):
    """A fresh page that records every request; tests assert none leaves the server."""
    context = browser.new_context()
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()


def assert_local(page, server: str) -> None:
    outside = [u for u in page.requests if not (u.startswith(server) or u.startswith("data:"))]
    assert not outside, f"requests left 127.0.0.1: {outside}"


SCREENSHOTS = Path(os.environ.get("INNOGRAPH_SCREENSHOTS") or ROOT / "var" / "screenshots")
"""Where the browser tests leave a screenshot of every page they look at, for a reviewer."""


SCREENSHOT_TYPE = os.environ.get("INNOGRAPH_SCREENSHOT_TYPE", "png")
"""``png`` for review; ``jpeg`` for the smaller copies the README shows (``make screenshots``)."""


def screenshot(page, name: str, *, full_page: bool = False) -> Path:
    """Save what ``page`` shows as ``SCREENSHOTS/<name>.png`` (or ``.jpg``); return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if SCREENSHOT_TYPE == "jpeg":
        path = SCREENSHOTS / f"{name}.jpg"
        page.screenshot(path=str(path), full_page=full_page, type="jpeg", quality=72)
    else:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
    return path
