"""How a value is printed: the spellings of a number in a document, and text folded for matching.

The line audit (``ingest/line_audit.py``) asks whether a cited line prints a value. A figure's
``ig:value`` is a plain decimal (``8100``, ``1.9``, ``7700000000``); the document prints it in
its own spelling — ``8.100``, ``ca. 8.100``, ``1,9``, ``7,7 Mrd.``, ``24,800``, ``3.05 billion`` —
so the audit derives every spelling a number can have and looks for any of them.

>>> sorted(number_spellings("8100"))
['8 100', '8,100', '8.100', '8100', '8100,0', '8100.0']
>>> "7,7" in number_spellings("7700000000")
True
>>> contains_number("Beschäftigte: ca. 8.100 (2011)", "8100")
True
>>> contains_number("im Jahr 2019", "9")
False
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = ["contains_number", "contains_text", "fold", "number_spellings"]

_SCALES = (Decimal(10) ** 9, Decimal(10) ** 6)
"""Mrd./billion and Mio./million: a large value may be printed in either unit."""
_WORDS = {
    1: ("one", "ein", "eine", "einem", "einer", "eins", "once", "einmal"),
    2: ("two", "zwei", "twice", "zweimal"),
    3: ("three", "drei"),
    4: ("four", "vier"),
    5: ("five", "fünf"),
    6: ("six", "sechs"),
    7: ("seven", "sieben"),
    8: ("eight", "acht"),
    9: ("nine", "neun"),
    10: ("ten", "zehn"),
    11: ("eleven", "elf"),
    12: ("twelve", "zwölf"),
}
"""Small numbers as English and German words ("eight universities", "neun Hochschulen"; "zweimal
im Jahr" for twice a year)."""


def number_spellings(value: str | Decimal | int) -> set[str]:
    """Every way a document may print ``value``: with German (``8.100``), English (``8,100``),
    spaced (``8 100``) or no thousands separators; with a decimal comma or point (``1,9``,
    ``1.9``, ``33,0`` for 33); as a word up to twelve (``eight``, ``neun``); and, from a million
    on, scaled to billions or millions (``7,7`` or ``0,013`` when the line says ``Mrd.``).

    Parameters
    ----------
    value
        The number as ``ig:value`` holds it (a decimal string, ``Decimal`` or ``int``).

    Returns
    -------
    set of str
        The spellings without unit words (the unit may sit on the next cell or line).

    Raises
    ------
    ValueError
        When ``value`` is not a number.

    Examples
    --------
    >>> sorted(number_spellings("1.9"))
    ['1,9', '1.9']
    >>> {"350", "0,35", "350.000.000"} <= number_spellings("350000000")  # "350 Mio.", "0,35 Mrd."
    True
    >>> {"33,0", "33"} <= number_spellings("33"), "fünf" in number_spellings(5)
    (True, True)
    >>> sorted(number_spellings("32.30"))
    ['32,3', '32.3']
    """
    try:
        d = Decimal(str(value))
    except InvalidOperation as err:
        raise ValueError(f"not a number: {value!r}") from err
    out = _plain(d)
    if d == d.to_integral_value():
        n = int(d)
        out |= {f"{n},0", f"{n}.0", *_WORDS.get(n, ())}
    for scale in _SCALES if abs(d) >= _SCALES[-1] else ():
        scaled = d / scale
        if scaled == scaled.quantize(Decimal("0.001")):  # "0,013 Mrd.": three decimals at most
            out |= _plain(scaled)
    return out


def _plain(d: Decimal) -> set[str]:
    d = d.normalize()
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
    if not frac:
        return {sign + sep.join(groups) for sep in ("", ".", ",", " ")}
    out = set()
    for point, thousands in ((",", "."), (".", ","), (",", " "), (".", " "), (",", ""), (".", "")):
        out.add(f"{sign}{thousands.join(groups)}{point}{frac}")
    return out


def contains_number(text: str, value: str | Decimal | int) -> bool:
    """Whether ``text`` prints ``value`` as a number of its own (not as part of a longer one).

    >>> contains_number("5 400 companies", "5400"), contains_number("Umsatz: 1,9 Mrd. €", "1.9")
    (True, True)
    >>> contains_number("1.300,5", "300"), contains_number("five research facilities", 5)
    (False, True)
    """
    text = text.replace("\u00a0", " ")
    for spelling in sorted(number_spellings(value), key=len, reverse=True):
        if spelling[0].isalpha():
            pattern = rf"(?<!\w){spelling}(?!\w)"
            flags = re.IGNORECASE
        else:
            pattern = rf"(?<![\d.,]){re.escape(spelling)}(?!\d|[.,]\d)"
            flags = re.NOFLAG
        if re.search(pattern, text, flags):
            return True
    return False


def fold(text: str) -> str:
    """``text`` folded for matching: markup removed, case folded, quotes, dashes, the soft hyphen
    and white space normalised.

    >>> fold("<b>Netzwerk „OptoNet“</b> – Jena"), fold("Patientenversorgung / Telemedizin")
    ('netzwerk optonet - jena', 'patientenversorgung/telemedizin')
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("\u00ad", "").replace("*", " ")
    text = re.sub(r"[„“”\"‚‘’'`´»«]", "", text)
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def contains_text(text: str, needle: str) -> bool:
    """Whether the folded ``text`` contains the folded ``needle`` starting at a word; a short
    needle (an abbreviation such as ``DA``) must also end at a word.

    >>> contains_text("Die Automobilindustrie nutzt", "Automobil")
    True
    >>> contains_text("DATEN", "DA"), contains_text("die DA Thüringen", "DA")
    (False, True)
    """
    n = fold(needle)
    if not n:
        return False
    end = r"(?!\w)" if len(n) < 5 else ""
    return re.search(rf"(?<!\w){re.escape(n)}{end}", fold(text)) is not None
