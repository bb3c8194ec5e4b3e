"""The fitted body locator's parts, each against answers worked out by hand or by a plain
reference implementation: the forest, the booster, the decode, the best run, the lexicon, the
line labels and the model file."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import CleanConfig, ConfigError, arrays_file
from newsclean.locator import reproducible
from newsclean.locator.boosting import BoostingParameters, candidate_thresholds, fit_forest
from newsclean.locator.decode import DecodeCosts, State, decode
from newsclean.locator.forest import ObliviousForest
from newsclean.locator.labels import label_lines, page_score, shingle_counts
from newsclean.locator.lexicon import Lexicon, LexiconCounts, LexiconParameters
from newsclean.locator.model import MODEL_FILE, LocatorModel, ModelError, load_model, offset_for
from newsclean.locator.stacking import best_run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring import score_page  # noqa: E402  (the benchmark's own scoring: an independent oracle)

B, D, X, A = State.BEFORE, State.BODY, State.BOX, State.AFTER


# --- the forest -----------------------------------------------------------------------------


def test_forest_reads_each_answer_as_one_bit_of_the_leaf_number() -> None:
    # one tree asking x0 > 1 (bit 0) and x1 > 5 (bit 1); leaves numbered 0b(x1>5)(x0>1)
    forest = ObliviousForest(
        bias=0.5,
        features=np.array([[0, 1]]),
        thresholds=np.array([[1.0, 5.0]], dtype=np.float32),
        leaves=np.array([[10.0, 20.0, 30.0, 40.0]], dtype=np.float32),
    )
    rows = np.array([[0, 0], [2, 0], [0, 9], [2, 9], [1, 5]], dtype=np.float32)
    assert forest.scores(rows).tolist() == [10.5, 20.5, 30.5, 40.5, 10.5]  # 1 > 1 and 5 > 5 are false


@pytest.mark.parametrize("depth", [8, 9])
def test_forest_numbers_leaves_past_one_byte(depth: int) -> None:
    # one tree asking x_j > 0.5 at depth j: a row's answers are the bits of its leaf's number;
    # depth 8 numbers 256 leaves in one byte, depth 9 needs more
    forest = ObliviousForest(
        bias=0.0,
        features=np.arange(depth)[None, :],
        thresholds=np.full((1, depth), 0.5, dtype=np.float32),
        leaves=np.arange(2**depth, dtype=np.float32)[None, :],
    )
    rows = np.zeros((3, depth), dtype=np.float32)
    rows[1, :] = 1.0  # every answer yes: the last leaf
    rows[2, depth - 1] = 1.0  # only the last question: leaf 2 ** (depth - 1)
    assert forest.scores(rows).tolist() == [0.0, 2.0**depth - 1, 2.0 ** (depth - 1)]


def test_forest_sums_its_trees() -> None:
    forest = ObliviousForest(
        bias=0.0,
        features=np.array([[0], [0]]),
        thresholds=np.array([[0.0], [2.0]], dtype=np.float32),
        leaves=np.array([[-1.0, 1.0], [0.0, 5.0]], dtype=np.float32),
    )
    assert forest.scores(np.array([[-1.0], [1.0], [3.0]], dtype=np.float32)).tolist() == [-1.0, 1.0, 6.0]


def test_forest_scores_a_long_document_block_by_block_as_each_row_alone() -> None:
    """Rows are scored BLOCK_ROWS at a time (memory bound); rows on both sides of each block's edge
    score as the hand rule says: 10 + 20 * (x0 > 1) for the one tree of depth 1."""
    from newsclean.locator.forest import BLOCK_ROWS

    forest = ObliviousForest(
        bias=0.0,
        features=np.array([[0]]),
        thresholds=np.array([[1.0]], dtype=np.float32),
        leaves=np.array([[10.0, 30.0]], dtype=np.float32),
    )
    n = 2 * BLOCK_ROWS + 3
    x = np.array([[float(i % 3)] for i in range(n)], dtype=np.float32)  # 0, 1, 2, 0, 1, 2, ...
    scores = forest.scores(x).tolist()
    assert len(scores) == n
    assert scores == [30.0 if i % 3 == 2 else 10.0 for i in range(n)]


def test_forest_of_trees_without_questions_is_its_bias_plus_each_tree_s_one_leaf() -> None:
    forest = ObliviousForest(
        bias=0.5,
        features=np.zeros((3, 0), dtype=np.int64),
        thresholds=np.zeros((3, 0), dtype=np.float32),
        leaves=np.array([[1.0], [2.0], [0.25]], dtype=np.float32),
    )
    assert forest.scores(np.zeros((2, 4), dtype=np.float32)).tolist() == [3.75, 3.75]


def test_forest_refuses_mismatched_shapes_and_unknown_features() -> None:
    with pytest.raises(ValueError, match="leaves of shape"):
        ObliviousForest(
            0.0, np.zeros((1, 2), int), np.zeros((1, 2), np.float32), np.zeros((1, 3), np.float32)
        )
    parts = ([[3]], [[0.0]], [[0.0, 1.0]])  # one tree of depth 1 asking about feature 3
    with pytest.raises(ValueError, match="outside the 3 the model names"):
        ObliviousForest.from_arrays(0.0, *parts, n_features=3)
    assert ObliviousForest.from_arrays(0.0, *parts, n_features=4).trees == 1


# --- the booster ----------------------------------------------------------------------------


def test_candidate_thresholds_never_include_the_largest_value() -> None:
    x = np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [2.0, 1.0]], dtype=np.float32)
    thresholds = candidate_thresholds(x, bins=4)
    assert thresholds[0].tolist() == [0.0, 1.0]  # x > 2 splits nothing
    assert thresholds[1].tolist() == []  # a constant column has no split


def test_booster_is_deterministic_and_learns_an_interaction() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((600, 3)).astype(np.float32)
    y = ((x[:, 0] > 0.5) ^ (x[:, 1] > 0.5)).astype(np.float64)  # needs two questions: no single split helps
    params = BoostingParameters(trees=40, depth=2, learning_rate=0.3, subsample=0.7, seed=5)
    first = fit_forest(x, y, np.ones(600), params)
    second = fit_forest(x, y, np.ones(600), params)
    assert first.bias == second.bias
    for part in ("features", "thresholds", "leaves"):
        assert np.array_equal(getattr(first, part), getattr(second, part)), part
    accuracy = ((first.scores(x) > 0) == (y > 0)).mean()
    assert accuracy > 0.95
    assert set(first.features[0].tolist()) == {0, 1}  # the first tree asks both questions, not the noise


def test_booster_bias_is_the_weighted_prior() -> None:
    x = np.zeros((4, 1), dtype=np.float32)  # nothing to split on
    y = np.array([1.0, 0.0, 0.0, 0.0])
    forest = fit_forest(x, y, np.array([3.0, 1.0, 1.0, 1.0]), BoostingParameters(trees=1, depth=1))
    assert forest.bias == pytest.approx(math.log(0.5 / 0.5))  # weighted share of positives: 3/6


# --- the decode -----------------------------------------------------------------------------

FREE = DecodeCosts(start=0.0, box=0.0, box_line=0.0, end=0.0)


@pytest.mark.parametrize(
    ("scores", "costs", "expected", "why"),
    [
        ([-1.0, 2.0, 2.0, -1.0], FREE, (B, D, D, A), "free costs: the positive lines"),
        ([-1.0, -1.0], FREE, (B, B), "no positive line: no article"),
        ([1.0, 1.0], DecodeCosts(2.5, 0, 0, 0), (B, B), "an article worth less than its start cost"),
        ([1.0, 1.0, 1.0], DecodeCosts(2.5, 0, 0, 0), (D, D, D), "worth more: opened"),
        ([3.0, -1.0, 3.0], DecodeCosts(0, 2.0, 0, 0), (D, D, D), "a box costs more than the line it skips"),
        ([3.0, -3.0, 3.0], DecodeCosts(0, 2.0, 0, 0), (D, X, D), "a box cheaper than the line"),
        (
            [4.0, -1.0, -1.0, -1.0, 4.0],
            DecodeCosts(0, 0.5, 2.0, 0),
            (D, D, D, D, D),
            "a long box costs per line",
        ),
        ([4.0, -1.0, -1.0, -1.0, 1.0], DecodeCosts(0, 0.5, 2.0, 0), (D, A, A, A, A), "...and separates"),
    ],
)
def test_decode_by_hand(
    scores: list[float], costs: DecodeCosts, expected: tuple[State, ...], why: str
) -> None:
    assert decode(scores, costs) == expected, why


def test_decode_ties_go_to_the_lower_state() -> None:
    # opening for 1.0 costs 1.0: BODY and BEFORE are worth the same; BEFORE wins
    assert decode([1.0], DecodeCosts(1.0, 0, 0, 0)) == (B,)
    assert decode([1.0 + 1e-9], DecodeCosts(1.0, 0, 0, 0)) == (D,)


def test_a_stop_line_is_never_article_and_the_article_does_not_run_past_it() -> None:
    stops = [False, False, True, False]
    assert decode([3.0, 3.0, 5.0, 1.0], FREE, stops) == (D, D, A, A)
    # below the stop the evidence is larger: the article is there (a counter under a headline)
    assert decode([1.0, -1.0, -1.0, 5.0], FREE, stops) == (B, B, B, D)


@pytest.mark.parametrize(("thread", "expected"), [(6.0, (D, D, A, A)), (6.0 + 1e-9, (B, B, B, D))])
def test_thread_cost_at_its_boundary(thread: float, expected: tuple[State, ...]) -> None:
    # 6.0 of evidence above the stop: at thread == 6.0 the article can no longer start below it
    scores, stops = [3.0, 3.0, -1.0, 7.0], [False, False, True, False]
    assert decode(scores, DecodeCosts(0, 0, 0, 0, thread=thread), stops) == expected


_ALLOWED = {B: {B, D}, D: {D, X, A}, X: {X, D}, A: {A}}


def _value(path: tuple[State, ...], scores: list[float], costs: DecodeCosts) -> float:
    """A path's value, worked out line by line from the costs' definitions."""
    value, prev = 0.0, B
    for state, score in zip(path, scores, strict=True):
        if state is D:
            value += score - (costs.start if prev is B else 0.0)
        if state is X:
            value -= costs.box_line + (costs.box if prev is D else 0.0)
        if state is A and prev is D:
            value -= costs.end
        prev = state
    return value


def _brute_force(scores: list[float], costs: DecodeCosts) -> float:
    """The best path's value by trying every path of the automaton (a box cannot end the page)."""
    best = 0.0
    for path in itertools.product(State, repeat=len(scores)):
        legal = all(b in _ALLOWED[a] for a, b in zip((B, *path), path, strict=False))
        if legal and path[-1] is not X:
            best = max(best, _value(path, scores, costs))
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(-4, 4).map(float), min_size=1, max_size=6),
    st.tuples(*(st.integers(0, 3).map(float) for _ in range(4))),
)
@example([2.0, -1.0, 2.0], (0.0, 0.0, 0.0, 0.0))
def test_decode_finds_the_best_path(scores: list[float], cost_values: tuple[float, ...]) -> None:
    costs = DecodeCosts(*cost_values)
    path = decode(scores, costs)
    assert path[-1] is not X
    assert _value(path, scores, costs) == pytest.approx(_brute_force(scores, costs))


