"""The template evidence on lines whose keys are written by hand: novelty at its word count, votes at
their threshold, URLs fetched again, hosts, the documents a new template line touches, the byte layout
of a document's evidence, and the masks.

Each line is given as its four numbers (key, head, tail, words), so which line ends a document brings
for the first time, and how many votes a line has, can be counted on the fingers.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import Shingler
from newsclean.dedup import evidence as evidence_module
from newsclean.dedup.evidence import DocLines, Evidence, content, host_of, template_mask
from newsclean.dedup.keyruns import Mode as KeyMode
from newsclean.dedup.lines import LineBatch, line_batch, paragraph_keys, scoped, text_key

#: a line: (key, head, tail, words)
Line = tuple[int, int, int, int]


def line(n: int, words: int = 10) -> Line:
    """Line ``n``: key ``n``, a head and a tail of its own (no other line's)."""
    return (n, 1000 + n, 2000 + n, words)


def lines(*docs: list[Line]) -> LineBatch:
    """A batch of the documents' lines, documents numbered from 0."""
    rows = [(d, *row) for d, doc in enumerate(docs) for row in doc]
    column = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return LineBatch(
        np.array(column[0], dtype=np.int64),
        np.array(column[1], dtype=np.uint64),
        np.array(column[2], dtype=np.uint64),
        np.array(column[3], dtype=np.uint64),
        np.array(column[4], dtype=np.int64),
    )


def docs(
    *bodies: list[Line],
    pages: list[list[Line]] | None = None,
    urls: list[int] | None = None,
    hosts: list[int] | None = None,
) -> DocLines:
    """Documents of a batch from their body lines (and page lines, URL and host keys; 0: none)."""
    page = lines(*pages) if pages is not None else lines()
    n = len(bodies)
    return DocLines(
        lines(*bodies),
        page,
        np.array(urls or [0] * n, dtype=np.uint64),
        np.array(hosts or [0] * n, dtype=np.uint64),
    )


def template(evidence: Evidence, *keys: int, host: int = 0) -> list[bool]:
    mask: list[bool] = evidence.mask(np.array(keys, dtype=np.uint64), host).tolist()
    return mask


NEW = line(900, words=60)  # a line of 60 words: a document holding it brings new text


def own(n: int, words: int = 60) -> Line:
    """A document's own new text: a line of ``words`` words no other document holds."""
    return line(500 + n, words)


# -- order -------------------------------------------------------------------------------------------------


def test_documents_must_come_in_order() -> None:
    evidence = Evidence()
    with pytest.raises(ValueError, match=r"^documents must come in order: expected number 0, got 1$"):
        evidence.add(1, docs([own(0)]))
    evidence.add(0, docs([own(0)], [own(1)]))
    assert evidence.count == 2
    with pytest.raises(ValueError, match=r"^documents must come in order: expected number 2, got 3$"):
        evidence.add(3, docs([own(3)]))
    evidence.add(2, docs([own(2)]))
    assert evidence.count == 3


def test_the_defaults() -> None:
    evidence = Evidence()
    assert (evidence.documents, evidence.host_pages, evidence.novel_words) == (4, 2, 50)
    assert (evidence.count, evidence.version, evidence.template_lines) == (0, 0, 0)
    assert evidence.template.tolist() == []


# -- novelty: how many new words a document brings -----------------------------------------------------------


@pytest.mark.parametrize(("words", "votes"), [(49, False), (50, True), (51, True)])
def test_a_document_votes_from_novel_words_new_words(words: int, votes: bool) -> None:
    # the first document brings 60 new words; the second only its own line (the shared line was seen)
    evidence = Evidence(documents=2, novel_words=50)
    evidence.add(0, docs([own(0), line(7, words=1)]))
    evidence.add(1, docs([own(1, words), line(7, words=1)]))
    assert template(evidence, 7) == [votes]


@pytest.mark.parametrize(("words", "votes"), [(29, False), (30, True)])
def test_new_words_add_up_over_a_documents_lines(words: int, votes: bool) -> None:
    # 20 + 30 = 50 new words (and 20 + 29 = 49), in two lines of the second document
    evidence = Evidence(documents=2, novel_words=50)
    evidence.add(0, docs([own(0), line(7)]))
    evidence.add(1, docs([own(1, 20), own(2, words), line(7)]))
    assert template(evidence, 7) == [votes]


@pytest.mark.parametrize(
    ("head", "tail", "votes"),
    [
        (1501, 2501, False),  # both ends were the first document's: not new
        (1501, 2999, False),  # a new tail, a known head: not new
        (1999, 2501, False),  # a new head, a known tail: not new
        (1999, 2999, True),  # both new
    ],
)
def test_a_line_is_new_when_its_head_and_its_tail_are(head: int, tail: int, votes: bool) -> None:
    evidence = Evidence(documents=2, novel_words=50)
    evidence.add(0, docs([own(1), line(7)]))
    evidence.add(1, docs([(999, head, tail, 60), line(7)]))
    assert template(evidence, 7) == [votes]


@pytest.mark.parametrize("batched", [True, False])
def test_an_earlier_document_of_the_batch_makes_a_line_known(batched: bool) -> None:
    # the second document's only new-looking line is the first one's: in one batch or in two
    evidence = Evidence(documents=2, novel_words=50)
    first, second = [own(1), line(7)], [own(1), line(7)]
    if batched:
        evidence.add(0, docs(first, second))
    else:
        evidence.add(0, docs(first))
        evidence.add(1, docs(second))
    assert template(evidence, 7) == [False]


def test_known_lines_are_known_to_every_document_of_a_later_batch() -> None:
    # the second batch's second document (number 1 within it) holds only lines the first batch had, its
    # third 20 new words: of the four documents, the first two vote
    evidence = Evidence(documents=3, novel_words=50)
    evidence.add(0, docs([own(0), line(7)]))
    evidence.add(1, docs([own(1), line(7)], [own(0), line(7)], [own(0, 30), own(5, 20), line(7)]))
    assert template(evidence, 7) == [False]
    evidence.add(4, docs([own(6), line(7)]))
    assert template(evidence, 7) == [True]


def test_a_later_document_of_the_batch_does_not_make_an_earlier_ones_line_known() -> None:
    # the first document's line is held by the second too: the first brought it, both vote for line 8,
    # then a third's vote makes line 8 template (with a page given, so the ends are reordered by document)
    evidence = Evidence(documents=3, novel_words=50)
    evidence.add(
        0,
        docs(
            [own(1), line(8)],
            [own(2), own(1, words=1), line(8)],
            [own(3), line(8)],
            pages=[[line(40)], [line(41)], [line(42)]],
        ),
    )
    assert template(evidence, 8) == [True]
    # the same without the third document's own text: two votes only
    evidence = Evidence(documents=3, novel_words=50)
    evidence.add(
        0,
        docs(
            [own(1), line(8)],
            [own(2), line(8)],
            [own(1), line(8)],
            pages=[[line(40)], [line(41)], [line(42)]],
        ),
    )
    assert template(evidence, 8) == [False]


def test_a_pages_lines_are_seen_but_bring_no_words() -> None:
    # a body of 10 words on a page with 60 more: not novel (only the body's words count)
    evidence = Evidence(documents=2, novel_words=50)
    evidence.add(0, docs([own(0)], [line(7), line(20)], pages=[[], [own(9)]]))
    evidence.add(2, docs([own(2), line(7)]))
    assert template(evidence, 7) == [False]
    # a line seen on an earlier document's page is not new to a later body, in the same batch or later
    for batched in (True, False):
        evidence = Evidence(documents=2, novel_words=50)
        first = [own(1), line(7)]
        second = [own(2), line(7)]  # own(2): on the first document's page
        if batched:
            evidence.add(0, docs(first, second, pages=[[own(2)], []]))
        else:
            evidence.add(0, docs(first, pages=[[own(2)]]))
            evidence.add(1, docs(second))
        assert template(evidence, 7) == [False], batched


def test_pages_of_some_documents_keep_each_body_line_with_its_document() -> None:
    # pages given: the ends are sorted by document and put back; each body line must stay its own
    evidence = Evidence(documents=2, novel_words=50)
    evidence.add(
        0,
        docs(
            [line(7), own(1)],
            [line(8, words=1)],
            [own(3), line(7)],
            pages=[[line(40)], [line(41), line(42)], []],
        ),
    )
    assert template(evidence, 7) == [True]  # the first and the third document both bring 60 words
    assert template(evidence, 8, 40, 41) == [False, False, False]


def test_a_document_with_no_line_brings_nothing() -> None:
    evidence = Evidence(documents=2, novel_words=0)
    counted = evidence.add(0, docs([], []))
    assert counted.touched.tolist() == [] and counted.furnished.tolist() == [False, False]
    assert evidence.count == 2 and evidence.template_lines == 0


# -- votes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("holders", "reached"), [(2, False), (3, True), (4, True)])
def test_a_line_is_template_from_documents_votes(holders: int, reached: bool) -> None:
    evidence = Evidence(documents=3)
    evidence.add(0, docs(*[[own(n), line(7)] for n in range(holders)]))
    assert template(evidence, 7) == [reached]
    assert evidence.template_lines == int(reached)
    assert evidence.version == int(reached)


def test_votes_add_up_over_batches_and_a_line_flips_once() -> None:
    evidence = Evidence(documents=3)
    versions, templates = [], []
    for n in range(5):
        evidence.add(n, docs([own(n), line(7)]))
        versions.append(evidence.version)
        templates.append(evidence.template.tolist())
    assert versions == [0, 0, 1, 1, 1]
    assert templates == [[], [], [7], [7], [7]]


def test_the_version_grows_with_each_add_that_makes_a_line_template() -> None:
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)]))
    assert evidence.version == 1
    evidence.add(2, docs([own(2), line(8)]))
    assert evidence.version == 1
    counted = evidence.add(3, docs([own(3), line(8)]))
    assert evidence.version == 2 and evidence.template.tolist() == [7, 8]
    assert counted.touched.tolist() == [2] and counted.touched.dtype == np.int64
    counted = evidence.add(4, docs([own(4), line(9)]))
    assert counted.touched.tolist() == [] and counted.touched.dtype == np.int64
    assert counted.furnished.dtype == np.bool_


