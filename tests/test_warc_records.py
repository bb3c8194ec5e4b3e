"""The WARC reader record by record, on small archives written in the test: which responses are pages (the
status and type limits), the HTTP head, the record's fields, the summary line, and each failure's message
with its byte offsets worked out from the records' lengths."""

from __future__ import annotations

import gzip
import io
from collections import Counter

import pytest

from newsclean import Failure, MissingDependencyError, WarcPage, read_warc
from newsclean.io.warc import WarcArchive, is_warc
from warc_helpers import record

PAGE = b"<html><body><p>A short page.</p></body></html>"


def read(data: bytes, name: str = "t.warc") -> tuple[list[WarcPage | Failure], WarcArchive]:
    warc = read_warc(name, io.BytesIO(data))
    return list(warc), warc


def one_page(data: bytes) -> WarcPage:
    items, _ = read(data)
    assert len(items) == 1 and isinstance(items[0], WarcPage), items
    return items[0]


def raw_record(headers: str, block: bytes) -> bytes:
    """A WARC record with the given header lines (CRLF-separated, without Content-Length) and block."""
    head = f"WARC/1.0\r\n{headers}Content-Length: {len(block)}\r\n\r\n".encode("latin-1")
    return head + block + b"\r\n\r\n"


# --- which responses are pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "page"),
    [
        ("200 OK", True),
        ("299 Whatever", True),
        ("300 Multiple Choices", False),
        ("301 Moved Permanently", False),
        ("399 Whatever", False),
        ("400 Bad Request", True),
        ("404 Not Found", True),
    ],
)
def test_a_3xx_response_is_a_redirect_and_any_other_status_a_page(status: str, page: bool) -> None:
    items, warc = read(record(1, PAGE, status=status))
    if page:
        assert [item.http_status for item in items if isinstance(item, WarcPage)] == [int(status[:3])]
        assert (warc.pages, warc.skipped) == (1, Counter())
    else:
        assert items == []
        assert (warc.pages, warc.skipped) == (0, Counter({"redirect": 1}))


@pytest.mark.parametrize(
    ("content_type", "skipped_as"),
    [
        ("text/html", None),
        ("text/html; charset=utf-8", None),
        ("TEXT/HTML", None),
        ("  text/html  ;charset=utf-8", None),
        ("application/xhtml+xml", None),
        ("text/plain", "text/plain"),
        ("Text/Plain; charset=utf-8", "text/plain"),
        ("text/htmlx", "text/htmlx"),
        ("application/json", "application/json"),
    ],
)
def test_the_content_type_says_which_responses_are_html(content_type: str, skipped_as: str | None) -> None:
    items, warc = read(record(1, PAGE, content_type=content_type))
    if skipped_as is None:
        assert [item.id for item in items if isinstance(item, WarcPage)] == ["<urn:uuid:1>"]
        assert warc.skipped == Counter()
    else:
        assert items == []
        assert warc.skipped == Counter({skipped_as: 1})


@pytest.mark.parametrize(
    ("payload", "html"),
    [
        (b"<html><p>x</p></html>", True),
        (b"<!DOCTYPE html><p>x</p>", True),
        (b"<!doctype  HTML><p>x</p>", True),
        (b"<HEAD><title>x</title></HEAD>", True),
        (b"<body><p>x</p></body>", True),
        (b"  \r\n\t<html><p>x</p></html>", True),
        (b"<!-- a comment --> <!-- another --><html><p>x</p></html>", True),
        (b"<p>a paragraph first</p><html>", False),
        (b"<htmlx>", False),
        (b"text <html>", False),
        (b"%PDF-1.7 <html>", False),
        (b" " * 4091 + b"<html>", True),  # "<html" ends at byte 4096: inside the bytes looked at
        (b" " * 4092 + b"<html>", False),  # one byte later: "<htm" is all that is looked at
    ],
)
def test_a_response_without_a_type_is_html_when_it_starts_as_html(payload: bytes, html: bool) -> None:
    items, warc = read(record(1, payload, content_type=None))
    if html:
        assert [item.id for item in items if isinstance(item, WarcPage)] == ["<urn:uuid:1>"]
    else:
        assert items == []
        assert warc.skipped == Counter({"response without a type": 1})


