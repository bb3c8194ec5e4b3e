"""What a report shows and how much of it: one frozen dataclass, changed with ``dataclasses.replace``."""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.errors import ConfigError


@dataclass(frozen=True)
class ReportConfig:
    """Options of :func:`newsclean.report.collect` and of ``newsclean report``.

    Every bound here keeps the report (and the memory used to build it) the same size
    whatever the size of the input.

    >>> ReportConfig().sample
    200
    """

    sample: int = 200
    """Records drawn at random across removal reasons (and cluster membership) to show whole."""

    clusters: int = 20
    """Largest clusters shown with their canonical member and copies."""

    copies_per_cluster: int = 5
    """Copies shown per cluster (the first ones in input order), beside the canonical member."""

    max_failed: int = 1000
    """Failed records shown (the first ones); every failure is counted in the overview all the same."""

    seed: int = 0
    """Seed of the random sample: the same input and seed give the same report."""

    text_field: str = "text"
    """JSONL field holding the body (``newsclean clean``) or the text (``newsclean dedup``)."""

    id_field: str = "id"
    """JSONL field holding the record id."""

    max_line_chars: int = 5_000
    """Characters shown of one line; the rest is cut and its length said."""

    max_record_chars: int = 100_000
    """Characters shown of one record, all its lines together; later lines are left out and counted."""

    def __post_init__(self) -> None:
        for name in ("sample", "clusters", "copies_per_cluster", "max_failed", "max_line_chars"):
            if getattr(self, name) < 0:
                raise ConfigError(f"ReportConfig.{name} must be 0 or more, got {getattr(self, name)}")
        if self.max_record_chars < self.max_line_chars:
            raise ConfigError(
                f"ReportConfig.max_record_chars ({self.max_record_chars}) must be at least "
                f"max_line_chars ({self.max_line_chars})"
            )
