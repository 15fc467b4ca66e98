"""Where innograph's package data lives: the one place that turns a resource name into a path.

The ontology, the SHACL shapes, the curated data, the SPARQL queries, the page templates and the
static assets ship inside the installed package (``innograph.ontology``, ``innograph.data``, …)
and are found through the import system (:func:`importlib.util.find_spec`), so a wheel
installed anywhere finds them, and a checkout (an editable install) finds its own folders.

>>> resource("innograph.ontology", "innograph.ttl").name
'innograph.ttl'
>>> resource("innograph.ontology", "nope.ttl")
Traceback (most recent call last):
...
innograph.graph.resources.ResourceMissingError: innograph.ontology has no resource 'nope.ttl'
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

__all__ = ["ResourceMissingError", "checkout_root", "resource", "resource_dir"]


class ResourceMissingError(FileNotFoundError):
    """A package resource the code needs is not installed (a broken or partial install)."""


def resource_dir(package: str) -> Path:
    """The directory of the data package ``package`` as a filesystem path.

    Parameters
    ----------
    package : str
        A dotted package name such as ``"innograph.data"``.

    Raises
    ------
    ResourceMissingError
        When the package is not installed.
    """
    try:
        spec = find_spec(package)
    except ModuleNotFoundError as err:
        raise ResourceMissingError(f"package {package} is not installed") from err
    # Data folders carry no __init__.py, so they import as namespace packages; their search
    # locations are the folders themselves (importlib.resources.files cannot read those on 3.11
    # when an editable install's path hook sits among them).
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        if Path(location).is_dir():
            return Path(location)
    raise ResourceMissingError(f"package {package} is not installed")


def resource(package: str, name: str) -> Path:
    """The path of the file ``name`` inside the data package ``package``.

    Raises
    ------
    ResourceMissingError
        When the file is not part of the installed package.
    """
    path = resource_dir(package) / name
    if not path.exists():
        raise ResourceMissingError(f"{package} has no resource {name!r}")
    return path


def checkout_root() -> Path | None:
    """The source checkout innograph runs from (an editable install), or ``None`` when installed.

    A checkout is recognised by its ``pyproject.toml`` beside the ``graph/`` folder.
    """
    here = Path(__file__).resolve().parent
    root = here.parent
    if here.name == "graph" and (root / "pyproject.toml").is_file() and (root / "api").is_dir():
        return root
    return None
