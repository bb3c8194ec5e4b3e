"""Author names as pages give them: in meta tags, JSON-LD, and the markup around a byline.

Names are split (``Ann Lee and Bo Chan``, ``Ann Lee; Bo Chan``), lose a ``By`` prefix,
links, handles, e-mail addresses and what trails a name in a byline (its date,
``Published ...``, ``... for NJ.com``), and are written as trafilatura writes them
(``Sarah E Needleman``; a lower-case name is title-cased).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import unescape

import regex
from lxml import etree
from lxml.html import HtmlElement

_AUTHOR_SPLIT = regex.compile(r"[/;,|&]|\s(?:and|und)\s", regex.IGNORECASE)
_AUTHOR_PREFIX = regex.compile(r"^(?:written\s++)?by:?\s++", regex.IGNORECASE)
_NAME_JOINERS = regex.compile(r"[._+]")  # "Sarah E. Needleman" is written "Sarah E Needleman"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_AUTHOR_TAIL = regex.compile(  # what follows a name in a byline: its date, "Published ...", "... for NJ.com"
    rf"\s{_MONTH}\.?\s*+[0-9].*+|[0-9].*+|\s(?:published|updated|posted|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b.*+"
    r"|\s(?:am|on|for|at|in|to|from|of|via|with|—|–|-)\s.*+",
    regex.IGNORECASE,
)
_AUTHOR_MARKUP = etree.XPath(
    "//@class[contains(., 'author') or contains(., 'Author') or contains(., 'byline')]/.."
    " | //@rel[. = 'author']/.. | //@itemprop[contains(., 'author')]/.."
)
_NOT_THE_ARTICLE = regex.compile(r"(?i)comment|sidebar|related|footer")


def author_names(groups: Iterable[Iterable[str]]) -> list[str]:
    """The person names in author fields (``groups`` of values), in order, without repeats.

    >>> author_names([["By Meg James Nov. 19, 2019 5:50 PM", "https://facebook.com/meg"], ["Ann Lee and Bo Chan"]])
    ['Meg James', 'Ann Lee', 'Bo Chan']
    >>> author_names([["Amy Kuperinsky | NJ Advance Media for NJ.com", "@amyk", "humans.txt"]])
    ['Amy Kuperinsky', 'NJ Advance Media']
    """
    names: list[str] = []
    for value in (value for group in groups for value in group):
        value = unescape(value)
        if value.lower().startswith("http"):
            continue
        for part in _AUTHOR_SPLIT.split(value):
            if "." in part and " " not in part.strip():
                continue  # a file or host name ("humans.txt", "nj.com"), not a person
            name = " ".join(word for word in _NAME_JOINERS.sub(" ", part).split() if "@" not in word)
            name = _AUTHOR_TAIL.sub("", _AUTHOR_PREFIX.sub("", name)).strip(" .:-")
            if not name or not any(char.isalpha() for char in name) or name.lower().startswith("http"):
                continue
            if len(name) >= 50 and " " not in name:
                continue
            if not name[0].isupper():
                name = name.title()
            if name not in names:
                names.append(name)
    return names


def authors_from_markup(tree: HtmlElement) -> list[str]:
    """The names in the first short element marked as the author's, outside comments and sidebars.

    Marked: ``rel="author"``, a class containing ``author`` or ``byline``, an ``itemprop``
    containing ``author`` (a ``<meta>`` gives its ``content``). One-word names (``admin``)
    are taken for handles and skipped.

    >>> from lxml.html import document_fromstring
    >>> authors_from_markup(document_fromstring('''<div class="comments"><b class="author">Jo Reader</b></div>
    ... <p class="byline">By Ann Lee, Nov 19, 2019</p><p>Text</p>'''))
    ['Ann Lee']
    """
    for element in _AUTHOR_MARKUP(tree):
        if element.tag in ("script", "style", "link"):
            continue
        raw = element.get("content") if element.tag == "meta" else " ".join(element.itertext())
        text = " ".join((raw or "").split())
        if not text or len(text) > 120:
            continue
        if any(
            _NOT_THE_ARTICLE.search(f"{e.get('class', '')} {e.get('id', '')}")
            for e in element.iterancestors()
        ):
            continue
        names = [name for name in author_names([[text]]) if " " in name]
        if names:
            return names
    return []


def fullest_names(names: list[str]) -> list[str]:
    """The names that are not part of another.

    >>> fullest_names(["Lee", "Ann Lee", "Bo Chan"])
    ['Ann Lee', 'Bo Chan']
    """
    return [name for name in names if not any(name != other and name in other for other in names)]
