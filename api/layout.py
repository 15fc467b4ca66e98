"""The HTML shell every innograph page shares: header, navigation, self-hosted CSS, no CDN."""

from __future__ import annotations

from html import escape

__all__ = ["esc", "page"]

esc = escape

_CSS = """
:root { --fg:#1d2430; --muted:#5b6575; --accent:#0b5cad; --bg:#fafbfc; --line:#dde2e8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0; }
header { background: #12304f; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.5rem;
         align-items: baseline; flex-wrap: wrap; }
header a { color: #dbe9f7; text-decoration: none; }
header a.brand { color: #fff; font-weight: 700; font-size: 1.15rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.ok { color: #16794a; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
code, pre, textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .8rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; }
"""

_NAV = [
    ("/", "Overview"),
    ("/query", "SPARQL"),
    ("/ontology", "Ontology"),
    ("/docs", "API docs"),
    ("/viz/ecosystem", "Network"),
    ("/void", "VoID"),
    ("/dump.trig", "Dump"),
]


def page(title: str, body: str, *, lang: str = "en") -> str:
    """A complete HTML document; ``body`` must already be escaped where it holds data."""
    nav = "".join(f'<a href="{href}">{esc(label)}</a>' for href, label in _NAV[1:])
    return (
        f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · innograph</title><style>{_CSS}</style></head><body>"
        f'<header><a class="brand" href="/">innograph</a>{nav}</header>'
        f"<main>{body}</main></body></html>"
    )
