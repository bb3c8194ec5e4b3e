"""Cleaning on all cores: same results as one process, in order, failures in place, lazy input."""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsclean
from newsclean import Article, ConfigError, Failure, clean, clean_many
from newsclean.cli.main import main
from newsclean.parallel import default_jobs, ordered_map


@pytest.fixture(scope="module")
def pages(samples: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]


def test_same_articles_as_clean_in_the_same_order(pages: list[str]) -> None:
    texts = pages * 7
    results = list(clean_many(texts, jobs=2, chunk_size=4, window=2))
    assert results == [clean(t) for t in texts]


def test_failures_come_out_in_place_and_the_stream_goes_on(pages: list[str]) -> None:
    texts: list[object] = [pages[0], "", pages[1], b"bytes", pages[2], " \n "] * 5
    results = list(clean_many(texts, jobs=2, chunk_size=3))  # type: ignore[arg-type]
    assert len(results) == 30
    for index, (text, result) in enumerate(zip(texts, results, strict=True)):
        if isinstance(text, str) and text.strip():
            assert result == clean(text)
        else:
            assert isinstance(result, Failure) and result.index == index
    assert results[1].kind == "EmptyDocumentError"  # type: ignore[union-attr]
    assert results[3].kind == "TypeError" and "decode bytes first" in results[3].message  # type: ignore[union-attr]
    assert str(results[1]).startswith("record 1: EmptyDocumentError: the document is empty")


def test_config_reaches_the_workers(pages: list[str]) -> None:
    config = newsclean.PipelineConfig.from_mapping(
        {"pattern_filters": [{"name": "no_seoul", "regex": r".*\bSEOUL\b.*"}]}
    )
    results = list(clean_many(pages * 3, jobs=2, chunk_size=2, config=config))
    assert results == [clean(t, config) for t in pages * 3]
    assert any(r.filter == "no_seoul" for a in results if isinstance(a, Article) for r in a.removals)


def test_input_is_read_lazily_with_a_bounded_window(pages: list[str]) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for text in itertools.cycle(pages):
            pulled += 1
            yield text

    stream = clean_many(endless(), jobs=2, chunk_size=5, window=3)
    first = list(itertools.islice(stream, 12))
    stream.close()  # shuts the workers down
    assert first == [clean(t) for t in itertools.islice(itertools.cycle(pages), 12)]
    assert pulled - len(first) <= 5 * (3 + 1)  # ahead by at most the window plus one chunk


def test_small_inputs_and_one_job_run_in_process() -> None:
    assert list(ordered_map(len, ["ab", "c"], jobs=8)) == [2, 1]
    assert list(ordered_map(len, (str(i) for i in range(200)), jobs=1, chunk_size=3)) == [
        len(str(i)) for i in range(200)
    ]
    assert list(clean_many([])) == []


@pytest.mark.parametrize("kwargs", [{"jobs": 0}, {"jobs": -1}, {"chunk_size": 0}, {"window": 0}])
def test_bad_settings_raise_config_error(kwargs: dict[str, int]) -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        list(clean_many(["x"], **kwargs))  # type: ignore[arg-type]


def test_default_is_one_job_per_core() -> None:
    assert default_jobs() >= 1


def test_cli_jobs_keeps_order_and_per_record_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pages: list[str]
) -> None:
    lines = []
    for i in range(150):
        record = {"id": i, "text": pages[i % len(pages)] if i % 10 else ""}
        lines.append(json.dumps(record))
    lines.insert(77, "{oops")
    stdin = ("\n".join(lines) + "\n").encode()
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(["clean", "--format", "jsonl", "--jobs", jobs])
        outputs[jobs] = (code, *capsys.readouterr())
    assert outputs["1"] == outputs["2"]
    code, out, err = outputs["2"]
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(records) == 151
    assert records[77]["raw"] == "{oops"
    assert [r.get("id") for r in records if "raw" not in r] == list(range(150))
    assert err.count("\n") == 16  # 15 empty documents and the bad line


def test_cli_config_and_jobs_on_text_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], samples: Path, tmp_path: Path
) -> None:
    config = tmp_path / "p.toml"
    config.write_text('[[pattern_filters]]\nname = "delhi"\nregex = ".*NEW DELHI.*"\n', encoding="utf-8")
    files = [str(p) for p in sorted(samples.glob("*.txt"))] * 30
    assert main(["clean", "--jobs", "2", "--config", str(config), *files]) == 0
    parallel = capsys.readouterr().out
    assert main(["clean", "--jobs", "1", "--config", str(config), *files]) == 0
    assert capsys.readouterr().out == parallel
    assert main(["clean", "--jobs", "1", *files]) == 0
    assert capsys.readouterr().out != parallel  # the pattern filter removed lines


def test_cli_bad_config_and_bad_jobs_are_usage_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "p.toml"
    config.write_text("[clean]\nmenu_min_line = 3\n", encoding="utf-8")
    assert main(["clean", "--config", str(config)]) == 2
    assert "clean.menu_min_line: unknown key; allowed: body_threshold, disabled" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["clean", "--jobs", "0"])
    assert raised.value.code == 2
    assert "--jobs: expected a number of at least 1, got 0" in capsys.readouterr().err


_PID_DRIVER = """
import itertools, os, sys
from newsclean.parallel import ordered_map
from tests_worker_pid import worker_pid

seen = set()
for pid in ordered_map(worker_pid, itertools.count(), jobs=2, chunk_size=1):
    if pid != os.getpid() and pid not in seen:
        seen.add(pid)
        print(pid, flush=True)
"""


def test_workers_end_when_the_driver_is_killed(tmp_path: Path) -> None:
    """A driver killed outright cannot shut its pool down; its workers notice and exit."""
    import os
    import signal
    import subprocess
    import time

    (tmp_path / "tests_worker_pid.py").write_text(
        "import os, time\n\ndef worker_pid(_: int) -> int:\n    time.sleep(0.01)\n    return os.getpid()\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    driver = subprocess.Popen(
        [sys.executable, "-c", _PID_DRIVER], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    assert driver.stdout is not None
    workers = {int(driver.stdout.readline()), int(driver.stdout.readline())}
    driver.send_signal(signal.SIGKILL)
    driver.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                return stat.read().split(")")[-1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
