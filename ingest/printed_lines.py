"""Where a measure sheet prints each name of a list: the line a lead, a participant or a part of
a wrapped "… und …" entry starts on, found in the text with end-of-line hyphenation undone (the
sheets' columns interleave, so a list's names run over several lines)."""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["name_lines", "part_lines"]


def name_lines(lines: list[str], names: list[str], start: int | None, end: int) -> list[int]:
    """The line each of ``names`` is printed on, found in order in the text from ``start`` (the
    line of the list) to the sheet's end, with end-of-line hyphenation undone; a name that
    cannot be found (interleaved with the other column) keeps the line of the name before it.

    >>> name_lines(["Beteiligte:", "TMWWDG, Landesärzte-", "kammer, Kammern,", "Kommunen"],
    ...            ["TMWWDG", "Landesärztekammer", "Kammern", "Kommunen"], 1, 4)
    [2, 2, 3, 4]
    """
    if start is None:
        return [0] * len(names)
    text, where = "", list[int]()
    for i in range(start - 1, min(end, len(lines))):
        line = " ".join(lines[i].split())
        if text.endswith("-") and line[:1].islower():
            text, where = text[:-1], where[:-1]  # a syllable break: join the word
        elif text:
            text, where = text + " ", [*where, i]
        text += line
        where += [i] * len(line)
    folded, cursor, last, out = text.casefold(), 0, start, []
    for name in names:
        probe = " ".join(name.split()).casefold()
        pos = folded.find(probe, cursor)
        if pos < 0:  # a qualified or shortened name: its first word
            first = next((w for w in re.findall(r"\w+", probe) if len(w) >= 3), probe)
            pos = folded.find(first, cursor)
        if pos >= 0:
            last, cursor = where[pos] + 1, pos + len(probe)
        out.append(last)
    return out


def part_lines(
    lines: list[str],
    names: list[str],
    starts: list[int],
    end: int,
    split: Callable[[str], list[str]] = lambda name: name.split(" und "),
) -> dict[str, list[int]]:
    """For each entry of ``names`` that ``split`` cuts into several names ("IHKn und HWKn in
    Thüringen"), the line each of them starts on, where they start on different lines ("IHKn
    und" on one line, "HWKn in Thüringen" on the next); ``starts`` are the entries' own lines
    (:func:`name_lines`).

    >>> part_lines(["Beteiligte:", "Gemeinden und", "Landkreise"],
    ...            ["Gemeinden und Landkreise"], [2], 3)
    {'Gemeinden und Landkreise': [2, 3]}
    """
    out = {}
    for name, start in zip(names, starts, strict=False):
        parts = split(name)
        if len(parts) < 2 or not start:
            continue
        found = name_lines(lines, parts, start, end)
        if len(set(found)) > 1:
            out[name] = found
    return out
