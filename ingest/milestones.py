"""Dates and status of the digital strategy's measure milestones (issue 14).

A milestone is printed as a line of text ("Bis Q3/2020: Erste Website …", "Seit 15.07. 2018 im
Fördervollzug"). Where it prints a date (a day, a month, a quarter, a school year or a year),
:func:`milestone_date` returns it as printed, and the status the way events have it: ``planned``
where the milestone says "geplant", ``held`` where it says "erfolgt", else ``not-stated``.
:func:`leads_with_date` says whether the date opens the milestone ("Bis Q3/2020: …"), i.e. is
printed on the milestone's first line; the extract knows no other line of a milestone.

>>> milestone_date("Bis Q3/2020: Erste Website Thüringenübergreifend")
('Q3/2020', 'not-stated')
>>> milestone_date("Q3/2017: Konzeptauswahlverfahren ist erfolgt")
('Q3/2017', 'held')
>>> milestone_date("Seit 15.07. 2018 im Fördervollzug")
('15.07. 2018', 'not-stated')
>>> milestone_date("Die Umsetzung der Maßnahme ist erfolgt.") is None
True
"""

from __future__ import annotations

import re

__all__ = ["leads_with_date", "milestone_date", "opens_milestone"]

_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_DATE = re.compile(
    r"(?<![\d/.])(?:"
    r"\d{1,2}\.\d{1,2}\.\s?\d{4}(?:\s?-\s?\d{1,2}\.\d{1,2}\.\s?\d{4})?"  # 15.07. 2018, a range
    r"|\d{1,2}\.\s?(?:" + _MONTHS + r")\s\d{4}"  # 6. Juli 2017
    r"|Q[1-4](?:\s?-\s?Q[1-4])?\s?/?\s?\d{4}"  # Q3/2020, Q1 2021, Q1-Q4/2021
    r"|[1-4]\.\s?Q(?:uartal)?\s?/?\s?\d{4}"  # 4.Q/2012, 2. Quartal 2020
    r"|(?:" + _MONTHS + r")\s\d{4}"  # Oktober 2019
    r"|Schuljahr\s\d{4}/\d{2}"  # Schuljahr 2019/20
    r"|\d{2}/\d{4}"  # 01/2021
    r"|(?:19|20)\d{2}"  # 2020
    r")(?![\d/])"
)
_OPENING = re.compile(r"^(?:(?:bis|ab|seit|zum|im|am)\s+(?:Ende\s+)?)?", re.IGNORECASE)


def milestone_date(text: str) -> tuple[str, str] | None:
    """The first date a milestone prints, as printed, and its status; ``None`` without a date.

    Parameters
    ----------
    text
        The milestone as the extract gives it.

    Returns
    -------
    tuple[str, str] | None
        ``(date, status)``, status one of ``planned``, ``held``, ``not-stated``.

    Examples
    --------
    >>> milestone_date("ab Schuljahr 2020/21 sukzessive Anbindung … geplant")
    ('Schuljahr 2020/21', 'planned')
    >>> milestone_date("Der KI-Koordinator hat zum August 2020 an der TU Ilmenau …")
    ('August 2020', 'not-stated')
    """
    m = _DATE.search(text)
    if m is None:
        return None
    if re.search(r"\bgeplant", text):
        status = "planned"
    elif re.search(r"\berfolgt\b", text):
        status = "held"
    else:
        status = "not-stated"
    return m.group(0), status


def leads_with_date(text: str) -> bool:
    """True when the milestone opens with its date (after "bis", "ab", "seit" …).

    >>> leads_with_date("Ab Q3/2020: Implementierung"), leads_with_date("Seit 15.07. 2018 im …")
    (True, True)
    >>> leads_with_date("Neukonzipierung GFAW-Homepage (online ca. 01/2021)")
    False
    """
    m = _DATE.search(text)
    opening = _OPENING.match(text)
    return m is not None and opening is not None and m.start() == opening.end()


def opens_milestone(line: str) -> bool:
    """True when a line opens a milestone of its own: a date at its very start, then a colon
    ("2021: Stufenweise Umsetzung …"), as the sheets print a second milestone without a blank
    line. "bis 2021: …" continues a range ("2017 bis 2020 bzw. 2018 / bis 2021: …").

    >>> opens_milestone("2021: Stufenweise Umset-"), opens_milestone("Q3/2020: Erste Website")
    (True, True)
    >>> opens_milestone("2021 umgesetzt"), opens_milestone("bis 2021: Durchführung")
    (False, False)
    """
    text = line.strip()
    m = _DATE.search(text)
    return m is not None and m.start() == 0 and text[m.end() :].startswith(":")
