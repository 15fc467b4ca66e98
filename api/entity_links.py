"""The links an entity page adds for actors and clusters: the network view it embeds and the
analyses it points to (partners, bridges). Each is built from the page path
(``graph.vocab.page_path``: segments percent-encoded, no '.' or '..'), never from an IRI's raw
text, so that no IRI can point them at another page or add to their query.

>>> network_frame("https://w3id.org/innograph/id/network/optonet")
'/viz/actor/network/optonet'
>>> analyses("https://w3id.org/innograph/id/cluster/optik")[0]["href"]
'/bridges?between=optik'
"""

from __future__ import annotations

from urllib.parse import unquote, urlencode

from innograph.graph.vocab import ACTOR_PATHS, page_path

__all__ = ["analyses", "network_frame"]


def network_frame(iri: str) -> str | None:
    """The network view an actor's or cluster's page embeds (``None`` for other kinds): built from
    the page path (``page_path``: each segment percent-encoded, no '.' or '..'), never from the
    IRI's raw text, so that no IRI can point the frame at another page or give it a query."""
    found = _kind_of(iri)
    if found is None:
        return None
    kind, path = found
    return f"/viz/cluster/{path.partition('/')[2]}" if kind == "cluster" else f"/viz/actor/{path}"


def analyses(iri: str) -> list[dict[str, str]]:
    """The analyses an actor's or cluster's page links to: its partners in other clusters, or the
    bridges to another cluster (built from the page path, as ``network_frame``)."""
    found = _kind_of(iri)
    if found is None:
        return []
    kind, path = found
    path = unquote(path)  # urlencode encodes it once more
    if kind == "cluster":
        between = urlencode({"between": path.partition("/")[2]})
        return [{"text": "Bridges to another cluster", "href": "/bridges?" + between}]
    return [
        {"text": "Partners in other clusters", "href": "/partners?" + urlencode({"actor": path})}
    ]


def _kind_of(iri: str) -> tuple[str, str] | None:
    """``("cluster" | "actor", path under /id/)`` for a cluster's or an actor's own IRI (the path
    percent-encoded, from ``page_path``); ``None`` for any other IRI."""
    own = page_path(iri)
    if own is None:
        return None
    path = own.removeprefix("/id/")
    kind, _, rest = path.partition("/")
    if kind == "cluster" and rest:
        return "cluster", path
    if kind in ACTOR_PATHS:
        return "actor", path
    return None