def test_a_template_line_furnishes_whatever_its_key() -> None:
    # keys are 64-bit hashes: 1 is as good a key as any (0 alone means none)
    evidence = Evidence(documents=2)
    counted = evidence.add(0, docs([own(0), line(1)], [own(1), line(1)], [own(2)]))
    assert evidence.template.tolist() == [1]
    assert counted.furnished.tolist() == [True, True, False]


def test_key_1_and_host_1_are_keys_like_any_other() -> None:
    # line 1 becomes template within host 1 (and globally) in the second batch: the earlier holders are
    # touched, the batch's holders furnished
    evidence = Evidence(documents=3, host_pages=2)
    evidence.add(0, docs([own(0), line(1)], [own(1), line(1)], hosts=[1, 0]))
    assert evidence.template_lines == 0
    counted = evidence.add(2, docs([own(2), line(1)], [own(3)], hosts=[1, 1]))
    assert template(evidence, 1) == [True] and template(evidence, 1, host=1) == [True]
    assert counted.touched.tolist() == [0, 1]
    assert counted.furnished.tolist() == [True, False]
    # within the host only
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs([own(0), line(1)], hosts=[1]))
    counted = evidence.add(1, docs([own(1), line(1)], [own(2), line(1)], hosts=[1, 0]))
    assert template(evidence, 1) == [False] and template(evidence, 1, host=1) == [True]
    assert counted.touched.tolist() == [0]
    assert counted.furnished.tolist() == [True, False]


