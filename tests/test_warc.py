"""WARC input: newsclean.read_warc, clean_many over it, and the damage it reads past."""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import Failure, HtmlConfig, WarcPage, clean_html, clean_many, read_warc
from newsclean.io.warc import is_warc
from warc_helpers import HARBOUR, MIXED, VALLEY, archive, record

SKIPPED = Counter({"request": 1, "redirect": 1, "image/png": 1, "metadata": 1})


def _write(tmp_path: Path, data: bytes, name: str = "crawl.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _summary(items: list[WarcPage | Failure]) -> list[str]:
    return [item.id if isinstance(item, WarcPage) else f"failure {item.index}" for item in items]


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_html_responses_come_out_with_their_fields_and_the_rest_is_counted(tmp_path, gzipped) -> None:
    warc = read_warc(_write(tmp_path, archive(MIXED, gzipped)))
    pages = list(warc)
    assert [page.fields() for page in pages] == [
        {
            "id": "<urn:uuid:1>",
            "url": "https://courier.example/story-1",
            "warc_date": "2024-05-01T10:00:00Z",
            "http_status": 200,
        },
        {
            "id": "<urn:uuid:6>",
            "url": "https://valley.example/blog/1",
            "warc_date": "2024-05-06T10:00:00Z",
            "http_status": 200,
        },
    ]
    assert [page.html.encode() for page in pages] == [HARBOUR, VALLEY]
    assert (warc.pages, warc.failures, warc.skipped) == (2, 0, SKIPPED)
    assert warc.summary().endswith(
        ": 2 HTML pages; 4 other records skipped (1 request, 1 redirect, 1 image/png, 1 metadata)"
    )


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_a_damaged_record_is_a_failure_in_its_place_and_reading_goes_on(tmp_path, gzipped) -> None:
    records = [record(1, HARBOUR), b"NOT A WARC HEADER\r\n\r\n", record(3, VALLEY)]
    items = list(read_warc(_write(tmp_path, archive(records, gzipped))))
    assert _summary(items) == ["<urn:uuid:1>", "failure 1", "<urn:uuid:3>"]
    assert isinstance(items[1], Failure) and items[1].kind == "WarcRecordError"
    assert "damaged data after the record at byte 0" in items[1].message
    assert "reading goes on at byte" in items[1].message


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_a_cut_off_archive_ends_with_a_failure(tmp_path, gzipped) -> None:
    whole = archive([record(1, HARBOUR), record(2, VALLEY)], gzipped)
    items = list(read_warc(_write(tmp_path, whole[: len(whole) - 300])))
    assert _summary(items) == ["<urn:uuid:1>", "failure 1"]


def test_a_record_cut_mid_payload_is_a_failure(tmp_path) -> None:
    whole = archive([record(1, HARBOUR), record(2, VALLEY)], gzipped=False)
    cut = whole[: whole.index(b"<urn:uuid:2>") + 900]
    items = list(read_warc(_write(tmp_path, cut)))
    assert _summary(items) == ["<urn:uuid:1>", "failure 1"]
    assert isinstance(items[1], Failure) and "cut short" in items[1].message


def test_the_http_charset_decodes_a_page_that_declares_none(tmp_path) -> None:
    page = "<html><body><p>Привет, мир: новости дня.</p></body></html>".encode("cp1251")
    header = record(1, page, content_type="text/html; charset=windows-1251")
    (item,) = read_warc(_write(tmp_path, header))
    assert isinstance(item, WarcPage)
    assert (item.html, item.charset) == (page.decode("cp1251"), "cp1251")


def test_the_page_declared_charset_wins_over_the_http_header(tmp_path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет</p></body></html>'
    data = record(1, page.encode("cp1251"), content_type="text/html; charset=iso-8859-1")
    (item,) = read_warc(_write(tmp_path, data))
    assert isinstance(item, WarcPage) and (item.html, item.charset) == (page, "cp1251")


def test_a_payload_without_a_content_type_counts_as_html_when_it_starts_as_html(tmp_path) -> None:
    data = archive([record(1, HARBOUR, content_type=None), record(2, b"%PDF-1.7", content_type=None)], True)
    warc = read_warc(_write(tmp_path, data))
    assert _summary(list(warc)) == ["<urn:uuid:1>"]
    assert warc.skipped == Counter({"response without a type": 1})


@pytest.mark.parametrize(
    ("head", "expected", "why"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", True, "a plain WARC"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), True, "a gzipped WARC"),
        (HARBOUR[:1024], False, "an HTML page"),
        (gzip.compress(HARBOUR)[:1024], False, "a gzipped HTML page"),
        (b"\x1f\x8b\x08garbage", False, "gzip magic, then no gzip data"),
        (b"", False, "an empty file"),
    ],
)
def test_is_warc_reads_the_content_not_the_name(head: bytes, expected: bool, why: str) -> None:
    assert is_warc(head) is expected, why


def test_clean_many_cleans_the_pages_as_html_with_their_url(tmp_path) -> None:
    records = [record(1, HARBOUR), b"NOT A WARC HEADER\r\n\r\n", record(3, VALLEY)]
    results = list(
        clean_many(read_warc(_write(tmp_path, archive(records, True))), jobs=1, config=HtmlConfig())
    )
    assert isinstance(results[1], Failure) and results[1].index == 1
    first, third = results[0], results[2]
    assert not isinstance(first, Failure) and not isinstance(third, Failure)
    assert first.body == clean_html(HARBOUR, url="https://courier.example/story-1").body
    assert third.body == clean_html(VALLEY, url="https://courier.example/story-3").body
    assert (
        third.metadata.site_name
        == clean_html(VALLEY, url="https://courier.example/story-3").metadata.site_name
    )


def test_a_missing_file_raises_the_os_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        list(read_warc(tmp_path / "absent.warc.gz"))


def test_without_fastwarc_the_error_says_what_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)
    with pytest.raises(newsclean.MissingDependencyError, match=r"needs fastwarc.*pip install fastwarc"):
        list(read_warc(_write(tmp_path, record(1, HARBOUR))))


_RECORDS = [record(1, HARBOUR), record(2, VALLEY), record(3, HARBOUR)]


def _ends(gzipped: bool) -> list[int]:
    """Where each record of ``_RECORDS`` ends in its archive."""
    sizes = [len(archive([r], gzipped)) for r in _RECORDS]
    return [sum(sizes[: n + 1]) for n in range(len(sizes))]


@settings(max_examples=80, deadline=None)
@given(st.booleans(), st.data())
def test_any_cut_or_changed_byte_loses_no_record_before_it_and_never_raises(gzipped: bool, draw) -> None:
    data = archive(_RECORDS, gzipped)
    cut = draw.draw(st.integers(min_value=0, max_value=len(data)), label="cut")
    flip = draw.draw(st.integers(min_value=0, max_value=len(data) - 1), label="changed byte")
    _check_damaged(gzipped, data, cut, flip)


def test_a_record_whose_id_is_damaged_keeps_its_place_under_the_offset_that_names_it() -> None:
    # byte 31 of a plain archive is in the first record's WARC-Record-ID: the page is named by its offset
    # ("damaged.warc@0"), which sorts after "<urn:uuid:2>" as text but comes first in the archive
    data = archive(_RECORDS, False)
    _check_damaged(False, data, len(data), 31)


def _check_damaged(gzipped: bool, data: bytes, cut: int, flip: int) -> None:
    import io

    damaged = bytearray(data[:cut])
    if flip < len(damaged):
        damaged[flip] ^= 0x55
    items = list(read_warc("damaged.warc", io.BytesIO(bytes(damaged))))
    ids = [item.id for item in items if isinstance(item, WarcPage)]
    # where each page's record starts: its own id's record, or the offset a record without a readable id is named by
    starts = [0, *_ends(gzipped)]
    where = [
        int(i.rsplit("@", 1)[1]) if i.startswith("damaged.warc@") else starts[int(i[10:-1]) - 1] for i in ids
    ]
    assert len(ids) == len(set(ids)) and where == sorted(set(where)), "each page once, in archive order"
    intact = [f"<urn:uuid:{n + 1}>" for n, end in enumerate(_ends(gzipped)) if end <= min(cut, flip)]
    assert ids[: len(intact)] == intact, "every record before the damage comes out"
    # a cut in a record, short of the blank lines that close it in a plain archive, is reported
    closing = 0 if gzipped else len(b"\r\n\r\n")
    if 0 < cut < len(data) and not any(end - closing <= cut <= end for end in _ends(gzipped)):
        assert any(isinstance(item, Failure) for item in items)
