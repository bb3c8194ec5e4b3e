"""Markdown input: the pages LLM-era crawlers hand over (Firecrawl, Crawl4AI, Jina Reader, html2text).

:func:`render_markdown` parses markdown with `markdown-it-py <https://markdown-it-py.readthedocs.io/>`_
(CommonMark and tables) and renders it as the plain text text mode reads: one line per paragraph,
heading, list item or table row, link and image syntax and emphasis gone (a link's text kept, its URL
dropped; an image dropped), list items marked ``* ``, items of one list and rows of one table on
consecutive lines, other blocks apart. An indented code block that holds list items or links is read
as markdown again (html2text writes a list nested in another block four spaces deep, which CommonMark
reads as code). Each line keeps what plain text loses: how much of it was link text, whether it is an
item of a list, and the markdown it came from (for ``keep_markdown``).

:class:`LinkLinesFilter` turns that evidence into claims, with existing reasons, that the fitted locator
then reads as it reads every pattern filter's claims:

- a run of two or more lines that are all link text (``link_only_share`` of their characters or more),
  blank lines between allowed: ``related_list`` when its lines average more than ``menu_max_words``
  words (headlines), ``navigation`` otherwise (a menu);
- a lone link-only line with two links or more: ``navigation`` (a bar of links).

A paragraph of more than :data:`LONG_PARAGRAPH` characters with no line break in it (a converter
that joined a whole story, its ``<br>`` lost) is rendered as several lines, cut after sentence ends
into pieces of about :data:`PARAGRAPH_PIECE` characters, rather than as one line the
``max_line_chars`` limit would remove with the story in it; its link counts are shared out among
the pieces by their length.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsclean.checks import check_fields
from newsclean.filters.base import Context, Tag
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

#: A markdown inline link or image: ``[text](target)`` or ``![alt](target)``.
_INLINE_LINK = cached_compile(r"!?\[[^\]\n]{0,500}\]\([^)\s]{1,2000}(?:\s+\"[^\"\n]{0,200}\")?\)")
_NON_BLANK = cached_compile(r"\S")
#: Link and image syntax the parser left as text (a destination it does not accept, such as a long
#: ``data:`` URI with spaces, or a link cut by a blank line): an image, a link's end, an opening bracket.
_LEFTOVER_IMAGE = cached_compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,100000}\)?+")
_LEFTOVER_LINK_END = cached_compile(r"\]\((?:\\.|[^)\\]){0,2000}+\)")
_LEFTOVER_LINK = cached_compile(r"\[([^\[\]\n]{0,500})\]\((?:\\.|[^)\\]){0,2000}+\)")
#: A list item's marker at a line's start, or an inline link or image: an indented block holding one
#: is a nested list as html2text writes it, not code.
_HOLDS_MARKDOWN = cached_compile(r"(?m)^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]|!?\[[^\]\n]{0,500}\]\(")
_TAG = cached_compile(r"<!--|-->|<[^<>\n]{0,2000}>")
_LEFTOVER_LINK_START = cached_compile(r"(?:^|(?<=\s))\[(?=\s|$)")
#: A link's or image's quoted title (``](target "title")``): html2text copies a ``title`` attribute as it
#: is, blank lines included (WordPress related-post cards put a story's excerpt there), and CommonMark
#: reads no link whose title holds a blank line.
_LINK_TITLE = cached_compile(r'(\]\((?:[^\s()\\]|\\.){0,2000}+[ \t]+")((?:[^"\\]|\\.){0,5000}+)("\))')
_LINE_BREAKS = cached_compile(r"\s*\n\s*")
#: Indented blocks read as markdown inside one another at most (each level is parsed again).
MAX_NESTING = 4

#: A paragraph longer than this many characters is cut into pieces at sentence ends.
LONG_PARAGRAPH = 5_000
#: The length the pieces of a long paragraph are packed to (a piece ends at a sentence end).
PARAGRAPH_PIECE = 1_000
#: Where a long paragraph may be cut: after a sentence's end mark (and closing quote or bracket).
_SENTENCE_END = cached_compile(r"(?<=[.!?…][\"'”’)\]]?)\s+")


@dataclass(frozen=True, slots=True)
class MarkdownLine:
    """One rendered line: its plain ``text``, the markdown ``source`` it came from, how many of its
    non-space characters were link text (``link_chars`` of ``chars``), its number of ``links``, the
    list it is an item of (``list_id``; ``-1`` for none) and the table it is a row of (``table_id``;
    ``-1`` for none)."""

    text: str
    source: str
    link_chars: int
    chars: int
    links: int
    list_id: int = -1
    table_id: int = -1

    @property
    def link_share(self) -> float:
        """The share of its characters that are link text (0 for a line without any)."""
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass(frozen=True)
class RenderedMarkdown:
    """Markdown rendered as text: ``text`` (what text mode cleans) and, for each of its lines by
    index, the :class:`MarkdownLine` it is (``None`` for a blank line)."""

    text: str
    lines: tuple[MarkdownLine | None, ...]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    parser: Any = MarkdownIt("commonmark").enable("table")
    # Every link is evidence, whatever its scheme: the renderer drops targets and never follows or
    # shows one. markdown-it refuses ``javascript:``, ``vbscript:``, ``file:`` and most ``data:``
    # targets by default and leaves such a link as text (html2text writes a page's script buttons as
    # ``[Close](javascript:void\\(0\\); "Close")``), which the renderer would then have to guess at.
    parser.validateLink = _any_link
    return parser


def _any_link(_url: str) -> bool:
    return True


def render_markdown(markdown: str) -> RenderedMarkdown:
    """Parse ``markdown`` and render it as text, one line per block (see the module).

    >>> page = "# Rain\\n\\n[Home](/) [World](/world)\\n\\nThe *rain* fell, says [the office](https://x.example).\\n\\n"
    >>> page += "- [Floods in the north](/a)\\n- [Dry summer ends](/b)\\n"
    >>> rendered = render_markdown(page)
    >>> print(rendered.text)
    Rain
    <BLANKLINE>
    Home World
    <BLANKLINE>
    The rain fell, says the office.
    <BLANKLINE>
    * Floods in the north
    * Dry summer ends
    >>> [(line.links, round(line.link_share, 2), line.list_id) for line in rendered.lines if line]
    [(0, 0.0, -1), (2, 1.0, -1), (1, 0.35, -1), (1, 1.0, 0), (1, 1.0, 0)]
    """
    renderer = _Renderer()
    renderer.walk(_join_titles(markdown), 0)
    return _join(renderer.out)


def _join_titles(markdown: str) -> str:
    """``markdown`` with the line breaks inside link and image titles turned into spaces, so that a
    title holding a blank line (as html2text writes one) leaves its link a link.

    >>> _join_titles('[](/a "Rain\\n\\nThe rain fell.") [Rain](/a "Rain")')
    '[](/a "Rain The rain fell.") [Rain](/a "Rain")'
    """
    if '"' not in markdown:
        return markdown
    return str(_LINK_TITLE.sub(_join_title, markdown))


def _join_title(match: Any) -> str:
    title = match.group(2)
    if "\n" not in title:
        return str(match.group(0))
    return f"{match.group(1)}{_LINE_BREAKS.sub(' ', title)}{match.group(3)}"


class _Renderer:
    """The lines rendered so far, and the lists and tables numbered so far, across the markdown of
    a page and the indented blocks of it that are read as markdown again (see :meth:`walk`)."""

    def __init__(self) -> None:
        self.out: list[MarkdownLine] = []
        self.list_count = 0
        self.table_count = 0

    def walk(self, markdown: str, depth: int) -> None:
        """Render the blocks of ``markdown``. An indented code block that holds markdown (list items
        or links: how html2text writes a list nested four spaces deep) is read as markdown again,
        :data:`MAX_NESTING` levels deep at most; other code blocks give one line per line."""
        out = self.out
        source = markdown.split("\n")
        lists: list[int] = []  # the ids of the lists open around the current token
        item_start = False  # the next paragraph opens a list item
        row: list[tuple[str, int, int, int]] = []
        row_map: list[int] | None = None
        block_map: list[int] | None = None
        for token in _parser().parse(markdown):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(self.list_count)
                self.list_count += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                item_start = True
            elif kind in ("paragraph_open", "heading_open"):
                block_map = token.map
            elif kind == "tr_open":
                row, row_map = [], token.map
            elif kind == "tr_close":
                cells = [cell for cell in row if cell[0]]
                if cells:
                    text = "  ".join(cell[0] for cell in cells)
                    out.append(
                        MarkdownLine(
                            text,
                            _source(source, row_map),
                            sum(c[1] for c in cells),
                            sum(c[2] for c in cells),
                            sum(c[3] for c in cells),
                            table_id=self.table_count,
                        )
                    )
            elif kind == "inline":
                pieces = _inline(token.children or [])
                if row_map is not None and block_map is None:
                    text = " ".join(piece[0] for piece in pieces)
                    row.append(
                        (
                            text,
                            sum(piece[1] for piece in pieces),
                            sum(piece[2] for piece in pieces),
                            sum(piece[3] for piece in pieces),
                        )
                    )
                    continue
                block = _source(source, block_map)
                for n, (text, link_chars, chars, links) in enumerate(pieces):
                    list_id = lists[-1] if lists else -1
                    marker = "* " if lists and item_start and n == 0 else ""
                    out.append(
                        MarkdownLine(
                            marker + text, block if n == 0 else "", link_chars, chars, links, list_id
                        )
                    )
                item_start = False
                block_map = None
            elif kind == "html_block":  # raw HTML the converter let through: its text, tags and comments gone
                for piece in _TAG.sub(" ", token.content).splitlines():
                    if piece.strip():
                        out.append(MarkdownLine(" ".join(piece.split()), "", 0, _count(piece), 0))
            elif kind == "code_block" and depth < MAX_NESTING and _HOLDS_MARKDOWN.search(token.content):
                self.walk(token.content, depth + 1)
            elif kind in ("fence", "code_block"):
                for piece in token.content.splitlines():
                    if piece.strip():
                        out.append(MarkdownLine(piece.strip(), piece, 0, _count(piece), 0))
            elif kind == "table_close":
                row_map = None
                self.table_count += 1


def _inline(children: Sequence[Any]) -> list[tuple[str, int, int, int]]:
    """The plain text of an inline token's children, one piece per hard line break, each with its
    link characters, characters and links."""
    pieces: list[tuple[str, int, int, int]] = []
    parts: list[str] = []
    link_chars = chars = links = 0
    depth = 0
    for child in [*children, None]:
        kind = child.type if child is not None else "hardbreak"
        if kind == "link_open":
            depth += 1
            links += 1
        elif kind == "link_close":
            depth = max(0, depth - 1)
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
            count = _count(child.content)
            chars += count
            link_chars += count if depth else 0
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":  # a <br> of the page: a line of its own, as in a text rendering
            text = "".join(parts)
            if "[" in text or "](" in text:
                text = _leftovers(text)
                chars = _count(text)
                link_chars = min(link_chars, chars)
            text = " ".join(text.split())
            if text:
                pieces.extend(_cut((text, link_chars, chars, links)))
            parts, link_chars, chars, links = [], 0, 0, 0
    return pieces


def _cut(piece: tuple[str, int, int, int]) -> list[tuple[str, int, int, int]]:
    """``piece`` as it is, or, longer than :data:`LONG_PARAGRAPH`, cut after sentence ends into
    pieces of about :data:`PARAGRAPH_PIECE` characters, its link counts shared out by length.

    >>> [(text, n) for text, _, n, _ in _cut(("One. Two.", 0, 8, 0))]
    [('One. Two.', 8)]
    >>> long = " ".join(["Rain fell on the town all day."] * 200)  # 30 characters, 200 times
    >>> pieces = _cut((long, 0, 0, 0))  # 33 sentences make a piece (32 make 992 with their spaces)
    >>> len(pieces), max(len(text) for text, _, _, _ in pieces), " ".join(p[0] for p in pieces) == long
    (7, 1022, True)
    """
    text, link_chars, _, links = piece  # the pieces count their own characters
    if len(text) <= LONG_PARAGRAPH:
        return [piece]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in _SENTENCE_END.split(text):
        current.append(sentence)
        size += len(sentence) + 1
        if size >= PARAGRAPH_PIECE:
            parts.append(" ".join(current))
            current, size = [], 0
    if current:
        parts.append(" ".join(current))
    counts = [_count(part) for part in parts]
    total = max(1, sum(counts))
    return [
        (part, link_chars * count // total, count, links * count // total)
        for part, count in zip(parts, counts, strict=True)
    ]


def _leftovers(text: str) -> str:
    """``text`` without the link and image syntax the parser left in it.

    >>> _leftovers("![a chart](data:image/svg+xml;utf8,<svg width=1>) Rain [ falls ](https://x.example)")
    ' Rain  falls '
    """
    text = _LEFTOVER_IMAGE.sub("", text)
    text = _LEFTOVER_LINK.sub(r"\1", text)
    text = _LEFTOVER_LINK_END.sub("", text)
    return str(_LEFTOVER_LINK_START.sub("", text))


def _count(text: str) -> int:
    return len(_NON_BLANK.findall(text))


def _source(lines: list[str], span: list[int] | None) -> str:
    if span is None:
        return ""
    return "\n".join(lines[span[0] : span[1]]).strip()


def _join(rendered: list[MarkdownLine]) -> RenderedMarkdown:
    """One text line per rendered line; items of one list, and rows of one table, on consecutive
    lines (as a text rendering of the page has them), other lines apart."""
    texts: list[str] = []
    lines: list[MarkdownLine | None] = []
    for previous, line in zip([None, *rendered], rendered, strict=False):  # each line with the one before
        if previous is not None and not _together(previous, line):
            texts.append("")
            lines.append(None)
        texts.append(line.text)
        lines.append(line)
    return RenderedMarkdown("\n".join(texts), tuple(lines))


def _together(a: MarkdownLine, b: MarkdownLine) -> bool:
    """Whether ``a`` and ``b`` are items of one list or rows of one table."""
    return (a.list_id >= 0 and a.list_id == b.list_id) or (a.table_id >= 0 and a.table_id == b.table_id)


def looks_like_markdown(text: str) -> bool:
    """Whether ``text`` is unambiguously markdown: at least three inline links or images, on at least
    one in twenty of its non-blank lines (plain text renderings of pages have none).

    >>> looks_like_markdown("[Home](/)\\n[World](/world)\\n\\nText of [a story](https://x.example/a).")
    True
    >>> looks_like_markdown("Home\\nWorld\\n\\nText of a story [1] (and a note).")
    False
    """
    found = 0
    for _ in _INLINE_LINK.finditer(text):
        found += 1
    if found < 3:
        return False
    non_blank = sum(1 for line in text.split("\n") if line.strip())
    with_links = sum(1 for line in text.split("\n") if _INLINE_LINK.search(line))
    return with_links * 20 >= non_blank


@dataclass(frozen=True)
class LinkLinesFilter:
    """Claim the lines of a rendered markdown page that are links and nothing else, in runs or bars
    (see the module). ``lines`` is :attr:`RenderedMarkdown.lines` of the page being cleaned."""

    lines: tuple[MarkdownLine | None, ...]
    name: str = "markdown_links"
    link_only_share: float = 0.8
    min_run: int = 2
    menu_max_words: int = 3
    #: Its tags depend on the page's markdown, which a pass over the cleaned body does not have.
    line_local: bool = True

    def __post_init__(self) -> None:
        check_fields(self)

    def _link_only(self, index: int) -> bool:
        line = self.lines[index] if index < len(self.lines) else None
        return line is not None and line.links > 0 and line.link_share >= self.link_only_share

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        run: list[int] = []
        for line in [*doc.lines, None]:
            if line is not None and not line.text:
                continue  # blank lines neither end nor extend a run
            if line is not None and not context.is_claimed(line.index) and self._link_only(line.index):
                run.append(line.index)
                continue
            yield from self._claim(run, doc.word_counts)
            run = []

    def _claim(self, run: list[int], word_counts: Sequence[int]) -> Iterator[Tag]:
        if not run:
            return
        if len(run) >= self.min_run:
            words = sum(word_counts[i] for i in run) / len(run)
            reason = Reason.RELATED_LIST if words > self.menu_max_words else Reason.NAVIGATION
            yield Tag(self.name, reason, run[0], run[-1] + 1, "link_list")
            return
        for index in run:  # too few for a list: only a bar of links on one line counts
            line = self.lines[index]
            if line is not None and line.links >= 2:
                yield Tag(self.name, Reason.NAVIGATION, index, index + 1, "link_bar")
