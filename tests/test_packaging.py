"""The wheel works outside the checkout: built, installed into a fresh virtualenv, and used from a
temporary directory, it builds the graph into the user's data directory and serves it, and it
writes nothing into its own site-packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from bench.processes import free_port, innograph_serve, running

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # stale copies would end up in the wheel
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, cwd=out,
    )  # fmt: skip
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    (whl,) = out.glob("innograph-*.whl")
    return whl


def test_wheel_holds_one_namespaced_package_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"innograph"}, tops
    for needed in (
        "innograph/ontology/innograph.ttl",
        "innograph/ontology/shapes.ttl",
        "innograph/data/sources.yaml",
        "innograph/data/extracted/digital_strategy.json",
        "innograph/graph/rq/projection_nodes.rq",
        "innograph/graph/rq/examples/01_largest_networks.rq",
        "innograph/api/static/query.js",
        "innograph/api/templates/network.html",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("innograph/bench", "innograph/tests")) for n in names)


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed (dependencies taken from the test's own
    environment through a path entry, so no network is needed)."""
    env_dir = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return env_dir


def test_installed_wheel_builds_and_serves_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    py = venv / "bin" / "python"
    exe = venv / "bin" / "innograph"
    site = Path(
        subprocess.check_output(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    before = _tree(site / "innograph")
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    run_env = {**os.environ, **env}
    run_env.pop("INNOGRAPH_STORE", None)

    version = subprocess.run([exe, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("innograph "), version

    imported = subprocess.check_output(
        [py, "-c", "import innograph.graph.vocab as v; print(v.__file__)"], text=True, cwd=tmp_path
    )
    assert imported.startswith(str(site)), f"imported from the checkout: {imported}"

    build = subprocess.run(
        [exe, "build"], capture_output=True, text=True, cwd=tmp_path, env=run_env, timeout=900
    )
    assert build.returncode == 0, build.stderr[-3000:]
    store = tmp_path / "xdg" / "innograph" / "store"
    assert (store / "current").exists(), "the store is not in the user's data directory"

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(innograph_serve(store, port, executable=[str(exe)]), url + "/healthz",
                 cwd=tmp_path, env=env):  # fmt: skip
        for path in ("/", "/ontology", "/query"):
            r = httpx.get(url + path, headers={"Accept": "text/html"}, timeout=60)
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
        r = httpx.get(
            url + "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ig:Cluster }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert r.status_code == 200, r.text
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 10

    assert _tree(site / "innograph") == before, "innograph wrote into site-packages"
