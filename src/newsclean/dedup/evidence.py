"""Corpus evidence of templates: the lines a site repeats around articles that differ.

A wire story copied to twenty sites and a site's promo blurb under twenty of its
articles are both paragraphs held by twenty documents. What tells them apart is
the rest of the documents: the blurb's holders each bring an article of their
own, the story's holders bring the story again (and their own furniture, which
their other pages show to be furniture). So the evidence is counted in the order
documents arrive:

* A document is *novel* when its body brings at least ``novel_words`` words in
  lines the corpus had not seen before it: lines whose first and whose last
  :data:`~newsclean.dedup.lines.END_WORDS` words (its head and tail) were in no
  earlier document, page or body. A copy is not novel (its story was seen, and an
  edit or a typo in a paragraph's middle leaves its head and tail), a page whose
  cleaning lost the article is not novel, a new article is.
* A novel document *votes* for every line of its page (the full text it came
  from, when given, else its body). A record of a URL seen before is the same
  page fetched again: it does not vote.
* A line is *template* once ``documents`` documents voted for it, or, within one
  host, ``host_pages`` pages of that host (novelty counted within the host: a
  site's page that carries a story other sites ran is still new to the site).

Votes only grow, so a line that became template stays template, whatever comes
after, and the evidence does not depend on how the documents were cut into
batches (within a batch, each document sees the ones before it). A document's
template lines do not count when it is compared (:mod:`newsclean.dedup.verify`);
:meth:`Evidence.add` returns the earlier documents whose bodies hold a line that
just became template, so their verdicts can be revisited.

Memory (or, with ``directory``, files): per document, its lines' heads and tails
(8 bytes each, twice with a host), their keys with a vote count (12 bytes, for
novel documents), its body lines again with its sequence number (12 bytes); the
template lines (8 bytes each).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsclean.dedup.keyruns import KeyRuns
from newsclean.dedup.lines import line_batch, paragraph_keys, paragraphs, scoped, text_key
from newsclean.dedup.shingles import LineBatch, Shingler

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_URL_SALT = np.uint64(0x6A09E667F3BCC909)


@dataclass(frozen=True)
class DocLines:
    """The evidence of a batch of documents: their body lines, their pages' other lines, URL and host keys.

    ``body`` and ``page`` are :class:`~newsclean.dedup.shingles.LineBatch` es whose
    ``doc`` numbers the documents of the batch from 0; ``page`` holds the lines of
    the page (the text the body was cleaned from) that are not body lines (none
    when the body is the whole text). ``url`` and ``host`` are 64-bit keys (0: none).
    """

    body: LineBatch
    page: LineBatch
    url: U64
    host: U64

    def __len__(self) -> int:
        return len(self.url)

    @classmethod
    def read(
        cls,
        bodies: Sequence[str],
        pages: Sequence[str | None],
        urls: Sequence[str | None],
        shingler: Shingler,
        body_lines: LineBatch | None = None,
    ) -> DocLines:
        """The evidence of documents from their texts: ``bodies``, the ``pages`` they were cleaned from
        (``None``: the body is the page) and their ``urls``; ``body_lines``: the bodies' lines, when read
        already (by the shingling pass)."""
        body = line_batch(bodies, shingler) if body_lines is None else body_lines
        given = [(i, page) for i, page in enumerate(pages) if page is not None and page != bodies[i]]
        page_lines = None
        if given:
            found = line_batch([page for _, page in given], shingler)
            where = np.array([i for i, _ in given], dtype=np.int64)
            page_lines = LineBatch(where[found.doc], found.key, found.head, found.tail, found.words)
        return cls.of(body, page_lines, urls, [None] * len(bodies))

    @classmethod
    def of(
        cls, body: LineBatch, page: LineBatch | None, urls: Sequence[str | None], hosts: Sequence[str | None]
    ) -> DocLines:
        """The evidence of documents: their bodies' lines, their pages' lines (``None``: the body is the
        page), each one's URL and host (``None``: unknown; a host is the URL's when not given)."""
        if page is None:
            page = _no_lines()
        else:  # the page's lines that are not body lines of the same document
            tag = np.uint64(0x9E3779B97F4A7C15)
            with np.errstate(over="ignore"):
                in_body = np.isin(
                    page.key ^ (page.doc.astype(np.uint64) * tag),
                    body.key ^ (body.doc.astype(np.uint64) * tag),
                )
            keep = ~in_body
            page = LineBatch(
                page.doc[keep], page.key[keep], page.head[keep], page.tail[keep], page.words[keep]
            )
        url_keys = np.array([text_key(u or "") for u in urls], dtype=np.uint64)
        host_keys = np.array(
            [text_key(h or host_of(u or "")) for u, h in zip(urls, hosts, strict=True)], dtype=np.uint64
        )
        return cls(body, page, url_keys, host_keys)

    def encode(self, i: int) -> bytes:
        """Document ``i``'s evidence as bytes (what an index file keeps to count it again)."""
        parts = [np.array([self.url[i], self.host[i]], dtype="<u8").tobytes()]
        for lines in (self.body, self.page):
            a, b = np.searchsorted(lines.doc, [i, i + 1])
            parts.append(np.array([b - a], dtype="<u4").tobytes())
            for column in (lines.key, lines.head, lines.tail):
                parts.append(column[a:b].astype("<u8").tobytes())
            parts.append(lines.words[a:b].astype("<u4").tobytes())
        return b"".join(parts)

    @classmethod
    def decode(cls, blobs: Sequence[bytes]) -> DocLines:
        """The evidence of documents read back from :meth:`encode` d bytes (document ``i`` is ``blobs[i]``)."""
        urls, hosts = np.zeros(len(blobs), dtype=np.uint64), np.zeros(len(blobs), dtype=np.uint64)
        columns: list[list[list[npt.NDArray[np.generic]]]] = [[[] for _ in range(5)] for _ in range(2)]
        for i, blob in enumerate(blobs):
            urls[i], hosts[i] = np.frombuffer(blob, dtype="<u8", count=2)
            at = 16
            for part in columns:
                n = int(np.frombuffer(blob, dtype="<u4", count=1, offset=at)[0])
                at += 4
                part[0].append(np.full(n, i, dtype=np.int64))
                for k in range(3):
                    part[k + 1].append(np.frombuffer(blob, dtype="<u8", count=n, offset=at).astype(np.uint64))
                    at += 8 * n
                part[4].append(np.frombuffer(blob, dtype="<u4", count=n, offset=at).astype(np.int64))
                at += 4 * n
        body, page = (
            LineBatch(*(np.concatenate(c) if c else np.zeros(0) for c in part))  # type: ignore[arg-type]
            for part in columns
        )
        return cls(body, page, urls, hosts)


