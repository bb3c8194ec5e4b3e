"""HTML mode's blocks: segmentation, class words, features, the model's rules and file, the filter."""

from __future__ import annotations

import re
from importlib import resources

import lxml.html
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import arrays_file
from newsclean.errors import ExtractionError
from newsclean.extraction.block_features import FEATURES, ShingleSet, block_matrix
from newsclean.extraction.block_model import (
    MODEL_FILE,
    BlockModel,
    BlockModelError,
    BlockVerdicts,
    load_block_model,
    verdicts_from_scores,
)
from newsclean.extraction.block_train import LABEL_SHARE
from newsclean.extraction.block_words import WORD_GROUPS, attribute_groups
from newsclean.extraction.blocks import SKIPPED, is_comment_section, segment
from newsclean.extraction.html import clean_html_page
from newsclean.extraction.html_config import HtmlConfig
from newsclean.locator.labels import mean_f1, page_score, shingle_counts
from newsclean.reasons import Reason

# (page body, the blocks as (text, owner, link characters), why)
SEGMENTS = [
    (
        "<p>Rain <b>fell</b> all day.</p><p>It stopped.</p>",
        [("Rain fell all day.", "p", 0), ("It stopped.", "p", 0)],
        "inline elements stay in their paragraph; each paragraph is a block",
    ),
    (
        "<div>Before<script>var a = 'hidden';</script> after</div>",
        [("Before after", "div", 0)],
        "a script is skipped with its content, and the text after it (its tail) is kept",
    ),
    (
        "<div>first line<br>second line</div>",
        [("first line", "div", 0), ("second line", "div", 0)],
        "a <br> cuts a block: old pages write paragraphs as lines",
    ),
    (
        "<ul><li><a href='/a'>World</a></li><li>Sport <a href='/b'>more</a></li></ul>",
        [("World", "li", 5), ("Sport more", "li", 4)],
        "link characters are counted inside the block, the rest is not",
    ),
    (
        "<h2>Also read</h2><table><tr><td>cell one</td><td>cell two</td></tr></table>",
        [("Also read", "h", 0), ("cell one", "td", 0), ("cell two", "td", 0)],
        "headings are one owner kind; table cells are blocks",
    ),
    (
        "<p>   </p><p>&nbsp;-- </p><p>a</p>",
        [("a", "p", 0)],
        "blocks without a word character are not blocks",
    ),
]


@pytest.mark.parametrize(("body", "expected", "why"), SEGMENTS, ids=[s[2] for s in SEGMENTS])
def test_segment_golden(body: str, expected: list[tuple[str, str, int]], why: str) -> None:
    tree = lxml.html.fromstring(f"<html><body>{body}</body></html>")
    assert [(b.text, b.owner, b.link_chars) for b in segment(tree)] == expected, why


def test_class_words_of_ancestors_fade_with_distance() -> None:
    tree = lxml.html.fromstring(
        "<html><body><div class='comments'><div><p>first</p></div></div><p class='comments'>x</p></body></html>"
    )
    first, second = segment(tree)
    comment = WORD_GROUPS.index("comment")
    assert first.groups[comment] == pytest.approx(0.85**2)  # two levels below the class
    assert second.groups[comment] == 1.0  # on the element itself


def test_hidden_ancestors_and_ancestor_tags() -> None:
    tree = lxml.html.fromstring(
        "<html><body><nav><div style='display: none'><p>menu text</p></div></nav><p>shown</p></body></html>"
    )
    hidden, shown = segment(tree)
    assert hidden.hidden and not shown.hidden
    assert "nav" in hidden.ancestors and "nav" not in shown.ancestors


COMMENT_SECTION_CASES = [
    ("<div id='comments'><p>Great piece!</p></div>", True, "an id starting with comments"),
    (
        "<section class='comment-list'><div><p>Agreed.</p></div></section>",
        True,
        "a class starting with comment-",
    ),
    ("<div class='post-comments'><p>First!</p></div>", True, "a post's comments"),
    ("<div id='disqus_thread'><p>Reply</p></div>", True, "a Disqus thread"),
    (
        "<ul id='disqus_thread'><li>Reply</li></ul>",
        False,
        "a list is a comment section only in its own words",
    ),
    ("<ol class='commentlist'><li>Nice.</li></ol>", True, "a list named a comment list"),
    ("<div class='commentary'><p>Our columnist writes.</p></div>", False, "commentary is an article's kind"),
    ("<div class='article comments'><p>Body text.</p></div>", False, "a class must start with comment"),
    ("<p class='comments'>Three comments</p>", False, "a paragraph is no section"),
]


