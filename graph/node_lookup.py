"""Finding a node of the projection by what a user types: a full IRI, ``kind/slug`` or a slug.

``resolve(G, ref)`` returns the one node ``ref`` names or raises ``NotFoundError`` with the
closest matches (``suggest``), so that a typo in a URL or on the command line is answered with
"did you mean network/optonet?" rather than a bare 404.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node(str(ID) + "network/optonet", kind="actor", label="OptoNet e.V.")
>>> resolve(G, "optonet", kind="actor") == str(ID) + "network/optonet"
True
>>> suggest(G, "optonett")
['network/optonet']
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from innograph.graph.errors import NotFoundError
from innograph.graph.vocab import ID

__all__ = ["resolve", "resolve_among", "short_id", "suggest"]


def short_id(node: str) -> str:
    """``network/optonet`` for a node under the entity namespace; other IRIs unchanged.

    >>> short_id(str(ID) + "network/optonet"), short_id("https://example.org/x")
    ('network/optonet', 'https://example.org/x')
    """
    return node[len(str(ID)) :] if node.startswith(str(ID)) else node


def resolve(G: nx.Graph, ref: str, *, kind: str | None = None, release: str = "") -> str:
    """The node of ``G`` that ``ref`` names: a full IRI, ``kind/slug`` (``network/optonet``) or a
    bare slug that ends exactly one node's IRI (in any case when none ends it as typed).

    Parameters
    ----------
    G : networkx.Graph
        A projection (nodes carry ``kind`` and ``label``).
    ref : str
        What the user typed.
    kind : str, optional
        Only nodes of this kind (``actor``, ``cluster``, …) count.
    release : str
        The release's id, named in the error (its first 12 characters).

    Raises
    ------
    NotFoundError
        No node (of ``kind``) matches, with the closest names if any; or a bare slug matches
        several, all named.
    """
    for c in _spellings(ref):
        if c in G and (kind is None or G.nodes[c]["kind"] == kind):
            return c
    of_kind = [n for n, d in G.nodes(data=True) if kind in (None, d["kind"])]
    # "OptoNet" for network/optonet: slugs are typed in any case
    found = _ending(ref, of_kind) or _ending(ref, of_kind, any_case=True)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise NotFoundError(f"{_shown(ref)} is ambiguous: it could be {', '.join(sorted(found))}")
    hint = suggest(G, ref, kind=kind)
    tip = f"; did you mean {' or '.join(hint)}?" if hint else ""
    where = f" in release {release[:12]}" if release else ""
    raise NotFoundError(f"no {kind or 'entity'} {_shown(ref)}{where}{tip}")


def suggest(G: nx.Graph, ref: str, *, kind: str | None = None, n: int = 3) -> list[str]:
    """Short ids (``network/optonet``) of the at most ``n`` nodes whose id, slug or label is
    closest to ``ref`` (case-insensitive, ``difflib`` similarity of at least 0.6)."""
    names: dict[str, str] = {}
    for node, d in G.nodes(data=True):
        if kind is not None and d["kind"] != kind:
            continue
        short = short_id(node)
        names.setdefault(short.lower(), short)
        names.setdefault(short.rsplit("/", 1)[-1].lower(), short)
        names.setdefault(str(d.get("label", "")).lower(), short)
    close = difflib.get_close_matches(ref.lower().strip("/"), list(names), n=n * 2, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))[:n]


def resolve_among(values: Iterable[str], ref: str, *, what: str, release: str = "") -> str:
    """The one of ``values`` (IRIs that are no node of the projection: regions, say) that ``ref``
    names, as ``resolve`` reads ``ref``: the IRI, ``kind/slug`` or the slug alone.

    >>> resolve_among([str(ID) + "region/thueringen"], "thueringen", what="region")[-10:]
    'thueringen'

    Raises
    ------
    NotFoundError
        None of ``values`` matches (the error lists them when there are few, else the closest),
        or ``ref`` ends several.
    """
    known = sorted(set(values))
    for c in _spellings(ref):
        if c in known:
            return c
    found = _ending(ref, known)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise NotFoundError(f"{_shown(ref)} is ambiguous: it could be {', '.join(found)}")
    shorts = [short_id(v) for v in known]
    named = shorts if len(shorts) <= 8 else difflib.get_close_matches(ref, shorts, n=3, cutoff=0.5)
    where = f" in release {release[:12]}" if release else ""
    tip = f"; known: {', '.join(named)}" if named else ""
    raise NotFoundError(f"no {what} {_shown(ref)}{where}{tip}")


def _spellings(ref: str) -> tuple[str, str]:
    """The IRIs ``ref`` may be as it stands: itself, or a path under ``ID``."""
    return ref, str(ID) + ref.lstrip("/")


def _ending(ref: str, candidates: Iterable[str], *, any_case: bool = False) -> list[str]:
    """The candidates whose IRI ends in ``/ref`` (a slug or ``kind/slug``), as typed or in any
    case."""
    tail = "/" + ref.strip("/")
    if any_case:
        tail = tail.casefold()
        return [c for c in candidates if c.casefold().endswith(tail)]
    return [c for c in candidates if c.endswith(tail)]


def _shown(ref: str, most: int = 80) -> str:
    """``ref`` quoted for a message, cut to ``most`` characters (a 5,000-character parameter was
    echoed whole in the refusal).

    >>> _shown("optik"), len(_shown("x" * 500))
    ("'optik'", 80)
    """
    return repr(ref if len(ref) <= most - 2 else ref[: most - 3] + "…")
