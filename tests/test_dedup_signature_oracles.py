"""MinHash signatures against a plain-Python one-permutation hashing with optimal densification.

The reference takes the shingle hashes from ``shingle_reference`` (plain Python too), puts each
in the bin its top bits name, keeps each bin's smallest low 32 bits, and fills an empty bin from
the first filled bin of its probe sequence (the generator seeded as documented), or, after 512
probes, from the document's first filled bin. Signatures of 1,024 bins with two or three filled
ones exercise that last rule; batches of more than 64 documents, the slices.
"""

from __future__ import annotations

import numpy as np
import pytest

import shingle_reference as ref
from newsclean.dedup.shingles import ShingleBatch
from newsclean.dedup.signature import EMPTY, MinHasher, jaccard
from newsclean.errors import ConfigError


def reference_signature(hashes: list[int], num_perm: int, seed: int = 1) -> list[int]:
    bits = num_perm.bit_length() - 1
    probes = np.random.default_rng([seed, 0xD3]).integers(0, num_perm, size=(512, num_perm), dtype=np.int64)
    bins: list[int | None] = [None] * num_perm
    for h in hashes:
        b, value = h >> (64 - bits), h & 0xFFFFFFFF
        current = bins[b]
        bins[b] = value if current is None else min(current, value)
    filled = [b for b in range(num_perm) if bins[b] is not None]
    if not filled:
        return [0xFFFFFFFF] * num_perm
    out = []
    for c in range(num_perm):
        value = bins[c]
        if value is None:
            for attempt in range(512):
                value = bins[int(probes[attempt, c])]
                if value is not None:
                    break
            else:
                value = bins[filled[0]]
        out.append(value)
    return out


@pytest.mark.parametrize("num_perm", [0, 1, 3, 6, 1023, 1536, 2048])
def test_num_perm_must_be_a_power_of_two_from_2_to_1024(num_perm: int) -> None:
    with pytest.raises(ConfigError) as error:
        MinHasher(num_perm=num_perm)
    assert str(error.value) == f"num_perm must be a power of two from 2 to 1024, got {num_perm}"


@pytest.mark.parametrize(
    ("num_perm", "shingle_size", "seed"), [(2, 1, 1), (4, 2, 3), (64, 3, 1), (128, 5, 2)]
)
def test_signatures_match_the_reference(num_perm: int, shingle_size: int, seed: int) -> None:
    texts = [
        "the quick brown fox jumps over the lazy dog near the river bank at dawn",
        "the quick brown fox jumps over the lazy dog near the river",
        "",
        "an entirely different sentence about markets and interest rates today",
        "one two",
        " ".join(f"word{i}" for i in range(300)),
    ]
    hasher = MinHasher(num_perm=num_perm, shingle_size=shingle_size, seed=seed)
    assert hasher.num_perm == num_perm and hasher.shingler.shingle_size == shingle_size
    got = hasher.signatures(texts)
    assert got.dtype == np.uint32 and got.shape == (len(texts), num_perm)
    for i, text in enumerate(texts):
        expected = reference_signature(ref.shingle_hashes(text, shingle_size, seed), num_perm, seed)
        assert got[i].tolist() == expected, i
        assert hasher.signature(text).tolist() == expected, i


def test_a_text_without_a_shingle_has_the_empty_signature() -> None:
    hasher = MinHasher(num_perm=8, shingle_size=3)
    assert hasher.signature("too short").tolist() == [int(EMPTY)] * 8
    assert int(EMPTY) == 0xFFFFFFFF


@pytest.mark.parametrize("shingles", [2, 3, 5])
def test_probes_give_out_after_512_and_the_first_filled_bin_is_copied(shingles: int) -> None:
    # 1,024 bins, a handful filled: many empty bins find no filled one in 512 probes
    text = " ".join(f"w{i}" for i in range(shingles))
    hasher = MinHasher(num_perm=1024, shingle_size=1, seed=4)
    expected = reference_signature(ref.shingle_hashes(text, 1, seed=4), 1024, seed=4)
    assert hasher.signature(text).tolist() == expected
    assert len(set(expected)) == shingles


def test_batches_of_more_than_64_documents_are_signed_in_slices() -> None:
    texts = [" ".join(f"t{i} w{j} x{(i * j) % 7}" for j in range(i % 9)) for i in range(150)]
    hasher = MinHasher(num_perm=16, shingle_size=2)
    got = hasher.signatures(texts)
    assert got.shape == (150, 16)
    for i in (0, 1, 63, 64, 65, 127, 128, 129, 149):
        assert got[i].tolist() == reference_signature(ref.shingle_hashes(texts[i], 2), 16), i
    batch = hasher.shingler.shingle(texts)
    assert hasher.from_shingles(batch).tolist() == got.tolist()
    for n in (64, 65, 128, 129):
        part = ShingleBatch(batch.hashes[: batch.offsets[n]], batch.offsets[: n + 1], batch.token_counts[:n])
        assert hasher.from_shingles(part).tolist() == got[:n].tolist(), n


def test_jaccard_is_the_share_of_equal_positions() -> None:
    a = np.array([1, 2, 3, 4], dtype=np.uint32)
    assert jaccard(a, a) == 1.0
    assert jaccard(a, np.array([1, 2, 0, 0], dtype=np.uint32)) == 0.5
    assert jaccard(a, np.array([0, 2, 0, 0], dtype=np.uint32)) == 0.25
    assert jaccard(a, np.array([5, 6, 7, 8], dtype=np.uint32)) == 0.0


def test_jaccard_of_signatures_of_different_lengths_is_refused() -> None:
    with pytest.raises(ConfigError) as error:
        jaccard(np.zeros(4, dtype=np.uint32), np.zeros(8, dtype=np.uint32))
    assert str(error.value) == (
        "signatures of different lengths (4 and 8) cannot be compared: make both with the same MinHasher"
    )


def test_the_defaults() -> None:
    hasher = MinHasher()
    assert hasher.num_perm == 128
    assert hasher.shingler.shingle_size == 5 and hasher.shingler.seed == 1
    text = "one two three four five six seven"
    assert hasher.signature(text).tolist() == reference_signature(ref.shingle_hashes(text, 5, seed=1), 128)
