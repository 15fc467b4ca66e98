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
Tested against ``oxigraph serve`` and Virtuoso 7.2 open source (``/sparql`` and the digest-protected
``/sparql-graph-crud-auth``). Credentials (``user``/``password``, HTTP digest or basic) go in
request headers only: never in a URL, a message or a ``repr``.

Virtuoso's answers are normalised here so that callers see what Oxigraph would give:

- it answers ASK as a one-column table ``__ASK_RETVAL`` (a row with 1, or no row): read as a
  boolean;
- its blank nodes in result tables look like ``nodeID://b10000``: made valid blank node labels;
- it answers CONSTRUCT/DESCRIBE in a results table when results are acceptable, so a graph query
  asks for N-Triples only;
- its Graph Store endpoint has no whole-dataset ``GET``: a dump reads the release's graphs one
  by one;
- its default graph is the union of all graphs (system graphs included): innograph never relies on
  the server's default graph, since every query names the release's graphs in the protocol.
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

from innograph.graph.errors import QueryError, SettingsError, StoreError
from innograph.graph.vocab import BASE, IG

__all__ = ["RELEASE_GRAPH", "RemoteDb", "RemoteRelease", "RemoteStore", "is_remote"]

RELEASE_GRAPH = BASE + "graph/release"
_META = str(IG.releaseMetadata)
_JSON = "application/sparql-results+json"
_NO_GRAPH = "urn:innograph:no-graph"  # named as a default graph: an empty one
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)
_ASK_COLUMN = "__ASK_RETVAL"  # Virtuoso's column for an ASK answered as a table
_AUTH_SCHEMES = ("digest", "basic")


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
    auth: httpx.Auth | None = field(default=None, repr=False)
    user: str = ""

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
            if not graphs:  # an empty default graph: the protocol has no word for it but a graph
                params.append(("default-graph-uri", _NO_GRAPH))  # that is not there
        elif use_default_graph_as_union:
            params += [("default-graph-uri", g) for g in self.graphs]
            if named_graphs is None:  # GRAPH ?g still sees each graph
                params += [("named-graph-uri", g) for g in self.graphs]
        for g in named_graphs or []:
            params.append(("named-graph-uri", g.value))
        form = _FORM.match(head + text)
        graph_query = form is not None and form.group(1).upper() in {"CONSTRUCT", "DESCRIBE"}
        accept = "application/n-triples" if graph_query else f"{_JSON}, application/n-triples;q=0.9"
        r = self._send(
            "POST",
            self.query_url,
            content=urlencode(params).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        if r.status_code == 400:
            raise SyntaxError(r.text.strip()[:500])
        if r.status_code >= 300:
            raise QueryError(f"remote store answered {r.status_code}: {r.text.strip()[:300]}")
        ctype = r.headers.get("content-type", "").split(";")[0].strip()
        if ctype == _JSON:
            return _results(r.content)
        return list(ox.parse(r.content, format=_rdf_format(ctype, ox.RdfFormat.N_TRIPLES)))

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request with the store's credentials; unreachable or refused stores raise
        ``StoreError`` naming the store (and the user, never the password)."""
        try:
            r = httpx.request(method, url, auth=self.auth, timeout=self.timeout, **kwargs)
        except httpx.HTTPError as err:
            raise StoreError(f"remote store {self.base} unreachable: {err}") from err
        _check_auth(r, self.base, self.user)
        return r

    def dump(self, output: Any = None, *, format: ox.RdfFormat) -> bytes | None:
        """The release's named graphs in ``format``, via the Graph Store Protocol (one ``GET``
        per graph when the release's graphs are known, else one for the whole dataset)."""
        quads: list[ox.Quad] = []
        names: list[str | None] = [*self.graphs] or [None]
        for name in names:
            params = {"graph": name} if name else {}
            accept = "application/n-triples" if name else "application/n-quads"
            r = self._send("GET", self.data_url, params=params, headers={"Accept": accept})
            if r.status_code >= 300:
                raise StoreError(f"remote store {self.base} dump failed: {r.status_code}")
            ctype = r.headers.get("content-type", "").split(";")[0].strip()
            if name:
                fmt = _rdf_format(ctype, ox.RdfFormat.N_TRIPLES)
                graph = ox.NamedNode(name)
                quads += [
                    ox.Quad(t.subject, t.predicate, t.object, graph) for t in _triples(r, fmt)
                ]
            else:
                fmt = _rdf_format(ctype, ox.RdfFormat.N_QUADS)
                quads += [q for q in ox.parse(r.content, format=fmt) if isinstance(q, ox.Quad)]
        quads = [q for q in quads if q.graph_name != ox.NamedNode(RELEASE_GRAPH)]
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
        user: str = "",
        password: str = "",
        auth: str = "digest",
    ) -> None:
        if auth not in _AUTH_SCHEMES:
            raise SettingsError(f"remote store auth {auth!r}: expected one of {_AUTH_SCHEMES}")
        self.base = base.rstrip("/")
        self.root = self.base
        self.query_path, self.data_path, self.timeout = query_path, data_path, timeout
        self.user, self._password, self.auth_scheme = user, password, auth
        self._cached: tuple[float, RemoteRelease | None] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.base!r})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickled for the query workers without the cached release."""
        return {**self.__dict__, "_cached": None}

    def _auth(self) -> httpx.Auth | None:
        if not self.user:
            return None
        if self.auth_scheme == "basic":
            return httpx.BasicAuth(self.user, self._password)
        return httpx.DigestAuth(self.user, self._password)

    def db(self, graphs: list[str] | None = None) -> RemoteDb:
        return RemoteDb(
            self.base,
            self.query_path,
            self.data_path,
            graphs or [],
            self.timeout,
            auth=self._auth(),
            user=self.user,
        )

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
        with httpx.Client(timeout=self.timeout, auth=self._auth()) as client:
            for name, body in sorted(graphs.items()):
                _put(client, url, name, body, f"graph {name}", self)
            for name in set(previous.meta.get("graphs", {}) if previous else ()) - set(graphs):
                try:
                    r = client.delete(url, params={"graph": name})
                except httpx.HTTPError as err:
                    raise StoreError(f"remote store {self.base} unreachable: {err}") from err
                _check_auth(r, self.base, self.user)
            meta = {**meta, "name": f"{meta.get('built_at_compact', '')}-{meta['id'][:12]}"}
            description = ox.Triple(
                ox.NamedNode(RELEASE_GRAPH), ox.NamedNode(_META), ox.Literal(json.dumps(meta))
            )
            # without an output pyoxigraph returns the bytes (its stubs say ``bytes | None``)
            desc = cast(bytes, ox.serialize([description], format=ox.RdfFormat.N_TRIPLES))
            _put(client, url, RELEASE_GRAPH, desc, "the release description", self)
        self._cached = None
        return self.require_current()


def _put(
    client: httpx.Client, url: str, graph: str, body: bytes, what: str, store: RemoteStore
) -> None:
    """Replace one named graph through the Graph Store Protocol; raise if the store refuses."""
    headers = {"Content-Type": "application/n-triples"}
    try:
        r = client.put(url, params={"graph": graph}, content=body, headers=headers)
    except httpx.HTTPError as err:
        raise StoreError(f"remote store {store.base} unreachable: {err}") from err
    _check_auth(r, store.base, store.user)
    if r.status_code >= 300:
        raise StoreError(
            f"remote store {store.base} refused {what}: {r.status_code} {r.text[:200]}"
        )


def _check_auth(r: httpx.Response, base: str, user: str) -> None:
    """Raise ``StoreError`` naming the store when it refuses the credentials (401/403)."""
    if r.status_code not in (401, 403):
        return
    who = f"user {user!r}" if user else "no user (set INNOGRAPH_REMOTE_USER)"
    raise StoreError(
        f"remote store {base} refused access to {r.url.path} ({r.status_code}) for {who}: "
        f"check INNOGRAPH_REMOTE_USER, INNOGRAPH_REMOTE_PASSWORD and INNOGRAPH_REMOTE_AUTH"
    )


def _rdf_format(media_type: str, default: ox.RdfFormat) -> ox.RdfFormat:
    return ox.RdfFormat.from_media_type(media_type) or default if media_type else default


def _triples(r: httpx.Response, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(r.content, format=fmt)]


def _results(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL JSON results, with Virtuoso's ASK tables and blank node labels normalised.

    >>> _results(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}')
    <QueryBoolean false>
    """
    data = json.loads(body)
    if data.get("head", {}).get("vars") == [_ASK_COLUMN]:
        answer = bool(data.get("results", {}).get("bindings"))
        body = json.dumps({"head": {}, "boolean": answer}).encode()
    elif b'"bnode"' in body:
        for row in data.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("type") == "bnode":
                    term["value"] = re.sub(r"[^A-Za-z0-9_]", "", term["value"]) or "b"
        body = json.dumps(data).encode()
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
