"""Which known organisation an imported name means, and how sure that is.

A name from an import is matched against the registries' organisations (names in both languages,
abbreviations, aliases), in this order:

1. a confirmed **decision** (``data/import_decisions.yaml``, keyed by the source's own id or the
   name): applied as written, ``new`` included;
2. an **identifier** the registry knows (a CORDIS organisation id given in an earlier decision,
   or the **website domain**);
3. the **name**, exactly, after normalising case, spacing, punctuation, umlauts (CORDIS writes
   "FRIEDRICH-SCHILLER-UNIVERSITAT JENA") and legal forms (e.V., GmbH, AG …);
4. the **short name** against an abbreviation;
5. **fuzzy** similarity of the normalised names at or above ``FUZZY_THRESHOLD``.

Besides the registry, a matcher knows the organisations that **earlier imports** made actors of
their own (``Matcher.add_imported``, ``imported_actors``): a company new in a CORDIS bundle and
the same company in a member list imported later are one actor, with the projects of the one and
the cluster of the other; the review report says which import it was found in.

Two or more candidates at the best step make the name **ambiguous**: it is never merged into one
of them without a decision; it becomes an actor of its own and the review report lists the
candidates. No match is **new**.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from rdflib import Graph, URIRef

from innograph.graph.errors import SourceError
from innograph.graph.search import fold
from innograph.graph.vocab import ACTOR_PATH_OF_TYPE, IG, RDF, RDFS, SCHEMA, SKOS
from innograph.ingest.registries import org_iri
from innograph.ingest.resolution import Org

__all__ = [
    "DECISIONS_FILE",
    "FUZZY_THRESHOLD",
    "Match",
    "Matcher",
    "imported_actors",
    "normalise_org_name",
]

DECISIONS_FILE = "import_decisions.yaml"
FUZZY_THRESHOLD = 0.92
_LEGAL = re.compile(
    r"\b(e\s?v|ev|gmbh|ggmbh|mbh|ag|kg|kgaa|co|se|eg|ohg|gbr|ug|ltd|limited|inc|sa|sas|srl|bv|nv"
    r"|haftungsbeschrankt|haftungsbeschraenkt)\b"
)


def normalise_org_name(name: str) -> str:
    """A name reduced for comparison: case, umlauts (as CORDIS drops them), punctuation and legal
    forms removed.

    >>> normalise_org_name("OptoNet e.V.")
    'optonet'
    >>> normalise_org_name("FRIEDRICH-SCHILLER-UNIVERSITAT JENA")
    'friedrich schiller universitat jena'
    >>> normalise_org_name("Friedrich-Schiller-Universität Jena")
    'friedrich schiller universitat jena'
    >>> normalise_org_name("Co-Optics GmbH & Co. KG"), normalise_org_name("SE Systems GmbH")
    ('co optics', 'se systems')
    """
    text = fold(name, umlauts=False)
    words = re.sub(r"[^\w\s]", " ", text.replace("&", " und ")).split()
    # a legal form ends a name ("… GmbH & Co. KG"); inside it ("Co-Optics", "SE Systems") it is
    # a word of the name
    end = len(words)
    while end > 1:
        if _LEGAL.fullmatch(words[end - 1]) or words[end - 1] == "und":
            end -= 1
        elif end > 2 and words[end - 2 : end] == ["e", "v"]:  # "e. V." in two words
            end -= 2
        else:
            break
    return " ".join(words[:end])


@dataclass(frozen=True)
class Match:
    """The outcome for one imported organisation."""

    status: str  # "matched", "ambiguous" or "new"
    org: Org | None = None
    how: str = ""
    candidates: tuple[str, ...] = ()
    iri: URIRef | None = None
    """The matched organisation's IRI: the registry's, or the actor an earlier import made."""


@dataclass
class Matcher:
    """Matches imported organisations against the registry, with reviewed decisions."""

    orgs: list[Org]
    decisions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id: dict[str, Org] = {}
        self._iri: dict[str, URIRef] = {}
        self._names: dict[str, set[str]] = {}
        self._abbr: dict[str, set[str]] = {}
        self._domain: dict[str, set[str]] = {}
        for o in self.orgs:
            self._index(o, org_iri(o))
        self._keys = sorted(self._names)

    def _index(self, o: Org, iri: URIRef) -> None:
        self.by_id[o.id] = o
        self._iri[o.id] = iri
        for n in (*o.name.values(), *o.aliases, *o.typos):
            self._names.setdefault(normalise_org_name(n), set()).add(o.id)
        for a in o.abbr:
            self._abbr.setdefault(normalise_org_name(a), set()).add(o.id)
            self._names.setdefault(normalise_org_name(a), set()).add(o.id)
        if o.website:
            self._domain.setdefault(_domain(o.website), set()).add(o.id)

    @property
    def iris(self) -> frozenset[URIRef]:
        """The IRIs of every organisation the matcher knows: the registry's and the imported."""
        return frozenset(self._iri.values())

    def add_imported(self, actors: Iterable[Org]) -> None:
        """Know the actors an earlier import made (``imported_actors``): their id is their IRI,
        their ``registry`` the import's graph name (``import-<name>``)."""
        for o in actors:
            if o.id not in self.by_id:
                self._index(o, URIRef(o.id))
        self._keys = sorted(self._names)

    @classmethod
    def from_data(cls, data_dir: Path, orgs: Iterable[Org]) -> Matcher:
        """The matcher over ``orgs`` with the decisions in ``data_dir``/import_decisions.yaml."""
        path = data_dir / DECISIONS_FILE
        decisions: dict[str, str] = {}
        if path.is_file():
            try:
                rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            except yaml.YAMLError as err:
                raise SourceError(path, None, f"invalid YAML: {err}") from None
            if not isinstance(rows, list):
                raise SourceError(path, 1, "expected a list of decisions")
            for i, row in enumerate(rows, 1):
                if not isinstance(row, dict) or "key" not in row or "decision" not in row:
                    raise SourceError(path, None, f"decision #{i}: needs key and decision")
                decisions[str(row["key"])] = str(row["decision"])
        return cls(list(orgs), decisions)

    def match(
        self, name: str, *, short_name: str = "", source_id: str = "", url: str = ""
    ) -> Match:
        """The organisation ``name`` (with the source's id, short name and website) means."""
        for key in (source_id, name):
            decision = self.decisions.get(key) if key else None
            if decision == "new":
                return Match("new", how="decision")
            if decision:
                if decision not in self.by_id:
                    raise SourceError(DECISIONS_FILE, None, f"{key}: no organisation {decision!r}")
                return self._matched(decision, "decision")
        steps = [
            ("website", self._domain.get(_domain(url), set()) if url else set()),
            ("name", self._names.get(normalise_org_name(name), set())),
            ("short name", self._abbr.get(normalise_org_name(short_name), set())),
        ]
        for how, ids in steps:
            if len(ids) == 1:
                return self._matched(next(iter(ids)), how)
            if len(ids) > 1:
                return Match("ambiguous", how=how, candidates=tuple(sorted(ids)))
        return self._fuzzy(normalise_org_name(name))

    def _fuzzy(self, key: str) -> Match:
        if not key:
            return Match("new")
        scored = []
        for candidate in difflib.get_close_matches(key, self._keys, n=5, cutoff=FUZZY_THRESHOLD):
            ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
            scored += [(ratio, org_id) for org_id in self._names[candidate]]
        if not scored:
            return Match("new")
        best = max(r for r, _ in scored)
        top = sorted({org_id for r, org_id in scored if r >= best - 0.02})
        if len(top) > 1:
            return Match("ambiguous", how=f"fuzzy {best:.2f}", candidates=tuple(top))
        return self._matched(top[0], f"fuzzy {best:.2f}")

    def _matched(self, org_id: str, how: str) -> Match:
        org = self.by_id[org_id]
        if org.registry.startswith("import-"):
            how = f"{how}, an actor of the earlier {org.registry}"
        return Match("matched", org, how, iri=self._iri[org_id])