def test_a_line_repeated_in_one_document_is_one_vote() -> None:
    # line 3 sorts first: line 7, repeated, is not the smallest key of the batch
    evidence = Evidence(documents=3)
    evidence.add(0, docs([own(0), line(3), line(7), line(7), line(7)], [own(1), line(7)]))
    assert template(evidence, 7) == [False]
    evidence.add(2, docs([own(2), line(7)]))
    assert template(evidence, 7) == [True]


def test_lines_without_a_key_never_vote() -> None:
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), (0, 1100, 2100, 3)], [own(1), (0, 1101, 2101, 3)]))
    assert evidence.template_lines == 0
    assert template(evidence, 0) == [False]


def test_a_document_that_brings_nothing_new_does_not_vote() -> None:
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)]))
    evidence.add(1, docs([own(0), line(7)]))  # a copy of the first
    assert template(evidence, 7) == [False]


def test_several_lines_reach_the_threshold_in_one_batch() -> None:
    evidence = Evidence(documents=2)
    counted = evidence.add(0, docs([own(0), line(9), line(7)], [own(1), line(7), line(9), line(8)]))
    assert evidence.template.tolist() == [7, 9]
    assert evidence.version == 1
    assert counted.furnished.tolist() == [True, True]


# -- URLs --------------------------------------------------------------------------------------------------