def test_records_that_are_not_responses_are_counted_by_their_type() -> None:
    data = b"".join(
        [
            record(1, b"GET / HTTP/1.1\r\n\r\n", kind="request"),
            record(2, b"software: x\r\n", kind="warcinfo"),
            record(3, b"a: b\r\n", kind="metadata"),
            record(4, b"GET / HTTP/1.1\r\n\r\n", kind="request"),
            record(5, PAGE),
        ]
    )
    items, warc = read(data)
    assert [item.id for item in items if isinstance(item, WarcPage)] == ["<urn:uuid:5>"]
    assert warc.skipped == Counter({"request": 2, "warcinfo": 1, "metadata": 1})
    assert (warc.pages, warc.failures) == (1, 0)


# --- the HTTP head ----------------------------------------------------------------------------------


def test_an_http_head_ended_by_bare_line_feeds() -> None:
    block = b"HTTP/1.1 203 Partial\nContent-Type: text/html\n\n" + PAGE
    page = one_page(raw_record("WARC-Type: response\r\nWARC-Record-ID: <urn:uuid:9>\r\n", block))
    assert (page.http_status, page.html) == (203, PAGE.decode())


def test_the_first_blank_line_ends_the_http_head() -> None:
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>one\r\n\r\ntwo\n\nthree</html>"
    page = one_page(raw_record("WARC-Type: response\r\n", block))
    assert page.html == "<html>one\r\n\r\ntwo\n\nthree</html>"
    # a head ended by bare line feeds, a payload holding CRLF CRLF: the head ends at the first blank line
    block = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html>one\r\n\r\ntwo</html>"
    page = one_page(raw_record("WARC-Type: response\r\n", block))
    assert page.html == "<html>one\r\n\r\ntwo</html>"
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n\n\n<html>one</html>"
    assert one_page(raw_record("WARC-Type: response\r\n", block)).html == "\n\n<html>one</html>"


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"HTTP/1.1 200 OK", 200),
        (b"HTTP/1.0 404", 404),
        (b"HTTP/2 201 Created", 201),
        (b"HTTP/1.1 OK", None),
        (b"HTTP/1.1", None),
        (b"HTTP/1.1 2OO OK", None),
    ],
)
def test_the_status_is_the_status_line_s_second_field(head: bytes, status: int | None) -> None:
    page = one_page(
        raw_record("WARC-Type: response\r\n", head + b"\r\nContent-Type: text/html\r\n\r\n" + PAGE)
    )
    assert page.http_status == status
    assert page.html == PAGE.decode()


def test_a_block_that_is_no_http_response_is_all_payload() -> None:
    # no "HTTP/" first: no status, no headers, the whole block is the payload (HTML by its start)
    page = one_page(raw_record("WARC-Type: response\r\n", PAGE))
    assert (page.http_status, page.html) == (None, PAGE.decode())
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain" + b"\r\n" + PAGE  # no blank line
    items, warc = read(raw_record("WARC-Type: response\r\n", block))
    assert items == [] and warc.skipped == Counter({"response without a type": 1})


def test_header_names_are_read_in_any_case_and_the_first_of_two_wins() -> None:
    head = b"HTTP/1.1 200 OK\r\nX-Note no colon here\r\ncontent-TYPE:text/html\r\nContent-Type: image/png\r\n\r\n"
    page = one_page(raw_record("WARC-Type: response\r\n", head + PAGE))
    assert page.html == PAGE.decode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Type: text/html\r\n\r\n"
    items, warc = read(raw_record("WARC-Type: response\r\n", head + PAGE))
    assert items == [] and warc.skipped == Counter({"image/png": 1})


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html; charset=windows-1251", "cp1251"),
        ("text/html;charset = 'windows-1251'", "cp1251"),
        ('text/html; CHARSET="windows-1251"', "cp1251"),
        ("text/html; charset=utf-8", "utf-8"),  # not UTF-8 bytes: the header is tried, then detection
    ],
)
def test_the_http_charset_decodes_the_page(content_type: str, charset: str) -> None:
    text = "<html><body><p>Новости дня: в городе открылся новый мост через реку.</p></body></html>"
    page = one_page(record(1, text.encode("cp1251"), content_type=content_type))
    assert page.html == text
    if charset == "cp1251":
        assert (page.charset, page.warnings) == ("cp1251", ())
    else:  # the header named the wrong charset: the page was decoded by detection, with a warning
        assert page.warnings == (
            f"t.warc: record at byte 0: no charset declared and not UTF-8; decoded as {page.charset} (detected)",
        )


