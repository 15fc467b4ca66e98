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
    own = page_path(iri)
    if own is None:
        return None
    path = own.removeprefix("/id/")
    kind, _, rest = path.partition("/")
    if kind == "cluster" and rest:
        return f"/viz/cluster/{rest}"
    if kind in ACTOR_PATHS:
        return f"/viz/actor/{path}"
    return None


def analyses(iri: str) -> list[dict[str, str]]:
    """The analyses an actor's or cluster's page links to: its partners in other clusters, or the
    bridges to another cluster (built from the page path, as ``network_frame``)."""
    own = page_path(iri)
    if own is None:
        return []
    path = unquote(own.removeprefix("/id/"))
    kind, _, rest = path.partition("/")
    if kind == "cluster" and rest:
        return [
            {
                "text": "Bridges to another cluster",
                "href": "/bridges?" + urlencode({"between": rest}),
            }
        ]
    if kind in ACTOR_PATHS:
        return [
            {
                "text": "Partners in other clusters",
                "href": "/partners?" + urlencode({"actor": path}),
            }
        ]
    return []