def test_a_url_fetched_again_does_not_vote() -> None:
    u, v = text_key("https://a.example/1"), text_key("https://a.example/2")
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], urls=[u, u]))
    assert template(evidence, 7) == [False]
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)], urls=[u]))
    evidence.add(1, docs([own(1), line(7)], urls=[u]))
    assert template(evidence, 7) == [False]
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], urls=[u, v]))
    assert template(evidence, 7) == [True]


def test_documents_without_a_url_all_vote() -> None:
    u = text_key("https://a.example/1")
    evidence = Evidence(documents=3)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], [own(2), line(7)], urls=[0, u, 0]))
    assert template(evidence, 7) == [True]


def test_the_first_record_of_a_url_votes_and_the_later_ones_do_not() -> None:
    # URLs u, v, u, w, v: the first, second and fourth documents vote (3 votes: template at 3, not at 4)
    u, v, w = (text_key(f"https://a.example/{n}") for n in range(3))
    bodies = [[own(n), line(7)] for n in range(5)]
    for documents, reached in ((3, True), (4, False)):
        evidence = Evidence(documents=documents)
        evidence.add(0, docs(*bodies, urls=[u, v, u, w, v]))
        assert template(evidence, 7) == [reached], documents
    # the second record of v votes when only u was seen before
    evidence = Evidence(documents=3)
    evidence.add(0, docs(bodies[0], urls=[u]))
    evidence.add(1, docs(*bodies[1:4], urls=[v, u, w]))
    assert template(evidence, 7) == [True]
    evidence = Evidence(documents=4)
    evidence.add(0, docs(bodies[0], urls=[u]))
    evidence.add(1, docs(*bodies[1:4], urls=[v, u, w]))
    assert template(evidence, 7) == [False]


# -- hosts -------------------------------------------------------------------------------------------------

A, B = text_key("a.example"), text_key("b.example")


@pytest.mark.parametrize(("pages", "reached"), [(1, False), (2, True), (3, True)])
def test_a_line_is_template_within_a_host_from_host_pages_pages(pages: int, reached: bool) -> None:
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs(*[[own(n), line(7)] for n in range(pages)], hosts=[A] * pages))
    assert template(evidence, 7, host=A) == [reached]
    assert template(evidence, 7, host=B) == [False]
    assert template(evidence, 7) == [False]
    assert evidence.template.tolist() == (
        scoped(np.array([7], dtype=np.uint64), A).tolist() if reached else []
    )


