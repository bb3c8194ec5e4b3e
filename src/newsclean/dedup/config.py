"""The parameters of near-duplicate detection, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from newsclean.checks import check_number, check_whole_numbers
from newsclean.errors import ConfigError

#: The longest shingle, in words (each word of a shingle costs a random 64-bit multiplier).
MAX_SHINGLE_SIZE = 1_000

#: Parameters that decide what an index holds; an index refuses to be reopened with other values.
INDEX_PARAMETERS = (
    "shingle_size",
    "num_perm",
    "bands",
    "rows",
    "seed",
    "max_bucket",
    "threshold",
    "paragraph_threshold",
    "min_tokens",
    "min_paragraph_words",
    "template_documents",
    "template_host_pages",
)


@dataclass(frozen=True)
class DedupConfig:
    """How documents are compared. Override fields with :func:`dataclasses.replace`.

    Candidate generation: word ``shingle_size``-grams, MinHash signatures of
    ``num_perm`` values (a power of two), LSH with ``bands`` bands of ``rows``
    values (``bands * rows <= num_perm``); a band key shared by more than
    ``max_bucket`` earlier documents pairs a new one with the earliest
    ``max_bucket`` of them only. With the defaults, two texts whose shingle sets
    have Jaccard similarity 0.1 become candidates with probability 0.47, 0.2 with
    0.93, 0.3 with 0.998 (low on purpose: a trimmed copy with leftovers of
    another site's template has a low Jaccard similarity but a high containment).

    Verification: a candidate pair is a copy when both bodies have at least
    ``min_tokens`` words and the shorter is contained in the longer with score
    >= ``threshold``: paragraphs matched at rapidfuzz ratio >= ``paragraph_threshold``,
    paragraphs shorter than ``min_paragraph_words`` words left out (see
    :mod:`newsclean.dedup.verify`).

    Template evidence (:mod:`newsclean.dedup.evidence`): a line is a site's
    furniture, and does not count when two documents are compared, once
    ``template_documents`` documents that each brought ``min_tokens`` words the
    corpus had not seen hold it, or ``template_host_pages`` such pages of one host
    (when URLs are given). A body that is all furniture is too short to judge.

    Work per document: each new document is verified against at most
    ``max_candidates`` candidates, those sharing the most bands with it (then the
    earliest); a candidate already in its cluster costs nothing, another costs
    one score, plus one of the two clusters' canonical members before they join.
    So a corpus made of one page copied a million times, or of thousands of
    overlapping excerpts, costs at most ``2 * max_candidates`` scores per document
    and stays linear. Like ``batch_size`` it is not recorded in an index; lowering
    it can only miss copies among documents with more candidates than that.

    ``batch_size`` is how many documents are signed and indexed at once (memory
    versus speed; it changes no result).

    >>> from dataclasses import replace
    >>> replace(DedupConfig(), threshold=0.9).threshold
    0.9
    >>> DedupConfig(bands=64, rows=4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsclean.errors.ConfigError: bands * rows = 256 exceeds num_perm = 128: lower bands or rows, ...
    """

    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 64
    rows: int = 2
    seed: int = 1
    max_bucket: int = 64
    threshold: float = 0.7
    paragraph_threshold: float = 80.0
    min_tokens: int = 50
    min_paragraph_words: int = 12
    template_documents: int = 4
    template_host_pages: int = 2
    max_candidates: int = 32
    batch_size: int = 4096

    def __post_init__(self) -> None:
        # types and ranges first: the values may come from a hand-edited index file
        check_whole_numbers(self, ("num_perm", "bands", "rows"))
        check_whole_numbers(self, ("shingle_size",), maximum=MAX_SHINGLE_SIZE)
        check_whole_numbers(self, ("seed",), minimum=0, maximum=2**63 - 1)
        check_whole_numbers(
            self, ("min_tokens", "max_bucket", "batch_size", "min_paragraph_words", "max_candidates")
        )
        check_number("threshold", self.threshold, 0.0, 1.0)
        check_number("paragraph_threshold", self.paragraph_threshold, 0.0, 100.0)
        if self.num_perm < 2 or self.num_perm > 1024 or self.num_perm & (self.num_perm - 1):
            raise ConfigError(f"num_perm must be a power of two from 2 to 1024, got {self.num_perm}")
        if self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"bands * rows = {self.bands * self.rows} exceeds num_perm = {self.num_perm}: "
                "lower bands or rows, or raise num_perm"
            )
        templates = (self.template_documents, self.template_host_pages)
        if all(isinstance(v, int) and not isinstance(v, bool) for v in templates) and min(templates) < 2:
            raise ConfigError(
                "template_documents and template_host_pages must be at least 2 (a line in one document is "
                f"that document's own), got {self.template_documents} and {self.template_host_pages}"
            )
        check_whole_numbers(self, ("template_documents", "template_host_pages"), minimum=2)

    def index_parameters(self) -> dict[str, object]:
        """The parameters an index records (all but ``max_candidates`` and ``batch_size``)."""
        values = asdict(self)
        return {name: values[name] for name in INDEX_PARAMETERS}
