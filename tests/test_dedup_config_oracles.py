"""The dedup configuration as data: the defaults, every limit at, under and over its bound, the order of
the checks (types first), and the parameters an index records, each message word for word."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from newsclean.dedup import DedupConfig
from newsclean.dedup.config import INDEX_PARAMETERS, MAX_SHINGLE_SIZE
from newsclean.errors import ConfigError

MAX = 2**31 - 1
BIG = "2,147,483,647"

DEFAULTS = {
    "shingle_size": 5,
    "num_perm": 128,
    "bands": 64,
    "rows": 2,
    "seed": 1,
    "max_bucket": 64,
    "threshold": 0.7,
    "paragraph_threshold": 80.0,
    "min_tokens": 50,
    "min_paragraph_words": 12,
    "template_documents": 4,
    "template_host_pages": 2,
    "max_candidates": 32,
    "batch_size": 4096,
}


def test_the_defaults() -> None:
    config = DedupConfig()
    assert {name: getattr(config, name) for name in DEFAULTS} == DEFAULTS
    assert MAX_SHINGLE_SIZE == 1000


def test_index_parameters_are_all_but_max_candidates_and_batch_size() -> None:
    config = DedupConfig(max_candidates=7, batch_size=9, seed=3)
    expected = {k: v for k, v in DEFAULTS.items() if k not in ("max_candidates", "batch_size")}
    expected["seed"] = 3
    assert config.index_parameters() == expected
    assert list(config.index_parameters()) == list(INDEX_PARAMETERS)


def whole(name: str, value: object, minimum: int = 1, maximum: str = BIG) -> str:
    return re.escape(
        f"{name} must be a whole number of at least {minimum} (and at most {maximum}), got {value!r}"
    )


#: (field, a value at its lower bound, the first value under it, minimum in the message)
COUNTS = [
    ("min_tokens", 1, 0, 1),
    ("max_bucket", 1, 0, 1),
    ("batch_size", 1, 0, 1),
    ("min_paragraph_words", 1, 0, 1),
    ("max_candidates", 1, 0, 1),
    ("shingle_size", 1, 0, 1),
    ("seed", 0, -1, 0),
    ("template_documents", 2, 1, 2),
    ("template_host_pages", 2, 1, 2),
]


@pytest.mark.parametrize(("name", "low", "under", "minimum"), COUNTS)
def test_whole_numbers_at_their_lower_bound(name: str, low: int, under: int, minimum: int) -> None:
    assert getattr(DedupConfig(**{name: low}), name) == low  # type: ignore[arg-type]
    assert getattr(DedupConfig(**{name: low + 1}), name) == low + 1  # type: ignore[arg-type]
    expected = (
        re.escape(
            "template_documents and template_host_pages must be at least 2 (a line in one document is that "
            f"document's own), got {under if name == 'template_documents' else 4} and "
            f"{under if name == 'template_host_pages' else 2}"
        )
        if name.startswith("template")
        else whole(
            name,
            under,
            minimum,
            "9,223,372,036,854,775,807" if name == "seed" else "1,000" if name == "shingle_size" else BIG,
        )
    )
    with pytest.raises(ConfigError, match=f"^{expected}$"):
        DedupConfig(**{name: under})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "high", "maximum"),
    [
        ("min_tokens", MAX, BIG),
        ("max_bucket", MAX, BIG),
        ("batch_size", MAX, BIG),
        ("min_paragraph_words", MAX, BIG),
        ("max_candidates", MAX, BIG),
        ("template_documents", MAX, BIG),
        ("template_host_pages", MAX, BIG),
        ("shingle_size", 1000, "1,000"),
        ("seed", 2**63 - 1, "9,223,372,036,854,775,807"),
    ],
)
def test_whole_numbers_at_their_upper_bound(name: str, high: int, maximum: str) -> None:
    assert getattr(DedupConfig(**{name: high}), name) == high  # type: ignore[arg-type]
    minimum = 0 if name == "seed" else 2 if name.startswith("template") else 1
    with pytest.raises(ConfigError, match=f"^{whole(name, high + 1, minimum, maximum)}$"):
        DedupConfig(**{name: high + 1})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["num_perm", "bands", "rows"])
def test_the_signature_sizes_are_whole_numbers_first(name: str) -> None:
    with pytest.raises(ConfigError, match=f"^{whole(name, 0)}$"):
        DedupConfig(**{name: 0})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=f"^{whole(name, '64')}$"):
        DedupConfig(**{name: "64"})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=f"^{whole(name, True)}$"):
        DedupConfig(**{name: True})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["shingle_size", "seed", "min_tokens", "max_bucket", "batch_size"])
def test_other_counts_refuse_bools_and_text(name: str) -> None:
    minimum = 0 if name == "seed" else 1
    maximum = "9,223,372,036,854,775,807" if name == "seed" else "1,000" if name == "shingle_size" else BIG
    for value in (True, "5", 5.0):
        with pytest.raises(ConfigError, match=f"^{whole(name, value, minimum, maximum)}$"):
            DedupConfig(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["min_paragraph_words", "max_candidates"])
def test_the_last_counts_refuse_text(name: str) -> None:
    with pytest.raises(ConfigError, match=f"^{whole(name, 'x')}$"):
        DedupConfig(**{name: "x"})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["template_documents", "template_host_pages"])
@pytest.mark.parametrize("value", [True, "4", 4.0])
def test_template_counts_refuse_bools_and_text_with_the_whole_number_message(
    name: str, value: object
) -> None:
    with pytest.raises(ConfigError, match=f"^{whole(name, value, 2)}$"):
        DedupConfig(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("threshold", 0.0, False),
        ("threshold", 1e-9, True),
        ("threshold", 1.0, True),
        ("threshold", 1.0 + 1e-9, False),
        ("paragraph_threshold", 0.0, False),
        ("paragraph_threshold", 0.5, True),
        ("paragraph_threshold", 100.0, True),
        ("paragraph_threshold", 100.5, False),
    ],
)
def test_thresholds_at_their_bounds(name: str, value: float, ok: bool) -> None:
    if ok:
        assert getattr(DedupConfig(**{name: value}), name) == value  # type: ignore[arg-type]
        return
    high = "1.0" if name == "threshold" else "100.0"
    with pytest.raises(
        ConfigError, match=f"^{re.escape(f'{name} must be a number in (0.0, {high}], got {value!r}')}$"
    ):
        DedupConfig(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("num_perm", "bands", "rows", "ok"),
    [
        (1, 1, 1, False),
        (2, 1, 2, True),
        (2, 2, 1, True),
        (3, 1, 1, False),
        (4, 2, 2, True),
        (6, 1, 1, False),
        (96, 8, 4, False),
        (512, 64, 8, True),
        (1024, 64, 16, True),
        (2048, 64, 2, False),
    ],
)
def test_num_perm_is_a_power_of_two_from_2_to_1024(num_perm: int, bands: int, rows: int, ok: bool) -> None:
    if ok:
        assert DedupConfig(num_perm=num_perm, bands=bands, rows=rows).num_perm == num_perm
        return
    with pytest.raises(
        ConfigError, match=f"^num_perm must be a power of two from 2 to 1024, got {num_perm}$"
    ):
        DedupConfig(num_perm=num_perm, bands=bands, rows=rows)


@pytest.mark.parametrize(
    ("bands", "rows", "ok"), [(31, 4, True), (32, 4, True), (33, 4, False), (16, 9, False)]
)
def test_bands_times_rows_at_most_num_perm(bands: int, rows: int, ok: bool) -> None:
    if ok:
        assert DedupConfig(num_perm=128, bands=bands, rows=rows).bands == bands
        return
    with pytest.raises(
        ConfigError,
        match=rf"^bands \* rows = {bands * rows} exceeds num_perm = 128: lower bands or rows, or raise num_perm$",
    ):
        DedupConfig(num_perm=128, bands=bands, rows=rows)


def test_both_template_counts_are_named_when_one_is_too_small() -> None:
    message = (
        "template_documents and template_host_pages must be at least 2 (a line in one document is that "
        "document's own), got 1 and 1"
    )
    with pytest.raises(ConfigError, match=f"^{re.escape(message)}$"):
        DedupConfig(template_documents=1, template_host_pages=1)
    with pytest.raises(ConfigError, match=r"got 0 and 3$"):
        DedupConfig(template_documents=0, template_host_pages=3)


def test_replace_checks_again() -> None:
    config = replace(DedupConfig(), threshold=0.9, batch_size=3)
    assert (config.threshold, config.batch_size) == (0.9, 3)
    with pytest.raises(ConfigError, match=r"^num_perm must be"):
        replace(config, num_perm=100)