def test_host_pages_is_the_host_threshold() -> None:
    evidence = Evidence(documents=9, host_pages=3)
    evidence.add(0, docs(*[[own(n), line(7)] for n in range(2)], hosts=[A, A]))
    assert template(evidence, 7, host=A) == [False]
    evidence.add(2, docs([own(2), line(7)], hosts=[A]))
    assert template(evidence, 7, host=A) == [True]


def test_pages_without_a_host_have_no_host_votes() -> None:
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], [own(2), line(7)], hosts=[A, 0, 0]))
    assert template(evidence, 7, host=A) == [False]
    assert evidence.template_lines == 0


def test_a_page_new_to_its_host_votes_there_though_other_sites_ran_its_story() -> None:
    # b.example's first page carries a story a.example ran (not new to the corpus, new to b.example)
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs([own(1), line(7)], hosts=[A]))
    evidence.add(1, docs([own(1), line(8)], [own(2), line(8)], hosts=[B, B]))
    assert template(evidence, 8, host=B) == [True]
    # the same page, its story known to its own host already: it does not vote
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs([own(1), line(7)], hosts=[B]))
    evidence.add(1, docs([own(1), line(8)], [own(2), line(8)], hosts=[B, B]))
    assert template(evidence, 8, host=B) == [False]


@pytest.mark.parametrize(("words", "votes"), [(48, False), (49, True)])
def test_host_votes_need_novel_words_new_words_within_the_host(words: int, votes: bool) -> None:
    # the first page's new words: its own line and the one-word line 7 (49 and 50)
    evidence = Evidence(documents=4, host_pages=2, novel_words=50)
    evidence.add(0, docs([own(0, words), line(7, 1)], [own(1, 60), line(7, 1)], hosts=[A, A]))
    assert template(evidence, 7, host=A) == [votes]


def test_a_page_fetched_again_does_not_vote_within_its_host() -> None:
    u = text_key("https://a.example/1")
    evidence = Evidence(documents=4, host_pages=2)
    evidence.add(0, docs([own(0), line(7)], hosts=[A], urls=[u]))
    evidence.add(1, docs([own(1), line(7)], hosts=[A], urls=[u]))
    assert template(evidence, 7, host=A) == [False]


def test_global_and_host_votes_in_one_batch() -> None:
    evidence = Evidence(documents=2, host_pages=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], hosts=[A, A]))
    assert template(evidence, 7) == [True] and template(evidence, 7, host=A) == [True]
    assert evidence.template_lines == 2  # the line, and the line within a.example
    assert evidence.version == 1


# -- touched and furnished documents ------------------------------------------------------------------------


def test_a_new_template_line_touches_the_earlier_documents_that_hold_it() -> None:
    evidence = Evidence(documents=3)
    first = evidence.add(0, docs([own(0), line(7)], [own(1)], [own(2), line(7)]))
    assert first.touched.tolist() == [] and first.furnished.tolist() == [False, False, False]
    second = evidence.add(3, docs([own(3), line(7)], [own(4), line(7)], [own(5)]))
    assert second.touched.tolist() == [0, 2]  # not 3 or 4: they are of this batch
    assert second.furnished.tolist() == [True, True, False]
    third = evidence.add(6, docs([own(6), line(7)]))
    assert third.touched.tolist() == []  # line 7 was template already
    assert third.furnished.tolist() == [True]


def test_touched_documents_are_those_of_the_new_line_only() -> None:
    evidence = Evidence(documents=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], [own(2), line(8)]))
    assert evidence.template.tolist() == [7]
    counted = evidence.add(3, docs([own(3), line(8)]))
    assert counted.touched.tolist() == [2]
    assert counted.furnished.tolist() == [True]


def test_a_line_template_within_a_host_touches_and_furnishes_that_hosts_pages() -> None:
    evidence = Evidence(documents=5, host_pages=2)
    evidence.add(0, docs([own(0), line(7)], [own(1), line(7)], hosts=[A, B]))
    counted = evidence.add(2, docs([own(2), line(7)], [own(3), line(7)], hosts=[A, 0]))
    assert counted.touched.tolist() == [0]
    assert counted.furnished.tolist() == [True, False]
    assert template(evidence, 7, host=A) == [True] and template(evidence, 7, host=B) == [False]


