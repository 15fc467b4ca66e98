"""Entity resolution: which organisation a name in a source means.

One ``Resolver`` holds the reviewable tables in ``data/``: ``organisations.yaml`` (names,
abbreviations, aliases and known typos of every organisation) and ``not_organisations.yaml``
(a reviewed allow-list of names that are not one organisation). A name matches at most one
organisation; two rows claiming the same name is an error naming both.

>>> r = Resolver([Org("tmil", "Ministry", {"de": "Thüringer Ministerium für Infrastruktur und "
...     "Landwirtschaft"}, ("TMIL",))], {"weitere Ressorts"})
>>> r.resolve("TMIL").org.id, r.resolve("ggf. weitere Ressorts").status
('tmil', 'not-organisation')
>>> r.resolve("Gremium X").status
'unresolved'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from innograph.graph.errors import SourceError
from innograph.ingest.datafile import Record, load_records, require

__all__ = ["Mention", "Org", "Resolution", "Resolver", "normalise_name"]

ORGANISATIONS = "organisations.yaml"
RESEARCH_ORGANISATIONS = "research_organisations.yaml"
NOT_ORGANISATIONS = "not_organisations.yaml"

_PARENTHESISED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_QUALIFIERS = re.compile(
    r"^(?:ggf\.|u\.\s*a\.|z\.\s*B\.)\s+|\s+(?:u\.\s*a\.?|u\.\s*v\.\s*[mw]\.?|etc\.?|usw\.?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Org:
    """One organisation of the registry."""

    id: str
    type: str
    name: dict[str, str]
    abbr: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    typos: tuple[str, ...] = ()
    printed: tuple[tuple[str, str, int], ...] = ()
    """``(form, doc, line)``: a short form, alias or typo as a document prints it."""
    sub_of: str | None = None
    predecessor_of: tuple[str, ...] = ()
    note: str | None = None
    doc: str | None = None
    line: int | None = None
    city: str | None = None
    website: str | None = None
    clusters: tuple[str, ...] = ()
    wikidata: str | None = None
    curated: str | None = None
    landscape: str | None = None
    category: str | None = None
    """Where the ThCM page's research landscape puts it: ``research-society``,
    ``state-research`` or ``business-related`` (a subclass, see ``ontology/innograph.ttl``)."""
    registry: str = ORGANISATIONS
    registry_line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        known = (*self.name.values(), *self.abbr, *self.aliases)
        extra = [f for f, _, _ in self.printed if f not in known and f not in self.typos]
        return (*known, *dict.fromkeys(extra))


@dataclass(frozen=True)
class Resolution:
    """The outcome for a name: ``entity`` (with ``org``), ``not-organisation``, ``unresolved``."""

    name: str
    status: str
    org: Org | None = None
    typo: bool = False


@dataclass(frozen=True)
class Mention:
    """A name found in a source, with its line."""

    name: str
    line: int


@dataclass
class Resolver:
    """Resolves names to organisations using the registry and the allow-list."""

    orgs: list[Org]
    not_organisations: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_id = {o.id: o for o in self.orgs}
        self._keys: dict[str, tuple[Org, bool]] = {}
        for org in self.orgs:
            for name in org.names:
                self._claim(normalise_name(name), org, typo=False)
            for name in org.typos:
                self._claim(normalise_name(name), org, typo=True)
        self._not = {normalise_name(n) for n in self.not_organisations}
        names = sorted({n for o in self.orgs for n in (*o.names, *o.typos)}, key=len, reverse=True)
        self._scan = re.compile(
            "|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names if len(n) >= 3)
        )

    @classmethod
    def from_data(cls, data_dir: Path) -> Resolver:
        """The resolver over the registries and ``not_organisations.yaml`` in ``data_dir``.

        Built once per set of files: while none of them changes (path, size, modification
        time), every ingester of a build gets the same resolver.
        """
        files = (ORGANISATIONS, RESEARCH_ORGANISATIONS, NOT_ORGANISATIONS)
        stamp = tuple(_stamp(data_dir / f) for f in files)
        return cls._load(str(Path(data_dir).resolve()), stamp)

    @classmethod
    @functools.lru_cache(maxsize=4)
    def _load(cls, data_dir_text: str, _stamp: tuple[tuple[int, int], ...]) -> Resolver:
        data_dir = Path(data_dir_text)
        orgs = []
        seen: dict[str, str] = {}
        records = [
            *load_records(data_dir / ORGANISATIONS),
            *load_records(data_dir / RESEARCH_ORGANISATIONS),
        ]
        for rec in records:
            org_id = require(rec, "id")
            if org_id in seen:
                raise SourceError(
                    rec.path, rec.line, f"id {org_id!r} already used at {seen[org_id]}"
                )
            seen[org_id] = f"{rec.path.name}:{rec.line}"
            if rec.get("doc") is None and rec.get("curated") is None:
                raise SourceError(rec.path, rec.line, f"{org_id}: give doc and line, or curated")
            orgs.append(
                Org(
                    id=org_id,
                    type=require(rec, "type"),
                    name=require(rec, "name", dict),
                    abbr=tuple(rec.get("abbr", ())),
                    aliases=tuple(rec.get("aliases", ())),
                    typos=tuple(rec.get("typos", ())),
                    printed=_printed(rec),
                    sub_of=rec.get("sub_of"),
                    predecessor_of=tuple(rec.get("predecessor_of", ())),
                    note=rec.get("note"),
                    doc=rec.get("doc"),
                    line=rec.get("line"),
                    city=rec.get("city"),
                    website=rec.get("website"),
                    clusters=tuple(rec.get("clusters", ())),
                    wikidata=rec.get("wikidata"),
                    curated=rec.get("curated"),
                    landscape=rec.get("landscape"),
                    category=rec.get("category"),
                    registry=rec.path.name,
                    registry_line=rec.line,
                )
            )
        not_orgs = {require(r, "name") for r in load_records(data_dir / NOT_ORGANISATIONS)}
        try:
            return cls(orgs, not_orgs)
        except ValueError as err:
            raise SourceError(data_dir / ORGANISATIONS, None, str(err)) from err

    def resolve(self, name: str) -> Resolution:
        """Resolve one name (qualifiers such as ``ggf.`` or ``u. a.`` are ignored)."""
        key = normalise_name(name)
        hit = self._keys.get(key)
        if hit is not None:
            return Resolution(name, "entity", hit[0], hit[1])
        if key in self._not:
            return Resolution(name, "not-organisation")
        paren = _PARENTHESISED.match(name.strip())
        if paren:  # "Thüringer Landesverwaltungsamt (TLVwA)": the name, else its abbreviation
            for part in paren.groups():
                inner = self.resolve(part)
                if inner.status == "entity":
                    return Resolution(name, "entity", inner.org, inner.typo)
        return Resolution(name, "unresolved")

    def resolve_list(self, name: str) -> list[Resolution]:
        """Resolve a name that may join two organisations with 'und' (``IHKn und HWKn``)."""
        first = self.resolve(name)
        if first.status != "unresolved" or " und " not in name:
            return [first]
        parts = [self.resolve(p) for p in name.split(" und ")]
        return parts if all(p.status != "unresolved" for p in parts) else [first]

    def names_only_organisations(self, names: Iterable[str]) -> bool:
        """True when every name resolves to an organisation (used to spot a lead's value)."""
        names = list(names)
        return bool(names) and all(
            r.status == "entity" for n in names for r in self.resolve_list(n)
        )

    def find(self, text: str) -> list[str]:
        """Every registry name that occurs in ``text``, as written, in order."""
        return [m.group(0) for m in self._scan.finditer(text)]

    def _claim(self, key: str, org: Org, typo: bool) -> None:
        other = self._keys.get(key)
        if other is not None and other[0].id != org.id:
            raise ValueError(
                f"the name {key!r} would mean both {other[0].id!r} and {org.id!r}; "
                f"make it an alias of one of them only"
            )
        self._keys[key] = (org, typo)


def normalise_name(name: str) -> str:
    """The matching key of a name: qualifiers off, spacing and case folded, trailing dot off.

    >>> normalise_name("  u. a. TU  Ilmenau "), normalise_name("ThCM u. v. m.")
    ('tu ilmenau', 'thcm')
    >>> normalise_name("Tourismuszukunft u. v. w")
    'tourismuszukunft'
    """
    text = re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip()
    previous = None
    while previous != text:
        previous = text
        text = _QUALIFIERS.sub("", text).strip()
    return text.rstrip(".").strip().casefold()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def _printed(rec: Record) -> tuple[tuple[str, str, int], ...]:
    """A row's ``printed: {form: "doc:line"}`` as ``(form, doc, line)`` triples."""
    out = []
    for form, where in (rec.get("printed") or {}).items():
        doc, _, line = str(where).rpartition(":")
        if not doc or not line.isdigit() or int(line) < 1:
            raise SourceError(
                rec.path, rec.line, f"printed {form!r}: give 'doc:line', not {where!r}"
            )
        out.append((str(form), doc, int(line)))
    return tuple(out)
