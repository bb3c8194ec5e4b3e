"""Metadata learned while cleaning: what the removed lines and the first paragraph say.

The filters tag headline, byline, date and tag lines; this module reads those
tagged lines (it never looks at untagged boilerplate) and the body.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from newsclean.article import Metadata
from newsclean.extraction.dates import parse_datetime
from newsclean.filters.base import Context
from newsclean.filters.pattern_parts import AGENCY, PERSON
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

_AGENCY = cached_compile(rf"(?<![\p{{L}}\p{{N}}]){AGENCY}(?![\p{{L}}\p{{N}}])")
_BY_PERSON = cached_compile(rf"(?i:\bby)\s*:?\s+(?P<name>{PERSON}(?:\s*(?:,|and|&)\s*{PERSON})*)")
_DATELINE = cached_compile(
    r"^(?P<place>\p{Lu}[\p{Lu}\p{M}.'’\-]*(?:\s\p{Lu}[\p{Lu}\p{M}.'’\-]*){0,3})"
    r"(?:,\s*[\p{L}.\s]{2,30}?)?(?:,?\s*[\p{L}]{3,9}\.?\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*(?::|—|–|-{1,2})\s"
)
_LABEL = cached_compile(r"^[^:|\-–—]{1,30}[:|\-–—]\s*")
_TAG_SPLIT = cached_compile(r"[,;|•·]")  # parts are stripped: no white space runs to backtrack over
_TOKEN = cached_compile(r"[\p{L}\p{N}]+")


def extract_metadata(context: Context, paragraphs: Sequence[str]) -> Metadata:
    """Read metadata from the lines the filters tagged and from the body's first paragraph."""
    lines_by_reason: dict[Reason, list[str]] = {}
    for line in context.doc.lines:
        claim = context.claim(line.index)
        if line.text and claim is not None:
            lines_by_reason.setdefault(claim.reason, []).append(line.text)

    title = _first(lines_by_reason.get(Reason.HEADLINE))
    section = _first(lines_by_reason.get(Reason.SECTION_LABEL))
    byline, agency, published = _from_bylines(lines_by_reason.get(Reason.BYLINE, []))
    if published is None:
        for text in lines_by_reason.get(Reason.DATE_LINE, []):
            published = parse_datetime(text)
            if published:
                break
    dateline = None
    if paragraphs:
        found = _DATELINE.match(paragraphs[0])
        if found:
            dateline = found["place"]
            if agency is None and found["agency"]:
                agency_found = _AGENCY.search(found["agency"])
                agency = agency_found.group(0) if agency_found else None
    reference = " ".join([title or "", *paragraphs])
    tags = _tags(lines_by_reason.get(Reason.TAGS, []), reference)
    return Metadata(title, byline, agency, published, dateline, section, tags)


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _from_bylines(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    person = agency = published = None
    for text in lines:
        if person is None:
            found = _BY_PERSON.search(text)
            if found:
                person = found["name"]
        if agency is None:
            found_agency = _AGENCY.search(text)
            if found_agency:
                agency = regex.sub(r"\s+", " ", found_agency.group(0))
        if published is None:
            published = parse_datetime(text)
    return person or agency, agency, published


def _tags(lines: list[str], reference: str) -> tuple[str, ...]:
    tags: list[str] = []
    for text in lines:
        label = _LABEL.match(text)
        if label and _TAG_SPLIT.search(text[label.end() :]):
            parts = _TAG_SPLIT.split(text[label.end() :])
        elif label:
            parts = [text[label.end() :]]
        else:
            parts = segment_names(text, reference)
        tags.extend(p.strip() for p in parts if p.strip())
    return tuple(dict.fromkeys(tags))


def segment_names(line: str, reference: str, longest: int = 6) -> list[str]:
    """Split a separator-less run of names into the phrases that occur in ``reference``.

    Greedy longest match, up to ``longest`` words; words not found in the reference
    are grouped with their unmatched neighbours.

    >>> segment_names("Russia Kim Jong Un North Korea", "Kim Jong Un met Russia's envoy in North Korea.")
    ['Russia', 'Kim Jong Un', 'North Korea']
    >>> segment_names("Hebei province Vietnam", "Vietnam said")
    ['Hebei province', 'Vietnam']
    """
    known = " " + " ".join(t.casefold() for t in _TOKEN.findall(reference)) + " "
    words = line.split()
    phrases: list[str] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            tokens = _TOKEN.findall(" ".join(words[i : i + n]))
            if tokens and f" {' '.join(t.casefold() for t in tokens)} " in known:
                if pending:
                    phrases.append(" ".join(pending))
                    pending = []
                phrases.append(" ".join(words[i : i + n]))
                i += n
                break
        else:
            pending.append(words[i])
            i += 1
    if pending:
        phrases.append(" ".join(pending))
    return phrases
