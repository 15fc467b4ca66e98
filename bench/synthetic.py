"""Seeded synthetic ecosystems in innograph's own ontology, produced through its own mapper.

``ecosystem_ingester(size)`` returns an ``Ingester`` that the real build runs like any source:
the records (regions, clusters with figures and topics, actors of every type with heavy-tailed
cluster memberships and a few brokers, measures and events with leads and participants) go through
``GraphBuilder`` and ``map_document`` — the same building blocks the source mappers use — into
one named graph per synthetic source document, with provenance down to a (synthetic) line.

Sizes: ``seed`` (≈ the real seed graph), ``10k`` actors (≈ 200k triples), ``100k`` (≈ 2M) and, as an
opt-in run, ``1m``.

Planted collaboration structure (what a partner recommender could find, modelled on the seed
graph's mechanisms): every actor has a latent *theme* (``themes(spec)`` of them, independent of
its clusters), and most of the topics it states (one, sometimes two) are among its theme's three;
every measure, event and committee has a theme and a focus type, and draws most of its
participants from the actors of its theme across all clusters, the focus type eight times as
likely (type homophily), the popular ones
more often; a few *hubs* (ministries and agencies) join half of all measures and events, and one
*council* committee seats one network per cluster (as the ClusterCouncil does), so that
neighbourhood counts need a hub penalty. ``latent_themes(size)`` returns each actor's theme for
tests; the themes are in no triple. Every size has at least two measures and one event per
cluster (the seed-like size 40 and 20, as the real seed graph's 125 activities for 130 actors
suggest; before, 7 and 6).

>>> parts = ecosystem_ingester("tiny").run(None)
>>> sum(len(g) for g in parts.values()) > 100
True
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from innograph.graph.vocab import IG, ORG, SCHEMA, entity
from innograph.ingest.graph_builder import GraphBuilder, TopicTable
from innograph.ingest.quads import QuadFile
from innograph.ingest.registry import Ingester
from innograph.ingest.source_documents import SourceDocument, map_document

__all__ = [
    "SIZES",
    "LatentStructure",
    "Size",
    "ecosystem_ingester",
    "latent_structure",
    "latent_themes",
    "themes",
]


@dataclass(frozen=True)
class Size:
    name: str
    regions: int
    clusters: int
    actors: int


SIZES = {
    "tiny": Size("tiny", 1, 4, 40),
    "seed": Size("seed", 2, 20, 150),
    "10k": Size("10k", 4, 40, 10_000),
    "100k": Size("100k", 8, 120, 100_000),
    "1m": Size("1m", 16, 400, 1_000_000),
}

_TYPES = [  # (ontology class, share of actors)
    ("Company", 0.62),
    ("ResearchInstitute", 0.08),
    ("University", 0.02),
    ("UniversityOfAppliedSciences", 0.02),
    ("Network", 0.08),
    ("Agency", 0.06),
    ("Chamber", 0.05),
    ("Foundation", 0.03),
    ("Ministry", 0.01),
    ("Committee", 0.03),
]
_KIND = {
    "Company": "company",
    "ResearchInstitute": "research",
    "University": "research",
    "UniversityOfAppliedSciences": "research",
    "Network": "network",
    "Agency": "agency",
    "Chamber": "chamber",
    "Foundation": "foundation",
    "Ministry": "ministry",
    "Committee": "committee",
}
_TOPICS = 60
_IN_THEME = 0.8  # share of an activity's participants drawn from its theme
_FOCUS = 8.0  # weight of the activity's focus type among them (type homophily)
_HUB_JOINS = 0.5  # share of measures and events each hub joins
_DATA = Path(__file__).resolve().parent.parent / "data"


def ecosystem_ingester(size: str | Size, *, seed: int = 7) -> Ingester:
    """An ingester producing the synthetic ecosystem of ``size`` (see ``SIZES``)."""
    spec = SIZES[size] if isinstance(size, str) else size

    def run(_data_dir: Path | None) -> dict[URIRef, Graph]:
        return _generate(spec, seed)

    def stream(_data_dir: Path | None, out: QuadFile) -> None:
        _generate(spec, seed, out=out)

    return Ingester(
        f"synthetic-{spec.name}", f"synthetic ecosystem ({spec.actors} actors)", run, stream
    )


def themes(spec: Size) -> int:
    """The number of latent themes of a size: one per 50 actors (a thematic community of the size
    of the seed graph's cluster managements and their partners), at least three."""
    return max(3, spec.actors // 50)


def latent_themes(size: str | Size, *, seed: int = 7) -> dict[str, int]:
    """Each synthetic actor's latent theme (IRI → theme), as ``ecosystem_ingester`` draws it."""
    return latent_structure(size, seed=seed).themes


@dataclass(frozen=True)
class LatentStructure:
    """What the generator drew and no triple holds: each actor's theme and popularity (IRI →),
    the hubs, and the rules the participants of an activity follow."""

    themes: dict[str, int]
    popularity: dict[str, float]
    hubs: frozenset[str]
    in_theme: float = _IN_THEME
    """Share of an activity's participants drawn from its theme (the rest from everyone)."""
    hub_joins: float = _HUB_JOINS
    """Share of the measures and events each hub joins."""
    participants: float = 6.0
    """Participants an activity draws, on average (measures 3–8, events 3–10, committees 4–12)."""


def latent_structure(size: str | Size, *, seed: int = 7) -> LatentStructure:
    """The latent structure of the synthetic ecosystem ``size`` as ``ecosystem_ingester`` draws
    it (for tests and the evaluation's ceiling)."""
    spec = SIZES[size] if isinstance(size, str) else size
    drawn: list[LatentStructure] = []
    _generate(spec, seed, latent_out=drawn)
    return drawn[0]


def _generate(
    spec: Size,
    seed: int,
    *,
    latent_out: list[LatentStructure] | None = None,
    out: QuadFile | None = None,
) -> dict[URIRef, Graph]:
    """The ecosystem's graphs by document; with ``out`` they are streamed into it instead (and the
    result is empty). ``latent_out`` receives what was drawn (``LatentStructure``)."""
    rng = random.Random(seed)
    n_themes = themes(spec)
    n_topics = max(_TOPICS, 3 * n_themes)  # each theme three topics of its own
    spacing = max(3, n_topics // n_themes)
    theme_topics = [[j * spacing + i for i in range(3)] for j in range(n_themes)]
    topics = TopicTable(_DATA)
    docs = [
        SourceDocument(
            id=f"synthetic-{spec.name}-{r}",
            file=f"synthetic/{spec.name}/region-{r}.txt",
            language="de",
            titles={"de": f"Synthetisches Ökosystem, Region {r}"},
            title_line=1,
            lines=10_000_000,
            kind="synthetic",
        )
        for r in range(spec.regions)
    ]
    builders = [
        GraphBuilder(d.iri, topics, sink=None if out is None else out.graph(d.iri)) for d in docs
    ]
    for d, b in zip(docs, builders, strict=True):
        for s, p, o in map_document(d):
            b.add(s, p, o)
    line = [1] * spec.regions

    def nxt(r: int) -> int:
        line[r] += 1
        return line[r]

    regions = [entity("region", f"synthetic-{r}") for r in range(spec.regions)]
    for r, b in enumerate(builders):
        b.node(regions[r], IG.Region, {"de": f"Region {r}"}, nxt(r))
    places = [b.place(f"Stadt {r}", nxt(r)) for r, b in enumerate(builders)]
    clusters: list[tuple[URIRef, int]] = []
    for c in range(spec.clusters):
        r = c % spec.regions
        b = builders[r]
        iri = entity("cluster", f"synthetic-{spec.name}-{c}")
        b.node(iri, IG.Cluster, {"de": f"Cluster {c}", "en": f"Cluster {c}"}, nxt(r))
        b.add(iri, IG.inRegion, regions[r])
        for prop, lo, hi in (("companyCount", 50, 800), ("employeeCount", 500, 60_000)):
            b.figure(
                iri,
                prop,
                str(rng.randint(lo, hi)),
                line=nxt(r),
                approximate=True,
                reference_date="2024",
            )
        for t in rng.sample(range(_TOPICS), 4):
            b.topic(iri, f"Thema {t}", "de", line[r])
        clusters.append((iri, r))
    # heavy-tailed cluster memberships: most actors in one cluster, a few brokers in many
    weights = [1.0 / (i + 1) ** 0.8 for i in range(spec.clusters)]
    types = [t for t, _ in _TYPES]
    shares = [s for _, s in _TYPES]
    actors: list[tuple[URIRef, str]] = []
    theme_of: list[int] = []
    home_of: list[int] = []
    for a in range(spec.actors):
        t = rng.choices(types, shares)[0]
        theme = rng.randrange(n_themes)
        theme_of.append(theme)
        home = rng.choices(range(spec.clusters), weights)[0]
        home_of.append(home)
        r = clusters[home][1]
        b = builders[r]
        iri = entity(_KIND[t], f"synthetic-{spec.name}-{a}")
        b.node(iri, IG[t], {"de": f"{t} {a}"}, nxt(r))
        n_clusters = min(
            spec.clusters, 1 + int(rng.paretovariate(2.5)) - 1 + (rng.random() < 0.02) * 3
        )
        for c in {home, *rng.sample(range(spec.clusters), n_clusters - 1)}:
            b.add(iri, IG.manages if t == "Agency" else IG.cluster, clusters[c][0])
        b.add(iri, SKOS.altLabel, Literal(f"{t[:3].upper()}{a}"))
        b.add(iri, SCHEMA.url, URIRef(f"https://example.org/{spec.name}/{a}"))
        b.add(iri, SCHEMA.location, places[r])
        for share in (0.7, 0.4):  # most actors state a topic, some two; mostly their theme's
            if rng.random() < share:
                mine = (
                    rng.choice(theme_topics[theme])
                    if rng.random() < 0.8
                    else rng.randrange(n_topics)
                )
                b.topic(iri, f"Thema {mine}", "de", line[r])
        if t == "Network":
            b.figure(iri, "memberCount", str(rng.randint(10, 200)), line=nxt(r))
        elif rng.random() < 0.7:
            b.figure(iri, "employeeCount", str(rng.randint(3, 5000)), line=nxt(r), approximate=True)
        actors.append((iri, t))
    # activities: measures, events and committees with thematic, type-homophilous, preferential
    # participation; a few hubs join half of the measures and events
    leads = [a for a, t in actors if t in ("Ministry", "Agency")] or [actors[0][0]]
    popularity = [1.0 / (i + 1) ** 0.6 for i in range(len(actors))]
    members: list[list[int]] = [[] for _ in range(n_themes)]  # one pass: themes × actors was
    for i, th in enumerate(theme_of):  # quadratic (20,000 themes × 1M actors at 1m)
        members[th].append(i)
    n_hubs = max(2, spec.clusters // 10)
    hubs = [a for a, t in actors if t in ("Ministry", "Agency")][:n_hubs]
    if latent_out is not None:
        latent_out.append(
            LatentStructure(
                themes={str(a): th for (a, _), th in zip(actors, theme_of, strict=True)},
                popularity={str(a): w for (a, _), w in zip(actors, popularity, strict=True)},
                hubs=frozenset(str(h) for h in hubs),
            )
        )

    everyone = list(range(len(actors)))
    cum_everyone = list(itertools.accumulate(popularity))
    cum: dict[tuple[int, str], list[float]] = {}

    def participants(n: int) -> list[URIRef]:
        theme, focus = rng.randrange(n_themes), rng.choices(types, shares)[0]
        pool = members[theme] or everyone
        if (theme, focus) not in cum:
            cum[theme, focus] = list(
                itertools.accumulate(
                    popularity[i] * (_FOCUS if actors[i][1] == focus else 1.0) for i in pool
                )
            )
        chosen = set()
        for _ in range(n):
            if rng.random() < _IN_THEME:
                chosen.add(rng.choices(pool, cum_weights=cum[theme, focus])[0])
            else:
                chosen.add(rng.choices(everyone, cum_weights=cum_everyone)[0])
        return [actors[i][0] for i in sorted(chosen)]

    lead_topics = [entity("lead-topic", f"synthetic-{k}") for k in range(4)]
    for k, lt in enumerate(lead_topics):
        builders[0].node(lt, IG.LeadTopic, {"de": f"Leitthema {k}"}, nxt(0))
        builders[0].add(lt, SKOS.notation, Literal("MLBQ"[k]))
    for m in range(max(spec.actors // 20, 2 * spec.clusters)):
        r = m % spec.regions
        b = builders[r]
        letter = "MLBQ"[m % 4]
        iri = entity("measure", f"synthetic-{spec.name}-{m}")
        b.node(iri, IG.Measure, {"de": f"Maßnahme {m}"}, nxt(r))
        b.add(
            iri,
            IG.measureId,
            Literal(f"{letter}{1 + m % 4}-{m % 100:02d}" if letter != "Q" else f"Q-{m % 100:02d}"),
        )
        b.add(iri, IG.leadTopic, lead_topics[m % 4])
        b.add(iri, IG.isNew, Literal(rng.random() < 0.2))
        b.add(iri, IG.lead, rng.choice(leads))
        for p in participants(rng.randint(3, 8)) + [h for h in hubs if rng.random() < _HUB_JOINS]:
            b.add(iri, IG.participant, p)
        b.add(iri, IG.cluster, clusters[rng.randrange(spec.clusters)][0])
        b.add(iri, IG.milestone, Literal(f"Q{1 + m % 4}/2025: Meilenstein"))
    for e in range(max(spec.actors // 25, spec.clusters)):
        r = e % spec.regions
        b = builders[r]
        iri = b.event(
            f"Veranstaltung {spec.name} {e}", f"{1 + e % 28:02d}.{1 + e % 12:02d}.2025", nxt(r)
        )
        for p in participants(rng.randint(3, 10)) + [h for h in hubs if rng.random() < _HUB_JOINS]:
            b.add(iri, IG.participant, p)
        b.add(iri, IG.cluster, clusters[rng.randrange(spec.clusters)][0])
    committees = [a for a, t in actors if t == "Committee"]
    networks: dict[int, URIRef] = {}
    for (a, t), home in zip(actors, home_of, strict=True):  # the council: one network per cluster
        if t == "Network":
            networks.setdefault(home, a)
    for j, c in enumerate(committees):
        b = builders[j % spec.regions]
        seats = sorted(networks.values()) if j == 0 else participants(rng.randint(4, 12))
        for p in seats:
            if p != c:
                b.add(c, ORG.hasMember, p)
    return {} if out is not None else {b.doc: b.graph for b in builders}
