"""The words of class and id attributes that say what part of a page an element is.

Each group names one kind of page part (comments, related stories, share bars ...) by the
words sites write in their markup. A class or id value is split into lowercase words (at
non-alphanumerics and camelCase humps); a group matches when one of its words equals a
listed word of three letters or fewer (``ad``, ``nav``), or contains a longer one
(``commentlist`` contains ``comment``). The groups are evidence for the fitted block model
(:mod:`newsclean.extraction.block_model`), not rules: how much each counts is learned.

>>> [WORD_GROUPS[g] for g in attribute_groups("entry-content post-body").nonzero()[0]]
['content']
>>> [WORD_GROUPS[g] for g in attribute_groups("relatedStories sidebarWidget").nonzero()[0]]
['related', 'side']
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

import numpy as np
import regex

#: Each group's words (see the module documentation for how they match).
GROUP_WORDS = MappingProxyType(
    {
        "comment": ("comment", "disqus", "respon", "reply", "discussion"),
        "related": (
            "related", "recommend", "more", "popular", "trending", "also", "outbrain", "taboola", "teaser",
            "readnext", "next", "prev",
        ),
        "share": ("share", "social", "facebook", "twitter", "tweet", "sharing", "addthis", "print", "email"),
        "nav": ("nav", "menu", "breadcrumb", "crumb", "pagination", "pager", "skip"),
        "footer": ("footer", "foot", "copyright", "legal", "bottom"),
        "header": ("header", "masthead", "banner", "top", "logo", "brand"),
        "side": ("sidebar", "side", "widget", "rail", "aside", "column", "col"),
        "ad": ("ad", "ads", "advert", "sponsor", "promo", "dfp", "banner", "commercial", "partner"),
        "newsletter": ("newsletter", "subscribe", "signup", "sign", "register", "login", "paywall", "cta"),
        "content": (
            "article", "content", "story", "post", "entry", "body", "text", "main", "blog", "news", "single",
            "detail", "prose", "rich", "copy",
        ),
        "caption": ("caption", "credit", "photo", "image", "img", "media", "gallery", "figure", "video"),
        "tag": ("tag", "tags", "keyword", "topic", "categor", "label"),
        "meta": ("author", "byline", "date", "time", "meta", "info", "dateline", "publish"),
        "hidden": (
            "hidden", "hide", "invisible", "sr", "screen", "visually", "offscreen", "modal", "popup", "overlay",
            "cookie", "consent",
        ),
        "title": ("title", "headline", "heading", "head", "hed"),
        "list": ("list", "items", "links", "feed", "grid", "card", "tile", "module"),
    }
)  # fmt: skip
WORD_GROUPS = tuple(GROUP_WORDS)
_HUMP = regex.compile(r"(\p{Ll})(\p{Lu})")
_NOT_ALNUM = regex.compile(r"[^a-z0-9]+")


#: Per group: a pattern finding its long words inside a word, and its short words (matched whole).
_MATCHERS = tuple(
    (
        regex.compile("|".join(regex.escape(k) for k in listed if len(k) > 3) or r"(?!)"),
        frozenset(k for k in listed if len(k) <= 3),
    )
    for listed in GROUP_WORDS.values()
)


@lru_cache(maxsize=65_536)
def _word_groups(word: str) -> int:
    """The groups one lowercase word names, as bits (bit ``g``: group ``g``)."""
    bits = 0
    for g, (long_words, short_words) in enumerate(_MATCHERS):
        if word in short_words or long_words.search(word):
            bits |= 1 << g
    return bits


@lru_cache(maxsize=65_536)
def attribute_groups(value: str) -> np.ndarray:
    """Which groups the words of a class or id value (or several, space-separated) name: one
    float32 flag (0 or 1) per group of :data:`WORD_GROUPS`, read-only (the result is cached)."""
    bits = 0
    for word in _NOT_ALNUM.split(_HUMP.sub(r"\1 \2", value).lower()):
        if word:
            bits |= _word_groups(word)
    return _flags(bits)


@lru_cache(maxsize=4_096)
def _flags(bits: int) -> np.ndarray:
    """The read-only flags of a set of groups given as bits."""
    flags = np.array([(bits >> g) & 1 for g in range(len(WORD_GROUPS))], dtype=np.float32)
    flags.setflags(write=False)
    return flags
