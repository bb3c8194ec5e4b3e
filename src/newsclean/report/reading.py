"""Read ``--explain`` JSONL once, streaming, into what a report shows.

Every record is counted in the overview; a bounded number are kept whole: a random
sample across removal reasons, the first failed records, and the members of the
largest clusters. Memory does not grow with the number of records read (the cluster
sizes are counted on disk, see :mod:`newsclean.report.clusters`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from newsclean.io.records import MAX_RECORD_BYTES, Record, read_jsonl
from newsclean.report.clusters import ClusterStore, pair_paragraphs
from newsclean.report.config import ReportConfig
from newsclean.report.sampling import StratifiedSample
from newsclean.report.stats import Overview
from newsclean.report.views import error_kind, make_view, read_removals, shown

#: The stratum of explained records from which nothing was removed.
NOTHING_REMOVED = "(nothing removed)"
IN_A_CLUSTER = "(in a cluster)"
NOT_IN_A_CLUSTER = "(not in a cluster)"
ALL_RECORDS = "(all records)"


@dataclass
class ReportData:
    """What the page shows: the overview, the records kept whole and the largest clusters."""

    overview: dict[str, Any]
    records: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    inputs: list[str]
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, embedded in the page."""
        return {
            "overview": self.overview,
            "records": self.records,
            "clusters": self.clusters,
            "inputs": self.inputs,
            "settings": self.settings,
        }


