"""Synthetic articles for the dedup tests: deterministic, distinct, long enough to judge."""

from __future__ import annotations

import random

import numpy as np

WORDS = [
    "minister",
    "council",
    "market",
    "river",
    "harbour",
    "election",
    "budget",
    "festival",
    "storm",
    "court",
    "village",
    "company",
    "bank",
    "report",
    "vote",
    "police",
    "school",
    "hospital",
    "farmer",
    "price",
    "energy",
    "train",
    "bridge",
    "museum",
    "coach",
    "season",
    "player",
    "director",
    "union",
    "strike",
    "export",
    "import",
    "factory",
    "island",
    "mayor",
    "climate",
    "forest",
    "ocean",
    "mountain",
    "border",
    "treaty",
    "summit",
    "talks",
    "army",
    "navy",
    "airport",
    "rail",
    "road",
    "tunnel",
    "water",
    "power",
    "grid",
    "health",
    "vaccine",
    "science",
    "research",
]
GLUE = [
    "the",
    "a",
    "of",
    "in",
    "on",
    "for",
    "with",
    "after",
    "before",
    "during",
    "while",
    "and",
    "but",
    "said",
    "told",
    "reported",
]


def article(seed: int, paragraphs: int = 8, words: int = 24) -> str:
    """A made-up article: ``paragraphs`` lines of ``words`` words, the same for the same seed."""
    rng = random.Random(seed)
    lines = []
    for _ in range(paragraphs):
        tokens = [rng.choice(WORDS) if i % 2 else rng.choice(GLUE) for i in range(words)]
        lines.append(" ".join(tokens).capitalize() + ".")
    return "\n\n".join(lines)


def copy_of(text: str, seed: int = 0) -> str:
    """A syndicated copy: new headline, last paragraph trimmed, an agency line, a typo, curly quotes."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")[:-1]
    i = rng.randrange(len(paragraphs))
    words = paragraphs[i].split()
    j = rng.randrange(len(words))
    if len(words[j]) > 3:
        words[j] = words[j][1] + words[j][0] + words[j][2:]
    paragraphs[i] = " ".join(words)
    paragraphs[0] = "PARIS (AFP) - " + paragraphs[0]
    return "\n\n".join(
        ["A brand new headline", *paragraphs, "(Reporting by A. Writer; editing by B. Editor)"]
    )


def furniture(site: int, kind: str, words: int = 40) -> str:
    """A site's standing block (a promo blurb, an author box): one long line, the same on every page."""
    rng = random.Random(f"{kind}-{site}")
    tokens = [rng.choice(WORDS) if i % 2 else rng.choice(GLUE) for i in range(words)]
    return f"{kind.capitalize()} of site {site}: " + " ".join(tokens) + "."


def site_page(site: int, body: str, headline: str = "A headline for this page") -> str:
    """A body as a cleaner that missed the site's furniture returns it: a blurb above, an author box below."""
    return "\n\n".join([furniture(site, "promo"), headline, body, furniture(site, "author box")])


def template_corpus(sites: int = 4, articles: int = 6, seed: int = 0) -> list[tuple[str, str, str, str]]:
    """``(id, text, url, group)``: sites' different articles in their furniture, a page per site whose
    article the cleaner lost, and wire stories on two or three sites each (same group: copies)."""
    rng = random.Random(seed)
    docs: list[tuple[str, str, str, str]] = []
    for site in range(sites):
        for n in range(articles):
            story = article(1000 * (site + 1) + n, paragraphs=5)
            docs.append(
                (f"s{site}a{n}", site_page(site, story), f"https://site{site}.example/a{n}", f"s{site}a{n}")
            )
        docs.append((f"s{site}lost", site_page(site, ""), f"https://site{site}.example/lost", f"s{site}lost"))
    for wire in range(3):
        story = article(9000 + wire, paragraphs=6)
        for copy, site in enumerate(rng.sample(range(sites), rng.randint(2, 3))):
            text = story if copy == 0 else copy_of(story, seed=wire * 10 + copy)
            docs.append(
                (f"w{wire}c{copy}", site_page(site, text), f"https://site{site}.example/w{wire}", f"w{wire}")
            )
    rng.shuffle(docs)
    return docs


def reference(keys: np.ndarray, max_bucket: int, limit: int | None) -> list[list[int]]:
    """Candidate pairs by brute force: each key pairs a document with its earliest ``max_bucket`` holders,
    and weighs 2**20 // (how many it pairs it with) in the ranking."""
    holders: dict[int, list[int]] = {}
    pairs = []
    for seq, row in enumerate(keys.tolist()):
        shared: dict[int, int] = {}
        for key in row:
            earlier = holders.get(key, [])[:max_bucket]
            for old in earlier:
                shared[old] = shared.get(old, 0) + 2**20 // len(earlier)
            holders.setdefault(key, []).append(seq)
        ranked = sorted(shared, key=lambda old: (-shared[old], old))
        pairs += [[seq, old] for old in sorted(ranked[:limit] if limit is not None else ranked)]
    return pairs
