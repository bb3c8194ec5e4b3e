"""The report as one self-contained HTML file: inline style and script, the data as a JSON block.

Nothing from the input is written as HTML. The data goes into a
``<script type="application/json">`` block, which the browser never runs, with every
``<``, ``>`` and ``&`` written as a ``\\u`` escape so that no string can close the
block; the page's script reads it with ``JSON.parse`` and builds the page with
``textContent``. A Content-Security-Policy meta tag forbids everything but that one
script and that one style sheet (named by their SHA-256 hashes): no other script, no
inline handler, no image, frame, font, form or connection, local or remote.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsclean.report.reading import ReportData

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_ESCAPES)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsclean report</title>
<style>{style}</style>
</head>
<body>
<header><strong>newsclean report</strong>
<a href="#overview">Overview</a> <a href="#records">Records</a> <a href="#clusters">Clusters</a></header>
<main id="app"><noscript>This report draws its pages with its own script; allow JavaScript for this file.</noscript></main>
<script type="application/json" id="report-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def embed_json(text: str) -> str:
    """JSON text made safe inside a ``<script>`` block: ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u`` escapes.

    The escapes can only fall inside JSON strings, so the text parses to the same value.

    >>> embed_json('{"t": "</script><b>&"}')
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return text.translate(_TABLE)


def source_hash(text: str) -> str:
    """The CSP source expression allowing an inline script or style with exactly this text.

    >>> source_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str, style: str) -> str:
    """The page's policy: nothing at all but the given inline script and style."""
    return (
        f"default-src 'none'; script-src {source_hash(script)}; style-src {source_hash(style)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def asset(name: str) -> str:
    """The text of a file shipped in ``newsclean/report/assets``."""
    return resources.files("newsclean.report").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def render(data: ReportData) -> str:
    """The whole HTML page of a report."""
    from newsclean.report.reading import dumps  # loaded already: it made ``data``

    script, style = asset("report.js"), asset("report.css")
    return _PAGE.format(
        csp=content_security_policy(script, style),
        style=style,
        script=script,
        data=embed_json(dumps(data)),
    )
