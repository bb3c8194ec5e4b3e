"""The verifier and the clusters against values worked out by hand, at every threshold's boundary.

Paragraphs here are made of one repeated letter, so their normalised lengths and their
rapidfuzz ratios are easy to count: ``fuzz.ratio`` is ``100 * (1 - d / (m + n))`` with
``d`` the insert/delete distance, so a paragraph of ``n`` characters with one character
replaced (one delete and one insert) has ratio ``100 * (1 - 1 / n)``: 80.0 for 5
characters, exactly the default paragraph threshold, and 75.0 for 4, just under it.
"""

from __future__ import annotations

import pytest

from dedup_helpers import article, copy_of
from newsclean.dedup import Deduplicator, Verifier
from newsclean.dedup.cluster import Member, UnionFind, build_clusters, canonical_key, choose_canonical
from newsclean.errors import ConfigError

#: Every paragraph and every text counts, whatever its length.
LOOSE = Verifier(min_tokens=1, min_paragraph_words=1)


def lines(*paragraphs: str) -> str:
    return "\n".join(paragraphs)


# --- the containment score ------------------------------------------------------------------


def test_containment_is_the_share_of_the_shorter_texts_characters_that_matched() -> None:
    # a: 40 + 30 + 30 = 100 characters; b: 40 + 100 = 140. a is contained in b:
    # only its 40-character paragraph is in b, so the score is 40 / 100.
    a = lines("a" * 40, "b" * 30, "d" * 30)
    b = lines("a" * 40, "c" * 100)
    assert LOOSE.score(a, b) == pytest.approx(0.4)
    assert LOOSE.score(b, a) == pytest.approx(0.4)
    explanation = LOOSE.explain(a, b)
    assert explanation.contained == "a"
    assert [(m.a_index, m.b_index, m.ratio) for m in explanation.matches] == [(0, 0, 100.0)]
    assert explanation.unmatched == (1, 2)
    flipped = LOOSE.explain(b, a)
    assert flipped.contained == "b"
    assert [(m.a_index, m.b_index) for m in flipped.matches] == [(0, 0)]
    assert flipped.unmatched == (1, 2)


def test_an_upper_bound_equal_to_at_least_is_not_returned_as_the_score() -> None:
    # After the 40 identical characters and the first 30 unmatched, at most 40 + 30 of 100
    # can still match: exactly 0.7. That bound does not stop the search (only one *below*
    # at_least does); the last paragraph does not match either, so the score is 0.4.
    a = lines("a" * 40, "b" * 30, "d" * 30)
    b = lines("a" * 40, "c" * 100)
    assert LOOSE.score(a, b, at_least=0.7) == pytest.approx(0.4)
    assert LOOSE.judge(a, b, at_least=0.7) == pytest.approx(0.4)
    # an at_least the score cannot reach: the search stops, returning a bound below it
    stopped = LOOSE.score(a, b, at_least=0.71)
    assert 0.4 <= stopped < 0.71
    # at_least 1.0: the bound 1.0 before the search does not stop it; 0.7 after the first
    # unmatched paragraph does, and is returned
    assert LOOSE.score(a, b, at_least=1.0) == pytest.approx(0.7)
    assert not LOOSE.is_duplicate(a, b)


def test_a_paragraph_ratio_exactly_at_the_paragraph_threshold_counts() -> None:
    # "aaaab" against "aaaac": ratio 80.0 = the default paragraph threshold, so it counts,
    # weighted 0.8; "aaab" against "aaac": 75.0, just under, so it does not.
    assert LOOSE.paragraph_threshold == 80.0
    assert LOOSE.score("aaaab", "aaaac") == pytest.approx(0.8)
    assert LOOSE.score("aaab", "aaac") == 0.0
    at_75 = Verifier(min_tokens=1, min_paragraph_words=1, paragraph_threshold=75.0)
    assert at_75.score("aaab", "aaac") == pytest.approx(0.75)
    above_80 = Verifier(min_tokens=1, min_paragraph_words=1, paragraph_threshold=80.5)
    assert above_80.score("aaaab", "aaaac") == 0.0
    match = LOOSE.explain("aaaab", "aaaac").matches[0]
    assert (match.a_index, match.b_index, match.ratio) == (0, 0, 80.0)


