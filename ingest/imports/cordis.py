"""CORDIS project data, as the European Commission publishes it, → plain records with row numbers.

The bundle (Horizon 2020 or Horizon Europe, a zip or its unpacked folder) holds ``project.csv``
and ``organization.csv``: ``;``-separated, fields quoted with ``"`` where they contain the
separator, quotes (doubled) or line breaks, UTF-8 (with or without a byte-order mark). The
columns innograph reads (others are ignored):

- ``project.csv``: ``id``, ``acronym``, ``title``, ``startDate``, ``endDate``,
  ``frameworkProgramme``, ``topics``, ``fundingScheme``, ``ecMaxContribution``;
- ``organization.csv``: ``projectID``, ``organisationID``, ``name``, ``shortName``,
  ``activityType``, ``city``, ``country``, ``nutsCode``, ``role``, ``ecContribution``,
  ``vatNumber``, ``organizationURL``.

Every problem is a ``SourceError`` naming the file, the row (the line the record starts on) and,
where it applies, the column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from innograph.graph.errors import SourceError
from innograph.ingest.imports.tables import broken_field, column_name, decode_text

__all__ = [
    "CordisBundle",
    "Participation",
    "Project",
    "ProjectFilter",
    "kept_project_ids",
    "nothing_kept",
    "read_bundle",
]

PROJECT_FILE = "project.csv"
ORGANISATION_FILE = "organization.csv"
PROJECT_COLUMNS = ("id", "acronym", "title", "startDate", "endDate", "frameworkProgramme")
ORGANISATION_COLUMNS = ("projectID", "organisationID", "name", "role", "country")
_MAX_FIELD = 1_000_000


@dataclass
class Participation:
    """One row of ``organization.csv``: an organisation's part in a project."""

    row: int
    project_id: str
    org_id: str
    name: str
    short_name: str
    activity_type: str
    city: str
    country: str
    nuts: str
    role: str
    ec_contribution: float | None
    vat: str
    url: str


@dataclass
class Project:
    """One row of ``project.csv`` and its participations."""

    row: int
    id: str
    acronym: str
    title: str
    start: date | None
    end: date | None
    programme: str
    topics: list[str]
    scheme: str
    ec_contribution: float | None
    participations: list[Participation] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectFilter:
    """Which projects of a bundle to keep: the ``--region``, ``--programme``, ``--since`` and
    ``--until`` of ``innograph import cordis`` and of ``innograph import table`` with the CORDIS
    mapping (both paths use this one test).

    Examples
    --------
    >>> f = ProjectFilter(region="DEG", since=date(2020, 1, 1))
    >>> f.keeps("H2020", date(2021, 1, 1), date(2023, 12, 31), ["FR101", "DEG0F"])
    True
    >>> f.keeps("H2020", date(2015, 1, 1), date(2016, 12, 31), ["DEG0J"])
    False
    >>> bool(ProjectFilter())
    False
    """

    region: str | None = None
    programmes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.region or self.programmes or self.since or self.until)

    def keeps(
        self, programme: str, start: date | None, end: date | None, nuts_codes: Iterable[str]
    ) -> bool:
        """Keep a project of ``programme`` running from ``start`` to ``end`` whose participants
        are at ``nuts_codes``: in one of the programmes (if any are given), running at some time
        in [since, until] (an open end keeps it), and with at least one participant whose NUTS
        code starts with the region (then all its partners stay, wherever they are)."""
        return (
            (not self.programmes or programme in self.programmes)
            and (self.since is None or end is None or end >= self.since)
            and (self.until is None or start is None or start <= self.until)
            and (self.region is None or any(n.startswith(self.region) for n in nuts_codes))
        )


@dataclass
class CordisBundle:
    """The projects of a bundle (after filtering) and the files they were read from."""

    projects: list[Project]
    project_file: str
    organisation_file: str
    rows_read: int


