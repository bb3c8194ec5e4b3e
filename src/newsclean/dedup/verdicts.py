"""The verdicts on candidate pairs, with the template evidence, and the clusters they make.

:class:`Verdicts` judges a pair of documents on their content (their template
paragraphs left out, :mod:`newsclean.dedup.evidence`) and keeps the clusters
(:class:`~newsclean.dedup.replay.Clustering`). It is *settled* up to a number of
documents: the clusters account for their candidate pairs, judged with the
evidence as it was. Settling again judges the pairs of the documents added since,
and, for the settled documents that a line which became template since touched,
replays their candidate components.
"""

from __future__ import annotations

from contextlib import nullcontext
from itertools import islice

import numpy as np
import numpy.typing as npt

from newsclean.dedup.config import DedupConfig
from newsclean.dedup.docs import ResidentDocs, StoredDocs
from newsclean.dedup.evidence import Counted, Evidence, content
from newsclean.dedup.replay import Clustering
from newsclean.dedup.shingles import Shingler
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.verify import Verifier

Bool = npt.NDArray[np.bool_]
_MASK_CACHE = 4096
_BODY_CACHE = 64
_REPLAY_CHUNK = 65536


class Verdicts:
    """Judges pairs of the documents of ``docs`` and keeps their clusters (see the module docstring)."""

    def __init__(
        self,
        config: DedupConfig,
        docs: ResidentDocs | StoredDocs,
        evidence: Evidence,
        shingler: Shingler,
        store: SQLiteStore | None,
    ) -> None:
        self.config = config
        self.verifier = Verifier(
            config.threshold, config.paragraph_threshold, config.min_tokens, config.min_paragraph_words
        )
        self.clustering = Clustering(lambda seq: docs.members[seq], config.threshold)
        self.settled = 0  # the clusters account for the documents before this one
        self._docs = docs
        self._evidence = evidence
        self._shingler = shingler
        self._store = store
        self._touched: set[int] = set()  # settled documents whose verdicts new evidence may change
        self._furnished = bytearray()  # per document: does its body hold a template line?
        self._bodies: dict[int, str] = {}
        # recently judged documents: evidence version, template paragraphs, words outside them
        self._masks: dict[int, tuple[int, Bool | None, int]] = {}

    def count(self, first: int, counted: Counted, settled: int | None = None) -> None:
        """Take what the evidence found for the documents from ``first`` on: which hold a template line, and
        which settled ones (before ``settled``, by default the settled count) a new template line touched."""
        for seq in counted.touched.tolist():
            self._furnished[seq] = 1
        flags = counted.furnished.astype(np.uint8).tobytes()
        self._furnished[first : first + len(flags)] = flags  # a batch counted again replaces its flags
        limit = self.settled if settled is None else settled
        self._touched.update(seq for seq in counted.touched.tolist() if seq < limit)

    @property
    def pending(self) -> bool:
        """Whether settling has work to do."""
        return self.settled < len(self._docs) or bool(self._touched)

    def content(self, seq: int, body: str) -> tuple[Bool | None, int]:
        """Which paragraphs of document ``seq`` are template (``None``: none is), and its words outside them."""
        if not self._furnished[seq]:
            return None, self._docs.tokens(seq)
        version = self._evidence.version
        cached = self._masks.get(seq)
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        if len(self._masks) >= _MASK_CACHE:
            self._masks.clear()
        found = content(body, self._docs.host(seq), self._evidence.template, self._shingler)
        self._masks[seq] = (version, *found)
        return found

    def body(self, seq: int) -> str:
        """Document ``seq``'s body (the last few read are kept: a new document's pairs come together)."""
        body = self._bodies.get(seq)
        if body is None:
            if len(self._bodies) >= _BODY_CACHE:
                self._bodies.clear()
            body = self._bodies[seq] = self._docs.body(seq)
        return body

    def judge(self, a: int, b: int, at_least: float = 0.0) -> float:
        """The score that decides whether documents ``a`` and ``b`` are copies (0: one is too short to judge)."""
        body_a, body_b = self.body(a), self.body(b)
        (mask_a, words_a), (mask_b, words_b) = self.content(a, body_a), self.content(b, body_b)
        if min(words_a, words_b) < self.config.min_tokens:
            return 0.0
        return self.verifier.score(body_a, body_b, at_least, mask_a, mask_b)

    def settle(self) -> None:
        """Reach the verdicts the clusters lack: the new documents', and those new evidence touched."""
        if not self.pending:
            return
        clustering, threshold = self.clustering, self.config.threshold
        roots = {clustering.component_root(seq) for seq in self._touched}
        members = sorted({m for root in roots for m in clustering.component(root)})

        def judge(a: int, b: int) -> float:
            return self.judge(a, b, at_least=threshold)

        with self._store.transaction() if self._store is not None else nullcontext():
            if members:
                clustering.reset(members)
                self._docs.forget_scores(members)
                if self._store is not None:
                    self._store.remove_edges(members)
                self._keep(clustering.replay(self._docs.pairs_of(members), judge))
            fresh = iter(self._docs.pairs(self.settled))
            if roots:
                fresh = (p for p in fresh if clustering.component_root(p[0]) not in roots)
            while chunk := list(islice(fresh, _REPLAY_CHUNK)):  # edges written as they come: flat memory
                self._keep(clustering.replay(chunk, judge))
            if self._store is not None:
                self._store.set_settled(len(self._docs))
        self.settled, self._touched = len(self._docs), set()

    def _keep(self, joined: list[tuple[int, int, float]]) -> None:
        """Record the pairs that joined clusters (in the index file too)."""
        for new, old, score in joined:
            self._docs.record_score(new, old, score)
        if self._store is not None:
            self._store.add_edges(joined)
