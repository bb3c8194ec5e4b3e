"""``newsclean clean --html``: HTML files, standard input and JSONL records with an HTML field."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run
from newsclean import clean_html

HARBOUR = Path(__file__).resolve().parent / "html" / "harbour_news.html"
BODY = clean_html(HARBOUR.read_bytes()).body


def test_html_file_prints_the_body(monkeypatch, capsys) -> None:
    assert run(monkeypatch, capsys, ["clean", "--html", str(HARBOUR)]) == (0, BODY + "\n", "")


def test_html_on_stdin_in_another_encoding(monkeypatch, capsys) -> None:
    data = HARBOUR.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="utf-16"').encode("utf-16")
    assert run(monkeypatch, capsys, ["clean", "--html"], data) == (0, BODY + "\n", "")


def test_html_explain_marks_the_extracted_lines(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, ["clean", "--html", "--explain", str(HARBOUR)])
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "-[page_blocks:block model] Coastline Courier"  # the page's blocks, from the masthead
    assert "-[headline:page_title] Harbour dredging to start in spring, port authority says" in lines
    assert (
        "-[html_leftovers:contributed_reporting] Harbour correspondent Jon Pike contributed to this report."
        in lines
    )
    assert [line[2:] for line in lines if line.startswith("+ ")] == BODY.split("\n\n")


def test_html_jsonl_records(monkeypatch, capsys, tmp_path: Path) -> None:
    records = tmp_path / "pages.jsonl"
    records.write_text(
        json.dumps(
            {"id": "a", "url": "https://courier.example/a", "page": HARBOUR.read_text(encoding="utf-8")}
        )
        + "\n"
        + json.dumps({"id": "b", "page": "<html><body><script>x()</script></body></html>"})
        + "\n"
        + json.dumps({"id": "c"})
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(monkeypatch, capsys, ["clean", "--html", "--html-field", "page", str(records)])
    first, second, third = (json.loads(line) for line in out.splitlines())
    assert code == 1
    assert first["text"] == BODY and "page" not in first
    assert (first["id"], first["url"], first["site_name"], first["published"]) == (
        "a",
        "https://courier.example/a",
        "Coastline Courier",
        "2024-03-05",
    )
    assert "no article text" in second["error"] and second["page"].startswith("<html>")
    assert third["error"] == "line 3: no 'page' field; name the HTML field with --html-field"
    assert err.count("\n") == 2


def test_html_jsonl_explain_includes_the_extracted_text(monkeypatch, capsys) -> None:
    record = json.dumps({"html": HARBOUR.read_text(encoding="utf-8")}) + "\n"
    code, out, _ = run(
        monkeypatch, capsys, ["clean", "--html", "--format", "jsonl", "--explain"], record.encode()
    )
    result = json.loads(out)
    assert code == 0
    assert {r["reason"] for r in result["removals"]} == {"page_block", "headline", "newsletter", "byline"}
    assert result["extracted"].startswith("Coastline Courier\n- Local\n- Business")  # every block of the page


def test_unreadable_html_file(monkeypatch, capsys, tmp_path: Path) -> None:
    code, out, err = run(monkeypatch, capsys, ["clean", "--html", str(tmp_path / "missing.html")])
    assert (code, out) == (1, "")
    assert "cannot read" in err


def test_html_file_over_the_record_limit(monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, ["clean", "--html", "--max-record-bytes", "100", str(HARBOUR)])
    assert (code, out) == (1, "")
    assert "larger than 100 bytes" in err


SKIPPER = '"We have waited long enough, and every tide we miss costs money," said one skipper'


def test_html_applies_a_config_and_a_profile_alike(monkeypatch, capsys, tmp_path: Path) -> None:
    """``--config`` and ``--profile`` work in HTML mode as in text mode: on the extracted text."""
    config = tmp_path / "quote.toml"
    config.write_text(
        '[[pattern_filters]]\nname = "skipper"\nregex = "\\"We have waited.*"\n', encoding="utf-8"
    )
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--html", "--explain", "--config", str(config), str(HARBOUR)]
    )
    assert (code, err) == (0, "")
    assert f"-[skipper:skipper] {SKIPPER}" in out
    pages = []
    for i, town in enumerate(("Ashford", "Brampton", "Carlow")):
        page = tmp_path / f"p{i}.txt"
        page.write_text(
            f"{SKIPPER}, who has worked out of the harbour for thirty years and asked not to be named.\n"
            f"{town} harbour story of the day in {town}.\n"
        )
        pages.append(str(page))
    profile = tmp_path / "site.json"
    assert run(monkeypatch, capsys, ["learn", *pages, "-o", str(profile), "--novel-words", "5"])[0] == 0
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--html", "--explain", "--profile", str(profile), str(HARBOUR)]
    )
    assert (code, err) == (0, "")
    assert f"-[template:seen_in_many_documents] {SKIPPER}" in out
    code, out, _ = run(monkeypatch, capsys, ["clean", "--html", "--profile", str(profile), str(HARBOUR)])
    assert code == 0 and SKIPPER not in out and out.startswith("PORT WILLOW: Dredging")
