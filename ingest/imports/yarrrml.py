"""YARRRML mappings as innograph hands them to the RML engine: read, checked, rewritten.

A mapping is plain YARRRML (https://rml.io/yarrrml/spec/) whose sources name the *files* of the
import (``members.csv~csv``, ``[organization.csv~csv]``, or a SQL view over them,
``query: "SELECT … FROM read_csv('organization.csv', all_varchar=true)"``), plus an optional
top-level section ``innograph:`` that the engine never sees::

    innograph:
      keys: {members.csv: [name]}            # never empty, never twice (several: together)
      columns: {members.csv: [name, city]}   # must be there (rules reading a SQL view)
      links: [member-network]                 # rules that only link: no ig:sourceLine
      organisations:                          # subjects to resolve against the registry
        - {rule: member, name: name, url: website, short_name: short, key: id}

innograph reads it (a YAML error names the line), lists every rule with the files it reads and
the columns it refers to (``$(column)``), and writes the engine's copy (a SQL view always reads a
CSV copy of its file, whatever the file's format): each source pointed at the
normalised copy of its file (``referenceFormulation`` ``csv`` for CSV and XLSX, ``jsonpath`` with
iterator ``$[*]`` for JSON), and two statements added to every rule, ``prov:wasDerivedFrom`` the
import and ``ig:sourceLine`` the row (``$(__row)``; not to the ``links`` rules, whose subjects
other rules describe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from innograph.graph.errors import SourceError

__all__ = ["ORGANISATION_ROW", "Mapping", "Rule", "load_mapping"]

ORGANISATION_ROW = "http://innograph.invalid/organisation-row"
"""A predicate the engine's copy adds to organisation rules; innograph removes it after use."""

_REF = re.compile(r"\$\(([^)]+)\)")
_PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
_LINE = "https://w3id.org/innograph/ontology#sourceLine"
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_KEYS = {"m": "mappings", "mapping": "mappings", "s": "subjects", "subject": "subjects",
         "po": "predicateobjects", "predicateobject": "predicateobjects"}  # fmt: skip


@dataclass
class Rule:
    """One mapping rule (a YARRRML mapping, an RML triples map)."""

    name: str
    line: int
    sources: list[dict[str, Any]]
    files: list[str]
    references: set[str]
    subject_references: set[str]
    whole_iris: set[str] = field(default_factory=set)
    """Columns whose whole value becomes an IRI (an object ``$(Website)~iri``): it must be one."""

    @property
    def is_view(self) -> bool:
        return any("query" in s for s in self.sources)


@dataclass
class Mapping:
    """A YARRRML mapping file, read and checked."""

    path: Path
    body: dict[str, Any]
    rules: dict[str, Rule]
    keys: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    links: set[str] = field(default_factory=set)
    organisations: list[dict[str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """The file names the rules read, in order of first use."""
        return list(dict.fromkeys(f for r in self.rules.values() for f in r.files))

    def engine_copy(
        self, copies: dict[str, tuple[Path, str]], views: dict[str, Path], doc: str, target: Path
    ) -> Path:
        """Write the engine's YARRRML to ``target``: sources at ``copies`` (file name → (path of
        the normalised copy, its format)), SQL views reading ``views`` (file name → CSV copy),
        provenance statements added to every rule."""
        body = {k: v for k, v in self.body.items() if k not in ("innograph", "sources")}
        mappings: dict[str, Any] = {}
        org_rules = {o["rule"] for o in self.organisations}
        for name, raw in self.body["mappings"].items():
            rule = self.rules[name]
            spec = {k: v for k, v in raw.items() if k != "sources"}
            spec["sources"] = [_engine_source(name, s, copies, views) for s in rule.sources]
            po = list(spec.pop("predicateobjects", None) or [])
            po.append({"p": _PROV, "o": f"{doc}~iri"})
            if name not in self.links:
                po.append({"p": _LINE, "o": {"value": "$(__row)", "datatype": _INTEGER}})
            if name in org_rules:
                po.append({"p": ORGANISATION_ROW, "o": "$(__row)"})
            spec["predicateobjects"] = po
            mappings[name] = spec
        body["mappings"] = mappings
        target.write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True), "utf-8")
        return target


def load_mapping(path: Path) -> Mapping:
    """Read and check a YARRRML mapping.

    Raises
    ------
    SourceError
        The file is missing or not YAML (line named), has no ``mappings``, a rule without
        sources or naming an undefined source, or a malformed ``innograph`` section; the message
        names the rule.
    """
    if not path.is_file():
        raise SourceError(path, None, "no such mapping file")
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        raise SourceError(path, line, f"not a YARRRML mapping (YAML error: {problem})") from None
    body = _normalise_keys(raw)
    if not isinstance(body, dict) or not isinstance(body.get("mappings"), dict):
        raise SourceError(path, 1, "not a YARRRML mapping: no 'mappings' section")
    named = body.get("sources") or {}
    rules: dict[str, Rule] = {}
    for name, spec in body["mappings"].items():
        line = _line_of(text, str(name))
        if not isinstance(spec, dict):
            raise SourceError(path, line, f"rule {name!r}: expected a mapping of keys")
        sources = _sources(spec.get("sources"), named, path, line, str(name))
        files = [f for s in sources for f in _files(s)]
        refs = set(_refs({k: v for k, v in spec.items() if k != "sources"}))
        subject = set(_refs(spec.get("subjects")))
        whole = set(_whole_iris(spec.get("predicateobjects")))
        rules[str(name)] = Rule(str(name), line, sources, files, refs, subject, whole)
    mapping = Mapping(path, body, rules)
    _innograph_section(mapping, body.get("innograph") or {}, text)
    return mapping


