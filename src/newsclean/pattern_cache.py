"""Compiled pattern families kept on disk between runs, as Python keeps bytecode in ``__pycache__``.

The ``regex`` module's parser is written in Python: the standard pattern families take about
0.15 s of CPU to compile, as much as the rest of a one-page run. A compiled pattern pickles
as its source, its flags and the code the parser made, and unpickling hands that code
straight to the module's C compiler, some 30 times faster. So the first process to compile a
family writes it to the cache directory, and the processes after it load it.

The directory is ``$NEWSCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsclean``, else
``~/.cache/newsclean``; ``NEWSCLEAN_CACHE_DIR=`` (empty) turns the cache off. Each pattern is
one file named by a hash of the ``regex`` version, the Python version, the flags and the
source, so that an upgrade or an edited pattern never meets an old file. A file that is
missing, unreadable, damaged, or holds anything but that pattern is a miss: the pattern is
compiled and the file written again (to a temporary file, then renamed, so that a reader
never sees half a file). The loader builds nothing but ``regex`` patterns: its unpickler
resolves the ``regex`` compiler and no other name. A directory that cannot be written
(a read-only home) only costs the compile.

>>> pattern = cached_compile(r"(?i:share)\\h++this", regex.V0)
>>> pattern.fullmatch("SHARE this") is not None
True
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path

import regex

#: The environment variable naming the cache directory (empty: no cache).
CACHE_DIR_VARIABLE = "NEWSCLEAN_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where compiled patterns are kept, or ``None`` when the cache is turned off.

    >>> import os
    >>> os.environ[CACHE_DIR_VARIABLE] = ""
    >>> cache_dir() is None
    True
    >>> del os.environ[CACHE_DIR_VARIABLE]
    """
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclean"


def cache_file(folder: Path, source: str, flags: int) -> Path:
    """The file that holds ``source`` compiled with ``flags`` by this ``regex`` and this Python."""
    key = "\0".join((regex.__version__, sys.version.split()[0], str(flags), source))
    return folder / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.regex"


def cached_compile(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, loaded from the cache when an earlier run compiled it."""
    folder = cache_dir()
    if folder is None:
        return regex.compile(source, flags)
    path = cache_file(folder, source, flags)
    pattern = load_pattern(path, source)
    if pattern is None:
        pattern = regex.compile(source, flags)
        _store(path, pattern)
    return pattern


class _PatternUnpickler(pickle.Unpickler):
    """Resolves the ``regex`` compiler and nothing else: a file cannot name any other callable."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a cached pattern names {module}.{name}")


def load_pattern(path: Path, source: str) -> regex.Pattern[str] | None:
    """The pattern ``path`` holds if it is ``source`` compiled; ``None`` (a miss) for a missing,
    unreadable or damaged file, or one that holds anything else."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        pattern = _PatternUnpickler(io.BytesIO(data)).load()
    # whatever a damaged file makes the unpickler or the compiler raise, it is a miss
    except Exception:
        return None
    if isinstance(pattern, regex.Pattern) and pattern.pattern == source:
        return pattern
    return None


def _store(path: Path, pattern: regex.Pattern[str]) -> None:
    store_bytes(path, pickle.dumps(pattern, protocol=pickle.HIGHEST_PROTOCOL))


def store_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in the cache (a temporary file renamed into place, so that a
    reader never sees half a file); a folder that cannot be written only costs the next run
    the work again."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            handle.write(data)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the next run does the work again
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
