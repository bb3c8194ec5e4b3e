"""Verification of candidate pairs: paragraph alignment scored with rapidfuzz, and its explanation.

Both texts are split into paragraphs (non-blank lines), normalised with
:func:`rapidfuzz.utils.default_process` (lower case, punctuation as spaces). The
*shorter* text (fewer normalised characters) is aligned against the longer one:
each of its paragraphs (of at least ``min_paragraph_words`` words) is matched to
the most similar paragraph of the other (:func:`rapidfuzz.fuzz.ratio`, 0-100;
identical paragraphs are found by hashing first, without a fuzzy comparison).
A paragraph whose best ratio reaches ``paragraph_threshold`` counts as matched.

The score is the *containment* of the shorter text in the longer: the share of
its characters in matched paragraphs, each weighted by its ratio / 100. So a
copy that was trimmed, lost a paragraph or gained an agency line still scores
close to 1, while a different story on the same event, which shares words and
names but hardly a paragraph, scores close to 0. The score does not depend on
the order of the arguments (when both texts are equally long, the larger of the
two directions is taken).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from newsclean.dedup.shingles import count_tokens
from newsclean.errors import ConfigError

_CACHE_SIZE = 4096


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped.

    >>> paragraphs("One.\\n\\n  Two.  \\nThree.")
    ['One.', 'Two.', 'Three.']
    """
    return [line for line in map(str.strip, text.splitlines()) if line]