# --- the best run ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-5, 5).map(float), max_size=12))
@example([])
@example([-1.0, -2.0])
def test_best_run_has_the_largest_sum(gains: list[float]) -> None:
    start, stop = best_run(np.array(gains))
    best = max([0.0, *(sum(gains[i:j]) for i in range(len(gains)) for j in range(i + 1, len(gains) + 1))])
    assert sum(gains[start:stop]) == best
    if best <= 0:
        assert (start, stop) == (0, 0)


# --- the lexicon ----------------------------------------------------------------------------


def test_lexicon_weights_by_hand() -> None:
    counts = LexiconCounts()
    # "said" in 3 body lines of 3 sites; "subscribe" in 3 other lines of 3 sites; "rare" on one site
    for site in ("a", "b", "c"):
        counts.add(site, [["Officials", "said"], ["Subscribe", "now"], ["rare"]], [True, False, True])
    params = LexiconParameters(min_sites=3, min_lines=3, shrinkage=0.0, max_words=10)
    lexicon = counts.learn(params)
    # the prior is the share of body among the counted (line, word) pairs: 3 sites x 3 body
    # pairs (officials, said, rare) against 3 x 2 others (subscribe, now)
    prior = math.log((9 + 1) / (6 + 1))
    assert lexicon.weights["said"] == pytest.approx(math.log(3.5 / 0.5) - prior, abs=1e-4)
    assert lexicon.weights["subscribe"] == pytest.approx(math.log(0.5 / 3.5) - prior, abs=1e-4)
    assert "rare" in lexicon.weights  # three sites: at the boundary, kept
    without_c = counts.learn(params, leave_out=["c"])
    assert "said" not in without_c.weights  # two sites left: under min_sites


