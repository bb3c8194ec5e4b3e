"""Integrations with ML and data tools; each imports its heavy dependency only when used.

- :mod:`newsclean.integrations.sklearn`: :class:`~newsclean.integrations.sklearn.NewsCleaner`,
  a scikit-learn transformer (``pip install newsclean[sklearn]``).
- :mod:`newsclean.integrations.datasets`: batched functions for Hugging Face
  ``Dataset.map`` and ``Dataset.filter`` (``pip install newsclean[datasets]``).
- :mod:`newsclean.integrations.ray`: clean a Ray Data dataset on a cluster
  (``pip install newsclean[ray]``).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from newsclean.errors import MissingDependencyError


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`~newsclean.errors.MissingDependencyError` naming the extra.

    >>> require("json", "none").__name__
    'json'
    >>> require("no_such_module_here", "sklearn")
    Traceback (most recent call last):
    ...
    newsclean.errors.MissingDependencyError: no_such_module_here is not installed: install newsclean[sklearn] (pip install "newsclean[sklearn]")
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        if error.name is not None and module.split(".")[0] != error.name.split(".")[0]:
            raise  # the dependency is there but broken: show the real error
        raise MissingDependencyError(
            f'{module} is not installed: install newsclean[{extra}] (pip install "newsclean[{extra}]")'
        ) from None
