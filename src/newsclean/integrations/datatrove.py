"""datatrove: newsclean's WARC reader, cleaner and near-duplicate marker as pipeline steps.

Needs ``pip install newsclean[datatrove]``; importing this module imports datatrove.

- :class:`WarcPages` reads WARC archives (a datatrove reader: files are shared out between the
  tasks) as :func:`newsclean.read_warc` does: one document per HTML response, the HTML in
  ``text``, the ``WARC-Record-ID`` as ``id``, and ``url``, ``warc_date`` and ``http_status`` in
  ``metadata``. A damaged record is counted (``damaged_record``) and logged; other records are
  counted by kind (``skipped_request``, ``skipped_image/png``, ...).
- :class:`NewscleanExtractor` cleans each document as ``newsclean clean --html`` does (or as text,
  with ``html=False``): the body replaces ``text``, the metadata goes into ``metadata`` (a key
  already there wins). A document that fails or comes out empty is dropped, counted as
  ``dropped`` and ``dropped_<reason>`` (``no_article_text``, ``page_limit``, ``empty_document``,
  ...), and written with its ``filter_reason`` and ``clean_error`` to ``exclusion_writer``, if given.
- :class:`NearDuplicates` marks copies with a :class:`~newsclean.dedup.Deduplicator`:
  ``cluster_id``, ``duplicate_of`` and ``similarity`` in ``metadata``, as ``newsclean dedup
  --no-clean --url-field url`` gives for the same bodies (it compares ``text`` as it is, the
  document's ``url`` names its site, and its ``published`` date counts in choosing the canonical
  member). It reads all of its task's documents before it yields the first (they wait in a
  temporary file, not in memory): clusters are found within a task, or across tasks through a
  shared ``index_path`` (each task then waits for the index in turn).
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
from collections.abc import Iterator
from typing import Any

from newsclean.api import clean
from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.dedup import DedupConfig, Deduplicator
from newsclean.errors import NewscleanError
from newsclean.extraction.html import clean_html_page
from newsclean.extraction.html_config import HtmlConfig
from newsclean.failure import Failure
from newsclean.integrations import require
from newsclean.io.warc import WarcArchive

require("datatrove", "datatrove")
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.pipeline.readers.base import BaseDiskReader  # noqa: E402
from datatrove.utils.logging import logger  # noqa: E402
from datatrove.utils.typeshelper import StatHints  # noqa: E402

__all__ = ["NearDuplicates", "NewscleanExtractor", "WarcPages", "drop_reason"]

#: The reason a document is dropped with, by the class of the error that dropped it.
_REASONS = {
    "EmptyDocumentError": "empty_document",
    "PageLimitError": "page_limit",
    "ExtractionError": "no_article_text",
    "DecodingError": "undecodable",
    "BinaryInputError": "binary",
    "PatternTimeoutError": "pattern_timeout",
}


def drop_reason(error: BaseException) -> str:
    """The snake_case reason a document is dropped with, for ``error``.

    >>> from newsclean.errors import PageLimitError
    >>> drop_reason(PageLimitError("too big")), drop_reason(KeyError("x"))
    ('page_limit', 'clean_error')
    """
    return _REASONS.get(type(error).__name__, "clean_error")


class WarcPages(BaseDiskReader):  # type: ignore[misc]
    """A datatrove reader of WARC archives: one document per HTML response (see the module)."""

    name = "📰 newsclean WARC"

    def __init__(self, data_folder: Any, glob_pattern: str | None = "*.warc*", **options: Any) -> None:
        super().__init__(data_folder, glob_pattern=glob_pattern, **options)

    def read_file(self, filepath: str) -> Iterator[Any]:
        with self.data_folder.open(filepath, "rb") as stream:
            archive = WarcArchive(filepath, stream)
            for number, item in enumerate(archive):
                with self.track_time():
                    if isinstance(item, Failure):
                        self.stat_update("damaged_record")
                        logger.warning(item.message)
                        continue
                    data = {"text": item.html, "id": item.id, **item.fields()}
                    document = self.get_document_from_dict(data, filepath, number)
                if document is not None:
                    yield document
            for kind, count in archive.skipped.items():
                self.stat_update(f"skipped_{kind}", value=count)


class NewscleanExtractor(PipelineStep):  # type: ignore[misc]
    """Clean each document's ``text`` (HTML, or plain text with ``html=False``) into its article body."""

    name = "📰 newsclean"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        html: bool = True,
        config: HtmlConfig | CleanConfig | PipelineConfig | None = None,
        url_key: str = "url",
        exclusion_writer: Any = None,
    ) -> None:
        super().__init__()
        if html and config is not None and not isinstance(config, HtmlConfig):
            raise TypeError("with html=True, config must be an HtmlConfig (or None)")
        if not html and isinstance(config, HtmlConfig):
            raise TypeError("with html=False, config must be a CleanConfig or a PipelineConfig (or None)")
        self.html = html
        self.config = config
        self.url_key = url_key
        self.exclusion_writer = exclusion_writer

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        with (
            self.exclusion_writer if self.exclusion_writer is not None else contextlib.nullcontext() as writer
        ):
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    reason, message = self._clean(doc)
                if reason is None:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                self.stat_update(StatHints.dropped, f"dropped_{reason}")
                if writer is not None:
                    doc.metadata["filter_reason"] = reason
                    doc.metadata["clean_error"] = message
                    writer.write(doc, rank)

    def _clean(self, doc: Any) -> tuple[str | None, str]:
        """Clean ``doc`` in place; ``(None, "")``, or why it is dropped and what the error said."""
        try:
            if self.html:
                url = doc.metadata.get(self.url_key)
                config = self.config if isinstance(self.config, HtmlConfig) else None
                article = clean_html_page(doc.text, url if isinstance(url, str) else None, config).article
            else:
                assert not isinstance(self.config, HtmlConfig)
                article = clean(doc.text, self.config)
        except Exception as error:  # one document, whatever is wrong with it, never ends the task
            return drop_reason(error), str(error) if isinstance(error, NewscleanError) else repr(error)
        if not article.body:
            return "empty_body", "everything in the document was boilerplate"
        doc.text = article.body
        article.add_fields(doc.metadata)
        return None, ""