def test_a_document_seen_again_as_evidence_keeps_its_touches() -> None:
    # the counted evidence of a document read back from its bytes, as an index file keeps it
    first = docs([own(0), line(7)], [own(1), line(7)], hosts=[A, A], urls=[11, 12])
    blobs = [first.encode(i) for i in range(len(first))]
    evidence = Evidence(documents=3, host_pages=3)
    evidence.add(0, DocLines.decode(blobs))
    counted = evidence.add(2, docs([own(2), line(7)], hosts=[A]))
    assert counted.touched.tolist() == [0, 1]
    assert evidence.template.tolist() == sorted([7, *scoped(np.array([7], dtype=np.uint64), A).tolist()])


# -- reading documents --------------------------------------------------------------------------------------


def test_doclines_of_keeps_the_page_lines_that_are_not_the_documents_own_body_lines() -> None:
    body = lines([line(1), line(2)], [line(3)])
    page = lines([line(1), line(3), line(4)], [line(3), line(5)])
    found = DocLines.of(body, page, [None, None], [None, None])
    assert found.page.doc.tolist() == [0, 0, 1]
    assert found.page.key.tolist() == [3, 4, 5]  # line 3 is the second document's, not the first's
    assert found.page.head.tolist() == [1003, 1004, 1005]
    assert found.page.tail.tolist() == [2003, 2004, 2005]
    assert found.page.words.tolist() == [10, 10, 10]
    assert len(DocLines.of(body, None, [None, None], [None, None]).page) == 0


def test_doclines_of_reads_url_and_host_keys() -> None:
    found = DocLines.of(
        lines([], [], []),
        None,
        ["https://www.A.example/1", None, "https://a.example/2"],
        [None, "c.example", "b.example"],
    )
    assert found.url.tolist() == [text_key("https://www.A.example/1"), 0, text_key("https://a.example/2")]
    assert found.host.tolist() == [text_key("a.example"), text_key("c.example"), text_key("b.example")]
    assert len(found) == 3


def test_doclines_read_takes_the_lines_of_the_pages_given() -> None:
    bodies = ["Alpha beta gamma", "Delta epsilon zeta", "Eta theta iota"]
    pages = [None, "Delta epsilon zeta\nKappa lambda mu\nAlpha beta gamma", "Eta theta iota"]
    found = DocLines.read(bodies, pages, ["https://a.example/1", None, None], Shingler())
    expected_body = line_batch(bodies)
    assert found.body.key.tolist() == expected_body.key.tolist()
    assert found.body.doc.tolist() == [0, 1, 2]
    # the second page's own lines: the first body's line is another document's, so it stays
    assert found.page.doc.tolist() == [1, 1]
    assert found.page.key.tolist() == paragraph_keys(["Kappa lambda mu", "Alpha beta gamma"]).tolist()
    assert found.page.words.tolist() == [3, 3]
    assert found.url.tolist() == [text_key("https://a.example/1"), 0, 0]
    assert found.host.tolist() == [text_key("a.example"), 0, 0]


def test_doclines_read_keys_lines_with_the_shingler_given() -> None:
    bodies = ["Alpha beta gamma", "Delta epsilon zeta"]
    pages = [None, "Delta epsilon zeta\nKappa lambda mu"]
    seeded = Shingler(seed=2)
    found = DocLines.read(bodies, pages, [None, None], seeded)
    assert found.body.key.tolist() == line_batch(bodies, seeded).key.tolist()
    assert found.page.key.tolist() == line_batch(["Kappa lambda mu"], seeded).key.tolist()
    assert found.body.key.tolist() != line_batch(bodies).key.tolist()  # the seed makes other keys
    shingler = Shingler(seed=2)
    furniture = paragraph_keys(["Five six"], shingler)
    mask, words = content("One two three\nFive six", 0, np.sort(furniture), shingler)
    assert mask is not None and mask.tolist() == [False, True] and words == 3


