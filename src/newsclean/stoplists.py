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

from newsclean.errors import NewscleanError


class StoplistError(NewscleanError, RuntimeError):
    """The stoplists could not be loaded."""


#: A language is only picked when at least this share of the sampled words are its function words.
MIN_HIT_RATE = 0.15


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[str, ...], tuple[frozenset[str], ...]]:
    try:
        import justext  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - justext comes with trafilatura
        raise StoplistError("jusText is not installed: pip install justext (it ships the stoplists)") from exc
    names = tuple(sorted(justext.get_stoplists()))
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


def detect_language(words: Iterable[str], min_hit_rate: float = MIN_HIT_RATE) -> str | None:
    """The language whose stoplist covers most of ``words`` (compared lower-cased), or ``None``
    when none covers ``min_hit_rate`` of them (scripts without spaces, number tables)."""
    index, names, _ = _index()
    hits: Counter[int] = Counter()
    total = 0
    for word in words:
        total += 1
        ids = index.get(word.lower())
        if ids:
            hits.update(ids)
    if not hits:
        return None
    best, count = max(hits.items(), key=lambda item: (item[1], -item[0]))  # ties: first name
    return names[best] if count >= min_hit_rate * total else None
