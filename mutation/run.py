"""Mutation testing of the core modules with mutmut, one module at a time.

    python mutation/run.py dedup/verify.py            # one module
    python mutation/run.py dedup/verify.py io         # several; a directory means each module in it
    python mutation/run.py --all                      # every core module (hours)
    python mutation/run.py --list                     # the modules and the tests each one runs

For each module, a scratch copy of the project is made under ``.mutation/<module>/`` with a
``[tool.mutmut]`` section that mutates that module alone and runs only the test files
``mutation/modules.toml`` lists for it (doctests are not run: the score is what ``tests/``
kills). mutmut then runs, for each mutant, only those of the listed tests that call the
mutated function. At the end a table is printed (and written to ``.mutation/summary.md``):
mutants, killed, surviving, timed out, and the score; ``mutmut results`` and ``mutmut show
<name>`` inside the scratch directory list and show the survivors. Run it with ``tox -e
mutation -- <modules>``; it is slow, so it is not part of the default ``tox`` run.

Equivalent mutants (a change that cannot alter behaviour) are listed, each with its reason,
in ``mutation/equivalent.toml``; they are left out of the score.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "newsclean"
SCRATCH = ROOT / ".mutation"
#: What the tests need besides src/ and tests/ (mutmut copies pyproject.toml itself).
COPIED = ("src", "tests", "corpus_samples", "benchmarks", "conftest.py")


@dataclass(frozen=True)
class Outcome:
    """One module's mutmut results, by status, with the names of the mutants that were not killed."""

    module: str
    counts: dict[str, int]
    survivors: list[str]
    equivalent: list[str]


def load_map() -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    tests = tomllib.loads((ROOT / "mutation" / "modules.toml").read_text("utf-8"))["tests"]
    equivalent = tomllib.loads((ROOT / "mutation" / "equivalent.toml").read_text("utf-8"))
    return tests, equivalent


def modules_of(key: str, table: dict[str, list[str]]) -> list[str]:
    """The module paths (under src/newsclean) a command-line key stands for."""
    path = PACKAGE / key
    if path.is_dir():
        found = sorted(str(p.relative_to(PACKAGE)) for p in path.glob("*.py") if p.name != "__init__.py")
        return [m for m in found if m in table or key in table]
    if path.is_file() and (key in table or str(Path(key).parent) in table):
        return [key]
    raise SystemExit(f"{key}: not a core module; `--list` shows them")


def tests_for(module: str, table: dict[str, list[str]]) -> list[str]:
    tests = table.get(module) or table[str(Path(module).parent)]
    missing = [t for t in tests if not (ROOT / t).is_file()]
    if missing:
        raise SystemExit(f"mutation/modules.toml lists test files that do not exist: {missing}")
    return tests


def scratch_for(module: str, tests: list[str]) -> Path:
    """A fresh copy of the project whose mutmut configuration mutates ``module`` alone."""
    where = SCRATCH / module.replace("/", "__").removesuffix(".py")
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=shutil.ignore_patterns("__pycache__", "out"))
        else:
            shutil.copy2(source, where / name)
    config = (ROOT / "pyproject.toml").read_text("utf-8")
    config += (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f'only_mutate = ["src/newsclean/{module}"]\n'
        f"pytest_add_cli_args_test_selection = {tests!r}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]\n'
        'also_copy = ["corpus_samples", "benchmarks", "conftest.py"]\n'
        "mutate_only_covered_lines = false\n"
    )
    # tests/ alone: no doctests
    config = config.replace('"tests", "src/newsclean"', '"tests"').replace("--doctest-modules ", "")
    (where / "pyproject.toml").write_text(config, "utf-8")
    return where


def statuses(where: Path) -> dict[str, str]:
    """mutmut's verdict per mutant name (``mutmut results --all true``)."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    verdicts = {}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            verdicts[name] = status
    return verdicts


def refresh_tests(where: Path, tests: list[str]) -> list[str]:
    """Copy the current tests into an earlier run's scratch directory, and select the test files
    ``mutation/modules.toml`` lists now (a file added since the last run included); the mutants
    that run left alive."""
    left = [name for name, status in statuses(where).items() if status != "killed"]
    for target in (where / "tests", where / "mutants" / "tests"):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "tests", target, ignore=shutil.ignore_patterns("__pycache__"))
    config = where / "pyproject.toml"
    selection = re.sub(
        r"(?m)^pytest_add_cli_args_test_selection = .*$",
        lambda _: f"pytest_add_cli_args_test_selection = {tests!r}",
        config.read_text("utf-8"),
    )
    config.write_text(selection, "utf-8")
    (where / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)  # which tests call what: again
    return left


def run_module(
    module: str, tests: list[str], equivalent: dict[str, str], children: int, again: bool = False
) -> Outcome:
    where = SCRATCH / module.replace("/", "__").removesuffix(".py")
    names: list[str] = []
    if again and (where / "mutants").is_dir():
        names = refresh_tests(where, tests)
        print(f"== {module}: the {len(names)} mutants left alive last time, against the current tests")
    else:
        where = scratch_for(module, tests)
        print(f"== {module}: {len(tests)} test files", flush=True)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *names]
    if not again or names:
        subprocess.run(command, cwd=where, env=env, check=False)
    verdicts = statuses(where)
    counts: dict[str, int] = {}
    survivors, equivalents = [], []
    for name, status in sorted(verdicts.items()):
        short = name.split("__mutmut_")[0].split(".")[-1] + "__mutmut_" + name.split("__mutmut_")[-1]
        if status == "survived" and short in equivalent:
            status = "equivalent"
            equivalents.append(name)
        elif status == "timeout":  # the tests did not finish (an endless loop): detected
            status = "killed"
        elif status in ("survived", "no tests", "suspicious"):
            survivors.append(f"{name} ({status})")
        counts[status] = counts.get(status, 0) + 1
    return Outcome(module, counts, survivors, equivalents)


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| module | mutants | killed | equivalent | surviving | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        total = sum(o.counts.values())
        killed = o.counts.get("killed", 0)
        equivalent = o.counts.get("equivalent", 0)
        surviving = total - killed - equivalent
        scored = total - equivalent
        score = f"{100 * killed / scored:.1f} %" if scored else "-"
        rows.append(f"| {o.module} | {total} | {killed} | {equivalent} | {surviving} | {score} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help="module paths under src/newsclean, or directories")
    parser.add_argument("--all", action="store_true", help="every core module")
    parser.add_argument("--list", action="store_true", help="list the core modules and their tests")
    parser.add_argument("--children", type=int, default=2, help="parallel mutants (default 2)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="rerun only the mutants the last run of each module left alive, against the current tests",
    )
    args = parser.parse_args(argv)
    tests, equivalent = load_map()
    keys = sorted(tests) if args.all or args.list else args.modules
    if not keys:
        parser.error("name a module, or give --all or --list")
    modules = list(dict.fromkeys(m for key in keys for m in modules_of(key, tests)))
    if args.list:
        for module in modules:
            print(f"{module}: {' '.join(tests_for(module, tests))}")
        return 0
    outcomes = []
    for module in modules:
        outcome = run_module(
            module, tests_for(module, tests), equivalent.get(module, {}), args.children, args.again
        )
        outcomes.append(outcome)
        for name in outcome.survivors:
            print(f"   surviving: {name}")
    summary = table(outcomes)
    print(summary)
    SCRATCH.mkdir(exist_ok=True)
    (SCRATCH / "summary.md").write_text(summary + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