def test_doclines_of_refuses_urls_and_hosts_of_other_lengths() -> None:
    with pytest.raises(ValueError, match="zip"):
        DocLines.of(lines([], []), None, ["https://a.example/1", None], [None])


def test_doclines_read_uses_the_body_lines_given() -> None:
    bodies = ["Alpha beta gamma", "Delta epsilon zeta"]
    given = lines([line(1)], [line(2)])
    found = DocLines.read(bodies, [None, None], [None, None], Shingler(), given)
    assert found.body is given
    assert len(found.page) == 0


# -- the bytes an index keeps ---------------------------------------------------------------------------------


def test_encode_lays_out_url_host_and_each_lines_columns() -> None:
    batch = docs(
        [line(1), line(2, words=3)],
        [line(3, words=7)],
        pages=[[line(4, words=5)], []],
        urls=[11, 12],
        hosts=[21, 22],
    )
    expected_0 = (
        struct.pack("<QQ", 11, 21)
        + struct.pack("<I", 2)
        + struct.pack("<QQ", 1, 2)
        + struct.pack("<QQ", 1001, 1002)
        + struct.pack("<QQ", 2001, 2002)
        + struct.pack("<II", 10, 3)
        + struct.pack("<I", 1)
        + struct.pack("<QQQI", 4, 1004, 2004, 5)
    )
    expected_1 = (
        struct.pack("<QQ", 12, 22)
        + struct.pack("<I", 1)
        + struct.pack("<QQQI", 3, 1003, 2003, 7)
        + struct.pack("<I", 0)
    )
    assert batch.encode(0) == expected_0
    assert batch.encode(1) == expected_1


def test_decode_reads_back_what_encode_wrote() -> None:
    batch = docs(
        [line(1), line(2, words=3)],
        [],
        [line(3, words=7)],
        pages=[[line(4, words=5)], [line(5)], []],
        urls=[11, 0, 13],
        hosts=[21, 0, 23],
    )
    back = DocLines.decode([batch.encode(i) for i in range(3)])
    for column in ("doc", "key", "head", "tail", "words"):
        for part in ("body", "page"):
            got, want = getattr(getattr(back, part), column), getattr(getattr(batch, part), column)
            assert got.tolist() == want.tolist(), (part, column)
            assert got.dtype == want.dtype, (part, column)
    assert back.url.tolist() == [11, 0, 13] and back.host.tolist() == [21, 0, 23]
    assert back.url.dtype == np.uint64 and back.host.dtype == np.uint64


def test_decode_of_no_document_is_empty() -> None:
    back = DocLines.decode([])
    assert len(back) == 0 and len(back.body) == 0 and len(back.page) == 0


# -- masks ------------------------------------------------------------------------------------------------


def test_template_mask_finds_keys_at_either_end_and_between() -> None:
    keys = np.array([1, 5, 7, 9, 12, 0], dtype=np.uint64)
    sorted_template = np.array([0, 5, 9], dtype=np.uint64)  # 0 is never a template line's key
    assert template_mask(sorted_template, keys, 0).tolist() == [False, True, False, True, False, False]
    assert template_mask(np.zeros(0, dtype=np.uint64), keys, 0).tolist() == [False] * 6


def test_template_mask_within_a_host() -> None:
    keys = np.array([5, 7], dtype=np.uint64)
    within = scoped(np.array([7], dtype=np.uint64), A)
    sorted_template = np.sort(np.concatenate([np.array([5], dtype=np.uint64), within]))
    assert template_mask(sorted_template, keys, A).tolist() == [True, True]
    assert template_mask(sorted_template, keys, B).tolist() == [True, False]
    assert template_mask(sorted_template, keys, 0).tolist() == [True, False]


