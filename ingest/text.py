"""Repairs for text extracted from two-column PDFs: hyphenation across lines, whitespace.

>>> join_lines(["Kompetenzzentren, Ver-", "bände, Kammern, Clus-", "ter/Netzwerke"])
'Kompetenzzentren, Verbände, Kammern, Cluster/Netzwerke'
>>> join_lines(["Netzbetreiber, Gebäude-", "bzw. Wohnungswirtschaft"])
'Netzbetreiber, Gebäude- bzw. Wohnungswirtschaft'
>>> join_lines(["KI-", "Transferkoordinator"]), join_lines(["Breitband-/", "Glasfaserstrategie"])
('KI-Transferkoordinator', 'Breitband-/Glasfaserstrategie')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from innograph.graph.errors import SourceError

__all__ = ["find_line", "join_lines", "normalise_space"]


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one string, undoing end-of-line hyphenation.

    A trailing ``-`` followed by a lower-case letter is a syllable break and is removed; before an
    upper-case letter or a digit it is a real hyphen (``KI-Transfer``) and stays.
    """
    out = ""
    for raw in lines:
        line = normalise_space(raw)
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and _CONJUNCTION.match(line):
            out += " " + line  # "Gebäude- bzw. Wohnungswirtschaft"
        elif out.endswith("-") and line[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + line
        elif out.endswith(("-", "/")):
            out += line
        else:
            out += " " + line
    return out


_CONJUNCTION = re.compile(r"(bzw\.|und|oder|sowie)\s")


def find_line(path: Path, lines: list[str], pattern: str) -> tuple[int, re.Match[str]]:
    """The first line (1-based) matching ``pattern``, and the match.

    Raises
    ------
    SourceError
        Naming ``path`` when no line matches.
    """
    for i, line in enumerate(lines):
        m = re.search(pattern, line)
        if m:
            return i + 1, m
    raise SourceError(path, None, f"expected a line matching {pattern!r}")


def normalise_space(text: str) -> str:
    """Collapse runs of white space (incl. non-breaking spaces) to one space and strip."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
