"""Synthetic articles for the dedup tests: deterministic, distinct, long enough to judge."""

from __future__ import annotations

import random

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
