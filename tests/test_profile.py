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
from newsclean.profile import ProfileError, SiteProfile, TemplateFilter

SEEDS = Path(__file__).resolve().parent.parent / "corpus_samples"
FOOTER = "The Valley Post is an independent newspaper serving the whole valley."


TOWNS = ("Ashford", "Brampton", "Carlow", "Dunmore", "Elmsley", "Farley", "Glenwood", "Hartley", "Ivybridge")


#: New words each page of :func:`page` brings: its headline (6), first paragraph (13) and second (14).
PAGE_NEW_WORDS = 33
#: New words its cleaned body brings: the two paragraphs (the headline is not body).
BODY_NEW_WORDS = 27


def page(n: int) -> str:
    """A page of the site: its menu and footer around a short story of its own (the town starts and ends
    each of the story's lines, so that each line is new to the profile)."""
    town = TOWNS[n]
    return (
        "Home\nNews\nSport\nWeather\n\n"
        f"{town} council story has a headline\n\n"
        f"The {town} council met on Monday and voted on the budget of {town}.\n\n"
        f"Members in {town} said the plan would take effect after the recess in {town}.\n\n"
        f"{FOOTER}\n"
    )


def profile_of(min_documents: int, novel_words: int = BODY_NEW_WORDS) -> SiteProfile:
    return SiteProfile(min_documents=min_documents, novel_words=novel_words)


def test_lines_are_keyed_without_case_digits_or_punctuation() -> None:
    profile = profile_of(2, novel_words=1).update(
        ["Updated 12:30 GMT\nOne story.", "Updated 12:30 GMT\nTwo."]
    )
    assert profile.is_template("  updated 09:15   gmt")
    assert not profile.is_template("Updated 12:30 BST")


def test_a_line_repeated_in_one_document_is_one_vote() -> None:
    profile = profile_of(2, novel_words=1)
    profile.add("Menu\nMenu\nA story.")
    assert not profile.is_template("Menu")
    profile.add("Menu\nAnother story.")
    assert profile.documents == 2
    assert profile.is_template("menu")
    assert not profile.is_template("A story.")


def test_a_document_votes_from_exactly_novel_words_new_words() -> None:
    """Each page brings 33 new words: at novel_words 33 every page votes, at 34 none does."""
    assert profile_of(3, PAGE_NEW_WORDS).update(page(n) for n in range(3)).is_template(FOOTER)
    assert not profile_of(3, PAGE_NEW_WORDS + 1).update(page(n) for n in range(3)).is_template(FOOTER)


def test_learning_with_the_cleaned_body_counts_the_body_s_new_words() -> None:
    """learn() cleans each page and asks its body for new words: 27 here, the headline left out."""
    assert profile_of(3, BODY_NEW_WORDS).learn(page(n) for n in range(3)).is_template(FOOTER)
    assert not profile_of(3, BODY_NEW_WORDS + 1).learn(page(n) for n in range(3)).is_template(FOOTER)


def test_a_story_run_again_with_other_furniture_is_not_the_template() -> None:
    """The same story on three pages whose comments differ: each whole page brings new words, its body
    does not; learned with the bodies, the story is not template (a count of pages would make it so)."""
    story = page(0)
    comments = [
        f"{town} reader wrote that the budget is far too high for a town like {town}.\n"
        f"{town} neighbours said that the vote was held too late in the evening in {town}."
        for town in TOWNS[3:6]
    ]
    pages = [page(1), page(2), *(f"{story}\nComments (1)\n{comment}\n" for comment in comments)]
    raw = profile_of(3).update(pages)
    learned = profile_of(3).learn(pages)
    line = f"The {TOWNS[0]} council met on Monday and voted on the budget of {TOWNS[0]}."
    assert raw.is_template(line) and not learned.is_template(line)
    assert learned.is_template(FOOTER)


def test_a_line_is_template_at_exactly_min_documents() -> None:
    assert not profile_of(3).update(page(n) for n in range(2)).is_template(FOOTER)
    assert profile_of(3).update(page(n) for n in range(3)).is_template(FOOTER)


