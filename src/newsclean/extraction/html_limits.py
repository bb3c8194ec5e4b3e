"""HTML mode's stated limits on a page, checked before it is parsed.

libxml2 (through lxml) and the libraries that walk its tree do work that grows
faster than the page in a few cases: every attribute of an element is compared with
the ones before it (200,000 attributes on one element never finish), and a tree of a
million elements costs gigabytes once trafilatura has copied it. So before parsing,
:func:`check_page` counts what it can in linear time and refuses, with
:class:`~newsclean.errors.PageLimitError`, a page over ``HtmlConfig.max_html_chars``
characters, with more than ``max_elements`` start tags, or with an element of more than
``max_attributes`` attributes. :func:`sanitize_page` replaces what the parser would
silently stop at (lone surrogates, NUL characters) with U+FFFD.

On 297 real article pages (the scrapinghub and readability benchmarks) the largest is
1.6 MB, the most start tags 9,892, the most attributes on one element 70 and the deepest
nesting 51 elements.
"""

from __future__ import annotations

import string

from newsclean.errors import PageLimitError
from newsclean.pattern_cache import cached_compile

#: A start tag, up to the first "<" or ">" outside a quoted value (a quote opens one only after "="),
#: or raw text the parser reads no tags in (a script, a style sheet, a comment: to its end or the
#: page's). Matches never overlap and none backtracks, so a scan is linear: 3 ms a page on average on
#: 2,417 benchmark pages, 57 ms on the slowest (1 MB).
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
_TAG = cached_compile(
    "(?i)(?P<raw>"
    + "|".join(rf"<{name}\b(?:[^<]++|<(?!/{name}))*+" for name in _RAW_TEXT)
    + r"|<!--(?:[^-]++|-(?!->))*+)"
    + r"""|<[a-z](?:[^<>=]++|=\s*+(?:"[^"]*+"|'[^']*+')?+)*+"""
)
#: One attribute of a start tag, separated as libxml2 separates them (white space or "/"); a match
#: starts only where a run of separators starts, so a search is linear.
_ATTRIBUTE = cached_compile(
    r"""(?<![\s/])[\s/]++[^\s/>=<"']++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"'<]*+))?+"""
)
#: Characters the HTML parser stops at without a word: lone surrogates and NUL.
_UNREADABLE = cached_compile(r"[\x00\ud800-\udfff]")


def sanitize_page(page: str) -> tuple[str, int]:
    """``page`` with lone surrogates and NUL characters replaced by U+FFFD, and how many there were.

    >>> sanitize_page("<p>a\\x00b</p>")
    ('<p>a\\ufffdb</p>', 1)
    """
    if _UNREADABLE.search(page) is None:
        return page, 0
    replaced, count = _UNREADABLE.subn("\ufffd", page)
    return str(replaced), int(count)


def check_page(page: str, max_chars: int, max_elements: int, max_attributes: int) -> None:
    """Raise :class:`~newsclean.errors.PageLimitError` when ``page`` goes past one of the limits.

    Linear in the page: the longest 10 MB pages built to be slow take about a second.

    >>> check_page("<p a=1 b=2 c=3>x</p>", 100, 10, 3)
    >>> check_page("<p a=1 b=2 c=3 d>x</p>", 100, 10, 3)
    Traceback (most recent call last):
    ...
    newsclean.errors.PageLimitError: the page has an element with more than 3 attributes (HtmlConfig.max_attributes): it is not an article page; skip it, or raise the limit
    """
    if len(page) > max_chars:
        raise PageLimitError(
            f"the page is {len(page):,} characters of HTML, more than HtmlConfig.max_html_chars "
            f"({max_chars:,}): it is not an article page; skip it, or raise the limit"
        )
    if page.count("<") > max_elements:
        elements = sum(page.count("<" + letter) for letter in string.ascii_letters)
        if elements > max_elements:
            raise PageLimitError(
                f"the page has {elements:,} HTML elements, more than HtmlConfig.max_elements "
                f"({max_elements:,}): it is not an article page; skip it, or raise the limit"
            )
    for tag in _TAG.finditer(page):
        # an attribute takes two characters at least: only a long tag can have too many
        long = tag.end() - tag.start() > 2 * max_attributes
        if long and tag["raw"] is None and len(_ATTRIBUTE.findall(tag[0])) > max_attributes:
            raise PageLimitError(
                f"the page has an element with more than {max_attributes:,} attributes "
                "(HtmlConfig.max_attributes): it is not an article page; skip it, or raise the limit"
            )
