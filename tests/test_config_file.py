"""Pipelines defined in TOML: what each key does, and the error each mistake gets."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

import newsclean
from newsclean import FILTER_NAMES, CleanConfig, ConfigError, PipelineConfig, Reason, clean, load_config
from newsclean.config_file import PipelineConfig as FromModule
from newsclean.filters.layout import RuleLocator
from newsclean.locator.fitted import FittedLocator
from newsclean.profile import SiteProfile

TOWNS = ("Ashford", "Brampton", "Carlow")

PAGE = (
    "Comments\n\nRegister for our webinar today\n\nThe body of the article is this sentence, long enough.\n"
)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pipeline.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_an_empty_file_is_the_default_pipeline(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config == PipelineConfig.from_clean_config(CleanConfig())
    assert [f.name for f in config.filters] == [f.name for f in CleanConfig().filters()]
    # template only with a profile, markdown_links only on markdown
    assert set(FILTER_NAMES) - {f.name for f in config.filters} == {"template", "markdown_links"}
    assert clean(PAGE, config) == clean(PAGE)


def test_clean_fields_and_scoring(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
            [clean]
            disabled = ["tags", "menu_run"]
            related_link_min_words = 8
            pattern_timeout = "none"
            [clean.scoring]
            prose_min_words = 10
            fragment_cost = 2
            """,
        )
    )
    by_name = {f.name: f for f in config.filters}
    assert "tags" not in by_name and "menu_run" not in by_name
    assert by_name["related_link"].min_words == 8  # type: ignore[attr-defined]
    # a [clean.scoring] table selects the rule-based locator with those weights
    assert isinstance(config.locator, RuleLocator)
    assert config.locator.scoring.prose_min_words == 10
    assert config.locator.scoring.fragment_cost == 2.0
    assert config.pipeline().locator is config.locator
    assert config.pattern_timeout is None


def test_body_threshold_sets_the_fitted_locator(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[clean]\nbody_threshold = 0.3\n"))
    assert config.locator == FittedLocator(body_threshold=0.3)
    assert load_config(write(tmp_path, "[clean]\n")).locator == FittedLocator(body_threshold=0.5)


@pytest.mark.parametrize("value", ["0", "1", "1.5", "-0.2", "'high'"])
def test_body_threshold_outside_zero_one_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="body_threshold"):
        load_config(write(tmp_path, f"[clean]\nbody_threshold = {value}\n"))


def test_filter_parameters_override_clean_fields(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
            [clean]
            menu_min_lines = 6
            [filters.menu_run]
            min_lines = 5
            max_words = 2
            [filters.outside_body]
            min_trailing_run = 4
            """,
        )
    )
    by_name = {f.name: f for f in config.filters}
    assert (by_name["menu_run"].min_lines, by_name["menu_run"].max_words) == (5, 2)  # type: ignore[attr-defined]
    assert by_name["outside_body"].min_trailing_run == 4  # type: ignore[attr-defined]


def test_pattern_filters_run_first_and_remove_lines(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
            [[pattern_filters]]
            name = "webinar"
            regex = "(?i:register for our webinar.*)"
            reason = "newsletter"
            """,
        )
    )
    assert config.filters[0].name == "webinar"
    article = clean(PAGE, config)
    assert article.body == "The body of the article is this sentence, long enough."
    webinar = [r for r in article.removals if r.filter == "webinar"]
    assert [(r.reason, r.rule, r.text) for r in webinar] == [
        (Reason.NEWSLETTER, "webinar", "Register for our webinar today")
    ]