# --- the record's fields ---------------------------------------------------------------------------------


def test_the_fields_of_a_page_and_of_one_without_an_id_url_or_date() -> None:
    first = record(1, PAGE, url="https://a.example/x")
    bare = raw_record("WARC-Type: response\r\n", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE)
    items, _ = read(first + bare, name="crawl.warc")
    assert items == [
        WarcPage(
            "<urn:uuid:1>", "https://a.example/x", "2024-05-01T10:00:00Z", 200, PAGE.decode(), 0, "utf-8"
        ),
        WarcPage(f"crawl.warc@{len(first)}", None, None, 200, PAGE.decode(), len(first), "utf-8"),
    ]
    assert items[1].fields() == {
        "id": f"crawl.warc@{len(first)}",
        "url": None,
        "warc_date": None,
        "http_status": 200,
    }


def test_offsets_in_a_gzipped_archive_are_where_each_member_starts() -> None:
    members = [gzip.compress(record(n, PAGE)) for n in (1, 2, 3)]
    items, _ = read(b"".join(members))
    assert [item.offset for item in items if isinstance(item, WarcPage)] == [
        0,
        len(members[0]),
        len(members[0]) + len(members[1]),
    ]


# --- failures ------------------------------------------------------------------------------------------


def test_a_page_that_cannot_be_decoded_is_a_failure_in_its_place() -> None:
    empty = record(1, b"  \r\n ")
    items, warc = read(empty + record(2, PAGE))
    assert items[0] == Failure(
        0,
        "EmptyDocumentError",
        "t.warc: record at byte 0 (<urn:uuid:1>): the HTML is empty: pass the bytes of a web page",
    )
    assert isinstance(items[1], WarcPage) and items[1].offset == len(empty)
    assert (warc.pages, warc.failures) == (1, 1)
    assert warc.summary() == "t.warc: 1 HTML page, 1 damaged record"


@pytest.mark.parametrize("length", ["x", "-", "1.0"])
def test_a_record_without_a_valid_content_length_is_a_failure(length: str) -> None:
    data = record(1, PAGE).replace(b"Content-Length: ", f"Content-Length: {length}".encode(), 1)
    items, warc = read(data)
    assert items[0] == Failure(
        0, "WarcRecordError", "t.warc: record at byte 0: no valid Content-Length; the record is skipped"
    )
    assert warc.pages == 0


def test_a_record_cut_short_says_how_many_bytes_it_holds() -> None:
    big = record(1, b"<html>" + b"x" * 1500 + b"</html>")
    block_start = big.index(b"HTTP/1.1")
    length = len(big) - block_start - 4  # the block: everything but the head and the closing CRLF CRLF
    items, _ = read(big[: block_start + 1200])
    assert items[0] == Failure(
        0,
        "WarcRecordError",
        f"t.warc: record at byte 0: cut short (1,200 of {length:,} bytes); the record is skipped",
    )


def test_damage_between_records_names_where_reading_goes_on() -> None:
    first, second = record(1, PAGE), record(2, PAGE)
    junk = b"NOT A WARC HEADER\r\n" + b"x" * 1000 + b"\r\n\r\n"
    items, warc = read(first + junk + second)
    assert items[1] == Failure(
        1,
        "WarcRecordError",
        f"t.warc: damaged data after the record at byte 0: Invalid WARC header; reading goes on at byte "
        f"{len(first) + len(junk):,}",
    )
    assert isinstance(items[2], WarcPage) and items[2].offset == len(first) + len(junk)
    assert [type(i).__name__ for i in items] == ["WarcPage", "Failure", "WarcPage"]
    assert warc.summary() == "t.warc: 2 HTML pages, 1 damaged record"


