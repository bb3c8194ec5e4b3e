"""Hostile records, one at a time, through the commands: records out, exit code, peak memory, seconds.

Each case builds one hostile input (the reproductions of the "no record lost, whatever
the input" issue, and inputs at the stated limits: a 64 MiB record, the largest HTML
page the limits let through), surrounds it with good records where the command reads
several, runs the command in a child process and reports:

* records in and out (JSONL lines; text files count as records), the exit code, whether
  standard error holds a traceback;
* the peak resident memory of the process that handled the record (the command's own
  ``VmHWM``, written as it exits; with ``--jobs``, the highest ``VmHWM`` of its worker
  processes, sampled); ``ru_maxrss`` would not do: it counts the memory of this script,
  which the child was forked from;
* wall-clock and CPU seconds of the whole command (one record dominates them).

The targets: every record out, in order, no traceback; at most 1 GiB and 60 s for any
single record up to the default limits. Timings are noisy on a shared machine; memory is not.

    python benchmarks/hostile.py                 # every case
    python benchmarks/hostile.py --cases 4 5a    # some of them
    python benchmarks/hostile.py --list
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
GOOD = "The council approved the new budget on Monday after a long debate about schools and roads."
GOOD_PAGE = (
    "<html><head><title>Budget</title></head><body><article>"
    + "".join(f"<p>Paragraph {i}: {GOOD} The mayor said the plan would take a year.</p>" for i in range(6))
    + "</article></body></html>"
)


@dataclass(frozen=True)
class Case:
    """One hostile input and the command that reads it."""

    key: str
    what: str
    command: tuple[str, ...]
    make: Callable[[Path], list[str]]  # writes the input files into a folder; returns the arguments
    records: int  # records in


def _jsonl(folder: Path, name: str, lines: list[bytes]) -> list[str]:
    path = folder / name
    with open(path, "wb") as stream:
        for line in lines:
            stream.write(line + b"\n")
    return [str(path)]


def _good(n: int) -> bytes:
    return json.dumps({"id": f"g{n}", "text": GOOD}).encode()


def _around(bad: bytes, good: int = 1) -> list[bytes]:
    """``good`` good records, the bad one, ``good`` more."""
    return [_good(i) for i in range(good)] + [bad] + [_good(good + i) for i in range(good)]


def _text_record(text: str) -> bytes:
    return json.dumps({"id": "bad", "text": text}).encode()


def _file(folder: Path, name: str, data: bytes) -> list[str]:
    path = folder / name
    path.write_bytes(data)
    return [str(path)]


def _html_files(folder: Path, bad: str) -> list[str]:
    paths = []
    for name, page in (("a.html", GOOD_PAGE), ("bad.html", bad), ("b.html", GOOD_PAGE)):
        (folder / name).write_text(page, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def _words_line(chars: int) -> str:
    words = ("alpha", "beta", "gamma", "delta", "words", "news", "the", "council")
    line = " ".join(words[i % len(words)] for i in range(chars // 5))
    return line[:chars]


def _damaged_index(folder: Path) -> list[str]:
    """A batch, and an index of it whose docs table's first page is overwritten."""
    batch = _jsonl(folder, "r.jsonl", [_good(i) for i in range(3)])
    index = folder / "index.db"
    subprocess.run([sys.executable, "-m", "newsclean", "dedup", "--index", str(index), *batch], check=True,
                   capture_output=True)  # fmt: skip
    with sqlite3.connect(index) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(index.read_bytes())
    data[(root - 1) * size : root * size] = b"\xa5" * size
    index.write_bytes(bytes(data))
    return ["--index", str(index), *batch]


def _latin1(folder: Path) -> list[str]:
    """Two good pages around one in Latin-1 that declares no charset."""
    spanish = "La niña comió piña en la plaza mayor de la ciudad, dijo el alcalde el lunes por la mañana."
    paths = _html_files(folder, GOOD_PAGE)
    Path(paths[1]).write_bytes(GOOD_PAGE.replace(GOOD, spanish).encode("latin-1"))
    return paths