def read_bundle(
    path: Path,
    *,
    region: str | None = None,
    programmes: tuple[str, ...] = (),
    since: date | None = None,
    until: date | None = None,
) -> CordisBundle:
    """Read a CORDIS bundle and keep the projects that pass the filters.

    Parameters
    ----------
    path : Path
        The zip, or a folder holding ``project.csv`` and ``organization.csv``.
    region : str, optional
        A NUTS code prefix (``DEG`` Thüringen, ``DE3`` Berlin, ``DE4`` Brandenburg): keep a
        project when at least one participant is there, and then all its partners.
    programmes : tuple of str
        Keep only these framework programmes (``H2020``, ``HORIZON``).
    since, until : date, optional
        Keep projects that run at some time in [since, until].

    Raises
    ------
    SourceError
        Missing file or column, wrong delimiter or encoding, broken quoting, duplicate project
        ids, a participation of an unknown project, a value of the wrong kind.
    """
    projects_text, project_name = _member(path, PROJECT_FILE)
    orgs_text, org_name = _member(path, ORGANISATION_FILE)
    projects: dict[str, Project] = {}
    rows = 0
    for row, rec in _rows(projects_text, project_name, PROJECT_COLUMNS):
        rows += 1
        pid = _required(rec, "id", project_name, row)
        if pid in projects:
            raise SourceError(
                project_name, row, f"column id: project {pid} already at row {projects[pid].row}"
            )
        projects[pid] = Project(
            row=row,
            id=pid,
            acronym=rec.get("acronym", "").strip(),
            title=_required(rec, "title", project_name, row),
            start=_date(rec.get("startDate", ""), project_name, row, "startDate"),
            end=_date(rec.get("endDate", ""), project_name, row, "endDate"),
            programme=rec.get("frameworkProgramme", "").strip(),
            topics=[t for t in rec.get("topics", "").replace(",", ";").split(";") if t.strip()],
            scheme=rec.get("fundingScheme", "").strip(),
            ec_contribution=_number(
                rec.get("ecMaxContribution", ""), project_name, row, "ecMaxContribution"
            ),
        )
    for row, rec in _rows(orgs_text, org_name, ORGANISATION_COLUMNS):
        rows += 1
        pid = _required(rec, "projectID", org_name, row)
        if pid not in projects:
            raise SourceError(
                org_name, row, f"column projectID: no project {pid} in {PROJECT_FILE}"
            )
        projects[pid].participations.append(
            Participation(
                row=row,
                project_id=pid,
                org_id=_required(rec, "organisationID", org_name, row),
                name=_required(rec, "name", org_name, row),
                short_name=rec.get("shortName", "").strip(),
                activity_type=rec.get("activityType", "").strip(),
                city=rec.get("city", "").strip(),
                country=rec.get("country", "").strip(),
                nuts=rec.get("nutsCode", "").strip(),
                role=rec.get("role", "").strip().lower(),
                ec_contribution=_number(
                    rec.get("ecContribution", ""), org_name, row, "ecContribution"
                ),
                vat=rec.get("vatNumber", "").strip(),
                url=rec.get("organizationURL", "").strip(),
            )
        )
    keep = ProjectFilter(region, programmes, since, until)
    kept = [
        p
        for p in projects.values()
        if keep.keeps(p.programme, p.start, p.end, (x.nuts for x in p.participations))
    ]
    return CordisBundle(kept, project_name, org_name, rows)


def nothing_kept(keep: ProjectFilter, bundle: CordisBundle) -> str:
    """Why ``keep`` keeps none of ``bundle``'s projects (read without a filter): the first
    filter that alone keeps none, with the values the bundle has; else the filters together.

    Examples
    --------
    >>> p = Project(2, "1", "A", "a", date(2021, 1, 1), None, "H2020", [], "", None)
    >>> p.participations.append(
    ...     Participation(2, "1", "9", "X", "", "", "", "DE", "DEG0J", "", None, "", ""))
    >>> nothing_kept(ProjectFilter(programmes=("FOO",)), CordisBundle([p], "p", "o", 2))
    "--programme FOO keeps no project: the bundle's programmes are H2020"
    """
    projects = bundle.projects
    if not projects:
        return "the bundle holds no project"

    def keeps_some(alone: ProjectFilter) -> bool:
        return any(
            alone.keeps(p.programme, p.start, p.end, (x.nuts for x in p.participations))
            for p in projects
        )

    if keep.programmes and not keeps_some(ProjectFilter(programmes=keep.programmes)):
        seen = sorted({p.programme for p in projects if p.programme}) or ["none named"]
        return (
            f"--programme {', '.join(keep.programmes)} keeps no project: the bundle's programmes "
            f"are {', '.join(seen)}"
        )
    if keep.region and not keeps_some(ProjectFilter(region=keep.region)):
        nuts = sorted({x.nuts[:3] for p in projects for x in p.participations if x.nuts})
        return (
            f"--region {keep.region} keeps no project: no participant's NUTS code starts with "
            f"{keep.region}; the bundle's NUTS-1 regions are {', '.join(nuts) or 'not given'}"
        )
    ends = [p.end for p in projects if p.end]
    if keep.since and ends and not keeps_some(ProjectFilter(since=keep.since)):
        return f"--since {keep.since} keeps no project: the last project ends {max(ends)}"
    starts = [p.start for p in projects if p.start]
    if keep.until and starts and not keeps_some(ProjectFilter(until=keep.until)):
        return f"--until {keep.until} keeps no project: the first project starts {min(starts)}"
    given = {"--region": keep.region, "--programme": ", ".join(keep.programmes),
             "--since": keep.since, "--until": keep.until}  # fmt: skip
    named = " ".join(f"{flag} {value}" for flag, value in given.items() if value)
    return f"{named} keep no project together (each alone keeps some of the {len(projects)})"


