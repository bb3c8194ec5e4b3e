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

Content only: a text's *template* paragraphs (its site's furniture, as the corpus
evidence shows it, :mod:`newsclean.dedup.evidence`) can be given as a mask. They
are left out of everything: which text is the shorter, the alignment, the score,
and the word count that decides whether a text is long enough to judge. So two
different articles that share a promo blurb share nothing that counts, and a body
that is all furniture is too short to judge. :meth:`Verifier.explain` still lists
the template paragraphs that matched, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from newsclean.dedup.lines import paragraphs
from newsclean.dedup.shingles import count_tokens
from newsclean.errors import ConfigError

__all__ = ["Explanation", "ParagraphMatch", "Verifier", "paragraphs"]

_CACHE_SIZE = 4096
#: Which paragraphs of a text are template (one flag per paragraph, as :func:`paragraphs` lists them).
Mask = Sequence[bool] | npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ParagraphMatch:
    """Paragraph ``a_index`` of the first text matched paragraph ``b_index`` of the second with ``ratio``.

    ``template``: the matched paragraph is template (furniture), so it did not count.
    """

    a_index: int
    b_index: int
    ratio: float
    a_text: str
    b_text: str
    template: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (indexes are 0-based)."""
        return {
            "a_paragraph": self.a_index,
            "b_paragraph": self.b_index,
            "ratio": round(self.ratio, 1),
            "a_text": self.a_text,
            "b_text": self.b_text,
            "template": self.template,
        }


@dataclass(frozen=True)
class Explanation:
    """Why a pair is, or is not, a copy: the score, the verdict and the paragraphs that matched.

    ``contained`` names the text (``"a"`` or ``"b"``) whose paragraphs were
    aligned against the other's; ``unmatched`` lists its paragraphs that found no
    counterpart. Paragraph indexes count every non-blank line of a text, from 0.
    ``matches`` lists the template paragraphs that matched too (``template``
    true), which did not count; ``template_paragraphs`` is how many.
    """

    score: float
    is_duplicate: bool
    reason: str
    contained: str
    matches: tuple[ParagraphMatch, ...]
    unmatched: tuple[int, ...]
    template_paragraphs: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "score": round(self.score, 4),
            "is_duplicate": self.is_duplicate,
            "reason": self.reason,
            "contained": self.contained,
            "matches": [m.to_dict() for m in self.matches],
            "unmatched": list(self.unmatched),
            "template_paragraphs": self.template_paragraphs,
        }


class _Text(NamedTuple):
    raw: list[str]  # every paragraph
    normalised: list[str]
    words: list[int]


def _split(text: str) -> _Text:
    raw = paragraphs(text)
    normalised = [default_process(p) for p in raw]
    return _Text(raw, normalised, [p.count(" ") + 1 for p in normalised])


class _Prepared(NamedTuple):
    raw: list[str]  # the paragraphs that count, as given
    normalised: list[str]  # the same, normalised for comparison
    positions: list[int]  # their indexes among all paragraphs of the text
    lengths: list[int]  # lengths of the normalised paragraphs
    total: int  # their sum
    first: dict[str, int]  # normalised paragraph -> its first index


def _prepared(text: _Text, positions: list[int]) -> _Prepared:
    normalised = [text.normalised[i] for i in positions]
    lengths = [len(p) for p in normalised]
    index = {p: i for i, p in reversed(list(enumerate(normalised)))}
    return _Prepared([text.raw[i] for i in positions], normalised, positions, lengths, sum(lengths), index)


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
    ``min_paragraph_words`` words (menus, bylines, captions that cleaning left
    behind) do not count, unless a text has no longer paragraph. Template
    paragraphs, when a mask names them, never count (see the module docstring).

    >>> verifier = Verifier(min_tokens=5, min_paragraph_words=1)
    >>> story = "Rain fell on the city all day.\\nThe river rose by two metres overnight.\\nSchools shut."
    >>> copy = "RIVER RISES\\nRain fell on the city all day!\\nThe river rose by two metres over night."
    >>> round(verifier.score(story, copy), 2), verifier.is_duplicate(story, copy)
    (0.85, True)
    >>> verifier.is_duplicate(story, "Sun shone on the city all day.\\nThe river fell by a metre.")
    False
    >>> blurb = "Support the Courier: become a member, and read every story we publish for free."
    >>> one, two = f"{blurb}\\nA fire closed the bakery.", f"{blurb}\\nThe mayor opened a bridge."
    >>> verifier.is_duplicate(one, two)
    True
    >>> explanation = verifier.explain(one, two, template_a=[True, False], template_b=[True, False])
    >>> explanation.is_duplicate, explanation.template_paragraphs, explanation.reason
    (False, 1, 'containment 0.000 < threshold 0.7')
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
        self._texts: dict[str, _Text] = {}
        self._cache: dict[tuple[str, tuple[bool, ...] | None, bool], _Prepared] = {}

    def _text(self, text: str) -> _Text:
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= _CACHE_SIZE:
                self._texts.clear()
            found = self._texts[text] = _split(text)
        return found

    def _prepared(self, text: str, mask: Mask | None = None, template: bool = False) -> _Prepared:
        """The paragraphs that count (cached: a text is in many pairs).

        With ``template``, the template paragraphs instead (what :meth:`explain` shows did not count).
        """
        flags = None if mask is None else tuple(bool(m) for m in mask)
        key = (text, flags, template)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[key] = self._prepare(text, flags, template)
        return cached

    def _prepare(self, raw_text: str, flags: tuple[bool, ...] | None, template: bool) -> _Prepared:
        text = self._text(raw_text) if flags is not None else _split(raw_text)
        if flags is not None:
            _check_mask(len(flags), len(text.raw))
        chosen = range(len(text.raw)) if flags is None else [i for i, f in enumerate(flags) if f == template]
        if self.min_paragraph_words > 1:
            long = [i for i in chosen if text.words[i] >= self.min_paragraph_words]
            if long:
                return _prepared(text, long)
        return _prepared(text, list(chosen))

    def _best_alignment(self, a: _Prepared, b: _Prepared, at_least: float = 0.0) -> tuple[str, _Alignment]:
        threshold = self.paragraph_threshold
        if a.total < b.total:
            return "a", _align(a, b, threshold, at_least)
        if b.total < a.total:
            return "b", _align(b, a, threshold, at_least)
        forward, backward = _align(a, b, threshold, at_least), _align(b, a, threshold, at_least)
        return ("a", forward) if forward.score >= backward.score else ("b", backward)

    def score(
        self,
        a: str,
        b: str,
        at_least: float = 0.0,
        template_a: Mask | None = None,
        template_b: Mask | None = None,
    ) -> float:
        """Containment of the shorter text in the longer, 0-1, symmetric in ``a`` and ``b``.

        With ``at_least``, the work stops as soon as the score is known to stay
        below it; the value returned is then an upper bound below ``at_least``.
        ``template_a`` and ``template_b`` flag each text's template paragraphs.
        """
        pa, pb = self._prepared(a, template_a), self._prepared(b, template_b)
        return self._best_alignment(pa, pb, at_least)[1].score

    def judge(
        self,
        a: str,
        b: str,
        at_least: float = 0.0,
        template_a: Mask | None = None,
        template_b: Mask | None = None,
    ) -> float:
        """The score that decides: :meth:`score`, or 0 when a text is too short to judge."""
        if self.too_short(a, template_a) or self.too_short(b, template_b):
            return 0.0
        return self.score(a, b, at_least, template_a, template_b)

    def too_short(self, text: str, template: Mask | None = None) -> bool:
        """Whether ``text`` has fewer than ``min_tokens`` word tokens (outside its template paragraphs)."""
        if template is None:
            return count_tokens(text) < self.min_tokens
        raw = self._text(text).raw
        _check_mask(len(template), len(raw))
        return (
            count_tokens("\n".join(p for p, t in zip(raw, template, strict=True) if not t)) < self.min_tokens
        )

    def is_duplicate(
        self, a: str, b: str, template_a: Mask | None = None, template_b: Mask | None = None
    ) -> bool:
        """Whether ``a`` and ``b`` are copies of one article."""
        return self.explain(a, b, template_a, template_b).is_duplicate

    def explain(
        self, a: str, b: str, template_a: Mask | None = None, template_b: Mask | None = None
    ) -> Explanation:
        """The score, the verdict and the matched paragraphs of the pair ``a``, ``b``."""
        pa, pb = self._prepared(a, template_a), self._prepared(b, template_b)
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
        furniture = self._template_matches(a, b, contained, template_a, template_b)
        short = self.too_short(a, template_a) or self.too_short(b, template_b)
        where = " outside its template paragraphs" if template_a is not None or template_b is not None else ""
        if short:
            verdict, reason = (
                False,
                f"too short to judge: a text has fewer than {self.min_tokens} words{where}",
            )
        elif alignment.score >= self.threshold:
            verdict, reason = True, f"containment {alignment.score:.3f} >= threshold {self.threshold}"
        else:
            verdict, reason = False, f"containment {alignment.score:.3f} < threshold {self.threshold}"
        ordered = tuple(sorted([*matches, *furniture], key=lambda m: (m.a_index, m.b_index)))
        return Explanation(
            alignment.score, verdict, reason, contained, ordered, tuple(unmatched), len(furniture)
        )

    def _template_matches(
        self, a: str, b: str, contained: str, template_a: Mask | None, template_b: Mask | None
    ) -> list[ParagraphMatch]:
        """The template paragraphs of the contained text that match a paragraph of the other."""
        mask = template_a if contained == "a" else template_b
        if mask is None or not any(mask):
            return []
        own, other = (a, b) if contained == "a" else (b, a)
        furniture = self._prepared(own, mask, template=True)
        everything = self._prepared(other)
        if self.min_paragraph_words > 1:  # against every paragraph of the other text, short ones too
            everything = _prepared(self._text(other), list(range(len(self._text(other).raw))))
        found = _align(furniture, everything, self.paragraph_threshold).best
        out = []
        for i, (j, ratio) in enumerate(found):
            if j < 0:
                continue
            pair = (furniture.positions[i], everything.positions[j], furniture.raw[i], everything.raw[j])
            if contained == "a":
                out.append(ParagraphMatch(pair[0], pair[1], ratio, pair[2], pair[3], template=True))
            else:
                out.append(ParagraphMatch(pair[1], pair[0], ratio, pair[3], pair[2], template=True))
        return out


def _check_mask(flags: int, paragraphs: int) -> None:
    if flags != paragraphs:
        raise ConfigError(
            f"a template mask has {flags} flags for a text of {paragraphs} paragraphs: "
            "give one flag per non-blank line"
        )
