"""The shell of planlint's self-contained HTML pages (the check report, the delivery report).

One file, nothing fetched: the style sheet and script are inline, and a
Content-Security-Policy allows exactly those two (by hash) and nothing else.
Plans are untrusted input, so every text from them goes through `esc`; the
policy is the second line of defence, should an unescaped text ever slip
through: no other script, no event handler, no image, no request runs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
from typing import Any


def esc(value: Any) -> str:
    """Any value as HTML text content (&, < and > escaped: nothing in it can open or close a tag)."""
    return html.escape(plain(value), quote=False)


def attr(value: Any) -> str:
    """Any value as a quoted attribute's value (quotes escaped as well)."""
    return html.escape(plain(value), quote=True)


def plain(value: Any) -> str:
    """A value read from a plan as text: None is empty, a list one item per line, a mapping its values."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{plain(k)}: {plain(v)}" for k, v in value.items())
    return str(value)


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


BASE_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
       background: #fff; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 1.7rem; margin: .5rem 0; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
a { color: #0b57b3; }
a:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #0b57b3; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 2; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .35rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #4a4a4a; }
.pre { white-space: pre-line; }
@media print { .filter, .skip { display: none; } }
"""


def page(title: str, body: str, *, css: str = "", script: str = "") -> str:
    """A whole HTML document: `title` is plain text (escaped here), `body` is HTML already escaped."""
    style = BASE_CSS + css
    policy = f"default-src 'none'; style-src {_digest(style)}"
    if script:
        policy += f"; script-src {_digest(script)}"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n",
        body,
        f"<script>{script}</script>\n" if script else "",
        "</body>\n</html>\n",
    ]
    return "".join(parts)
