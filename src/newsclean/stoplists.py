"""Function words for about 100 languages, and picking the language of a document.

The stoplists are jusText's (installed with trafilatura). They are read once, on
first use; an index from word to the languages that list it fills as words are met.
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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsclean.errors import NewscleanError


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


class _LanguageIndex(dict[str, np.ndarray]):
    """Word -> numbers of the stoplists that hold it, filled on first sight of each function word.

    Bounded by the stoplists' vocabulary (only words in some list are looked up), so it never
    grows past what indexing every list up front would hold; filling it lazily spares a short
    run (one small page) the 150,000 insertions of a full index.
    """

    def __init__(self, lists: tuple[frozenset[str], ...]) -> None:
        super().__init__()
        self.lists = lists

    def __missing__(self, word: str) -> np.ndarray:
        ids = np.array([number for number, words in enumerate(self.lists) if word in words], dtype=np.intp)
        self[word] = ids
        return ids


@dataclass(frozen=True)
class _Stoplists:
    names: tuple[str, ...]
    lists: tuple[frozenset[str], ...]
    vocabulary: frozenset[str]
    """Every word of every list: a word outside it is in no list."""
    index: _LanguageIndex


def _read_stoplist(data: bytes) -> frozenset[str]:
    # What ``justext.get_stoplist`` makes (its lines, each decoded and lower-cased), decoded in
    # one call: line ends are ASCII, and no lower-casing rule looks across one.
    return frozenset(b"\n".join(data.splitlines()).decode("utf8").lower().split("\n"))


@lru_cache(maxsize=1)
def _stoplists() -> _Stoplists:
    # Read from jusText's package folder without importing jusText (and the lxml cleaner it loads).
    spec = importlib.util.find_spec("justext")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:  # pragma: no cover - justext comes with trafilatura
        raise StoplistError("jusText is not installed: pip install justext (it ships the stoplists)")
    folder = Path(next(iter(folders))) / "stoplists"
    names = tuple(sorted({path.stem for path in folder.glob("*.txt")} - VARIANTS))
    lists = tuple(_read_stoplist((folder / f"{name}.txt").read_bytes()) for name in names)
    return _Stoplists(names, lists, frozenset().union(*lists), _LanguageIndex(lists))


def languages() -> tuple[str, ...]:
    """Names of the available stoplists (``"English"``, ``"Portuguese"``, ...)."""
    return _stoplists().names


def stoplist(language: str) -> frozenset[str]:
    """The lower-case function words of ``language`` (a name from :func:`languages`).

    >>> "the" in stoplist("English")
    True
    """
    lists = _stoplists()
    try:
        return lists.lists[lists.names.index(language)]
    except ValueError:
        raise StoplistError(
            f"no stoplist for {language!r}; pick one of newsclean.stoplists.languages()"
        ) from None


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
    stoplists = _stoplists()
    names, lists = stoplists.names, stoplists.lists
    # each distinct word found once, with the number of times it occurs: the hits of a stoplist are
    # the occurrences of the words it lists, counted in one call (exact: whole numbers)
    found = Counter(filter(stoplists.vocabulary.__contains__, lowered))
    if not found:
        return None
    ids = [stoplists.index[word] for word in found]
    times = np.repeat(np.fromiter(found.values(), dtype=np.float64, count=len(found)), [len(i) for i in ids])
    hits = np.bincount(np.concatenate(ids), weights=times, minlength=len(names)).astype(np.int64).tolist()
    top = max(hits)
    if top < min_hit_rate * total or top < min_hits:
        return None
    # Big stoplists list common words of other languages too: among the languages that
    # cover nearly as much as the best, the most specific (shortest) list wins.
    close = [i for i, count in enumerate(hits) if count and count >= (1 - NEAR_TIE) * top]
    return names[min(close, key=lambda i: (len(lists[i]), i))]