def _with_file(folder: Path, name: str, content: str, option: str, then: list[str]) -> list[str]:
    (folder / name).write_text(content, encoding="utf-8")
    return [option, str(folder / name), *then]


def _html_records(folder: Path, bad: str) -> list[str]:
    return _jsonl(
        folder,
        "r.jsonl",
        [
            json.dumps({"id": k, "html": h}).encode()
            for k, h in (("a", GOOD_PAGE), ("bad", bad), ("b", GOOD_PAGE))
        ],
    )


def _many_filters(folder: Path) -> list[str]:
    filters = "".join(
        f'[[pattern_filters]]\nname = "f{i}"\nregex = "(?i:promo code {i}\\\\b.*)"\n' for i in range(520)
    )
    lines = [
        json.dumps({"id": i, "text": f"{GOOD}\nPromo code {i % 520} for readers."}).encode()
        for i in range(300)
    ]
    return _with_file(folder, "many.toml", filters, "--config", _jsonl(folder, "r.jsonl", lines))


def _paragraph_page(paragraphs: int, words: int) -> str:
    body = "".join(f"<p>{' '.join(['word'] * words)} {i}.</p>" for i in range(paragraphs))
    return f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"


CLEAN_JSONL = ("clean", "--format", "jsonl")
DEDUP = ("dedup",)
HTML = ("clean", "--html")

