"""Markdown input: the rendering, the link filter at its thresholds, the library and the command line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import run
from newsclean import CleanConfig, ConfigError, EmptyDocumentError, Reason, clean
from newsclean.filters.base import Context
from newsclean.markdown import LinkLinesFilter, looks_like_markdown, render_markdown

# (markdown, rendered text, why)
RENDERINGS = [
    ("A [link](https://x.example/a) here.", "A link here.", "link text kept, URL dropped"),
    ("Rain ![a chart](chart.png) fell.", "Rain fell.", "an image is dropped"),
    ("Some *soft* and **strong** words.", "Some soft and strong words.", "emphasis markers go"),
    ("## A heading", "A heading", "heading markers go"),
    ("- one\n- two\n\n1. three", "* one\n* two\n\n* three", "list items, one list on consecutive lines"),
    ("| a | b |\n|---|---|\n| 1 | [2](u) |", "a  b\n1  2", "a table row per line, one table's rows together"),
    ("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |", "a\n1\n\nb\n2", "two tables apart"),
    ("```\ncode line\n```", "code line", "code kept as text"),
    ("![x](data:image/svg+xml;utf8,<svg a=1>) Text", "Text", "an image the parser refused"),
    ("[\n\nStory title ](https://x.example/a)", "Story title", "a link cut by a blank line"),
    ("Escaped \\*stars\\* and 1\\. dots", "Escaped *stars* and 1. dots", "backslash escapes read"),
    (
        "Top\n\n    * [Story one](/a)\n    * [Story two](/b)",
        "Top\n\n* Story one\n* Story two",
        "a list indented four spaces after a blank line (how html2text writes a nested list) is a list, not code",
    ),
    (
        "Code:\n\n    x = 1\n    y = 2",
        "Code:\n\nx = 1\n\ny = 2",
        "an indented block without list items or links is code",
    ),
    (
        "Code:\n\n    see [docs](/d)",
        "Code:\n\nsee docs",
        "an indented block holding a link is read as markdown",
    ),
    (" " * 16 + "* [a](/a)", "* a", "indented blocks are read again four levels deep"),
    (" " * 20 + "* [a](/a)", "* [a](/a)", "a fifth level stays code (MAX_NESTING)"),
    (
        '[](/a "Rain ends\n\nThe rain ended at noon.")\n\n[Rain ends](/a "Rain ends\n\nThe rain ended at noon.")',
        "Rain ends",
        "a title with a blank line in it (html2text copies a card's excerpt there) leaves its link a link",
    ),
    ('[Rain](/a "On \\"the\\" coast")', "Rain", "a title with escaped quotes"),
    (
        '[Close](javascript:void\\(0\\); "Close") [Next](javascript:;)',
        "Close Next",
        "a javascript: button (as html2text writes one) is a link, not text cut at its first bracket",
    ),
    ('[Rain](/a "Two\nlines") fell', "Rain fell", "a title broken once was already a title"),
    (
        '"Quoted\n\nprose" and (brackets)',
        '"Quoted\n\nprose" and (brackets)',
        "quotes outside links stay text",
    ),
]


@pytest.mark.parametrize(("markdown", "expected", "why"), RENDERINGS)
def test_rendering(markdown: str, expected: str, why: str) -> None:
    assert render_markdown(markdown).text == expected, why


def _tags(markdown: str, **options: object) -> list[tuple[str, int, int, str]]:
    rendered = render_markdown(markdown)
    flt = LinkLinesFilter(rendered.lines, **options)  # type: ignore[arg-type]
    return [(t.reason.value, t.start, t.end, t.detail) for t in flt.tag(Context.for_text(rendered.text))]


def test_a_run_of_link_lines_is_a_related_list_or_a_menu_by_its_words() -> None:
    headlines = "- [Floods close the coast road](/a)\n- [School year starts late](/b)"
    assert _tags(headlines) == [("related_list", 0, 2, "link_list")]
    menu = "- [Home](/)\n- [World news](/w)\n- [Sport](/s)"  # 4/3 words a line on average
    assert _tags(menu) == [("navigation", 0, 3, "link_list")]
    # the boundary: an average of exactly menu_max_words words is a menu, one more a list of headlines
    three = "- [One two three](/a)\n- [Four five six](/b)"
    assert _tags(three) == [("navigation", 0, 2, "link_list")]
    assert _tags(three, menu_max_words=2) == [("related_list", 0, 2, "link_list")]


def test_the_run_length_boundary() -> None:
    one = "Prose, a sentence of text.\n\n- [Floods close the coast road](/a)\n\nMore prose, another sentence."
    assert _tags(one) == []
    assert _tags(one, min_run=1) == [("related_list", 2, 3, "link_list")]


def test_the_link_share_boundary() -> None:
    # "abcd efgh ij" (10 characters, 8 in the link): a share of exactly 0.8
    line = "[abcd efgh](/a) ij"
    bar = f"{line} [k](/b)"  # two links, 11 characters, 9 in links: 0.82
    assert render_markdown(line).lines[0].link_share == 0.8  # type: ignore[union-attr]
    assert _tags(f"{line}\n\n{line}") == [("navigation", 0, 3, "link_list")]
    assert _tags(f"{line}\n\n{line}", link_only_share=0.81) == []
    assert _tags(bar) == [("navigation", 0, 1, "link_bar")]
    assert _tags("[One](/a) and some more words here") == []


def test_a_lone_line_with_one_link_is_left_to_the_locator() -> None:
    assert _tags("Text before.\n\n[Read the full report](/r)\n\nText after.") == []


PAGE = (
    "[Home](/) [World](/world) [Sport](/sport)\n\n# Bridge opens after two years\n\n"
    "SPRINGFIELD: The mayor opened the new [bridge](/bridge) on Monday, two years after work began on it.\n\n"
    "The bridge carries **four lanes** of traffic and a cycle path, the council said in a statement.\n\n"
    "## More news\n\n- [Floods close the coast road again](/a)\n- [School year starts a week late](/b)\n"
)
BODY = (
    "SPRINGFIELD: The mayor opened the new bridge on Monday, two years after work began on it.\n\n"
    "The bridge carries four lanes of traffic and a cycle path, the council said in a statement."
)
MARKDOWN_BODY = (
    "SPRINGFIELD: The mayor opened the new [bridge](/bridge) on Monday, two years after work began on it.\n\n"
    "The bridge carries **four lanes** of traffic and a cycle path, the council said in a statement."
)


def test_clean_markdown_plain_and_kept() -> None:
    article = clean(PAGE, CleanConfig(markdown=True))
    assert article.body == BODY
    removed = {(r.filter, r.reason) for r in article.removals}
    assert ("markdown_links", Reason.NAVIGATION) in removed
    assert ("markdown_links", Reason.RELATED_LIST) in removed
    assert clean(PAGE, CleanConfig(markdown=True, keep_markdown=True)).body == MARKDOWN_BODY


def test_keep_markdown_needs_markdown() -> None:
    with pytest.raises(ConfigError, match="keep_markdown needs markdown=True"):
        CleanConfig(keep_markdown=True)


def test_the_filter_can_be_disabled() -> None:
    article = clean(PAGE, CleanConfig(markdown=True, disabled=frozenset({"markdown_links"})))
    assert all(r.filter != "markdown_links" for r in article.removals)


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        (PAGE, True, "a page of links"),
        ("[a](/a) [b](/b)\n\ntext", False, "two links are not enough"),
        (
            "[a](/a) [b](/b) [c](/c)" + "\nplain line" * 60,
            False,
            "three links in 61 lines: under one in twenty",
        ),
        ("[a](/a) [b](/b) [c](/c)" + "\nplain line" * 19, True, "one line in twenty"),
        ("See note [1] (below) and [2] (above) and [3] (there).", False, "brackets that are not links"),
    ],
)
def test_markdown_is_detected_only_when_unambiguous(text: str, expected: bool, why: str) -> None:
    assert looks_like_markdown(text) is expected, why


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('[]()!*#-_`|>\n ab1:/.\\"')), max_size=300))
def test_any_markdown_renders_and_cleans_without_an_unexpected_error(text: str) -> None:
    rendered = render_markdown(text)
    assert len(rendered.lines) == (len(rendered.text.split("\n")) if rendered.text else 0)
    try:
        clean(text, CleanConfig(markdown=True))
    except EmptyDocumentError:
        assert not rendered.text.strip()


def test_cli_markdown_by_suffix_by_content_and_by_flag(monkeypatch, capsys, tmp_path) -> None:
    md, txt = tmp_path / "page.md", tmp_path / "page.txt"
    md.write_text(PAGE, encoding="utf-8")
    txt.write_text(PAGE, encoding="utf-8")
    assert run(monkeypatch, capsys, ["clean", str(md)]) == (0, BODY + "\n", "")
    assert run(monkeypatch, capsys, ["clean", str(txt)]) == (0, BODY + "\n", "")
    assert run(monkeypatch, capsys, ["clean", "--markdown"], PAGE) == (0, BODY + "\n", "")
    assert run(monkeypatch, capsys, ["clean", "--keep-markdown"], PAGE) == (0, MARKDOWN_BODY + "\n", "")


def test_cli_explain_marks_the_rendered_lines(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, ["clean", "--markdown", "--explain"], PAGE)
    assert code == 0
    assert out.splitlines()[0] == "-[markdown_links:link_bar] Home World Sport"
    assert "-[markdown_links:link_list] * Floods close the coast road again" in out.splitlines()


def test_cli_markdown_with_html_is_a_usage_error(monkeypatch, capsys) -> None:
    assert run(monkeypatch, capsys, ["clean", "--markdown", "--html"], PAGE) == (
        2,
        "",
        "newsclean: --markdown reads text with the standard filters; it takes no --html\n",
    )


def test_cli_jsonl_record_of_markdown(monkeypatch, capsys) -> None:
    import json

    code, out, _ = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], json.dumps({"text": PAGE}) + "\n")
    assert code == 0 and json.loads(out)["text"] == BODY


def test_a_paragraph_at_the_long_paragraph_limit_stays_one_line() -> None:
    # 125 sentences of 39 characters and their 124 spaces: 4,999 characters, and a final "!"
    text = " ".join(["Rain fell on the old town all mornings."] * 125) + "!"
    assert len(text) == 5_000
    assert render_markdown(text).text == text


def test_a_paragraph_past_the_limit_is_cut_after_sentences_and_keeps_every_word() -> None:
    # one character more: cut into pieces of 25 sentences (25 x 39 + 24 spaces = 999 characters;
    # with the space that follows, 1,000: a piece is full), the last one 2 characters longer
    text = " ".join(["Rain fell on the old town all mornings."] * 125) + "!!"
    rendered = render_markdown(text)
    lines = [line for line in rendered.lines if line is not None]
    assert [len(line.text) for line in lines] == [999, 999, 999, 999, 1001]
    assert " ".join(line.text for line in lines) == text
    assert rendered.text == "\n\n".join(line.text for line in lines)


def test_a_long_paragraph_s_links_are_shared_out_by_length() -> None:
    sentence = "Rain fell on the [old town](/t) all day."  # 34 characters rendered, 27 not blank
    text = " ".join([sentence] * 200)
    lines = [line for line in render_markdown(text).lines if line is not None]
    # 29 sentences fill a piece (28 make 28 x 35 = 980 with their spaces); 200 = 6 x 29 + 26
    assert [line.chars for line in lines] == [29 * 27] * 6 + [26 * 27]
    # 7 of each sentence's 27 characters are link text; each sentence has one link
    assert [(line.link_chars, line.links) for line in lines] == [(29 * 7, 29)] * 6 + [(26 * 7, 26)]
