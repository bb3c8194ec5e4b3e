"""The arrays file (start-up data read without parsing) and the stoplist index kept in it."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from newsclean import arrays_file, stoplists
from newsclean.arrays_file import MAGIC, ArraysFileError, dumps, loads
from newsclean.pattern_cache import CACHE_DIR_VARIABLE
from newsclean.stoplist_index import StoplistIndex, build_index, cached_index, index_file, word_keys

ARRAYS = {
    "floats": np.array([[0.5, -1.25], [3.0, 1e-7]], dtype="<f4"),
    "ints": np.array([7, -2, 0], dtype="<i8"),
    "bytes": np.frombuffer("héllo".encode(), dtype=np.uint8),
    "none": np.zeros((0, 3), dtype="<f8"),
}


def test_round_trip_keeps_values_types_shapes_and_meta() -> None:
    meta = {"format": "x", "names": ["a", "é"], "n": 3}
    got_meta, got = loads(dumps(meta, ARRAYS))
    assert got_meta == meta
    assert list(got) == list(ARRAYS)
    for name, array in ARRAYS.items():
        assert got[name].dtype == array.dtype and got[name].shape == array.shape, name
        assert got[name].tobytes() == array.tobytes(), name


def test_the_same_data_makes_the_same_bytes_and_the_layout_is_as_documented() -> None:
    data = dumps({"b": 1, "a": 2}, {"x": np.array([1, 2], dtype="<i4")})
    assert data == dumps({"a": 2, "b": 1}, {"x": np.array([1, 2], dtype="<i4")})
    expected_header = b'{"arrays":[{"dtype":"<i4","name":"x","shape":[2]}],"meta":{"a":2,"b":1}}\n'
    assert data == MAGIC + expected_header + b"\x01\x00\x00\x00\x02\x00\x00\x00"


def test_an_unlisted_type_is_refused_when_written() -> None:
    with pytest.raises(ValueError, match="store it as one of"):
        dumps({}, {"x": np.array([1], dtype=">i4")})


GOOD = dumps({"m": 1}, {"x": np.arange(4, dtype="<i4")})


@pytest.mark.parametrize(
    ("data", "message", "why"),
    [
        (b"", "does not start with", "an empty file"),
        (b"PK\x03\x04" + GOOD, "does not start with", "another format"),
        (MAGIC + b'{"meta":1', "header line is cut short", "a header without its line end"),
        (MAGIC + b"{not json}\n", "header is not", "a damaged header"),
        (MAGIC + b'{"meta":1}\n', "header is not", "a header without the arrays' list"),
        (GOOD[:-1], "cut short", "the last byte lost"),
        (GOOD + b"\x00", "1 bytes follow", "a byte too many"),
        (
            MAGIC + b'{"arrays":[{"dtype":">i4","name":"x","shape":[1]}],"meta":1}\n\x00\x00\x00\x01',
            "type",
            "a type not allowed",
        ),
        (
            MAGIC + b'{"arrays":[{"dtype":"<i4","name":"x","shape":[-1]}],"meta":1}\n',
            "shape",
            "a negative shape",
        ),
    ],
)
def test_a_damaged_file_is_a_clear_error(data: bytes, message: str, why: str) -> None:
    with pytest.raises(ArraysFileError, match=message):
        loads(data)


def test_the_error_is_a_newsclean_value_error() -> None:
    assert issubclass(ArraysFileError, ValueError) and issubclass(ArraysFileError, stoplists.NewscleanError)


# --- the stoplist index -------------------------------------------------------------------------

LISTS = (frozenset({"the", "of", "a"}), frozenset({"the", "der", "und"}), frozenset({"de", "la", "él"}))
NAMES = ("English", "German", "Spanish")


def test_the_index_answers_what_the_sets_answer() -> None:
    index = build_index(NAMES, LISTS)
    words = ["the", "der", "él", "el", "", "THE", "und", "x" * 300, "de\udc80"]
    expected = [[k for k, words in enumerate(LISTS) if w in words] for w in words]
    assert [ids.tolist() for ids in index.lookup(words)] == expected
    assert index.sizes == (3, 3, 3)


def test_words_sharing_a_key_are_told_apart_by_their_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    def one_key(words: list[bytes]) -> np.ndarray:
        return np.full(len(words), 7, dtype=np.uint64)  # every word the same key

    monkeypatch.setattr("newsclean.stoplist_index.word_keys", one_key)
    index = build_index(NAMES, LISTS)
    assert [ids.tolist() for ids in index.lookup(["der", "la", "zz"])] == [[1], [2], []]


def test_the_index_round_trips_through_its_file() -> None:
    index = build_index(NAMES, LISTS)
    again = StoplistIndex.loads(index.dumps())
    assert again.names == NAMES and again.sizes == index.sizes
    assert again.dumps() == index.dumps()
    assert [ids.tolist() for ids in again.lookup(["the", "la"])] == [[0, 1], [2]]


def test_word_keys_are_the_documented_sum() -> None:
    m = 0x100000001B3  # FNV's 64-bit prime; the sum written out in Python integers
    expected = [(2 + 97 * m + 98 * m**2) % 2**64, (3 + 116 * m + 104 * m**2 + 101 * m**3) % 2**64, 0]
    assert word_keys([b"ab", b"the", b""]).tolist() == expected
    assert word_keys([]).tolist() == []


@pytest.mark.parametrize(
    ("meta", "why"),
    [
        (
            {"format": "newsclean-stoplist-index", "format_version": 3, "names": [], "sizes": []},
            "a later version",
        ),
        ({"format": "newsclean-locator", "format_version": 1}, "another kind of file"),
        ({"format": "newsclean-stoplist-index", "format_version": 2, "names": ["A"]}, "no sizes"),
        (
            {"format": "newsclean-stoplist-index", "format_version": 2, "names": ["A"], "sizes": [1]},
            "no longest",
        ),
    ],
)
def test_a_file_that_is_not_this_index_is_refused(meta: object, why: str) -> None:
    good = build_index(NAMES, LISTS)
    arrays = {k: getattr(good, k) for k in ("hashes", "words", "bounds", "starts")}
    data = arrays_file.dumps(meta, {**arrays, "lists": good.lists.astype("<u2")})
    with pytest.raises(ArraysFileError):
        StoplistIndex.loads(data)


def test_arrays_that_do_not_fit_together_are_refused() -> None:
    good = build_index(NAMES, LISTS)
    meta = {
        "format": "newsclean-stoplist-index",
        "format_version": 2,
        "names": list(NAMES),
        "sizes": [3, 3, 3],
        "longest": 3,
    }
    arrays = {
        "hashes": good.hashes,
        "words": good.words,
        "bounds": good.bounds[:-1],
        "starts": good.starts,
        "lists": good.lists,
    }
    with pytest.raises(ArraysFileError, match="do not fit together"):
        StoplistIndex.loads(arrays_file.dumps(meta, arrays))


@pytest.fixture
def stoplist_files(tmp_path: Path) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    files = []
    for name, words in zip(NAMES, LISTS, strict=True):
        path = tmp_path / "lists" / f"{name}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
        files.append(path)
    return NAMES, tuple(files)


def _read(path: Path) -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8").split())


def test_the_index_is_built_once_then_read_from_the_cache(
    stoplist_files: tuple[tuple[str, ...], tuple[Path, ...]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    names, files = stoplist_files
    built = cached_index(names, files, _read)
    path = index_file(tmp_path / "cache", files)
    assert path.read_bytes() == built.dumps()

    def refuse(path: Path) -> frozenset[str]:
        raise AssertionError("read the lists again")

    assert cached_index(names, files, refuse).dumps() == built.dumps()


@pytest.mark.parametrize("damage", [b"", b"garbage", b"truncated"], ids=["empty", "garbage", "truncated"])
def test_a_damaged_cached_index_is_built_again_and_rewritten(
    stoplist_files: tuple[tuple[str, ...], tuple[Path, ...]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: bytes,
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    names, files = stoplist_files
    good = cached_index(names, files, _read).dumps()
    path = index_file(tmp_path / "cache", files)
    path.write_bytes(good[: len(good) // 2] if damage == b"truncated" else damage)
    assert cached_index(names, files, _read).dumps() == good
    assert path.read_bytes() == good


def test_an_edited_stoplist_gets_a_new_index(
    stoplist_files: tuple[tuple[str, ...], tuple[Path, ...]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    names, files = stoplist_files
    cached_index(names, files, _read)
    before = index_file(tmp_path / "cache", files)
    files[0].write_text("the\nof\na\nan\n", encoding="utf-8")
    os.utime(files[0], ns=(1, 1))
    assert index_file(tmp_path / "cache", files) != before
    assert cached_index(names, files, _read).lookup(["an"])[0].tolist() == [0]


def test_without_a_cache_the_index_is_built_and_nothing_is_written(
    stoplist_files: tuple[tuple[str, ...], tuple[Path, ...]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, "")
    names, files = stoplist_files
    assert cached_index(names, files, _read).lookup(["und"])[0].tolist() == [1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lists"]


def test_the_shipped_stoplists_index_answers_as_jusTexts_sets() -> None:
    index = stoplists._index()
    sample = ["the", "und", "de", "że", "и", "の", "zzzz", "Der", "der"]
    expected = [[k for k, name in enumerate(index.names) if w in stoplists.stoplist(name)] for w in sample]
    assert [ids.tolist() for ids in index.lookup(sample)] == expected
    assert index.sizes == tuple(len(stoplists.stoplist(name)) for name in index.names)


def test_a_missing_stoplist_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(stoplists.StoplistError, match=r"cannot read the stoplist .*reinstall justext"):
        stoplists._read_file(tmp_path / "Klingon.txt")


def test_write_or_check_writes_then_compares(tmp_path, capsys) -> None:
    out = tmp_path / "model.arrays"
    assert arrays_file.write_or_check(out, b"abc", check=True) == 1  # nothing there yet: it differs
    assert arrays_file.write_or_check(out, b"abc", check=False) == 0
    assert out.read_bytes() == b"abc"
    assert arrays_file.write_or_check(out, b"abc", check=True) == 0
    assert arrays_file.write_or_check(out, b"abd", check=True) == 1
    assert out.read_bytes() == b"abc"  # a check never writes
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{out} differs from what the training data makes",
        f"wrote {out} (0 kB)",
        f"{out} is what the training data makes",
        f"{out} differs from what the training data makes",
    ]
