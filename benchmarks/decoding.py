"""How well pages that are not UTF-8 are decoded: newsclean's rule against its peers, in one run.

For every benchmark page whose bytes are not valid UTF-8, each decoder turns the bytes
into text, and the score is how many of the distinct non-ASCII words of the page's
ground truth (``é``, ``ñ``, ``ж`` ... are where decoders differ) occur in that text.
Decoders: newsclean's HTML rule (``decode_html``: declared charsets, then a guess among
the encodings browsers guess in, Windows-1252 winning a tie), ``charset_normalizer``'s
best guess over all Python codecs (what the rule's guess was before), and Windows-1252
alone (what a browser assumes for an unlabelled Western page).

    python benchmarks/decoding.py
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from newsclean.extraction.html_decode import decode_html

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")


def _charset_normalizer(data: bytes) -> str:
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", "replace")


def _windows_1252(data: bytes) -> str:
    return data.decode("cp1252", "replace")


DECODERS: dict[str, Callable[[bytes], str]] = {
    "newsclean decode_html": decode_html,
    "charset_normalizer best": _charset_normalizer,
    "windows-1252": _windows_1252,
}


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"no benchmark data at {DATA}")
    totals = {name: [0, 0, 0] for name in DECODERS}  # words found, pages all found, pages
    words_total = pages = 0
    for name in SETS:
        for page in sorted((DATA / name / "pages").glob("*/page.html.gz")):
            with gzip.open(page) as stream:
                data = stream.read()
            try:
                data.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
            truth = (page.parent / "ground_truth.txt").read_text(encoding="utf-8", errors="replace")
            words = {w for w in re.findall(r"\w+", truth) if not w.isascii()}
            pages += 1
            words_total += len(words)
            for decoder, decode in DECODERS.items():
                text = decode(data)
                found = sum(1 for w in words if w in text)
                totals[decoder][0] += found
                totals[decoder][1] += found == len(words)
                totals[decoder][2] += 1
    print(
        f"{pages} benchmark pages that are not UTF-8; {words_total} distinct non-ASCII ground-truth words\n"
    )
    print("| decoder | words found | share | pages with every word |")
    print("| --- | ---: | ---: | ---: |")
    for decoder, (found, complete, _) in totals.items():
        print(f"| {decoder} | {found} | {found / max(1, words_total):.3f} | {complete} |")


if __name__ == "__main__":
    main()