def test_lexical_columns() -> None:
    lexicon = Lexicon({"said": 1.0, "subscribe": -2.0})
    columns = lexicon.columns([["Subscribe", "now"], [], ["Officials", "said", "so"]])
    assert np.allclose(columns, [[-1.0, -2.0, 0.0, -2.0], [0, 0, 0, 0], [1 / 3, 0.0, 1.0, 0.0]])


# --- the labels and the fast page score -----------------------------------------------------


@pytest.mark.parametrize(
    ("page", "gold", "expected", "why"),
    [
        (
            "Top story: council votes today\nHome\nThe council voted on the budget today, it said.\nShare",
            "The council voted on the budget today, it said.",
            [False, False, True, False],
            "only the body line",
        ),
        (
            "Council passes budget\nThe council passed the budget on Monday.\nMore: Council passes budget",
            "Council passes budget\n\nThe council passed the budget on Monday.",
            [True, True, False],
            "a headline repeated in a related list: only the occurrence in the gold's order",
        ),
        (
            "The mayor spoke to the crowd for an hour on Monday.\nPhoto: the mayor speaking at the harbour",
            "Photo: the mayor speaking at the harbour\n\nThe mayor spoke to the crowd for an hour on Monday.",
            [True, True],
            "a caption the gold moved above the text is found out of order",
        ),
        (
            "Home\nNews\n",
            "Something else entirely.",
            [False, False, None],
            "nothing matches; blank lines are None",
        ),
    ],
)
def test_label_lines(page: str, gold: str, expected: list[bool | None], why: str) -> None:
    assert label_lines(page, gold) == expected, why