@pytest.mark.parametrize(
    ("body", "inside", "why"), COMMENT_SECTION_CASES, ids=[c[2] for c in COMMENT_SECTION_CASES]
)
def test_comment_sections_as_trafilatura_prunes_them(body: str, inside: bool, why: str) -> None:
    tree = lxml.html.fromstring(f"<html><body><p>Before.</p>{body}<p>After.</p></body></html>")
    blocks = segment(tree)
    assert [b.in_comments for b in blocks] == [False, *[inside] * (len(blocks) - 2), False], why


_NAMES = st.one_of(
    st.none(),
    st.sampled_from(
        ["comments", "Comments", "comment-list", "commentary", "comol", "disqus_thread", "dsq-comments",
         "post-comments", "article-comments", "my-comments", "commentlist", "recomment", "comment", ""]
    ),
    st.text(alphabet="cmoent-_ ardyq", max_size=14),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["div", "section", "details", "ol", "ul", "p", "span"]), _NAMES, _NAMES)
def test_comment_sections_are_what_trafilatura_prunes(
    tag: str, classes: str | None, ident: str | None
) -> None:
    # trafilatura's own expression for what include_comments=False prunes from the raw tree
    from trafilatura.xpaths import REMOVE_COMMENTS_AND_LISTS_XPATH

    element = lxml.html.Element(tag)
    if classes is not None:
        element.set("class", classes)
    if ident is not None:
        element.set("id", ident)
    body = lxml.html.Element("body")
    body.append(element)
    pruned = any(element in expression(body) for expression in REMOVE_COMMENTS_AND_LISTS_XPATH)
    assert is_comment_section(tag, classes, ident) == pruned


@pytest.mark.parametrize(
    ("linked_data", "inside"),
    [
        ('{"@type": "DiscussionForumPosting", "headline": "Tide tables?"}', False),
        ('{"@type": ["WebPage", "DiscussionForumPosting"]}', False),
        ('{"@type": "NewsArticle", "text": "a DiscussionForumPosting is not this page"}', True),
    ],
)
def test_a_forum_thread_has_no_comment_sections(linked_data: str, inside: bool) -> None:
    # on a forum thread the posts, held in sections named comments, are the page's content
    tree = lxml.html.fromstring(
        f"<html><head><script type='application/ld+json'>{linked_data}</script></head>"
        "<body><div class='comment-list'><p>First post.</p></div></body></html>"
    )
    assert [b.in_comments for b in segment(tree)] == [inside]


@pytest.mark.parametrize(
    ("value", "groups", "why"),
    [
        ("commentList", {"comment", "list"}, "camelCase humps split words; long words match inside words"),
        ("shadow", set(), "words of three letters or fewer (ad) must be whole words"),
        ("top-ad", {"header", "ad"}, "whole short words match"),
        ("", set(), "no words, no groups"),
    ],
)
def test_attribute_groups(value: str, groups: set[str], why: str) -> None:
    found = {WORD_GROUPS[g] for g in attribute_groups(value).nonzero()[0]}
    assert found == groups, why


_VISIBLE = st.sampled_from(["p", "div", "span", "a", "li", "b", "td", "h2", "br"])
_SKIPPED = st.sampled_from(["script", "style", "noscript"])
_WORDS = st.text(alphabet="abc xyz\t\n", min_size=0, max_size=12)


