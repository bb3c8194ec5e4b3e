"""The three seed pages stay exact: body from the dateline paragraph to the last sentence
before the tag line (the one in-body related-story headline removed), and the metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsclean

SEEDS = Path(__file__).resolve().parent.parent / "corpus_samples"

EXPECTED = {
    "seed_000_kim_shoigu.txt": {
        "first": "SEOUL: North Korean leader Kim Jong Un pledged",
        "last": "ruptured Russia’s relations with the West.",
        "related": "Russia’s Sergei Shoigu meets North Korea’s Kim in Pyongyang",
        "metadata": {
            "title": "North Korea pledges deeper ties with Russia as security chief visits",
            "byline": "AFP",
            "agency": "AFP",
            "published": "2024-09-14T11:02:00",
            "dateline": "SEOUL",
            "section": "World",
            "tags": ["Russia", "Kim Jong Un", "North Korea", "Sergei Shoigu"],
        },
    },
    "seed_002_lavrov_choe.txt": {
        "first": "MOSCOW: The Russian and North Korean foreign ministers",
        "last": "Putin has accepted an invitation to visit North Korea but has not said when he will go.",
        "related": "Russia welcomes North Korean foreign minister for talks on deepening ties",
        "metadata": {
            "title": "North Korean, Russian FMs hail ties at Moscow talks",
            "byline": "AFP",
            "agency": "AFP",
            "published": "2024-01-16T17:46:00",
            "dateline": "MOSCOW",
            "section": "World",
            "tags": ["Sergei Lavrov", "Russia", "North Korea", "Choe Son Hui"],
        },
    },
    "seed_003_kim_putin.txt": {
        "first": "SEOUL: North Korean leader Kim Jong Un has said his country",
        "last": "in exchange for technological aid with its own nuclear and missile programs.",
        "related": "South Korea to blast loudspeaker broadcasts after North’s trash balloons",
        "metadata": {
            "title": "North Korea’s Kim boasts of ‘invincible’ ties with Russia amid talks of Putin visit",
            "byline": "Reuters",
            "agency": "Reuters",
            "published": "2024-06-12T10:29:00",
            "dateline": "SEOUL",
            "section": "World",
            "tags": [
                "Vladimir Putin",
                "North Korea",
                "Vietnam",
                "Kremlin",
                "Pyongyang",
                "North Korean leader Kim Jong Un",
                "Hebei province",
            ],
        },
    },
}


def _expected_body(text: str, first: str, last: str, related: str | None) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.endswith(last))
    return "\n\n".join(line for line in lines[start : end + 1] if line != related)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_body_is_exact(name: str) -> None:
    spec = EXPECTED[name]
    text = (SEEDS / name).read_text(encoding="utf-8")
    article = newsclean.clean(text)
    assert article.body == _expected_body(text, str(spec["first"]), str(spec["last"]), spec["related"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata_is_unchanged(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    metadata = newsclean.clean(text).metadata.to_dict()
    assert metadata == EXPECTED[name]["metadata"]
