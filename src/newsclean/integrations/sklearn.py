"""scikit-learn: :class:`NewsCleaner`, a transformer that cleans texts inside a ``Pipeline``.

Needs ``pip install newsclean[sklearn]``.

>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.feature_extraction.text import CountVectorizer
>>> pipe = make_pipeline(NewsCleaner(), CountVectorizer())
>>> pipe.fit_transform(["Comments\\n\\nThe body of the article, a full sentence."]).shape
(1, 6)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from newsclean.checks import check_whole_numbers
from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.errors import ConfigError, DocumentError
from newsclean.failure import Failure
from newsclean.integrations import require
from newsclean.parallel import clean_many
from newsclean.profile import SiteProfile

require("sklearn", "sklearn")

from sklearn.base import BaseEstimator, TransformerMixin  # noqa: E402  (after the friendly check)

_OUTPUTS = ("body", "article", "dict")
_ON_ERROR = ("raise", "empty")


class NewsCleaner(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Clean scraped news pages: ``transform`` maps each text to its article body.

    Works on any iterable of strings (list, NumPy array) and on a pandas ``Series``,
    which comes back as a ``Series`` with the same index and name. Cleaning is
    stateless: ``transform`` works without ``fit``.

    Parameters
    ----------
    config:
        A :class:`~newsclean.CleanConfig` or :class:`~newsclean.PipelineConfig` (``None``: defaults).
    output:
        ``"body"`` (a string per text), ``"dict"`` (``Article.to_dict()``: body and metadata)
        or ``"article"`` (the :class:`~newsclean.Article` itself).
    on_error:
        ``"raise"``: a text that cannot be cleaned (empty, not a string) raises
        :class:`~newsclean.errors.DocumentError`; ``"empty"``: it becomes an empty body.
    n_jobs:
        Worker processes (``None``: 1, ``-1``: one per core), via :func:`newsclean.clean_many`.
    learn_profile:
        Learn a site-template profile in ``fit``: each training text is cleaned, and lines
        that recur in at least ``profile_min_documents`` of the training texts whose bodies
        bring new text (:meth:`~newsclean.profile.SiteProfile.learn`) are the site's template, and
        ``transform`` removes them (:class:`~newsclean.profile.SiteProfile`,
        :class:`~newsclean.profile.TemplateFilter`, reason ``template``). Fit on pages of
        one site (or of sites that share nothing you want to keep). The learned profile
        is ``profile_``.
    profile_min_documents:
        Training texts a line must occur in to count as template (at least 2).
    profile_novel_words:
        Words in lines not seen before that a training text's body must bring for its lines to
        count (:attr:`~newsclean.profile.SiteProfile.novel_words`).
    """

    def __init__(
        self,
        config: CleanConfig | PipelineConfig | None = None,
        output: str = "body",
        on_error: str = "raise",
        n_jobs: int | None = None,
        learn_profile: bool = False,
        profile_min_documents: int = 3,
        profile_novel_words: int = 50,
    ) -> None:
        self.config = config
        self.output = output
        self.on_error = on_error
        self.n_jobs = n_jobs
        self.learn_profile = learn_profile
        self.profile_min_documents = profile_min_documents
        self.profile_novel_words = profile_novel_words

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.requires_fit = bool(self.learn_profile)
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def fit(self, X: Any, y: Any = None) -> NewsCleaner:
        """Check the parameters; with ``learn_profile``, learn the site template from ``X``."""
        self._check_params()
        if self.learn_profile:
            # checked under this estimator's own parameter names, with SiteProfile's bounds
            check_whole_numbers(self, ("profile_min_documents",), minimum=2)
            check_whole_numbers(self, ("profile_novel_words",))
            profile = SiteProfile(
                min_documents=self.profile_min_documents, novel_words=self.profile_novel_words
            )
            texts = [t for t in _texts(X) if isinstance(t, str)]
            results = clean_many(texts, jobs=_jobs(self.n_jobs), config=self.config)
            for text, result in zip(texts, results, strict=True):
                if not isinstance(result, Failure):  # a text that cannot be cleaned teaches nothing
                    profile.add(text, result.body)
            self.profile_ = profile
        return self

    def transform(self, X: Any) -> Any:
        """Clean every text of ``X``; a pandas ``Series`` comes back as a ``Series``."""
        self._check_params()
        texts = _texts(X)
        jobs = _jobs(self.n_jobs)
        config = self._config()
        out = [self._convert(result) for result in clean_many(texts, jobs=jobs, config=config)]
        if _is_series(X):
            pandas = require("pandas", "sklearn")
            return pandas.Series(out, index=X.index, name=X.name, dtype=object)
        return out

    def _config(self) -> CleanConfig | PipelineConfig | None:
        if not self.learn_profile:
            return self.config
        profile = getattr(self, "profile_", None)
        if profile is None:
            require("sklearn.exceptions", "sklearn")
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(
                "NewsCleaner(learn_profile=True) learns the site template in fit: call fit first"
            )
        if not isinstance(self.config, PipelineConfig):
            return dataclasses.replace(self.config or CleanConfig(), profile=profile)
        return self.config.with_profile(profile)

    def _convert(self, result: Any) -> Any:
        if isinstance(result, Failure):
            if self.on_error == "raise":
                raise DocumentError(f"{result}; pass on_error='empty' to get an empty body instead")
            return {"body": ""} if self.output == "dict" else ""
        if self.output == "body":
            return result.body
        if self.output == "dict":
            return result.to_dict()
        return result

    def _check_params(self) -> None:
        if self.output not in _OUTPUTS:
            raise ConfigError(f"output: {self.output!r} is not allowed; allowed: {', '.join(_OUTPUTS)}")
        if self.on_error not in _ON_ERROR:
            raise ConfigError(f"on_error: {self.on_error!r} is not allowed; allowed: {', '.join(_ON_ERROR)}")
        if self.config is not None and not isinstance(self.config, (CleanConfig, PipelineConfig)):
            raise ConfigError(
                f"config: expected a CleanConfig or a PipelineConfig (newsclean.load_config), "
                f"got {type(self.config).__name__}"
            )
        _jobs(self.n_jobs)


def _jobs(n_jobs: int | None) -> int | None:
    if n_jobs is None:
        return 1
    if n_jobs == -1:
        return None  # one per core
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
        raise ConfigError(f"n_jobs: expected None, -1 or a whole number of at least 1, got {n_jobs!r}")
    return n_jobs


def _is_series(X: Any) -> bool:
    return type(X).__name__ == "Series" and hasattr(X, "index")


def _texts(X: Any) -> Iterable[Any]:
    if isinstance(X, str):
        raise TypeError("NewsCleaner takes a list of texts, got one string; wrap it: [text]")
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape) != 1:
        raise TypeError(
            f"NewsCleaner takes a 1-D list of texts, got shape {shape}; select the text column, "
            "e.g. ColumnTransformer([('clean', NewsCleaner(), 'text')])"
        )
    return list(X)
