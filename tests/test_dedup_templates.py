"""A site's template is not a copy: the corpus evidence, verification on content only, revisited verdicts."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import DedupConfig, DedupIndexError, Deduplicator, Verifier
from newsclean.dedup.evidence import DocLines, Evidence, host_of
from newsclean.dedup.lines import line_batch, paragraph_keys
from newsclean.errors import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_helpers import article, copy_of, furniture, site_page, template_corpus

BLURB = furniture(1, "promo")
BIG_BLURB = furniture(1, "promo", words=200)


def clusters(docs: list[tuple[str, str, str, str]], config: DedupConfig | None = None, **options: object):
    """The copies found: (id, cluster_id, duplicate_of) of each document in a cluster."""
    with Deduplicator(config, **options) as dedup:  # type: ignore[arg-type]
        for doc_id, text, url, _ in docs:
            dedup.add(doc_id, text, None, url=url)
        found = [(d, dedup.assignment(d)) for d, _, _, _ in docs]
    return {d: (a.cluster_id, a.duplicate_of, a.similarity) for d, a in found if a.cluster_id is not None}


def true_pairs(docs: list[tuple[str, str, str, str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a, _, _, g in docs for b, _, _, h in docs if a < b and g == h}


def found_pairs(found: dict[str, tuple]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a in found for b in found if a < b and found[a][0] == found[b][0]}


# -- verification on content only ------------------------------------------------------------------------

#: (why, text a, its template flags, text b, its template flags, copy?, reason starts with)
VERDICTS = [
    (
        "two articles of one site share only its blurb: without the evidence, a copy",
        f"{BIG_BLURB}\n{article(1, 1, words=55)}",
        None,
        f"{BIG_BLURB}\n{article(2, 1, words=55)}",
        None,
        True,
        "containment 0.7",
    ),
    (
        "the same pair, the blurb known as template: nothing that counts is shared",
        f"{BIG_BLURB}\n{article(1, 1, words=55)}",
        [True, False],
        f"{BIG_BLURB}\n{article(2, 1, words=55)}",
        [True, False],
        False,
        "containment 0.000 <",
    ),
    (
        "a body that is all furniture is too short to judge",
        f"{BIG_BLURB}\nA headline",
        [True, False],
        f"{BIG_BLURB}\n{article(2)}",
        [True, False, False, False, False, False, False, False, False],
        False,
        "too short to judge: a text has fewer than 50 words outside its template paragraphs",
    ),
    (
        "the same body with 50 words outside its template: judged (a copy of the longer text)",
        f"{BIG_BLURB}\n{article(4, 2, words=25)}",
        [True, False, False],
        f"{BIG_BLURB}\n{article(4, 2, words=25)}\n{article(5, 1, words=40)}",
        [True, False, False, False],
        True,
        "containment 1.000",
    ),
    (
        "the same pair with 49 words outside the template: too short to judge",
        f"{BIG_BLURB}\n{article(4, 1, words=25)}\n{article(6, 1, words=24)}",
        [True, False, False],
        f"{BIG_BLURB}\n{article(4, 1, words=25)}\n{article(6, 1, words=24)}\n{article(5, 1, words=40)}",
        [True, False, False, False],
        False,
        "too short to judge",
    ),
    (
        "a copy inside another site's furniture: the furniture left out, the copy is whole",
        "\n".join([furniture(2, "promo", 60), furniture(2, "disclaimer", 60), *article(3, 3).split("\n\n")]),
        [True, True, False, False, False],
        "\n".join([furniture(3, "promo", 60), *article(3, 3).split("\n\n")]),
        [True, False, False, False],
        True,
        "containment 1.000",
    ),
    (
        "the same copies without the evidence: their sites' furniture makes them look like other texts",
        "\n".join([furniture(2, "promo", 60), furniture(2, "disclaimer", 60), *article(3, 3).split("\n\n")]),
        None,
        "\n".join([furniture(3, "promo", 60), *article(3, 3).split("\n\n")]),
        None,
        False,
        "containment 0.",
    ),
]


@pytest.mark.parametrize(("why", "a", "mask_a", "b", "mask_b", "copy", "reason"), VERDICTS)
def test_template_paragraphs_do_not_count(why, a, mask_a, b, mask_b, copy, reason) -> None:
    explanation = Verifier().explain(a, b, mask_a, mask_b)
    assert explanation.is_duplicate is copy, why
    assert explanation.reason.startswith(reason), why


def test_explain_lists_the_template_paragraphs_that_matched_and_did_not_count() -> None:
    a, b = f"{BLURB}\n{article(1, 1)}", f"{BLURB}\n{article(2, 1)}"
    explanation = Verifier(min_tokens=10).explain(a, b, [True, False], [True, False]).to_dict()
    assert explanation["template_paragraphs"] == 1
    assert explanation["matches"] == [
        {
            "a_paragraph": 0,
            "b_paragraph": 0,
            "ratio": 100.0,
            "a_text": BLURB,
            "b_text": BLURB,
            "template": True,
        }
    ]
    plain = Verifier().explain(a, b).to_dict()
    assert plain["template_paragraphs"] == 0 and [m["template"] for m in plain["matches"]] == [False]


def test_a_mask_must_flag_every_paragraph() -> None:
    with pytest.raises(ConfigError, match="give one flag per non-blank line"):
        Verifier().score("one\n\ntwo", "one", template_a=[True])


# -- line keys ---------------------------------------------------------------------------------------------


def test_line_keys_ignore_case_quotes_and_numbers_and_keep_each_end() -> None:
    lines = [
        "© 2023 The Courier. All “rights” reserved.",
        '© 2024 the courier - all "rights" reserved',
        "© 2023 The Courier. All rights kept.",
        "Posted 3 hours ago",
        "Posted 12 hours ago",
    ]
    keys = paragraph_keys(lines).tolist()
    assert keys[0] == keys[1] != keys[2]
    assert keys[3] == keys[4]
    batch = line_batch(["\n".join(lines)])
    assert batch.key.tolist() == keys  # one pass over a whole text gives each line's key
    # a line's key is its first and last six words and its length: a middle edited is the same line
    one = "The Courier is an independent newsroom that covers the whole region and its towns every day"
    two = "The Courier is an independent newsroom that serves the whole region and its towns every day"
    other = "A Courier is an independent newsroom that serves the whole region and its towns every day"
    ends = line_batch([one, two, other])
    assert ends.head[0] == ends.head[1] != ends.head[2]
    assert ends.tail[0] == ends.tail[1] == ends.tail[2]
    assert ends.key[0] == ends.key[1] != ends.key[2]


def test_lines_without_a_word_have_no_key() -> None:
    keys, words = paragraph_keys(["***", "One two three"], with_words=True)
    assert keys[0] == 0 and keys[1] != 0 and words.tolist() == [0, 3]


def test_host_of_reads_the_site() -> None:
    assert host_of("https://www.Example.co.uk:443/news?id=1") == "example.co.uk"
    assert host_of("news.example.org/story") == "news.example.org"
    assert host_of("") == ""


# -- the evidence ------------------------------------------------------------------------------------------


def count(
    bodies: list[str], urls: list[str | None] | None = None, batch: int = 100, **options: int
) -> Evidence:
    evidence = Evidence(**options)
    urls = urls or [None] * len(bodies)
    for start in range(0, len(bodies), batch):
        part = bodies[start : start + batch]
        evidence.add(
            start, DocLines.of(line_batch(part), None, urls[start : start + batch], [None] * len(part))
        )
    return evidence


def is_template(evidence: Evidence, line: str, host: str = "") -> bool:
    from newsclean.dedup.lines import text_key

    return bool(evidence.mask(paragraph_keys([line]), text_key(host)).all())


def with_blurb(seeds: range, words: int = 30) -> list[str]:
    return [f"{article(s, paragraphs=2, words=words)}\n{BLURB}" for s in seeds]


def test_a_line_is_template_once_the_fourth_document_with_new_text_holds_it() -> None:
    assert not is_template(count(with_blurb(range(3))), BLURB)
    assert is_template(count(with_blurb(range(4))), BLURB)
    assert is_template(count(with_blurb(range(3)), documents=3), BLURB)


def test_a_document_brings_new_text_from_fifty_new_words() -> None:
    # two paragraphs of 25 words: 50 new words, so each document votes for the blurb; with 51 needed,
    # only the first does (the blurb was new to it too)
    bodies = with_blurb(range(4), words=25)
    assert is_template(count(bodies, novel_words=50), BLURB)
    assert not is_template(count(bodies, novel_words=51), BLURB)


def test_copies_bring_no_new_text_even_with_an_edited_paragraph() -> None:
    story = article(7, paragraphs=4)
    # the story, then copies with a typo in a paragraph's middle and a new first line: none brings new text
    bodies = [story] + [copy_of(story, seed=s) for s in range(6)]
    assert not is_template(count(bodies, documents=2), story.split("\n\n")[1])


def test_two_pages_of_one_host_are_enough_and_only_for_that_host() -> None:
    bodies = with_blurb(range(2))
    urls = ["https://www.courier.example/1", "https://courier.example/2"]
    evidence = count(bodies, urls)
    assert is_template(evidence, BLURB, "courier.example")
    assert not is_template(evidence, BLURB, "other.example") and not is_template(evidence, BLURB)
    assert not is_template(count(bodies), BLURB, "courier.example")  # no URLs: no host evidence


def test_a_line_is_template_from_the_set_number_of_host_pages() -> None:
    urls = [f"https://courier.example/{n}" for n in range(3)]
    assert not is_template(count(with_blurb(range(2)), urls[:2], host_pages=3), BLURB, "courier.example")
    assert is_template(count(with_blurb(range(3)), urls, host_pages=3), BLURB, "courier.example")


def test_a_lines_head_and_tail_are_its_first_and_last_six_words() -> None:
    words = [f"word{n}" for n in range(20)]

    def edited(position: int) -> str:
        return " ".join(w if n != position else "changed" for n, w in enumerate(words))

    ends = line_batch([" ".join(words), edited(5), edited(6), edited(13), edited(14)])
    head, tail = ends.head.tolist(), ends.tail.tolist()
    assert head[1] != head[0] and head[2] == head[0]  # the sixth word is in the head, the seventh not
    assert tail[3] == tail[0] and tail[4] != tail[0]  # the sixth word from the end is in the tail


def test_a_page_fetched_again_is_not_a_second_page() -> None:
    bodies = with_blurb(range(2))
    url = "https://courier.example/1"
    assert not is_template(count(bodies, [url, url]), BLURB, "courier.example")


def test_the_evidence_does_not_depend_on_the_batches() -> None:
    docs = template_corpus(seed=3)
    bodies = [text for _, text, _, _ in docs]
    urls = [url for _, _, url, _ in docs]
    whole = count(bodies, urls, batch=len(docs)).template.tolist()
    assert whole and count(bodies, urls, batch=1).template.tolist() == whole
    assert count(bodies, urls, batch=7).template.tolist() == whole


# -- the deduplicator ---------------------------------------------------------------------------------------


def test_a_sites_articles_are_not_copies_its_wire_stories_are() -> None:
    docs = template_corpus()
    found = clusters(docs)
    assert found_pairs(found) == true_pairs(docs)
    assert all(doc_id.startswith("w") for doc_id in found)
    without_urls = clusters([(d, t, "", g) for d, t, _, g in docs])
    assert found_pairs(without_urls) == true_pairs(docs)


def test_a_story_every_site_ran_is_a_copy_though_as_many_documents_hold_it_as_a_blurb() -> None:
    # twelve sites, three articles each, and one story all twelve ran: its paragraphs are in twelve
    # documents, as each site's blurb is in its three (and the template threshold is four documents)
    sites = 12
    story = article(4242, paragraphs=6)
    docs = [
        (
            f"s{site}a{n}",
            site_page(site, article(100 * site + n, paragraphs=5)),
            f"https://site{site}.example/{n}",
        )
        for n in range(3)
        for site in range(sites)
    ]
    for site in range(sites):
        text = story if site == 0 else copy_of(story, seed=site)
        docs.insert(
            4 * site + 3, (f"story{site}", site_page(site, text), f"https://site{site}.example/story")
        )
    for urls in (True, False):
        found = clusters([(d, t, u if urls else "", "") for d, t, u in docs])
        assert set(found) == {f"story{site}" for site in range(sites)}, urls
        assert len({cluster for cluster, _, _ in found.values()}) == 1


@pytest.mark.parametrize("batch_size", [1, 5, 1000])
def test_the_same_clusters_in_one_batch_or_in_many_and_in_low_memory(batch_size: int) -> None:
    docs = template_corpus(seed=1)
    expected = clusters(docs)
    assert found_pairs(expected) == true_pairs(docs)
    config = replace(DedupConfig(), batch_size=batch_size)
    assert clusters(docs, config) == expected
    assert clusters(docs, config, low_memory=True) == expected


def test_a_verdict_is_revisited_when_later_batches_show_its_paragraph_is_template(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    lost = site_page(1, "")
    early = [("lost", lost, "", "lost"), ("page", site_page(1, article(1)), "", "page")]
    later = [(f"p{n}", site_page(1, article(10 + n)), "", f"p{n}") for n in range(4)]
    assert clusters(early, index_path=index) == {"lost": (0, "page", 1.0), "page": (0, None, 1.0)}
    assert clusters(early + later, index_path=index) == {}  # the furniture was all they shared
    assert clusters(early + later) == {}
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM edges").fetchone()[0] == 0


def test_an_index_in_ten_runs_gives_the_clusters_of_one_run(tmp_path: Path) -> None:
    docs = template_corpus(seed=2)
    expected = clusters(docs)
    index = tmp_path / "index.sqlite"
    for end in np.linspace(0, len(docs), 11).astype(int)[1:]:
        found = clusters(docs[:end], replace(DedupConfig(), batch_size=3), index_path=index)
    assert found == expected
    assert clusters(docs, index_path=tmp_path / "low.sqlite", low_memory=True) == expected


def test_explain_names_the_template_paragraphs() -> None:
    docs = template_corpus()
    with Deduplicator() as dedup:
        for doc_id, text, url, _ in docs:
            dedup.add(doc_id, text, None, url=url)
        explanation = dedup.explain("w0c0", "w0c1").to_dict()
        other = dedup.explain("s0a0", "s0a1").to_dict()
    assert explanation["is_duplicate"] and explanation["template_paragraphs"] == 0
    assert not other["is_duplicate"] and other["template_paragraphs"] == 2
    assert {m["a_text"] for m in other["matches"] if m["template"]} == {
        furniture(0, "promo"),
        furniture(0, "author box"),
    }


def test_the_page_a_body_came_from_is_evidence_too() -> None:
    # bodies without their furniture (the cleaner removed it), but two pages whose cleaning lost the article
    docs = [(f"a{n}", article(20 + n), site_page(1, article(20 + n))) for n in range(4)]
    lost = [("lost1", site_page(1, ""), site_page(1, "")), ("lost2", site_page(1, ""), site_page(1, ""))]
    with Deduplicator() as dedup:
        for doc_id, body, page in docs + lost:
            dedup.add(doc_id, body, None, page=page)
        assert dedup.assignment("lost1").cluster_id is None
    with Deduplicator() as dedup:
        for doc_id, body, _ in docs + lost:
            dedup.add(doc_id, body, None)
        assert dedup.assignment("lost2").duplicate_of == "lost1"  # bodies alone: nothing says it is furniture


def test_an_index_of_the_earlier_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('format', '1'), ('parameters', '{}')")
    with pytest.raises(DedupIndexError, match=r"format 1, without template evidence.*new --index path"):
        Deduplicator(index_path=path)


def test_template_parameters_are_checked() -> None:
    with pytest.raises(ConfigError, match="at least 2"):
        DedupConfig(template_documents=1)
    with pytest.raises(ConfigError, match="at least 2"):
        DedupConfig(template_host_pages=1)
