"""A remote SPARQL 1.1 store behind the same interface as the embedded one.

``--store http(s)://host:port`` puts the data in a server engine (Oxigraph server, or any SPARQL 1.1
store with the Graph Store Protocol) instead of the embedded store. ``RemoteStore`` offers what
``GraphStore`` offers — ``current()``, ``require_current()``, releases that ``open()`` — and
``RemoteDb`` answers ``query()`` with pyoxigraph's own result types (``QuerySolutions``,
``QueryBoolean``; graphs as a list of triples), so the endpoint, entity pages and analytics work
unchanged.

- Queries go to ``<base><query_path>`` (SPARQL 1.1 Protocol). The union default graph is asked for
  portably: every named graph of the release is sent as a ``default-graph-uri``.
- A build validates locally, then replaces each named graph with one Graph Store Protocol ``PUT``
  on ``<base><data_path>?graph=…`` (atomic per graph in the server), removes graphs that are gone,
  and writes the release description graph last: that write is the switch readers see.

Paths default to Oxigraph's (``/query``, ``/store``); for another engine set them in the settings.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from innograph.graph.errors import QueryError, StoreError
from innograph.graph.vocab import BASE, IG

__all__ = ["RELEASE_GRAPH", "RemoteDb", "RemoteRelease", "RemoteStore", "is_remote"]

RELEASE_GRAPH = BASE + "graph/release"
_META = str(IG.releaseMetadata)
_JSON = "application/sparql-results+json"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def is_remote(location: object) -> bool:
    """True for an ``http(s)://`` store location.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("var/store")
    (True, False)
    """
    return str(location).startswith(("http://", "https://"))


@dataclass
class RemoteDb:
    """Query access to a remote store, returning pyoxigraph result objects."""

    base: str
    query_path: str = "/query"
    data_path: str = "/store"
    graphs: list[str] = field(default_factory=list)
    timeout: float = 60.0

    @property
    def query_url(self) -> str:
        return self.base.rstrip("/") + self.query_path

    @property
    def data_url(self) -> str:
        return self.base.rstrip("/") + self.data_path

    def query(
        self,
        text: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Any = None,
        substitutions: dict[ox.Variable, Any] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run one query remotely; same keywords as ``pyoxigraph.Store.query`` (substitutions
        become a ``VALUES`` block)."""
        head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            head = f"BASE <{base_iri}>\n" + head
        if substitutions:
            values = " ".join(
                f"VALUES ?{var.value} {{ {term} }}" for var, term in substitutions.items()
            )
            text = _WHERE.sub(lambda m: m.group(0) + " " + values + " ", text, count=1)
        params: list[tuple[str, str]] = [("query", head + text)]
        if default_graph is not None:
            graphs = default_graph if isinstance(default_graph, list) else [default_graph]
            params += [("default-graph-uri", g.value) for g in graphs if hasattr(g, "value")]
        elif use_default_graph_as_union:
            params += [("default-graph-uri", g) for g in self.graphs]
            if named_graphs is None:  # GRAPH ?g still sees each graph
                params += [("named-graph-uri", g) for g in self.graphs]
        for g in named_graphs or []:
            params.append(("named-graph-uri", g.value))
        try:
            r = httpx.post(
                self.query_url,
                content=urlencode(params).encode(),
                timeout=self.timeout,
                headers={
                    "Accept": f"{_JSON}, application/n-triples;q=0.9",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
        except httpx.HTTPError as err:
            raise StoreError(f"remote store {self.base} unreachable: {err}") from err
        if r.status_code == 400:
            raise SyntaxError(r.text.strip()[:500])
        if r.status_code >= 300:
            raise QueryError(f"remote store answered {r.status_code}: {r.text.strip()[:300]}")
        ctype = r.headers.get("content-type", "").split(";")[0]
        if ctype == _JSON:
            return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        return list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))

    def dump(self, output: Any = None, *, format: ox.RdfFormat) -> bytes | None:
        """The whole dataset (every named graph) in ``format``, via the Graph Store Protocol."""
        r = httpx.get(
            self.data_url, headers={"Accept": "application/n-quads"}, timeout=self.timeout
        )
        if r.status_code >= 300:
            raise StoreError(f"remote store dump failed: {r.status_code}")
        quads = [
            q
            for q in ox.parse(r.content, format=ox.RdfFormat.N_QUADS)
            if q.graph_name.value != RELEASE_GRAPH
        ]
        # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
        data = cast(bytes, ox.serialize(quads, format=format))
        if output is None:
            return data
        with open(output, "wb") as fh:
            fh.write(data)
        return None

    def quads_for_pattern(self, s: Any, p: Any, o: Any, g: Any = None) -> list[ox.Quad]:
        """Every quad (only the all-``None`` pattern is supported remotely)."""
        if any(x is not None for x in (s, p, o, g)):
            raise NotImplementedError("remote stores scan whole datasets only")
        return list(ox.parse(self.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))


