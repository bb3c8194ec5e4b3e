"""newsclean: clean scraped news pages into article text, and find copies across a corpus.

>>> import newsclean
>>> newsclean.clean("Comments\\n\\nThe body of the article, a full sentence.").body
'The body of the article, a full sentence.'
"""

from typing import TYPE_CHECKING

from newsclean.exports import lazy_exports

if TYPE_CHECKING:
    from newsclean.api import clean, clean_stream
    from newsclean.article import Article, Metadata, Removal
    from newsclean.config import FILTER_NAMES, CleanConfig
    from newsclean.config_file import PipelineConfig, load_config
    from newsclean.document import Document, Line
    from newsclean.errors import (
        BinaryInputError,
        ConfigError,
        DecodingError,
        DocumentError,
        EmptyDocumentError,
        ExtractionError,
        MissingDependencyError,
        NewscleanError,
        PageLimitError,
        PatternTimeoutError,
        RecordError,
    )
    from newsclean.extraction.html import clean_html
    from newsclean.extraction.html_config import HTML_FILTER_NAMES, HtmlConfig
    from newsclean.failure import Failure
    from newsclean.io.warc import WarcArchive, WarcPage, read_warc
    from newsclean.parallel import clean_many
    from newsclean.pipeline import Pipeline, apply_removals
    from newsclean.reasons import Reason

__version__ = "0.1.0"

#: Where each public name lives, imported on first use (see :mod:`newsclean.exports`): ``import
#: newsclean`` (and the command line, which needs its own command's modules only) loads no HTML
#: extraction, WARC reading, process pool or body locator until something asks for them.
_EXPORTS = {
    "clean": "newsclean.api",
    "clean_stream": "newsclean.api",
    "Article": "newsclean.article",
    "Metadata": "newsclean.article",
    "Removal": "newsclean.article",
    "FILTER_NAMES": "newsclean.config",
    "CleanConfig": "newsclean.config",
    "PipelineConfig": "newsclean.config_file",
    "load_config": "newsclean.config_file",
    "Document": "newsclean.document",
    "Line": "newsclean.document",
    "BinaryInputError": "newsclean.errors",
    "ConfigError": "newsclean.errors",
    "DecodingError": "newsclean.errors",
    "DocumentError": "newsclean.errors",
    "EmptyDocumentError": "newsclean.errors",
    "ExtractionError": "newsclean.errors",
    "MissingDependencyError": "newsclean.errors",
    "NewscleanError": "newsclean.errors",
    "PageLimitError": "newsclean.errors",
    "PatternTimeoutError": "newsclean.errors",
    "RecordError": "newsclean.errors",
    "clean_html": "newsclean.extraction.html",
    "HTML_FILTER_NAMES": "newsclean.extraction.html_config",
    "HtmlConfig": "newsclean.extraction.html_config",
    "Failure": "newsclean.failure",
    "WarcArchive": "newsclean.io.warc",
    "WarcPage": "newsclean.io.warc",
    "read_warc": "newsclean.io.warc",
    "clean_many": "newsclean.parallel",
    "Pipeline": "newsclean.pipeline",
    "apply_removals": "newsclean.pipeline",
    "Reason": "newsclean.reasons",
}


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

__all__ = [
    "FILTER_NAMES",
    "HTML_FILTER_NAMES",
    "Article",
    "BinaryInputError",
    "CleanConfig",
    "ConfigError",
    "DecodingError",
    "Document",
    "DocumentError",
    "EmptyDocumentError",
    "ExtractionError",
    "Failure",
    "HtmlConfig",
    "Line",
    "Metadata",
    "MissingDependencyError",
    "NewscleanError",
    "PageLimitError",
    "PatternTimeoutError",
    "Pipeline",
    "PipelineConfig",
    "Reason",
    "RecordError",
    "Removal",
    "WarcArchive",
    "WarcPage",
    "__version__",
    "apply_removals",
    "clean",
    "clean_html",
    "clean_many",
    "clean_stream",
    "load_config",
    "read_warc",
]
