"""Start-up: what the command line and ``import newsclean`` load, and the disk cache of compiled patterns.

Behaviour only (which modules a fresh interpreter holds, what the cache reads and writes);
the start-up time itself is measured by ``benchmarks/startup.py``, not asserted here.
"""

from __future__ import annotations

import importlib
import os
import pickle
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex

import newsclean
import newsclean.dedup
import newsclean.report
from newsclean import stoplists
from newsclean.filters.base import LinePattern, LinePatternFilter, compile_line_patterns
from newsclean.pattern_cache import CACHE_DIR_VARIABLE, cache_dir, cache_file, cached_compile, load_pattern
from newsclean.reasons import Reason

LAZY_PACKAGES = (newsclean, newsclean.dedup, newsclean.report)


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(out.split())


# --- what start-up loads ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "absent", "why"),
    [
        (
            "import newsclean",
            {"newsclean.api", "numpy", "lxml"},
            "the package imports its modules on first use",
        ),
        (
            "from newsclean.cli.main import build_parser; build_parser()",
            {
                "newsclean.dedup.deduplicator",
                "newsclean.report.reading",
                "rapidfuzz",
                "lxml",
                "tqdm",
                "newsclean.extraction.html",
                "concurrent.futures.process",
                "tomllib",
            },
            "the parser takes its defaults from DedupConfig and ReportConfig alone; HTML, the bar and the "
            "process pool load when used",
        ),
    ],
)
def test_start_up_leaves_out(code: str, absent: set[str], why: str) -> None:
    assert not loaded_after(code) & absent, why


