"""newsclean: clean scraped news pages into article text, and find copies across a corpus.

>>> import newsclean
>>> newsclean.clean("Comments\\n\\nThe body of the article, a full sentence.").body
'The body of the article, a full sentence.'
"""

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
