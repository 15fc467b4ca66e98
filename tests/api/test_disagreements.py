"""``/disagreements``: the documents' disagreements by kind; a kind the vocabulary lacks is named."""

from __future__ import annotations

import httpx


def test_a_kind_filters_and_an_unknown_kind_is_400(server: str) -> None:
    """Regression: ``?kind=nope`` answered 200 with an empty list, as if nothing disagreed."""
    every = httpx.get(server + "/disagreements", params={"format": "json"}).json()
    kinds = set(every["counts"])
    assert kinds and every["total"] == sum(every["counts"].values())
    for kind in kinds:
        one = httpx.get(server + "/disagreements", params={"format": "json", "kind": kind}).json()
        assert len(one["discrepancies"]) == every["counts"][kind]
        assert {d["kind"] for d in one["discrepancies"]} == {kind}
    bad = httpx.get(server + "/disagreements", params={"format": "json", "kind": "nope"})
    assert bad.status_code == 400 and "kind='nope'" in bad.json()["message"]
    assert all(k in bad.json()["message"] for k in kinds)  # the known kinds are listed