def test_cleaning_text_loads_no_html_extraction(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("short page text\n", encoding="utf-8")
    code = f"from newsclean.cli.main import main; main(['clean', {str(page)!r}])"
    loaded = loaded_after(code)
    assert "newsclean.api" in loaded
    assert not loaded & {"lxml", "trafilatura", "tqdm", "rapidfuzz", "newsclean.extraction.html"}


def test_the_clean_command_loads_no_other_command(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("short page text\n", encoding="utf-8")
    loaded = loaded_after(f"from newsclean.cli.main import main; main(['clean', {str(page)!r}])")
    assert "newsclean.cli.clean_cmd" in loaded
    assert not loaded & {
        "newsclean.cli.dedup_cmd",
        "newsclean.dedup",
        "newsclean.report",
        "sqlite3",
        "zipfile",
    }


ONLY_WHEN_USED = {
    "newsclean.config_file",
    "newsclean.extraction.html_config",
    "newsclean.extraction.html_decode",
    "newsclean.cli.html_input",
}


def test_a_text_run_loads_no_configuration_or_html_module(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("short page text\n", encoding="utf-8")
    loaded = loaded_after(f"from newsclean.cli.main import main; main(['clean', {str(page)!r}])")
    assert not loaded & ONLY_WHEN_USED
    library = loaded_after(
        "import newsclean; newsclean.clean('short page text'); list(newsclean.clean_many(['a b c'], jobs=1))"
    )
    assert not library & ONLY_WHEN_USED


def test_a_run_with_a_configuration_file_loads_it(tmp_path: Path) -> None:
    page, config = tmp_path / "page.txt", tmp_path / "newsclean.toml"
    page.write_text("short page text\n", encoding="utf-8")
    config.write_text("[clean]\nbody_threshold = 0.6\n", encoding="utf-8")
    loaded = loaded_after(
        f"from newsclean.cli.main import main; main(['clean', '--config', {str(config)!r}, {str(page)!r}])"
    )
    assert "newsclean.config_file" in loaded


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_every_lazy_export_is_the_defining_module_s_object(package: object) -> None:
    exports: dict[str, str] = package._EXPORTS  # type: ignore[attr-defined]
    assert set(exports) <= set(package.__all__)  # type: ignore[attr-defined]
    for name, module in exports.items():
        assert getattr(package, name) is getattr(importlib.import_module(module), name), name
    assert set(exports) <= set(dir(package))


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_no_lazy_export_is_named_like_a_module_of_its_package(package: object) -> None:
    # importing such a module would bind the module, not the export, under the name
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}  # type: ignore[attr-defined]
    assert not modules & set(package._EXPORTS)  # type: ignore[attr-defined]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'newsclean' has no attribute 'clena'"):
        _ = newsclean.clena  # type: ignore[attr-defined]


# --- pattern filters compile on first use ------------------------------------------------


def test_a_pattern_filter_compiles_when_it_first_tags() -> None:
    broken = LinePatternFilter("broken", (LinePattern("open", Reason.PATTERN, "(a"),))  # built: not compiled
    with pytest.raises(regex.error):
        list(broken.tag(newsclean.filters.Context.for_text("a")))


def test_pattern_names_are_still_checked_when_built() -> None:
    with pytest.raises(ValueError, match="must be unique"):
        LinePatternFilter(
            "twice", (LinePattern("a", Reason.PATTERN, "x"), LinePattern("a", Reason.PATTERN, "y"))
        )


# --- the disk cache of compiled patterns ---------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


SOURCE = r"(?i:share|tweet)(?:\h++(?:this|now))?"


def test_a_cached_pattern_is_the_compiled_one(cache: Path) -> None:
    first = cached_compile(SOURCE, regex.V0)
    path = cache_file(cache, SOURCE, regex.V0)
    assert path.is_file()
    loaded = load_pattern(path, SOURCE)
    assert loaded is not None
    assert pickle.dumps(loaded) == pickle.dumps(first) == pickle.dumps(regex.compile(SOURCE, regex.V0))


def test_a_cached_pattern_is_read_not_compiled(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_compile(SOURCE, regex.V0)

    def refuse(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(regex, "compile", refuse)
    assert cached_compile(SOURCE, regex.V0).fullmatch("SHARE now") is not None


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "an empty file (a crash mid-write elsewhere)"),
        (b"\x80\x04garbage", "a damaged file"),
        (pickle.dumps(regex.compile("other")), "a file holding another pattern"),
        (pickle.dumps(os.getcwd), "a file naming another callable: refused, never called"),
        (pickle.dumps(["share"]), "a file holding something else"),
    ],
)
def test_a_bad_cache_file_is_a_miss_and_is_rewritten(cache: Path, content: bytes, why: str) -> None:
    path = cache_file(cache, SOURCE, regex.V0)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert load_pattern(path, SOURCE) is None, why
    assert cached_compile(SOURCE, regex.V0).pattern == SOURCE
    assert load_pattern(path, SOURCE) is not None, "rewritten"


def test_the_key_holds_source_and_flags(cache: Path) -> None:
    keys = {cache_file(cache, s, f) for s in (SOURCE, SOURCE + "x") for f in (0, regex.V0)}
    assert len(keys) == 4


def test_an_unwritable_cache_only_costs_the_compile(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be", encoding="utf-8")
    assert cached_compile(SOURCE, regex.V0).fullmatch("tweet") is not None


def test_an_empty_cache_variable_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() is None
    assert cached_compile(SOURCE, regex.V0).fullmatch("share this") is not None
    assert not any(tmp_path.iterdir())


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "newsclean"


def test_families_compile_through_the_cache(cache: Path) -> None:
    family = (LinePattern("only_cache_test", Reason.PATTERN, "cache test line"),)
    compile_line_patterns(family)
    assert len(list(cache.glob("*.regex"))) == 1


# --- the stoplists load when a text has enough words to name a language ----------------------


@pytest.mark.parametrize(
    ("words", "expected", "loads", "why"),
    [
        ("der die und das", None, False, "four words: fewer than MIN_HITS (5), no list can reach it"),
        ("der die und das ist", "German", True, "five German function words: exactly MIN_HITS"),
    ],
)
def test_min_hits_boundary(words: str, expected: str | None, loads: bool, why: str) -> None:
    assert stoplists.MIN_HITS == 5
    stoplists._index.cache_clear()
    assert stoplists.detect_language(words.split()) == expected, why
    assert (stoplists._index.cache_info().currsize == 1) is loads, why