def kept_project_ids(
    keep: ProjectFilter,
    projects: Iterable[tuple[int, dict[str, str]]],
    participations: Iterable[tuple[int, dict[str, str]]],
    *,
    project_file: str = PROJECT_FILE,
) -> set[str]:
    """The ids of the projects ``keep`` keeps, from records already read (``(row, record)`` of
    ``project.csv`` and ``organization.csv``, with CORDIS's column names), as ``read_bundle``
    would keep them; for the tables of a mapping. ``project_file`` names the file in messages.

    Raises
    ------
    SourceError
        A start or end date that is not a date, naming the file, the row and the column.

    Examples
    --------
    >>> projects = [(2, {"id": "1", "frameworkProgramme": "H2020", "startDate": "2021-01-01",
    ...                  "endDate": ""}), (3, {"id": "2", "frameworkProgramme": "H2020"})]
    >>> kept_project_ids(ProjectFilter(region="DEG"), projects,
    ...                  [(2, {"projectID": "1", "nutsCode": "DEG0J"}),
    ...                   (3, {"projectID": "2", "nutsCode": "FR101"})])
    {'1'}
    """
    nuts: dict[str, list[str]] = {}
    for _, rec in participations:
        nuts.setdefault(rec.get("projectID", "").strip(), []).append(
            rec.get("nutsCode", "").strip()
        )
    kept = set()
    for row, rec in projects:
        pid = rec.get("id", "").strip()
        start = _date(rec.get("startDate", ""), project_file, row, "startDate")
        end = _date(rec.get("endDate", ""), project_file, row, "endDate")
        if keep.keeps(rec.get("frameworkProgramme", "").strip(), start, end, nuts.get(pid, ())):
            kept.add(pid)
    return kept


def _member(path: Path, name: str) -> tuple[str, str]:
    """The text of ``name`` inside the bundle, and how to name it in messages."""
    if path.is_dir():
        target = path / name
        if not target.is_file():
            raise SourceError(path, None, f"the CORDIS bundle has no {name}")
        return _decode(target.read_bytes(), str(target)), str(target)
    if not path.is_file():
        raise SourceError(path, None, "no such file")
    if path.stat().st_size == 0:
        raise SourceError(path, None, "the file is empty (0 bytes)")
    try:
        with zipfile.ZipFile(path) as bundle:
            members = {Path(m).name: m for m in bundle.namelist() if not m.endswith("/")}
            if name not in members:
                found = ", ".join(sorted(members)) or "nothing"
                raise SourceError(path, None, f"the CORDIS bundle has no {name} (it holds {found})")
            data = bundle.read(members[name])
    except zipfile.BadZipFile as err:
        raise SourceError(path, None, f"not a zip file: {err}") from None
    return _decode(data, f"{path}:{name}"), f"{path}:{name}"


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise SourceError(where, None, "the file is empty")
    return decode_text(data, where, (";",))  # a foreign byte names its line and column


def _rows(text: str, where: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line the record starts on, record)`` for every data row; checks the header."""
    csv.field_size_limit(_MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as err:
        raise SourceError(where, 1, f"cannot read the header: {err}") from None
    header = [h.strip() for h in header]
    if len(header) == 1:  # a CORDIS file has many columns: the separator is not ;
        raise SourceError(
            where, 1, f"column A: the separator is not ';' (CORDIS files are ;-separated): "
            f"the header is one column, {header[0][:60]!r}"
        )  # fmt: skip
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(where, 1, f"missing column(s): {', '.join(missing)}")
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            column = column_name(header, broken_field(text, start, ";"))
            raise SourceError(where, start, f"{column}: broken quoting: {err}") from None
        if not fields or all(not f.strip() for f in fields):
            start = reader.line_num + 1
            continue
        if len(fields) != len(header):
            raise SourceError(
                where, start, f"{len(fields)} fields where the header has {len(header)}"
            )
        yield start, dict(zip(header, fields, strict=True))
        start = reader.line_num + 1


def _required(rec: dict[str, str], column: str, where: str, row: int) -> str:
    value = rec.get(column, "").strip()
    if not value:
        raise SourceError(where, row, f"column {column}: empty")
    return value


def _date(text: str, where: str, row: int, column: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise SourceError(where, row, f"column {column}: {text!r} is not a date") from None


def _number(text: str, where: str, row: int, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise SourceError(where, row, f"column {column}: {text!r} is not a number") from None
