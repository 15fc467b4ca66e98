"""The shapes analytics hand upward: what ``graph.analysis.Analysis`` returns, field by field.

The API declares these as its response models, so ``/openapi.json`` documents the real shapes and
a change of shape is a type error, not a silent change of the JSON.
"""

from __future__ import annotations

from typing import Literal, NotRequired, get_args

from typing_extensions import TypedDict

__all__ = [
    "EVALUATION_METHODS",
    "RANKINGS",
    "ActorMetrics",
    "Between",
    "BridgeSummary",
    "Broker",
    "ClusterBridges",
    "ClusterLink",
    "ClusterSummary",
    "Communities",
    "Connectors",
    "Evidence",
    "EvidenceActivity",
    "Gap",
    "Labelled",
    "PathHop",
    "Ranking",
    "RawCommunities",
    "RawGap",
    "Recommendation",
    "SaidArc",
    "SharedActivity",
    "SourceRef",
    "StrongLink",
]

Ranking = Literal["fixed", "learned"]
RANKINGS: tuple[str, ...] = get_args(Ranking)
"""How partner recommendations can be ranked: ``fixed``, innograph's mix of proximity and content
(``graph.recommendations.recommend``), or ``learned``, the mix fitted on the release's own ties
(``graph.learned_mix.mix_ranker``)."""


EVALUATION_METHODS: tuple[str, ...] = (
    "random",
    "same-type",
    "common-neighbours",
    "adamic-adar",
    "jaccard",
    "preferential-attachment",
    "katz",
    "personalised-pagerank",
    "content",
    "innograph",
    "learned-mix",
)
"""The methods the held-out evaluation compares (``graph.evaluation_methods.METHODS``, where
each is described): named here, where nothing heavy is imported, so that the command line's
help lists them all."""


class Labelled(TypedDict):
    """A node of the projection with its label."""

    node: str
    label: str


class SaidArc(TypedDict):
    """The relations from one subject to one object, for wording them in a page's language."""

    subject: str
    relations: list[str]
    object: str
    subject_node: str
    """The subject's IRI (``subject`` is its label), so that a page can name it in its language."""
    object_node: str


class PathHop(TypedDict):
    """One step of a path: the node reached, the relation types of the edge that reached it, and
    the relations read in their direction ("ThEGA manages GreenTech"), as text and as arcs."""

    node: str
    label: str
    via: list[str]
    says: list[str]
    arcs: list[SaidArc]


class StrongLink(TypedDict):
    cluster: str
    label: str
    weight: float


class BridgeSummary(TypedDict):
    linked_clusters: int
    strength: float
    strongest: list[StrongLink]


class ClusterSummary(TypedDict):
    """A cluster with its main figures (``ig:employeeCount`` … by local name) and bridges."""

    id: str
    label: str
    region: str | None
    figures: dict[str, int | float]
    actors: int
    bridges: BridgeSummary


class ClusterLink(TypedDict):
    cluster: str
    label: str
    weight: float
    crosslinks: dict[str, float]
    shared_actors: list[str]


class Broker(TypedDict):
    actor: str
    label: str
    participation: float
    betweenness: float


class ClusterBridges(TypedDict):
    cluster: str
    label: str
    links: list[ClusterLink]
    brokers: list[Broker]


class SharedActivity(TypedDict):
    """An activity (measure, event, initiative, project) with participants from two clusters."""

    node: str
    label: str
    kind: str
    a: list[Labelled]
    """Its participants that are members of the first cluster."""
    b: list[Labelled]
    """Its participants that are members of the second cluster."""


class Between(TypedDict):
    """Who and what connects clusters ``a`` and ``b``."""

    a: str
    b: str
    weight: float
    crosslinks: dict[str, float]
    in_both: list[Labelled]
    in_both_total: int
    spanning: list[Labelled]
    spanning_total: int
    paths: list[list[Labelled]]
    activities: list[SharedActivity]
    """The activities members of both take part in, most participants from the two first."""
    activities_total: int
    topics: list[str]
    """The topics both clusters name (a gap where there are topics and no bridges)."""


class ActorMetrics(TypedDict):
    actor: str
    label: str
    type: str
    clusters: list[str]
    degree: int
    betweenness: float
    participation_coefficient: float
    within_cluster_degree_z: float
    constraint: float | None
    effective_size: float | None
    brokerage: dict[str, float]
    articulation_point: bool


class SourceRef(TypedDict):
    """Where a tie is stated: the document (IRI and short id), the line if known (of a curated
    file: its row), and a link: the passage view of that line where the document is a seed, else
    the document's own page."""

    doc: str
    doc_id: str
    line: int | None
    href: str | None


class EvidenceActivity(TypedDict):
    """An activity behind one tie of the evidence; ``sources`` where the tie is stated (added by
    the API, which reads the store: ``api.evidence_sources``)."""

    node: str
    label: str
    sources: NotRequired[list[SourceRef]]


class Evidence(TypedDict):
    """A partner both actors share (not a hub), with the activities behind each of the two ties.

    A tie without an activity is a direct relation; ``with_actor_sources`` and
    ``with_candidate_sources`` say where such a tie is stated (added by the API, as ``sources``)."""

    partner: str
    partner_label: str
    with_actor: list[EvidenceActivity]
    with_candidate: list[EvidenceActivity]
    with_actor_sources: NotRequired[list[SourceRef]]
    with_candidate_sources: NotRequired[list[SourceRef]]


class Recommendation(TypedDict):
    """A partner proposed for an actor, with the evidence behind the score."""

    actor: str
    label: str
    type: str
    clusters: list[str]
    score: float
    proximity: float
    content: float
    shared_neighbours: list[Labelled]
    path: list[PathHop]
    shared_topics: list[str]
    evidence: list[Evidence]
    confidence: str


class Gap(TypedDict):
    """Two clusters with shared topics but no or weak bridges."""

    a: str
    b: str
    a_label: str
    b_label: str
    topic_overlap: float
    bridge_strength: float


class Connectors(TypedDict):
    """Who connects two clusters, as node ids (``graph.bridges.connectors``)."""

    in_both: list[str]
    spanning: list[str]
    paths: list[list[str]]


class RawGap(TypedDict):
    """A cluster gap as ``graph.cluster_graph.gaps`` finds it."""

    a: str
    b: str
    topic_overlap: float
    bridge_strength: float


class RawCommunities(TypedDict):
    """Louvain communities as node ids (``graph.communities.communities``)."""

    louvain: list[list[str]]
    modularity_louvain: float
    modularity_clusters: float
    nmi: float


class Communities(TypedDict):
    louvain: list[list[Labelled]]
    modularity_louvain: float
    modularity_clusters: float
    nmi: float