def test_pipeline_filters_gives_exactly_these_in_this_order(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
            [[pattern_filters]]
            name = "webinar"
            regex = "(?i:register.*)"
            [pipeline]
            filters = ["comments", "webinar"]
            """,
        )
    )
    assert [f.name for f in config.filters] == ["comments", "webinar"]
    assert clean(PAGE, config).removals[1].reason is Reason.PATTERN  # the default reason
    assert config.pipeline().clean(PAGE) == clean(PAGE, config)


def test_config_is_hashable_and_picklable(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[pattern_filters]]\nname = "x"\nregex = "xx+"\n'))
    assert pickle.loads(pickle.dumps(config)) == config
    assert hash(config) == hash(load_config(tmp_path / "pipeline.toml"))
    assert FromModule is newsclean.PipelineConfig


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[clen]\n", "clen: unknown key; allowed: clean, filters, pattern_filters, pipeline"),
        (
            "[clean]\nmenu_min_line = 3\n",
            "clean.menu_min_line: unknown key; allowed: body_threshold, disabled, locator_model, max_document_chars",
        ),
        (
            "[clean]\ndisabled = ['tag']\n",
            "clean.disabled: unknown filter name(s) tag; allowed: limits, ticker, navigation",
        ),
        ("[clean]\nmenu_min_lines = 'four'\n", "clean.menu_min_lines: expected an integer, got 'four'"),
        ("[clean]\nmenu_min_lines = 0\n", "clean.menu_min_lines must be a whole number of at least 1"),
        ("[clean]\npattern_timeout = -1\n", "clean.pattern_timeout must be a positive number"),
        ("[clean]\npattern_timeout = 'never'\n", 'clean.pattern_timeout: expected seconds > 0 or "none"'),
        (
            "[clean.scoring]\nprose_words = 3\n",
            "clean.scoring.prose_words: unknown key; allowed: claimed_cost",
        ),
        ("[filters.menus]\n", "filters.menus: unknown filter; allowed: limits, ticker, navigation"),
        (
            "[filters.menu_run]\nmin_line = 3\n",
            "filters.menu_run.min_line: unknown key; allowed: max_words, min_lines",
        ),
        ("[filters.menu_run]\nmin_lines = 2.5\n", "filters.menu_run.min_lines: expected an integer, got 2.5"),
        (
            "[filters.ticker]\npatterns = []\n",
            "filters.ticker: a pattern filter takes no parameters (allowed: none)",
        ),
        ("[filters]\nmenu_run = 3\n", "filters.menu_run: expected a table, got an integer"),
        ("[filters.template]\n", "filters.template: unknown filter; allowed: limits"),
        ("[clean]\nprofile = 3\n", "clean.profile: expected the path of a saved site profile"),
        ("[clean]\nprofile = 'missing.json'\n", "clean.profile: cannot read profile"),
        ("[[pattern_filters]]\nname = 'x'\n", "pattern_filters[0].regex: required, a non-empty string"),
        (
            "[[pattern_filters]]\nname = 'x'\nregex = 'a'\nreason = 'spam'\n",
            "pattern_filters[0].reason: 'spam' is not a reason; allowed: ticker, navigation",
        ),
        (
            "[[pattern_filters]]\nname = 'x'\nregex = '(a'\n",
            "pattern_filters[0].regex: invalid regular expression",
        ),
        (
            "[[pattern_filters]]\nname = 'x-y'\nregex = 'a'\n",
            "pattern_filters[0].name: 'x-y' must be a snake_case identifier",
        ),
        (
            "[[pattern_filters]]\nname = 'tags'\nregex = 'a'\n",
            "pattern_filters: name 'tags' is a standard filter's",
        ),
        (
            "[[pattern_filters]]\nname = 'x'\nregex = 'a'\nflags = 'i'\n",
            "pattern_filters[0].flags: unknown key; allowed: name, reason, regex",
        ),
        (
            "[pipeline]\nfilters = ['comments', 'comment']\n",
            "pipeline.filters[1]: unknown filter 'comment'; allowed: limits, ticker",
        ),
        (
            "[pipeline]\nfilters = ['comments', 'comments']\n",
            "pipeline.filters[1]: 'comments' is listed twice",
        ),
        ("[pipeline]\norder = []\n", "pipeline.order: unknown key; allowed: filters"),
        ("[clean\n", "not valid TOML"),
    ],
)
def test_a_bad_config_names_the_key_and_the_allowed_values(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(path))


def test_a_site_profile_is_read_next_to_the_file(tmp_path: Path) -> None:
    footer = "The Valley Post is an independent newspaper for the whole valley."
    SiteProfile(min_documents=2, novel_words=2).update([f"{town} story.\n{footer}" for town in TOWNS]).save(
        tmp_path / "site.json"
    )
    config = load_config(write(tmp_path, '[clean]\nprofile = "site.json"\n'))
    assert "template" in [f.name for f in config.filters]
    page = f"A story told in one sentence of about twelve words, no more.\n\n{footer}\n"
    assert footer not in clean(page, config).body
    assert any(r.reason is Reason.TEMPLATE for r in clean(page, config).removals)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the configuration file"):
        load_config(tmp_path / "nope.toml")


def test_clean_rejects_other_config_types() -> None:
    with pytest.raises(TypeError, match="CleanConfig or a PipelineConfig"):
        clean("text", "config.toml")  # type: ignore[arg-type]


def test_with_profile_puts_the_template_filter_before_the_structural_ones(tmp_path: Path) -> None:
    profile = SiteProfile(min_documents=2)
    config = load_config(write(tmp_path, "[pipeline]\nfilters = ['comments', 'outside_body', 'menu_run']\n"))
    assert [f.name for f in config.with_profile(profile).filters] == [
        "comments",
        "template",
        "outside_body",
        "menu_run",
    ]
    twice = config.with_profile(profile).with_profile(SiteProfile(min_documents=3))
    assert [f.name for f in twice.filters].count("template") == 1


def test_cli_config_and_profile_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    from newsclean.cli.main import main

    footer = "The Valley Post is an independent newspaper for the whole valley."
    SiteProfile(min_documents=2, novel_words=2).update([f"{town} story.\n{footer}" for town in TOWNS]).save(
        tmp_path / "site.json"
    )
    config = write(tmp_path, '[[pattern_filters]]\nname = "webinar"\nregex = "(?i:register for.*)"\n')
    page = f"Register for our webinar\n\nA story told in one sentence of about twelve words, no more.\n\n{footer}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.encode())))
    code = main(["clean", "--config", str(config), "--profile", str(tmp_path / "site.json")])
    assert (code, capsys.readouterr().out) == (
        0,
        "A story told in one sentence of about twelve words, no more.\n",
    )
