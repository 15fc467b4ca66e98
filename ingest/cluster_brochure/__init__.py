"""The Thuringian cluster-management brochure (``003_…txt``, 2012) → records.

The text is markdown with HTML table fragments from a PDF. Per growth field it has a figures
table (``<b>Wachstumsfeld …</b>`` + a header row + data rows, optionally per sub-field), the
strengths and weaknesses as ``<li>`` items, the source footnotes (``Quellen:``), and a network
box (``<b>Netzwerk …</b>`` with members, themes, activities, website). Then the structures
(ClusterCouncil, ClusterBoard, ThCM), Anlage 1 (panels, application centres, growth cores,
special projects, initiatives, two events tables) and Anlage 2 (the summary table).

The parser yields plain records with line numbers; ``ingest.clusters`` maps them to triples.
Numbers: ``ca.`` sets ``approximate``; ``keine Angaben`` and ``-`` give no value (recorded as
``not_stated``); turnover is converted from billions to euros.

The parser is split by document section: ``records`` (patterns, records, context), ``figures``,
``networks``, ``structures`` and ``appendix``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from innograph.ingest.cluster_brochure.appendix import (
    _appendix1,
    _apply_summary_overrides,
    _cross_check,
    _summary_table,
)
from innograph.ingest.cluster_brochure.figures import _groups, _growth_fields
from innograph.ingest.cluster_brochure.narrative import _narrative
from innograph.ingest.cluster_brochure.records import FILE, Figure, Network, _Ctx
from innograph.ingest.cluster_brochure.structures import _management, _structures

__all__ = ["FILE", "Figure", "Network", "parse_brochure"]


def parse_brochure(path: Path, overrides: list[dict] | None = None) -> dict[str, Any]:
    """Parse the brochure into a JSON-ready dict of records (see the module docstring).

    Raises
    ------
    SourceError
        With the file and line, for a figures table without data rows, a network box without
        its members or website row, a missing structure or appendix that the brochure has.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    ctx = _Ctx(path, lines)
    groups = _groups(ctx)
    fields = _growth_fields(ctx, groups)
    summary = _summary_table(ctx)
    applied = _apply_summary_overrides(ctx, summary, overrides or [])
    return {
        "source": FILE,
        "groups": groups,
        "growth_fields": [asdict(f) for f in fields],
        "structures": _structures(ctx),
        "management": _management(ctx),
        "appendix1": _appendix1(ctx),
        "summary": summary,
        "disagreements": _cross_check(fields, summary),
        "narrative": _narrative(ctx),
        "overrides": applied,
    }
