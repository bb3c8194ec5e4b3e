"""Function words for about 100 languages, and picking the language of a document.

The stoplists are jusText's (installed with trafilatura). They are loaded once, on
first use, into one index from word to the languages that list it; a document's
language is the stoplist with the highest hit rate over its longer lines.

>>> detect_language("Der Minister sagte am Dienstag, dass die Gespräche noch eine Woche dauern.".split())
'German'
>>> detect_language(["12", "34"]) is None
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

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


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[str, ...], tuple[frozenset[str], ...]]:
    try:
        import justext  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - justext comes with trafilatura
        raise StoplistError("jusText is not installed: pip install justext (it ships the stoplists)") from exc
    names = tuple(sorted(set(justext.get_stoplists()) - VARIANTS))
    lists = tuple(frozenset(justext.get_stoplist(name)) for name in names)
    index: dict[str, list[int]] = {}
    for number, words in enumerate(lists):
        for word in words:
            index.setdefault(word, []).append(number)
    return {w: tuple(ids) for w, ids in index.items()}, names, lists


def languages() -> tuple[str, ...]:
    """Names of the available stoplists (``"English"``, ``"Portuguese"``, ...)."""
    return _index()[1]


def stoplist(language: str) -> frozenset[str]:
    """The lower-case function words of ``language`` (a name from :func:`languages`).

    >>> "the" in stoplist("English")
    True
    """
    _, names, lists = _index()
    try:
        return lists[names.index(language)]
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
    index, names, lists = _index()
    lowered = [word.lower() for word in words]
    total = len(lowered)
    hits: Counter[int] = Counter(chain.from_iterable(filter(None, map(index.get, lowered))))
    if not hits:
        return None
    top = max(hits.values())
    if top < min_hit_rate * total or top < min_hits:
        return None
    # Big stoplists list common words of other languages too: among the languages that
    # cover nearly as much as the best, the most specific (shortest) list wins.
    close = [i for i, count in hits.items() if count >= (1 - NEAR_TIE) * top]
    return names[min(close, key=lambda i: (len(lists[i]), i))]
