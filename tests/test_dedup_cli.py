"""``newsclean dedup``: exact output, exit codes, bad records, the index."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from cli_helpers import run
from newsclean.cli.main import main

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_helpers import article, site_page, template_corpus  # noqa: E402

STORY, OTHER = article(21), article(22)
KEPT = STORY.split("\n\n")[1:7]
NEW = article(23).split("\n\n")[0]
COPY = "\n\n".join([NEW, *KEPT])  # the first paragraph rewritten, the last dropped
# The similarity worked out by hand: the copy (shorter) is contained in the story; its paragraphs are
# normalised to lower case without their final full stop (one character less), and all but the new one
# are the story's own.
SIMILARITY = round(sum(len(p) - 1 for p in KEPT) / sum(len(p) - 1 for p in [NEW, *KEPT]), 4)


def test_the_rewritten_paragraph_matches_none_of_the_story() -> None:
    # the premise of SIMILARITY, checked with rapidfuzz itself: below the paragraph threshold (80)
    assert all(fuzz.ratio(NEW.lower(), p.lower()) < 80 for p in STORY.split("\n\n"))
    assert 0.8 < SIMILARITY < 0.9


def jsonl(*objects: dict[str, object]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


INPUT = (
    jsonl(
        {"id": "a", "text": STORY, "published": "2024-01-01"},
        {"id": "b", "text": COPY},
        {"id": "c", "text": OTHER},
    )
    + "not json\n"
    + jsonl({"id": "e"})
)
NONE = {"cluster_id": None, "duplicate_of": None, "similarity": None}


def test_jsonl_records_come_out_in_order_with_clusters_and_errors(monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, ["dedup", "--no-clean"], INPUT)
    assert code == 1
    assert out == jsonl(
        {
            "id": "a",
            "text": STORY,
            "published": "2024-01-01",
            "cluster_id": 0,
            "duplicate_of": None,
            "similarity": 1.0,
        },
        {"id": "b", "text": COPY, "cluster_id": 0, "duplicate_of": "a", "similarity": SIMILARITY},
        {"id": "c", "text": OTHER, **NONE},
        {"error": "<stdin>: line 4: invalid JSON: Expecting value (column 1)", "raw": "not json", **NONE},
        {
            "id": "e",
            "error": "<stdin>: line 5: no 'text' field; name the text field with --text-field",
            **NONE,
        },
    )
    assert err == (
        "newsclean: <stdin>: line 4: invalid JSON: Expecting value (column 1)\n"
        "newsclean: <stdin>: line 5: no 'text' field; name the text field with --text-field\n"
    )


def test_drop_duplicates_keeps_canonical_unique_and_failed_records(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--drop-duplicates"], INPUT)
    assert code == 1
    assert [json.loads(line).get("id") for line in out.splitlines()] == ["a", "c", None, "e"]


def test_all_good_exits_zero_and_cleaning_runs_first(monkeypatch, capsys) -> None:
    page = "Home\nWorld\nSign in\n\n{body}\n\nComments\n200 characters\n"
    records = jsonl(
        {"doc": 1, "body": page.format(body=STORY)},
        {"doc": 2, "body": page.format(body=COPY)},
    )
    code, out, err = run(monkeypatch, capsys, ["dedup", "--text-field", "body", "--id-field", "doc"], records)
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    # duplicate_of is the canonical record's id as it was given: the number 1, not the string "1"
    assert [(r["doc"], r["cluster_id"], r["duplicate_of"]) for r in rows] == [(1, 0, None), (2, 0, 1)]
    assert rows[0]["body"] == page.format(body=STORY)  # the record is passed through, not rewritten


def test_missing_ids_get_source_and_line(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, ["dedup", "--no-clean"], jsonl({"text": STORY}, {"text": STORY}))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["<stdin>:1", "<stdin>:2"]
    assert json.loads(out.splitlines()[1])["duplicate_of"] == "<stdin>:1"


def test_repeated_id_is_a_record_error(monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, ["dedup", "--no-clean"], jsonl({"id": 7, "text": STORY}) * 2)
    assert code == 1
    assert err == "newsclean: <stdin>: line 2: id 7 repeats an earlier record; ids must be unique\n"
    assert json.loads(out.splitlines()[1])["error"].endswith("ids must be unique")


def test_text_files(monkeypatch, capsys, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(STORY)
    b.write_text(COPY)
    c.write_text(OTHER)
    code, out, err = run(monkeypatch, capsys, ["dedup", "--no-clean", str(a), str(b), str(c)])
    assert (code, err) == (0, "")
    assert out == jsonl(
        {"id": str(a), "cluster_id": 0, "duplicate_of": None, "similarity": 1.0},
        {"id": str(b), "cluster_id": 0, "duplicate_of": str(a), "similarity": SIMILARITY},
        {"id": str(c), **NONE},
    )


def test_explain_adds_the_matched_paragraphs(monkeypatch, capsys) -> None:
    _, out, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--explain"], INPUT)
    rows = [json.loads(line) for line in out.splitlines()]
    assert "explain" not in rows[0]
    explanation = rows[1]["explain"]
    assert explanation["is_duplicate"] is True
    # record b (the copy) is "a" here: its rewritten first paragraph has no counterpart, the
    # other six are the story's paragraphs 1-6, word for word
    assert [(m["a_paragraph"], m["b_paragraph"], m["ratio"]) for m in explanation["matches"]] == [
        (i, i, 100.0) for i in range(1, 7)
    ]
    assert (explanation["unmatched"], explanation["contained"], explanation["score"]) == (
        [0],
        "a",
        SIMILARITY,
    )


def test_index_is_incremental_idempotent_and_checks_parameters(monkeypatch, capsys, tmp_path: Path) -> None:
    index = str(tmp_path / "news.sqlite")
    first = jsonl({"id": "a", "text": STORY, "published": "2024-01-01"}, {"id": "c", "text": OTHER})
    assert run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", index], first)[0] == 0
    second = jsonl({"id": "b", "text": COPY})
    code, out, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", index], second)
    assert (code, json.loads(out)["duplicate_of"]) == (0, "a")
    again = run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", index], second)
    assert again == (0, out, "")
    code, out, err = run(
        monkeypatch, capsys, ["dedup", "--no-clean", "--index", index, "--threshold", "0.9"], second
    )
    assert (code, out) == (2, "")
    assert err == (
        f"newsclean: index {index} was built with threshold=0.7, not 0.9: pass the same parameters as when "
        "it was built, or give a new --index path to start another index\n"
    )


def test_usage_errors_exit_two(monkeypatch, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(monkeypatch, capsys, ["dedup", "--bands", "many"])
    assert stopped.value.code == 2
    code, _, err = run(monkeypatch, capsys, ["dedup", "--bands", "100"])
    assert code == 2 and "lower bands or rows" in err
    code, out, err = run(monkeypatch, capsys, ["dedup", "--template-host-pages", "1"], jsonl({"id": "a"}))
    assert (code, out) == (2, "")
    assert err == (
        "newsclean: template_documents and template_host_pages must be at least 2 (a line in one document "
        "is that document's own), got 4 and 1\n"
    )
    code, _, err = run(monkeypatch, capsys, ["dedup", "--template-documents", "1"], jsonl({"id": "a"}))
    assert code == 2 and err.endswith("got 1 and 2\n")


def test_module_entry_point_over_stdin(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", "dedup", "--no-clean", "--drop-duplicates"],
        input=jsonl({"id": "a", "text": STORY}, {"id": "b", "text": STORY}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]


def test_progress_on_a_terminal_counts_reading_then_writing(monkeypatch, capsys) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run(
        monkeypatch, capsys, ["dedup"], jsonl({"id": "a", "text": STORY}, {"id": "b", "text": COPY})
    )
    assert code == 0 and len(out.splitlines()) == 2
    lines = terminal.getvalue().split("\n")
    # reading standard input: a count and a rate; writing: the total is what was read, so a bar and an ETA
    assert re.search(r"\rread: 2 records \[\d\d:\d\d, +[\d.]+ records/s\]$", lines[0]), lines
    assert re.search(r"\rwrote: 100%\|[^|]*\| 2/2 \[\d\d:\d\d<00:00, +[\d.]+ records/s\]$", lines[1]), lines
    assert lines[2] == ""


def test_invalid_utf8_record_is_decoded_and_flagged_in_its_output(monkeypatch, capsys) -> None:
    """As in ``clean``: the record is decoded by the documented rule and carries a ``warnings`` field."""
    data = b'{"id": "a", "text": "caf\xe9 story"}\n' + jsonl({"id": "b", "text": OTHER}).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["dedup", "--no-clean"])
    out, err = capsys.readouterr()
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["text"] == "café story"
    assert len(first["warnings"]) == 1 and "UTF-8" in first["warnings"][0]
    assert "warnings" not in second
    assert err.count("warning") == 1


def template_input() -> tuple[str, list[tuple[str, str, str, str]]]:
    """The template corpus as JSONL, plus a story a site ran twice (two URLs)."""
    docs = template_corpus()
    twice = article(777)
    docs += [("twice1", site_page(0, twice), "https://site0.example/t1", "twice")]
    docs += [("twice2", site_page(0, twice), "https://site0.example/t2", "twice")]
    return jsonl(*({"id": d, "text": t, "url": u} for d, t, u, _ in docs)), docs


def groups_found(out: str) -> dict[str, int]:
    return {
        r["id"]: r["cluster_id"] for r in map(json.loads, out.splitlines()) if r["cluster_id"] is not None
    }


def test_url_field_a_sites_furniture_is_not_a_copy_and_explain_marks_it(monkeypatch, capsys) -> None:
    stdin, docs = template_input()
    code, out, err = run(
        monkeypatch, capsys, ["dedup", "--no-clean", "--url-field", "url", "--explain"], stdin
    )
    assert (code, err) == (0, "")
    found = groups_found(out)
    group = {d: g for d, _, _, g in docs}
    assert set(found) == {d for d, g in group.items() if g.startswith(("w", "twice"))}
    assert all((found[a] == found[b]) == (group[a] == group[b]) for a in found for b in found)
    explained = {r["id"]: r["explain"] for r in map(json.loads, out.splitlines()) if "explain" in r}
    twice = explained["twice2"]
    # the site's promo and author box matched but are its template: listed, not counted
    assert twice["template_paragraphs"] == 2
    assert [m["template"] for m in twice["matches"]] == [True] + [False] * 8 + [True]
    assert twice["score"] == 1.0 and twice["is_duplicate"] is True


def test_ten_runs_on_one_index_give_the_clusters_of_one_run(monkeypatch, capsys, tmp_path: Path) -> None:
    stdin, _ = template_input()
    lines = stdin.splitlines(keepends=True)
    _, one_run, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--url-field", "url"], stdin)
    for low_memory in ([], ["--low-memory"]):
        index = str(tmp_path / f"index{len(low_memory)}.sqlite")
        for k in range(10):
            part = "".join(lines[k * len(lines) // 10 : (k + 1) * len(lines) // 10])
            run(
                monkeypatch,
                capsys,
                ["dedup", "--no-clean", "--url-field", "url", "--index", index, *low_memory],
                part,
            )
        code, again, _ = run(
            monkeypatch,
            capsys,
            ["dedup", "--no-clean", "--url-field", "url", "--index", index, *low_memory],
            stdin,
        )
        assert code == 0 and again == one_run


def test_page_field_gives_the_pages_as_evidence_after_cleaning_elsewhere(monkeypatch, capsys) -> None:
    # bodies cleaned elsewhere (the furniture gone, but for two pages whose article the cleaner lost)
    records = [
        {"id": f"a{n}", "text": article(20 + n), "page": site_page(1, article(20 + n))} for n in range(4)
    ]
    records += [{"id": f"lost{n}", "text": site_page(1, ""), "page": site_page(1, "")} for n in (1, 2)]
    stdin = jsonl(*records)
    _, with_pages, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--page-field", "page"], stdin)
    assert groups_found(with_pages) == {}
    _, without, _ = run(monkeypatch, capsys, ["dedup", "--no-clean"], stdin)
    assert groups_found(without) == {"lost1": 4, "lost2": 4}
