"""The deduplicator's own logic against values worked out by hand: batches, ids, the word limit of the
index, the work counters, the similarity's rounding, the cluster order, bodies with lone surrogates and
the errors, word for word.

Texts are lower-case words separated by single spaces (no punctuation), so a paragraph's normalised
length is its length and its token count its number of words.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from dedup_helpers import WORDS, article, site_page, template_corpus
from newsclean.dedup import DedupConfig, DedupIndexError, Deduplicator, MinHasher
from newsclean.dedup.deduplicator import Assignment, UnknownDocumentError
from newsclean.dedup.ids import DocumentIdError
from newsclean.errors import NewscleanError


def words(n: int, seed: int) -> str:
    """``n`` words (``n`` tokens), lower case, one space between two."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def paragraph(seed: int, n: int = 20) -> str:
    return words(n, seed)


# --- adding: batches, sequence numbers, ids --------------------------------------------------------


def test_a_batch_is_processed_when_it_reaches_batch_size_exactly() -> None:
    with Deduplicator(DedupConfig(batch_size=3)) as dedup:
        dedup.add("d0", article(1))
        dedup.add("d1", article(2))
        assert (dedup.stats.documents, len(dedup)) == (0, 2)  # one under: still pending
        assert (dedup.seq("d0"), dedup.seq("d1")) == (0, 1)
        dedup.add("d2", article(3))
        assert (dedup.stats.documents, len(dedup)) == (3, 3)  # at the size: processed
        dedup.add("d3", article(4))
        assert (dedup.stats.documents, len(dedup)) == (3, 4)  # one over: the next batch waits
        assert (dedup.seq("d2"), dedup.seq("d3")) == (2, 3)  # an indexed one, and a pending one
        assert "d3" in dedup and "d2" in dedup and "d0" in dedup
        assert "d4" not in dedup
        dedup.flush()
        assert (dedup.stats.documents, len(dedup)) == (4, 4)
        dedup.flush()  # nothing pending: nothing to do
        assert dedup.stats.documents == 4


def test_an_id_that_is_no_json_value_is_not_in_the_deduplicator() -> None:
    with Deduplicator() as dedup:
        dedup.add("a", article(1))
        assert {1, 2} not in dedup
        assert float("nan") not in dedup
        with pytest.raises(DocumentIdError):
            dedup.seq({1, 2})


@pytest.mark.parametrize("flush_between", [False, True], ids=["pending", "indexed"])
def test_an_id_added_again_is_ignored(flush_between: bool) -> None:
    story, other = article(5), article(6)
    with Deduplicator() as dedup:
        dedup.add("a", story)
        if flush_between:
            dedup.flush()
        dedup.add("a", other)  # ignored: "a" keeps its first text
        dedup.add("b", story)
        assert len(dedup) == 2
        assert (dedup.seq("a"), dedup.seq("b")) == (0, 1)
        assert dedup.assignment("b").to_dict() == {"cluster_id": 0, "duplicate_of": "a", "similarity": 1.0}
        assert dedup.stats.documents == 2


def test_a_number_and_its_string_are_two_documents() -> None:
    story = article(7)
    with Deduplicator() as dedup:
        dedup.add(5, story)
        dedup.add("5", story)
        assert len(dedup) == 2
        assert dedup.assignment("5") == Assignment("5", 0, 5, 1.0)
        assert dedup.assignment(5) == Assignment(5, 0, None, 1.0)


def test_an_unknown_id_says_to_add_it_first() -> None:
    with Deduplicator() as dedup:
        dedup.add("a", article(1))
        with pytest.raises(UnknownDocumentError) as caught:
            dedup.seq("b")
        assert str(caught.value) == "no document with id 'b' was added: add it first"
        assert isinstance(caught.value, KeyError) and isinstance(caught.value, NewscleanError)
        dedup.flush()
        with pytest.raises(UnknownDocumentError, match=r"^no document with id 7 was added: add it first$"):
            dedup.assignment(7)
    assert str(UnknownDocumentError()) == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((None, None, None, None), "the text of document 'x' is NoneType, expected a string"),
        ((b"text", None, None, None), "the text of document 'x' is bytes, expected a string"),
        (("text", 2024, None, None), "the date of document 'x' is int, expected a string"),
        (("text", None, ["page"], None), "the page of document 'x' is list, expected a string"),
        (("text", None, None, 1.5), "the URL of document 'x' is float, expected a string"),
    ],
)
def test_a_field_that_is_not_a_string_is_refused_before_anything_is_added(arguments, message) -> None:
    with Deduplicator() as dedup:
        with pytest.raises(TypeError) as caught:
            dedup.add("x", *arguments)
        assert str(caught.value) == message
        assert len(dedup) == 0 and "x" not in dedup
        dedup.add("x", "text", None, None, None)  # every optional field may be None
        assert len(dedup) == 1


