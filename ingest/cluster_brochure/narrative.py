"""Narrative facts of the brochure's text (issue 14): the Trendatlas as a study (who wrote it, for
whom, the growth fields it identifies), which agencies the LEG hosts and which work outside it,
and the region's key indicators in section 1 (patents, R&D share, export quota), each with its
line."""

from __future__ import annotations

import re
from typing import Any

from innograph.ingest.cluster_brochure.records import _Ctx

__all__ = ["_narrative"]

_STUDY = re.compile(
    r"„(?P<name>Trendatlas Thüringen 2020)“, den (?P<author>[^,]+?) \((?P<author_abbr>\w+)\) "
    r"im Auftrag des (?P<client>.+?) \((?P<client_abbr>\w+)\) erarbeitet hat"
)
_SHORT = re.compile(r"der „(?P<name>Trendatlas 2020)“")
_HOSTED = re.compile(
    r"ebenfalls bei der (?P<host>LEG) angesiedelten (?P<name>.+?) \((?P<abbr>\w+)\)"
)
_OUTSIDE = re.compile(
    r"außerhalb der (?P<host>LEG) durch die .*? "
    r"(?P<name>Thüringer Agentur [^(]+?) \((?P<abbr>\w+)\)"
)
_TH, _DE = "thueringen", "deutschland"
_PATENTS, _RD = "patentsPer100kInhabitants", "rdExpenditureSharePercent"
_EXPORT = "exportQuotePercent"
_INDICATORS = (
    # (pattern: (?P<value>) and optionally (?P<year>), region, property)
    (r"je 100\.000 Einwohner nur (?P<value>\d+) Patente", _TH, _PATENTS),
    (r"bundesweite Durchschnitt liegt bei (?P<value>\d+) Patenten", _DE, _PATENTS),
    (r"F/E-Aufwendungen am regionalen BIP (?P<year>\d{4}) betrug (?P<value>[\d,]+)", _TH, _RD),
    (r"Exportquote in der Industrie.*?lag (?P<year>\d{4}) in Thüringen bei (?P<value>[\d,]+)", _TH,
     _EXPORT),
    (r"lag (?P<year>\d{4}) in Thüringen bei [\d,]+ Prozent gegenüber einem Bundesdurchschnitt "
     r"von (?P<value>[\d,]+)", _DE, _EXPORT),
)  # fmt: skip


def _narrative(ctx: _Ctx) -> dict[str, Any]:
    """The study, the hosting statements and the key indicators, each with its line."""
    study_at, m = ctx.match(_STUDY)
    short_at, short = ctx.match(_SHORT)
    study = {
        **m.groupdict(),
        "line": study_at + 1,
        "short_name": short.group("name"),
        "short_line": short_at + 1,
    }
    hosting = []
    for rx, hosted in ((_HOSTED, True), (_OUTSIDE, False)):
        at, found = ctx.match(rx)
        hosting.append({**found.groupdict(), "hosted": hosted, "line": at + 1})
    indicators = []
    for pattern, region, prop in _INDICATORS:
        at, found = ctx.match(pattern)
        indicators.append(
            {
                "region": region,
                "property": prop,
                "value": found.group("value").replace(",", "."),
                "printed": found.group("value"),
                "reference_date": found.groupdict().get("year"),
                "line": at + 1,
            }
        )
    return {"study": study, "hosting": hosting, "indicators": indicators}
