"""Legal notices at the foot of a page: copyright lines and disclaimer paragraphs.

They read like prose (long sentences full of function words), so the body locator
cannot tell a footer of them from a short article by its shape; their wording gives
them away. They run with the ``navigation`` filter, beside its short copyright lines.
"""

from __future__ import annotations

from newsclean.filters.base import LinePattern
from newsclean.reasons import Reason

LEGAL = (
    LinePattern(
        "copyright_notice",
        Reason.NAVIGATION,
        # a line that opens with the copyright sign, however long it runs:
        # "© 2019 Example, LLC. All rights reserved. Example is the owner of ..."
        r"(?:(?i:copyright)\h*+)?©[^\n]{0,600}+",
    ),
    LinePattern(
        "disclaimer",
        Reason.NAVIGATION,
        # "*These statements have not been evaluated by the Food and Drug Administration. ...",
        # "Consult your physician before ...", "The information provided on this website ..."
        r"[*+†‡]?+(?i:these\h++statements\h++have\h++not\h++been\h++evaluated\h++by"
        r"|consult\h++your\h++(?:physician|doctor|healthcare\h++provider)\h++(?:and\h++[^\n]{1,80}?\h++)?before"
        r"|the\h++(?:information|content)\h++(?:provided|contained|published)\h++(?:on|in)\h++this\h++(?:web\h*+)?site"
        r"|results\h++(?:may\h++)?vary\h++depending"
        r"|(?:as|las)\h++informaç(?:ões|iones)\h++(?:contidas|contenidas)\h++(?:neste|en\h++este)\h++(?:site|sitio)"
        r"|die\h++informationen\h++auf\h++dieser\h++(?:website|webseite|seite)"
        r"|les\h++informations\h++(?:fournies|contenues)\h++sur\h++ce\h++site)[^\n]{0,800}+",
    ),
)
