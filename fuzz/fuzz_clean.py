"""Coverage-guided fuzz target for the text entry point (and the HTML one, where installed).

Each input is decoded by the library's own rule, cleaned, and checked for the
invariants the property tests state: no exception other than the documented
``NewscleanError`` subclasses, output lines are a subsequence of the input lines,
the explanation replays, and cleaning the body again changes nothing.

Run for a bounded time with ``fuzz/run.sh`` (see its header); a crash is written
to ``fuzz/crashes/`` and should become a regression test in ``tests/test_fuzz_regressions.py``.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    import newsclean
    from newsclean.errors import NewscleanError
    from newsclean.io.decode import decode_text

try:
    from newsclean import clean_html  # type: ignore[attr-defined]
except ImportError:  # HTML mode not available in this build
    clean_html = None


def _check(text: str) -> None:
    try:
        article = newsclean.clean(text)
    except NewscleanError:
        return
    lines = [line.strip() for line in newsclean.Document.from_text(text).text.split("\n") if line.strip()]
    it = iter(lines)
    assert all(any(p == line for line in it) for p in article.paragraphs), "output is not a subsequence"
    assert newsclean.apply_removals(text, article.removals) == article.body, "explanation does not replay"
    if article.body:
        assert newsclean.clean(article.body).body == article.body, "cleaning is not idempotent"


def test_one_input(data: bytes) -> None:
    try:
        text = decode_text(data, "fuzz").text
    except NewscleanError:
        return
    _check(text)
    if clean_html is not None:
        with contextlib.suppress(NewscleanError):
            clean_html(data)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
