"""Hostile configuration, profiles, option values, learn inputs, many pattern filters and dying workers."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import pytest

import newsclean
from cli_helpers import run
from newsclean import ConfigError, PipelineConfig, load_config
from newsclean.dedup import DedupConfig
from newsclean.filters import BlockScoring, LimitsFilter, MenuRunFilter
from newsclean.profile import ProfileError, SiteProfile

GOOD = "The council approved the new budget on Monday after a long debate about schools and roads, the mayor said."


CONFIGS = [
    # (name, file content, message in the ConfigError; issue #15)
    ("backreference", b'[[pattern_filters]]\nname = "x"\nregex = "(a)\\\\1"\n', "pattern_filters[0].regex: invalid regular expression"),
    ("verbose flag", b'[[pattern_filters]]\nname = "x"\nregex = "(?x) foo # c"\n', "pattern_filters[0].regex: invalid regular expression"),
    ("not utf-8", b'[clean]\ndisabled = ["caf\xe9"]\n', "not UTF-8 (byte 24)"),
    ("deep arrays", b"x = " + b"[" * 2000 + b"]" * 2000 + b"\n", "nested too deeply"),
    ("long integer", b"[clean]\nmax_line_chars = 1" + b"0" * 5000 + b"\n", "not valid TOML"),
    ("negative limit", b"[filters.limits]\nmax_line_chars = -1\n", "filters.limits.max_line_chars must be a whole number of at least 1"),
    ("zero lines", b"[filters.limits]\nmax_document_lines = 0\n", "filters.limits.max_document_lines must be a whole number of at least 1"),
    ("negative cost", b"[clean.scoring]\ngap_cap = -1.0\n", "clean.scoring.gap_cap must be a number in [0.0, 1000000.0]"),
    ("nan weight", b"[clean.scoring]\nfragment_cost = nan\n", "clean.scoring.fragment_cost must be a number"),
    ("fraction", b"[filters.tags]\nmin_capitalised = 1.5\n", "filters.tags.min_capitalised must be a number in [0.0, 1.0]"),
    ("huge timeout", b"[clean]\npattern_timeout = 1e18\n", "pattern_timeout must be a positive number of seconds (at most 1,000,000)"),
    ("timeout inf", b"[clean]\npattern_timeout = inf\n", "pattern_timeout must be a positive number of seconds"),
    ("profile device", b'[clean]\nprofile = "/dev/zero"\n', "clean.profile: /dev/zero is not a regular file"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_bad_configuration_files_are_config_errors(
    monkeypatch, capsys, tmp_path: Path, name, content, message
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert message in str(raised.value)
    for mode in ([], ["--html"]):
        code, out, err = run(monkeypatch, capsys, ["clean", *mode, "--config", str(path)], GOOD.encode())
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and message in err


def test_a_configuration_that_is_a_device_or_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="/dev/zero: not a regular file"):
        load_config("/dev/zero")
    with pytest.raises(ConfigError, match="cannot read the configuration file: No such file or directory"):
        load_config(tmp_path / "missing.toml")


PROFILES = [
    ("infinity", '{"format": "newsclean-site-profile", "version": 2, "documents": Infinity, "min_documents": 3, "novel_words": 50, "template": []}'),
    ("digits", '{"format": "newsclean-site-profile", "version": 2, "documents": 1' + "0" * 5000 + ', "min_documents": 3, "novel_words": 50, "template": []}'),
    ("negative", '{"format": "newsclean-site-profile", "version": 2, "documents": -4, "min_documents": 3, "novel_words": 50, "template": []}'),
    ("bad key", '{"format": "newsclean-site-profile", "version": 2, "documents": 4, "min_documents": 3, "novel_words": 50, "template": ["zz"]}'),
    ("float count", '{"format": "newsclean-site-profile", "version": 2, "documents": 4.5, "min_documents": 3, "novel_words": 50, "template": []}'),
    ("template not a list", '{"format": "newsclean-site-profile", "version": 2, "documents": 4, "min_documents": 3, "novel_words": 50, "template": "00"}'),
    ("min_documents 1", '{"format": "newsclean-site-profile", "version": 2, "documents": 4, "min_documents": 1, "novel_words": 50, "template": []}'),
    ("no novel_words", '{"format": "newsclean-site-profile", "version": 2, "documents": 4, "min_documents": 3, "template": []}'),
    ("deep", '{"format": "newsclean-site-profile", "version": 2, "template": ' + "[" * 3000 + "]" * 3000 + "}"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content"), PROFILES, ids=[p[0] for p in PROFILES])
def test_bad_profiles_are_profile_errors(monkeypatch, capsys, tmp_path: Path, name, content) -> None:
    path = tmp_path / "site.json"
    path.write_text(content)
    with pytest.raises(ProfileError, match=r"rebuild it with `newsclean learn`|is not JSON"):
        SiteProfile.load(path)
    for mode in ([], ["--html"]):
        code, out, err = run(monkeypatch, capsys, ["clean", *mode, "--profile", str(path)], GOOD.encode())
        assert (code, out) == (2, "") and err.startswith("newsclean: --profile: ") and err.count("\n") == 1


def test_profile_that_is_a_device() -> None:
    with pytest.raises(ProfileError, match="/dev/zero is not a regular file"):
        SiteProfile.load("/dev/zero")


def test_numbers_are_checked_alike_everywhere(monkeypatch, capsys) -> None:
    """#15: the same range, whether set in the library, a TOML file or on the command line."""
    with pytest.raises(ConfigError, match="max_line_chars must be a whole number of at least 1"):
        LimitsFilter(max_line_chars=-1)
    with pytest.raises(ConfigError, match="max_line_chars must be a whole number of at least 1"):
        newsclean.CleanConfig(max_line_chars=0)
    with pytest.raises(ConfigError, match="min_lines must be a whole number of at least 1"):
        dataclasses.replace(MenuRunFilter(), min_lines=-2)
    with pytest.raises(ConfigError, match="gap_cap must be a number in"):
        BlockScoring(gap_cap=float("inf"))
    with pytest.raises(ConfigError, match="threshold must be a number in"):
        DedupConfig(threshold="high")  # type: ignore[arg-type]
    with pytest.raises(
        ConfigError, match=r"shingle_size must be a whole number of at least 1 \(and at most 1,000\)"
    ):
        DedupConfig(shingle_size=10**9)
    with pytest.raises(ConfigError, match="time_limit must be a positive number of seconds"):
        newsclean.HtmlConfig(time_limit=0)
    for args in (
        ["dedup", "--max-record-bytes", "0"],
        ["dedup", "--max-record-bytes", "-5"],
        ["dedup", "--lock-timeout", "nan"],
        ["clean", "--max-record-bytes", "99999999999"],
        ["clean", "--jobs", "0"],
    ):
        with pytest.raises(SystemExit) as stopped:
            run(monkeypatch, capsys, args)
        assert stopped.value.code == 2
        assert "Traceback" not in capsys.readouterr().err
    for args in (
        ["dedup", "--threshold", "nan"],
        ["dedup", "--shingle-size", "0"],
        ["dedup", "--num-perm", "3"],
    ):
        code, out, err = run(monkeypatch, capsys, args, b"")
        assert (code, out) == (2, "") and err.count("\n") == 1