CASES = [
    Case("1", "1 KB of nested JSON between two good records", CLEAN_JSONL,
         lambda d: _jsonl(d, "r.jsonl", _around(b"[" * 1000)), 3),
    Case("1d", "the same through dedup", DEDUP, lambda d: _jsonl(d, "r.jsonl", _around(b"[" * 1000)), 3),
    Case("2", "a lone surrogate in a text, through dedup", DEDUP,
         lambda d: _jsonl(d, "r.jsonl", _around(b'{"id": "s", "text": "bad \\ud800 here"}')), 3),
    Case("3", "an HTML page declaring charset=hex between two good pages", HTML,
         lambda d: _html_files(d, GOOD_PAGE.replace("<head>", '<head><meta charset="hex">')), 3),
    Case("4", "one 16 MB line of words (text file)", ("clean",),
         lambda d: _file(d, "words.txt", _words_line(16 * MIB).encode()), 1),
    Case("4j", "the same as a JSONL record among 130 good ones, --jobs 2", (*CLEAN_JSONL, "--jobs", "2"),
         lambda d: _jsonl(d, "r.jsonl", _around(_text_record(_words_line(16 * MIB)), 65)), 131),
    Case("5a", "30 MB of newlines", ("clean",), lambda d: _file(d, "nl.txt", b"\n" * (30 * MIB) + b"tail\n"), 1),
    Case("5b", "25 MB of Menu lines", ("clean",), lambda d: _file(d, "menu.txt", b"Menu\n" * (5 * MIB)), 1),
    Case("5c", "'a\\n' * 4,500,000", ("clean",), lambda d: _file(d, "a.txt", b"a\n" * 4_500_000), 1),
    Case("5d", "64 MiB of newlines (the default --max-record-bytes)", ("clean",),
         lambda d: _file(d, "nl64.txt", b"\n" * (64 * MIB - 6) + b"tail\n"), 1),
    Case("5e", "64 MiB of 'a\\n' lines", ("clean",), lambda d: _file(d, "a64.txt", b"a\n" * (32 * MIB - 1)), 1),
    Case("5f", "64 MiB of one line of words", ("clean",),
         lambda d: _file(d, "w64.txt", _words_line(64 * MIB - 1).encode()), 1),
    Case("5g", "64 MiB of 'a\\n' lines as one JSONL record, through dedup", DEDUP,
         lambda d: _jsonl(d, "r.jsonl", _around(_text_record("a\n" * (21 * MIB)))), 3),
    Case("5h", "64 MiB of 'é ' (non-ASCII) as one line", ("clean",),
         lambda d: _file(d, "e64.txt", "é ".encode() * (21 * MIB)), 1),
    Case("6a", "HTML: 1,000,000 <i>a</i> elements (8 MB)", HTML,
         lambda d: _html_files(d, "<html><body><p>" + "<i>a</i>" * 1_000_000 + "</p></body></html>"), 3),
    Case("6b", "HTML: one element with 200,000 attributes", HTML,
         lambda d: _html_files(d, "<html><body><p " + " ".join(f'a{i}="x"' for i in range(200_000)) + ">x</p></body></html>"), 3),
    Case("6c", "HTML at the limits: 49,000 <i>a</i> elements", HTML,
         lambda d: _html_files(d, "<html><body><p>" + "<i>a</i>" * 49_000 + "</p></body></html>"), 3),
    Case("6d", "HTML at the limits: 49,000 paragraphs of 10 words (2.7 MB)", HTML,
         lambda d: _html_files(d, _paragraph_page(49_000, 10)), 3),
    Case("6e", "HTML at the limits: 30,000 paragraphs of 45 words (7.9 MB)", HTML,
         lambda d: _html_files(d, _paragraph_page(30_000, 45)), 3),
    Case("6f", "HTML at the limits: one 7.9 MB paragraph", HTML,
         lambda d: _html_files(d, _paragraph_page(1, 1_580_000)), 3),
    Case("6g", "HTML at the limits: 199 elements of 1,000 attributes each", HTML,
         lambda d: _html_files(d, GOOD_PAGE.replace("<body>", "<body>" + ("<p " + " ".join(f'a{i}="x"' for i in range(1000)) + ">x</p>") * 199)), 3),
    Case("6i", "HTML: 800 elements of 1,000 attributes each", HTML,
         lambda d: _html_files(d, "<html><body>" + ("<p " + " ".join(f'a{i}="x"' for i in range(1000)) + ">x</p>") * 800 + "</body></html>"), 3),
    Case("6h", "HTML: 2,000 nested <div> around the article", HTML,
         lambda d: _html_files(d, GOOD_PAGE.replace("<article>", "<div>" * 2000 + "<article>").replace("</article>", "</article>" + "</div>" * 2000)), 3),
    Case("9", "a dedup index with a corrupt page", DEDUP, _damaged_index, 3),
    Case("12", "a lone surrogate inside a JSONL record's HTML", ("clean", "--html", "--format", "jsonl"),
         lambda d: _html_records(d, GOOD_PAGE.replace("Paragraph 2", "Paragraph \ud800 2")), 3),
    Case("13a", "HTML: <meta charset=utf-16> on a UTF-8 page", HTML,
         lambda d: _html_files(d, GOOD_PAGE.replace("<head>", '<head><meta charset="utf-16">')), 3),
    Case("13b", "HTML: the article inside 256 nested <div>", HTML,
         lambda d: _html_files(d, GOOD_PAGE.replace("<article>", "<div>" * 256 + "<article>")), 3),
    Case("14", "HTML with --config (a pattern filter)", HTML,
         lambda d: _with_file(d, "c.toml", '[[pattern_filters]]\nname = "p"\nregex = "Paragraph 3.*"\n', "--config",
                              _html_files(d, GOOD_PAGE)), 3),
    Case("15", "--config with a regex that fails once combined: (a)\\1", ("clean",),
         lambda d: _with_file(d, "c.toml", '[[pattern_filters]]\nname = "x"\nregex = "(a)\\\\1"\n', "--config",
                              _file(d, "page.txt", GOOD.encode())), 1),
    Case("16", "520 pattern filters, 300 records", CLEAN_JSONL, _many_filters, 300),
    Case("17", "learn --glob '/etc/*'", ("learn", "--glob", "/etc/*"),
         lambda d: [str(d), "-o", str(d / "site.json")], 0),
    Case("18a", "a text of zero-width and combining characters", CLEAN_JSONL,
         lambda d: _jsonl(d, "r.jsonl", _around(_text_record("\u200b\u0301\u202e"))), 3),
    Case("18b", '{"text": null}', CLEAN_JSONL, lambda d: _jsonl(d, "r.jsonl", _around(b'{"id": "n", "text": null}')), 3),
    Case("18c", "JSONL separated by lone CR", CLEAN_JSONL,
         lambda d: _file(d, "r.jsonl", b"\r".join(_good(i) for i in range(3))), 3),
    Case("18d", "an input field named error", CLEAN_JSONL,
         lambda d: _jsonl(d, "r.jsonl", _around(b'{"id": "e", "text": "%s", "error": "upstream"}' % GOOD.encode())), 3),
    Case("18e", "an escaped \\u0000 in a text", CLEAN_JSONL,
         lambda d: _jsonl(d, "r.jsonl", _around(b'{"id": "z", "text": "a\\u0000b"}')), 3),
    Case("18f", "an undeclared Latin-1 HTML page", HTML, _latin1, 3),
]  # fmt: skip