def test_fuzzy_matches_are_weighted_by_their_ratio() -> None:
    # a: "aaaaaaaaab" (10) matches b's "aaaaaaaaac" with ratio 90, and "zzzzzzzzzz" (10) is
    # identical: (10 * 0.9 + 10) / 20 = 0.95. b is as long as a.
    a = lines("a" * 9 + "b", "z" * 10)
    b = lines("z" * 10, "a" * 9 + "c")
    assert LOOSE.score(a, b) == pytest.approx(0.95)
    explanation = LOOSE.explain(a, b)
    assert [(m.a_index, m.b_index, m.ratio) for m in explanation.matches] == [(0, 1, 90.0), (1, 0, 100.0)]


def test_the_score_reaching_the_threshold_exactly_is_a_copy() -> None:
    # 7 of 10 characters identical: 0.7, the default threshold; 0.6 is not a copy
    at = lines("a" * 7, "b" * 3)
    below = lines("a" * 6, "b" * 4)
    other = lines("a" * 7, "a" * 6, "c" * 30)
    assert LOOSE.score(at, other) == pytest.approx(0.7)
    assert LOOSE.is_duplicate(at, other)
    assert LOOSE.explain(at, other).reason == "containment 0.700 >= threshold 0.7"
    assert LOOSE.score(below, other) == pytest.approx(0.6)
    assert not LOOSE.is_duplicate(below, other)
    assert LOOSE.explain(below, other).reason == "containment 0.600 < threshold 0.7"


def test_equal_lengths_take_the_larger_direction_whichever_comes_first() -> None:
    # equally long (10 characters each): a in b matches one of two paragraphs (0.5), b in a
    # matches both (1.0); the score is 1.0 in either order.
    a = lines("a" * 5, "b" * 5)
    b = lines("a" * 5, "a" * 5)
    assert LOOSE.score(a, b) == 1.0
    assert LOOSE.score(b, a) == 1.0
    assert LOOSE.explain(a, b).contained == "b"
    assert LOOSE.explain(b, a).contained == "a"
    # a tie between the directions keeps "a"
    assert LOOSE.explain("a" * 5, "a" * 5).contained == "a"


def test_the_shorter_text_is_the_one_with_fewer_characters_not_fewer_paragraphs() -> None:
    # a: 3 paragraphs, 9 characters; b: 1 paragraph of 20. a is contained: 3 / 9.
    a = lines("aaa", "bbb", "ccc")
    b = "aaa" + "z" * 17
    assert LOOSE.explain(a, b).contained == "a"
    assert LOOSE.explain(b, a).contained == "b"
    assert LOOSE.score(lines("aaa", "bbb", "ccc"), lines("aaa", "z" * 20)) == pytest.approx(1 / 3)


def test_an_empty_text_scores_zero_against_anything() -> None:
    assert LOOSE.score("", "a" * 10) == 0.0
    assert LOOSE.score("a" * 10, "") == 0.0
    assert LOOSE.score("", "") == 0.0
    assert LOOSE.explain("", "a" * 10).unmatched == ()


def test_the_first_of_identical_paragraphs_is_the_one_matched() -> None:
    explanation = LOOSE.explain("a" * 5, lines("z" * 20, "a" * 5, "a" * 5))
    assert [(m.a_index, m.b_index) for m in explanation.matches] == [(0, 1)]


# --- which paragraphs count ------------------------------------------------------------------


def test_paragraphs_of_exactly_min_paragraph_words_count_and_shorter_ones_do_not() -> None:
    verifier = Verifier(min_tokens=1, min_paragraph_words=3)
    # "alpha beta gamma" (3 words, 16 characters) counts; "delta epsilon" (2 words, 13
    # characters) does not, so the unmatched two-word paragraph does not lower the score.
    a = lines("alpha beta gamma", "delta epsilon")
    b = lines("alpha beta gamma", " ".join(["zzzz"] * 7))  # 16 + 34 characters
    assert verifier.score(a, b) == 1.0
    assert LOOSE.score(a, b) == pytest.approx(16 / 29)
    at_two = Verifier(min_tokens=1, min_paragraph_words=2)
    assert at_two.score(a, b) == pytest.approx(16 / 29)
    # one-word paragraphs do not count from min_paragraph_words 2: "zzzz" is left out
    two_words = Verifier(min_tokens=1, min_paragraph_words=2)
    assert two_words.score(lines("alpha beta", "zzzz"), lines("alpha beta", "q" * 30)) == 1.0
    assert LOOSE.score(lines("alpha beta", "zzzz"), lines("alpha beta", "q" * 30)) == pytest.approx(10 / 14)
    # with no paragraph long enough, every paragraph counts: c (16 + 8 characters) in a
    c = lines("alpha beta gamma", "zeta eta")
    assert Verifier(min_tokens=1, min_paragraph_words=4).score(a, c) == pytest.approx(16 / 24)