@st.composite
def _pages(draw: st.DrawFn, depth: int = 3) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 2))
        if kind == 0 or depth == 0:
            parts.append(draw(_WORDS))
        elif kind == 1:
            tag = draw(_VISIBLE)
            parts.append("<br>" if tag == "br" else f"<{tag}>{draw(_pages(depth - 1))}</{tag}>")
        else:
            tag = draw(_SKIPPED)
            parts.append(f"<{tag}>{draw(_WORDS)}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_pages())
def test_blocks_hold_exactly_the_visible_words_in_order(body: str) -> None:
    tree = lxml.html.fromstring(f"<html><body><div>{body}</div></body></html>")
    blocks = segment(tree)
    visible = tree.__copy__()
    for element in list(visible.iter(*SKIPPED)):
        element.drop_tree()
    # the blocks hold the page's visible characters (the tree's text without the skipped
    # elements), in order, none lost and none added; only whitespace may differ
    assert re.sub(r"\s", "", "".join(b.text for b in blocks)) == re.sub(
        r"\s", "", "".join(visible.itertext())
    )
    assert all(re.search(r"\w", b.text) and b.text == b.text.strip() for b in blocks)


def test_shingle_share_at_the_label_boundary() -> None:
    gold = ShingleSet("one two three four five")
    # 2 of the block's 4 shingles are in the gold: exactly LABEL_SHARE, which labels it article text
    share = gold.share(["one", "two", "three", "four", "five", "zz", "yy"])
    assert share == 0.5 == LABEL_SHARE
    # a block of fewer than four tokens is held only as a whole line: a menu item ("Sport") that
    # happens to be a word of the article is not the article's
    lines = ShingleSet("The sport pages were full.\nBreaking news")
    assert lines.share(["breaking", "news"]) == 1.0
    assert lines.share(["sport"]) == 0.0


def _rows(counts: list[int], extracted: list[float]) -> np.ndarray:
    x = np.zeros((len(counts), len(FEATURES)), np.float32)
    x[:, FEATURES.index("log_tokens")] = np.log1p(counts)
    x[:, FEATURES.index("extracted")] = extracted
    return x


def _dropped(scores: list[float], x: np.ndarray, threshold: float, guard: float) -> list[int]:
    verdicts = verdicts_from_scores(np.array(scores), x, threshold, guard)
    return [i for i, _, _ in verdicts.dropped]


def test_threshold_boundary_a_score_equal_to_it_is_dropped() -> None:
    x = _rows([10, 10], [0.0, 0.0])
    assert _dropped([0.5, 0.50001], x, threshold=0.5, guard=0.0) == [0]


def test_verdicts_keep_the_blocks_they_do_not_drop_in_order() -> None:
    x = _rows([10, 10, 10, 10], [0.0, 0.0, 0.0, 0.0])
    x[3, FEATURES.index("comment_section")] = 1.0
    # block 0: dropped by the model; block 3: kept by it, dropped as a comment section
    verdicts = verdicts_from_scores(np.array([-1.0, 1.0, 2.0, 1.0]), x, 0.0, 0.0)
    assert verdicts.kept == [1, 2]


def test_guard_boundary() -> None:
    # trafilatura kept blocks 0 and 1 (30 + 10 tokens); the model keeps block 1 and 2
    x = _rows([30, 10, 50], [1.0, 1.0, 0.0])
    scores = [-1.0, 1.0, 1.0]
    # it kept 10 of trafilatura's 40 tokens: 0.25; a guard of 0.25 does not fire ...
    assert _dropped(scores, x, threshold=0.0, guard=0.25) == [0]
    # ... one just above it does, and trafilatura's blocks are kept instead
    assert _dropped(scores, x, threshold=0.0, guard=0.2501) == [2]


def test_comment_rule_drops_kept_blocks_of_a_comment_section() -> None:
    x = _rows([3, 3, 3], [0.0, 0.0, 0.0])
    x[[0, 2], FEATURES.index("comment_section")] = 1.0
    # block 0: kept by the model, in a comment section; block 1: kept, outside; block 2: in a
    # comment section but dropped by the model already (one removal, the model's)
    verdicts = verdicts_from_scores(np.array([1.0, 1.0, -1.0]), x, 0.0, 0.0)
    assert [(i, r) for i, r, _ in verdicts.dropped] == [(0, Reason.COMMENTS), (2, Reason.PAGE_BLOCK)]


def test_benchmark_scoring_of_the_training_command() -> None:
    # the training command scores kept blocks with the locator's scoring: blocks as token lists
    # hand counts: predicted shingles {abcd, bcde}, gold {abcd}: tp 1, fp 1, fn 0
    assert page_score([["a", "b", "c"], ["d", "e"]], [0, 1], shingle_counts(["a", "b", "c", "d"])) == (
        0.5,
        0.5,
        0.0,
    )
    # both empty: one empty shingle each, as the benchmark counts
    assert page_score([[]], [0], shingle_counts([])) == (1.0, 0.0, 0.0)
    # precision (0.5 + 1) / 2 = 0.75, recall 1: F1 = 1.5 / 1.75
    assert mean_f1([(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)]) == pytest.approx(1.5 / 1.75)


def test_shipped_model_is_what_dumps_writes_and_round_trips() -> None:
    shipped = resources.files("newsclean.extraction").joinpath(MODEL_FILE).read_bytes()
    model = load_block_model()
    assert model.dumps() == shipped
    assert BlockModel.loads(shipped).dumps() == shipped
    assert model.trained_on["sets"] == ["readability", "scrapinghub"]  # never dragnet or cleaneval
    assert len(shipped) < 500_000


def test_a_model_for_other_features_or_format_is_refused() -> None:
    meta, arrays = arrays_file.loads(load_block_model().dumps())
    with pytest.raises(BlockModelError, match="features differ"):
        BlockModel.loads(arrays_file.dumps({**meta, "features": list(FEATURES[:-1])}, arrays))
    with pytest.raises(BlockModelError, match="format version"):
        BlockModel.loads(arrays_file.dumps({**meta, "format_version": 0}, arrays))
    with pytest.raises(BlockModelError, match="lacks or mangles"):
        BlockModel.loads(arrays_file.dumps(meta, {k: v for k, v in arrays.items() if k != "leaves"}))
    with pytest.raises(BlockModelError, match="not a newsclean block model file"):
        BlockModel.loads(b"junk")


def test_a_missing_model_path_says_what_to_do(tmp_path: object) -> None:
    with pytest.raises(BlockModelError, match="check the path"):
        load_block_model("/nonexistent/blocks.arrays")


def test_empty_page_has_no_rows() -> None:
    assert block_matrix([], "", frozenset(), None).shape == (0, len(FEATURES))


PAGE = """<html><head><title>Council approves the new harbour wall</title></head><body>
<header class="site-header"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></header>
<article class="story"><h1>Council approves the new harbour wall</h1>
<p>The town council voted on Tuesday to build a new sea wall along the harbour, after two winters of
storms flooded the shops on the quay and closed the coast road for weeks at a time.</p>
<p>Work is to start in the spring and take about eighteen months, the council said, and the road will stay
open while it lasts. The wall will be a metre higher than the old one.</p>
<p>Shop owners on the quay welcomed the vote. "We have waited a long time for this," said one of them,
who has sold fishing tackle there for thirty years and lost his stock twice.</p></article>
<aside class="related"><h3>More news</h3><ul><li><a href="/a">Ferry timetable changes next month</a></li>
<li><a href="/b">School wins regional chess title</a></li></ul></aside>
<footer class="footer"><p><a href="/about">About us</a> | <a href="/privacy">Privacy</a></p></footer>
</body></html>"""


def test_html_mode_explains_every_block_it_drops() -> None:
    page = clean_html_page(PAGE)
    article = page.article
    assert article.body.startswith("The town council voted on Tuesday")
    assert "thirty years and lost his stock twice." in article.body
    assert "Ferry timetable" not in article.body and "Privacy" not in article.body
    assert page.blocks is not None
    lines = page.extracted.text.splitlines()
    removed = {i for r in article.removals for i in range(r.start, r.end)}
    # every line of the page's text is kept or removed by a named filter, never lost
    kept = set(article.paragraph_lines)
    assert kept | removed == set(range(len(lines))) and not kept & removed
    assert {r.filter for r in article.removals} >= {"page_blocks"}
    assert lines.index("About us | Privacy") in removed


def test_html_mode_without_the_block_model_reads_trafilatura_text_alone() -> None:
    page = clean_html_page(PAGE, config=HtmlConfig(block_model=False))
    assert page.blocks is None
    assert "page_blocks" not in {r.filter for r in page.article.removals}
    assert page.article.body.startswith("The town council voted on Tuesday")


def test_a_page_whose_blocks_are_all_dropped_fails_with_extraction_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsclean.extraction import html as html_mode

    def drop_all(model: object, x: np.ndarray) -> BlockVerdicts:
        rows = range(len(x))
        return BlockVerdicts(
            np.full(len(x), -5.0), tuple((i, Reason.PAGE_BLOCK, "block model") for i in rows), False
        )

    monkeypatch.setattr(html_mode, "judge_blocks", drop_all)
    # not the empty-document error of the filters: the page holds no article, and says so
    with pytest.raises(ExtractionError, match=r"was boilerplate \(page_block\)"):
        clean_html_page(PAGE)
