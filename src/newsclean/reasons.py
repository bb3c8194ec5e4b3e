"""Why a line was removed: a closed set of reasons, one per boilerplate family."""

from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    """The reason attached to every removal.

    The value is the stable string used in JSON output (``--explain``).

    >>> Reason.TICKER.value
    'ticker'
    >>> Reason("comments") is Reason.COMMENTS
    True
    """

    TICKER = "ticker"
    """Stock-ticker, index, currency or commodity quote rows and market banners."""
    NAVIGATION = "navigation"
    """Menus, breadcrumbs, edition switchers, skip links, logo captions."""
    SECTION_LABEL = "section_label"
    """A bare section name above the headline ("World")."""
    HEADLINE = "headline"
    """The article's headline: kept as metadata, not in the body."""
    DATE_LINE = "date_line"
    """A line that only states a date or time."""
    BYLINE = "byline"
    """Author, agency and "Published"/"Updated" lines."""
    PHOTO_CREDIT = "photo_credit"
    """Photo, image and video credits and captions' credit lines."""
    SHARE_BAR = "share_bar"
    """Share, print and social-network button labels."""
    COMMENTS = "comments"
    """Comment widgets: headers, counters, forms, "Comments are closed"."""
    RELATED_LIST = "related_list"
    """Lists of links to other stories and their headers and footers."""
    RELATED_LINK = "related_link"
    """A single link to another story standing inside the body."""
    TAGS = "tags"
    """Tag and topic lines."""
    NEWSLETTER = "newsletter"
    """Newsletter, subscription and paywall prompts."""
    APP_PROMO = "app_promo"
    """App downloads and "follow us" prompts."""
    COOKIE_NOTICE = "cookie_notice"
    """Cookie and consent banners."""
    ADVERTISEMENT = "advertisement"
    """Advertisement labels and sponsored-content markers."""
    MENU_RUN = "menu_run"
    """A run of very short lines, such as a menu or footer link list."""
    OUTSIDE_BODY = "outside_body"
    """Text before or after the article body that no specific filter claimed."""
    PAGE_BLOCK = "page_block"
    """A block of an HTML page that HTML mode's fitted block model does not take for article
    text (menus, sidebars, teasers, footers: see :mod:`newsclean.extraction.block_model`)."""
    PATTERN = "pattern"
    """A line matched by a user-defined pattern filter."""
    OVERSIZE = "oversize"
    """A line longer than the line limit, or lines past the document size limit."""
    TEMPLATE = "template"
    """A line that recurs across many documents of one site: the site's template
    (learned from a corpus, see :class:`~newsclean.profile.SiteProfile`)."""