# --- too short to judge ----------------------------------------------------------------------


def words(n: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + n))


def test_a_text_of_exactly_min_tokens_words_is_judged_and_one_word_fewer_is_not() -> None:
    verifier = Verifier(min_tokens=5, min_paragraph_words=1)
    assert not verifier.too_short(words(5))
    assert verifier.too_short(words(4))
    assert verifier.is_duplicate(words(5), words(5))
    assert verifier.judge(words(5), words(5)) == 1.0
    assert not verifier.is_duplicate(words(4), words(4))
    assert verifier.judge(words(4), words(4)) == 0.0
    assert verifier.explain(words(4), words(4)).reason == "too short to judge: a text has fewer than 5 words"


def test_one_side_too_short_is_enough_to_be_no_copy() -> None:
    # a one-paragraph teaser, wholly contained in the full article: containment 1.0, but the
    # teaser is too short to judge, so the pair is no copy, whichever side it is on
    verifier = Verifier(min_tokens=5, min_paragraph_words=1)
    teaser, full = words(4), lines(words(4), words(20, start=10))
    assert verifier.score(teaser, full) == 1.0
    for a, b in ((teaser, full), (full, teaser)):
        assert verifier.judge(a, b) == 0.0
        assert not verifier.is_duplicate(a, b)
        assert verifier.explain(a, b).reason.startswith("too short to judge")


def test_template_paragraphs_do_not_count_toward_min_tokens() -> None:
    verifier = Verifier(min_tokens=5, min_paragraph_words=1)
    text = lines(words(4), words(10, start=50))
    assert not verifier.too_short(text)
    assert verifier.too_short(text, [False, True])
    assert not verifier.too_short(text, [True, False])
    assert not verifier.too_short(text, [False, False])
    reason = verifier.explain(text, text, [False, True], [False, True]).reason
    assert reason == "too short to judge: a text has fewer than 5 words outside its template paragraphs"


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [1.0, 0.0001])
def test_thresholds_at_their_limits_are_accepted(threshold: float) -> None:
    assert Verifier(threshold=threshold).threshold == threshold
    assert Verifier(paragraph_threshold=threshold * 100).paragraph_threshold == threshold * 100


@pytest.mark.parametrize("threshold", [0.0, 1.0001, -0.5])
def test_thresholds_outside_their_limits_are_refused(threshold: float) -> None:
    with pytest.raises(ConfigError, match=r"threshold must be in \(0, 1\]"):
        Verifier(threshold=threshold)
    with pytest.raises(ConfigError, match=r"paragraph_threshold must be in \(0, 100\]"):
        Verifier(paragraph_threshold=threshold * 100)


def test_a_template_mask_of_the_wrong_length_is_refused() -> None:
    message = "a template mask has 1 flags for a text of 2 paragraphs: give one flag per non-blank line"
    with pytest.raises(ConfigError, match=f"^{message}$"):
        LOOSE.score(lines("aaa", "bbb"), "aaa", template_a=[True])
    with pytest.raises(ConfigError, match=f"^{message}$"):
        LOOSE.too_short(lines("aaa", "bbb"), [True])


# --- clusters --------------------------------------------------------------------------------


def test_union_find_joins_sets_by_size_and_reports_them_in_order() -> None:
    assert len(UnionFind()) == 0
    at_end = UnionFind(2)
    assert at_end.find(2) == 2  # one past the end: grown by one
    assert len(at_end) == 3
    sets = UnionFind(2)
    assert len(sets) == 2
    assert sets.union(0, 1) is True
    assert sets.union(1, 0) is False
    assert sets.size(0) == sets.size(1) == 2
    # find grows the sets on demand: 5 is new, and 2 .. 4 come into being as singletons
    assert sets.find(5) == 5
    assert len(sets) == 6
    assert sets.size(3) == 1
    assert not sets.connected(0, 3)
    # the larger set's root stays the root, whichever argument it is
    root = sets.find(0)
    assert sets.union(4, 0) is True
    assert sets.find(4) == root
    assert sets.size(4) == 3
    assert sets.connected(1, 4)
    assert sets.groups() == [[0, 1, 4], [2], [3], [5]]
    assert sets.groups(min_size=2) == [[0, 1, 4]]
    assert sets.groups(min_size=3) == [[0, 1, 4]]
    assert sets.groups(min_size=4) == []
    sets.grow(3)  # smaller than it is: nothing changes
    assert len(sets) == 6
    sets.grow(8)
    assert len(sets) == 8
    assert sets.groups(min_size=1)[-2:] == [[6], [7]]


