"""The front page, over a real HTTP server."""

from __future__ import annotations

import httpx


def test_front_page_shows_the_release(server: str, store) -> None:
    r = httpx.get(server + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    release = store.current()
    assert release.name in r.text
    assert "SourceDocument" in r.text and "conforms" in r.text
    assert "http://" not in r.text.replace("http://www.w3.org", "").replace("http://schema.org", "")
