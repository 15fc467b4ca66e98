"""The one source of truth for innograph's namespaces and IRIs.

``IG`` is a closed namespace: an attribute that the ontology does not declare raises
``AttributeError``, so a typo in a predicate fails loudly instead of writing a bad triple.
A test keeps ``IG``'s term list in sync with ``ontology/innograph.ttl``.

Examples
--------
>>> str(IG.Cluster)
'https://w3id.org/innograph/ontology#Cluster'
>>> entity("network", "optonet")
rdflib.term.URIRef('https://w3id.org/innograph/id/network/optonet')
>>> slugify("Mess-, Steuer- und Regeltechnik")
'mess-steuer-und-regeltechnik'
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

from innograph.graph.resources import resource

__all__ = [
    "ACTOR_PATHS",
    "ACTOR_PATH_OF_TYPE",
    "BASE",
    "CV",
    "DCAT",
    "DCTERMS",
    "GRAPH",
    "ID",
    "ID_KINDS",
    "IG",
    "ONTOLOGY_FILE",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SH",
    "SHAPES_FILE",
    "SKOS",
    "VOID",
    "XSD",
    "entity",
    "page_path",
    "slugify",
]

BASE = "https://w3id.org/innograph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ONTOLOGY_GRAPH = ONTOLOGY_IRI

ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
CV = Namespace("http://data.europa.eu/m8g/")  # only a prefix for users' queries


class SCHEMA(DefinedNamespace):
    """The schema.org terms innograph writes (``http://schema.org/``), closed."""

    _NS = Namespace("http://schema.org/")
    _fail = True

    PostalAddress: URIRef
    address: URIRef
    addressLocality: URIRef
    foundingDate: URIRef
    location: URIRef
    postalCode: URIRef
    startDate: URIRef
    streetAddress: URIRef
    url: URIRef


class DCAT(DefinedNamespace):
    """The DCAT terms innograph writes, closed (rdflib's own ``DCAT`` is open)."""

    _NS = Namespace("http://www.w3.org/ns/dcat#")
    _fail = True

    Dataset: URIRef
    Distribution: URIRef
    distribution: URIRef
    downloadURL: URIRef
    mediaType: URIRef


class SD(DefinedNamespace):
    """The SPARQL 1.1 Service Description terms innograph writes, closed."""

    _NS = Namespace("http://www.w3.org/ns/sparql-service-description#")
    _fail = True

    Dataset: URIRef
    Graph: URIRef
    NamedGraph: URIRef
    SPARQL11Query: URIRef
    Service: URIRef
    UnionDefaultGraph: URIRef
    defaultDataset: URIRef
    defaultGraph: URIRef
    endpoint: URIRef
    feature: URIRef
    graph: URIRef
    name: URIRef
    namedGraph: URIRef
    resultFormat: URIRef
    supportedLanguage: URIRef


ONTOLOGY_FILE = resource("innograph.ontology", "innograph.ttl")
SHAPES_FILE = resource("innograph.ontology", "shapes.ttl")


class IG(DefinedNamespace):
    """innograph ontology terms (``ig:``), closed: unknown names raise ``AttributeError``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Actor: URIRef
    ActionField: URIRef
    Agency: URIRef
    Chamber: URIRef
    Cluster: URIRef
    Committee: URIRef
    Company: URIRef
    CrossCuttingTheme: URIRef
    CrossLink: URIRef
    Discrepancy: URIRef
    DiscrepancyKind: URIRef
    DiscrepancySide: URIRef
    Event: URIRef
    Study: URIRef
    EventStatus: URIRef
    Figure: URIRef
    Foundation: URIRef
    FundedProject: URIRef
    Initiative: URIRef
    LeadTopic: URIRef
    Measure: URIRef
    Milestone: URIRef
    Ministry: URIRef
    Network: URIRef
    Participation: URIRef
    StakeholderGroup: URIRef
    GroupInvolvement: URIRef
    Place: URIRef
    Region: URIRef
    ResearchInstitute: URIRef
    ResearchOrganisation: URIRef
    ResearchSociety: URIRef
    StateResearchInstitute: URIRef
    BusinessRelatedResearchInstitute: URIRef
    SourceDocument: URIRef
    Topic: URIRef
    University: URIRef
    UniversityOfAppliedSciences: URIRef
    # object properties
    about: URIRef
    discrepancyKind: URIRef
    side: URIRef
    actionField: URIRef
    cluster: URIRef
    conflictsWith: URIRef
    crossCuttingTheme: URIRef
    figureOf: URIRef
    inRegion: URIRef
    lead: URIRef
    leadTopic: URIRef
    linkedTo: URIRef
    manages: URIRef
    measuredProperty: URIRef
    mentions: URIRef
    partner: URIRef
    participant: URIRef
    predecessorOf: URIRef
    releaseMetadata: URIRef
    sector: URIRef
    source: URIRef
    strategy: URIRef
    target: URIRef
    topic: URIRef
    # datatype properties
    approximate: URIRef
    companyCount: URIRef
    companyMemberCount: URIRef
    employeeCount: URIRef
    evidence: URIRef
    exportQuotePercent: URIRef
    fileName: URIRef
    initiativeType: URIRef
    legalForm: URIRef
    lowerBound: URIRef
    gvaSharePercent: URIRef
    isNew: URIRef
    lineCount: URIRef
    coordinator: URIRef
    projectPartner: URIRef
    cordisId: URIRef
    fundingProgramme: URIRef
    fundingScheme: URIRef
    ecContribution: URIRef
    nutsCode: URIRef
    countryCode: URIRef
    participation: URIRef
    role: URIRef
    rowCount: URIRef
    importedAt: URIRef
    involvesGroup: URIRef
    involvement: URIRef
    group: URIRef
    printed: URIRef
    linkType: URIRef
    measureId: URIRef
    meetingsPerYear: URIRef
    memberCount: URIRef
    method: URIRef
    milestone: URIRef
    eventDate: URIRef
    authoredBy: URIRef
    commissionedBy: URIRef
    identifiesField: URIRef
    hostedBy: URIRef
    hasMilestone: URIRef
    basedOn: URIRef
    sharesNameWith: URIRef
    worksOutside: URIRef
    supports: URIRef
    patentsPer100kInhabitants: URIRef
    rdExpenditureSharePercent: URIRef
    eventStatus: URIRef
    newProjectCount: URIRef
    notStated: URIRef
    objective: URIRef
    profileCount: URIRef
    projectCount: URIRef
    projectVolumeEUR: URIRef
    referenceDate: URIRef
    researchFacilityCount: URIRef
    researchFocus: URIRef
    researchMemberCount: URIRef
    sectorCount: URIRef
    sha256: URIRef
    sourceLine: URIRef
    strength: URIRef
    turnoverEUR: URIRef
    universityCount: URIRef
    value: URIRef
    weakness: URIRef
    weight: URIRef
    wzCode: URIRef


PREFIXES: dict[str, str] = {
    "ig": str(IG._NS),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "cv": str(CV),
}
"""Prefixes pre-declared for queries (CLI, query page) and used when serialising."""

ID_KINDS: tuple[str, ...] = (
    "action-field",
    "actor",
    "agency",
    "chamber",
    "cluster",
    "committee",
    "company",
    "cross-cutting-theme",
    "discrepancy",
    "discrepancy-kind",
    "event",
    "event-status",
    "foundation",
    "group",
    "initiative",
    "lead-topic",
    "measure",
    "milestone",
    "ministry",
    "network",
    "place",
    "region",
    "research",
    "scheme",
    "source",
    "study",
    "topic",
)
"""The kinds of entity a reader names in a query; each has its own prefix (``cluster:optik`` for
``id:cluster\\/optik``: a SPARQL local name cannot hold an unescaped ``/``)."""

PREFIXES.update({kind: f"{ID}{kind}/" for kind in ID_KINDS})


def entity(kind: str, slug: str) -> URIRef:
    """Return the IRI of an innograph entity of ``kind`` named by ``slug``.

    Parameters
    ----------
    kind : str
        The entity kind, a path segment such as ``"network"``, ``"measure"``, ``"source"``.
    slug : str
        A readable identifier; it is slugified unless it already is a valid slug or ID.

    Raises
    ------
    ValueError
        If ``kind`` or ``slug`` is empty after normalisation.
    """
    kind_s = slugify(kind)
    slug_s = slug if _SAFE_SLUG.fullmatch(slug) else slugify(slug)
    if not kind_s or not slug_s:
        raise ValueError(f"cannot make an entity IRI from kind={kind!r}, slug={slug!r}")
    return ID[f"{kind_s}/{slug_s}"]


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text``: umlauts transliterated, runs of other characters as ``-``.

    >>> slugify("Thüringer ClusterManagement (ThCM)")
    'thueringer-clustermanagement-thcm'
    """
    text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_SAFE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


ACTOR_PATH_OF_TYPE: dict[str, str] = {
    "Network": "network",
    "Ministry": "ministry",
    "Agency": "agency",
    "Company": "company",
    "Chamber": "chamber",
    "Foundation": "foundation",
    "Committee": "committee",
    "University": "research",
    "UniversityOfAppliedSciences": "research",
    "ResearchInstitute": "research",
    "ResearchOrganisation": "research",
    "Actor": "actor",
}
"""The path segment of an actor's IRI by its class (``…/id/network/optonet``): the one place
that says it; the registries mint IRIs with it and the pages recognise actors by it."""

ACTOR_PATHS = frozenset(ACTOR_PATH_OF_TYPE.values())
"""The path segments under ``…/id/`` that name actors."""


_PATH_SAFE = "/:@!$&'()*+,;=-._~"  # RFC 3986 pchar and '/': kept as they are in a path


def page_path(iri: str) -> str | None:
    """The path of our own page of ``iri`` (``/id/…``, percent-encoded so that a '?', '#' or '%'
    in the IRI stays in the path and the page comes back to the same IRI), or ``None`` for an IRI
    not in ``ID`` or with a '.' or '..' segment.

    >>> page_path(str(ID) + "network/optonet"), page_path(str(ID) + "x?y#z")
    ('/id/network/optonet', '/id/x%3Fy%23z')
    >>> page_path(str(ID) + "a/../b") is None, page_path("https://example.org/x") is None
    (True, True)
    """
    if not iri.startswith(str(ID)):
        return None
    segments = iri[len(str(ID)) :].split("/")
    # a '.' or '..' segment is resolved away by the browser, encoded ('%2E%2E') or not (the WHATWG
    # URL parser decodes it): such an IRI gets no page link, lest the link lead elsewhere
    if any(x in (".", "..") for x in segments):
        return None
    return "/id/" + "/".join(quote(x, safe=_PATH_SAFE) for x in segments)