def test_union_find_of_two_equal_sets_keeps_the_first_root() -> None:
    sets = UnionFind(4)
    sets.union(0, 1)
    sets.union(2, 3)
    sets.union(2, 0)  # equal sizes: the first argument's root stays
    assert sets.find(0) == sets.find(2) == 2
    assert sets.size(1) == 4


def test_union_find_reset_makes_members_singletons_again() -> None:
    sets = UnionFind(3)
    sets.union(0, 1)
    sets.reset([0, 1])
    assert sets.groups() == [[0], [1], [2]]
    assert sets.size(0) == 1 and sets.size(1) == 1
    assert sets.union(0, 2) is True
    assert sets.size(2) == 2


def test_path_halving_points_members_at_their_root() -> None:
    sets = UnionFind(4)
    # a chain 3 -> 2 -> 1 -> 0 made by hand, then found
    sets._parent[1], sets._parent[2], sets._parent[3] = 0, 1, 2
    assert sets.find(3) == 0
    assert list(sets._parent) == [0, 0, 1, 1]
    assert sets.find(3) == 0
    assert list(sets._parent) == [0, 0, 1, 0]


CANONICAL_CASES = [
    # (members, canonical seq, why)
    ([Member(0, "2024-05-02", 100), Member(1, "2024-05-01", 10)], 1, "the earliest date wins over length"),
    ([Member(0, None, 900), Member(1, "2024-05-02", 10)], 1, "a dated member comes before an undated one"),
    ([Member(0, "", 900), Member(1, "2030-01-01", 10)], 1, "an empty date is no date"),
    ([Member(0, "2024-05-01", 100), Member(1, "2024-05-01", 101)], 1, "same date: the longer body"),
    ([Member(4, "2024-05-01", 100), Member(2, "2024-05-01", 100)], 2, "same date and length: first seen"),
    ([Member(0, None, 100), Member(1, None, 100)], 0, "no dates, same length: first seen"),
    ([Member(0, "2024-05-01T10:00:00Z", 1), Member(1, "2024-05-01T10:00:00+00:00", 2)], 1, "Z is +00:00"),
    ([Member(0, " 2024-05-01", 1), Member(1, "2024-05-02", 2)], 0, "spaces around a date are ignored"),
    (
        [Member(0, "2024-05-01T10:00:00+00:00", 1), Member(1, "2024-05-01T10:00:00Z ", 2)],
        1,
        "Z, then a space",
    ),
]


@pytest.mark.parametrize(("members", "canonical", "why"), CANONICAL_CASES)
def test_the_canonical_member_follows_the_documented_rule(
    members: list[Member], canonical: int, why: str
) -> None:
    assert choose_canonical(members).seq == canonical, why
    assert choose_canonical(reversed(members)).seq == canonical, why


def test_the_canonical_key_is_date_then_fewest_negative_tokens_then_seq() -> None:
    assert canonical_key(Member(3, "2024-05-01Z", 7)) == ((0, "2024-05-01+00:00"), -7, 3)
    assert canonical_key(Member(3, None, 7)) == ((1, ""), -7, 3)


def test_a_cluster_needs_a_member() -> None:
    with pytest.raises(ConfigError, match=r"^a cluster needs at least one member to choose a canonical one$"):
        choose_canonical([])


def test_clusters_are_keyed_by_every_member_with_the_smallest_as_id() -> None:
    sets = UnionFind(5)
    sets.union(3, 1)
    sets.union(4, 3)
    members = [
        Member(0, None, 5),
        Member(1, None, 5),
        Member(2, None, 5),
        Member(3, "2024-01-01", 5),
        Member(4, None, 9),
    ]
    clusters = build_clusters(sets, members)
    assert sorted(clusters) == [1, 3, 4]
    cluster = clusters[1]
    assert cluster is clusters[3] is clusters[4]
    assert (cluster.cluster_id, cluster.canonical, cluster.members) == (1, 3, (1, 3, 4))


