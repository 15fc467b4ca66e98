"""Session fixtures: one real on-disk store built from the project's data, a live server on it.

Tests that need ``../shared`` (the seed documents, the W3C suite) take the ``seeds_dir`` or
``shared_dir`` fixture: they skip with a message when it is absent, and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.processes import free_port, innograph_serve, running
from innograph.graph.store import GraphStore
from innograph.ingest.build import BuildReport, build
from innograph.ingest.source_documents import load_catalogue

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SHARED = PROJECT_ROOT.parent / "shared"
DATA = PROJECT_ROOT / "data"
CLI = [sys.executable, "-m", "innograph.api.cli"]
N_DOCS = len(load_catalogue(DATA))
"""Source documents in data/sources.yaml: the five seeds and the curated research registry."""


def _need_shared(path: Path) -> Path:
    if path.exists():
        return path
    msg = f"{path} is absent: clone innograph beside the shared/ folder to run this test"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{msg} (CI=true requires it)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need_shared(SHARED)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need_shared(SHARED / "seeds")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, BuildReport]:
    """A store built once per session from the project's own ``data/``."""
    store = GraphStore(tmp_path_factory.mktemp("store"))
    return store, build(store, DATA)


@pytest.fixture(scope="session")
def store(built: tuple[GraphStore, BuildReport]) -> GraphStore:
    return built[0]


@pytest.fixture(scope="session")
def db(store: GraphStore):
    return store.open_current()


def start_server(store_dir: Path | str, *extra_env: tuple[str, str]) -> Iterator[str]:
    """Run ``innograph serve`` as a real process on 127.0.0.1; yield its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = innograph_serve(store_dir, port)
    with running(cmd, url + "/healthz", cwd=PROJECT_ROOT, env=dict(extra_env)):
        yield url


@pytest.fixture(scope="session")
def server(store: GraphStore) -> Iterator[str]:
    """Base URL of a live innograph server on the session store."""
    yield from start_server(store.root)


def run_cli(
    *args: str, input: str | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    """Run the ``innograph`` CLI in a subprocess; return the completed process."""
    proc = subprocess.run(
        [*CLI, *args], cwd=PROJECT_ROOT, input=input, capture_output=True, text=True, timeout=120
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"innograph {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


_SERVER_MODULES = {"test_remote", "test_remote_virtuoso", "test_w3c_protocol"}  # start servers
_SLOW_MODULES = {"test_brokerage_sna", "test_packaging"}  # R in a subprocess; a wheel build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Apply the markers by where a test lives and what it needs, so `-m` can select loops."""
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
        fixtures = getattr(item, "fixturenames", ())
        if "seeds_dir" in fixtures or "shared_dir" in fixtures:
            item.add_marker(pytest.mark.seeds)
        if {"server", "limited"} & set(fixtures) or path.stem in _SERVER_MODULES:
            item.add_marker(pytest.mark.server)
        if "notebooks" in path.parts or path.stem in _SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