def test_an_archive_of_no_record_at_all() -> None:
    items, warc = read(b"hello, this is not an archive")
    assert items == [
        Failure(
            0,
            "WarcRecordError",
            "t.warc: damaged data after the record at byte 0: Invalid WARC header; nothing after it could be read",
        )
    ]
    assert warc.failures == 1
    assert read(b"")[0] == []


def test_a_gzip_member_cut_off_at_the_end() -> None:
    whole = gzip.compress(record(1, PAGE)) + gzip.compress(record(2, PAGE))
    start = len(gzip.compress(record(1, PAGE)))
    items, _ = read(whole[:-5])  # the second record whole, its gzip trailer cut
    assert [item.offset for item in items[:2] if isinstance(item, WarcPage)] == [0, start]
    assert items[2:] == [
        Failure(
            2,
            "WarcRecordError",
            f"t.warc: damaged data after the record at byte {start:,}: the archive is cut off inside the gzip data "
            "of this record; nothing after it could be read",
        )
    ]


def test_resync_finds_a_record_past_a_megabyte_of_junk() -> None:
    first, second = record(1, PAGE), record(2, PAGE)
    junk = b"NOT A WARC HEADER\r\n" + b"y" * (1024 * 1024 + 500) + b"\r\n\r\n"
    items, _ = read(first + junk + second)
    assert [i.id if isinstance(i, WarcPage) else "failure" for i in items] == [
        "<urn:uuid:1>",
        "failure",
        "<urn:uuid:2>",
    ]
    assert isinstance(items[2], WarcPage) and items[2].offset == len(first) + len(junk)


def test_resync_in_a_gzipped_archive_skips_gzip_data_that_is_no_record() -> None:
    first, second = gzip.compress(record(1, PAGE)), gzip.compress(record(2, PAGE))
    junk = gzip.compress(b"not a WARC record at all") + b"\x1f\x8b\x08 broken" + b"z" * 100
    items, _ = read(first + junk + second)
    assert [i.id if isinstance(i, WarcPage) else "failure" for i in items] == [
        "<urn:uuid:1>",
        "failure",
        "<urn:uuid:2>",
    ]
    assert isinstance(items[2], WarcPage) and items[2].offset == len(first) + len(junk)
    assert isinstance(items[1], Failure) and items[1].message.endswith(
        f"reading goes on at byte {len(first) + len(junk):,}"
    )


# --- the summary line ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "failures", "skipped", "line"),
    [
        (0, 0, {}, "a.warc: 0 HTML pages"),
        (1, 0, {}, "a.warc: 1 HTML page"),
        (2, 0, {}, "a.warc: 2 HTML pages"),
        (1234, 0, {}, "a.warc: 1,234 HTML pages"),
        (1, 1, {}, "a.warc: 1 HTML page, 1 damaged record"),
        (1, 2, {}, "a.warc: 1 HTML page, 2 damaged records"),
        (0, 1500, {}, "a.warc: 0 HTML pages, 1,500 damaged records"),
        (1, 0, {"request": 1}, "a.warc: 1 HTML page; 1 other record skipped (1 request)"),
        (
            3,
            1,
            {"image/png": 1, "request": 2000},
            "a.warc: 3 HTML pages, 1 damaged record; 2,001 other records skipped (2,000 request, 1 image/png)",
        ),
    ],
)
def test_the_summary_line(pages: int, failures: int, skipped: dict[str, int], line: str) -> None:
    assert WarcArchive("a.warc", pages=pages, failures=failures, skipped=Counter(skipped)).summary() == line