@dataclass(frozen=True)
class ParagraphMatch:
    """Paragraph ``a_index`` of the first text matched paragraph ``b_index`` of the second with ``ratio``."""

    a_index: int
    b_index: int
    ratio: float
    a_text: str
    b_text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (indexes are 0-based)."""
        return {
            "a_paragraph": self.a_index,
            "b_paragraph": self.b_index,
            "ratio": round(self.ratio, 1),
            "a_text": self.a_text,
            "b_text": self.b_text,
        }


@dataclass(frozen=True)
class Explanation:
    """Why a pair is, or is not, a copy: the score, the verdict and the paragraphs that matched.

    ``contained`` names the text (``"a"`` or ``"b"``) whose paragraphs were
    aligned against the other's; ``unmatched`` lists its paragraphs that found no
    counterpart. Paragraph indexes count every non-blank line of a text, from 0.
    """

    score: float
    is_duplicate: bool
    reason: str
    contained: str
    matches: tuple[ParagraphMatch, ...]
    unmatched: tuple[int, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "score": round(self.score, 4),
            "is_duplicate": self.is_duplicate,
            "reason": self.reason,
            "contained": self.contained,
            "matches": [m.to_dict() for m in self.matches],
            "unmatched": list(self.unmatched),
        }


class _Prepared(NamedTuple):
    raw: list[str]  # the paragraphs that count, as given
    normalised: list[str]  # the same, normalised for comparison
    positions: list[int]  # their indexes among all paragraphs of the text
    lengths: list[int]  # lengths of the normalised paragraphs
    total: int  # their sum
    first: dict[str, int]  # normalised paragraph -> its first index


def _prepared(raw: list[str], normalised: list[str], positions: list[int]) -> _Prepared:
    lengths = [len(p) for p in normalised]
    index = {p: i for i, p in reversed(list(enumerate(normalised)))}
    return _Prepared(raw, normalised, positions, lengths, sum(lengths), index)


@dataclass(frozen=True)
class _Alignment:
    score: float
    best: list[tuple[int, float]]  # per paragraph of the contained text: (index in the other, ratio)


def _align(short: _Prepared, long: _Prepared, threshold: float, at_least: float = 0.0) -> _Alignment:
    """Align the paragraphs of ``short`` against those of ``long``.

    Identical paragraphs are matched first; the others, longest first, by fuzzy
    search. Once the score cannot reach ``at_least`` any more, the search stops
    and the score returned is an upper bound (still below ``at_least``).
    """
    if short.total == 0 or not long.normalised:
        return _Alignment(0.0, [(-1, 0.0)] * len(short.normalised))
    best: list[tuple[int, float]] = [(-1, 0.0)] * len(short.normalised)
    matched = 0.0
    pending: list[int] = []
    for i, paragraph in enumerate(short.normalised):
        j = long.first.get(paragraph)
        if j is None:
            pending.append(i)
        else:
            best[i] = (j, 100.0)
            matched += short.lengths[i]
    pending.sort(key=lambda i: -short.lengths[i])
    remaining = float(sum(short.lengths[i] for i in pending))
    for i in pending:
        if (matched + remaining) / short.total < at_least:
            return _Alignment((matched + remaining) / short.total, best)
        remaining -= short.lengths[i]
        found = process.extractOne(
            short.normalised[i], long.normalised, scorer=fuzz.ratio, score_cutoff=threshold, processor=None
        )
        if found is not None:
            best[i] = (int(found[2]), float(found[1]))
            matched += short.lengths[i] * float(found[1]) / 100.0
    return _Alignment(matched / short.total, best)


class Verifier:
    """Scores candidate pairs and decides which are copies.

    A pair is a copy when both texts have at least ``min_tokens`` word tokens
    and the containment score reaches ``threshold``. Paragraphs of fewer than
    ``min_paragraph_words`` words (menus, bylines, captions, share bars that
    cleaning left behind) do not count, unless a text has no longer paragraph.

    >>> verifier = Verifier(min_tokens=5, min_paragraph_words=1)
    >>> story = "Rain fell on the city all day.\\nThe river rose by two metres overnight.\\nSchools shut."
    >>> copy = "RIVER RISES\\nRain fell on the city all day!\\nThe river rose by two metres over night."
    >>> round(verifier.score(story, copy), 2), verifier.is_duplicate(story, copy)
    (0.85, True)
    >>> verifier.is_duplicate(story, "Sun shone on the city all day.\\nThe river fell by a metre.")
    False
    """

    def __init__(
        self,
        threshold: float = 0.7,
        paragraph_threshold: float = 80.0,
        min_tokens: int = 50,
        min_paragraph_words: int = 12,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {threshold}")
        if not 0.0 < paragraph_threshold <= 100.0:
            raise ConfigError(f"paragraph_threshold must be in (0, 100], got {paragraph_threshold}")
        self.threshold = threshold
        self.paragraph_threshold = paragraph_threshold
        self.min_tokens = min_tokens
        self.min_paragraph_words = min_paragraph_words
        self._cache: dict[str, _Prepared] = {}

    def _prepared(self, text: str) -> _Prepared:
        """The paragraphs that count, as given and normalised (cached: a text is in many pairs)."""
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[text] = self._prepare(text)
        return cached

    def _prepare(self, text: str) -> _Prepared:
        raw = paragraphs(text)
        normalised = [default_process(p) for p in raw]
        if self.min_paragraph_words > 1:
            long = [i for i, p in enumerate(normalised) if p.count(" ") + 1 >= self.min_paragraph_words]
            if long:
                return _prepared([raw[i] for i in long], [normalised[i] for i in long], long)
        return _prepared(raw, normalised, list(range(len(raw))))

    def _best_alignment(self, a: _Prepared, b: _Prepared, at_least: float = 0.0) -> tuple[str, _Alignment]:
        threshold = self.paragraph_threshold
        if a.total < b.total:
            return "a", _align(a, b, threshold, at_least)
        if b.total < a.total:
            return "b", _align(b, a, threshold, at_least)
        forward, backward = _align(a, b, threshold, at_least), _align(b, a, threshold, at_least)
        return ("a", forward) if forward.score >= backward.score else ("b", backward)

    def score(self, a: str, b: str, at_least: float = 0.0) -> float:
        """Containment of the shorter text in the longer, 0-1, symmetric in ``a`` and ``b``.

        With ``at_least``, the work stops as soon as the score is known to stay
        below it; the value returned is then an upper bound below ``at_least``.
        """
        return self._best_alignment(self._prepared(a), self._prepared(b), at_least)[1].score

    def too_short(self, text: str) -> bool:
        """Whether ``text`` has fewer than ``min_tokens`` word tokens (such texts are never flagged)."""
        return count_tokens(text) < self.min_tokens

    def is_duplicate(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are copies of one article."""
        return self.explain(a, b).is_duplicate

    def explain(self, a: str, b: str) -> Explanation:
        """The score, the verdict and the matched paragraphs of the pair ``a``, ``b``."""
        pa, pb = self._prepared(a), self._prepared(b)
        contained, alignment = self._best_alignment(pa, pb)
        aligned = pa if contained == "a" else pb
        matches: list[ParagraphMatch] = []
        unmatched: list[int] = []
        for i, (j, ratio) in enumerate(alignment.best):
            if j < 0:
                unmatched.append(aligned.positions[i])
            elif contained == "a":
                matches.append(ParagraphMatch(pa.positions[i], pb.positions[j], ratio, pa.raw[i], pb.raw[j]))
            else:
                matches.append(ParagraphMatch(pa.positions[j], pb.positions[i], ratio, pa.raw[j], pb.raw[i]))
        short = self.too_short(a) or self.too_short(b)
        if short:
            verdict, reason = False, f"too short to judge: a text has fewer than {self.min_tokens} words"
        elif alignment.score >= self.threshold:
            verdict, reason = True, f"containment {alignment.score:.3f} >= threshold {self.threshold}"
        else:
            verdict, reason = False, f"containment {alignment.score:.3f} < threshold {self.threshold}"
        return Explanation(alignment.score, verdict, reason, contained, tuple(matches), tuple(unmatched))
