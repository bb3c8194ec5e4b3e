"""A self-contained HTML report of what ``newsclean clean --explain`` and ``newsclean dedup`` did.

:func:`collect` reads their JSONL once, streaming, into a :class:`ReportData` (the
overview of every record plus a bounded sample); :func:`render` turns it into one
HTML page that opens from disk, loads nothing and runs no code from the input.

>>> import io
>>> line = b'{"id": "a", "text": "Body.", "removals": [], "paragraph_lines": [1]}\\n'
>>> page = render(collect([("a.jsonl", io.BytesIO(line))]))
>>> page.startswith("<!DOCTYPE html>"), "default-src 'none'" in page
(True, True)
"""

from newsclean.report.config import ReportConfig
from newsclean.report.reading import ReportData, collect
from newsclean.report.render import render

__all__ = ["ReportConfig", "ReportData", "collect", "render"]
