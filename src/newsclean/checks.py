"""Checks shared by the configuration dataclasses; each failure is a ConfigError naming the field."""

from __future__ import annotations

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


def check_whole_numbers(config: object, fields: Iterable[str], minimum: int = 1) -> None:
    """Each named field of ``config`` is an int of at least ``minimum``."""
    for name in fields:
        value = getattr(config, name)
        if not isinstance(value, int) or value < minimum:
            raise ConfigError(f"{name} must be a whole number of at least {minimum}, got {value!r}")


def check_timeout(field: str, value: float | None) -> None:
    """``value`` is a positive number of seconds, or ``None`` for no bound."""
    if value is not None and not value > 0:
        raise ConfigError(f"{field} must be a positive number of seconds or None, got {value!r}")


def check_probability(field: str, value: float) -> None:
    """``value`` is a number strictly between 0 and 1.

    >>> check_probability("body_threshold", 1.0)
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: body_threshold must be a number between 0 and 1 (exclusive), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value < 1.0:
        raise ConfigError(f"{field} must be a number between 0 and 1 (exclusive), got {value!r}")
