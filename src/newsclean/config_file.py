"""Pipelines defined in a TOML file: which filters, in which order, with which parameters.

A file has up to four tables, all optional::

    [clean]                      # fields of CleanConfig
    disabled = ["tags"]
    related_link_min_words = 8
    pattern_timeout = 5.0        # seconds, or "none" for no bound
    profile = "site.profile.json"  # a saved SiteProfile, relative to this file

    body_threshold = 0.4         # the fitted locator keeps more (recall) below 0.5, less above

    [filters.menu_run]           # fields of a standard filter's own dataclass
    min_lines = 5

    [[pattern_filters]]          # user-defined whole-line pattern filters
    name = "webinar"
    regex = "(?i:register for our webinar.*)"
    reason = "newsletter"        # a newsclean.Reason value; default "pattern"

    [pipeline]
    filters = ["webinar", "ticker", "navigation"]   # exactly these, in this order

Without ``pipeline.filters`` the pattern filters run first (so their reason wins a
line), then the standard filters in their usual order, minus ``clean.disabled``
(``template`` runs only with a ``clean.profile``).
A ``[filters.NAME]`` value overrides the :class:`~newsclean.CleanConfig` field that
feeds the same parameter. Every mistake raises :class:`~newsclean.errors.ConfigError`
naming the key and the allowed values.

>>> config = PipelineConfig.from_mapping({"filters": {"menu_run": {"min_lines": 5}}})
>>> [f.min_lines for f in config.filters if f.name == "menu_run"]
[5]
>>> PipelineConfig.from_mapping({"clean": {"menu_min_line": 5}})
Traceback (most recent call last):
...
newsclean.errors.ConfigError: clean.menu_min_line: unknown key; allowed: body_threshold, disabled, locator_model, max_document_chars, max_line_chars, menu_max_words, menu_min_lines, pattern_timeout, profile, related_link_min_words, related_trailing_run, scoring, tag_lookahead
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from newsclean.config import FILTER_NAMES, CleanConfig
from newsclean.errors import ConfigError, NewscleanError
from newsclean.extraction.html_config import HTML_FILTER_NAMES, HtmlConfig
from newsclean.filters import BlockScoring, Filter, LimitsFilter, LinePattern, LinePatternFilter
from newsclean.filters.base import compile_line_patterns
from newsclean.locator.base import Locator
from newsclean.locator.fitted import FittedLocator
from newsclean.pipeline import Pipeline
from newsclean.profile import SiteProfile, TemplateFilter
from newsclean.reasons import Reason

#: A configuration file larger than this is refused unread.
MAX_CONFIG_BYTES = 16 * 1024 * 1024
_TOP_KEYS = ("clean", "filters", "pattern_filters", "pipeline")
_INPUT_FIELDS = frozenset({"markdown", "keep_markdown"})
_PATTERN_KEYS = ("name", "reason", "regex")
#: Filters that judge lines against the located body; a template filter runs before them.
_STRUCTURAL = ("related_list", "tags", "outside_body", "menu_run", "related_link")


@dataclass(frozen=True)
class PipelineConfig:
    """A complete cleaning pipeline as data: the filters in order and the pattern time bound.

    Frozen, hashable and picklable, so it can be passed to worker processes and used
    as a cache key. :func:`newsclean.clean`, :func:`newsclean.clean_many` and the
    integrations accept it wherever they accept a :class:`~newsclean.CleanConfig`.
    """

    filters: tuple[Filter, ...]
    pattern_timeout: float | None = 10.0
    locator: Locator = field(default_factory=FittedLocator)

    def __post_init__(self) -> None:
        self.pipeline()  # validates filter types and unique names

    def pipeline(self) -> Pipeline:
        """A :class:`~newsclean.Pipeline` running these filters."""
        return Pipeline(self.filters, self.pattern_timeout, self.locator)

    def with_profile(self, profile: SiteProfile) -> PipelineConfig:
        """This pipeline with a :class:`~newsclean.profile.TemplateFilter` for ``profile``: in place of
        its template filter if it has one, else just before its structural filters."""
        template = TemplateFilter(profile)
        filters = [f for f in self.filters if f.name != template.name]
        at = next((i for i, f in enumerate(filters) if f.name in _STRUCTURAL), len(filters))
        return dataclasses.replace(self, filters=(*filters[:at], template, *filters[at:]))

    def html_config(self, base: HtmlConfig | None = None) -> HtmlConfig:
        """HTML mode (``base``, default :class:`~newsclean.HtmlConfig`) with what of this pipeline applies
        to it: its pattern filters and template filter run first (after ``limits``), its size limits and
        pattern time bound hold, and a standard filter it leaves out is left out of HTML mode too.
        ``[filters.NAME]`` parameters of the other filters apply to text mode only.

        >>> config = PipelineConfig.from_mapping({"clean": {"disabled": ["tags"], "max_line_chars": 500},
        ...     "pattern_filters": [{"name": "webinar", "regex": "Join our webinar.*"}]})
        >>> html = config.html_config()
        >>> [f.name for f in html.extra_filters], html.max_line_chars, "tags" in html.disabled
        (['webinar'], 500, True)
        """
        base = base or HtmlConfig()
        names = {f.name for f in self.filters}
        left_out = {name for name in FILTER_NAMES if name not in names and name in HTML_FILTER_NAMES}
        changes: dict[str, Any] = {
            "extra_filters": tuple(
                f for f in self.filters if f.name not in FILTER_NAMES or f.name == "template"
            ),
            "pattern_timeout": self.pattern_timeout,
            "disabled": base.disabled | left_out,
        }
        limits = next((f for f in self.filters if isinstance(f, LimitsFilter)), None)
        if limits is not None:
            changes.update(
                max_document_chars=limits.max_document_chars,
                max_line_chars=limits.max_line_chars,
                max_document_lines=limits.max_document_lines,
            )
        return dataclasses.replace(base, **changes)

    @classmethod
    def from_clean_config(cls, config: CleanConfig) -> PipelineConfig:
        """The pipeline a :class:`~newsclean.CleanConfig` describes."""
        return cls(config.filters(), config.pattern_timeout, config.locator())

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: str | Path = ".") -> PipelineConfig:
        """Build from parsed TOML (or any mapping of the same shape); see the module docs.

        ``base`` is the directory a relative ``clean.profile`` path is read from.
        """
        _check_keys(data, _TOP_KEYS, "")
        clean_config = _clean_config(_table(data, "clean", ""), Path(base))
        standard = {f.name: f for f in dataclasses.replace(clean_config, disabled=frozenset()).filters()}
        for name, params in _table(data, "filters", "").items():
            if name not in standard:
                raise ConfigError(f"filters.{name}: unknown filter; allowed: {', '.join(standard)}")
            standard[name] = _override(
                standard[name], _table({name: params}, name, "filters."), f"filters.{name}"
            )
        custom = _pattern_filters(data.get("pattern_filters", []))
        clash = sorted(set(custom) & set(standard))
        if clash:
            raise ConfigError(
                f"pattern_filters: name {clash[0]!r} is a standard filter's; choose another name "
                f"(taken: {', '.join(FILTER_NAMES)})"
            )
        available: dict[str, Filter] = {**custom, **standard}
        pipeline = _table(data, "pipeline", "")
        _check_keys(pipeline, ("filters",), "pipeline.")
        if "filters" in pipeline:
            order = _order(pipeline["filters"], available)
        else:
            order = [*custom, *(f.name for f in clean_config.filters())]
        return cls(
            tuple(available[name] for name in order), clean_config.pattern_timeout, clean_config.locator()
        )


def load_config(path: str | Path) -> PipelineConfig:
    """Read a pipeline definition from a TOML file (see :mod:`newsclean.config_file`).

    Raises :class:`~newsclean.errors.ConfigError` when the file cannot be read, is not
    valid TOML, or holds an unknown key or a value that is not allowed.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write('[clean]\\ndisabled = ["tags"]\\n')
    >>> "tags" in [f.name for f in load_config(f.name).filters]
    False
    >>> os.unlink(f.name)
    """
    if os.path.exists(path) and not os.path.isfile(path):  # a device or a pipe could be read forever
        raise ConfigError(f"{path}: not a regular file; give the path of a TOML configuration file")
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file: {error.strerror or error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes; not a configuration file")
    if sys.version_info >= (3, 11):  # imported here: a run without a configuration file never parses TOML
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 (byte {error.start}); TOML files are UTF-8: save it as UTF-8 and retry"
        ) from None
    except ValueError as error:  # TOMLDecodeError, or an integer too long to convert
        raise ConfigError(f"{path}: not valid TOML ({error}); fix the syntax and retry") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a configuration file") from None
    try:
        return PipelineConfig.from_mapping(data, Path(path).parent)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def _check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise ConfigError(f"{where}{key}: unknown key; allowed: {', '.join(sorted(allowed)) or 'none'}")


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}{key}: expected a table, got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    return {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array"}.get(
        type(value), type(value).__name__
    )


def _clean_config(table: Mapping[str, Any], base: Path) -> CleanConfig:
    # markdown is a kind of input, chosen per run (--markdown), not a pipeline setting
    fields = {f.name: f for f in dataclasses.fields(CleanConfig) if f.name not in _INPUT_FIELDS}
    _check_keys(table, tuple(fields), "clean.")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "disabled":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f"clean.disabled: expected an array of filter names; allowed: {', '.join(FILTER_NAMES)}"
                )
            values[key] = frozenset(value)
        elif key == "pattern_timeout":
            if value == "none":
                values[key] = None
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values[key] = value  # CleanConfig checks the range
            else:
                raise ConfigError(f'clean.pattern_timeout: expected seconds > 0 or "none", got {value!r}')
        elif key == "profile":
            if not isinstance(value, str):
                raise ConfigError(f"clean.profile: expected the path of a saved site profile, got {value!r}")
            try:
                values[key] = SiteProfile.load(base / value)
            except NewscleanError as error:
                raise ConfigError(f"clean.profile: {error}") from None
        elif key == "scoring":
            values[key] = _override(BlockScoring(), _table(table, key, "clean."), "clean.scoring")
        else:
            values[key] = _typed(value, getattr(CleanConfig(), key), f"clean.{key}")
    try:
        return CleanConfig(**values)
    except ConfigError as error:
        raise ConfigError(f"clean.{error}") from None


def _override(obj: Any, params: Mapping[str, Any], where: str) -> Any:
    """``dataclasses.replace(obj, **params)`` with every key and type checked; ``where`` is the key path."""
    if isinstance(obj, LinePatternFilter):
        if params:
            raise ConfigError(
                f"{where}: a pattern filter takes no parameters (allowed: none); "
                "add a [[pattern_filters]] entry to remove more lines"
            )
        return obj
    allowed = tuple(f.name for f in dataclasses.fields(obj) if f.init and f.name != "name")
    _check_keys(params, allowed, f"{where}.")
    values: dict[str, Any] = {}
    for key, value in params.items():
        default = getattr(obj, key)
        if dataclasses.is_dataclass(default):
            values[key] = _override(default, _table(params, key, f"{where}."), f"{where}.{key}")
        else:
            values[key] = _typed(value, default, f"{where}.{key}")
    try:
        return dataclasses.replace(obj, **values)
    except ConfigError as error:
        raise ConfigError(f"{where}.{error}") from None


def _typed(value: object, default: object, key: str) -> object:
    """``value`` if it has the type of ``default`` (an integer is a valid number), else an error."""
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(value, bool) and isinstance(default, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and (isinstance(value, float) or abs(value) < 2**53)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(f"{key}: expected {_kind(default)}, got {value!r}")
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    return value


def _pattern_filters(entries: object) -> dict[str, Filter]:
    if not isinstance(entries, list):
        raise ConfigError(
            f"pattern_filters: expected an array of tables ([[pattern_filters]]), got {_kind(entries)}"
        )
    out: dict[str, Filter] = {}
    reasons = ", ".join(r.value for r in Reason)
    for i, entry in enumerate(entries):
        where = f"pattern_filters[{i}]"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{where}: expected a table with keys {', '.join(_PATTERN_KEYS)}")
        _check_keys(entry, _PATTERN_KEYS, f"{where}.")
        for key in ("name", "regex"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise ConfigError(f"{where}.{key}: required, a non-empty string")
        name, pattern = entry["name"], entry["regex"]
        if not name.isidentifier():
            raise ConfigError(f"{where}.name: {name!r} must be a snake_case identifier")
        if name in out:
            raise ConfigError(f"{where}.name: {name!r} is used twice; pattern filter names must be unique")
        try:
            reason = Reason(entry.get("reason", Reason.PATTERN.value))
        except ValueError:
            raise ConfigError(
                f"{where}.reason: {entry.get('reason')!r} is not a reason; allowed: {reasons}"
            ) from None
        try:
            # compiled as the pipeline compiles it: one named group inside the line anchors, so a
            # back-reference by number or a global flag that works alone fails here, not on a document
            patterns = (LinePattern(name, reason, pattern),)
            compile_line_patterns(patterns)  # a filter compiles on first use: check the pattern now
            out[name] = LinePatternFilter(name, patterns)
        except (regex.error, ValueError, OverflowError, RecursionError) as error:
            raise ConfigError(
                f"{where}.regex: invalid regular expression ({error}); write it for the 'regex' module, "
                "to match one whole line (named groups instead of numbered back-references, inline "
                "flags as (?i:...))"
            ) from None
    return out


def _order(names: object, available: Mapping[str, Filter]) -> list[str]:
    allowed = ", ".join(available)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(f"pipeline.filters: expected an array of filter names; allowed: {allowed}")
    for i, name in enumerate(names):
        if name not in available:
            raise ConfigError(f"pipeline.filters[{i}]: unknown filter {name!r}; allowed: {allowed}")
        if names.index(name) != i:
            raise ConfigError(f"pipeline.filters[{i}]: {name!r} is listed twice; list each filter once")
    return list(names)
