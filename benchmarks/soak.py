"""Soak test: a long stream of mixed good and bad JSONL records through the CLI.

Generates N records on the fly (fixed seed) and streams them through
``newsclean clean --format jsonl`` and ``newsclean dedup --format jsonl``
(``--commands`` picks), reporting records in, records out, errors by kind, and
the child's resident memory sampled every half second along the run, which
should stay flat (for dedup: grow no faster than its index, see the README).

Good records (``--corpus mixed``, the default) are made-up articles: a headline
and 4-10 paragraphs of sentences drawn from a pool of a few thousand words
(those of corpus_samples/ plus made-up names), so that they are distinct as
real articles are. A share of them (``--copies``, 15 % by default) are planted
near-duplicates of a recent good record: retitled, trimmed, with an agency
dateline, a few words changed and the copying site's menu and footer around it;
the dedup soak reports how many of them it found (recall) and how many of the
copies it flagged belong with what it flagged them a copy of (precision).
``--corpus excerpts`` makes each good record from 2-40 consecutive lines of
corpus_samples/ instead (``--lines``): a pile of overlapping excerpts of a few
pages, the worst case for dedup, whose work per document must stay bounded.

Every kind of bad record is mixed in (malformed JSON, invalid UTF-8, NUL bytes,
a missing or non-string text field, an empty text, an oversize line, and a last
line cut short), and the hostile ones: JSON nested 1,000 deep, NaN, a float too
large, a 5,001-digit number, lone surrogates in a text and in an id, an escaped NUL,
a null text, a text of invisible characters, an input field named ``error``, string
and object ids, a record ended by a lone CR, a line of 25,000 characters and a text
of 50,001 lines. Every record must come out, in order.

    python benchmarks/soak.py --records 1000000 --commands clean dedup
    python benchmarks/soak.py --records 1000000 --commands dedup --no-clean   # dedup alone
    python benchmarks/soak.py --records 1000000 --commands dedup --no-clean --low-memory
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
from array import array
from collections import Counter
from collections.abc import Iterator
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
    # the hostile records of the "no record lost, whatever the input" issue
    "nested_json",
    "nan",
    "huge_float",
    "long_number",
    "surrogate_text",
    "surrogate_id",
    "escaped_nul",
    "null_text",
    "invisible_text",
    "error_field",
    "string_id",
    "object_id",
    "lone_cr",
    "long_line",
    "many_lines",
)
#: A record of many lines: past the 50,000 lines the cleaner keeps (JSON writes each as two bytes).
MANY_LINES = 50_001
#: The smallest --max-record-bytes the soak passes: the many-lines record must fit.
MIN_MAX_BYTES = 2 * MANY_LINES + 1_000
SITES = ("Harbour Times", "Valley Post", "Evening Ledger", "Daily Courier", "Metro Wire", "North Star")
AGENCIES = ("(AFP)", "(Reuters)", "(AP)", "(dpa)", "(PA)")


def word_pool(rng: random.Random) -> list[str]:
    """The words of corpus_samples/ plus made-up names: a few thousand, in a fixed order."""
    words = sorted(
        {
            w.lower()
            for page in sorted((ROOT / "corpus_samples").glob("*.txt"))
            for w in re.findall(r"[A-Za-z]{2,}", page.read_text(encoding="utf-8"))
        }
    )
    syllables = [
        "ka",
        "lo",
        "ren",
        "mi",
        "sta",
        "vor",
        "el",
        "ud",
        "bri",
        "tan",
        "os",
        "hel",
        "gar",
        "ni",
        "ze",
    ]
    names = {"".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize() for _ in range(4000)}
    return words + sorted(names)


def make_article(rng: random.Random, words: list[str]) -> list[str]:
    """A headline and 4-10 paragraphs of 2-4 sentences of 8-24 words."""
    headline = " ".join(rng.choices(words, k=rng.randint(5, 10))).capitalize()
    paragraphs = []
    for _ in range(rng.randint(4, 10)):
        sentences = [
            " ".join(rng.choices(words, k=rng.randint(8, 24))).capitalize() + "."
            for _ in range(rng.randint(2, 4))
        ]
        paragraphs.append(" ".join(sentences))
    return [headline, *paragraphs]


def make_copy(rng: random.Random, source: list[str], words: list[str]) -> list[str]:
    """A syndicated copy: new headline, trimmed, agency dateline, a few words changed, the site's own chrome."""
    headline, *paragraphs = source
    if rng.random() < 0.7:
        headline = " ".join(rng.choices(words, k=rng.randint(5, 10))).capitalize()
    if rng.random() < 0.5 and len(paragraphs) > 4:
        paragraphs = paragraphs[: len(paragraphs) - rng.randint(1, 2)]
    if rng.random() < 0.5:
        paragraphs = [
            f"{rng.choice(words).upper()} {rng.choice(AGENCIES)} - {paragraphs[0]}",
            *paragraphs[1:],
        ]
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(paragraphs))
        tokens = paragraphs[i].split()
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
        paragraphs[i] = " ".join(tokens)
    if rng.random() < 0.6:
        site = rng.choice(SITES)
        return [
            f"{site}",
            "Home | World | Business | Sport | Culture",
            headline,
            *paragraphs,
            "Share this article",
            f"© 2024 {site}. All rights reserved.",
        ]
    return [headline, *paragraphs]


