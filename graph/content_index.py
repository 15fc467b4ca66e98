"""What the graph says about each actor, as TF-IDF vectors: the content side of the partner
recommendations (``graph.recommendations``) and of the held-out evaluation's ``content`` method.

References
----------
.. [1] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
   Information Processing & Management 24, 513–523, 1988.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import networkx as nx

__all__ = ["ContentIndex"]

_TOKEN = re.compile(r"[a-zäöüß0-9]{3,}")
_STOP = frozenset(
    [
        "und",
        "der",
        "die",
        "das",
        "des",
        "für",
        "von",
        "mit",
        "den",
        "dem",
        "zur",
        "zum",
        "auf",
        "bei",
        "aus",
        "ein",
        "eine",
        "einer",
        "eines",
        "sowie",
        "the",
        "and",
        "for",
        "with",
        "e.v",
        "gmbh",
        "thüringen",
        "thüringer",
        "thuringia",
        "thuringian",
    ]
)


class ContentIndex:
    """TF-IDF vectors of every actor's text: label, topics, cluster labels, activity labels.

    The content side of the recommendations: two actors are similar when their texts share
    distinctive words (TF-IDF cosine [1]_).

    Parameters
    ----------
    G : networkx.Graph
        The projection: actor nodes (``kind="actor"``) with ``label``, ``topics`` and
        ``clusters``; an actor's activities are its neighbours that are not actors.

    Attributes
    ----------
    vectors : dict
        Actor → its unit-length TF-IDF vector (term → weight).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", kind="actor", label="Optik Netz", topics=["Laser"], clusters=[])
    >>> G.add_node("b", kind="actor", label="Laser Zentrum", topics=["Laser"], clusters=[])
    >>> ContentIndex(G).similarity("a", "b") > 0
    True

    Notes
    -----
    Terms are the lower-cased words of at least three letters (a–z, äöüß) or digits, without a short
    list of German and English stop words (and "Thüringen", "GmbH" and the like, which every actor
    could have). A term's weight is (1 + ln tf) · (1 + ln((1 + N) / (1 + df))) for N actors, df of
    which use it (sublinear tf, smoothed idf, as scikit-learn's ``TfidfVectorizer`` with
    ``sublinear_tf=True``), each vector normalised to unit length. Building costs O(n + m + T) for T
    terms in all texts; a similarity O(min(|a|, |b|)) terms. Build it once per graph and pass it to
    ``recommend`` as ``content=`` when asking for several actors.

    References
    ----------
    .. [1] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
       Information Processing & Management 24, 513–523, 1988.
    """

    def __init__(self, G: nx.Graph) -> None:
        docs: dict[str, Counter[str]] = {}
        for n, d in G.nodes(data=True):
            if d.get("kind") != "actor":
                continue
            texts = [d.get("label", ""), *d.get("topics", [])]
            texts += [G.nodes[c].get("label", "") for c in d.get("clusters", []) if c in G]
            texts += [
                G.nodes[x].get("label", "") for x in G[n] if G.nodes[x].get("kind") != "actor"
            ]
            docs[n] = Counter(_tokens(" ".join(texts)))
        df: Counter[str] = Counter()
        for terms in docs.values():
            df.update(terms.keys())
        n_docs = max(len(docs), 1)
        self.vectors: dict[str, dict[str, float]] = {}
        for n, terms in docs.items():
            vec = {
                t: (1 + math.log(c)) * (1 + math.log((1 + n_docs) / (1 + df[t])))
                for t, c in terms.items()
            }
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors[n] = {t: v / norm for t, v in vec.items()}

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity [3]_ of the texts of actors ``a`` and ``b``.

        Parameters
        ----------
        a, b : str
            Actor nodes of the indexed graph.

        Returns
        -------
        float
            The dot product of the two unit vectors, in [0, 1]; 0.0 when either is not an indexed
            actor or has no terms.

        Examples
        --------
        >>> G = nx.Graph()
        >>> G.add_node("a", kind="actor", label="Laser Optik", topics=[], clusters=[])
        >>> G.add_node("b", kind="actor", label="Laser Optik", topics=[], clusters=[])
        >>> G.add_node("c", kind="actor", label="Holz Bau", topics=[], clusters=[])
        >>> ix = ContentIndex(G)
        >>> round(ix.similarity("a", "b"), 4), ix.similarity("a", "c"), ix.similarity("a", "x")
        (1.0, 0.0, 0.0)

        Notes
        -----
        O(min(|a|, |b|)) for vectors of |a| and |b| terms.

        References
        ----------
        .. [1] G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval",
           Information Processing & Management 24, 513–523, 1988.
        """
        va, vb = self.vectors.get(a, {}), self.vectors.get(b, {})
        if len(va) > len(vb):
            va, vb = vb, va
        return float(sum(v * vb.get(t, 0.0) for t, v in va.items()))


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]
