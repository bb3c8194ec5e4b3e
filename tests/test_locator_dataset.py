"""The augmented training copies of the locator: a comment thread written in, a short crop,
another site's story in the page's furniture, a sentence or two of the story alone.

Each copy is checked against its page: the labels line up with the copy's lines, the page's own
lines keep their labels, and what was written in is never labelled article text.
"""

from __future__ import annotations

import pytest

from newsclean import Document
from newsclean.locator.dataset import LabelledPage, cropped, short_story, transplanted, with_comments

ARTICLE = [
    "The council approved the new budget on Tuesday after a long debate about schools.",
    "Members said the plan would raise spending on repairs while keeping taxes where they are.",
    "The mayor welcomed the vote and promised the first projects would start before winter.",
]
LINES = [
    "Home",
    "",
    "World",
    "",
    "Budget approved",
    "",
    *(x for p in ARTICLE for x in (p, "")),
    "Share",
    "",
    "Footer",
]
LABELS = tuple(line in ARTICLE for line in LINES)
PAGE = LabelledPage("set/page", "site.example", "\n".join(LINES), LABELS, "\n\n".join(ARTICLE))


def _lines(page: LabelledPage) -> list[str]:
    return [line.text for line in Document.from_text(page.text).lines]


@pytest.mark.parametrize("seed", range(12))
def test_a_commented_copy_keeps_the_page_s_lines_and_labels_and_adds_only_non_article_lines(
    seed: int,
) -> None:
    copy = with_comments(PAGE, seed)
    assert copy is not None
    lines = _lines(copy)
    assert len(lines) == len(copy.labels)
    assert copy.augmented and not copy.piece and copy.site == PAGE.site and copy.gold == PAGE.gold
    # the page's lines, in order, keep their labels; every other line was written in, not article
    page_lines = list(zip(LINES, LABELS, strict=True))
    kept = [
        (line, label) for line, label in zip(lines, copy.labels, strict=True) if (line, label) in page_lines
    ]
    assert [line for line, _ in kept if line] == [line for line in LINES if line]
    added = [label for line, label in zip(lines, copy.labels, strict=True) if line and line not in LINES]
    assert added and not any(added)
    # the thread is written in after the article's last line; above its first line there is at
    # most one added line (a comment counter under the headline), and none inside the article
    first, last = lines.index(ARTICLE[0]), lines.index(ARTICLE[-1])
    added_at = [i for i, line in enumerate(lines) if line and line not in LINES]
    assert len([i for i in added_at if i < first]) <= 1
    assert not [i for i in added_at if first < i < last]
    assert [i for i in added_at if i > last]


@pytest.mark.parametrize("seed", range(12))
def test_a_crop_is_a_labelled_piece_around_one_end_of_the_article(seed: int) -> None:
    copy = cropped(PAGE, seed)
    assert copy is not None
    lines = _lines(copy)
    assert len(lines) == len(copy.labels)
    assert copy.augmented and copy.piece and copy.site == PAGE.site
    texts = [line for line in lines if line]
    assert any(line in ARTICLE for line in texts)  # at least one article line
    # the piece is a run of the page's non-blank lines, each with its label
    page_texts = [line for line in LINES if line]
    start = page_texts.index(texts[0])
    assert texts == page_texts[start : start + len(texts)]
    assert [label for line, label in zip(lines, copy.labels, strict=True) if line] == [
        t in ARTICLE for t in texts
    ]
    assert copy.gold == "\n\n".join(t for t in texts if t in ARTICLE)


def test_no_copy_of_a_page_without_article_lines() -> None:
    bare = LabelledPage("set/bare", "bare.example", "Home\n\nFooter", (False, False, False), "")
    assert with_comments(bare, 0) is None
    assert cropped(bare, 0) is None
    assert short_story(bare, 0) is None
    assert transplanted(bare, PAGE) is None
    assert transplanted(PAGE, bare) is None


# another site's page: a wire story with a photo caption inside it, under its own furniture
DONOR_LINES = [
    "Menu",
    "",
    "BERLIN (AP) — Trains stopped across the country on Friday as drivers walked out over pay.",
    "",
    "Photo: a closed station",
    "",
    "The union said the strike would last until Monday morning unless talks resumed.",
    "",
    "Related stories",
]
DONOR_ARTICLE = [DONOR_LINES[2], DONOR_LINES[6]]
DONOR = LabelledPage(
    "other/page",
    "other.example",
    "\n".join(DONOR_LINES),
    tuple(line in DONOR_ARTICLE for line in DONOR_LINES),
    "\n\n".join(DONOR_ARTICLE),
)


def test_a_story_copy_is_the_host_s_furniture_around_the_donor_s_article_with_its_labels() -> None:
    copy = transplanted(PAGE, DONOR)
    assert copy is not None
    lines = _lines(copy)
    assert [(line, label) for line, label in zip(lines, copy.labels, strict=True) if line] == [
        ("Home", False),
        ("World", False),
        ("Budget approved", False),
        (DONOR_LINES[2], True),
        ("Photo: a closed station", False),  # the box inside the donor's article comes along
        (DONOR_LINES[6], True),
        ("Share", False),
        ("Footer", False),
    ]
    assert copy.gold == "\n\n".join(DONOR_ARTICLE)
    assert copy.site == PAGE.site and copy.augmented and not copy.piece  # a whole page
    assert copy.key == "set/page+story:other/page"


# a page whose article is one paragraph of three sentences
LONG = 'The bridge opened on Monday. Drivers queued for an hour. "It is beautiful," one said.'
SHORT_PAGE = LabelledPage(
    "set/short",
    "site.example",
    "\n".join(["Home", "", "News", "", LONG, "", "Share", "", "Footer"]),
    (False, False, False, False, True, False, False, False, False),
    LONG,
)


@pytest.mark.parametrize("seed", range(12))
def test_a_short_story_is_one_or_two_sentences_between_lines_from_around_the_article(seed: int) -> None:
    copy = short_story(SHORT_PAGE, seed)
    assert copy is not None
    lines = _lines(copy)
    assert len(lines) == len(copy.labels)
    texts = [line for line in lines if line]
    story = [line for line, label in zip(lines, copy.labels, strict=True) if label]
    assert len(story) == 1 and copy.gold == story[0]
    assert copy.piece  # not a whole page: no decoding cost is chosen on it
    assert story[0] in (
        "The bridge opened on Monday.",
        "The bridge opened on Monday. Drivers queued for an hour.",
    )
    at = texts.index(story[0])
    # above it, a run of the lines that end just above the article; below, a run from just below
    assert texts[:at] == ["Home", "News"][2 - at :]
    assert texts[at + 1 :] == ["Share", "Footer"][: len(texts) - at - 1]
    assert copy.site == SHORT_PAGE.site and copy.augmented