def make_records(
    count: int,
    seed: int,
    oversize_bytes: int,
    lines_per_record: tuple[int, int] = (5, 40),
    corpus: str = "mixed",
    copies: float = 0.15,
) -> Iterator[tuple[bytes, str, int]]:
    """``(line, kind, family)``: kind ``good``, ``copy`` or a bad kind; family is the id of the original."""
    rng = random.Random(seed)
    lines = [
        line
        for page in sorted((ROOT / "corpus_samples").glob("*.txt"))
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    words = word_pool(random.Random(seed))
    recent: list[tuple[int, list[str]]] = []  # (family, paragraphs) of up to 4,096 recent good records
    for i in range(count):
        if i == count - 1:
            yield b'{"id": "cut", "text": "the last line is cut sh', "truncated", -1
            return
        roll = rng.random()
        if roll < 0.9:
            kind, family = "good", i
            if corpus == "excerpts":
                start = rng.randrange(len(lines))
                paragraphs = lines[start : start + rng.randint(*lines_per_record)]
            elif recent and rng.random() < copies:
                family, source = rng.choice(recent)
                paragraphs, kind = make_copy(rng, source, words), "copy"
            else:
                paragraphs = make_article(rng, words)
                if len(recent) < 4096:
                    recent.append((family, paragraphs))
                else:
                    recent[rng.randrange(len(recent))] = (family, paragraphs)
            text = "\n\n".join(paragraphs)
            yield json.dumps({"id": i, "text": text}, ensure_ascii=False).encode() + b"\n", kind, family
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
            "nested_json": b"[" * 1000,
            "nan": b'{"id": %d, "text": NaN}' % i,
            "huge_float": b'{"id": %d, "text": "x", "score": 1e400}' % i,
            "long_number": b'{"id": %d, "n": 1' % i + b"0" * 5000 + b"}",
            "surrogate_text": b'{"id": %d, "text": "\\ud800 The mayor said the budget was approved on Monday."}'
            % i,
            "surrogate_id": b'{"id": "\\udc00-%d", "text": "The mayor said the budget was approved."}' % i,
            "escaped_nul": b'{"id": %d, "text": "a\\u0000b"}' % i,
            "null_text": b'{"id": %d, "text": null}' % i,
            "invisible_text": b'{"id": %d, "text": "\\u200b\\u202e\\u0301"}' % i,
            "error_field": b'{"id": %d, "text": "The mayor said the budget was approved.", "error": "upstream"}'
            % i,
            "string_id": b'{"id": "%d", "text": "The mayor said the budget was approved."}' % i,
            "object_id": b'{"id": {"n": %d}, "text": "The mayor said the budget was approved."}' % i,
            "lone_cr": b'{"id": %d, "text": "A record that ends in a lone carriage return."}\r' % i,
            "long_line": b'{"id": %d, "text": "' % i + b"word " * 5_000 + b'\\nThe mayor said so."}',
            "many_lines": b'{"id": %d, "text": "' % i + b"\\n" * MANY_LINES + b'The mayor said so."}',
        }[kind]
        if kind == "lone_cr":
            yield payload, kind, -1  # the next record starts right after the CR
            continue
        yield payload + b"\n", kind, -1


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


class Planted:
    """The planted copies (record id -> id of its original) and what the dedup output said of them."""

    def __init__(self, records: int) -> None:
        self.family = array("q", [-1]) * records
        self.cluster = array("q", [-1]) * records
        self.copies = self.found = self.flagged = self.right = 0

    def sent(self, record: int, kind: str, family: int) -> None:
        if family >= 0:
            self.family[record] = family
            self.copies += kind == "copy"

    def received(self, obj: dict[str, object]) -> None:
        record, cluster, duplicate_of = obj.get("id"), obj.get("cluster_id"), obj.get("duplicate_of")
        if not isinstance(record, int) or not 0 <= record < len(self.family):
            return
        if isinstance(cluster, int):
            self.cluster[record] = cluster
        family = self.family[record]
        if family != record and family >= 0 and cluster is not None and self.cluster[family] == cluster:
            self.found += 1
        if duplicate_of is not None:
            self.flagged += 1
            if isinstance(duplicate_of, int) and 0 <= duplicate_of < len(self.family):
                self.right += self.family[duplicate_of] == family

    def report(self) -> str:
        recall = self.found / self.copies if self.copies else float("nan")
        precision = self.right / self.flagged if self.flagged else float("nan")
        return (
            f"planted copies: {self.copies:,}  found (in their original's cluster): {self.found:,} "
            f"(recall {recall:.4f})  flagged as copies: {self.flagged:,}, of their own original's "
            f"family: {self.right:,} (precision {precision:.4f})"
        )