def test_content_flags_template_paragraphs_and_counts_the_words_outside() -> None:
    shingler = Shingler()
    body = "One two three four\n\nFive six\nSeven eight nine"
    furniture = paragraph_keys(["Five six"])
    assert content(body, 0, np.zeros(0, dtype=np.uint64), shingler) == (None, 9)
    mask, words = content(body, 0, np.sort(furniture), shingler)
    assert mask is not None and mask.tolist() == [False, True, False] and words == 7
    within = np.sort(scoped(furniture, A))
    mask, words = content(body, A, within, shingler)
    assert mask is not None and mask.tolist() == [False, True, False] and words == 7
    assert content(body, B, within, shingler) == (None, 9)


def test_the_evidence_in_files_is_the_evidence_in_memory(tmp_path: Path) -> None:
    batches = [
        docs([own(0), line(7)], [own(1), line(7)], hosts=[A, A], urls=[11, 12]),
        docs([own(2), line(7)], [own(3), line(8)], [own(4), line(8)], hosts=[B, A, A], urls=[13, 11, 14]),
    ]
    found = []
    for directory in (None, str(tmp_path)):
        evidence = Evidence(documents=3, host_pages=2, directory=directory)
        counts = [evidence.add(first, batch) for first, batch in zip((0, 2), batches, strict=True)]
        found.append(
            (
                evidence.template.tolist(),
                [c.touched.tolist() for c in counts],
                [c.furnished.tolist() for c in counts],
            )
        )
        evidence.close()
    assert found[0] == found[1]
    assert found[0][1] == [[], [0, 1]]
    # the fourth document is the first one's URL again: it does not vote, and line 8 has one vote
    assert found[0][2] == [[True, True], [True, False, False]]


def test_with_a_directory_every_table_of_the_evidence_is_kept_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the low-memory mode: the ends seen, the votes and the holders all go to files in the directory
    made: list[str | None] = []

    class Recorded(evidence_module.KeyRuns):
        def __init__(self, mode: KeyMode, directory: str | None = None) -> None:
            made.append(directory)
            super().__init__(mode, directory)

    monkeypatch.setattr(evidence_module, "KeyRuns", Recorded)
    Evidence(directory=str(tmp_path)).close()
    Evidence().close()
    assert made == [str(tmp_path)] * 3 + [None] * 3


def test_host_of_cases() -> None:
    cases = [
        ("https://www.Example.com:8080/news/1", "example.com"),
        ("  http://user@News.Example.org/a?b=1  ", "news.example.org"),
        ("example.org?x=1", "example.org"),
        ("//cdn.example.net/x", "cdn.example.net"),
        ("https://a@b@c.example/", "c.example"),
        ("https://www.example.com//x", "example.com"),
        ("https://awww.example.com", "awww.example.com"),
        ("https://www.", ""),
        ("www.www.example", "www.example"),
        ("example.org?x=1?y=2", "example.org"),
        ("https://example.net#top", "example.net"),
        ("https://example.net/a#top", "example.net"),
        ("example.net#top?x=1", "example.net"),
        ("http://[2001:DB8::1]:8080/a", "[2001:db8::1]"),
        ("http://[2001:db8::2]/a", "[2001:db8::2]"),
        ("http://user:pw@[::1]:80", "[::1]"),
        ("http://[::1", ""),  # no closing bracket: no host
        ("http://[::1]]x/", "[::1]"),  # up to the first closing bracket
        ("example.net#a#b", "example.net"),
        ("example.com:80:90", "example.com"),
        ("example.org/a//b", "example.org"),  # a double slash in the path is no scheme's
        ("example.org/?u=http://other.example/", "example.org"),
        ("HTTPS://Example.org/a", "example.org"),
        ("git+ssh://host.example/repo", "host.example"),
        ("1http://x.example/a", "1http"),  # a scheme starts with a letter: a host "1http" and an empty port
        ("", ""),
    ]
    assert [host_of(url) for url, _ in cases] == [host for _, host in cases]