words = st.lists(
    st.sampled_from(["the", "council", "voted", "on", "budget", "Monday", "a", "b"]), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=6), words, st.data())
def test_fast_page_score_agrees_with_the_benchmark_scoring(
    lines: list[list[str]], gold: list[str], data: st.DataObject
) -> None:
    kept = sorted(data.draw(st.sets(st.integers(0, len(lines) - 1))))
    tp, fp, fn = page_score(lines, kept, shingle_counts(gold))
    reference = score_page("\n\n".join(" ".join(lines[i]) for i in kept), " ".join(gold))
    assert (tp, fp, fn) == pytest.approx((reference.tp, reference.fp, reference.fn))


# --- the model file and the threshold -------------------------------------------------------


def test_training_runs_again_with_numpy_without_avx512(tmp_path: Path) -> None:
    # the child sees the setting; its exit status is the command's
    probe = f"import os, sys; sys.exit(0 if os.environ.get({reproducible.VARIABLE!r}) == {reproducible.disabled_features()!r} else 3)"
    if reproducible.in_effect():
        pytest.skip("this process already runs with the setting")
    assert reproducible.run_again(["-c", probe]) == 0
    assert reproducible.run_again(["-c", "raise SystemExit(5)"]) == 5
    # the training command: its argument errors come back through the child (status 2)
    missing = [sys.executable, "-m", "newsclean.locator.train", "--data", str(tmp_path / "none")]
    done = subprocess.run(missing, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "no benchmark set 'scrapinghub'" in done.stderr


def test_training_settings_name_the_avx512_kernels_of_the_installed_numpy() -> None:
    names = set(reproducible.disabled_features().split())
    # numpy 2.4 groups its AVX-512 targets as X86_V4; earlier releases name them one by one
    assert "AVX512_SPR" in names and ("X86_V4" in names or "AVX512F" in names)
    assert not names & {"AVX2", "FMA3", "X86_V3", "SSE42", "X86_V2"}  # never more than AVX-512


def test_shipped_model_round_trips_through_its_file() -> None:
    model = load_model()
    again = LocatorModel.loads(model.dumps())
    assert again.dumps() == model.dumps()
    assert again.first.thresholds.tobytes() == model.first.thresholds.tobytes()
    assert again.lexicon.weights == model.lexicon.weights
    assert len(model.dumps()) < 1_000_000  # small enough to ship


def test_the_shipped_file_is_what_dumps_writes() -> None:
    # byte-deterministic: what train --check compares with the file a fresh fit makes
    shipped = resources.files("newsclean.locator").joinpath(MODEL_FILE).read_bytes()
    assert load_model().dumps() == shipped


def _model_file(**changes: object) -> bytes:
    meta, arrays = arrays_file.loads(load_model().dumps())
    return arrays_file.dumps({**meta, **changes}, arrays)


def test_a_model_for_other_features_is_refused() -> None:
    features = list(arrays_file.loads(load_model().dumps())[0]["first_features"])
    with pytest.raises(ModelError, match=r"make it again with python -m newsclean\.locator\.train"):
        LocatorModel.loads(_model_file(first_features=features[:-1]))
    with pytest.raises(ModelError, match="format version"):
        LocatorModel.loads(_model_file(format_version=1))


def test_a_model_missing_a_part_is_refused() -> None:
    meta, arrays = arrays_file.loads(load_model().dumps())
    del meta["lexicon"]
    with pytest.raises(ModelError, match=r"lacks or mangles a part \(KeyError\('lexicon'\)\): make it again"):
        LocatorModel.loads(arrays_file.dumps(meta, arrays))
    meta, arrays = arrays_file.loads(load_model().dumps())
    with pytest.raises(ModelError, match="lacks or mangles a part"):
        LocatorModel.loads(arrays_file.dumps(meta, {k: v for k, v in arrays.items() if k != "second.leaves"}))


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{not an arrays file", "not the layout"),
        (b'{"format":"newsclean-locator","format_version":1}\n', "the JSON model of earlier versions"),
        (b"", "an empty file"),
    ],
)
def test_an_unreadable_model_file_is_a_clear_error(tmp_path: Path, content: bytes, why: str) -> None:
    bad = tmp_path / "model.arrays"
    bad.write_bytes(content)
    config = CleanConfig(locator_model=str(bad))
    with pytest.raises(
        ModelError,
        match=r"not a newsclean locator model file .*: give the path of a file made by python -m newsclean",
    ):
        newsclean.clean("A sentence that is long enough to be a paragraph of text.", config)


