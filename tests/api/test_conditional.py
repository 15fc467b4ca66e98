"""``api.conditional``: entity tags that differ where the bytes differ, and 304 for a match."""

from __future__ import annotations

import httpx

PAGE = "/id/network/optonet"


def test_a_page_answers_304_to_its_own_tag(server: str) -> None:
    """Regression: /id sent an ETag but ignored If-None-Match (200 with the whole body)."""
    for accept in ("text/turtle", "text/html"):
        first = httpx.get(server + PAGE, headers={"Accept": accept})
        etag = first.headers["etag"]
        again = httpx.get(server + PAGE, headers={"Accept": accept, "If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", accept
        assert again.headers["etag"] == etag and "content-security-policy" in again.headers
        weak = httpx.get(server + PAGE, headers={"Accept": accept, "If-None-Match": f"W/{etag}"})
        assert weak.status_code == 304
        other = httpx.get(server + PAGE, headers={"Accept": accept, "If-None-Match": '"old"'})
        assert other.status_code == 200 and other.content == first.content


def test_each_language_and_encoding_has_its_own_tag(server: str) -> None:
    """Regression: the German and English page had one strong ETag, and no Vary on the
    language; a compressed and a plain body had one tag too."""
    de = httpx.get(server + PAGE, headers={"Accept-Language": "de"})
    en = httpx.get(server + PAGE, headers={"Accept-Language": "en"})
    assert de.content != en.content and de.headers["etag"] != en.headers["etag"]
    for r in (de, en):
        vary = {v.strip().lower() for v in r.headers["vary"].split(",")}
        assert {"accept", "accept-language", "cookie"} <= vary
    # the German tag does not validate the English page
    cross = httpx.get(
        server + PAGE, headers={"Accept-Language": "en", "If-None-Match": de.headers["etag"]}
    )
    assert cross.status_code == 200
    query = {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 300"}
    plain = httpx.get(server + "/sparql", params=query, headers={"Accept-Encoding": "identity"})
    packed = httpx.get(server + "/sparql", params=query, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert plain.headers["etag"] != packed.headers["etag"]
    for r in (plain, packed):  # each tag validates its own representation
        again = httpx.get(
            server + "/sparql",
            params=query,
            headers={
                "Accept-Encoding": r.request.headers["accept-encoding"],
                "If-None-Match": r.headers["etag"],
            },
        )
        assert again.status_code == 304


def test_every_page_and_api_answer_has_a_tag_and_answers_304(server: str) -> None:
    """The README promises HEAD and If-None-Match alike everywhere; the front page, /policy,
    /regions, /partners, /query, the network views, /void, /ontology and /api/… sent no ETag."""
    paths = ["/", "/policy", "/regions", "/partners?actor=optonet", "/query", "/viz/ecosystem",
             "/void", "/ontology", "/api/clusters", "/partners?actor=optonet&format=csv"]  # fmt: skip
    for path in paths:
        first = httpx.get(server + path, headers={"Accept-Language": "de"})
        assert first.status_code == 200, path
        etag = first.headers.get("etag")
        assert etag, path
        again = httpx.get(server + path, headers={"Accept-Language": "de", "If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", path
        head = httpx.head(server + path, headers={"Accept-Language": "de"})
        assert head.headers.get("etag") == etag, path
        english = httpx.get(server + path, headers={"Accept-Language": "en", "If-None-Match": etag})
        assert english.status_code == 200 or english.content == b"", path  # no stale language
        if english.status_code == 200:
            assert english.headers["etag"] != etag or english.content == first.content, path


def test_what_an_answer_depends_on_is_in_its_vary(server: str) -> None:
    """The partner CSV and JSON answers depend on the language, /search, /void and /ontology on
    Accept; their Vary said neither (a cache could serve German to an English reader, JSON to a
    browser)."""

    def varies(path: str, **headers: str) -> set[str]:
        r = httpx.get(server + path, headers=headers)
        assert r.status_code == 200, path
        return {v.strip().lower() for v in r.headers.get("vary", "").split(",")}

    assert "accept-language" in varies("/partners?actor=optonet&format=csv")
    assert "accept-language" in varies("/disagreements?format=json")
    for path in ("/search?q=optonet", "/void", "/ontology"):
        assert "accept" in varies(path, accept="application/json"), path
        assert "accept" in varies(path, accept="text/html"), path
    de = httpx.get(server + "/partners?actor=optonet&format=csv", headers={"Accept-Language": "de"})
    en = httpx.get(server + "/partners?actor=optonet&format=csv", headers={"Accept-Language": "en"})
    assert de.content != en.content and de.headers["etag"] != en.headers["etag"]
