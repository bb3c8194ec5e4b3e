"""WARC archives on the command line: ``newsclean clean --html`` and ``newsclean dedup``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run
from newsclean import clean_html
from warc_helpers import HARBOUR, MIXED, VALLEY, archive, record

HARBOUR_URL = "https://courier.example/story-1"
VALLEY_URL = "https://valley.example/blog/1"


def _expected(page: bytes, url: str, **fields: object) -> dict[str, object]:
    article = clean_html(page, url=url)
    out: dict[str, object] = {**fields, "url": url}
    out["text"] = article.body
    out.update((k, v) for k, v in article.to_dict().items() if k != "body" and out.get(k) is None)
    return out


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_clean_html_reads_an_archive_found_by_its_content(monkeypatch, capsys, tmp_path, gzipped) -> None:
    path = tmp_path / "crawl.data"  # no .warc in the name
    path.write_bytes(archive(MIXED, gzipped))
    code, out, err = run(monkeypatch, capsys, ["clean", "--html", str(path)])
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        _expected(HARBOUR, HARBOUR_URL, id="<urn:uuid:1>", warc_date="2024-05-01T10:00:00Z", http_status=200),
        _expected(VALLEY, VALLEY_URL, id="<urn:uuid:6>", warc_date="2024-05-06T10:00:00Z", http_status=200),
    ]
    assert err == (
        f"newsclean: {path}: 2 HTML pages; 4 other records skipped "
        "(1 request, 1 redirect, 1 image/png, 1 metadata)\n"
    )


def test_a_damaged_record_and_a_cut_off_tail_are_errors_in_their_place(monkeypatch, capsys, tmp_path) -> None:
    whole = archive(
        [record(1, HARBOUR), b"NOT A WARC HEADER\r\n\r\n", record(3, VALLEY, url=VALLEY_URL)], True
    )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole + archive([record(4, HARBOUR)], True)[:200])
    code, out, err = run(monkeypatch, capsys, ["clean", "--html", str(path)])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("id") for r in records] == ["<urn:uuid:1>", None, "<urn:uuid:3>", None]
    assert records[1]["error"].startswith("record 2: damaged data after the record at byte 0: ")
    assert records[3]["error"].startswith("record 4: ")
    assert records[2]["text"] == clean_html(VALLEY, url=VALLEY_URL).body
    lines = err.splitlines()
    assert lines[0].startswith(f"newsclean: {path}: record 2: damaged data after the record at byte 0: ")
    assert lines[1].startswith(f"newsclean: {path}: record 4: ")
    assert lines[2] == f"newsclean: {path}: 2 HTML pages, 2 damaged records"


def test_an_archive_on_standard_input(monkeypatch, capsys) -> None:
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--html", "--text-field", "body"], archive(MIXED, True)
    )
    assert code == 0
    assert [(r["id"], r["body"]) for r in map(json.loads, out.splitlines())] == [
        ("<urn:uuid:1>", clean_html(HARBOUR, url=HARBOUR_URL).body),
        ("<urn:uuid:6>", clean_html(VALLEY, url=VALLEY_URL).body),
    ]
    assert err.startswith("newsclean: <stdin>: 2 HTML pages; ")


def test_an_archive_beside_an_html_file(monkeypatch, capsys, tmp_path) -> None:
    warc, page = tmp_path / "a.warc", tmp_path / "b.html"
    warc.write_bytes(record(1, HARBOUR))
    page.write_bytes(VALLEY)
    code, out, _ = run(monkeypatch, capsys, ["clean", "--html", str(warc), str(page)])
    assert code == 0
    assert [(r["id"], r["text"]) for r in map(json.loads, out.splitlines())] == [
        ("<urn:uuid:1>", clean_html(HARBOUR, url=HARBOUR_URL).body),
        (str(page), clean_html(VALLEY).body),
    ]


def test_without_html_an_archive_is_a_usage_error(monkeypatch, capsys, tmp_path) -> None:
    path = tmp_path / "a.warc"
    path.write_bytes(record(1, HARBOUR))
    assert run(monkeypatch, capsys, ["clean", str(path)]) == (
        2,
        "",
        f"newsclean: {path} is a WARC archive: add --html to clean the pages it holds\n",
    )


def test_dedup_reads_an_archive_and_clusters_its_pages(monkeypatch, capsys, tmp_path: Path) -> None:
    copy_url = "https://herald.example/harbour-dredging"
    records = [record(1, HARBOUR), record(2, VALLEY, url=VALLEY_URL), record(3, HARBOUR, url=copy_url)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive(records, True))
    code, out, err = run(monkeypatch, capsys, ["dedup", str(path)])
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "id": "<urn:uuid:1>",
            "url": HARBOUR_URL,
            "warc_date": "2024-05-01T10:00:00Z",
            "http_status": 200,
            "cluster_id": 0,
            "duplicate_of": None,
            "similarity": 1.0,
        },
        {
            "id": "<urn:uuid:2>",
            "url": VALLEY_URL,
            "warc_date": "2024-05-02T10:00:00Z",
            "http_status": 200,
            "cluster_id": None,
            "duplicate_of": None,
            "similarity": None,
        },
        {
            "id": "<urn:uuid:3>",
            "url": copy_url,
            "warc_date": "2024-05-03T10:00:00Z",
            "http_status": 200,
            "cluster_id": 0,
            "duplicate_of": "<urn:uuid:1>",
            "similarity": 1.0,
        },
    ]
    assert err == f"newsclean: {path}: 3 HTML pages\n"


def test_dedup_reports_a_damaged_record_and_goes_on(monkeypatch, capsys, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive([record(1, HARBOUR), b"NOT A WARC HEADER\r\n\r\n", record(3, VALLEY)], False))
    code, out, _ = run(monkeypatch, capsys, ["dedup", str(path)])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("id") for r in records] == ["<urn:uuid:1>", None, "<urn:uuid:3>"]
    assert records[1]["error"].startswith(f"{path}: record 2: damaged data after the record at byte 0")
