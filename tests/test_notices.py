"""The notice patterns as data: legal lines and comment policies, and the lines of news prose that
look like them (mutation testing leaves module-level patterns alone, so each is pinned case by case)."""

from __future__ import annotations

import pytest

from newsclean.filters.base import Context, LinePatternFilter
from newsclean.filters.notices import COMMENT_POLICY, LEGAL

LEGAL_FILTER = LinePatternFilter("legal", LEGAL)
POLICY_FILTER = LinePatternFilter("policy", COMMENT_POLICY)


def rule(f: LinePatternFilter, line: str) -> str | None:
    tags = list(f.tag(Context.for_text(line)))
    return tags[0].detail if tags else None


LEGAL_CASES = [
    (
        "© 2019 Example, LLC. All rights reserved. Example is the owner of this site.",
        "copyright_notice",
        "opens with ©",
    ),
    ("Copyright © 2024 Example Media", "copyright_notice", "the word, then the sign"),
    ("COPYRIGHT©2024 Example Media", "copyright_notice", "in capitals, no space"),
    ("©" + "x" * 600, "copyright_notice", "600 characters after the sign"),
    ("©" + "x" * 601, None, "601 are more than a notice runs"),
    ("Copyright 2024 Example Media", None, "no copyright sign"),
    ("The © sign was added to the logo in 2019.", None, "the sign inside a sentence"),
    (
        "*These statements have not been evaluated by the Food and Drug Administration.",
        "disclaimer",
        "the supplement disclaimer, with its asterisk",
    ),
    ("Consult your physician before starting any new diet.", "disclaimer", "consult your physician before"),
    ("Consult your doctor and your pharmacist before use.", "disclaimer", "and someone else, before"),
    ("Consult your healthcare provider before use.", "disclaimer", "a healthcare provider"),
    ("The information provided on this website is for general purposes only.", "disclaimer", "this website"),
    ("The content published in this web site is not medical advice.", "disclaimer", "web site in two words"),
    ("Results may vary depending on the person.", "disclaimer", "results may vary"),
    ("As informações contidas neste site não substituem um médico.", "disclaimer", "in Portuguese"),
    ("Las informaciones contenidas en este sitio son orientativas.", "disclaimer", "in Spanish"),
    ("Die Informationen auf dieser Website ersetzen keinen Arzt.", "disclaimer", "in German"),
    ("Les informations fournies sur ce site sont données à titre indicatif.", "disclaimer", "in French"),
    ("The information provided by the ministry was wrong, the report found.", None, "news about information"),
    ("Doctors say results vary widely between patients.", None, "results vary, not opening the line"),
]


@pytest.mark.parametrize(("line", "expected", "why"), LEGAL_CASES)
def test_legal_notices(line: str, expected: str | None, why: str) -> None:
    assert rule(LEGAL_FILTER, line) == expected, why


#: 60 characters: "Comments are moderated, please wait until they appear here." is 59; one more full stop is 60.
SIXTY = "Comments are moderated, please wait until they appear here.."

POLICY_CASES = [
    (
        "As you comment, please be respectful of other commenters and other viewpoints.",
        "comment_policy",
        "speaks to the reader",
    ),
    (
        "ATENÇÃO: Comentários com textos ofensivos não serão aprovados pelo moderador.",
        "comment_policy",
        "a label, then comments and moderation in Portuguese",
    ),
    (
        "We moderate comments to keep the conversation civil and on topic for every reader.",
        "comment_policy",
        "the site moderates",
    ),
    (
        "Please note: comments that are offensive or off topic will not be approved by the moderator.",
        "comment_policy",
        "the reader asked, the moderator named",
    ),
    (
        "Kommentare, die beleidigend sind, werden von der Redaktion nicht freigeschaltet.",
        "comment_policy",
        "in German",
    ),
    (SIXTY, "comment_policy", "sixty characters"),
    (SIXTY[:-1], None, "fifty-nine characters"),
    (
        "One two three four five six comments are moderated before they appear on the page.",
        "comment_policy",
        "six words before the comment word",
    ),
    (
        "One two three four five six seven comments are moderated before they appear on the page.",
        None,
        "seven words before it",
    ),
    # news about comments: no word to the reader, no moderation by the site
    (
        "A spokesman declined to comment on the civil suit, which was filed in federal court on Tuesday.",
        None,
        "declined to comment ... civil",
    ),
    (
        "As Hicks tried to stop the comments from taking over her pages, many people told her the picture was "
        "not offensive.",
        None,
        "comments ... offensive, in a story about them",
    ),
    (
        "The company did not respond to a request for comment about the approval of the drug on Monday.",
        None,
        "comment ... approval",
    ),
    (
        "Comments on the plan are welcome until the end of the month, the council said.",
        None,
        "no moderation word",
    ),
]


@pytest.mark.parametrize(("line", "expected", "why"), POLICY_CASES)
def test_comment_policies(line: str, expected: str | None, why: str) -> None:
    assert len(SIXTY) == 60
    assert rule(POLICY_FILTER, line) == expected, why
