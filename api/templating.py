"""The one Jinja2 environment every HTML page is rendered with (autoescape on, package templates).

>>> view = {"nodes": [{"id": "a"}]}
>>> page = render("network.html", view=view, title="<b>x</b>", data={}, inline=False,
...               asset_url="/a/")
>>> page[:15], "<b>x</b>" in page
('<!doctype html>', False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from innograph.api.i18n import current_language, number, switch_href, translate
from innograph.graph.resources import resource_dir

__all__ = ["environment", "isolated_join", "render", "script_safe"]


@cache
def environment() -> Environment:
    """The shared environment: templates from ``innograph.api.templates``, autoescaped."""
    env = Environment(
        loader=FileSystemLoader(resource_dir("innograph.api.templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["isolated_join"] = isolated_join
    return env


def isolated_join(items: Iterable[Any], separator: str = ", ") -> Markup:
    """Join names from the data for a page, each escaped and in its own ``<bdi>``, so that a
    right-to-left mark in one cannot reorder the others (``join`` left them in one run of text).

    >>> str(isolated_join(["AAA \u202e evil", "<b>"]))
    '<bdi>AAA \u202e evil</bdi>, <bdi>&lt;b&gt;</bdi>'
    """
    return Markup(escape(separator)).join(Markup("<bdi>{}</bdi>").format(x) for x in items)


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``, in the request's language: templates get
    ``_`` (translate), ``number`` (local number format), ``lang`` and ``switch_href``."""
    lang = context.pop("lang", None) or current_language()
    other = "en" if lang == "de" else "de"
    return (
        environment()
        .get_template(name)
        .render(
            _=lambda message: translate(message, lang),
            number=lambda value: number(value, lang),
            lang=lang,
            other_lang=other,
            switch_href=switch_href(other),
            **context,
        )
    )


_SCRIPT_END = re.compile(r"</script|<!--", re.IGNORECASE)


def script_safe(source: str) -> str:
    """``source`` made safe to embed in a ``<script>`` element: the only sequences that end or
    confuse one, ``</script`` (any case) and ``<!--``, get a backslash (``<\\/script``, ``<\\!--``:
    the same text in a JavaScript string, regular expression or comment). Every other ``</``
    stays: replacing them all had broken vis-network's regular expression ``/</``, so an exported
    view drew nothing.

    >>> script_safe('x = "</SCRIPT>"; /</.test(y); z = "<!--"')
    'x = "<\\\\/SCRIPT>"; /</.test(y); z = "<\\\\!--"'
    """
    return _SCRIPT_END.sub(lambda m: "<\\" + m.group()[1:], source)
