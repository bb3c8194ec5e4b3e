"""Soak test: a long stream of mixed good and bad JSONL records through the CLI.

Generates N records on the fly (fixed seed): real page text from corpus_samples/
mutated a little, plus every kind of bad record (malformed JSON, invalid UTF-8,
NUL bytes, a missing or non-string text field, an empty text, an oversize line,
and a last line cut short). Streams them through ``newsclean clean --format jsonl``
(and ``newsclean dedup`` when that sub-command exists), and reports records in,
records out, errors by kind, and the child's resident memory sampled along the
run, which should stay flat.

    python benchmarks/soak.py --records 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD_KINDS = (
    "malformed_json",
    "invalid_utf8",
    "nul_byte",
    "missing_text",
    "non_string_text",
    "empty_text",
    "oversize",
)


def make_records(count: int, seed: int, oversize_bytes: int, lines_per_record: tuple[int, int] = (5, 40)):
    rng = random.Random(seed)
    lines = [
        line
        for page in sorted((ROOT / "corpus_samples").glob("*.txt"))
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for i in range(count):
        last = i == count - 1
        if last:
            yield b'{"id": "cut", "text": "the last line is cut sh', "truncated"
            return
        roll = rng.random()
        if roll < 0.9:
            start = rng.randrange(len(lines))
            text = "\n".join(lines[start : start + rng.randint(*lines_per_record)])
            yield json.dumps({"id": i, "text": text}, ensure_ascii=False).encode() + b"\n", "good"
            continue
        kind = BAD_KINDS[i % len(BAD_KINDS)]
        payload = {
            "malformed_json": b'{"id": %d, "text": "unterminated' % i,
            "invalid_utf8": b'{"id": %d, "text": "The caf\xe9 opened on Monday, its owner said."}' % i,
            "nul_byte": b'{"id": %d, "text": "a\x00b"}' % i,
            "missing_text": b'{"id": %d}' % i,
            "non_string_text": b'{"id": %d, "text": 42}' % i,
            "empty_text": b'{"id": %d, "text": "  "}' % i,
            "oversize": b'{"id": %d, "text": "' % i + b"x" * oversize_bytes + b'"}',
        }[kind]
        yield payload + b"\n", kind


_LOCATION = re.compile(r"^(?:<stdin>:\s*)?(?:line \d+:\s*)?")


def error_kind(message: str) -> str:
    """The message without its location and details: 'invalid JSON', 'binary data', ..."""
    message = _LOCATION.sub("", message)
    return re.split(r" \(|;|:", message, maxsplit=1)[0][:50]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def soak(
    command: list[str], records: int, seed: int, oversize: int, lines_per_record: tuple[int, int]
) -> None:
    sent: Counter[str] = Counter()
    sent_bytes = [0]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        assert proc.stdin is not None
        for payload, kind in make_records(records, seed, oversize, lines_per_record):
            sent[kind] += 1
            sent_bytes[0] += len(payload)
            proc.stdin.write(payload)
        proc.stdin.close()

    samples: list[tuple[int, int]] = []
    out_count = 0
    errors: Counter[str] = Counter()
    warnings = 0
    started = time.perf_counter()
    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    next_sample = 0.0
    for line in proc.stdout:
        out_count += 1
        obj = json.loads(line)
        if "error" in obj:
            errors[error_kind(obj["error"])] += 1
        warnings += "warnings" in obj
        now = time.perf_counter() - started
        if now >= next_sample:
            samples.append((out_count, rss_kib(proc.pid)))
            next_sample = now + 1.0
    code = proc.wait()
    elapsed = time.perf_counter() - started
    print(f"command: {' '.join(command[1:])}")
    print(
        f"records in: {sum(sent.values())}  records out: {out_count}  exit code: {code}  "
        f"time: {elapsed:.1f} s  ({out_count / elapsed:,.0f} records/s)"
    )
    print(f"sent by kind: {dict(sorted(sent.items()))}  ({sent_bytes[0] / 1e6:,.0f} MB)")
    print(f"records with a warning: {warnings}")
    print("errors by message:")
    for message, count in errors.most_common():
        print(f"  {count:>9,}  {message}")
    if samples:
        marks = [samples[int(len(samples) * f)] for f in (0.1, 0.25, 0.5, 0.75)] + [samples[-1]]
        print(
            "resident memory along the run (records out: MiB): "
            + ", ".join(f"{n:,}: {kib / 1024:.0f}" for n, kib in marks)
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--oversize-bytes", type=int, default=2_000_000, help="size of the oversize records")
    parser.add_argument(
        "--lines",
        type=int,
        nargs=2,
        default=(5, 40),
        metavar=("MIN", "MAX"),
        help="sample lines per good record",
    )
    args = parser.parse_args()
    max_bytes = str(args.oversize_bytes // 2)
    base = [sys.executable, "-m", "newsclean"]
    lines = (args.lines[0], args.lines[1])
    soak(
        [*base, "clean", "--format", "jsonl", "--max-record-bytes", max_bytes],
        args.records,
        args.seed,
        args.oversize_bytes,
        lines,
    )
    help_text = subprocess.run([*base, "--help"], capture_output=True, text=True, check=False).stdout
    if " dedup" in help_text:
        soak([*base, "dedup", "--format", "jsonl"], args.records, args.seed, args.oversize_bytes, lines)


if __name__ == "__main__":
    main()
