"""The pattern filters: one :class:`LinePatternFilter` per boilerplate family.

Each is an ordinary object; to change one, build a new filter from its patterns,
for example ``LinePatternFilter("ticker", TICKER + (my_pattern,))``.
"""

from __future__ import annotations

from newsclean.filters import notices, patterns
from newsclean.filters.base import LinePatternFilter

TICKER = LinePatternFilter("ticker", patterns.TICKER)
"""Quote rows (``AGL 35.72 Decreased By ▼ -1.28 (-3.46%)``), index lines, currency pairs, market labels."""

NAVIGATION = LinePatternFilter("navigation", patterns.NAVIGATION + notices.LEGAL)
"""Menus and breadcrumbs split by ``►``/``|``/``»``/``/``/``•``, skip links, logo captions,
edition switchers, bare bullets, copyright and footer links, and legal notices
(:data:`~newsclean.filters.notices.LEGAL`: ``© ...`` lines of any length, disclaimers)."""

SHARE_BAR = LinePatternFilter("share_bar", patterns.SHARE)
"""Share, print and social-network button labels (``Facebook Twitter WhatsApp Email``)."""

COMMENTS = LinePatternFilter("comments", patterns.COMMENTS + notices.COMMENT_POLICY)
"""Comment widgets: ``Comments``, ``200 characters``, ``Leave a comment``, ``Comments are closed``, and
the moderation policy over a thread (:data:`~newsclean.filters.notices.COMMENT_POLICY`)."""

PROMPTS = LinePatternFilter("prompts", patterns.PROMPTS)
"""Newsletter, paywall, app, follow-us, cookie-consent and advertisement prompts."""

BYLINES = LinePatternFilter("bylines", patterns.BYLINES)
"""Author and agency lines: ``AFP Published 14 Sep, 2024 11:02am``, ``By Jane Doe``, ``Reuters``."""

DATES = LinePatternFilter("dates", patterns.DATES)
"""Lines that only give a date or time: ``Jun 12, 2024``, ``Updated 10:29am``, ``5 hours ago``."""

CREDITS = LinePatternFilter("credits", patterns.CREDITS)
"""Photo and image credits: ``Photo: AFP``, ``... Credit... Doug Mills/The New York Times``."""

TAG_LABELS = LinePatternFilter("tag_labels", patterns.TAG_LINES)
"""Labelled tag lines: ``Tags: Federal Reserve, Interest rates``, ``Filed under: ...``."""

READ_MORE_LINKS = LinePatternFilter("read_more_links", patterns.INLINE_RELATED)
"""Explicit links to other stories: ``Also read: ...``, ``READ MORE: ...``, ``See also: ...``."""
