"""Short share links (``api.shares``): content-addressed, stored beside the store, errors 4xx."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from innograph.api.shares import ShareStore, share_id
from innograph.graph.errors import NotFoundError, RateLimitedError

QUERY = "SELECT ?n WHERE { cluster:optik ig:employeeCount ?n }"


def test_sharing_gives_a_short_link_that_reopens_the_query(server: str) -> None:
    r = httpx.post(server + "/api/share", json={"query": QUERY})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["url"] == f"/q/{body['id']}" and len(body["id"]) == 10
    again = httpx.post(server + "/api/share", json={"query": QUERY}).json()
    assert again["id"] == body["id"]  # the same text, the same link
    other = httpx.post(server + "/api/share", json={"query": QUERY + " LIMIT 1"}).json()
    assert other["id"] != body["id"]
    assert httpx.get(server + f"/api/share/{body['id']}").json()["query"] == QUERY
    page = httpx.get(server + body["url"])
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    # the query reaches the page as JSON data (escaped), set to run at once
    marker = '<script id="qp-data" type="application/json">'
    start = page.text.index(marker) + len(marker)
    data = json.loads(page.text[start : page.text.index("</script>", start)])
    assert data["initial"] == QUERY and data["run"] is True


@pytest.mark.parametrize("path", ["/q/aaaaaaaaaa", "/api/share/ABC", "/q/1", "/q/<script>"])
def test_unknown_links_are_404_with_the_error_shape(server: str, path: str) -> None:
    r = httpx.get(server + path)
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and "shared query" in r.json()["message"]


def test_a_path_outside_the_links_is_no_share(server: str) -> None:
    r = httpx.get(server + "/q/..%2F..%2Fetc")
    assert r.status_code == 404 and set(r.json()) == {"error", "message", "status"}


def test_bad_shares_are_refused_naming_the_problem(server: str) -> None:
    empty = httpx.post(server + "/api/share", json={"query": "   "})
    assert empty.status_code == 400 and "empty" in empty.json()["message"]
    big = httpx.post(server + "/api/share", json={"query": "#" * 200_000})
    assert big.status_code == 413 and "limit" in big.json()["message"]
    missing = httpx.post(server + "/api/share", json={"text": QUERY})
    assert missing.status_code == 422
    not_json = httpx.post(server + "/api/share", content=b"query=x",
                          headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert 400 <= not_json.status_code < 500


def test_store_keeps_at_most_its_limit(tmp_path: Path) -> None:
    store = ShareStore(tmp_path / "shares.sqlite3", limit=2)
    a, b = store.put("ASK {}"), store.put("SELECT * {}")
    assert store.get(a) == "ASK {}" and store.get(b) == "SELECT * {}"
    assert store.put("ASK {}") == a  # an old query is no new entry
    with pytest.raises(RateLimitedError, match="full"):
        store.put("DESCRIBE <x:y>")
    with pytest.raises(NotFoundError):
        store.get(share_id("never shared"))


def test_nothing_is_written_until_something_is_shared(tmp_path: Path) -> None:
    store = ShareStore(tmp_path / "sub" / "shares.sqlite3")
    with pytest.raises(NotFoundError):
        store.get("aaaaaaaaaa")
    assert not (tmp_path / "sub").exists()
