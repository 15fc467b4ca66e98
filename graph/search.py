"""Site search: every entity by any of its names, in either language, forgiving of spelling.

Built once per release from the store (``SearchIndex.from_store``); a query is a scan of a few
thousand normalised names in memory. Names are compared case-folded, with umlauts and ß folded
the way German is typed without them (ä → ae, ß → ss) and accents dropped, so "Universitat",
"Universitaet" and "Universität" find the same entity.

>>> index = SearchIndex([("https://w3id.org/innograph/id/network/optonet", "OptoNet e.V.", "de",
...                       "Network")])
>>> [hit["id"] for hit in index.search("optonet")]
['network/optonet']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from typing_extensions import TypedDict

from innograph.graph.database import Database
from innograph.graph.queries import select_terms
from innograph.graph.vocab import ID, RDFS, SKOS

__all__ = ["SearchHit", "SearchIndex", "fold"]

_PREFERRED = frozenset({str(RDFS.label), str(SKOS.prefLabel)})
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class SearchHit(TypedDict):
    """One entity found: its short id, the name that matched, its best label and its class."""

    id: str
    iri: str
    label: str
    matched: str
    type: str


def fold(text: str, *, umlauts: bool = True) -> str:
    """``text`` case-folded, accents dropped, spaces collapsed; umlauts and ß spelled out
    (``umlauts=True``: ä → ae) or reduced to the base letter (ä → a, as CORDIS writes names).

    >>> fold("Friedrich-Schiller-Universität  JENA"), fold("Universität", umlauts=False)
    ('friedrich-schiller-universitaet jena', 'universitat')
    """
    text = text.casefold()
    if umlauts:
        text = text.translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


class SearchIndex:
    """Names → entities for one release.

    Parameters
    ----------
    names : iterable of (iri, name, language, type)
    """

    def __init__(self, names: Iterable[tuple[str, str, str, str]]) -> None:
        self._rows: list[tuple[tuple[str, str], str, str]] = []  # (folded forms, iri, name)
        self._label: dict[str, str] = {}
        self._type: dict[str, str] = {}
        self._label_lang: dict[str, str] = {}
        self._by_lang: dict[str, dict[str, str]] = {}
        for iri, name, lang, type_ in names:
            self._rows.append(((fold(name), fold(name, umlauts=False)), iri, name))
            if type_ and not self._type.get(iri):
                self._type[iri] = type_
            if iri not in self._label or (lang == "de" and self._label_lang[iri] != "de"):
                self._label[iri], self._label_lang[iri] = name, lang
            self._by_lang.setdefault(lang, {}).setdefault(iri, name)

    def labels(self, lang: str) -> dict[str, str]:
        """A label for every entity: in ``lang`` where it has one, else its German or any name.

        >>> index = SearchIndex([("x", "Optik", "de", ""), ("x", "Optics", "en", ""),
        ...                      ("y", "ThCM", "", "")])
        >>> index.labels("en"), index.labels("de")
        ({'x': 'Optics', 'y': 'ThCM'}, {'x': 'Optik', 'y': 'ThCM'})
        """
        return {**self._label, **self._by_lang.get(lang, {})}

    def named(self, text: str) -> list[str]:
        """The IRIs of the entities one of whose names (label or alias, any language) is ``text``,
        compared folded (case, umlauts typed either way, accents).

        >>> index = SearchIndex([("u", "Technische Universität Ilmenau", "de", ""),
        ...                      ("u", "TU Ilmenau", "", ""), ("f", "FSU Jena", "", "")])
        >>> index.named("tu ilmenau"), index.named("Technische Universitaet Ilmenau")
        (['u'], ['u'])
        >>> index.named("Ilmenau")
        []
        """
        forms = (fold(text), fold(text, umlauts=False))
        if not forms[0]:
            return []
        return sorted({iri for names, iri, _ in self._rows if set(names) & set(forms)})

    @classmethod
    def from_store(cls, db: Database) -> SearchIndex:
        """The index of every entity name in ``db``."""
        rows = []
        for r in select_terms(db, "search_labels"):
            type_ = r["type"].value.rsplit("#", 1)[-1] if r["type"] is not None else ""
            alias = r["p"].value not in _PREFERRED
            rows.append(
                (alias, r["entity"].value, r["name"].value, r["name"].language or "", type_)
            )
        rows.sort()  # preferred names first: an entity's label is never one of its aliases
        return cls(row[1:] for row in rows)

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Entities with a name containing every word of ``query``, best first: a name equal to
        the query, then one starting with it, then one with a word starting with it, then any.
        """
        forms = (fold(query).split(), fold(query, umlauts=False).split())
        if not forms[0]:
            return []
        best: dict[str, tuple[int, int, str]] = {}
        for names, iri, name in self._rows:
            # ä typed as "ae" or as "a": compare like with like
            matching = [(f, w) for f, w in zip(names, forms, strict=True) if all(x in f for x in w)]
            if not matching:
                continue
            folded, words = matching[0]
            phrase = " ".join(words)
            if folded == phrase:
                rank = 0
            elif folded.startswith(phrase):
                rank = 1
            elif any(part.startswith(words[0]) for part in folded.replace("-", " ").split()):
                rank = 2
            else:
                rank = 3
            key = (rank, len(folded), name)
            if iri not in best or key < best[iri]:
                best[iri] = key
        ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
        return [
            {
                "id": iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri,
                "iri": iri,
                "label": self._label.get(iri, name),
                "matched": name,
                "type": self._type.get(iri, ""),
            }
            for iri, (_, _, name) in ranked
        ]