def collect(
    inputs: Iterable[tuple[str, IO[bytes]]],
    config: ReportConfig | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    on_record: Callable[[], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> ReportData:
    """Read JSONL byte streams ``(name, stream)`` written by ``newsclean clean --explain`` and/or
    ``newsclean dedup [--explain]``, and gather the report.

    ``on_record`` is called once per record read (a progress bar); ``on_problem`` with a
    one-line message for each line that could not be read as a JSON object (the line is
    then shown as a failed record). A line longer than ``max_record_bytes`` is read in
    chunks, never held whole.

    >>> import io
    >>> data = collect([("x.jsonl", io.BytesIO(b'{"id": 1, "text": "Body.", "removals": []}\\n{"id": 2, "error": "line 2: invalid JSON"}\\n'))])
    >>> data.overview["records"], data.overview["failed_by_kind"], [r["id"] for r in data.records]
    (2, [['invalid JSON', 1]], ['1', '2'])
    """
    config = config or ReportConfig()
    reader = _Reader(config, on_problem)
    try:
        names = []
        for name, stream in inputs:
            names.append(name)
            for record in read_jsonl(stream, name, max_record_bytes):
                reader.take(record)
                if on_record is not None:
                    on_record()
        return reader.finish(names)
    finally:
        reader.store.close()


class _Reader:
    def __init__(self, config: ReportConfig, on_problem: Callable[[str], None] | None) -> None:
        self.config = config
        self.on_problem = on_problem
        self.overview = Overview()
        self.sample: StratifiedSample[dict[str, Any]] = StratifiedSample(
            config.sample, random.Random(config.seed)
        )
        self.failed: list[dict[str, Any]] = []
        self.store = ClusterStore(config.copies_per_cluster)
        self.seq = 0
        self.deduped = self.clustered = self.copies = 0

    def take(self, record: Record) -> None:
        self.seq += 1
        self.overview.records += 1
        if record.error is not None:  # the line itself is not a JSON object
            if self.on_problem is not None:
                self.on_problem(f"{record.source}: {record.error}")
            self._fail(record, {"raw": record.raw}, record.error, unreadable=True)
            return
        data = record.data
        if data.get("error") is not None:
            self._fail(record, data, shown(data["error"]), unreadable=False)
            return
        text = data.get(self.config.text_field)
        strata: list[str] = []
        if "removals" in data:
            removals, _ = read_removals(data["removals"])
            self.overview.add_explained(text if isinstance(text, str) else "", removals)
            strata.extend(sorted({r.reason for r in removals}) or [NOTHING_REMOVED])
        elif isinstance(text, str):
            self.overview.add_text(text)
        if "cluster_id" in data:
            self.deduped += 1
            strata.append(IN_A_CLUSTER if data["cluster_id"] is not None else NOT_IN_A_CLUSTER)
            if data["cluster_id"] is not None:
                self._cluster_member(record, data)
        seq = self.seq
        self.sample.offer(
            seq,
            strata or [ALL_RECORDS],
            lambda: make_view(seq, record.source, record.number, data, None, self.config),
        )

    def _cluster_member(self, record: Record, data: dict[str, Any]) -> None:
        cluster = json.dumps(data["cluster_id"], sort_keys=True)  # ASCII: a key SQLite can hold
        canonical = data.get("duplicate_of") is None
        self.clustered += 1
        self.copies += not canonical
        if self.store.add(cluster, self.seq, canonical):
            # the record as read: its view is built only if its cluster is among the largest
            member = {"seq": self.seq, "source": record.source, "number": record.number, "data": data}
            self.store.keep(cluster, self.seq, canonical, member)

    def _member_view(self, member: dict[str, Any]) -> dict[str, Any]:
        return make_view(member["seq"], member["source"], member["number"], member["data"], None, self.config)

    def _fail(self, record: Record, data: dict[str, Any], error: str, unreadable: bool) -> None:
        self.overview.add_failure(error_kind(error, record.source), unreadable)
        if len(self.failed) < self.config.max_failed:
            self.failed.append(make_view(self.seq, record.source, record.number, data, error, self.config))

    def finish(self, names: list[str]) -> ReportData:
        views: dict[int, dict[str, Any]] = {v["n"]: v for v in self.failed}
        views.update((v["n"], v) for v in self.sample.chosen())
        clusters = []
        for cluster in self.store.largest(self.config.clusters):
            canonical = cluster["canonical"]
            canonical_view = self._member_view(canonical) if canonical else None
            if canonical_view is not None:
                views[canonical_view["n"]] = canonical_view
            copies = []
            copy_views = [self._member_view(copy) for copy in cluster["copies"]]
            for copy, copy_view in zip(cluster["copies"], copy_views, strict=True):
                views[copy_view["n"]] = copy_view
                explain = copy["data"].get("explain")
                paired = pair_paragraphs(copy_view, canonical_view, explain, self.config.max_line_chars)
                similarity = (copy_view.get("cluster") or {}).get("similarity")
                copies.append({"n": copy_view["n"], "similarity": similarity, **paired})
            canonical_id = canonical_view["id"] if canonical_view else _duplicate_of(copy_views)
            clusters.append(
                {
                    "id": shown(json.loads(cluster["id"])),
                    "size": cluster["size"],
                    "canonical": canonical_view["n"] if canonical_view else None,
                    "canonical_id": canonical_id,
                    "copies": copies,
                }
            )
        overview = self.overview.to_dict()
        overview.update(
            deduped=self.deduped,
            clustered=self.clustered,
            copies=self.copies,
            cluster_sizes=self.store.sizes(),
            shown_failed=len(self.failed),
        )
        settings = {
            "sample": self.config.sample,
            "clusters": self.config.clusters,
            "copies_per_cluster": self.config.copies_per_cluster,
            "max_failed": self.config.max_failed,
            "seed": self.config.seed,
        }
        records = [views[n] for n in sorted(views)]
        return ReportData(overview, records, clusters, names, settings)


def _duplicate_of(copies: list[dict[str, Any]]) -> str | None:
    """The canonical id the copies name, when the canonical member itself is not in the input."""
    for view in copies:
        cluster = view.get("cluster") or {}
        if cluster.get("duplicate_of") is not None:
            return str(cluster["duplicate_of"])
    return None


def dumps(data: ReportData) -> str:
    """The report data as one JSON text (non-ASCII kept; lone surrogates escaped so it encodes as UTF-8)."""
    text = json.dumps(data.to_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data.to_dict(), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text
