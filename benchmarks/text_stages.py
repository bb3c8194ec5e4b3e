"""Where text mode spends its time: CPU per stage, on the shared sets, beside jusText on the lines.

Each page is cleaned once by a pipeline whose filters and locator stages run under a stage
clock (exclusive CPU time: a stage's time excludes the stages it calls, so the shares add
up to 100 %), and is cleaned again, in the same process and turn, by the plain default
pipeline and by jusText on the lines (one ``<p>`` per line, as in ``text_mode.py``) for the
speed columns. Stages:

- *documents*: cutting the text to the limits, splitting it into lines (``Document``), the body's
  document in the passes over the body;
- *pattern filters*: the whole-line pattern families (ticker, navigation, prompts ...);
- *line features*: the page's language, function-word densities, list markers, teasers;
- *locator features*: the fitted locator's feature matrix (characters, neighbours, windows);
- *locator model*: the lexicon columns and the two forests;
- *decode*: the four-state decode;
- *other filters*: the filters that are not whole-line patterns (related lists, menus, tags ...);
- *rest*: metadata, removals, the article (everything not in a stage above).

Each stage is split into the first pass over the page and the passes over its body that make
cleaning idempotent (``Pipeline._settle``).

    python benchmarks/text_stages.py [--sets dragnet scrapinghub] [--limit 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from text_mode import DATA, SETS, justext_on_text  # noqa: E402

import newsclean  # noqa: E402
import newsclean.document  # noqa: E402
import newsclean.linefeatures  # noqa: E402
import newsclean.locator.fitted as fitted  # noqa: E402
from newsclean.api import pipeline_for  # noqa: E402
from newsclean.filters.base import LinePatternFilter  # noqa: E402
from newsclean.pipeline import Pipeline  # noqa: E402

STAGES = (
    "documents",
    "pattern filters",
    "line features",
    "locator features",
    "locator model",
    "decode",
    "other filters",
    "rest",
)
PHASES = ("first pass", "body passes")


@dataclass
class StageClock:
    """Exclusive CPU time per (phase, stage): entering a stage pauses the one it was called from."""

    totals: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    stack: list[list[Any]] = field(default_factory=list)
    phase: str = PHASES[0]
    active: bool = False
    """Whether the clock runs (the patched functions run untimed for the plain pipeline)."""

    def enter(self, stage: str) -> None:
        now = time.process_time()
        if self.stack:
            top = self.stack[-1]
            self.totals[(top[2], top[0])] += now - top[1]
        self.stack.append([stage, now, self.phase])

    def leave(self) -> None:
        now = time.process_time()
        stage, start, phase = self.stack.pop()
        self.totals[(phase, stage)] += now - start
        if self.stack:
            self.stack[-1][1] = now

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if not self.active:
                return function(*args, **kwargs)
            self.enter(stage)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return run


@dataclass(frozen=True)
class TimedFilter:
    """A filter whose tags are gathered under the clock (the pipeline takes any object with ``name`` and ``tag``)."""

    inner: Any
    stage: str
    clock: StageClock

    @property
    def name(self) -> str:
        return str(self.inner.name)

    @property
    def line_local(self) -> bool:
        return bool(getattr(self.inner, "line_local", False))

    def tag(self, context: Any) -> Iterable[Any]:
        self.clock.enter(self.stage)
        try:
            return list(self.inner.tag(context))
        finally:
            self.clock.leave()


def instrument(clock: StageClock) -> Pipeline:
    """The default pipeline with every stage under ``clock`` (module functions patched in place)."""
    fitted.line_matrix = clock.timed("locator features", fitted.line_matrix)  # type: ignore[assignment]
    fitted.decode_article = clock.timed("decode", fitted.decode_article)  # type: ignore[assignment]
    fitted.score_lines = clock.timed("locator model", fitted.score_lines)  # type: ignore[assignment]
    newsclean.document.compute_features = clock.timed(  # type: ignore[attr-defined]
        "line features",
        newsclean.document.compute_features,  # type: ignore[attr-defined]
    )
    newsclean.document.Document.from_text = classmethod(  # type: ignore[method-assign]
        clock.timed("documents", newsclean.document.Document.from_text.__func__)  # type: ignore[attr-defined]
    )
    if hasattr(newsclean.document.Document, "body_of"):  # the body's document, built from the page's lines
        newsclean.document.Document.body_of = clock.timed("documents", newsclean.document.Document.body_of)  # type: ignore[method-assign]
    base = pipeline_for(None)
    filters = tuple(
        TimedFilter(f, "pattern filters" if isinstance(f, LinePatternFilter) else "other filters", clock)
        for f in base.filters
    )
    pipeline = Pipeline(filters, base.pattern_timeout, base.locator)
    settle = pipeline._settle

    def settle_in_body_phase(*args: Any, **kwargs: Any) -> bool:
        clock.phase = PHASES[1]
        try:
            return settle(*args, **kwargs)
        finally:
            clock.phase = PHASES[0]

    pipeline._settle = settle_in_body_phase  # type: ignore[method-assign]
    return pipeline


def pages(data: Path, set_name: str, limit: int | None) -> Iterator[str]:
    folders = sorted((data / set_name / "pages").iterdir())[:limit]
    for folder in folders:
        yield (folder / "page_full.txt").read_text(encoding="utf-8", errors="replace")


def measure(set_name: str, texts: list[str], clock: StageClock, timed: Pipeline) -> list[str]:
    clock.totals.clear()
    plain = pipeline_for(None)
    spent = {"timed": 0.0, "newsclean": 0.0, "justext": 0.0}
    for text in texts:
        for system, run in (
            ("timed", timed.clean),
            ("newsclean", plain.clean),
            ("justext", lambda t: justext_on_text(t, None)),
        ):
            start = time.process_time()
            clock.active = system == "timed"
            if clock.active:
                clock.enter("rest")
            try:
                run(text)
            except newsclean.NewscleanError:
                pass
            finally:
                if clock.active:
                    clock.leave()
                    clock.active = False
            spent[system] += time.process_time() - start
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    total = sum(clock.totals.values()) or 1.0
    rows = [
        f"### {set_name} ({len(texts)} pages, {megabytes:.1f} MB)",
        "",
        f"newsclean {megabytes / spent['newsclean']:.2f} MB per CPU second, jusText on the lines "
        f"{megabytes / spent['justext']:.2f}: ratio {spent['justext'] / spent['newsclean']:.2f} "
        "(2.0 is the speed target).",
        "",
        "| stage | first pass | body passes | all |",
        "| --- | ---: | ---: | ---: |",
    ]
    for stage in STAGES:
        first, body = clock.totals[(PHASES[0], stage)], clock.totals[(PHASES[1], stage)]
        rows.append(
            f"| {stage} | {100 * first / total:.1f} % | {100 * body / total:.1f} % | {100 * (first + body) / total:.1f} % |"
        )
    return [*rows, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the benchmark sets")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--limit", type=int, default=300, help="first N pages of each set")
    args = parser.parse_args(argv)
    newsclean.clean("Warm-up: the model and the patterns load here.\n\nA second line of text.")
    clock = StageClock()
    timed = instrument(clock)
    lines: list[str] = []
    for set_name in args.sets:
        lines += measure(set_name, list(pages(args.data, set_name, args.limit)), clock, timed)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