def test_no_document_can_be_added_after_done_adding() -> None:
    story = article(8)
    with Deduplicator(DedupConfig(batch_size=10)) as dedup:
        dedup.add("a", story)
        dedup.add("b", story)
        dedup.done_adding()
        assert dedup.stats.documents == 2  # the pending batch was processed
        assert dedup.stats.scored == 1  # and its verdicts reached
        with pytest.raises(DedupIndexError) as caught:
            dedup.add("c", story)
        assert str(caught.value) == (
            "no document can be added after done_adding(): open the index again to add more"
        )
        assert len(dedup) == 2
        assert dedup.assignment("b").duplicate_of == "a"  # results can still be asked for


def test_a_batch_that_failed_part_way_leaves_the_deduplicator_unusable(monkeypatch) -> None:
    dedup = Deduplicator(DedupConfig(batch_size=2))
    dedup.add("a", article(1))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(dedup.index, "add", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        dedup.add("b", article(2))
    expected = (
        "a batch of documents failed part way (RuntimeError: disk on fire), so the results would be "
        "incomplete: start again (an index file holds the last complete batch)"
    )
    for call in (
        lambda: dedup.add("c", article(3)),
        dedup.flush,
        lambda: dedup.assignment("a"),
        dedup.clusters,
    ):
        with pytest.raises(DedupIndexError) as caught:
            call()
        assert str(caught.value) == expected
        assert isinstance(caught.value.__cause__, RuntimeError)
    dedup.close()  # closing after a failure releases everything without raising


def test_verdicts_that_failed_part_way_leave_the_deduplicator_unusable(monkeypatch) -> None:
    story = article(2)
    dedup = Deduplicator()
    dedup.add_many([("a", story, None), ("b", story, None)])
    dedup.flush()

    def broken() -> None:
        raise MemoryError("no room")

    monkeypatch.setattr(dedup._verdicts, "settle", broken)
    with pytest.raises(MemoryError):
        dedup.clusters()
    with pytest.raises(
        DedupIndexError, match=r"^a batch of documents failed part way \(MemoryError: no room\)"
    ):
        dedup.assignment("a")
    dedup.close()


def test_an_error_inside_the_with_block_drops_the_pending_batch(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with pytest.raises(ValueError, match="stop"), Deduplicator(index_path=path) as dedup:
        dedup.add("a", article(1))
        raise ValueError("stop")
    with Deduplicator(index_path=path) as again:
        assert len(again) == 0
        again.add("b", article(1))
    with Deduplicator(index_path=path) as third:
        assert len(third) == 1 and "b" in third and third.seq("b") == 0


# --- the word limit of the index ---------------------------------------------------------------------


@pytest.mark.parametrize(("tokens", "indexed"), [(49, False), (50, True), (51, True)])
def test_a_document_is_indexed_from_min_tokens_words(tokens: int, indexed: bool) -> None:
    text = words(tokens, seed=tokens)
    assert len(text.split(" ")) == tokens
    with Deduplicator() as dedup:  # min_tokens 50 by default
        dedup.add_many([("a", text, None), ("b", text, None)])
        expected = Assignment("b", 0, "a", 1.0) if indexed else Assignment("b", None, None, None)
        assert dedup.assignment("b") == expected
        assert dedup.stats.candidates == (1 if indexed else 0)


def test_min_tokens_is_read_from_the_configuration() -> None:
    text = words(30, seed=1)
    with Deduplicator(DedupConfig(min_tokens=30)) as dedup:
        dedup.add_many([("a", text, None), ("b", text, None)])
        assert dedup.assignment("b") == Assignment("b", 0, "a", 1.0)
        assert dedup.stats.candidates == 1


# --- the counters, the results -------------------------------------------------------------------------


def test_the_counters_of_candidates_scores_and_canonical_checks() -> None:
    # Three identical documents: candidate pairs (1, 0), (2, 0), (2, 1). (1, 0) is scored and joins;
    # 1 is dated, so it is the cluster's canonical member. (2, 0) is scored, and its old side's
    # canonical member is 1, not 0: one canonical check, (2, 1). (2, 1) is then in one cluster: not scored.
    story = article(9)
    with Deduplicator() as dedup:
        dedup.add_many([("a", story, None), ("b", story, "2020-01-01"), ("c", story, None)])
        dedup.flush()
        assert (dedup.stats.documents, dedup.stats.candidates) == (3, 3)
        assert (dedup.stats.scored, dedup.stats.canonical_checks) == (0, 0)  # nothing verified yet
        assert [dedup.assignment(d).to_dict() for d in "abc"] == [
            {"cluster_id": 0, "duplicate_of": "b", "similarity": 1.0},
            {"cluster_id": 0, "duplicate_of": None, "similarity": 1.0},
            {"cluster_id": 0, "duplicate_of": "b", "similarity": 1.0},
        ]
        assert (dedup.stats.scored, dedup.stats.canonical_checks) == (2, 1)


def test_the_similarity_is_rounded_to_four_digits() -> None:
    # a: six shared paragraphs of 100 characters and one of 59 (a-only): 659 characters. The one of 59
    # cannot match one of 100 (a ratio of at most 100 * 2 * 59 / 159 = 74.2, under 80).
    # b: the six shared and three of its own (300 characters more), so a is the shorter text.
    # The score is 600 / 659 = 0.910470409...: 0.9105 at four digits.
    shared = [paragraph(100 + i, 60)[:100].rstrip() for i in range(6)]
    shared = [p + "x" * (100 - len(p)) for p in shared]
    only_a = " ".join(["zq"] * 20)  # 20 words (a paragraph needs 12 to count) of 59 characters
    only_b = [paragraph(300 + i, 60)[:100] for i in range(3)]
    a = "\n".join([*shared[:3], only_a, *shared[3:]])
    b = "\n".join([*shared, *only_b])
    assert [len(p) for p in a.split("\n")] == [100, 100, 100, 59, 100, 100, 100]
    with Deduplicator() as dedup:
        dedup.add_many([("a", a, None), ("b", b, None)])
        assignment = dedup.assignment("a")
        assert (assignment.cluster_id, assignment.duplicate_of) == (0, "b")
        assert assignment.similarity == 0.9105
        assert dedup.assignment("b").similarity == 1.0
        # asked again: the same, from the score kept the first time
        assert dedup.assignment("a").similarity == 0.9105
        assert dedup.assignments(["b", "a"]) == [
            Assignment("b", 0, None, 1.0),
            Assignment("a", 0, "b", 0.9105),
        ]


def test_clusters_come_in_cluster_id_order_and_an_id_is_the_first_member() -> None:
    one, two = article(20), article(21)
    docs = [("x", article(22), None), ("p", two, None), ("q", one, None), ("r", two, None), ("s", one, None)]
    with Deduplicator() as dedup:
        dedup.add_many(docs)
        clusters = dedup.clusters()
        assert [(c.cluster_id, c.members) for c in clusters] == [(1, (1, 3)), (2, (2, 4))]
        assert dedup.clusters() is clusters  # kept until documents are added
        assert [dedup.assignment(d).cluster_id for d, _, _ in docs] == [None, 1, 2, 1, 2]
        dedup.add("t", one)
        assert [(c.cluster_id, c.members) for c in dedup.clusters()] == [(1, (1, 3)), (2, (2, 4, 5))]


def test_explain_reads_both_bodies() -> None:
    story = article(23)
    with Deduplicator() as dedup:
        dedup.add_many([("a", story, None), ("b", story + "\n\n" + words(20, seed=23), None)])
        explanation = dedup.explain("a", "b")
        assert explanation.is_duplicate and explanation.contained == "a"
        assert [(m.a_index, m.b_index) for m in explanation.matches] == [(i, i) for i in range(8)]
        assert [m.a_text for m in explanation.matches] == story.split("\n\n")
        assert explanation.unmatched == ()
        flipped = dedup.explain("b", "a")  # a, the shorter, is now the second text
        assert flipped.contained == "b"
        assert [m.b_text for m in flipped.matches] == story.split("\n\n")


# --- bodies UTF-8 cannot carry ---------------------------------------------------------------------------


@pytest.mark.parametrize("indexed", [False, True], ids=["resident", "index file"])
def test_lone_surrogates_are_kept_as_replacement_characters(tmp_path: Path, indexed: bool) -> None:
    story = article(24)
    first = story.split("\n\n")[0]
    path = tmp_path / "index.sqlite" if indexed else None
    with Deduplicator(index_path=path) as dedup:
        dedup.add("a", story + " \ud800x\udfff", None, "page \udc80", "https://example.com/\ud83d")
        dedup.add("b", story + " \ufffdx\ufffd")
        dedup.add("c", "café " + story)  # beyond ASCII, no surrogate: kept as it is
        explanation = dedup.explain("a", "b")
        assert [m.a_text for m in explanation.matches][-1] == story.split("\n\n")[-1] + " \ufffdx\ufffd"
        assert [m.b_text for m in explanation.matches][-1] == story.split("\n\n")[-1] + " \ufffdx\ufffd"
        assert dedup.assignment("b") == Assignment("b", 0, "a", 1.0)
        assert dedup.explain("c", "a").matches[0].a_text == "café " + first


# --- template evidence through the deduplicator: explain's masks, an index opened again ---------------------


def test_explain_leaves_out_the_template_paragraphs_of_either_side() -> None:
    # s0lost is site 0's furniture and a headline: with its template paragraphs left out, 5 words remain
    docs = template_corpus()
    with Deduplicator() as dedup:
        for doc_id, text, url, _ in docs:
            dedup.add(doc_id, text, None, url=url)
        dedup.clusters()  # the verdicts reached: the masks of the documents compared are kept
        for n in range(3):  # another site's furniture becomes template: the masks kept are out of date
            dedup.add(f"s9a{n}", site_page(9, article(9900 + n)), None, url=f"https://site9.example/a{n}")
        for a, b in (("s0lost", "s0a0"), ("s0a0", "s0lost")):
            explanation = dedup.explain(a, b)
            assert explanation.reason == (
                "too short to judge: a text has fewer than 50 words outside its template paragraphs"
            ), (a, b)
            assert explanation.template_paragraphs == 2
            assert not explanation.is_duplicate


def furnished(n: int) -> tuple[str, str, str]:
    """A document whose body is an article of its own and whose page holds it in site 1's furniture."""
    body = article(10 + n)
    return f"p{n}", body, site_page(1, body)


def test_documents_indexed_by_a_killed_run_revisit_the_verdicts_they_change(tmp_path: Path) -> None:
    # Run 1: three pages of site 1 sharing only its furniture (three votes for it): "lost" (furniture and a
    # headline) is judged a copy of "page"; "page2" joins no one (its canonical check against "page", whose
    # articles differ, fails). Run 2 indexes four more pages whose furniture makes it template with the
    # first of them, the first document the clusters do not account for, and dies before reaching
    # verdicts. Run 3 opens the index: the new documents are no candidates of the first three (their
    # bodies are other articles), but the furniture they made template was all "lost" and "page" shared.
    index = tmp_path / "index.sqlite"
    early = [
        ("lost", site_page(1, "")),
        ("page", site_page(1, article(1))),
        ("page2", site_page(1, article(2))),
    ]
    with Deduplicator(index_path=index) as first:
        for doc_id, text in early:
            first.add(doc_id, text)
        assert first.assignment("lost") == Assignment("lost", 0, "page", 1.0)
        assert first.assignment("page2") == Assignment("page2", None, None, None)
    with pytest.raises(RuntimeError, match="killed"), Deduplicator(index_path=index) as second:
        for doc_id, body, page in map(furnished, range(4)):
            second.add(doc_id, body, None, page=page)
        second.flush()  # written to the index, no verdict reached
        raise RuntimeError("killed")
    with Deduplicator(index_path=index) as third:
        assert len(third) == 7
        assert third.assignment("lost") == Assignment("lost", None, None, None)
        assert third.assignment("page") == Assignment("page", None, None, None)
        assert third.clusters() == []


def test_an_index_whose_verdicts_were_all_reached_is_not_verified_again(tmp_path: Path) -> None:
    # the same six documents, settled in one run: opened again, the evidence is counted again two
    # documents at a time (the furniture becomes template again with the fourth, in the second batch,
    # touching the first two documents), but no verdict is revisited
    index = tmp_path / "index.sqlite"
    with Deduplicator(index_path=index) as first:
        first.add("lost", site_page(1, ""))
        first.add("page", site_page(1, article(1)))
        for doc_id, body, page in map(furnished, range(4)):
            first.add(doc_id, body, None, page=page)
        assert first.clusters() == []
    with Deduplicator(DedupConfig(batch_size=2), index_path=index) as again:
        assert again.assignment("lost") == Assignment("lost", None, None, None)
        assert (again.stats.scored, again.stats.canonical_checks) == (0, 0)


@pytest.mark.parametrize(
    ("statement", "what"),
    [
        ("INSERT OR REPLACE INTO meta VALUES ('settled', '3')", "its clusters account for 3 documents of 2"),
        ("INSERT INTO pairs VALUES (2, 0)", "pairs row (2, 0) is not a candidate pair"),
        ("INSERT INTO edges VALUES (2, 0, 0.9)", "edges row (2, 0, 0.9) is not a verified pair"),
    ],
)
@pytest.mark.parametrize("low_memory", [False, True], ids=["resident", "low memory"])
def test_an_index_whose_rows_point_past_its_documents_is_refused(
    tmp_path: Path, statement: str, what: str, low_memory: bool
) -> None:
    index = tmp_path / "index.sqlite"
    story = article(30)
    with Deduplicator(index_path=index) as first:
        first.add_many([("a", story, None), ("b", story, None)])
    with sqlite3.connect(index) as db:
        db.execute(statement)
    with pytest.raises(DedupIndexError) as caught:
        Deduplicator(index_path=index, low_memory=low_memory)
    assert str(caught.value) == (
        f"index {index} is damaged ({what}): check it with `sqlite3 {index} 'PRAGMA integrity_check'`, "
        "and rebuild it with a new --index path"
    )
    with Deduplicator(index_path=tmp_path / "other.sqlite", lock_timeout=0.1):
        pass  # the failed open released everything it took


def test_done_adding_lets_another_run_write_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    story = article(31)
    with Deduplicator(index_path=index) as first:
        first.add_many([("a", story, None), ("b", story, None)])
        first.done_adding()
        with Deduplicator(index_path=index, lock_timeout=0.1) as second:  # not refused: the lock is free
            second.add("c", story)
            assert second.assignment("c") == Assignment("c", 0, "a", 1.0)
        assert first.assignment("b") == Assignment("b", 0, "a", 1.0)


@pytest.mark.parametrize(("max_candidates", "candidates"), [(1, 2), (2, 3), (3, 3)])
def test_each_new_document_brings_at_most_max_candidates_pairs(max_candidates: int, candidates: int) -> None:
    # three identical documents: the second has one earlier document to pair with, the third two
    story = article(32)
    with Deduplicator(DedupConfig(max_candidates=max_candidates)) as dedup:
        dedup.add_many([("a", story, None), ("b", story, None), ("c", story, None)])
        dedup.flush()
        assert dedup.stats.candidates == candidates
        assert [dedup.assignment(d).cluster_id for d in "abc"] == [0, 0, 0]


def test_the_counters_add_up_over_batches() -> None:
    # four identical documents two at a time: (1, 0) in the first batch; (2, 0), (2, 1), (3, 0), (3, 1),
    # (3, 2) in the second
    story = article(33)
    with Deduplicator(DedupConfig(batch_size=2)) as dedup:
        dedup.add_many([(d, story, None) for d in "abcd"])
        assert (dedup.stats.documents, dedup.stats.candidates) == (4, 6)
        assert [dedup.assignment(d).cluster_id for d in "abcd"] == [0, 0, 0, 0]
        assert (dedup.stats.scored, dedup.stats.canonical_checks) == (3, 0)


def test_two_pages_of_one_host_make_its_furniture_template() -> None:
    # three pages of one site: its furniture is on three documents (four make a line template), but on
    # three pages of one host (two make it template for that host). Without the URLs, nothing names the
    # host: the page whose article was lost is a copy of another page by its furniture.
    docs = [("lost", site_page(1, "")), ("a", site_page(1, article(34))), ("b", site_page(1, article(35)))]
    with Deduplicator() as dedup:
        for doc_id, text in docs:
            dedup.add(doc_id, text, None, url=f"https://site1.example/{doc_id}")
        assert [dedup.assignment(d).cluster_id for d, _ in docs] == [None, None, None]
    with Deduplicator() as dedup:
        for doc_id, text in docs:
            dedup.add(doc_id, text)
        assert dedup.assignment("lost") == Assignment("lost", 0, "a", 1.0)


@pytest.mark.parametrize("seed", [1, 7])
def test_a_later_batch_that_makes_a_line_template_revisits_earlier_verdicts(seed: int) -> None:
    # in memory, two documents at a time: "lost" and "page" share site 1's furniture (a copy), the next
    # four documents' pages make it template (their lines keyed as the bodies' are, with the seed given)
    with Deduplicator(DedupConfig(batch_size=2, seed=seed)) as dedup:
        dedup.add("lost", site_page(1, ""))
        dedup.add("page", site_page(1, article(1)))
        assert dedup.assignment("lost") == Assignment("lost", 0, "page", 1.0)
        for doc_id, body, page in map(furnished, range(4)):
            dedup.add(doc_id, body, None, page=page)
        assert dedup.assignment("lost") == Assignment("lost", None, None, None)
        assert dedup.clusters() == []


def test_an_empty_deduplicator_has_no_clusters() -> None:
    with Deduplicator() as dedup:
        assert dedup.clusters() == []
        assert len(dedup) == 0


def test_the_signatures_follow_the_configuration() -> None:
    texts = [article(40), article(41)]
    config = DedupConfig(num_perm=64, bands=32, rows=2, shingle_size=4, seed=7)
    with Deduplicator(config) as dedup:
        got = dedup.hasher.signatures(texts)
    assert got.shape == (2, 64)
    assert (got == MinHasher(64, 4, 7).signatures(texts)).all()
    assert not (got == MinHasher(64, 4, 1).signatures(texts)).all()


@pytest.mark.parametrize(("max_bucket", "candidates"), [(2, 5), (3, 6)])
@pytest.mark.parametrize("low_memory", [False, True], ids=["resident", "low memory"])
def test_a_band_key_pairs_a_new_document_with_max_bucket_earlier_ones_at_most(
    max_bucket: int, candidates: int, low_memory: bool
) -> None:
    # four identical documents share every band key: the second pairs with 1 earlier one, the third with
    # 2, the fourth with 3, or with the earliest 2 when max_bucket is 2
    story = article(42)
    with Deduplicator(DedupConfig(max_bucket=max_bucket), low_memory=low_memory) as dedup:
        dedup.add_many([(d, story, None) for d in "abcd"])
        dedup.flush()
        assert dedup.stats.candidates == candidates


def verdicts_in(index: Path) -> tuple[int, str | None]:
    with sqlite3.connect(index) as db:
        edges = int(db.execute("SELECT count(*) FROM edges").fetchone()[0])
        settled = db.execute("SELECT value FROM meta WHERE key = 'settled'").fetchone()
    return edges, None if settled is None else settled[0]


def test_close_writes_the_verdicts_to_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    story = article(43)
    dedup = Deduplicator(index_path=index)
    dedup.add_many([("a", story, None), ("b", story, None)])
    dedup.close()  # no result was asked for: closing reaches the verdicts
    assert verdicts_in(index) == (1, "2")
    with Deduplicator(index_path=index) as again:
        assert again.assignment("b") == Assignment("b", 0, "a", 1.0)
        assert again.stats.scored == 0  # read back, not verified again


def test_an_error_inside_the_with_block_reaches_no_verdict(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    story = article(44)
    with pytest.raises(ValueError, match="stop"), Deduplicator(index_path=index) as dedup:
        dedup.add_many([("a", story, None), ("b", story, None)])
        dedup.flush()  # the batch is in the index
        raise ValueError("stop")
    assert verdicts_in(index) == (0, None)
    with Deduplicator(index_path=index) as again:
        assert again.assignment("b") == Assignment("b", 0, "a", 1.0)
        assert again.stats.scored == 1


def test_a_run_waiting_for_the_index_is_told_once(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    waits: list[str] = []
    with (
        Deduplicator(index_path=index),
        pytest.raises(DedupIndexError, match="is in use by another dedup run"),
    ):
        Deduplicator(index_path=index, lock_timeout=0.05, on_wait=lambda: waits.append("waiting"))
    assert waits == ["waiting"]
