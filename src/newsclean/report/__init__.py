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

from typing import TYPE_CHECKING

from newsclean.exports import lazy_exports
from newsclean.report.config import ReportConfig
from newsclean.report.render import render

if TYPE_CHECKING:
    from newsclean.report.reading import ReportData, collect

#: The reader is imported on first use (see :mod:`newsclean.exports`): the command line reads
#: :class:`ReportConfig` for its option defaults without loading it.
_EXPORTS = {"ReportData": "newsclean.report.reading", "collect": "newsclean.report.reading"}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

__all__ = ["ReportConfig", "ReportData", "collect", "render"]
