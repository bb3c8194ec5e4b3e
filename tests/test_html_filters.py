"""The HTML-mode filters on their own: what they take, and what they must leave alone."""

from __future__ import annotations

import pytest

from newsclean import HTML_FILTER_NAMES, HtmlConfig, Pipeline, Reason
from newsclean.filters import RelatedListFilter
from newsclean.filters.base import Context
from newsclean.filters.html_leftovers import (
    HTML_LEFTOVERS,
    TitleLineFilter,
    TrailingLinkListFilter,
)

PROSE = "The council met on Tuesday and approved the budget after a long and heated debate."


def tagged(line: str) -> tuple[str, Reason] | None:
    tags = list(HTML_LEFTOVERS.tag(Context.for_text(line)))
    return (tags[0].detail, tags[0].reason) if tags else None


@pytest.mark.parametrize(
    ("line", "rule", "reason"),
    [
        (
            "Associated Press writers Ann Lee and Bo Kim contributed to this report.",
            "contributed_reporting",
            Reason.BYLINE,
        ),
        ("Jane Roe contributed reporting from Lisbon.", "contributed_reporting", Reason.BYLINE),
        ("(Reporting by Ann Lee; Editing by Bo Kim)", "reporting_credit", Reason.BYLINE),
        ("Additional reporting by Ann Lee", "reporting_credit", Reason.BYLINE),
        ("Contributing: Ann Lee", "reporting_credit", Reason.BYLINE),
        ("SOURCE: News agencies", "source_credit", Reason.BYLINE),
        ("With Post wires", "source_credit", Reason.BYLINE),
        ("Staff Reports", "source_credit", Reason.BYLINE),
        ("Reading time: 4 minutes", "reading_time", Reason.BYLINE),
        ("6 min read", "reading_time", Reason.BYLINE),
        ("5:45 AM PST 11/19/2019 by Jane Roe", "dated_byline", Reason.BYLINE),
        ("Updated at 1:23 p.m.", "stamp", Reason.DATE_LINE),
        ("Published on March 5, 2024", "stamp", Reason.DATE_LINE),
        ("jane.roe@example.com", "contact_only", Reason.BYLINE),
        ("twitter.com/janeroe", "contact_only", Reason.BYLINE),
        ("Have a tip? Jane Roe may be reached at jroe@example.com.", "contact_sentence", Reason.BYLINE),
        ("Email Jane Roe at jroe@example.com or follow her @janeroe.", "contact_sentence", Reason.BYLINE),
        ("This copy is for your personal, non-commercial use only.", "reprint_notice", Reason.NAVIGATION),
        (
            "Get the latest updates right in your inbox. Subscribe to our newsletters.",
            "newsletter_pitch",
            Reason.NEWSLETTER,
        ),
        ("If you enjoyed this article, become a member today.", "newsletter_pitch", Reason.NEWSLETTER),
        ("Like this story? Share it with a friend!", "share_pitch", Reason.SHARE_BAR),
        ("Tell us what you think...", "comment_invitation", Reason.COMMENTS),
        ("[Related: Cider makers look for pickers]", "bracketed_related", Reason.RELATED_LINK),
        ("Related post: How to pickle sprouts", "labelled_related", Reason.RELATED_LINK),
        ("SEE MORE: Ferry strike ends after talks", "labelled_related", Reason.RELATED_LINK),
        ("More:", "related_word", Reason.RELATED_LIST),
        ("You may also like...", "related_word", Reason.RELATED_LIST),
        ("Most read in world news", "related_word", Reason.RELATED_LIST),
        ("Follow our full coverage at https://news.example/harbour", "url_pointer", Reason.RELATED_LINK),
    ],
)
def test_leftover_lines_are_tagged(line: str, rule: str, reason: Reason) -> None:
    assert tagged(line) == (rule, reason)


@pytest.mark.parametrize(
    "line",
    [
        PROSE,
        "The company said it would stop sending its newsletter to customers who had not opened it in a year.",
        "She said the source of the leak was never found, and the inquiry was closed in March.",
        "More than 200 people attended the meeting, organisers said.",
        "Readers can find the full report on the council's website.",
        "He contributed money to the campaign, records show.",
        "Updated figures will be published at 10:00 on Monday, the office said.",
        "Get ready: the new season of the show starts on Friday, with ten episodes and a new cast.",
    ],
)
def test_article_sentences_are_left_alone(line: str) -> None:
    assert tagged(line) is None


def test_title_line_filter_matches_the_title_among_the_first_lines() -> None:
    text = f"Council approves budget\n{PROSE}"
    found = list(TitleLineFilter("Council Approves Budget!").tag(Context.for_text(text)))
    assert [(t.start, t.reason) for t in found] == [(0, Reason.HEADLINE)]
    assert list(TitleLineFilter(None).tag(Context.for_text(text))) == []
    later = "\n".join([PROSE] * 4 + ["Council approves budget"])
    assert list(TitleLineFilter("Council approves budget").tag(Context.for_text(later))) == []


def test_trailing_list_of_headlines_is_a_related_list() -> None:
    text = f"{PROSE}\n- Ferry Timetable Changes Again\n- Lifeboat Crew Honoured\nOriginally published on Example."
    found = list(TrailingLinkListFilter().tag(Context.for_text(text)))
    assert [(t.start, t.end, t.reason) for t in found] == [(1, 3, Reason.RELATED_LIST)]


@pytest.mark.parametrize(
    "items",
    [
        ["- First Step Of The Recipe", "- Second Step Of The Recipe"],  # announced by a colon below
        ["- the quays are busy in summer", "- the channel silts up"],  # not headlines
        ["- One Two Three Four"] * 7,  # too long for a related list
    ],
)
def test_content_lists_at_the_end_are_kept(items: list[str]) -> None:
    intro = "These are the steps:" if items[0].startswith("- First") else PROSE
    text = "\n".join([PROSE, intro, *items])
    assert list(TrailingLinkListFilter().tag(Context.for_text(text))) == []


def test_labelled_list_takes_the_header_and_its_headlines() -> None:
    text = f"{PROSE}\nRelated stories\nFerry Timetable Changes Again\nLifeboat Crew Honoured\n{PROSE}"
    found = list(RelatedListFilter().tag(Context.for_text(text)))
    assert [(t.start, t.end, t.detail) for t in found] == [(1, 4, "related_header")]


def test_html_filter_set_leaves_body_shaped_filters_out() -> None:
    names = [f.name for f in HtmlConfig(disabled=frozenset()).filters(title="T")]
    assert names == list(HTML_FILTER_NAMES)
    assert "outside_body" not in names
    # a lone headline-like line between paragraphs is a subheading in trafilatura's output
    text = f"{PROSE}\nWhat the budget pays for\n{PROSE}"
    assert Pipeline(HtmlConfig().filters(title=None)).clean(text).removals == ()
