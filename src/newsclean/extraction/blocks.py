"""A page's text blocks: its text cut at block-level elements, each with what the DOM says of it.

:func:`segment` walks a parsed page once, in document order, and cuts its visible text
into blocks wherever a block-level element (``p``, ``div``, ``li``, ``td``, a heading ...)
or a ``<br>`` starts or ends; text inside inline elements (``a``, ``span``, ``b`` ...)
stays in its block. Elements that hold no visible text (``script``, ``style``, ``head``,
forms' controls ...) are skipped with their content. Each :class:`TextBlock` records the
evidence only the tree has: how much of it is link text, the element that holds it, the
tags of its ancestors, and the class and id words of its ancestors, sorted into
:data:`~newsclean.extraction.block_words.WORD_GROUPS`.

Blocks are what HTML mode's fitted model keeps or drops
(:mod:`newsclean.extraction.block_model`); together they are the page's whole visible text,
so the model can restore what trafilatura dropped as well as drop what it kept.

>>> import lxml.html
>>> page = lxml.html.fromstring(
...     '<html><body><nav class="menu"><a href="/">Home</a> <a href="/w">World</a></nav>'
...     '<article><h1>Rain</h1><p>It rained <a href="/r">all day</a>.</p>line one<br>line two</article>'
...     '<script>var x = 1;</script></body></html>')
>>> [(b.text, b.owner, b.link_chars) for b in segment(page)]
[('Home World', 'other', 9), ('Rain', 'h', 0), ('It rained all day.', 'p', 7), ('line one', 'other', 0), ('line two', 'other', 0)]
>>> [WORD_GROUPS[g] for g in segment(page)[0].groups.nonzero()[0]]
['nav']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import regex
from lxml import etree

from newsclean.extraction.block_words import WORD_GROUPS, attribute_groups

#: Elements whose content is never visible text; skipped with everything inside them.
SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "head",
        "title",
        "meta",
        "link",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "canvas",
        "video",
        "audio",
        "map",
        "area",
        "base",
    ]
)
#: Elements that start and end a block.
BLOCK_LEVEL = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "td",
        "th",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "pre",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "address",
        "center",
        "form",
        "fieldset",
        "hr",
        "caption",
        "details",
        "summary",
        "body",
        "html",
        "legend",
        "menu",
        "dir",
        "noframes",
        "frameset",
        "frame",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
#: What holds a block (its innermost block-level element), as the model tells them apart.
OWNERS = ("p", "h", "li", "td", "div", "pre", "blockquote", "dd", "figcaption", "other")
#: Ancestor elements whose presence is a feature (``h``: any heading).
ANCESTORS = (
    "a", "nav", "header", "footer", "aside", "article", "main", "form", "li", "table", "h", "p",
    "section", "figure", "blockquote", "strong", "em",
)  # fmt: skip
_TRACKED = frozenset(ANCESTORS)
#: How much an ancestor's class and id words count at each level further up.
DECAY = np.float32(0.85)
_NONE = np.zeros(len(WORD_GROUPS), np.float32)
#: DECAY to the power of 0, 1, 2 ...: how much a word group named that many levels up counts.
_POWERS = (DECAY ** np.arange(64)).astype(np.float32)
#: Comment sections, as trafilatura prunes them from a page when it leaves comments out (its
#: ``include_comments=False``, HTML mode's reading): a ``div``, ``section`` or ``details`` whose id
#: starts with "comment" (not "commentary"), "comol" or names a Disqus thread, or whose class starts
#: with "comment" or names an article's or post's comments; an ``ol`` or ``ul`` named so in its own
#: words (not Disqus's). :func:`is_comment_section` applies them.
COMMENT_SECTION_TAGS = frozenset(["div", "section", "details", "ol", "ul"])
COMMENT_SECTION_ID = regex.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
COMMENT_LIST_ID = regex.compile(r"^(?:[Cc]omment(?!ary)|comol)")
COMMENT_SECTION_CLASS = regex.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
#: A page that declares itself a forum thread (schema.org ``DiscussionForumPosting`` in its JSON-LD)
#: has no comment sections: its posts are its content, and trafilatura does not prune them either.
#: This is trafilatura's own test for that (a text search of the JSON-LD blocks), so that the two
#: agree page for page; page_metadata's JSON-LD reader parses the JSON and would decide otherwise on
#: malformed or nested declarations.
_FORUM_THREAD = regex.compile(
    r'"@type"\s*:\s*"DiscussionForumPosting"|"@type"\s*:\s*\[[^\]]*"DiscussionForumPosting"'
)
_LINKED_DATA = etree.XPath("//script[@type='application/ld+json']")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_WORD = regex.compile(r"\w")
_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True, eq=False)
class TextBlock:
    """One block of a page's visible text and its DOM evidence."""

    text: str
    """The block's text, its whitespace collapsed to single spaces."""
    link_chars: int
    """Characters of the text that are inside links."""
    owner: str
    """The kind of its innermost block-level element (one of :data:`OWNERS`)."""
    depth: int
    """How deep in the tree the block starts (elements above it)."""
    groups: np.ndarray
    """Per word group (:data:`~newsclean.extraction.block_words.WORD_GROUPS`), how near its
    ancestors name it in a class or id: 1 on the element itself, :data:`DECAY` per level up, 0 if none."""
    ancestors: frozenset[str]
    """The elements of :data:`ANCESTORS` it lies inside."""
    parent: int
    """A key shared by the blocks whose block-level elements have the same parent element."""
    hidden: bool
    """Whether an ancestor is hidden (``hidden``, ``aria-hidden="true"``, ``display: none``)."""
    in_comments: bool = False
    """Whether it lies in a comment section (:func:`is_comment_section`; none on a forum thread, whose
    posts are its content)."""


