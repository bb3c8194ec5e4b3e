"""Golden cases: every page in corpus_samples/ against tests/golden/<name>.json (input, expected, why)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsclean
from newsclean import apply_removals

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpus_samples").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"


def _golden(sample: Path) -> dict[str, object]:
    path = GOLDEN / f"{sample.stem}.json"
    assert path.exists(), f"{sample.name} has no golden file {path.name}: every sample needs one"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_sample_has_a_golden_file_and_back() -> None:
    assert len(SAMPLES) >= 6
    stems = {p.stem for p in SAMPLES}
    for golden in GOLDEN.glob("*.json"):
        assert golden.stem in stems, f"{golden.name} has no sample in corpus_samples/"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_body_and_metadata(sample: Path) -> None:
    expected = _golden(sample)
    article = newsclean.clean(sample.read_text(encoding="utf-8"))
    assert article.body == expected["body"], expected["why"]
    assert article.metadata.to_dict() == expected["metadata"], expected["why"]
    removed = sorted({f"{r.filter}:{r.reason.value}" for r in article.removals})
    assert removed == expected["removed"], expected["why"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_explanation_replays_to_the_body(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    article = newsclean.clean(text)
    assert apply_removals(text, article.removals) == article.body


SEEDS = [p for p in SAMPLES if p.stem.startswith("seed_")]


@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.stem)
def test_seed_body_is_dateline_paragraph_to_last_sentence(sample: Path) -> None:
    """The seed spec, derived from the raw page rather than from a stored output:
    every paragraph from the dateline paragraph up to the tag line, minus the one
    in-body related-story link, in order."""
    spec = _golden(sample)["seed"]
    assert isinstance(spec, dict)
    lines = [line.strip() for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(("SEOUL: ", "MOSCOW: ")))
    end = lines.index(spec["tag_line"])
    expected = [line for line in lines[start:end] if line != spec["in_body_related_link"]]
    assert len(expected) == end - start - 1
    assert newsclean.clean(sample.read_text(encoding="utf-8")).paragraphs == tuple(expected)


def test_seed_metadata() -> None:
    article = newsclean.clean(
        (ROOT / "corpus_samples" / "seed_000_kim_shoigu.txt").read_text(encoding="utf-8")
    )
    meta = article.metadata
    assert meta.title == "North Korea pledges deeper ties with Russia as security chief visits"
    assert (meta.byline, meta.agency, meta.published) == ("AFP", "AFP", "2024-09-14T11:02:00")
    assert (meta.dateline, meta.section) == ("SEOUL", "World")
    assert meta.tags == ("Russia", "Kim Jong Un", "North Korea", "Sergei Shoigu")