#: Runs newsclean in the child and writes its own peak resident memory (VmHWM, KiB) to a file as it exits.
_WRAPPER = """
import atexit, pathlib, runpy, sys
_path = pathlib.Path(sys.argv[1])
def _report():
    status = pathlib.Path("/proc/self/status").read_text()
    _path.write_text(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
atexit.register(_report)
sys.argv = ["newsclean", *sys.argv[2:]]
runpy.run_module("newsclean", run_name="__main__", alter_sys=True)
"""


def _descendants(pid: int) -> list[int]:
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children + [grandchild for child in children for grandchild in _descendants(child)]


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_case(case: Case, folder: Path) -> dict[str, object]:
    arguments = case.make(folder)
    out_path, err_path, hwm_path = folder / "out", folder / "err", folder / "hwm"
    command = [sys.executable, "-c", _WRAPPER, str(hwm_path), *case.command, *arguments]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        workers = {"peak": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for pid in _descendants(proc.pid):
                    workers["peak"] = max(workers["peak"], _hwm_kib(pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    output = out_path.read_bytes()
    errors = sum(
        1 for line in stderr.splitlines() if line.startswith("newsclean: ") and "warning:" not in line
    )
    if os.waitstatus_to_exitcode(status) == 2:  # the command line (or an index) refused: nothing was read
        records_out = 0
    elif "jsonl" in case.command or "dedup" in case.command:
        records_out = output.count(b"\n")
    elif len(arguments) > 1:  # several files: one headed body per file cleaned, one error line per other
        records_out = output.count(b"==> ") + errors
    else:
        records_out = 1 if output or errors or status == 0 else 0
    return {
        "case": case.key,
        "what": case.what,
        "in": case.records,
        "out": records_out,
        "exit": os.waitstatus_to_exitcode(status),
        "traceback": "Traceback" in stderr,
        "peak_mib": max(int(hwm_path.read_text() or 0) if hwm_path.exists() else 0, workers["peak"]) / 1024,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", nargs="+", metavar="KEY", help="run only these cases")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args()
    if args.list:
        for case in CASES:
            print(f"{case.key:>3}  {' '.join(case.command):<24} {case.what}")
        return
    chosen = [c for c in CASES if not args.cases or c.key in args.cases]
    print(
        f"{'case':>4} {'command':<26} {'in':>4} {'out':>4} {'exit':>4} {'tb':>3} {'peak MiB':>9} {'wall s':>7} {'CPU s':>6}  what"
    )
    for case in chosen:
        with tempfile.TemporaryDirectory(prefix="newsclean-hostile-") as folder:
            row = run_case(case, Path(folder))
        print(
            f"{row['case']:>4} {' '.join(case.command):<26} {row['in']:>4} {row['out']:>4} {row['exit']:>4} "
            f"{'yes' if row['traceback'] else 'no':>3} {row['peak_mib']:>9.0f} {row['wall_s']:>7.1f} "
            f"{row['cpu_s']:>6.1f}  {row['what']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
