"""Filters for what an HTML extractor (trafilatura) leaves behind in the main text.

The extractor has already dropped menus, sidebars and most widgets; what remains
around the article is a different family of lines than in scraped plain text:
the page's own headline repeated as the first line, agency trailers ("Associated
Press writers ... contributed to this report."), author contact and follow-me
lines, newsletter and membership pitches written as sentences, bracketed or
colon-led related links, and a bulleted list of other stories closing the text.
Every pattern here is about the shape or wording of such lines, never about a site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.checks import check_fields
from newsclean.filters.base import Context, LinePattern, LinePatternFilter, Tag
from newsclean.filters.layout import capitalised_share
from newsclean.filters.pattern_parts import DATE, DATETIME, PERSON, TIME
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

_SOCIAL = r"(?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon|x)"

#: Credit, time-stamp and contact lines that open or close agency and newspaper copy.
TRAILERS = (
    LinePattern(
        "contributed_reporting",
        Reason.BYLINE,
        r"(?=.{0,300}+$)(?:\S++\h++){0,40}?(?i:contributed\h++(?:to\h++)?(?:this\h++)?(?:report|reporting|story|article))"
        r".{0,120}+",
    ),
    LinePattern(
        "reporting_credit",
        Reason.BYLINE,
        r"(?=.{0,400}+$)[(\[]?+(?i:(?:additional\h++|with\h++)?reporting\h++by|(?:writing|editing|compiled)\h++by"
        r"|contributing\h*+:)\h*+.{1,360}+",
    ),
    LinePattern(
        "source_credit",
        Reason.BYLINE,
        r"(?i:sources?\h*+:\h*+.{1,60}+|with\h++.{1,40}?\h++wires?|(?:from\h++)?staff(?:\h++and\h++wire)?\h++reports?"
        r"|wire\h++reports?)",
    ),
    LinePattern(
        "reading_time",
        Reason.BYLINE,
        r"(?i:(?:reading\h++time|read\h++time|tempo\h++de\h++leitura|lesezeit|temps\h++de\h++lecture"
        r"|tiempo\h++de\h++lectura)\h*+:?\h*+(?:\d++|one|two|three)\h*+\p{L}{0,10}+|\d++\h*+min(?:ute)?s?\h++read)",
    ),
    LinePattern(
        "dated_byline",
        Reason.BYLINE,
        rf"(?=.{{0,120}}+$)(?:{TIME}\h++)?{DATETIME}\h++(?i:by)\h++{PERSON}",
    ),
    LinePattern(
        "stamp",
        Reason.DATE_LINE,
        rf"(?=.{{0,80}}+$)(?i:published|updated|posted|last\h++updated|modified)(?:\h++(?:at|on))?:?\h++"
        rf"(?:{DATETIME}|{TIME}(?:,?\h++{DATE})?)\.?",
    ),
    LinePattern(
        "contact_only",
        Reason.BYLINE,
        rf"(?:mailto:)?+[\w.+\-]++@[\w\-]++(?:\.[\w\-]++)++|(?:https?://)?+(?:www\.)?+{_SOCIAL}\.com/[\w.\-/]++"
        r"|@[\w.]{2,30}+",
    ),
    LinePattern(
        "contact_sentence",
        Reason.BYLINE,
        r"(?=.{0,400}+$)(?:\S++\h++){0,30}?(?i:(?:may|can)\h++be\h++reached\h++at|reach\h++(?:the\h++)?(?:reporters?|writers?"
        rf"|authors?|columnists?)|follow\h++(?:us|him|her|them|me)\h++(?:on\h++{_SOCIAL}|@)|email\h++\p{{Lu}}"
        r"[\p{L}.'’\- ]{1,40}?\h++at\h++[\w.+\-]++@|have\h++a\h++(?:news\h++)?tip\?).{0,240}+",
    ),
    LinePattern(
        "reprint_notice",
        Reason.NAVIGATION,
        r"(?i:this\h++copy\h++is\h++for\h++your\h++personal,?\h++non-?commercial\h++use\h++only).{0,300}+",
    ),
)

#: Prompts written as sentences: newsletter, membership and sharing pitches, comment invitations.
PITCHES = (
    LinePattern(
        "newsletter_pitch",
        Reason.NEWSLETTER,
        r"(?=.{0,700}+$)(?:(?i:get|sign|subscribe|join|start|try|register|want|become|enter)\h++(?:\S++\h++){0,45}?"
        r"(?i:inbox|letterbox|mailbox|newsletters?|subscri\p{L}*+|sign\h++up|membership)"
        r"|(?:\S++\h++){0,40}?(?i:(?:in|to|through)\h++your\h++(?:inbox|letterbox|mailbox))"
        r"|(?i:if\h++you\h++(?:enjoyed|liked|like|enjoy|value|appreciate|found)\h++(?:this|our|reading))).{0,600}+",
    ),
    LinePattern(
        "share_pitch",
        Reason.SHARE_BAR,
        r"(?i:like\h++this\h++(?:story|article)\?\h*+share\h++it.{0,60}+|share\h++this\h++(?:story|article)"
        r"\h++with.{0,60}+)",
    ),
    LinePattern(
        "comment_invitation",
        Reason.COMMENTS,
        r"(?i:tell\h++us\h++what\h++you\h++think.{0,20}+|(?:\S++\h++){0,15}?let\h++us\h++know\h++"
        r"(?:what\h++you\h++think\h++)?in\h++the\h++comments.{0,60}+|(?:\S++\h++){1,8}?open\h++thread\h++here.{0,10}+)",
    ),
)

#: Related-story pointers the extractor keeps: bracketed, colon-led, or a bare header word.
POINTERS = (
    LinePattern(
        "bracketed_related",
        Reason.RELATED_LINK,
        r"\[(?i:related|see\h++also|read\h++(?:more|also)|more|also\h++read)\h*+:.{3,200}?\]",
    ),
    LinePattern(
        "labelled_related",
        Reason.RELATED_LINK,
        r"(?i:related\h++(?:post|article|story|reading|video)|see\h++more|also\h++on\h++[\w\-]++\.[\p{L}.]{2,10}+)"
        r"\h*+:?\h*+.{3,200}+",
    ),
    LinePattern(
        "related_word",
        Reason.RELATED_LIST,
        r"(?i:more|also|see\h++also|read\h++also|leggi\h++anche|lesen\h++sie\h++auch|lire\h++aussi"
        r"|leia\h++tamb[ée]m|lea\h++tambi[ée]n|you\h++may\h++also\h++like|most\h++(?:read|popular|viewed|shared)"
        r"\h++(?:in|on|from)\h++[\p{L}\p{N}&'’.\- ]{1,40}+)\h*+(?::|\.\.\.|…)?",
    ),
    LinePattern(
        "url_pointer",
        Reason.RELATED_LINK,
        r"(?=.{0,250}+$)(?:\S++\h++){0,25}?(?i:follow|coverage|more|visit|download|itunes|listen|watch)\b.{0,120}?"
        r"https?://\S++(?:\h++(?:and|or)\h++https?://\S++)*+\.?",
    ),
)

HTML_LEFTOVERS = LinePatternFilter("html_leftovers", TRAILERS + PITCHES + POINTERS)
"""Agency trailers, reporting credits, contact and follow-me lines, reading times, reprint notices;
newsletter, membership and share pitches and comment invitations written as sentences; bracketed and
labelled related links, bare "More:" headers and pointers to other URLs. One pass over the text."""


_NORMALISE = cached_compile(r"[^\p{L}\p{N}]++")
_BULLET = cached_compile(r"^[-•*–·]\h++")


def _normalised(text: str) -> str:
    return str(_NORMALISE.sub(" ", text)).strip().casefold()


@dataclass(frozen=True)
class TitleLineFilter:
    """The page's title repeated as one of the first lines of the extracted text.

    ``title`` comes from the page's metadata; a line among the first ``lookahead``
    non-blank lines whose letters and digits equal the title's (case and punctuation
    ignored), or that the title starts with and that covers ``min_share`` of it, is
    tagged :attr:`~newsclean.reasons.Reason.HEADLINE`.

    >>> f = TitleLineFilter(title="Rain falls on the plain - Daily News")
    >>> [(t.start, t.reason.value) for t in f.tag(Context.for_text("Rain falls on the plain\\nIt rained."))]
    [(0, 'headline')]
    """

    title: str | None
    name: str = "headline"
    lookahead: int = 3
    min_share: float = 0.6

    def __post_init__(self) -> None:
        check_fields(self, ("min_share",), may_be_zero=("lookahead",))

    def tag(self, context: Context) -> Iterator[Tag]:
        if not self.title:
            return
        title = _normalised(self.title)
        if not title:
            return
        doc = context.doc
        for i in doc.nonblank()[: self.lookahead]:
            line = _normalised(doc.lines[i].text)
            if line == title or (
                len(line.split()) >= 3 and title.startswith(line) and len(line) >= self.min_share * len(title)
            ):
                if not context.is_claimed(i):
                    yield Tag(self.name, Reason.HEADLINE, i, i + 1, "page_title")
                return


@dataclass(frozen=True)
class TrailingLinkListFilter:
    """A bulleted list of other stories' headlines closing the text.

    A run of ``min_items`` to ``max_items`` bullet lines (``- ``, ``• ``) that each read like a
    headline (``min_words`` to ``max_words`` words, mostly capitalised, no closing
    punctuation), with at most ``tail_lines`` non-blank lines after it, and not
    introduced by a line ending with a colon (a list the text announces is content).

    >>> text = "A last sentence of the story, long enough.\\n- First Other Story Here\\n- Second Other Story"
    >>> [(t.start, t.end) for t in TrailingLinkListFilter().tag(Context.for_text(text))]
    [(1, 3)]
    """

    name: str = "trailing_links"
    min_items: int = 2
    max_items: int = 6
    min_words: int = 3
    max_words: int = 20
    min_capitalised: float = 0.5
    tail_lines: int = 3

    def __post_init__(self) -> None:
        check_fields(self, ("min_capitalised",))

    def _is_item(self, context: Context, index: int) -> bool:
        doc = context.doc
        text = doc.lines[index].text
        bullet = _BULLET.match(text)
        if bullet is None or context.is_claimed(index):
            return False
        item = text[bullet.end() :]
        words = len(item.split())
        return (
            self.min_words <= words <= self.max_words
            and not item.endswith((".", ";", ",", ":", "!", "?"))
            and capitalised_share(item) >= self.min_capitalised
        )

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        lines = doc.nonblank()
        # walk back from the end over at most tail_lines non-items, then over the run
        for skip in range(min(self.tail_lines, len(lines)) + 1):
            end = len(lines) - skip
            start = end
            while start > 0 and self._is_item(context, lines[start - 1]):
                start -= 1
            if self.min_items <= end - start <= self.max_items:
                if start > 0 and doc.lines[lines[start - 1]].text.endswith(":"):
                    return
                first, last = lines[start], lines[end - 1]
                yield Tag(self.name, Reason.RELATED_LIST, first, last + 1, "closing_headline_list")
            if end > start:
                return
