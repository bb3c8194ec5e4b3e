"""Text mode on every shared benchmark set: one table per set, all measured in one run.

Every system gets each page's all-visible-text dump (``page_full.txt``) and is scored
against ``ground_truth.txt`` with the scrapinghub benchmark's own method (``scoring.py``):

- keep everything; jusText and trafilatura on the lines (one ``<p>`` per line);
- newsclean with the rule-based locator of earlier versions (``CleanConfig(scoring=BlockScoring())``);
- newsclean with the fitted locator (the default). On scrapinghub and readability, the sets
  it is fitted on, every page is cleaned by a model fitted **without its site**: the
  training pages are split into ``--folds`` folds by site, one model is fitted per fold on
  the others (``newsclean.locator.training.fit_model``, exactly as the shipped model is
  made) and cleans that fold's pages. On dragnet and cleaneval, never fitted on, the
  shipped model cleans every page.
- with ``--knob``: the fitted locator at ``body_threshold`` 0.3 and 0.7.

Columns: F1 (± bootstrap standard deviation), precision, recall, share of pages whose own
F1 is under 0.5, and MB of input per CPU second spent in that system alone. The systems take
turns page by page in each worker process, so a busy machine slows all of them alike; the
ratio to the rule-based locator is the steadier figure.

    python benchmarks/text_mode.py [--sets scrapinghub readability dragnet cleaneval] [--knob]
    python benchmarks/text_mode.py --sets dragnet --systems newsclean --limit 200

Fold models are fitted ``--jobs`` at a time and written to ``benchmarks/out/cv/``
(``--reuse-models`` reads them back instead of fitting again); per-page misses of the fitted
locator to ``benchmarks/out/text_mode/``.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import PageScore, page_dirs, score_page, summarise, unmatched_lines  # noqa: E402

import newsclean  # noqa: E402
from newsclean.filters.layout import BlockScoring  # noqa: E402

DATA = HERE.parent.parent / "shared" / "benchmarks"
OUT = HERE / "out"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")
TRAINING_SETS = ("scrapinghub", "readability")
FITTED = "newsclean, fitted locator"
RULES = "newsclean, rule-based locator"


def _as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><body>{paragraphs}</body></html>"


def keep_everything(text: str, _model: str | None) -> str:
    return text


def justext_on_text(text: str, _model: str | None) -> str:
    import justext

    paragraphs = justext.justext(_as_html(text), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_on_text(text: str, _model: str | None) -> str:
    import trafilatura

    return trafilatura.extract(_as_html(text), include_comments=False) or ""


def _newsclean(config: newsclean.CleanConfig) -> Callable[[str, str | None], str]:
    def run(text: str, model: str | None) -> str:
        try:
            return newsclean.clean(text, replace(config, locator_model=model) if model else config).body
        except newsclean.EmptyDocumentError:
            return ""

    return run


SYSTEMS: dict[str, Callable[[str, str | None], str]] = {
    "keep everything": keep_everything,
    "jusText on the lines (English)": justext_on_text,
    "trafilatura on the lines": trafilatura_on_text,
    RULES: _newsclean(newsclean.CleanConfig(scoring=BlockScoring())),
    FITTED: _newsclean(newsclean.CleanConfig()),
}
KNOBS = {
    f"{FITTED}, body_threshold {t}": _newsclean(newsclean.CleanConfig(body_threshold=t)) for t in (0.3, 0.7)
}
FITTED_SYSTEMS = {FITTED, *KNOBS}


def _fit_fold(task: tuple[list[Any], int]) -> tuple[int, bytes, float]:
    from newsclean.locator.training import TrainingParameters, fit_model

    train, k = task
    started = time.process_time()
    model = fit_model(train, TrainingParameters(), {"cross_validation_fold": k})
    return k, model.dumps(), time.process_time() - started


def fold_models(data: Path, folds: int, reuse: bool, jobs: int = 1) -> dict[str, str]:
    """Fit one model per site fold of the training pages (``jobs`` folds at a time); the model
    path for every training page key."""
    from newsclean.locator.dataset import tables
    from newsclean.locator.train import training_pages
    from newsclean.locator.training import site_folds

    folder = OUT / "cv"
    folder.mkdir(parents=True, exist_ok=True)
    index_file = folder / "pages.json"
    if reuse and index_file.exists():
        return dict(json.loads(index_file.read_text(encoding="utf-8")))
    root = HERE.parent
    pages = list(
        training_pages(data, root / "corpus_samples", root / "tests" / "golden", seed=0, story_folds=folds)
    )
    page_tables = tables(pages, jobs=2)
    fold = site_folds(page_tables, folds, seed=0)
    tasks = [([t for t, f in zip(page_tables, fold, strict=True) if f != k], k) for k in range(folds)]
    by_page: dict[str, str] = {}
    with ProcessPoolExecutor(max(1, jobs)) as pool:
        for k, dumped, seconds in pool.map(_fit_fold, tasks):
            path = folder / f"fold_{k}.arrays"
            path.write_bytes(dumped)
            for t, f in zip(page_tables, fold, strict=True):
                if f == k and not t.page.augmented:
                    by_page[t.page.key] = str(path)
            print(f"fold {k}: fitted on {len(tasks[k][0])} pages in {seconds:.0f} CPU s", file=sys.stderr)
    index_file.write_text(json.dumps(by_page, indent=0), encoding="utf-8")
    return by_page


def run_page(task: tuple[str, str, str | None, tuple[str, ...]]) -> tuple[str, dict[str, tuple[str, float]]]:
    key, path, model, systems = task
    text = Path(path).read_text(encoding="utf-8")
    table = {**SYSTEMS, **KNOBS}
    out = {}
    for name in systems:
        started = time.process_time()
        output = table[name](text, model if name in FITTED_SYSTEMS else None)
        out[name] = (output, time.process_time() - started)
    return key, out


def write_misses(set_name: str, page: str, predicted: str, gold: str) -> None:
    folder = OUT / "text_mode" / set_name
    folder.mkdir(parents=True, exist_ok=True)
    extra, lost = unmatched_lines(predicted, gold), unmatched_lines(gold, predicted)
    with (folder / f"{page}.txt").open("w", encoding="utf-8") as out:
        out.write(f"# kept, not in gold ({len(extra)})\n")
        out.writelines(f"+ {line}\n" for line in extra)
        out.write(f"\n# in gold, lost ({len(lost)})\n")
        out.writelines(f"- {line}\n" for line in lost)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the benchmark sets")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--systems", nargs="*", default=list(SYSTEMS), help="subset of systems to run")
    parser.add_argument(
        "--knob", action="store_true", help="add the fitted locator at body_threshold 0.3 and 0.7"
    )
    parser.add_argument("--folds", type=int, default=5, help="site folds for the training sets")
    parser.add_argument("--reuse-models", action="store_true", help="reuse the fold models of an earlier run")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (pages, and fold fits)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    args = parser.parse_args(argv)
    systems = tuple(args.systems) + (tuple(KNOBS) if args.knob else ())
    unknown = set(systems) - set(SYSTEMS) - set(KNOBS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; choose from {list(SYSTEMS)}")
    fitted_here = FITTED_SYSTEMS & set(systems)
    models: dict[str, str] = {}
    if fitted_here and set(args.sets) & set(TRAINING_SETS):
        models = fold_models(args.data, args.folds, args.reuse_models, args.jobs)
    with ProcessPoolExecutor(args.jobs) as pool:
        for set_name in args.sets:
            pages = page_dirs(args.data / set_name)[: args.limit]
            tasks = []
            for p in pages:
                key = f"{set_name}/{p.name}"
                model = models.get(key) if set_name in TRAINING_SETS else None
                if (
                    set_name in TRAINING_SETS
                    and fitted_here
                    and model is None
                    and (p / "page_full.txt").read_text(encoding="utf-8").strip()
                ):
                    raise SystemExit(f"no fold model for {key}: run without --reuse-models")
                tasks.append((key, str(p / "page_full.txt"), model, systems))
            results = dict(pool.map(run_page, tasks, chunksize=4))
            golds = {
                f"{set_name}/{p.name}": (p / "ground_truth.txt").read_text(encoding="utf-8") for p in pages
            }
            megabytes = sum((p / "page_full.txt").stat().st_size for p in pages) / 1e6
            how = "site-disjoint cross-validation" if set_name in TRAINING_SETS else "never fitted on"
            print(f"\n### {set_name}: {len(pages)} pages, {megabytes:.1f} MB ({how})\n")
            print("| system | F1 | P | R | pages under 0.5 | MB/s per core | × rule-based |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            rows, speeds = {}, {}
            for name in systems:
                scores: list[PageScore] = []
                cpu = 0.0
                for key, gold in golds.items():
                    output, seconds = results[key][name]
                    cpu += seconds
                    scores.append(score_page(output, gold))
                    if name == FITTED:
                        write_misses(set_name, key.split("/", 1)[1], output, gold)
                low = sum(1 for sc in scores if sc.f1 is not None and sc.f1 < 0.5) / len(scores)
                rows[name] = (summarise(scores), low)
                speeds[name] = megabytes / cpu if cpu else float("inf")
            for name, (s, low) in rows.items():
                timed = name != "keep everything"
                speed = f"{speeds[name]:.2f}" if timed else "-"
                ratio = f"{speeds[name] / speeds[RULES]:.2f}" if timed and RULES in speeds else "-"
                print(f"| {name} | {s.row()} | {low:.1%} | {speed} | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    # numpy without its AVX-512 kernels, as the locator's training runs: the fold models and the
    # scores are then the same on every x86-64 machine
    from newsclean.locator import reproducible

    raise SystemExit(reproducible.main_with_settings([__file__, *sys.argv[1:]], main))