class _Walk:
    """The state of one walk over a tree: the open elements and the block being gathered."""

    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.pieces: list[str] = []
        self.link_chars = 0
        self.ancestors: frozenset[str] = frozenset()
        # how many elements of each kind of ANCESTORS are open, and the kinds with any open
        self.open: dict[str, int] = dict.fromkeys(ANCESTORS, 0)
        self.inside: frozenset[str] = frozenset()
        self.links = 0
        self.hidden = 0
        self.comments = 0
        # per open element: its word groups as (the groups of the nearest element naming any, levels
        # up to it), whether it hides what it holds, whether it is a comment section, its serial number
        self.stack: list[tuple[tuple[np.ndarray, int], bool, bool, int]] = []
        self.sources: list[tuple[np.ndarray, int]] = []
        self.serial = 0
        # per open block-level element: (owner kind, key of its parent)
        self.owners: list[tuple[str, int]] = []

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self.pieces:
            self.ancestors = self.inside
        self.pieces.append(text)
        if self.links:
            self.link_chars += len(text.strip())
        if self.stack and (not self.sources or self.sources[-1] is not self.stack[-1][0]):
            self.sources.append(self.stack[-1][0])

    def flush(self) -> None:
        if self.pieces:
            joined = "".join(self.pieces)
            text = "" if joined.isspace() else _SPACE.sub(" ", joined).strip()
            if text and _WORD.search(text):
                owner, parent = self.owners[-1] if self.owners else ("other", 0)
                groups = _NONE
                for named, levels in self.sources:
                    groups = np.maximum(groups, named * _POWERS[min(levels, len(_POWERS) - 1)])
                self.blocks.append(
                    TextBlock(
                        text,
                        min(self.link_chars, len(text)),
                        owner,
                        len(self.stack),
                        groups,
                        self.ancestors,
                        parent,
                        self.hidden > 0,
                        self.comments > 0,
                    )
                )
        self.pieces = []
        self.link_chars = 0
        self.sources = []


def is_comment_section(tag: str, classes: str | None, ident: str | None) -> bool:
    """Whether an element (its lowercase tag, its class and id attributes) is a comment section.

    >>> is_comment_section("div", None, "comments"), is_comment_section("div", "commentary", None)
    (True, False)
    >>> is_comment_section("ul", None, "disqus_thread"), is_comment_section("ol", "comment-list", None)
    (False, True)
    """
    if tag not in COMMENT_SECTION_TAGS:
        return False
    if classes is not None and COMMENT_SECTION_CLASS.search(classes):
        return True
    if ident is None:
        return False
    return (COMMENT_LIST_ID if tag in ("ol", "ul") else COMMENT_SECTION_ID).match(ident) is not None


def _forum_thread(tree: etree._Element) -> bool:
    """Whether the page's JSON-LD says it is a forum thread (:data:`_FORUM_THREAD`)."""
    return any(script.text and _FORUM_THREAD.search(script.text) for script in _LINKED_DATA(tree))


def segment(tree: etree._Element) -> list[TextBlock]:
    """The text blocks of a parsed page (an lxml tree), in document order. The tree is not modified."""
    walk = _Walk()
    sections = not _forum_thread(tree)  # whether the page may have comment sections
    skipping = False  # an element just skipped: its end event comes next
    root = (_NONE, 0)
    last = len(_POWERS) - 1
    stack, owners, tracked = walk.stack, walk.owners, walk.open
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        tag = tag.lower() if type(tag) is str else ""
        kind = "h" if tag in HEADINGS else tag
        if event == "start":
            if not tag or tag in SKIPPED:
                skipping = True
                walker.skip_subtree()
                continue
            block_level = tag in BLOCK_LEVEL
            if block_level or tag == "br":
                walk.flush()
            above, parent = (stack[-1][0], stack[-1][3]) if stack else (root, 0)
            named, levels = above
            groups = (named, levels + 1)
            classes, name = element.get("class"), element.get("id")
            if classes or name:
                names = f"{classes or ''} {name or ''}"
                if names.strip():
                    groups = (np.maximum(named * _POWERS[min(levels + 1, last)], attribute_groups(names)), 0)
            style = element.get("style")
            hides = (
                element.get("hidden") is not None
                or element.get("aria-hidden") == "true"
                or (style is not None and _HIDDEN_STYLE.search(style) is not None)
            )
            walk.serial += 1
            thread = sections and bool(classes or name) and is_comment_section(tag, classes, name)
            stack.append((groups, hides, thread, walk.serial))
            walk.hidden += hides
            walk.comments += thread
            if kind in _TRACKED:
                tracked[kind] += 1
                walk.links += tag == "a"
                if tracked[kind] == 1:
                    walk.inside = walk.inside | {kind}
            if block_level:
                owners.append((kind if kind in OWNERS else "other", parent))
            if element.text:
                walk.add(element.text)
            continue
        if skipping:
            skipping = False
            if element.tail:
                walk.add(element.tail)
            continue
        if tag in BLOCK_LEVEL:
            walk.flush()
            owners.pop()
        if kind in _TRACKED:
            tracked[kind] -= 1
            walk.links -= tag == "a"
            if not tracked[kind]:
                walk.inside = walk.inside - {kind}
        _, hides, thread, _ = stack.pop()
        walk.hidden -= hides
        walk.comments -= thread
        if element.tail:
            walk.add(element.tail)
    walk.flush()
    return walk.blocks
