"""``api.head``: ``HEAD`` on every page and resource answers as ``GET`` does, without the body."""

from __future__ import annotations

import httpx
import pytest

PATHS = [
    "/",
    "/id/network/optonet",
    "/void",
    "/ontology",
    "/policy",
    "/regions",
    "/search?q=jena",
    "/viz/clusters",
    "/partners?actor=optonet",
    "/api/clusters",
    "/api/prefixes",
    "/docs",
    "/dump.nq",
]


@pytest.mark.parametrize("path", PATHS)
def test_head_answers_as_get_without_a_body(server: str, path: str) -> None:
    """Regression: ``HEAD`` got 405 on every route but ``/sparql`` and ``/openapi.json``."""
    plain = {"Accept-Encoding": "identity"}
    get = httpx.get(server + path, headers=plain, timeout=60)
    head = httpx.head(server + path, headers=plain, timeout=60)
    assert head.status_code == get.status_code == 200, (path, head.status_code)
    assert head.content == b""
    for name in ("content-type", "content-security-policy", "vary", "etag"):
        assert head.headers.get(name) == get.headers.get(name), (path, name)
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


def test_head_keeps_content_negotiation_and_errors(server: str) -> None:
    turtle = httpx.head(server + "/id/network/optonet", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    missing = httpx.head(server + "/id/network/no-such-network")
    assert missing.status_code == 404 and missing.content == b""
    assert httpx.request("DELETE", server + "/id/network/optonet").status_code == 405