#: What comes before a URL's host: a scheme and ``//``, or ``//`` alone (a scheme-relative URL).
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//")


def host_of(url: str) -> str:
    """The site of a URL: its host, lower case, without ``www.`` or a port ('' when there is none); an IPv6
    address keeps its brackets.

    >>> host_of("https://WWW.Example.com:8080/news/1"), host_of("example.org/a"), host_of("")
    ('example.com', 'example.org', '')
    >>> host_of("http://[2001:DB8::1]:8080/a"), host_of("https://example.net#top"), host_of("example.org/a//b")
    ('[2001:db8::1]', 'example.net', 'example.org')
    """
    text = _SCHEME.sub("", url.strip(), count=1)
    host = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split("@")[-1]
    host = host[: host.find("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _no_lines() -> LineBatch:
    empty, none = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return LineBatch(empty, none, none, none, empty)


@dataclass(frozen=True)
class Counted:
    """What adding a batch of documents to the evidence found.

    ``touched``: the earlier documents whose bodies hold a line that just became
    template (their verdicts may change); ``furnished``: for each document of the
    batch, whether its body holds a template line.
    """

    touched: I64
    furnished: Bool


class Evidence:
    """The template evidence of a corpus, counted as documents are added (see the module docstring).

    >>> from newsclean.dedup.lines import line_batch
    >>> furniture = "Our newsletter brings you the best of the Harbour Courier every single morning"
    >>> letters = "abcdefghijklmnopqrstuvwxyz"
    >>> story = lambda n: " ".join(letters[n] + letters[i % 26] + letters[i // 26] for i in range(60))
    >>> bodies = [story(n) + "\\n" + furniture for n in range(4)]
    >>> evidence = Evidence(documents=3, host_pages=2, novel_words=50)
    >>> counted = evidence.add(0, DocLines.of(line_batch(bodies[:2]), None, [None, None], [None, None]))
    >>> counted = evidence.add(2, DocLines.of(line_batch(bodies[2:]), None, [None, None], [None, None]))
    >>> keys = line_batch([furniture]).key
    >>> evidence.mask(keys, 0).tolist(), counted.touched.tolist(), counted.furnished.tolist()
    ([True], [0, 1], [True, True])
    """

    def __init__(
        self, documents: int = 4, host_pages: int = 2, novel_words: int = 50, directory: str | None = None
    ) -> None:
        self.documents = documents
        self.host_pages = host_pages
        self.novel_words = novel_words
        self._seen = KeyRuns("sum", directory)  # heads and tails of every line, and URLs, ever seen
        self._votes = KeyRuns("sum", directory)  # line keys (global, and scoped by host) -> votes
        self._holders = KeyRuns("multi", directory)  # body line keys (global and scoped) -> sequence number
        self._template = np.zeros(0, dtype=np.uint64)  # sorted: template lines (global, and scoped keys)
        self.count = 0
        self.version = 0  # grows each time a line becomes template

    def add(self, first: int, docs: DocLines) -> Counted:
        """Count documents ``first .. first + len(docs) - 1`` (see :class:`Counted` for what comes back)."""
        if first != self.count:
            raise ValueError(f"documents must come in order: expected number {self.count}, got {first}")
        body, page = docs.body, docs.page
        fetched_first = self._first_fetch(docs)
        voters = self._novel(docs, hosted=False) & fetched_first
        host_voters = self._novel(docs, hosted=True) & fetched_first & (docs.host != 0)
        line_doc = np.concatenate([body.doc, page.doc])
        line_key = np.concatenate([body.key, page.key])
        flipped = [self._vote(line_doc, line_key, voters, self.documents)]
        if host_voters.any():
            in_host = host_voters[line_doc]
            hosted_keys = scoped(line_key[in_host], docs.host[line_doc[in_host]])
            flipped.append(self._vote(line_doc[in_host], hosted_keys, None, self.host_pages))
        hosts = docs.host[body.doc]
        holders = np.concatenate([body.key, scoped(body.key, hosts)])
        holder_seqs = (np.concatenate([body.doc, body.doc]) + first).astype(np.int32)
        keep = (holders != 0) & np.concatenate([np.ones(len(body), dtype=bool), hosts != 0])
        self._holders.add(holders[keep], holder_seqs[keep])
        self.count += len(docs)
        new = np.concatenate(flipped)
        touched = np.zeros(0, dtype=np.int64)
        if len(new):
            self._template = np.union1d(self._template, new)
            self.version += 1
            _, seqs = self._holders.find(new)
            touched = np.unique(seqs[seqs < first]).astype(np.int64)
        hit = _member(self._template, body.key) | (
            _member(self._template, scoped(body.key, hosts)) & (hosts != 0)
        )
        furnished = np.bincount(body.doc[hit & (body.key != 0)], minlength=len(docs)) > 0
        return Counted(touched, furnished)

    def _first_fetch(self, docs: DocLines) -> Bool:
        """Which documents are the first record of their URL (those without a URL all are)."""
        urls = docs.url ^ _URL_SALT
        has = docs.url != 0
        unique, where = np.unique(urls[has], return_index=True)
        known = self._seen.contains(unique)
        self._seen.add(unique[~known], np.ones(int((~known).sum()), dtype=np.int32))
        first = np.ones(len(docs), dtype=bool)
        first_of_url = np.zeros(int(has.sum()), dtype=bool)
        first_of_url[where[~known]] = True
        first[has] = first_of_url
        return first

    def _novel(self, docs: DocLines, hosted: bool) -> Bool:
        """Which documents bring ``novel_words`` words in lines whose head and tail are new (within their host)."""
        body, page = docs.body, docs.page
        if hosted and not docs.host.any():
            return np.zeros(len(docs), dtype=bool)
        # every line's head and tail, in document order (body lines first: they are the ones asked about)
        ends = np.stack([body.head, body.tail], axis=1).reshape(-1)
        ends_doc = np.repeat(body.doc, 2)
        if len(page):
            ends = np.concatenate([ends, page.head, page.tail])
            ends_doc = np.concatenate([ends_doc, page.doc, page.doc])
            order = np.argsort(ends_doc, kind="stable")
            ends, ends_doc = ends[order], ends_doc[order]
        if hosted:
            ends = scoped(ends, docs.host[ends_doc])
        if not len(ends):
            return np.zeros(len(docs), dtype=bool)
        unique, first, inverse = np.unique(ends, return_index=True, return_inverse=True)
        known = self._seen.contains(unique)
        self._seen.add(unique[~known], np.ones(int((~known).sum()), dtype=np.int32))
        # an end is new to a document when no earlier batch and no earlier document of this one had it
        owner = np.where(known, -1, ends_doc[first])
        if len(page):
            inverse = inverse[np.argsort(order, kind="stable")]  # back to the body-first layout
        body_owner = owner[inverse[: 2 * len(body)]].reshape(-1, 2)
        new = (body_owner[:, 0] == body.doc) & (body_owner[:, 1] == body.doc)
        if hosted:
            new &= docs.host[body.doc] != 0
        own = np.bincount(body.doc[new], weights=body.words[new], minlength=len(docs))
        novel: Bool = own >= self.novel_words
        return novel

    def _vote(self, line_doc: I64, keys: U64, voters: Bool | None, threshold: int) -> U64:
        """One vote per voting document for each of its lines; the line keys that reach ``threshold``."""
        if voters is not None:
            keep = voters[line_doc]
            line_doc, keys = line_doc[keep], keys[keep]
        keep = keys != 0
        keys, line_doc = keys[keep], line_doc[keep]
        order = np.lexsort((line_doc, keys))
        keys, line_doc = keys[order], line_doc[order]
        once = np.ones(len(keys), dtype=bool)  # a line repeated in one document is one vote
        once[1:] = (keys[1:] != keys[:-1]) | (line_doc[1:] != line_doc[:-1])
        keys = keys[once]
        starts = (
            np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
            if len(keys)
            else keys.astype(np.int64)
        )
        unique, counts = keys[starts], np.diff(np.append(starts, len(keys)))
        before = self._votes.total(unique)
        self._votes.add(unique, counts.astype(np.int32))
        reached: U64 = unique[(before < threshold) & (before + counts >= threshold)]
        return reached

    def mask(self, keys: U64, host: int) -> Bool:
        """Which of a document's line ``keys`` are template, for a document of ``host`` (0: none)."""
        return template_mask(self._template, keys, host)

    @property
    def template(self) -> U64:
        """The template lines' keys (and, scoped by their host, the lines template within one host), sorted."""
        return self._template

    @property
    def template_lines(self) -> int:
        """How many lines (and lines of one host) are template."""
        return len(self._template)

    def close(self) -> None:
        """Delete the files (with ``directory``)."""
        for table in (self._seen, self._votes, self._holders):
            table.close()


def template_mask(template: U64, keys: U64, host: int) -> Bool:
    """Which of a document's line ``keys`` are in ``template`` (:attr:`Evidence.template`), for a document
    of ``host`` (0: none)."""
    found = _member(template, keys)
    if host:
        found |= _member(template, scoped(keys, host))
    mask: Bool = found & (keys != 0)
    return mask


def content(body: str, host: int, template: U64, shingler: Shingler) -> tuple[Bool | None, int]:
    """Which paragraphs of ``body`` are template (``None``: none is), and how many words it has outside them
    (what :class:`~newsclean.dedup.verify.Verifier` takes: its ``template_*`` masks, and whether a text is
    long enough to judge)."""
    keys, words = paragraph_keys(paragraphs(body), shingler, with_words=True)
    mask = template_mask(template, keys, host)
    return (mask if mask.any() else None), int(words[~mask].sum())


def _member(sorted_keys: U64, keys: U64) -> Bool:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    where = np.searchsorted(sorted_keys, keys).clip(0, len(sorted_keys) - 1)
    found: Bool = sorted_keys[where] == keys
    return found