class NearDuplicates(PipelineStep):  # type: ignore[misc]
    """Mark the copies among a task's documents: ``cluster_id``, ``duplicate_of`` and ``similarity``
    in ``metadata`` (see the module); ``drop_duplicates`` drops all but each cluster's canonical
    member (counted as ``dropped_duplicate``)."""

    name = "📰 newsclean near-duplicates"
    type = "🫂 - DEDUP"

    def __init__(
        self,
        config: DedupConfig | None = None,
        index_path: str | None = None,
        url_key: str = "url",
        published_key: str = "published",
        drop_duplicates: bool = False,
    ) -> None:
        super().__init__()
        self.config = config or DedupConfig()
        self.index_path = index_path
        self.url_key = url_key
        self.published_key = published_key
        self.drop_duplicates = drop_duplicates

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        with tempfile.TemporaryFile() as spill, Deduplicator(self.config, self.index_path) as dedup:
            count = 0
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    url = doc.metadata.get(self.url_key)
                    published = doc.metadata.get(self.published_key)
                    dedup.add(
                        doc.id,
                        doc.text,
                        str(published) if published is not None else None,
                        None,
                        url if isinstance(url, str) else None,
                    )
                pickle.dump(doc, spill, protocol=pickle.HIGHEST_PROTOCOL)
                count += 1
            with self.track_time():
                dedup.done_adding()
            spill.seek(0)
            for _ in range(count):
                doc = pickle.load(spill)
                assignment = dedup.assignment(doc.id)
                doc.metadata.update(assignment.to_dict())
                if self.drop_duplicates and assignment.duplicate_of is not None:
                    self.stat_update(StatHints.dropped, "dropped_duplicate")
                    continue
                if assignment.cluster_id is not None:
                    self.stat_update("in_cluster")
                self.stat_update(StatHints.forwarded)
                yield doc
