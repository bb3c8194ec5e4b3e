"""Report at scale: ``newsclean report`` on 100k and 1M explained records, memory flat, page bounded.

The input is real ``--explain`` output: ``--base`` soak records (made-up articles with
planted copies and every kind of bad record, see soak.py) go through

    newsclean clean --format jsonl --explain | newsclean dedup --no-clean --explain

once, and are then tiled to each size with fresh ids and cluster ids (tile ``k`` turns
id ``7`` into ``k:7`` and cluster ``3`` into ``k:3``), so the report sees as many
distinct records and clusters as the size says. Each size is reported in its own
process; the table gives wall and CPU time, the CPU time of a floor (reading and
parsing every line with ``json.loads``, nothing else) as a ratio, peak resident
memory (RSS, from the kernel's high-water mark) and RSS sampled at 25/50/75 % of the
run, and the size of the page written.

    python benchmarks/report_scale.py [--sizes 100000,1000000] [--base 20000]

Output also goes to benchmarks/out/report_scale.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from soak import make_records, rss_kib  # noqa: E402


def explained_base(count: int, work: Path) -> Path:
    """``count`` soak records through clean --explain and dedup --no-clean --explain."""
    path = work / f"base-{count}.jsonl"
    if path.exists():
        return path
    pages = work / f"pages-{count}.jsonl"
    with open(pages, "wb") as out:
        for payload, _, _ in make_records(count, seed=1, oversize_bytes=200_000):
            out.write(payload)
    base = [sys.executable, "-m", "newsclean"]
    with open(pages, "rb") as stdin, open(path, "wb") as stdout:
        clean = subprocess.Popen(
            [*base, "clean", "--format", "jsonl", "--explain", "--max-record-bytes", "100000"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        dedup = subprocess.run(
            [*base, "dedup", "--no-clean", "--explain"],
            stdin=clean.stdout,
            stdout=stdout,
            stderr=subprocess.DEVNULL,
        )
        clean.wait()
    if dedup.returncode not in (0, 1):
        sys.exit(f"dedup failed with exit code {dedup.returncode}")
    return path


def tiled(base: Path, size: int, work: Path) -> Path:
    """``size`` records: the base repeated with fresh ids and cluster ids."""
    path = work / f"explained-{size}.jsonl"
    if path.exists():
        return path
    lines = base.read_bytes().splitlines()
    with open(path, "w", encoding="utf-8") as out:
        written, tile = 0, 0
        while written < size:
            for line in lines:
                if written == size:
                    break
                obj = json.loads(line)
                for key in ("id", "cluster_id", "duplicate_of"):
                    if obj.get(key) is not None:
                        obj[key] = f"{tile}:{obj[key]}"
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                written += 1
            tile += 1
    return path


def floor_cpu(path: Path) -> float:
    """CPU seconds of a child that only reads and parses every line."""
    code = "import json,sys\nfor line in open(sys.argv[1],'rb'):\n    json.loads(line)\n"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(path: Path, page: Path) -> dict[str, float]:
    """Run newsclean report on ``path``; times, memory and page size."""
    samples: list[int] = []
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "report", str(path), "-o", str(page)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def sample() -> None:
        while proc.poll() is None:
            kib = rss_kib(proc.pid)
            if kib:
                samples.append(kib)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    sampler.join()
    marks = [samples[int(len(samples) * f)] / 1024 if samples else 0.0 for f in (0.25, 0.5, 0.75)]
    return {
        "exit": proc.returncode,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak": usage.ru_maxrss / 1024,
        "rss25": marks[0],
        "rss50": marks[1],
        "rss75": marks[2],
        "page": page.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000", help="records per run, comma-separated")
    parser.add_argument(
        "--base", type=int, default=20_000, help="soak records cleaned and deduplicated for real"
    )
    parser.add_argument("--work", type=Path, help="folder for the inputs (default: a temporary one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        base = explained_base(args.base, work)
        rows = []
        for size in sizes:
            path = tiled(base, size, work)
            result = measure(path, work / f"report-{size}.html")
            result["floor"] = floor_cpu(path)
            result["input"] = path.stat().st_size / 1e6
            rows.append((size, result))
    lines = [
        f"newsclean report on explained records (base: {args.base:,} soak records through clean --explain | "
        "dedup --no-clean --explain, tiled)",
        f"{'records':>10} {'input MB':>9} {'exit':>4} {'wall s':>7} {'CPU s':>7} {'CPU/floor':>9} "
        f"{'peak RSS MiB':>12} {'RSS 25/50/75 % MiB':>19} {'page MB':>8}",
    ]
    for size, r in rows:
        lines.append(
            f"{size:>10,} {r['input']:>9,.0f} {r['exit']:>4} {r['wall']:>7.1f} {r['cpu']:>7.1f} "
            f"{r['cpu'] / r['floor']:>9.2f} {r['peak']:>12.0f} "
            f"{r['rss25']:>5.0f}/{r['rss50']:>5.0f}/{r['rss75']:>5.0f}    {r['page']:>8.2f}"
        )
    lines.append("floor: a child process that reads the same file and json.loads every line, nothing else")
    text = "\n".join(lines)
    print(text)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "report_scale.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
