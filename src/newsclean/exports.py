"""Public names a package re-exports from its modules, imported on first use (PEP 562).

A package's ``__init__`` that imported every module it re-exports would make each
``import`` of one of its modules (the command line importing a single command) pay for all
of them: HTML extraction, the process pool, the body locator's model. Instead it names
where each export lives and binds :func:`lazy_exports`' two functions as its module
``__getattr__`` and ``__dir__``; a name is imported on first access and bound in the
package, as an import statement would have bound it. An export must not share its name with a
module of the package: importing that module binds the module under the name.

>>> import types
>>> package = types.ModuleType("demo")
>>> package.__getattr__, package.__dir__ = lazy_exports(vars(package), {"sqrt": "math"})
>>> package.sqrt(9.0), "sqrt" in vars(package)
(3.0, True)
>>> package.cbrt
Traceback (most recent call last):
...
AttributeError: module 'demo' has no attribute 'cbrt'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for ``exports`` (public name -> module that
    defines it); ``namespace`` is the package's ``globals()``."""

    def getattr_(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # looked up once, as ``from module import name`` would bind it
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return getattr_, dir_