def imported_actors(graph: Graph, known: Iterable[URIRef], source: str) -> list[Org]:
    """The actors an import's ``graph`` made of its own (typed as an actor class, not an IRI of
    ``known``: the registry's and earlier imports', ``Matcher.iris``), for
    ``Matcher.add_imported``: names from ``rdfs:label``, short names from ``skos:altLabel``, the
    website from ``schema:url``; ``source`` is the import's graph name.

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> a = URIRef("https://w3id.org/innograph/id/actor/cordis-1")
    >>> for p, o in [(RDF.type, IG.Company), (RDFS.label, "Lichtwerk GmbH"), (SKOS.altLabel, "LW")]:
    ...     _ = g.add((a, p, o if isinstance(o, URIRef) else Literal(o)))
    >>> [(o.id.rsplit("/", 1)[1], o.name, o.abbr) for o in imported_actors(g, set(), "import-x")]
    [('cordis-1', {'und': 'Lichtwerk GmbH'}, ('LW',))]
    """
    classes = {IG[t] for t in ACTOR_PATH_OF_TYPE}
    found: list[Org] = []
    subjects = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    for s in sorted(subjects - set(known)):
        labels = sorted(str(o) for o in graph.objects(s, RDFS.label))
        if not labels:
            continue
        urls = sorted(str(o) for o in graph.objects(s, SCHEMA.url))
        found.append(
            Org(
                id=str(s),
                type="Actor",
                name={"und": labels[0]},
                aliases=tuple(labels[1:]),
                abbr=tuple(sorted(str(o) for o in graph.objects(s, SKOS.altLabel))),
                website=urls[0] if urls else None,
                registry=source,
            )
        )
    return found


def _domain(url: str) -> str:
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.")
