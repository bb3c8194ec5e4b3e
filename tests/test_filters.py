"""Each filter on its own: lines it must remove, and body lines it must leave alone."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsclean import Document, Reason
from newsclean.filters import (
    BYLINES,
    COMMENTS,
    CREDITS,
    DATES,
    NAVIGATION,
    PROMPTS,
    READ_MORE_LINKS,
    SHARE_BAR,
    TICKER,
    Context,
    Filter,
    LinePattern,
    LinePatternFilter,
    MenuRunFilter,
    OutsideBodyFilter,
    RelatedLinkFilter,
    RelatedListFilter,
    TagLineFilter,
)
from newsclean.filters.layout import Block
from newsclean.locator.base import BodyLines


@dataclass(frozen=True)
class FixedLocator:
    """A locator that says the body is ``lines``: structural filters tested on their own."""

    lines: frozenset[int]

    def locate(self, context: Context) -> BodyLines:
        return BodyLines(self.lines, Block(min(self.lines), max(self.lines) + 1))


def with_body(text: str, *lines: int) -> Context:
    return Context(Document.from_text(text), locator=FixedLocator(frozenset(lines)))


BODY_LINES = [
    "SEOUL: North Korean leader Kim Jong Un pledged to deepen ties with Russia, state media reported Saturday.",
    "Shares rose 3.2% to 114.60 on Tuesday, while the index gained 315 points.",
    "The company said revenue was up 12% / year, helped by demand in Europe and Asia.",
    "He said: “We always support North Korea at the United Nations.”",
    "Comments from the minister came after the meeting.",
    "By the end of the week, the rupee had recovered some of its losses.",
    "Photos of the meeting were released by state media on Friday.",
    "Image 3 of the survey shows the damage to the northern wall.",
    "This material may not be enough, the engineers warned, if the river rises again.",
    "No spam filter caught the messages, the company admitted on Monday.",
    "The agency released an image (its first of the crater) on Monday, officials said.",
    "Shares of the exchange operator (NYSE/ARCA) rose 3% on Tuesday.",
    "Image rights are a growing business for clubs, the report says.",
]


def tagged(f: Filter, text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.detail) for t in f.tag(Context.for_text(text))]


def removes(f: Filter, line: str) -> bool:
    return bool(tagged(f, line))


@pytest.mark.parametrize(
    "line",
    [
        "AGL 35.72 Decreased By ▼ -1.28 (-3.46%)",
        "FFL 10.76 No Change ▼ 0.00 (0%)",
        "KSE100 79,333 Increased By 315.4 (0.4%)",
        "Dow Jones 43,408.47 +139.53 (+0.32%)",
        "S&P 500 5,916.98 ▲ 0.40%",
        "Nifty 50 24,141.30 ▲ 91.45 (0.38%)",
        "FTSE 100 8,109.32 -0.12%",
        "EUR/USD 1.0541 +0.0012",
        "Gold $2,631.30 ▲ 0.8%",
        "Dollar to PKR",
        "Rupee to USD 84.42",
        "Markets",
    ],
)
def test_ticker_rows(line: str) -> None:
    assert removes(TICKER, line)


@pytest.mark.parametrize(
    ("f", "line"),
    [
        (NAVIGATION, "Sep 14, 2024 اردو PRINT EDITION ► BR MARKETS ► Dollar to PKR ►"),
        (NAVIGATION, "Home | World | Business | Markets | Tech"),
        (NAVIGATION, "Business » Markets » Central Banks"),
        (NAVIGATION, "News / Business / Energy"),
        (NAVIGATION, "Skip to main content"),
        (NAVIGATION, "Brecorder Logo"),
        (NAVIGATION, "International Edition"),
        (NAVIGATION, "*"),
        (NAVIGATION, "© 2024 The Daily Ledger. All rights reserved."),
        (NAVIGATION, "This material may not be published, broadcast, rewritten or redistributed."),
        (NAVIGATION, "This document is subject to copyright. No part may be reproduced without permission."),
        (
            NAVIGATION,
            "© 2019 Example Media, LLC. All rights reserved. Example Media is the owner of the Example trademarks "
            "and all related designs, trademarks, copyrights and other intellectual property of the company.",
        ),
        (
            NAVIGATION,
            "*These statements have not been evaluated by the Food and Drug Administration. These products are "
            "not intended to diagnose, treat, cure, or prevent any disease.",
        ),
        (NAVIGATION, "Die Informationen auf dieser Website ersetzen keine ärztliche Beratung."),
        (SHARE_BAR, "Facebook Twitter LinkedIn Email"),
        (SHARE_BAR, "Share this article"),
        (SHARE_BAR, "Share this on WhatsApp"),
        (SHARE_BAR, "Share via Email"),
        (READ_MORE_LINKS, "Also read: Mortgage rates climb for a third straight week"),
        (READ_MORE_LINKS, "READ MORE: Oil steadies after sharp weekly drop"),
        (COMMENTS, "Comments"),
        (COMMENTS, "200 characters"),
        (COMMENTS, "12 Comments"),
        (COMMENTS, "Leave a comment"),
        (COMMENTS, "Comments are closed."),
        (COMMENTS, "You must be logged in to post a comment."),
        (
            COMMENTS,
            "As you comment, please be respectful of other readers and their views; we remove abusive posts.",
        ),
        (COMMENTS, "ATENÇÃO: Comentários ofensivos ou fora do tema não serão aprovados pelo moderador."),
        (
            PROMPTS,
            "Sign up for our Morning Markets newsletter to get the day's biggest stories delivered to your inbox.",
        ),
        (PROMPTS, "Download the Business Daily app for iOS and Android"),
        (PROMPTS, "Follow us on Google News for the latest business updates."),
        (PROMPTS, "We use cookies to improve your experience on our site."),
        (PROMPTS, "Advertisement"),
        (PROMPTS, "No spam, we promise. You can unsubscribe at any time."),
        (PROMPTS, "You can unsubscribe at any time by clicking the link in any email."),
        (BYLINES, "AFP Published 14 Sep, 2024 11:02am"),
        (BYLINES, "By Jane Doe and Omar Haddad, Reuters"),
        (BYLINES, "Reuters"),
        (BYLINES, "Energy correspondent"),
        (DATES, "Jun 12, 2024"),
        (DATES, "Last Updated: 19 Nov, 2024 08:45 PM IST"),
        (CREDITS, "Photo: AFP"),
        (CREDITS, "Image 3 of 5"),
        (CREDITS, "Photo 2/12"),
        (CREDITS, "Representative image. Photo: Shutterstock"),
        (CREDITS, "Trump asked voters for a big win. Credit... Doug Mills/The New York Times"),
        (CREDITS, "Crowds gathered in the old town square on Sunday (Image: Getty)"),
        (CREDITS, "Die Altstadt am Sonntagmorgen (Foto: dpa)"),
        (CREDITS, "The new bridge seen from the river. (Photo by Jane Doe/City News Agency)"),
        (
            CREDITS,
            "A shopper loads lumber into a truck outside a store in Hialeah, Fla. (AP Photo/Jane Doe, File)",
        ),
        (CREDITS, "The committee chairman speaks to reporters after the vote. (Jane Doe/Reuters)"),
        (CREDITS, "Image caption The minister arrives for the summit in Brussels on Thursday"),
        (CREDITS, "Media caption: Who is the new party leader?"),
        (CREDITS, "Image copyright @cityhall @cityhall"),
    ],
)
def test_pattern_filters_remove(f: Filter, line: str) -> None:
    assert removes(f, line)


@pytest.mark.parametrize(
    "f", [TICKER, NAVIGATION, SHARE_BAR, COMMENTS, PROMPTS, BYLINES, DATES, CREDITS, READ_MORE_LINKS]
)
@pytest.mark.parametrize("line", BODY_LINES)
def test_pattern_filters_keep_body_lines(f: Filter, line: str) -> None:
    assert not removes(f, line)


def test_pattern_filter_reports_runs_and_reasons() -> None:
    text = (
        "AGL 35.72 Decreased By ▼ -1.28 (-3.46%)\n\nBOP 5.05 Decreased By ▼ -0.02 (-0.39%)\nBody line here."
    )
    tags = list(TICKER.tag(Context.for_text(text)))
    assert [(t.start, t.end, t.reason, t.filter) for t in tags] == [(0, 3, Reason.TICKER, "ticker")]


def test_custom_pattern_filter_rejects_bad_names() -> None:
    with pytest.raises(ValueError, match="identifier"):
        LinePatternFilter("mine", (LinePattern("not valid", Reason.PATTERN, "x"),))


PROSE = "This is a paragraph of the article body that is long enough to count as prose."


def test_related_list_with_footer_stops_at_claimed_line() -> None:
    text = "\n".join(
        [PROSE, "Comments", "First related story title", "Second related story title", "Read more stories"]
    )
    ctx = Context.for_text(text)
    ctx.add(COMMENTS.tag(ctx))
    assert [(t.start, t.end) for t in RelatedListFilter().tag(ctx)] == [(2, 5)]


def test_related_list_of_bulleted_headlines() -> None:
    text = "\n".join(
        [
            PROSE,
            "More from World",
            "* First related story title",
            "• Second related story title",
            PROSE,
            "* A",
        ]
    )
    assert [(t.start, t.end) for t in RelatedListFilter().tag(Context.for_text(text))] == [(1, 4)]


@pytest.mark.parametrize("header", ["Related", "Most read in World news"])
def test_related_list_goes_past_one_word_kickers(header: str) -> None:
    lines = [
        PROSE,
        header,
        "First related story title",
        "Warning",
        "Second related story title",
        "Sport",
        PROSE,
    ]
    assert [(t.start, t.end) for t in RelatedListFilter().tag(Context.for_text("\n".join(lines)))] == [(1, 5)]


def test_related_list_trailing_run_without_header() -> None:
    text = "\n".join(
        [
            PROSE,
            PROSE,
            "Oil prices rise as tensions rise",
            "Gold price per tola decreases",
            "Sheikh Rashid arrested in case",
        ]
    )
    tags = list(OutsideBodyFilter().tag(with_body(text, 0, 1)))
    assert [(t.start, t.end, t.reason, t.detail) for t in tags] == [
        (2, 5, Reason.RELATED_LIST, "trailing_headline_run")
    ]


def test_lines_between_body_lines_are_boxes_inside_the_body() -> None:
    text = "\n".join([PROSE, "Advertisement box", "Read our newsletter", PROSE, "Footer"])
    tags = list(OutsideBodyFilter().tag(with_body(text, 0, 3)))
    assert [(t.start, t.end, t.reason, t.detail) for t in tags] == [
        (1, 2, Reason.OUTSIDE_BODY, "box_inside_body"),
        (2, 3, Reason.OUTSIDE_BODY, "box_inside_body"),
        (4, 5, Reason.OUTSIDE_BODY, "after_body"),
    ]


def test_related_link_between_paragraphs_only() -> None:
    # the filter looks inside the body: all three lines are the body here (the fitted locator
    # itself would set the link apart as a box inside the article)
    def link_tags(*lines: str) -> list[tuple[int, int, str]]:
        context = with_body("\n".join(lines), 0, 1, 2)
        return [(t.start, t.end, t.detail) for t in RelatedLinkFilter().tag(context)]

    link = "Russia’s Sergei Shoigu meets North Korea’s Kim in Pyongyang"
    assert link_tags(PROSE, link, PROSE) == [(1, 2, "headline_between_paragraphs")]
    # a short subheading is not a related link
    assert link_tags(PROSE, "What happens next", PROSE) == []
    # a line introduced by a colon is not a related link
    assert link_tags(PROSE[:-1] + ":", link, PROSE) == []


def test_tag_line_needs_names_from_the_body() -> None:
    body = "Kim Jong Un met Sergei Shoigu in North Korea to discuss ties with Russia, officials said."
    assert tagged(TagLineFilter(), f"{body}\nRussia Kim Jong Un North Korea") == [
        (1, 2, "unlabelled_tag_line")
    ]
    assert tagged(TagLineFilter(), f"{body}\nBread Prices Climb In Paris Markets") == []


def test_menu_run() -> None:
    assert tagged(MenuRunFilter(), "Home\nWorld\nBusiness\nSport\n" + PROSE) == [(0, 4, "4_short_lines")]
    assert tagged(MenuRunFilter(), "Home\nWorld\nBusiness\n" + PROSE) == []


def test_a_pipeline_refuses_what_is_not_a_filter() -> None:
    from newsclean.errors import ConfigError
    from newsclean.filters import COMMENTS
    from newsclean.pipeline import Pipeline

    class NoTag:
        name = "no_tag"

    for bad in (object(), "comments", NoTag()):
        with pytest.raises(ConfigError, match="is not a filter"):
            Pipeline([COMMENTS, bad])  # type: ignore[list-item]