def _innograph_section(mapping: Mapping, section: Any, text: str) -> None:
    line = _line_of(text, "innograph", indent=False)
    if not isinstance(section, dict):
        raise SourceError(mapping.path, line, "innograph: expected keys, columns, links, …")
    keys = section.get("keys") or {}
    if not isinstance(keys, dict) or not all(isinstance(v, list) for v in keys.values()):
        raise SourceError(mapping.path, line, "innograph.keys: {file name: [columns]}")
    mapping.keys = {str(k): [str(c) for c in v] for k, v in keys.items()}
    columns = section.get("columns") or {}
    if not isinstance(columns, dict) or not all(isinstance(v, list) for v in columns.values()):
        raise SourceError(mapping.path, line, "innograph.columns: {file name: [columns]}")
    mapping.columns = {str(k): [str(c) for c in v] for k, v in columns.items()}
    links = section.get("links") or []
    unknown = [r for r in links if r not in mapping.rules] if isinstance(links, list) else links
    if unknown:
        raise SourceError(mapping.path, line, f"innograph.links: no rule(s) {unknown!r}")
    mapping.links = set(links)
    for org in section.get("organisations") or []:
        if not isinstance(org, dict) or org.get("rule") not in mapping.rules or "name" not in org:
            raise SourceError(
                mapping.path, line, f"innograph.organisations: {org!r} needs a known rule and name"
            )
        mapping.organisations.append({str(k): str(v) for k, v in org.items()})


def _normalise_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {_KEYS.get(k, k) if isinstance(k, str) else k: _normalise_keys(v)
                for k, v in node.items()}  # fmt: skip
    if isinstance(node, list):
        return [_normalise_keys(v) for v in node]
    return node


def _sources(value: Any, named: dict[str, Any], path: Path, line: int, rule: str) -> list[dict]:
    if value is None:
        raise SourceError(path, line, f"rule {rule!r}: no sources")
    items = value if isinstance(value, list) and not _is_shortcut(value) else [value]
    out = []
    for item in items:
        if isinstance(item, str) and "~" not in item:
            if item not in named:
                raise SourceError(path, line, f"rule {rule!r}: no source named {item!r}")
            item = named[item]
        if isinstance(item, str):
            item = [item]
        if isinstance(item, list):
            access, _, formulation = str(item[0]).partition("~")
            item = {"access": access, "referenceFormulation": formulation or "csv"}
        if not isinstance(item, dict) or not ({"access", "query"} & set(item)):
            raise SourceError(path, line, f"rule {rule!r}: a source needs access or query")
        out.append(dict(item))
    return out


def _is_shortcut(value: list[Any]) -> bool:
    """``[file~csv]`` or ``[file~jsonpath, $.items[*]]``: one source, not a list of sources."""
    return bool(value) and isinstance(value[0], str) and "~" in value[0]


def _files(source: dict[str, Any]) -> list[str]:
    if "access" in source:
        return [Path(str(source["access"])).name]
    return re.findall(r"'([^'/]+\.(?:csv|tsv|txt|xlsx|json))'", str(source["query"]))


def _engine_source(
    rule: str, source: dict[str, Any], copies: dict[str, tuple[Path, str]], views: dict[str, Path]
) -> dict:
    out = {k: v for k, v in source.items() if k != "access"}
    if "query" in source:
        query = str(source["query"])
        for name, copy in views.items():
            query = query.replace(f"'{name}'", f"'{copy}'")
        out["query"] = f"-- innograph rule: {rule}\n{query}"
        out["referenceFormulation"] = "csv"
        return out
    copy, fmt = copies[Path(str(source["access"])).name]
    out["access"] = str(copy)
    if fmt == "json":
        out["referenceFormulation"] = "jsonpath"
        out["iterator"] = "$[*]"
    else:
        out["referenceFormulation"] = "csv"
        out.pop("iterator", None)
    return out


def _whole_iris(node: Any) -> list[str]:
    """The columns an object of ``node`` (a rule's ``po``) makes an IRI of, as it stands."""
    if isinstance(node, dict):
        return [r for v in node.values() for r in _whole_iris(v)]
    if isinstance(node, list):
        return [r for v in node for r in _whole_iris(v)]
    if isinstance(node, str) and node.endswith("~iri"):
        refs = _REF.findall(node)
        if len(refs) == 1 and node == f"$({refs[0]})~iri":
            return refs
    return []


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return _REF.findall(node) if isinstance(node, str) else []


def _line_of(text: str, key: str, *, indent: bool = True) -> int:
    pattern = rf"^\s+{re.escape(key)}\s*:" if indent else rf"^{re.escape(key)}\s*:"
    m = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1
