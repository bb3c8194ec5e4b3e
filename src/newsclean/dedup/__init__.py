"""Near-duplicate detection: which articles of a corpus are copies of each other.

The pieces are separate and usable alone: :class:`Shingler` (word shingles),
:class:`MinHasher` (signatures), :class:`LSHIndex` (candidate pairs; :class:`DiskLSHIndex`
keeps its runs in files),
:class:`Verifier` (rapidfuzz paragraph alignment, explanations),
:class:`UnionFind` and :func:`choose_canonical` (clusters), :class:`SQLiteStore`
(the persistent index). :class:`Deduplicator` wires them together.

>>> from newsclean.dedup import Deduplicator, DedupConfig
>>> dedup = Deduplicator(DedupConfig(min_tokens=5))
>>> dedup.add("x", "One short story about the harbour.\\nIt rained all day there.\\nBoats stayed in.")
>>> dedup.add("y", "One short story about the harbour!\\nIt rained all day there.")
>>> dedup.assignment("y").duplicate_of, dedup.assignment("y").similarity
('x', 1.0)
>>> print(dedup.explain("x", "y").reason)
containment 1.000 >= threshold 0.7
>>> dedup.close()
"""

from typing import TYPE_CHECKING

from newsclean.exports import lazy_exports

if TYPE_CHECKING:
    from newsclean.dedup.cluster import Cluster, Member, UnionFind, choose_canonical
    from newsclean.dedup.config import DedupConfig
    from newsclean.dedup.deduplicator import Assignment, Deduplicator, DedupStats, UnknownDocumentError
    from newsclean.dedup.disk_index import DiskLSHIndex
    from newsclean.dedup.ids import DocumentIdError
    from newsclean.dedup.index import LSHIndex, candidate_probability
    from newsclean.dedup.index_guard import DedupIndexError
    from newsclean.dedup.shingles import Shingler
    from newsclean.dedup.signature import MinHasher, jaccard
    from newsclean.dedup.store import SQLiteStore
    from newsclean.dedup.verify import Explanation, ParagraphMatch, Verifier

#: Where each public name lives, imported on first use (see :mod:`newsclean.exports`): the command
#: line reads :class:`DedupConfig` for its option defaults without loading the index or rapidfuzz.
_EXPORTS = {
    "Cluster": "newsclean.dedup.cluster",
    "Member": "newsclean.dedup.cluster",
    "UnionFind": "newsclean.dedup.cluster",
    "choose_canonical": "newsclean.dedup.cluster",
    "DedupConfig": "newsclean.dedup.config",
    "Assignment": "newsclean.dedup.deduplicator",
    "Deduplicator": "newsclean.dedup.deduplicator",
    "DedupStats": "newsclean.dedup.deduplicator",
    "UnknownDocumentError": "newsclean.dedup.deduplicator",
    "DiskLSHIndex": "newsclean.dedup.disk_index",
    "DocumentIdError": "newsclean.dedup.ids",
    "LSHIndex": "newsclean.dedup.index",
    "candidate_probability": "newsclean.dedup.index",
    "DedupIndexError": "newsclean.dedup.index_guard",
    "Shingler": "newsclean.dedup.shingles",
    "MinHasher": "newsclean.dedup.signature",
    "jaccard": "newsclean.dedup.signature",
    "SQLiteStore": "newsclean.dedup.store",
    "Explanation": "newsclean.dedup.verify",
    "ParagraphMatch": "newsclean.dedup.verify",
    "Verifier": "newsclean.dedup.verify",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

__all__ = [
    "Assignment",
    "Cluster",
    "DedupConfig",
    "DedupIndexError",
    "DedupStats",
    "Deduplicator",
    "DiskLSHIndex",
    "DocumentIdError",
    "Explanation",
    "LSHIndex",
    "Member",
    "MinHasher",
    "ParagraphMatch",
    "SQLiteStore",
    "Shingler",
    "UnionFind",
    "UnknownDocumentError",
    "Verifier",
    "candidate_probability",
    "choose_canonical",
    "jaccard",
]
