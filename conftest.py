"""Doctest collection over ``src/newsclean``: skip integration modules whose dependency is missing."""

from __future__ import annotations

import importlib.util

collect_ignore = [
    path
    for module, path in (
        ("sklearn", "src/newsclean/integrations/sklearn.py"),
        ("datatrove", "src/newsclean/integrations/datatrove.py"),
    )
    if importlib.util.find_spec(module) is None
]