def test_clusters_and_assignments_agree_on_the_cluster_id_and_canonical() -> None:
    story = article(7)
    docs = [
        ("other", article(8), None),
        ("copy", copy_of(story), "2024-05-02"),  # seq 1: the cluster's id
        ("orig", story, "2024-05-01"),  # seq 2: the canonical member (earliest date)
    ]
    with Deduplicator() as dedup:
        dedup.add_many(docs)
        clusters = dedup.clusters()
        assert [(c.cluster_id, c.canonical, c.members) for c in clusters] == [(1, 2, (1, 2))]
        copy, orig, other = (dedup.assignment(d) for d in ("copy", "orig", "other"))
    assert (copy.cluster_id, copy.duplicate_of) == (1, "orig")
    assert (orig.cluster_id, orig.duplicate_of, orig.similarity) == (1, None, 1.0)
    assert (other.cluster_id, other.duplicate_of, other.similarity) == (None, None, None)


# --- the search's stopping bound, and explanations ---------------------------------------------


def test_the_bound_returned_when_the_search_stops_is_taken_longest_paragraph_first() -> None:
    # a: 40 identical + 10 + 50 unmatched = 100 characters. Longest first: after the 50, at most
    # 40 + 10 of 100 can match, 0.5 < 0.95, so the search stops there and returns 0.5
    a = lines("a" * 40, "b" * 10, "d" * 50)
    b = lines("a" * 40, "c" * 100)
    assert LOOSE.score(a, b, at_least=0.95) == pytest.approx(0.5)
    assert LOOSE.score(b, a, at_least=0.95) == pytest.approx(0.5)
    # without at_least the search runs to the end
    assert LOOSE.judge(a, b) == pytest.approx(0.4)
    assert LOOSE.judge(b, a) == pytest.approx(0.4)


def test_equal_lengths_stop_early_in_both_directions_and_the_larger_bound_is_returned() -> None:
    # equally long (10 each), nothing in common. a in b stops after its 6 characters: bound
    # 0.4; b in a after its 9: bound 0.1. The larger, 0.4, whichever comes first.
    a = lines("x" * 6, "y" * 4)
    b = lines("c" * 9, "d")
    assert LOOSE.score(a, b, at_least=0.9) == pytest.approx(0.4)
    assert LOOSE.score(b, a, at_least=0.9) == pytest.approx(0.4)
    assert LOOSE.score(a, b) == 0.0


def test_equal_lengths_stop_early_with_the_same_bound() -> None:
    # equally long (10 each), nothing in common: with at_least 0.9 each direction stops
    # after its first (longest) paragraph with the bound 0.4
    a = lines("a" * 6, "b" * 4)
    b = lines("c" * 6, "d" * 4)
    assert LOOSE.score(a, b) == 0.0
    assert LOOSE.score(a, b, at_least=0.9) == pytest.approx(0.4)


def test_paragraphs_that_normalise_to_nothing_match_nothing() -> None:
    explanation = LOOSE.explain("***", "aaaa")
    assert (explanation.score, explanation.contained, explanation.matches, explanation.unmatched) == (
        0.0,
        "a",
        (),
        (0,),
    )


def test_explanations_name_both_paragraphs_and_round_in_their_json_form() -> None:
    # ratio of "subscribe now today" (19) and "subscribenowtoday" (17): two deletions,
    # 100 * (1 - 2 / 36) = 94.44...
    a = lines("x" * 40, "Subscribe now today")
    b = "subscribenowtoday"
    explanation = LOOSE.explain(a, b)
    assert explanation.contained == "b"
    [match] = explanation.matches
    assert (match.a_index, match.b_index, match.a_text, match.b_text) == (1, 0, "Subscribe now today", b)
    assert match.ratio == pytest.approx(100 * (1 - 2 / 36))
    assert explanation.to_dict() == {
        "score": 0.9444,
        "is_duplicate": True,
        "reason": "containment 0.944 >= threshold 0.7",
        "contained": "b",
        "matches": [
            {
                "a_paragraph": 1,
                "b_paragraph": 0,
                "ratio": 94.4,
                "a_text": "Subscribe now today",
                "b_text": "subscribenowtoday",
                "template": False,
            }
        ],
        "unmatched": [],
        "template_paragraphs": 0,
    }
    forward = LOOSE.explain(b, a).matches[0]
    assert (forward.a_index, forward.b_index, forward.a_text, forward.b_text) == (
        0,
        1,
        b,
        "Subscribe now today",
    )


