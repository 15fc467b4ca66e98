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

from graph.remote import RemoteStore
from graph.store import GraphStore, open_store

__all__ = ["PROJECT_ROOT", "Settings", "store_of"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """All settings; see the README's configuration table for what each does."""

    store: Path | str = PROJECT_ROOT / "var" / "store"
    data: Path = PROJECT_ROOT / "data"
    sources: Path = PROJECT_ROOT.parent / "shared" / "seeds"
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str = ""
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_concurrent_queries: int = 4
    max_query_bytes: int = 100_000
    service_allowlist: tuple[str, ...] = field(default_factory=tuple)
    remote_query_path: str = "/query"
    remote_data_path: str = "/store"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then ``INNOGRAPH_<NAME>`` variables, then non-``None`` ``overrides``."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"INNOGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("store", "data", "sources"):
            if key in values and not str(values[key]).startswith(("http://", "https://")):
                values[key] = Path(str(values[key])).expanduser().resolve()
        if "store" in values and isinstance(values["store"], str):
            values["store"] = values["store"].rstrip("/")  # a remote SPARQL store's base URL
        return replace(cls(), **values)


def store_of(settings: Settings) -> GraphStore | RemoteStore:
    """The store the settings point at: embedded directory or remote SPARQL server."""
    return open_store(
        settings.store, query_path=settings.remote_query_path, data_path=settings.remote_data_path
    )


def _coerce(name: str, raw: str) -> object:
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, tuple):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    return raw
