"""Where the deduplicator keeps document bodies it may need to verify again: a temporary file.

Holding a million 3 KB bodies in Python strings would take gigabytes of memory;
appending them to an unnamed temporary file and reading back only the few that
candidate pairs need keeps the memory flat (the operating system caches the file).
"""

from __future__ import annotations

import os
import tempfile
from array import array
from types import TracebackType

_PREAD = hasattr(os, "pread")  # not on Windows


class TextSpill:
    """Append-only store of texts by sequence number, backed by a temporary file.

    >>> with TextSpill() as texts:
    ...     texts.append("first"); texts.append("sécond")
    ...     texts.get(1), len(texts)
    ('sécond', 2)
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="newsclean-dedup-")  # noqa: SIM115 (closed by close())
        self._offsets = array("q", [0])
        self._written = True  # everything appended is in the file (not in its write buffer)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def append(self, text: str) -> None:
        """Store the text of the next sequence number."""
        data = text.encode("utf-8")
        self._file.write(data)  # the file is only ever appended to: its position is its end
        self._offsets.append(self._offsets[-1] + len(data))
        self._written = False

    def get(self, seq: int) -> str:
        """The text stored under ``seq``."""
        if not 0 <= seq < len(self):
            raise KeyError(f"no text stored under sequence number {seq}")
        if not self._written:
            self._file.flush()
            self._written = True
        start, end = self._offsets[seq], self._offsets[seq + 1]
        if _PREAD:  # one system call, and the write position stays at the end
            return os.pread(self._file.fileno(), end - start, start).decode("utf-8")
        position = self._file.tell()
        self._file.seek(start)
        data = self._file.read(end - start)
        self._file.seek(position)
        return data.decode("utf-8")

    def close(self) -> None:
        """Delete the temporary file."""
        self._file.close()

    def __enter__(self) -> TextSpill:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