def test_template_paragraphs_are_listed_as_matched_furniture_in_both_orders() -> None:
    # a's template: "ppppppppp1", which matches b's "ppppppppp2" (ratio 90), then a longer line
    # that matches nothing (searched first, as the longer: the search must go on past it)
    a = lines("p" * 9 + "1", "x" * 12, "a" * 10)
    b = lines("q" * 30, "p" * 9 + "2")
    mask_a, mask_b = [True, True, False], [False, True]
    explanation = LOOSE.explain(a, b, mask_a, mask_b)
    assert (explanation.contained, explanation.score, explanation.template_paragraphs) == ("a", 0.0, 1)
    assert [(m.a_index, m.b_index, m.ratio, m.a_text, m.b_text, m.template) for m in explanation.matches] == [
        (0, 1, 90.0, "p" * 9 + "1", "p" * 9 + "2", True)
    ]
    assert explanation.unmatched == (2,)
    flipped = LOOSE.explain(b, a, mask_b, mask_a)
    assert flipped.contained == "b"
    assert [(m.a_index, m.b_index, m.a_text, m.b_text, m.template) for m in flipped.matches] == [
        (1, 0, "p" * 9 + "2", "p" * 9 + "1", True)
    ]
    assert not LOOSE.is_duplicate(a, b, mask_a, mask_b)
    # without the masks the pair shares its template line
    assert LOOSE.explain(a, b).template_paragraphs == 0


def test_template_paragraphs_match_short_paragraphs_of_the_other_text() -> None:
    # with min_paragraph_words 2, the other text's one-word line does not count for the score,
    # but a template line is still shown matching it
    verifier = Verifier(min_tokens=1, min_paragraph_words=2)
    a = lines("Subscribe now today", "alpha beta gamma delta")
    b = lines("alpha beta gamma delta epsilon", "subscribenowtoday")
    explanation = verifier.explain(a, b, [True, False], None)
    assert [(m.a_index, m.b_index, m.template) for m in explanation.matches] == [(0, 1, True), (1, 0, False)]


def test_masks_count_on_either_side_and_in_every_entry_point() -> None:
    # the shared first line is a's and b's template; without it nothing is shared. Unmasked,
    # one (56 + 24 characters) is contained in two (56 + 25): 56 / 80 = 0.7, the threshold
    verifier = Verifier(min_tokens=3, min_paragraph_words=1)
    shared = "support the courier become a member and read every story"  # 56 characters
    one, two = lines(shared, "a fire closed the bakery"), lines(shared, "the mayor opened a bridge")
    mask = [True, False]
    assert verifier.is_duplicate(one, two)
    for a_mask, b_mask in ((mask, mask), (mask, None), (None, mask)):
        assert not verifier.is_duplicate(one, two, a_mask, b_mask)
        assert verifier.judge(one, two, 0.0, a_mask, b_mask) < 0.7
        assert verifier.score(one, two, 0.0, a_mask, b_mask) < 0.7
    # one mask makes a text too short: the reason says "outside its template paragraphs"
    short = Verifier(min_tokens=6, min_paragraph_words=1)
    for a_mask, b_mask in ((mask, None), (None, mask)):
        assert short.explain(one, two, a_mask, b_mask).reason == (
            "too short to judge: a text has fewer than 6 words outside its template paragraphs"
        )
        assert short.judge(one, two, 0.0, a_mask, b_mask) == 0.0
    assert short.explain(one, two).reason == "containment 0.700 >= threshold 0.7"
    # a text too short outside its template, whose rest is contained in the other: no copy
    assert short.score(one, one, 0.0, mask, None) == 1.0
    assert short.judge(one, one, 0.0, mask, None) == 0.0
    assert short.judge(one, one, 0.0, None, mask) == 0.0
    assert not short.is_duplicate(one, one, None, mask)


def test_the_defaults_are_the_documented_ones() -> None:
    verifier = Verifier()
    assert (
        verifier.threshold,
        verifier.paragraph_threshold,
        verifier.min_tokens,
        verifier.min_paragraph_words,
    ) == (
        0.7,
        80.0,
        50,
        12,
    )
    # a 12-word paragraph counts, an 11-word one does not (when a longer one exists): the
    # paragraphs of "qq" and "zz" (or "kk" and "mm") have nothing in common
    shared = words(60)
    assert verifier.score(lines(shared, " ".join(["qq"] * 12)), lines(shared, " ".join(["zz"] * 12))) < 1.0
    assert verifier.score(lines(shared, " ".join(["kk"] * 11)), lines(shared, " ".join(["mm"] * 11))) == 1.0
