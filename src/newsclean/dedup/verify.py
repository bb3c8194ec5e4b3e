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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from newsclean.dedup.shingles import count_tokens

_CACHE_SIZE = 4096


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped.

    >>> paragraphs("One.\\n\\n  Two.  \\nThree.")
    ['One.', 'Two.', 'Three.']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


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


@dataclass(frozen=True)
class _Alignment:
    score: float
    best: list[tuple[int, float]]  # per paragraph of the contained text: (index in the other, ratio)


def _align(short: Sequence[str], long: Sequence[str], threshold: float) -> _Alignment:
    """Align the normalised paragraphs ``short`` against ``long``."""
    weights = np.array([len(p) for p in short], dtype=np.float64)
    total = float(weights.sum())
    if total == 0 or not long:
        return _Alignment(0.0, [(-1, 0.0)] * len(short))
    position = {p: i for i, p in reversed(list(enumerate(long)))}
    best: list[tuple[int, float]] = [(position.get(p, -1), 100.0 if p in position else 0.0) for p in short]
    for i, (j, _) in enumerate(best):
        if j < 0:
            found = process.extractOne(
                short[i], long, scorer=fuzz.ratio, score_cutoff=threshold, processor=None
            )
            if found is not None:
                best[i] = (int(found[2]), float(found[1]))
    matched = sum(weights[i] * ratio / 100.0 for i, (j, ratio) in enumerate(best) if j >= 0)
    return _Alignment(float(matched) / total, best)


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
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if not 0.0 < paragraph_threshold <= 100.0:
            raise ValueError(f"paragraph_threshold must be in (0, 100], got {paragraph_threshold}")
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
                return _Prepared([raw[i] for i in long], [normalised[i] for i in long], long)
        return _Prepared(raw, normalised, list(range(len(raw))))

    def _best_alignment(self, a: list[str], b: list[str]) -> tuple[str, _Alignment]:
        length_a, length_b = sum(map(len, a)), sum(map(len, b))
        if length_a < length_b:
            return "a", _align(a, b, self.paragraph_threshold)
        if length_b < length_a:
            return "b", _align(b, a, self.paragraph_threshold)
        forward, backward = _align(a, b, self.paragraph_threshold), _align(b, a, self.paragraph_threshold)
        return ("a", forward) if forward.score >= backward.score else ("b", backward)

    def score(self, a: str, b: str) -> float:
        """Containment of the shorter text in the longer, 0-1, symmetric in ``a`` and ``b``."""
        return self._best_alignment(self._prepared(a).normalised, self._prepared(b).normalised)[1].score

    def too_short(self, text: str) -> bool:
        """Whether ``text`` has fewer than ``min_tokens`` word tokens (such texts are never flagged)."""
        return count_tokens(text) < self.min_tokens

    def is_duplicate(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are copies of one article."""
        return self.explain(a, b).is_duplicate

    def explain(self, a: str, b: str) -> Explanation:
        """The score, the verdict and the matched paragraphs of the pair ``a``, ``b``."""
        pa, pb = self._prepared(a), self._prepared(b)
        contained, alignment = self._best_alignment(pa.normalised, pb.normalised)
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