def test_learn_hostile_inputs(monkeypatch, capsys, tmp_path: Path) -> None:
    """#17: an absolute --glob was a NotImplementedError traceback; binary files were learned silently;
    a missing output folder exited 2 where the help says 1."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.txt").write_text(f"Site menu line\n{GOOD} {i}\n")
    (pages / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    profile = tmp_path / "site.json"
    code, _, err = run(monkeypatch, capsys, ["learn", str(pages), "--glob", "/etc/*", "-o", str(profile)])
    assert code == 2 and err.startswith("newsclean learn: --glob '/etc/*': ") and "Traceback" not in err
    code, _, err = run(monkeypatch, capsys, ["learn", str(pages), "-o", str(profile)])
    assert code == 1 and profile.exists()
    assert f"newsclean learn: {pages / 'logo.txt'}: binary data (NUL byte at offset 8)" in err
    assert json.loads(profile.read_text())["documents"] == 3
    code, _, err = run(monkeypatch, capsys, ["learn", str(pages), "-o", str(tmp_path / "no" / "site.json")])
    assert code == 1 and "cannot write" in err and "No such file or directory" in err


def test_many_pattern_filters_compile_once(monkeypatch) -> None:
    """#16: past 256 pattern filters every pattern was compiled again for every document."""
    config = PipelineConfig.from_mapping(
        {"pattern_filters": [{"name": f"f{i}", "regex": f"(?i:promo code {i}\\b.*)"} for i in range(300)]}
    )
    import regex

    compiled: list[str] = []
    original = regex.compile
    monkeypatch.setattr(regex, "compile", lambda *a, **k: compiled.append(a[0]) or original(*a, **k))
    for _ in range(3):
        article = newsclean.clean(f"{GOOD}\nPromo code 7 for readers.\n", config)
    assert compiled == []
    assert [r.filter for r in article.removals] == ["f7"]


_DYING_WORKER = """
import os


def dies_on_13(item: int) -> int:
    if item == 13:
        os._exit(3)  # the worker process dies, as when the system kills it for its memory
    return item * 2


def crashed(item: int, error: BaseException) -> int:
    return -item
"""

_DYING_DRIVER = """
from newsclean.parallel import ordered_map
from tests_dying_worker import crashed, dies_on_13

print(list(ordered_map(dies_on_13, range(24), jobs=2, chunk_size=4, window=2, on_crash=crashed)))
"""


def test_a_dying_worker_costs_only_its_record(tmp_path: Path) -> None:
    """#4: with --jobs, the whole chunk around a record that killed its worker was lost.

    Run in a child process: the workers import the function they run by its module's name,
    which a test module's is not (pytest imports it by path)."""
    import subprocess

    (tmp_path / "tests_dying_worker.py").write_text(_DYING_WORKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", _DYING_DRIVER],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, -13, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46]
    assert done.stdout == f"{expected}\n"
