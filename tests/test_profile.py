"""Site profiles: learning template lines from a corpus, the filter, streaming, the learn command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import newsclean
from newsclean import clean_stream
from newsclean.cli import learn_cmd
from newsclean.errors import ConfigError, NewscleanError
from newsclean.profile import ProfileError, SiteProfile, TemplateFilter, line_key

SEEDS = Path(__file__).resolve().parent.parent / "corpus_samples"
FOOTER = "The Valley Post is an independent newspaper serving the whole valley."


TOWNS = ("Ashford", "Brampton", "Carlow", "Dunmore", "Elmsley", "Farley", "Glenwood", "Hartley", "Ivybridge")


def page(n: int) -> str:
    town = TOWNS[n]
    return (
        "Home\nNews\nSport\nWeather\n\n"
        f"{town} council story has a headline\n\n"
        f"The {town} council met on Monday and voted on the budget for the coming year.\n\n"
        f"Members said the {town} plan would take effect after the summer recess.\n\n"
        f"{FOOTER}\n"
    )


def test_line_key_ignores_case_digits_and_spacing() -> None:
    assert line_key("Updated 12:30 GMT") == line_key("  updated 09:15   gmt")
    assert line_key("Updated 12:30 GMT") != line_key("Updated 12:30 BST")


def test_profile_counts_each_line_once_per_document() -> None:
    profile = SiteProfile(min_documents=2)
    profile.add("Menu\nMenu\nA story.")
    assert profile.seen("Menu") == 1
    profile.add("Menu\nAnother story.")
    assert profile.documents == 2
    assert profile.is_template("menu")
    assert not profile.is_template("A story.")


def test_min_documents_below_two_is_refused() -> None:
    with pytest.raises(ConfigError, match="min_documents"):
        SiteProfile(min_documents=1)


def test_template_line_inside_the_body_is_removed_with_its_reason() -> None:
    profile = SiteProfile(min_documents=3).update(page(n) for n in range(4))
    text = page(8)
    assert FOOTER in newsclean.clean(text).body
    article = newsclean.clean(text, newsclean.CleanConfig(profile=profile))
    assert FOOTER not in article.body
    assert "The Ivybridge council met on Monday" in article.body
    reasons = {r.text: r.reason for r in article.removals}
    assert reasons[FOOTER] is newsclean.Reason.TEMPLATE
    assert newsclean.apply_removals(text, article.removals) == article.body


def test_template_filter_can_be_disabled() -> None:
    profile = SiteProfile(min_documents=2).update(page(n) for n in range(3))
    config = newsclean.CleanConfig(profile=profile, disabled=frozenset({"template"}))
    assert "template" not in [f.name for f in config.filters()]
    assert FOOTER in newsclean.clean(page(7), config).body


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    profile = SiteProfile(min_documents=2).update(page(n) for n in range(3))
    path = tmp_path / "site.json"
    profile.save(path)
    loaded = SiteProfile.load(path)
    assert loaded.documents == 3
    assert loaded.min_documents == 2
    assert loaded.is_template(FOOTER)
    assert SiteProfile.load(path, min_documents=4).min_documents == 4
    assert FOOTER not in json.dumps(json.loads(path.read_text()))  # hashes, not text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "other"}', "not a newsclean site profile"),
        (None, "cannot read"),
    ],
)
def test_bad_profile_files_say_what_to_do(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "profile.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ProfileError, match=message) as raised:
        SiteProfile.load(path)
    assert isinstance(raised.value, NewscleanError)
    assert "newsclean learn" in str(raised.value) or "check the path" in str(raised.value)


def test_streaming_learns_as_it_goes() -> None:
    bodies = [a.body for a in clean_stream((page(n) for n in range(5)), SiteProfile(min_documents=3))]
    assert [FOOTER in body for body in bodies] == [True, True, False, False, False]


def test_template_filter_alone() -> None:
    profile = SiteProfile(min_documents=2).update(["Menu\nOne story.", "Menu\nAnother story."])
    context = newsclean.filters.Context.for_text("Menu\nA third one.")
    assert [(t.start, t.end, t.reason) for t in TemplateFilter(profile).tag(context)] == [
        (0, 1, newsclean.Reason.TEMPLATE)
    ]


def test_seed_pages_stay_exact_with_a_profile_of_their_site() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("seed_*.txt"))]
    config = newsclean.CleanConfig(profile=SiteProfile(min_documents=3).update(texts))
    for text in texts:
        plain, profiled = newsclean.clean(text), newsclean.clean(text, config)
        assert profiled.body == plain.body
        assert profiled.metadata == plain.metadata  # the recurring section label is still the section


def _learn(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="newsclean")
    learn_cmd.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["learn", *argv])
    assert args.run is learn_cmd.run
    return learn_cmd.run(args)


def test_learn_command_writes_a_profile(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.txt").write_text(page(n), encoding="utf-8")
    out = tmp_path / "site.json"
    assert _learn(str(corpus), "-o", str(out), "--min-documents", "2") == 0
    profile = SiteProfile.load(out)
    assert profile.documents == 3
    assert profile.is_template(FOOTER)


def test_learn_command_without_documents_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _learn(str(tmp_path), "-o", str(tmp_path / "p.json")) == 2
    assert "no documents found" in capsys.readouterr().err
    assert _learn(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "p.json")) == 2
