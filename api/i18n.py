"""Both languages on every page: one message catalogue, the request's language, local formats.

The language of a request is ``?lang=de|en`` (kept in a cookie for the following clicks), else the
cookie, else the best of the browser's ``Accept-Language``, else English. ``LanguageMiddleware``
decides it once per request and keeps it in a context variable, so every template renders in it
without each route passing it along. Messages are written in English in the templates
(``{{ _("Partner finder") }}``) and translated from ``MESSAGES``; numbers and dates are formatted
by Babel for the locale (50.000 in German, 50,000 in English).

>>> translate("Search", "de"), translate("Search", "en")
('Suche', 'Search')
>>> number(50000, "de"), number(50000, "en"), number(0.5, "de")
('50.000', '50,000', '0,5')
>>> moment("2026-11-30T02:49:45Z", "de"), moment("2026-11-30T02:49:45Z", "en")
('30.11.2026, 02:49 UTC', '30 Nov 2026, 02:49 UTC')
>>> choose_language(None, None, "de-DE,de;q=0.9,en;q=0.8")
'de'
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

import yaml
from babel.dates import format_datetime
from babel.numbers import format_decimal
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from innograph.api.conditional import tagged
from innograph.graph.resources import resource_dir

__all__ = [
    "LANGS",
    "MESSAGES",
    "LanguageMiddleware",
    "choose_language",
    "current_language",
    "figure_text",
    "in_language",
    "moment",
    "number",
    "qualifiers",
    "switch_href",
    "translate",
]

LANGS = ("en", "de")
_LANG: ContextVar[str] = ContextVar("innograph_lang", default="en")
_HERE: ContextVar[str] = ContextVar("innograph_here", default="/")

MESSAGES: dict[str, str] = yaml.safe_load(
    (resource_dir("innograph.api.templates") / "messages.de.yaml").read_text(encoding="utf-8")
)
"""English message → German, from ``api/templates/messages.de.yaml``."""


def in_language(lang: str, de: str | None, en: str | None) -> str | None:
    """Of a German and an English text (a label the data has in both, or in one), the one in
    ``lang``, else the other.

    >>> in_language("en", "Thüringen", "Thuringia"), in_language("en", "Thüringen", None)
    ('Thuringia', 'Thüringen')
    """
    first, second = (en, de) if lang == "en" else (de, en)
    return first or second


def translate(message: str, lang: str | None = None) -> str:
    """``message`` (English) in ``lang`` (default: the current request's language)."""
    lang = lang or _LANG.get()
    return MESSAGES.get(message, message) if lang == "de" else message


def number(value: float | int | None, lang: str | None = None) -> str:
    """``value`` formatted for the language (grouping and decimal separators)."""
    if value is None:
        return ""
    return str(format_decimal(value, locale="de_DE" if (lang or _LANG.get()) == "de" else "en_GB"))


def figure_text(
    value: float | int | None,
    lang: str | None = None,
    *,
    approximate: bool = False,
    lower_bound: bool = False,
) -> str:
    """A figure as the document prints it: "ca. 500" / "about 500" when it is approximate,
    "über 50.000" / "over 50,000" when it is a lower bound, else the number alone.

    >>> figure_text(50000, "de", lower_bound=True), figure_text(500, "en", approximate=True)
    ('über 50.000', 'about 500')
    """
    text = number(value, lang)
    if not text:
        return text
    de = (lang or _LANG.get()) == "de"
    if lower_bound:
        return ("über " if de else "over ") + text
    if approximate:
        return ("ca. " if de else "about ") + text
    return text


def qualifiers(row: Mapping[str, Any]) -> dict[str, bool]:
    """How a figure row (``approximate``, ``lowerBound`` columns of a query) is printed, as the
    keywords of ``figure_text``."""
    return {
        "approximate": row.get("approximate") in (True, "true"),
        "lower_bound": row.get("lowerBound") in (True, "true"),
    }


def moment(stamp: str, lang: str | None = None) -> str:
    """An ISO 8601 UTC time stamp as the language writes a date and time; unparsable text as is."""
    try:
        when = datetime.fromisoformat(stamp).astimezone(UTC)
    except ValueError:
        return stamp
    locale = "de_DE" if (lang or _LANG.get()) == "de" else "en_GB"
    pattern = "dd.MM.yyyy, HH:mm 'UTC'" if locale == "de_DE" else "d MMM yyyy, HH:mm 'UTC'"
    return str(format_datetime(when, pattern, locale=locale))


def current_language() -> str:
    return _LANG.get()


def choose_language(param: str | None, cookie: str | None, accept: str | None) -> str:
    """The request's language: ``?lang=``, the cookie, then ``Accept-Language`` (by q-value)."""
    for value in (param, cookie):
        if value in LANGS:
            return str(value)
    best, best_q = "en", 0.0
    for part in (accept or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower()[:2]
        if lang in LANGS and q > best_q:
            best, best_q = lang, q
    return best


def switch_href(lang: str) -> str:
    """The current page in ``lang`` (its path and query with ``lang`` replaced)."""
    path, _, query = _HERE.get().partition("?")
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return path + "?" + urlencode([*params, ("lang", lang)])


def _mark_language(message: Message, lang: str) -> None:
    """A page's words depend on the language chosen, and so do those of any answer that says its
    language (``Content-Language``: the partner finder's CSV, the disagreements as JSON): say so to
    caches (``Vary``) and give each language its own entity tag. Other answers (SPARQL results,
    the API's JSON) are the same in every language."""
    headers = MutableHeaders(raw=list(message.get("headers", [])))
    if not headers.get("content-type", "").startswith("text/html") and not headers.get(
        "content-language"
    ):
        return
    varies = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    for name in ("Accept-Language", "Cookie"):
        if name.lower() not in {v.lower() for v in varies}:
            varies.append(name)
    headers["vary"] = ", ".join(varies)
    if "etag" in headers:
        headers["etag"] = tagged(headers["etag"], lang)
    message["headers"] = headers.raw


class LanguageMiddleware:
    """Decides each request's language; a ``?lang=`` choice is kept in a cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        param = dict(parse_qsl(query)).get("lang")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is ignored, never an error
            cookies = SimpleCookie()
        cookie = cookies["lang"].value if "lang" in cookies else None
        lang = choose_language(param, cookie, headers.get("accept-language"))
        token = _LANG.set(lang)
        here = _HERE.set(scope["path"] + ("?" + query if query else ""))

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                _mark_language(message, lang)
            if message["type"] == "http.response.start" and param in LANGS:
                value = f"lang={param}; Path=/; Max-Age=31536000; SameSite=Lax".encode()
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            _LANG.reset(token)
            _HERE.reset(here)
