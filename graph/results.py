"""SPARQL 1.1 query results (SELECT rows) written as JSON, XML, CSV or TSV.

innograph writes rows itself, rather than through Oxigraph's serialiser, so that it can stop
at a row cap and say so (``truncated``) without evaluating the query twice.

>>> import pyoxigraph as ox
>>> rows = [[ox.NamedNode("http://e/a"), ox.Literal("x", language="de")]]
>>> write_rows(["s", "o"], rows, "tsv")
b'?s\\t?o\\n<http://e/a>\\t"x"@de\\n'
>>> write_rows(["s", "o"], rows, "csv")
b's,o\\r\\nhttp://e/a,x\\r\\n'

References
----------
.. [1] W3C, "SPARQL 1.1 Query Results JSON Format", 2013.
.. [2] W3C, "SPARQL Query Results XML Format (Second Edition)", 2013.
.. [3] W3C, "SPARQL 1.1 Query Results CSV and TSV Formats", 2013.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["ROW_FORMATS", "write_rows"]

ROW_FORMATS = ("json", "xml", "csv", "tsv")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None


def write_rows(
    variables: Sequence[str],
    rows: Sequence[Sequence[Term]],
    fmt: str,
    *,
    truncated: bool = False,
) -> bytes:
    """Serialise SELECT rows (each a sequence of terms, ``None`` for unbound) as ``fmt``.

    With ``truncated``, the JSON and XML documents also carry a ``link`` to the row-cap note
    (a standard place for metadata in both formats); CSV and TSV have no place for it, so the
    HTTP layer signals truncation in a header for every format.
    """
    if fmt == "json":
        return _json(variables, rows, truncated)
    if fmt == "xml":
        return _xml(variables, rows, truncated)
    if fmt == "csv":
        return _csv(variables, rows)
    if fmt == "tsv":
        return _tsv(variables, rows)
    raise ValueError(f"unknown results format {fmt!r}; expected one of {ROW_FORMATS}")


_TRUNCATED_LINK = "urn:innograph:truncated"


def _json(variables: Sequence[str], rows: Sequence[Sequence[Term]], truncated: bool) -> bytes:
    head: dict[str, object] = {"vars": list(variables)}
    if truncated:
        head["link"] = [_TRUNCATED_LINK]
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    doc = {"head": head, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_term(t: Term) -> dict[str, object]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(t.subject),
                "predicate": _json_term(t.predicate),
                "object": _json_term(t.object),
            },
        }
    raise TypeError(f"not an RDF term: {t!r}")


def _xml(variables: Sequence[str], rows: Sequence[Sequence[Term]], truncated: bool) -> bytes:
    out = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
        *(f"<variable name={quoteattr(v)}/>" for v in variables),
    ]
    if truncated:
        out.append(f"<link href={quoteattr(_TRUNCATED_LINK)}/>")
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is not None:
                out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _xml_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(t.subject)}</subject>"
            f"<predicate>{_xml_term(t.predicate)}</predicate>"
            f"<object>{_xml_term(t.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {t!r}")


def _csv(variables: Sequence[str], rows: Sequence[Sequence[Term]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else _csv_term(t) for t in row])
    return buf.getvalue().encode("utf-8")


def _csv_term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return str(t)
    return t.value


def _tsv(variables: Sequence[str], rows: Sequence[Sequence[Term]]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")
