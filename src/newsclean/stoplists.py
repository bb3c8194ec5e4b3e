"""Function words for about 100 languages, and picking the language of a document.

The stoplists are jusText's (installed with trafilatura). Guessing a language reads, once per
process, an index of which lists hold each word (:mod:`newsclean.stoplist_index`, kept in the
disk cache); a list's words are read from its file when they are first asked for.
A document's language is the stoplist with the highest hit rate over its longer lines.

>>> detect_language("Der Minister sagte am Dienstag, dass die Gespräche noch eine Woche dauern.".split())
'German'
>>> detect_language(["12", "34"]) is None
True
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from newsclean.errors import NewscleanError
from newsclean.stoplist_index import StoplistIndex, cached_index


class StoplistError(NewscleanError, RuntimeError):
    """The stoplists could not be loaded."""


#: A language is only picked when at least this share of the sampled words are its function words.
MIN_HIT_RATE = 0.15
#: Languages covering at least (1 - NEAR_TIE) of the best hit count are near ties.
#: Function words that must be found before a language is named at all.
MIN_HITS = 5

NEAR_TIE = 0.1
#: jusText lists that are not languages of their own. Simple_English is drawn from the Simple English
#: Wikipedia: a shorter, noisier English list that, as the most specific of a near tie, would take
#: English text from English depending on which lines are sampled, so that a page and its cleaned
#: body could be judged with different lists.
VARIANTS = frozenset({"Simple_English"})


def _read_stoplist(data: bytes) -> frozenset[str]:
    # What ``justext.get_stoplist`` makes (its lines, each decoded and lower-cased), decoded in
    # one call: line ends are ASCII, and no lower-casing rule looks across one.
    return frozenset(b"\n".join(data.splitlines()).decode("utf8").lower().split("\n"))


def _read_file(path: Path) -> frozenset[str]:
    try:
        return _read_stoplist(path.read_bytes())
    except OSError as exc:
        raise StoplistError(f"cannot read the stoplist {path} ({exc}): reinstall justext") from exc


@lru_cache(maxsize=1)
def _files() -> dict[str, Path]:
    # Read from jusText's package folder without importing jusText (and the lxml cleaner it loads).
    spec = importlib.util.find_spec("justext")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:  # pragma: no cover - justext comes with trafilatura
        raise StoplistError("jusText is not installed: pip install justext (it ships the stoplists)")
    folder = Path(next(iter(folders))) / "stoplists"
    names = sorted({path.stem for path in folder.glob("*.txt")} - VARIANTS)
    if not names:
        raise StoplistError(f"no stoplists in {folder}: reinstall justext")
    return {name: folder / f"{name}.txt" for name in names}


@lru_cache(maxsize=1)
def _index() -> StoplistIndex:
    files = _files()
    return cached_index(tuple(files), tuple(files.values()), _read_file)


def languages() -> tuple[str, ...]:
    """Names of the available stoplists (``"English"``, ``"Portuguese"``, ...)."""
    return tuple(_files())


def stoplist(language: str) -> frozenset[str]:
    """The lower-case function words of ``language`` (a name from :func:`languages`).

    >>> "the" in stoplist("English")
    True
    """
    path = _files().get(language)
    if path is None:
        raise StoplistError(f"no stoplist for {language!r}; pick one of newsclean.stoplists.languages()")
    return _stoplist(path)


@cache
def _stoplist(path: Path) -> frozenset[str]:
    return _read_file(path)


def detect_language(
    words: Iterable[str], min_hit_rate: float = MIN_HIT_RATE, min_hits: int = MIN_HITS
) -> str | None:
    """The language whose stoplist covers most of ``words`` (compared lower-cased), or ``None``
    when none covers ``min_hit_rate`` of them (scripts without spaces, number tables) or
    fewer than ``min_hits`` words were found in any list (too little text to tell).
    Near ties (within :data:`NEAR_TIE`) go to the shortest, most specific stoplist.

    >>> detect_language("o ministro disse que as conversas com os vizinhos vão durar uma semana e que não há pressa".split())
    'Portuguese'
    >>> detect_language("UK Edition".split()) is None
    True
    """
    lowered = list(map(str.lower, words))
    total = len(lowered)
    if total < min_hits:  # no list can reach min_hits: a few words never load the stoplists
        return None
    index = _index()
    # each distinct word once, with the number of times it occurs: the hits of a stoplist are
    # the occurrences of the words it lists, counted in one call (exact: whole numbers)
    counts = Counter(lowered)
    ids = index.lookup(list(counts))
    found = [(number, times) for number, times in zip(ids, counts.values(), strict=True) if len(number)]
    if not found:
        return None
    times = np.repeat(np.array([t for _, t in found], dtype=np.float64), [len(i) for i, _ in found])
    hits = (
        np.bincount(np.concatenate([i for i, _ in found]), weights=times, minlength=len(index.names))
        .astype(np.int64)
        .tolist()
    )
    top = max(hits)
    if top < min_hit_rate * total or top < min_hits:
        return None
    # Big stoplists list common words of other languages too: among the languages that
    # cover nearly as much as the best, the most specific (shortest) list wins.
    close = [i for i, count in enumerate(hits) if count and count >= (1 - NEAR_TIE) * top]
    return index.names[min(close, key=lambda i: (index.sizes[i], i))]
