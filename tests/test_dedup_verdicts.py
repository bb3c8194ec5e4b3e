"""The verdicts on candidate pairs with the template evidence, on corpora built by hand: which pairs are
candidates is given, paragraphs are random words of one length (so which ones match, and how many words a
text has outside its template paragraphs, are counted on the fingers), and the evidence is counted as the
deduplicator counts it, batch by batch."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import DedupConfig, Deduplicator, Shingler
from newsclean.dedup.docs import ResidentDocs
from newsclean.dedup.evidence import Counted, DocLines, Evidence
from newsclean.dedup.verdicts import Verdicts

#: two documents are judged copies at 0.7; a line is template once two documents that bring 50 new words hold
#: it; a seed other than the default, so lines keyed with another shingler than the corpus's would not be found
CONFIG = DedupConfig(template_documents=2, seed=2)


def para(seed: int, words: int) -> str:
    """A paragraph of ``words`` random six-letter words (two paragraphs of other seeds share hardly a letter run)."""
    rng = random.Random(seed)
    return " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6)) for _ in range(words))


class Corpus:
    """Documents added in batches as the deduplicator adds them: evidence counted, candidate pairs linked."""

    def __init__(self, config: DedupConfig = CONFIG) -> None:
        self.docs = ResidentDocs(None)
        self.evidence = Evidence(config.template_documents, config.template_host_pages, config.min_tokens)
        self.shingler = Shingler(config.shingle_size, config.seed)
        self.verdicts = Verdicts(config, self.docs, self.evidence, self.shingler, None)

    def add(
        self,
        bodies: Sequence[str],
        pairs: Sequence[tuple[int, int]] = (),
        tokens: int | None = None,
        urls: Sequence[str | None] | None = None,
    ) -> Counted:
        first, n = len(self.docs), len(bodies)
        lines = DocLines.read(bodies, [None] * n, urls or [None] * n, self.shingler)
        counted = self.evidence.add(first, lines)
        self.docs.append(
            [
                (f"d{first + i}", None, tokens or len(b.split()), b, int(lines.host[i]))
                for i, b in enumerate(bodies)
            ]
        )
        self.docs.add_pairs(first, np.array(pairs, dtype=np.int64).reshape(-1, 2))
        self.verdicts.clustering.grow(len(self.docs))
        self.verdicts.clustering.link(list(pairs))
        self.verdicts.count(first, counted)
        return counted

    def body(self, seq: int) -> str:
        return self.verdicts.body(seq)

    def content(self, seq: int) -> tuple[list[bool] | None, int]:
        mask, words = self.verdicts.content(seq, self.body(seq))
        return (None if mask is None else mask.tolist()), words

    def joined(self, a: int, b: int) -> bool:
        return self.verdicts.clustering.sets.connected(a, b)


def test_nothing_is_settled_at_first() -> None:
    corpus = Corpus()
    assert corpus.verdicts.settled == 0 and not corpus.verdicts.pending
    corpus.add([para(1, 60)])
    assert corpus.verdicts.pending
    corpus.verdicts.settle()
    assert corpus.verdicts.settled == 1 and not corpus.verdicts.pending


def test_a_score_asked_for_is_the_whole_score() -> None:
    # the shorter text's three paragraphs are equally long, its second alone in the longer text: a third (a
    # search that stopped early would say two thirds, the bound after its first paragraph)
    corpus = Corpus(replace(CONFIG, min_tokens=10, template_documents=4))
    shorter = "\n".join([para(5, 30), para(1, 30), para(6, 30)])
    longer = "\n".join([para(1, 30), para(7, 30), para(8, 30), para(9, 30)])
    corpus.add([longer, shorter])
    assert corpus.verdicts.judge(1, 0) == pytest.approx(1 / 3)
    assert corpus.verdicts.judge(0, 1) == pytest.approx(1 / 3)


def test_the_verifier_takes_the_configuration() -> None:
    config = DedupConfig(threshold=0.6, paragraph_threshold=70.0, min_tokens=30, min_paragraph_words=5)
    verifier = Corpus(config).verdicts.verifier
    assert (
        verifier.threshold,
        verifier.paragraph_threshold,
        verifier.min_tokens,
        verifier.min_paragraph_words,
    ) == (
        0.6,
        70.0,
        30,
        5,
    )
    assert Corpus(config).verdicts.clustering.threshold == 0.6


@pytest.mark.parametrize(("words", "score"), [(49, 0.0), (50, 1.0), (51, 1.0)])
def test_both_texts_need_min_tokens_words(words: int, score: float) -> None:
    corpus = Corpus()
    text = para(1, words)
    corpus.add([text, text])
    assert corpus.verdicts.judge(1, 0) == score
    assert corpus.verdicts.judge(0, 1) == score


@pytest.mark.parametrize(("min_tokens", "score"), [(50, 0.0), (49, 1.0)])
def test_the_shorter_text_decides_whether_a_pair_is_judged(min_tokens: int, score: float) -> None:
    # the second text is the first one's first paragraph (49 words): contained whole, when it is judged
    corpus = Corpus(replace(CONFIG, min_tokens=min_tokens))
    corpus.add([f"{para(1, 49)}\n{para(2, 20)}", para(1, 49)])
    assert corpus.verdicts.judge(1, 0) == score


def test_a_partial_copy_scores_its_share() -> None:
    # the shorter text's two paragraphs are equally long, and the first is in the longer text: half of it
    corpus = Corpus(replace(CONFIG, min_tokens=10, template_documents=4))
    corpus.add([f"{para(1, 30)}\n{para(2, 30)}\n{para(3, 30)}", f"{para(1, 30)}\n{para(4, 30)}"])
    assert corpus.verdicts.judge(1, 0) == 0.5


def furnished_pair(outside: int) -> Corpus:
    """Two documents that share one paragraph of ``outside`` words and hold a template line each: X the
    first, before it, Y the second, after it (each 60 words, made template by two earlier documents)."""
    x, y = para(10, 60), para(11, 60)
    corpus = Corpus()
    corpus.add([f"{para(20, 60)}\n{x}\n{y}", f"{para(21, 60)}\n{x}\n{y}"])
    shared = para(12, outside)
    corpus.add([f"{x}\n{shared}", f"{shared}\n{y}"], pairs=[(3, 2)])
    return corpus


def test_template_paragraphs_do_not_count_in_the_score() -> None:
    corpus = furnished_pair(50)
    assert corpus.content(2) == ([True, False], 50)
    assert corpus.content(3) == ([False, True], 50)
    assert corpus.verdicts.judge(3, 2) == 1.0  # the shared paragraph is all they have outside the template
    assert corpus.verdicts.judge(2, 3) == 1.0


def test_words_outside_the_template_decide_whether_a_pair_is_judged() -> None:
    corpus = furnished_pair(49)  # 109 words each, 49 of them outside the template
    assert corpus.content(2) == ([True, False], 49)
    assert corpus.verdicts.judge(3, 2) == 0.0


def test_each_texts_template_is_left_out_of_its_own_side() -> None:
    # the first text is its template line X and the shared paragraph: left out, X makes it the shorter one,
    # contained whole; counted, the second (the shared paragraph and 40 words more) would be the shorter
    x, shared = para(10, 60), para(12, 50)
    corpus = Corpus()
    corpus.add([f"{para(20, 60)}\n{x}", f"{para(21, 60)}\n{x}"])
    corpus.add([f"{x}\n{shared}", f"{shared}\n{para(13, 40)}"])
    assert corpus.content(2) == ([True, False], 50) and corpus.content(3) == (None, 90)
    assert corpus.verdicts.judge(2, 3) == 1.0
    assert corpus.verdicts.judge(3, 2) == 1.0


def test_a_line_template_within_a_host_is_left_out_for_that_hosts_pages() -> None:
    x = para(10, 60)
    urls = ["https://a.example/1", "https://a.example/2", "https://b.example/1"]
    corpus = Corpus(replace(CONFIG, template_documents=4))
    corpus.add([f"{para(20, 60)}\n{x}", f"{para(21, 60)}\n{x}", f"{para(22, 60)}\n{x}"], urls=urls)
    assert corpus.content(0) == ([False, True], 60)
    assert corpus.content(1) == ([False, True], 60)
    assert corpus.content(2) == (None, 120)  # b.example's page: one page of its host holds x


def test_a_document_without_a_template_line_counts_its_recorded_words() -> None:
    corpus = Corpus()
    corpus.add([para(1, 60)], tokens=77)
    assert corpus.content(0) == (None, 77)


def test_a_touched_document_is_read_with_the_evidence_and_the_cache_follows_it() -> None:
    x, z, w = para(10, 60), para(11, 60), para(12, 60)
    corpus = Corpus()
    corpus.add([f"{para(20, 60)}\n{x}", f"{para(21, 60)}\n{x}"])  # x is template
    corpus.add([f"{para(22, 60)}\n{x}\n{z}", f"{para(23, 60)}\n{w}"], tokens=500)
    assert corpus.content(2) == ([False, True, False], 120)
    assert corpus.content(2) == ([False, True, False], 120)  # the same, from the cache
    assert corpus.content(3) == (None, 500)  # no template line: its recorded count
    version = corpus.evidence.version
    counted = corpus.add([f"{para(24, 60)}\n{z}\n{w}"])  # z and w become template
    assert corpus.evidence.version == version + 1
    assert counted.touched.tolist() == [2, 3]
    assert corpus.content(2) == ([False, True, True], 60)
    assert corpus.content(3) == ([False, True], 60)
    assert corpus.content(4) == ([False, True, True], 60)


@pytest.mark.parametrize(
    ("touched", "settled", "scored"),
    [
        (2, None, 2),  # not settled yet (settled up to 2): its pairs are new ones, judged once
        (1, None, 3),  # settled: its component, (1, 0) and (2, 0), replayed
        (1, 1, 2),  # settled up to 1 only, as said
        (1, 2, 3),
        (0, 1, 3),
    ],
)
def test_touched_documents_are_revisited_when_settled(touched: int, settled: int | None, scored: int) -> None:
    a = para(40, 60)
    corpus = Corpus()
    corpus.add([a, a], pairs=[(1, 0)])
    corpus.verdicts.settle()
    assert corpus.verdicts.clustering.scored == 1
    corpus.add([a], pairs=[(2, 0)])
    none = np.zeros(0, dtype=bool)
    corpus.verdicts.count(3, Counted(np.array([touched], dtype=np.int64), none), settled=settled)
    corpus.verdicts.settle()
    assert corpus.verdicts.clustering.scored == scored
    assert corpus.joined(2, 0) and corpus.joined(1, 0)


def test_pending_means_new_documents_or_touched_ones() -> None:
    corpus = Corpus()
    corpus.add([para(1, 60), para(2, 60), para(3, 60)])
    verdicts = corpus.verdicts
    assert verdicts.pending
    verdicts.settle()
    assert verdicts.settled == 3 and not verdicts.pending
    none = np.zeros(0, dtype=bool)
    verdicts.count(3, Counted(np.zeros(0, dtype=np.int64), none))
    assert not verdicts.pending
    verdicts.count(3, Counted(np.array([2], dtype=np.int64), none))
    assert verdicts.pending
    verdicts.settle()
    assert not verdicts.pending and verdicts.settled == 3


def test_a_touched_document_is_furnished() -> None:
    # a document the evidence touches is read from its body (its recorded count was 500)
    corpus = Corpus()
    corpus.add([para(1, 60)], tokens=500)
    assert corpus.content(0) == (None, 500)
    corpus.verdicts.count(1, Counted(np.array([0], dtype=np.int64), np.zeros(0, dtype=bool)))
    assert corpus.content(0) == (None, 60)


def lost_page_corpus() -> Corpus:
    """Document 1 is document 0's furniture alone (a page whose cleaning lost its article): a copy until the
    evidence shows the furniture is template."""
    z = para(30, 60)
    corpus = Corpus()
    corpus.add([f"{para(1, 60)}\n{z}", z], pairs=[(1, 0)])
    return corpus


def test_settling_judges_the_new_pairs() -> None:
    corpus = lost_page_corpus()
    corpus.verdicts.settle()
    assert corpus.joined(1, 0)
    assert corpus.docs.score(1, 0) == 1.0
    assert corpus.verdicts.clustering.scored == 1
    assert corpus.verdicts.settled == 2
    corpus.verdicts.settle()  # nothing pending: nothing judged again
    assert corpus.verdicts.clustering.scored == 1


def test_settling_revisits_the_components_new_evidence_touched() -> None:
    z = para(30, 60)
    corpus = lost_page_corpus()
    corpus.verdicts.settle()
    # document 2 makes the furniture template, and is a candidate of document 0 (not a copy)
    corpus.add([f"{para(2, 60)}\n{z}"], pairs=[(2, 0)])
    assert corpus.verdicts.pending
    corpus.verdicts.settle()
    assert not corpus.joined(1, 0) and not corpus.joined(2, 0)
    assert corpus.docs.score(1, 0) is None  # its verdict was revisited: the old score is gone
    # (1, 0) judged again, (2, 0) judged once though it is both new and in a touched component
    assert corpus.verdicts.clustering.scored == 3
    assert corpus.verdicts.settled == 3 and not corpus.verdicts.pending


def test_settling_keeps_the_untouched_clusters() -> None:
    a, b = para(40, 60), para(41, 60)
    z = para(30, 60)
    corpus = Corpus()
    corpus.add([a, a, f"{para(1, 60)}\n{z}", z], pairs=[(1, 0), (3, 2)])
    corpus.verdicts.settle()
    assert corpus.joined(1, 0) and corpus.joined(3, 2)
    corpus.add([f"{b}\n{z}"])  # the furniture becomes template: only the second pair is revisited
    corpus.verdicts.settle()
    assert corpus.joined(1, 0) and not corpus.joined(3, 2)
    assert corpus.docs.score(1, 0) == 1.0 and corpus.docs.score(3, 2) is None
    assert corpus.verdicts.clustering.scored == 3


def test_bodies_are_read_once_for_a_documents_pairs() -> None:
    corpus = Corpus()
    corpus.add([para(1, 60), para(2, 60)])
    assert corpus.verdicts.body(1) == para(2, 60)
    assert corpus.verdicts.body(0) == para(1, 60)


def test_an_index_file_keeps_the_revisited_clusters_and_the_settled_count(tmp_path: Path) -> None:
    z = para(30, 60)
    index = tmp_path / "index.sqlite"
    first = [("a", f"{para(1, 60)}\n{z}"), ("lost", z)]
    with Deduplicator(CONFIG, index_path=index) as dedup:
        for doc_id, text in first:
            dedup.add(doc_id, text)
        assert dedup.assignment("lost").duplicate_of == "a"
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT a, b, score FROM edges").fetchall() == [(1, 0, 1.0)]
        assert db.execute("SELECT value FROM meta WHERE key = 'settled'").fetchone() == ("2",)
    with Deduplicator(CONFIG, index_path=index) as dedup:
        dedup.add("b", f"{para(2, 60)}\n{z}")
        assert dedup.assignment("lost").cluster_id is None
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM edges").fetchone() == (0,)
        assert db.execute("SELECT value FROM meta WHERE key = 'settled'").fetchone() == ("3",)


def test_a_settle_that_fails_part_way_leaves_the_index_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the revisit removes the pair's edge before judging it again: a judge that fails then must leave the
    # edge (and the settled count) in the file, as the whole settle is one transaction
    z = para(30, 60)
    index = tmp_path / "index.sqlite"
    with Deduplicator(CONFIG, index_path=index) as dedup:
        dedup.add("a", f"{para(1, 60)}\n{z}")
        dedup.add("lost", z)
        assert dedup.assignment("lost").duplicate_of == "a"

    def fail(self: Verdicts, a: int, b: int, at_least: float = 0.0) -> float:
        raise RuntimeError("the judge failed")

    with (
        pytest.raises(RuntimeError, match="the judge failed"),
        Deduplicator(CONFIG, index_path=index) as dedup,
    ):
        dedup.add("b", f"{para(2, 60)}\n{z}")
        monkeypatch.setattr(Verdicts, "judge", fail)
        dedup.assignment("lost")
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT a, b, score FROM edges").fetchall() == [(1, 0, 1.0)]
        assert db.execute("SELECT value FROM meta WHERE key = 'settled'").fetchone() == ("2",)
        assert db.execute("SELECT count(*) FROM docs").fetchone() == (3,)


def test_count_writes_the_flags_of_the_documents_from_first_on() -> None:
    # three documents counted unfurnished, then the batch from document 1 on counted again furnished:
    # its flags replace theirs (read from the body: 60 words, not the recorded 500), document 0 keeps its own
    corpus = Corpus()
    corpus.add([para(1, 60), para(2, 60), para(3, 60)], tokens=500)
    assert [corpus.content(seq) for seq in range(3)] == [(None, 500)] * 3
    corpus.verdicts.count(1, Counted(np.zeros(0, dtype=np.int64), np.array([True, True])))
    assert [corpus.content(seq)[1] for seq in range(3)] == [500, 60, 60]