@dataclass(frozen=True)
class RemoteRelease:
    """The release currently published in a remote store."""

    store: RemoteStore
    meta: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.id[:12]))

    @property
    def path(self) -> str:
        return self.store.base

    @property
    def db_path(self) -> str:
        return self.store.base

    def open(self) -> RemoteDb:
        return self.store.db(graphs=sorted(self.meta.get("graphs", {})))


class RemoteStore:
    """A SPARQL 1.1 server as innograph's store (see the module docstring)."""

    def __init__(
        self,
        base: str,
        *,
        query_path: str = "/query",
        data_path: str = "/store",
        timeout: float = 60.0,
    ) -> None:
        self.base = base.rstrip("/")
        self.root = self.base
        self.query_path, self.data_path, self.timeout = query_path, data_path, timeout
        self._cached: tuple[float, RemoteRelease | None] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.base!r})"

    def db(self, graphs: list[str] | None = None) -> RemoteDb:
        return RemoteDb(self.base, self.query_path, self.data_path, graphs or [], self.timeout)

    def current(self, *, max_age: float = 2.0) -> RemoteRelease | None:
        """The published release (its description is re-read at most every ``max_age`` s)."""
        now = time.monotonic()
        if self._cached and now - self._cached[0] < max_age:
            return self._cached[1]
        q = f"SELECT ?m WHERE {{ GRAPH <{RELEASE_GRAPH}> {{ <{RELEASE_GRAPH}> <{_META}> ?m }} }}"
        result = self.db().query(q)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"remote store {self.base} answered a SELECT query without rows")
        rows = list(result)
        release = RemoteRelease(self, json.loads(rows[0]["m"].value)) if rows else None
        self._cached = (now, release)
        return release

    def require_current(self) -> RemoteRelease:
        release = self.current()
        if release is None:
            raise StoreError(
                f"no graph has been built into {self.base} yet; run "
                f"`innograph build --store {self.base}`"
            )
        return release

    def open_current(self) -> RemoteDb:
        return self.require_current().open()

    def publish(self, graphs: dict[str, bytes], meta: dict[str, Any]) -> RemoteRelease:
        """Replace every named graph (N-Triples bodies), drop graphs that are gone, then write
        the release description: the last write is the switch."""
        previous = self.current(max_age=0)
        url = self.base + self.data_path
        with httpx.Client(timeout=self.timeout) as client:
            for name, body in sorted(graphs.items()):
                _put(client, url, name, body, f"graph {name}")
            for name in set(previous.meta.get("graphs", {}) if previous else ()) - set(graphs):
                client.delete(url, params={"graph": name})
            meta = {**meta, "name": f"{meta.get('built_at_compact', '')}-{meta['id'][:12]}"}
            description = ox.Triple(
                ox.NamedNode(RELEASE_GRAPH), ox.NamedNode(_META), ox.Literal(json.dumps(meta))
            )
            # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
            desc = cast(bytes, ox.serialize([description], format=ox.RdfFormat.N_TRIPLES))
            _put(client, url, RELEASE_GRAPH, desc, "the release description")
        self._cached = None
        return self.require_current()


def _put(client: httpx.Client, url: str, graph: str, body: bytes, what: str) -> None:
    """Replace one named graph through the Graph Store Protocol; raise if the store refuses."""
    headers = {"Content-Type": "application/n-triples"}
    r = client.put(url, params={"graph": graph}, content=body, headers=headers)
    if r.status_code >= 300:
        raise StoreError(f"remote store refused {what}: {r.status_code} {r.text[:200]}")
