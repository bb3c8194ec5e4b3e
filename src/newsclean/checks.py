"""Checks shared by the configuration dataclasses; each failure is a ConfigError naming the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from newsclean.errors import ConfigError


def check_known(field: str, given: Iterable[str], allowed: Iterable[str], what: str = "filter name") -> None:
    """Every value in ``given`` is one of ``allowed``.

    >>> check_known("disabled", ["tags"], ["tags", "ticker"])
    >>> check_known("disabled", ["tag"], ["tags", "ticker"])
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: disabled: unknown filter name(s) tag; allowed: tags, ticker
    """
    allowed = tuple(allowed)
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ConfigError(f"{field}: unknown {what}(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")


#: The largest count any option takes (characters, lines, words, documents): what a C ``int`` holds.
MAX_COUNT = 2**31 - 1
#: The longest time limit, in seconds (about 11 days); longer ones overflow the timers that enforce them.
MAX_SECONDS = 1e6


def check_whole_numbers(
    config: object, fields: Iterable[str], minimum: int = 1, maximum: int = MAX_COUNT
) -> None:
    """Each named field of ``config`` is an int (not a bool) from ``minimum`` to ``maximum``.

    >>> from types import SimpleNamespace
    >>> check_whole_numbers(SimpleNamespace(lines=-1), ["lines"])
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: lines must be a whole number of at least 1 (and at most 2,147,483,647), got -1
    """
    for name in fields:
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise ConfigError(
                f"{name} must be a whole number of at least {minimum} (and at most {maximum:,}), got {value!r}"
            )


def check_number(field: str, value: object, low: float, high: float, low_included: bool = False) -> None:
    """``value`` is a real number (not a bool) in ``(low, high]`` (``[low, high]`` with ``low_included``).

    >>> check_number("threshold", float("nan"), 0.0, 1.0)
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: threshold must be a number in (0.0, 1.0], got nan
    """
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        number = float(value)  # type: ignore[arg-type]
        ok = (low <= number if low_included else low < number) and number <= high
    if not ok:
        opening = "[" if low_included else "("
        raise ConfigError(f"{field} must be a number in {opening}{low}, {high}], got {value!r}")


def check_timeout(field: str, value: object) -> None:
    """``value`` is a number of seconds in ``(0, MAX_SECONDS]``, or ``None`` for no bound."""
    if value is None:
        return
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_SECONDS
    if not ok:
        raise ConfigError(
            f"{field} must be a positive number of seconds (at most {MAX_SECONDS:,.0f}) or None, got {value!r}"
        )


#: The largest weight or cost a scoring option takes.
MAX_WEIGHT = 1e6


def check_fields(config: object, fractions: Iterable[str] = (), may_be_zero: Iterable[str] = ()) -> None:
    """Every number field of the dataclass ``config`` is in range, by the type of its default: an int
    field a whole number from 1 (0 for the fields named in ``may_be_zero``) to :data:`MAX_COUNT`, a
    float field a number from 0 to :data:`MAX_WEIGHT` (to 1 for the fields named in ``fractions``), a
    bool field a bool.

    >>> from newsclean.filters import MenuRunFilter
    >>> MenuRunFilter(min_lines=0)
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: min_lines must be a whole number of at least 1 (and at most 2,147,483,647), got 0
    """
    fractions, may_be_zero = frozenset(fractions), frozenset(may_be_zero)
    for field in dataclasses.fields(config):  # type: ignore[arg-type]
        default, value = field.default, getattr(config, field.name)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{field.name} must be true or false, got {value!r}")
        elif isinstance(default, int):
            check_whole_numbers(config, (field.name,), minimum=0 if field.name in may_be_zero else 1)
        elif isinstance(default, float):
            high = 1.0 if field.name in fractions else MAX_WEIGHT
            check_number(field.name, value, 0.0, high, low_included=True)


def check_probability(field: str, value: float) -> None:
    """``value`` is a number strictly between 0 and 1.

    >>> check_probability("body_threshold", 1.0)
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: body_threshold must be a number between 0 and 1 (exclusive), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value < 1.0:
        raise ConfigError(f"{field} must be a number between 0 and 1 (exclusive), got {value!r}")
