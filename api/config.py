"""innograph's one source of configuration.

Every setting has a default, can be set by an ``INNOGRAPH_*`` environment variable, and the
CLI's flags override both. Relative paths are taken from the current directory.

>>> s = Settings.from_env({"INNOGRAPH_QUERY_TIMEOUT": "3"})
>>> s.query_timeout
3.0
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from innograph.graph.errors import SettingsError
from innograph.graph.remote import RemoteStore
from innograph.graph.resources import checkout_root, resource_dir
from innograph.graph.store import GraphStore, open_store

__all__ = ["HTTP_PARSERS", "MAX_FRONTS", "PROJECT_ROOT", "Settings", "default_store", "store_of"]

#: The source checkout innograph runs from, or ``None`` for an installed wheel.
PROJECT_ROOT = checkout_root()


def default_store() -> Path:
    """Where the store lives unless told otherwise: ``var/store`` in a checkout, else the user's
    data directory (``$XDG_DATA_HOME/innograph/store``), never inside the installed package."""
    if PROJECT_ROOT is not None:
        return PROJECT_ROOT / "var" / "store"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "innograph" / "store"


def _default_sources() -> Path:
    root = PROJECT_ROOT if PROJECT_ROOT is not None else Path.cwd()
    return root.parent / "shared" / "seeds"


HTTP_PARSERS = ("httptools", "h11")
"""The HTTP/1.1 parsers the server can run (``INNOGRAPH_HTTP``), each with the same guards."""


MAX_FRONTS = 64
"""The most server processes ``INNOGRAPH_FRONTS`` may ask for."""


@dataclass(frozen=True)
class Settings:
    """All settings; see the README's configuration table for what each does."""

    store: Path | str = field(default_factory=default_store)
    data: Path = field(default_factory=lambda: resource_dir("innograph.data"))
    sources: Path = field(default_factory=_default_sources)
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str = ""
    query_timeout: float = 10.0
    min_query_timeout: float = 1.0
    query_memory_mb: int = 1024
    query_spares: int = 1
    client_budget: float = 120.0
    max_inflight: int = 32
    header_timeout: float = 15.0
    http: str = "httptools"
    body_timeout: float = 30.0
    max_rows: int = 10_000
    max_concurrent_queries: int = 4
    max_query_bytes: int = 100_000
    result_cache_mb: int = 64
    memory_quads: int = 250_000
    warm_analytics: bool = True
    service_allowlist: tuple[str, ...] = field(default_factory=tuple)
    remote_query_path: str = "/query"
    remote_data_path: str = "/store"
    remote_user: str = ""
    remote_password: str = field(default="", repr=False)
    remote_auth: str = "digest"
    shares: Path | None = None
    fronts: int = 1

    def per_front(self) -> Settings:
        """The settings of one of ``fronts`` server processes: the limits that hold for the whole
        server (each client's query budget, requests and queries in flight, worker spares, the
        result cache) are divided among them, so N fronts never grant more than one would.

        >>> s = Settings(fronts=2, client_budget=120.0, max_concurrent_queries=4).per_front()
        >>> s.client_budget, s.max_concurrent_queries, s.max_inflight, s.result_cache_mb
        (60.0, 2, 16, 32)
        """
        n = self.fronts
        if n == 1:
            return self
        return replace(
            self,
            client_budget=self.client_budget / n,
            max_inflight=max(1, self.max_inflight // n),
            max_concurrent_queries=max(1, self.max_concurrent_queries // n),
            query_spares=max(1, self.query_spares // n),
            result_cache_mb=self.result_cache_mb // n if self.result_cache_mb else 0,
        )

    @property
    def shares_file(self) -> Path:
        """Where shared queries are kept: ``shares``, else beside an embedded store, else in the
        default store's directory (a remote store is never written to)."""
        if self.shares is not None:
            return self.shares
        store = self.store if isinstance(self.store, Path) else default_store()
        return store.parent / "shares.sqlite3"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then ``INNOGRAPH_<NAME>`` variables, then non-``None`` ``overrides``."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}  # field name → a value of the field's type (see _coerce)
        for f in fields(cls):
            raw = env.get(f"INNOGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("store", "data", "sources", "shares"):
            if key in values and not str(values[key]).startswith(("http://", "https://")):
                values[key] = Path(str(values[key])).expanduser().resolve()
        if "store" in values and isinstance(values["store"], str):
            values["store"] = values["store"].rstrip("/")  # a remote SPARQL store's base URL
        return replace(cls(), **values)


def store_of(settings: Settings) -> GraphStore | RemoteStore:
    """The store the settings point at: embedded directory or remote SPARQL server."""
    return open_store(
        settings.store,
        query_path=settings.remote_query_path,
        data_path=settings.remote_data_path,
        user=settings.remote_user,
        password=settings.remote_password,
        auth=settings.remote_auth,
    )


def _coerce(name: str, raw: str) -> object:
    """``raw`` as the type of setting ``name``; a bad value names its variable."""
    default = getattr(Settings(), name)
    variable = f"INNOGRAPH_{name.upper()}"
    if isinstance(default, bool):
        if raw.lower() not in {"1", "true", "yes", "0", "false", "no", ""}:
            raise SettingsError(f"{variable}={raw!r}: expected true or false")
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, int | float):
        kind = type(default)
        try:
            value = kind(raw)
        except ValueError:
            raise SettingsError(
                f"{variable}={raw!r}: expected {'an integer' if kind is int else 'a number'}"
            ) from None
        if name in ("result_cache_mb", "memory_quads") and value == 0:
            return value  # 0 turns the result cache, or the in-memory copy, off
        if name == "fronts" and value > MAX_FRONTS:
            raise SettingsError(f"{variable}={raw!r}: at most {MAX_FRONTS} server processes")
        if name == "port" and not 0 <= value <= 65535:
            raise SettingsError(f"{variable}={raw!r}: give a port from 0 to 65535")
        if value <= 0 and name != "port":
            raise SettingsError(f"{variable}={raw!r}: must be positive")
        return value
    if isinstance(default, tuple):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    if name == "http" and raw not in HTTP_PARSERS:
        raise SettingsError(f"{variable}={raw!r}: expected one of {', '.join(HTTP_PARSERS)}")
    return raw
