"""Reading the curated YAML files under ``data/`` with the line of every record.

Curated files are reviewed by people, so an error in one must name the file and line.
``load_records`` returns the top-level list of mappings, each with the 1-based line it starts on.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> _ = p.write_text("- a: 1\\n- a: 2\\n  b: x\\n")
>>> [(r.line, r.data) for r in load_records(p)]
[(1, {'a': 1}), (2, {'a': 2, 'b': 'x'})]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from rdflib import Literal, URIRef

from innograph.graph.errors import SourceError

__all__ = ["Record", "literals", "load_json", "load_records", "require", "texts", "web_address"]


@dataclass(frozen=True)
class Record:
    """One mapping of a curated YAML list, with the file and line it starts on."""

    path: Path
    line: int
    data: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def load_records(path: Path) -> list[Record]:
    """Load a YAML file whose top level is a list of mappings.

    Raises
    ------
    SourceError
        If the file is missing, is not valid YAML, or its top level is not a list of mappings;
        the error names the file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise SourceError(path, None, f"cannot read: {err.strerror}") from err
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        raise SourceError(path, line, f"invalid YAML: {problem}") from err
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode) or not isinstance(data, list):
        raise SourceError(path, root.start_mark.line + 1, "expected a list of records")
    records = []
    for node, item in zip(root.value, data, strict=True):
        if not isinstance(item, dict):
            raise SourceError(path, node.start_mark.line + 1, "expected a mapping (key: value)")
        records.append(Record(path, node.start_mark.line + 1, item))
    return records


def load_json(path: Path) -> Any:
    """A committed extract; a missing or broken file names itself and how to regenerate it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SourceError(
            path, None, f"cannot read: {err.strerror}; run `innograph extract`"
        ) from err
    except ValueError as err:
        raise SourceError(path, getattr(err, "lineno", None), f"invalid JSON: {err}") from err


def require(record: Record, key: str, kind: type | tuple[type, ...] = str) -> Any:
    """``record[key]``; a ``SourceError`` at the record's line if it is absent or mistyped."""
    value = record.data.get(key)
    if value is None or value == "":
        raise SourceError(record.path, record.line, f"missing required field {key!r}")
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise SourceError(
            record.path, record.line, f"field {key!r} should be {names}, got {value!r}"
        )
    return value


def texts(record: Record, key: str) -> dict[str, str]:
    """Our words in ``record[key]`` by language: ``{"en": …, "de": …}`` when the record also has
    ``<key>_de`` (``record[key]`` is then English), else ``{"": record[key]}`` (untagged).

    >>> texts(Record(Path("x.yaml"), 3, {"why": "a", "why_de": "b"}), "why")
    {'en': 'a', 'de': 'b'}
    >>> texts(Record(Path("x.yaml"), 3, {"why": "a"}), "why")
    {'': 'a'}
    """
    text = require(record, key)
    if record.data.get(key + "_de") is None:
        return {"": text}
    return {"en": text, "de": require(record, key + "_de")}


def literals(words: dict[str, str]) -> list[Literal]:
    """Words by language (as ``texts`` gives them) as literals, ``""`` untagged.

    >>> [(str(x), x.language) for x in literals({"en": "a", "de": "b", "": "c"})]
    [('a', 'en'), ('b', 'de'), ('c', None)]
    """
    return [Literal(text, lang=lang or None) for lang, text in words.items()]


def web_address(value: object, path: Path | str, line: int | None) -> URIRef:
    """``value`` as the IRI of a website: an absolute ``http``/``https`` IRI with a host.

    Decided on the parsed IRI; anything else (``javascript:``, spaces, no host) is a
    ``SourceError`` at ``path``:``line``, so the build never publishes a link a browser should
    not follow.

    >>> web_address("https://www.optonet-jena.de", "x.yaml", 3)
    rdflib.term.URIRef('https://www.optonet-jena.de')
    >>> web_address("javascript:alert(1)", "x.yaml", 3)
    Traceback (most recent call last):
    ...
    innograph.graph.errors.SourceError: x.yaml:3: website 'javascript:alert(1)' is not an http(s)...
    """
    text = value if isinstance(value, str) else ""
    parts = urlsplit(text) if text and not any(c.isspace() for c in text) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise SourceError(path, line, f"website {value!r} is not an http(s) address")
    try:
        return URIRef(text)
    except Exception as err:  # rdflib refuses characters an IRI cannot hold
        raise SourceError(path, line, f"website {value!r} is not a valid IRI") from err
