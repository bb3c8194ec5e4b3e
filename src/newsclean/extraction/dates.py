"""Turn the dates news pages print into ISO 8601 strings."""

from __future__ import annotations

from datetime import date, datetime

import regex

from newsclean.pattern_cache import cached_compile

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (
    r"(?:(?:,|\s+at|\s+-|\s+\|)?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s?(?P<ampm>[ap])?\.?m?\.?)?"
)
_FORMATS = (
    cached_compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", regex.IGNORECASE),
    cached_compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", regex.IGNORECASE),
)
_ISO = cached_compile(
    r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?P<tz>Z|[+\-]\d{2}:?\d{2})?)?"
)
_NUMERIC = cached_compile(r"\b(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<year>\d{4})\b")


def parse_datetime(text: str) -> str | None:
    """The first date (and time, if given) in ``text`` as ISO 8601, or ``None`` if there is none.

    Times without a zone stay naive. Numeric dates are read only when unambiguous
    (``14/09/2024``); ``03/04/2024`` could be March or April and gives ``None``.

    >>> parse_datetime("AFP Published 14 Sep, 2024 11:02am")
    '2024-09-14T11:02:00'
    >>> parse_datetime("Jun 12, 2024")
    '2024-06-12'
    >>> parse_datetime("Updated 2019-11-19T17:03:00Z")
    '2019-11-19T17:03:00Z'
    >>> parse_datetime("no date here") is None
    True
    """
    found = _ISO.search(text)
    if found:
        return _build(
            found["year"],
            found["month"],
            found["day"],
            found["hour"],
            found["minute"],
            found["second"],
            None,
            found["tz"],
        )
    for pattern in _FORMATS:
        found = pattern.search(text)
        if found is None:
            continue
        month = _MONTHS.get(found["month"].lower())
        if month is None:
            continue
        return _build(
            found["year"],
            str(month),
            found["day"],
            found["hour"],
            found["minute"],
            found["second"],
            found["ampm"],
            None,
        )
    found = _NUMERIC.search(text)
    if found:
        a, b = int(found["a"]), int(found["b"])
        if a > 12 >= b:
            return _build(found["year"], str(b), str(a), None, None, None, None, None)
        if b > 12 >= a:
            return _build(found["year"], str(a), str(b), None, None, None, None, None)
    return None


def _build(
    year: str,
    month: str,
    day: str,
    hour: str | None,
    minute: str | None,
    second: str | None,
    ampm: str | None,
    tz: str | None,
) -> str | None:
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is None or minute is None:
            return day_value.isoformat()
        h = int(hour)
        if ampm:
            if not 1 <= h <= 12:
                return day_value.isoformat()
            h = h % 12 + (12 if ampm.lower() == "p" else 0)
        stamp = datetime(day_value.year, day_value.month, day_value.day, h, int(minute), int(second or 0))
    except ValueError:
        return None
    iso = stamp.isoformat()
    if tz:
        iso += "Z" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return iso