def test_is_warc_on_the_first_bytes() -> None:
    assert is_warc(b"WARC/1.0\r\n") and is_warc(b"WARC/1.1\r\n")
    assert not is_warc(b"WARC/2.0\r\n") and not is_warc(b" WARC/1.0\r\n")
    assert is_warc(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n" + b"x" * 5000)[:64])
    assert not is_warc(gzip.compress(b"WARC/2.0\r\n"))
    assert not is_warc(b"WARC/1.0"[:6])


# --- reading on after damage, counted ------------------------------------------------------------------


def test_two_damaged_stretches_each_a_failure_numbered_in_place() -> None:
    first, second, third = record(1, PAGE), record(2, PAGE), record(3, PAGE)
    junk = b"NOT A WARC HEADER\r\n\r\n"
    items, warc = read(first + junk + second + junk + third)
    assert [i.id if isinstance(i, WarcPage) else f"failure {i.index}" for i in items] == [
        "<urn:uuid:1>",
        "failure 1",
        "<urn:uuid:2>",
        "failure 3",
        "<urn:uuid:3>",
    ]
    second_at = len(first) + len(junk)
    assert isinstance(items[3], Failure) and items[3].message == (
        f"t.warc: damaged data after the record at byte {second_at}: Invalid WARC header; reading goes on at "
        f"byte {second_at + len(second) + len(junk)}"
    )
    assert (warc.pages, warc.failures) == (3, 2)


def test_damage_before_the_first_record() -> None:
    items, warc = read(b"junk\r\n" + record(1, PAGE))
    assert items[0] == Failure(
        0,
        "WarcRecordError",
        "t.warc: damaged data after the record at byte 0: Invalid WARC header; reading goes on at byte 6",
    )
    assert isinstance(items[1], WarcPage) and items[1].offset == 6
    assert len(items) == 2 and warc.failures == 1


def test_a_record_cut_short_whose_payload_holds_a_warc_line() -> None:
    # the cut record's payload holds a line that looks like a record's start: reading looks there, finds
    # no record, and says so; every failure keeps its place
    first = record(1, PAGE)
    second = record(2, b"<html><p>one</p>\nWARC/1.0 is a format\n" + b"y" * 200 + b"</html>")
    line = len(first) + second.index(b"\nWARC/1.0 is") + 1
    items, warc = read(first + second[:-100])
    declared = len(second) - second.index(b"HTTP/1.1") - 4
    assert items[1:] == [
        Failure(
            1,
            "WarcRecordError",
            f"t.warc: record at byte {len(first)}: cut short ({declared - 96} of {declared} bytes); the record "
            "is skipped",
        ),
        Failure(
            2,
            "WarcRecordError",
            f"t.warc: damaged data after the record at byte {len(first)}: the archive stops being readable "
            f"here; reading goes on at byte {line}",
        ),
        Failure(
            3,
            "WarcRecordError",
            f"t.warc: damaged data after the record at byte {line}: Invalid WARC header; nothing after it could "
            "be read",
        ),
    ]
    assert warc.failures == 3


@pytest.mark.parametrize("data", [b" ", b"\r\n\r\n"])
def test_bytes_that_hold_no_record(data: bytes) -> None:
    items, _ = read(data)
    assert items == [
        Failure(
            0,
            "WarcRecordError",
            "t.warc: damaged data after the record at byte 0: the archive holds no whole record; nothing after "
            "it could be read",
        )
    ]


@pytest.mark.parametrize("tail", [b"x", b"\x1f\x8b"])
def test_bytes_after_the_last_gzip_member_are_counted(tail: bytes) -> None:
    member = gzip.compress(record(1, PAGE))
    items, _ = read(member + tail)
    assert items[1:] == [
        Failure(
            1,
            "WarcRecordError",
            f"t.warc: damaged data after the record at byte 0: the archive is cut off: its last {len(tail)} bytes "
            "are not a whole record; nothing after it could be read",
        )
    ]


def test_bytes_after_a_gzip_member_of_more_than_a_megabyte() -> None:
    import random

    payload = random.Random(5).randbytes(1_500_000)  # incompressible: the member is past 1 MB too
    first = gzip.compress(record(1, PAGE))
    big = gzip.compress(record(2, payload, content_type="application/octet-stream"))
    assert len(big) > 1024 * 1024
    items, warc = read(first + big + b"x")
    assert items[1:] == [
        Failure(
            1,
            "WarcRecordError",
            f"t.warc: damaged data after the record at byte {len(first):,}: the archive is cut off: its last 1 "
            "bytes are not a whole record; nothing after it could be read",
        )
    ]
    assert warc.skipped == Counter({"application/octet-stream": 1})


def test_each_kind_of_skipped_record_and_failure_is_counted() -> None:
    bad_length = record(4, PAGE).replace(b"Content-Length: ", b"Content-Length: x", 1)
    data = b"".join(
        [
            record(1, PAGE, status="301 Moved"),
            record(2, PAGE, status="302 Found"),
            record(3, PAGE, content_type="text/plain"),
            record(5, PAGE, content_type="text/plain; charset=utf-8"),
            record(6, b" "),  # an empty page: a failure
            record(7, b"\r\n"),  # another
            record(8, PAGE),
            bad_length,
        ]
    )
    items, warc = read(data)
    failures = [item for item in items if isinstance(item, Failure)]
    assert [f.kind for f in failures[:3]] == ["EmptyDocumentError", "EmptyDocumentError", "WarcRecordError"]
    assert warc.failures == len(failures) >= 3
    assert warc.skipped == Counter({"redirect": 2, "text/plain": 2})
    assert warc.pages == 1


def test_a_content_type_with_two_parameters_and_a_header_value_with_a_colon() -> None:
    page = one_page(record(1, PAGE, content_type="text/html; charset=utf-8; profile=x"))
    assert page.html == PAGE.decode()
    # a payload that does not start as HTML: only its Content-Type makes it a page
    fragment = b"<p>a fragment</p>"
    page = one_page(record(2, fragment, content_type="text/html; note=a:b"))
    assert page.html == fragment.decode()


def test_a_bare_line_feed_head_and_a_payload_with_blank_lines() -> None:
    block = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html>one\n\ntwo\n\nthree</html>"
    assert one_page(raw_record("WARC-Type: response\r\n", block)).html == "<html>one\n\ntwo\n\nthree</html>"


# --- looking for the next record, a megabyte at a time ------------------------------------------------

MEGABYTE = 1024 * 1024  # the reader looks for the next record this many bytes at a time


def plain_junk(length: int) -> bytes:
    """Damage of ``length`` bytes that holds no record start, ending with a line end."""
    head, end = b"NOT A WARC HEADER\r\n", b"\r\n\r\n"
    return head + b"y" * (length - len(head) - len(end)) + end


def test_a_gzip_member_starting_exactly_a_megabyte_after_the_search_start_is_found() -> None:
    # the search starts one byte after the last record read (at 0): the next member is at 1 + 1 MB, the
    # first byte of the second megabyte looked at
    first, second = gzip.compress(record(1, PAGE)), gzip.compress(record(2, PAGE))
    junk = b"z" * (1 + MEGABYTE - len(first))
    items, _ = read(first + junk + second)
    assert [i.offset for i in items if isinstance(i, WarcPage)] == [0, 1 + MEGABYTE]


@pytest.mark.parametrize("before", [4, 8, 9])
def test_a_record_start_straddling_the_megabyte_boundary_is_found(before: int) -> None:
    # the line end before the next record is ``before`` bytes short of 1 MB after the search start (1)
    first, second = record(1, PAGE), record(2, PAGE)
    junk = plain_junk(1 + MEGABYTE - before + 1 - len(first))
    assert len(first) + len(junk) == 1 + MEGABYTE - before + 1
    items, _ = read(first + junk + second)
    assert [i.offset for i in items if isinstance(i, WarcPage)] == [0, len(first) + len(junk)]


def test_a_record_past_two_megabytes_of_damage_is_found() -> None:
    first, second = record(1, PAGE), record(2, PAGE)
    junk = plain_junk(2 * MEGABYTE + 300)
    items, _ = read(first + junk + second)
    assert [i.offset for i in items if isinstance(i, WarcPage)] == [0, len(first) + len(junk)]


def test_without_fastwarc_the_error_says_what_to_install(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)
    with pytest.raises(MissingDependencyError) as caught:
        read(record(1, PAGE))
    assert str(caught.value) == (
        "reading WARC archives needs fastwarc, which newsclean depends on: pip install fastwarc"
    )