def soak(command: list[str], args: argparse.Namespace) -> None:
    sent: Counter[str] = Counter()
    progress = {"sent": 0, "bytes": 0, "out": 0}
    planted = Planted(args.records)
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    lines = (args.lines[0], args.lines[1])

    def feed() -> None:
        assert proc.stdin is not None
        records = make_records(args.records, args.seed, args.oversize_bytes, lines, args.corpus, args.copies)
        for i, (payload, kind, family) in enumerate(records):
            sent[kind] += 1
            planted.sent(i, kind, family)
            progress["sent"] += 1
            progress["bytes"] += len(payload)
            proc.stdin.write(payload)
        proc.stdin.close()

    samples: list[tuple[float, int, int, int]] = []  # (seconds, records sent, records out, RSS KiB)
    started = time.perf_counter()

    def sample() -> None:
        while proc.poll() is None:
            kib = rss_kib(proc.pid)
            if kib:
                samples.append((time.perf_counter() - started, progress["sent"], progress["out"], kib))
            time.sleep(0.5)

    threading.Thread(target=feed, daemon=True).start()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors: Counter[str] = Counter()
    warnings = disorder = last_id = 0
    for line in proc.stdout:
        progress["out"] += 1
        obj = json.loads(line)
        if "error" in obj:
            errors[error_kind(obj["error"])] += 1
        warnings += "warnings" in obj
        if isinstance(obj.get("id"), int):
            disorder += obj["id"] < last_id
            last_id = obj["id"]
        if "cluster_id" in obj:
            planted.received(obj)
    code = proc.wait()
    elapsed = time.perf_counter() - started
    sampler.join()
    out_count = progress["out"]
    print(f"command: {' '.join(command[1:])}")
    print(
        f"records in: {sum(sent.values())}  records out: {out_count}  exit code: {code}  "
        f"time: {elapsed:.1f} s  ({out_count / elapsed:,.0f} records/s)  out of order: {disorder}"
    )
    print(f"sent by kind: {dict(sorted(sent.items()))}  ({progress['bytes'] / 1e6:,.0f} MB)")
    print(f"records with a warning: {warnings}")
    print("errors by message:")
    for message, count in errors.most_common():
        print(f"  {count:>9,}  {message}")
    if "dedup" in command:
        print(planted.report())
    if samples:
        marks = [samples[min(len(samples) - 1, int(len(samples) * f))] for f in (0.1, 0.25, 0.5, 0.75, 0.9)]
        marks.append(samples[-1])
        print(
            "resident memory along the run (seconds, records sent, records out: MiB): "
            + ", ".join(f"{t:.0f} s, {n:,}, {o:,}: {kib / 1024:.0f}" for t, n, o, kib in marks)
            + f"; peak {max(s[3] for s in samples) / 1024:.0f} MiB"
        )
    if args.samples:
        with open(args.samples, "a", encoding="utf-8") as stream:
            for seconds, sent_so_far, out_so_far, kib in samples:
                stream.write(f"{command[3]},{seconds:.1f},{sent_so_far},{out_so_far},{kib}\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--oversize-bytes", type=int, default=2_000_000, help="size of the oversize records")
    parser.add_argument(
        "--commands", nargs="+", choices=("clean", "dedup"), default=["clean", "dedup"], help="what to soak"
    )
    parser.add_argument(
        "--corpus",
        choices=("mixed", "excerpts"),
        default="mixed",
        help="good records: made-up articles with planted copies, or excerpts of corpus_samples/",
    )
    parser.add_argument("--copies", type=float, default=0.15, help="share of good records that are copies")
    parser.add_argument(
        "--no-clean", action="store_true", help="pass --no-clean to dedup (compare the texts as sent)"
    )
    parser.add_argument(
        "--low-memory",
        action="store_true",
        help="pass --low-memory to dedup (band index and documents on disk)",
    )
    parser.add_argument(
        "--lines",
        type=int,
        nargs=2,
        default=(5, 40),
        metavar=("MIN", "MAX"),
        help="sample lines per good record with --corpus excerpts",
    )
    parser.add_argument(
        "--samples",
        metavar="CSV",
        help="append every memory sample (command, s, sent, out, KiB) to this file",
    )
    args = parser.parse_args()
    max_bytes = str(max(args.oversize_bytes // 2, MIN_MAX_BYTES))
    base = [sys.executable, "-m", "newsclean"]
    for name in args.commands:
        extra = ["--no-clean"] if name == "dedup" and args.no_clean else []
        if name == "dedup" and args.low_memory:
            extra.append("--low-memory")
        soak([*base, name, "--format", "jsonl", "--max-record-bytes", max_bytes, *extra], args)


if __name__ == "__main__":
    main()
