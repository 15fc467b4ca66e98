"""The examples in innograph's docstrings run, imported as the installed package imports them.

(pytest's ``--doctest-modules`` would import ``graph/*.py`` by file path as a second copy of each
module; here every module of ``innograph.graph``, ``innograph.ingest`` and ``innograph.api`` is
imported by its package name and its docstring examples are run with :mod:`doctest`.)
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("innograph.graph", "innograph.ingest", "innograph.api")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        names += [m.name for m in pkgutil.iter_modules(pkg.__path__, package + ".")]
    return sorted(names)


MODULES = _modules()


def test_every_layer_has_modules() -> None:
    for package in PACKAGES:
        assert any(m.startswith(package + ".") for m in MODULES), package


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
