"""The scikit-learn transformer: inside Pipelines, on lists and pandas Series, errors per setting."""

from __future__ import annotations

from pathlib import Path

import pytest

sklearn = pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")

from sklearn.base import clone  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: E402

from newsclean import Article, ConfigError, DocumentError, PipelineConfig, clean  # noqa: E402
from newsclean.integrations.sklearn import NewsCleaner  # noqa: E402


@pytest.fixture(scope="module")
def pages(samples: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]


def test_transform_gives_the_bodies_without_fit(pages: list[str]) -> None:
    assert NewsCleaner().transform(pages) == [clean(p).body for p in pages]


def test_in_a_pipeline_the_vectorizer_sees_only_the_bodies(pages: list[str]) -> None:
    pipe = make_pipeline(NewsCleaner(), TfidfVectorizer())
    matrix = pipe.fit_transform(pages)
    assert matrix.shape[0] == len(pages)
    vocabulary = pipe.named_steps["tfidfvectorizer"].vocabulary_
    alone = TfidfVectorizer().fit([clean(p).body for p in pages]).vocabulary_
    assert vocabulary == alone


def test_series_in_series_out_with_the_index(pages: list[str]) -> None:
    series = pd.Series(pages, index=[f"doc{i}" for i in range(len(pages))], name="text")
    out = NewsCleaner().fit(series).transform(series)
    assert isinstance(out, pd.Series)
    assert list(out.index) == list(series.index) and out.name == "text"
    assert list(out) == [clean(p).body for p in pages]


def test_column_transformer_on_a_dataframe(pages: list[str]) -> None:
    frame = pd.DataFrame({"text": pages, "n": range(len(pages))})
    pipe = Pipeline(
        [("columns", ColumnTransformer([("clean", make_pipeline(NewsCleaner(), TfidfVectorizer()), "text")]))]
    )
    assert pipe.fit_transform(frame).shape[0] == len(pages)


def test_outputs_and_config(pages: list[str]) -> None:
    articles = NewsCleaner(output="article").transform(pages[:2])
    assert all(isinstance(a, Article) for a in articles)
    dicts = NewsCleaner(output="dict").transform(pages[:2])
    assert dicts == [clean(p).to_dict() for p in pages[:2]]
    config = PipelineConfig.from_mapping({"pattern_filters": [{"name": "x", "regex": r".*\bthe\b.*"}]})
    assert NewsCleaner(config=config).transform(pages) == [clean(p, config).body for p in pages]


def test_parallel_equals_serial(pages: list[str]) -> None:
    texts = pages * 25
    assert NewsCleaner(n_jobs=2).transform(texts) == NewsCleaner().transform(texts)


def test_errors_raise_or_become_empty(pages: list[str]) -> None:
    texts = [pages[0], "   ", pages[1]]
    with pytest.raises(DocumentError, match=r"record 1: EmptyDocumentError: .*on_error='empty'"):
        NewsCleaner().transform(texts)
    assert NewsCleaner(on_error="empty").transform(texts)[1] == ""


def test_clone_and_params_work_like_any_estimator() -> None:
    cleaner = NewsCleaner(output="dict", n_jobs=2)
    copy = clone(cleaner)
    assert copy.get_params() == cleaner.get_params()
    pipe = make_pipeline(NewsCleaner(), TfidfVectorizer()).set_params(newscleaner__on_error="empty")
    assert pipe.named_steps["newscleaner"].on_error == "empty"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"output": "text"}, "output: 'text' is not allowed; allowed: body, article, dict"),
        ({"on_error": "skip"}, "on_error: 'skip' is not allowed; allowed: raise, empty"),
        ({"n_jobs": 0}, "n_jobs: expected None, -1 or a whole number of at least 1, got 0"),
        ({"config": "file.toml"}, "config: expected a CleanConfig or a PipelineConfig"),
    ],
)
def test_bad_parameters_are_config_errors(params: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        NewsCleaner(**params).transform(["A paragraph of text, long enough."])  # type: ignore[arg-type]


FOOTER = "The Valley Post is an independent newspaper for the whole valley."


TOWNS = ("Ashford", "Brampton", "Carlow", "Dunmore")


def site_pages(n: int) -> list[str]:
    """Pages of one site: a story of 12 words of its own (town first and last), then the site's footer."""
    return [
        f"{town} story is told in one sentence of words here, about {town}.\n\n{FOOTER}\n"
        for town in TOWNS[:n]
    ]


def test_learn_profile_removes_the_site_template_in_transform() -> None:
    pages = site_pages(4)
    assert all(FOOTER in body for body in NewsCleaner().fit_transform(pages))
    assert NewsCleaner(learn_profile=True, profile_min_documents=3).fit(pages).profile_.template_lines == 0
    cleaner = NewsCleaner(learn_profile=True, profile_min_documents=3, profile_novel_words=12).fit(pages)
    assert cleaner.profile_.documents == 4
    assert all(FOOTER not in body for body in cleaner.transform(pages))
    articles = cleaner.set_params(output="article").transform(site_pages(1))
    assert any(r.filter == "template" for r in articles[0].removals)


def test_learn_profile_with_a_pipeline_config() -> None:
    config = PipelineConfig.from_mapping({"pattern_filters": [{"name": "x", "regex": "Ashford story.*"}]})
    cleaner = NewsCleaner(config=config, learn_profile=True, output="article", profile_novel_words=12)
    cleaner = cleaner.fit(site_pages(4))
    names = [r.filter for r in cleaner.transform(site_pages(2))[1].removals]
    assert "template" in names
    assert NewsCleaner(config=config).transform(site_pages(1)) == [FOOTER]  # the pattern filter's work
    assert cleaner.set_params(output="body").transform(site_pages(1)) == [""]  # and the template's


def test_learn_profile_needs_fit_and_a_sane_threshold() -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="call fit first"):
        NewsCleaner(learn_profile=True).transform(site_pages(2))
    with pytest.raises(
        ConfigError, match=r"^profile_min_documents must be a whole number of at least 2 .*got 1$"
    ):
        NewsCleaner(learn_profile=True, profile_min_documents=1).fit(site_pages(2))
    with pytest.raises(
        ConfigError, match=r"^profile_novel_words must be a whole number of at least 1 .*got -1$"
    ):
        NewsCleaner(learn_profile=True, profile_novel_words=-1).fit(site_pages(2))
    with pytest.raises(
        ConfigError, match=r"^profile_novel_words must be a whole number of at least 1 .*got 0$"
    ):
        NewsCleaner(learn_profile=True, profile_novel_words=0).fit(site_pages(2))
    # the boundaries themselves are accepted
    fitted = NewsCleaner(learn_profile=True, profile_min_documents=2, profile_novel_words=1).fit(
        site_pages(2)
    )
    assert (fitted.profile_.min_documents, fitted.profile_.novel_words) == (2, 1)


def test_wrong_shapes_say_what_to_pass() -> None:
    with pytest.raises(TypeError, match="wrap it"):
        NewsCleaner().transform("one page")
    with pytest.raises(TypeError, match="select the text column"):
        NewsCleaner().transform(pd.DataFrame({"a": ["x"], "b": ["y"]}))
