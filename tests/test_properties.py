"""Property tests: cleaning never crashes, is idempotent, keeps a subsequence of the input, and replays."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import BinaryInputError, EmptyDocumentError, apply_removals

ROOT = Path(__file__).resolve().parent.parent
PAGES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_samples").glob("*.txt"))]
PAGE_LINES = [line for page in PAGES for line in page.splitlines()]

# Lines that look like news pages: real sample lines, boilerplate-like fragments, and arbitrary text.
line = st.one_of(
    st.sampled_from(PAGE_LINES),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80),
    st.sampled_from(
        ["", "Comments", "* Home", "Read more stories", "Photo: AFP", "▲ 1.2%", "Tags: a, b", "|"]
    ),
)
documents = st.lists(line, min_size=1, max_size=60).map("\n".join)
mutated_pages = st.tuples(st.sampled_from(PAGES), st.randoms(use_true_random=False)).map(
    lambda pair: "\n".join(x for x in pair[0].splitlines() if pair[1].random() > 0.2)
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _visible(text: str) -> bool:
    """Whether a reader sees a character of ``text``: not white space, a control or format character,
    a surrogate or a combining mark (the rule of docs/hostile-input.md, from Unicode's categories)."""
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Mn", "Mc", "Me")
        for char in text
    )


def _clean(text: str) -> newsclean.Article | None:
    try:
        return newsclean.clean(text)
    except EmptyDocumentError:
        assert not _visible(text)
        return None
    except BinaryInputError:
        assert "\x00" in text  # a NUL character: binary data, as NUL bytes are
        return None


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@SETTINGS
@given(st.one_of(documents, mutated_pages))
def test_output_lines_are_a_subsequence_of_input_lines(text: str) -> None:
    article = _clean(text)
    if article is None:
        return
    stripped = [line.strip() for line in newsclean.Document.from_text(text).text.split("\n")]
    assert _is_subsequence(list(article.paragraphs), [s for s in stripped if s])


@SETTINGS
@given(st.one_of(documents, mutated_pages))
@example("Sensex 79,486.32 ▲ 325.12 (0.41%)\n\x08")  # a kept line of a control character alone
@example("A\x1f")  # U+001F: white space to str.strip, not to the regex module
def test_cleaning_is_idempotent(text: str) -> None:
    article = _clean(text)
    if article is None or not article.body:
        return
    assert newsclean.clean(article.body).body == article.body


@SETTINGS
@given(st.one_of(documents, mutated_pages))
def test_explanation_replays(text: str) -> None:
    article = _clean(text)
    if article is None:
        return
    assert apply_removals(text, article.removals) == article.body
    # removals are disjoint, in order, and each names a filter and a reason
    ends = [0]
    for removal in article.removals:
        assert removal.start >= ends[-1] and removal.end > removal.start
        ends.append(removal.end)


@pytest.mark.parametrize("page", PAGES, ids=range(len(PAGES)))
def test_real_pages_are_idempotent(page: str) -> None:
    body = newsclean.clean(page).body
    assert newsclean.clean(body).body == body


STANDARD_FILTERS = newsclean.CleanConfig().filters()


@pytest.mark.parametrize("one_filter", STANDARD_FILTERS, ids=lambda f: f.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(documents, mutated_pages))
def test_each_filter_alone(one_filter: newsclean.filters.Filter, text: str) -> None:
    """Every standard filter on its own: no exception, tags inside the document,
    output a subsequence of the input, explanation replays, idempotent."""
    if not _visible(text) or "\x00" in text:
        with pytest.raises((EmptyDocumentError, BinaryInputError)):
            newsclean.Pipeline([one_filter]).clean(text)
        return
    pipeline = newsclean.Pipeline([one_filter])
    context = pipeline.tag(text)
    for tag in context.tags:
        assert 0 <= tag.start < tag.end <= len(context.doc.lines)
        assert tag.filter == one_filter.name
    article = pipeline.clean(text)
    stripped = [line.strip() for line in context.doc.text.split("\n")]
    assert _is_subsequence(list(article.paragraphs), [s for s in stripped if s])
    assert apply_removals(text, article.removals) == article.body
    if article.body:
        assert pipeline.clean(article.body).body == article.body