def test_a_cut_short_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.arrays"
    bad.write_bytes(load_model().dumps()[:-10])
    with pytest.raises(
        ModelError, match=r"cut short.*make it again with python -m newsclean\.locator\.train"
    ):
        LocatorModel.loads(bad.read_bytes())


def test_a_missing_model_file_names_what_to_give_instead(tmp_path: Path) -> None:
    config = CleanConfig(locator_model=str(tmp_path / "absent.arrays"))
    with pytest.raises(
        ModelError, match=r"cannot read the locator model .*: give the path of a file made by"
    ):
        newsclean.clean("A sentence that is long enough to be a paragraph of text.", config)


@pytest.mark.parametrize("path", ["", "  "])
def test_an_empty_model_path_is_refused_when_configured(path: str) -> None:
    with pytest.raises(ConfigError, match="locator_model is empty"):
        CleanConfig(locator_model=path)


def test_body_threshold_is_a_log_odds_offset() -> None:
    model = load_model()
    assert offset_for(model, 0.5) == model.offset
    assert offset_for(model, 0.8) - model.offset == pytest.approx(math.log(4.0))
    assert offset_for(model, 0.2) - model.offset == pytest.approx(-math.log(4.0))


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.1, 1.5])
def test_body_threshold_must_be_a_probability(threshold: float) -> None:
    with pytest.raises(ConfigError, match="body_threshold"):
        CleanConfig(body_threshold=threshold)
