"""The records the brochure parser yields, its patterns and its parsing context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from innograph.graph.errors import SourceError

__all__ = ["COLUMNS", "FILE", "Figure", "GrowthField", "Network"]

FILE = "003_7f60bfa5933ed3d6.txt"

COLUMNS = ("companyCount", "employeeCount", "turnoverEUR", "gvaSharePercent", "exportQuotePercent")

"""The five columns of every growth-field figures table, as ontology property names."""

_TABLE = re.compile(r"^<b>Wachstumsfeld (?P<name>.+?)</b>\s*$")

_NETWORK = re.compile(r"^<b>Netzwerk (?P<name>.+?)</b>\s*$")

_ROW_LABEL = re.compile(r"^<b>(?P<label>[^<]+)</b>\t(?P<value>.*)$")

_SUB = re.compile(r"^(?:<i>)?(?P<sub>[A-ZÄÖÜ][\wäöü]+|gesamt):?(?:</i>)?\s*$")

_SUP = re.compile(r"<sup>\s*(\d)\s*</sup>")

_LI = re.compile(r"<li>\s*(?:•\s*)?(.*?)\s*</li>")

_GROUP_ITEM = re.compile(r"^\s*-\s+(?P<name>.+?)\s*$")

_QUOTED = re.compile(r"„(.+?)“")

_SUMMARY_VALUE = re.compile(
    r"(?:ca\.\s*)?\d[\d. ]*(?:,\d+)?(?:\s*<sup>\d</sup>)?(?:\s*\((?:nur )?WZ[^)]*\))?"
    r"|keine Angaben"
)

_MONTHS = {
    "Januar": 1,
    "Februar": 2,
    "März": 3,
    "April": 4,
    "Mai": 5,
    "Juni": 6,
    "Juli": 7,
    "August": 8,
    "September": 9,
    "Oktober": 10,
    "November": 11,
    "Dezember": 12,
}


@dataclass
class Figure:
    """One number of a figures table, with its column, sub-field and provenance."""

    property: str
    value: str | None
    approximate: bool
    line: int
    subfield: str | None = None
    footnote: int | None = None
    source: str | None = None
    reference_date: str | None = None
    source_line: int | None = None
    """The line of the footnote that names the source."""
    wz: str | None = None
    dataset: str | None = None
    not_stated: bool = False
    raw: str = ""


@dataclass
class Network:
    """A network box."""

    name: str
    legal_form: str | None
    abbreviation: str | None
    line: int
    cluster: str
    members: int | None = None
    companies: int | None = None
    research: int | None = None
    members_line: int | None = None
    themes: list[str] = field(default_factory=list)
    theme_lines: list[int] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    activity_lines: list[int] = field(default_factory=list)
    status: str | None = None
    """What the activities row says of the network's present state instead of naming activities
    ("derzeit Herstellen der Arbeitsfähigkeit des Netzwerkes", TH-ERN, line 421)."""
    status_line: int | None = None
    website: str | None = None
    website_line: int | None = None


@dataclass
class GrowthField:
    """A growth field / branch section."""

    name: str
    line: int
    table_line: int
    group: str | None = None
    figures: list[Figure] = field(default_factory=list)
    strengths: list[dict] = field(default_factory=list)
    weaknesses: list[dict] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)


@dataclass
class _Ctx:
    path: Path
    lines: list[str]

    def fail(self, index: int | None, message: str) -> SourceError:
        return SourceError(self.path, None if index is None else index + 1, message)

    def find(self, pattern: str, start: int = 0, end: int | None = None) -> int:
        return self.match(pattern, start, end)[0]

    def match(
        self, pattern: str | re.Pattern[str], start: int = 0, end: int | None = None
    ) -> tuple[int, re.Match[str]]:
        """The first line from ``start`` matching ``pattern``, and the match; ``SourceError``
        naming the line it searched from when none does."""
        rx = re.compile(pattern)
        for i in range(start, len(self.lines) if end is None else end):
            found = rx.search(self.lines[i])
            if found:
                return i, found
        raise self.fail(start, f"expected a line matching {rx.pattern!r} after this line")