def test_a_story_the_corpus_holds_many_times_is_not_the_template() -> None:
    """A page read again (or a story the site ran again) brings no new line: it does not vote, so its
    story does not become template however often it recurs; a count of documents would remove it."""
    story = f"The {TOWNS[0]} council met on Monday and voted on the budget of {TOWNS[0]}."
    profile = profile_of(3).update([page(0), page(0), page(0), page(0), page(1), page(2)])
    assert profile.documents == 6
    assert profile.is_template(FOOTER)
    assert not profile.is_template(story)
    assert story in newsclean.clean(page(0), newsclean.CleanConfig(profile=profile)).body


def test_min_documents_below_two_is_refused() -> None:
    with pytest.raises(ConfigError, match="min_documents"):
        SiteProfile(min_documents=1)
    with pytest.raises(ConfigError, match="novel_words"):
        SiteProfile(novel_words=-1)


def test_template_line_inside_the_body_is_removed_with_its_reason() -> None:
    profile = profile_of(3).update(page(n) for n in range(4))
    text = page(8)
    assert FOOTER in newsclean.clean(text).body
    article = newsclean.clean(text, newsclean.CleanConfig(profile=profile))
    assert FOOTER not in article.body
    assert "The Ivybridge council met on Monday" in article.body
    reasons = {r.text: r.reason for r in article.removals}
    assert reasons[FOOTER] is newsclean.Reason.TEMPLATE
    assert newsclean.apply_removals(text, article.removals) == article.body


def test_template_filter_can_be_disabled() -> None:
    profile = profile_of(2).update(page(n) for n in range(3))
    config = newsclean.CleanConfig(profile=profile, disabled=frozenset({"template"}))
    assert "template" not in [f.name for f in config.filters()]
    assert FOOTER in newsclean.clean(page(7), config).body


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    profile = profile_of(2).update(page(n) for n in range(3))
    path = tmp_path / "site.json"
    profile.save(path)
    loaded = SiteProfile.load(path)
    assert (loaded.documents, loaded.min_documents, loaded.novel_words) == (3, 2, BODY_NEW_WORDS)
    assert loaded.is_template(FOOTER)
    assert not loaded.is_template(f"{TOWNS[1]} council story has a headline")
    assert list(loaded.template) == list(profile.template)
    assert FOOTER not in json.dumps(json.loads(path.read_text()))  # keys, not text


def test_a_loaded_profile_keeps_learning(tmp_path: Path) -> None:
    """Its template lines stay; a line becomes template once min_documents novel documents after the
    load hold it (votes before the load are not saved)."""
    path = tmp_path / "site.json"
    profile_of(2).update(page(n) for n in range(2)).save(path)
    loaded = SiteProfile.load(path)
    line = "Subscribe to the Valley Post for the whole valley, every day."
    assert loaded.is_template(FOOTER) and not loaded.is_template(line)
    loaded.add(page(2) + line)
    assert not loaded.is_template(line)
    loaded.add(page(3) + line)
    assert loaded.is_template(line) and loaded.is_template(FOOTER)
    assert loaded.documents == 4


def test_a_profile_of_another_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        '{"format": "newsclean-site-profile", "version": 1, "documents": 3, "min_documents": 3, "lines": {}}'
    )
    with pytest.raises(ProfileError, match="version 1 profile; rebuild it with `newsclean learn`"):
        SiteProfile.load(path)


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
    bodies = [a.body for a in clean_stream((page(n) for n in range(5)), profile_of(3))]
    assert [FOOTER in body for body in bodies] == [True, True, False, False, False]


def test_template_filter_alone() -> None:
    profile = profile_of(2, novel_words=2).update(["Menu\nOne story.", "Menu\nAnother story."])
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
    assert (
        _learn(str(corpus), "-o", str(out), "--min-documents", "3", "--novel-words", str(BODY_NEW_WORDS)) == 0
    )
    profile = SiteProfile.load(out)
    assert (profile.documents, profile.min_documents, profile.novel_words) == (3, 3, BODY_NEW_WORDS)
    assert profile.is_template(FOOTER)
    assert _learn(str(corpus), "-o", str(out), "--min-documents", "3") == 0  # bodies of 27 new words: no vote
    assert not SiteProfile.load(out).is_template(FOOTER)


def test_learn_command_without_documents_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _learn(str(tmp_path), "-o", str(tmp_path / "p.json")) == 2
    assert "no documents found" in capsys.readouterr().err
    assert _learn(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "p.json")) == 2
