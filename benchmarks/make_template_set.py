"""Build the "one site, many articles" set: sites whose template blocks a cleaner missed, and wire copies.

A corpus builder's worst case for a near-duplicate detector: many *different*
articles of one site that all carry the same furniture (a promo blurb, an author
box, a podcast intro, a disclaimer, 40-200 words each) because the cleaner did
not recognise it, next to the same wire story published on several sites, each
copy inside its own site's furniture. The first must never be called copies, the
second must.

Articles are slices of consecutive paragraphs of the gold bodies of the
scrapinghub (MIT) and readability (Apache-2.0) benchmark pages and of the
project's own samples (cleaned), 110-450 words each, with at least three
paragraphs of 12 words or more (what the verifier compares); a slice that shares a
paragraph or a fifth of its word 5-grams with an earlier one is dropped, so no
two articles are copies by accident. The template blocks are written here from
sentence frames (no page text), filled in per site, so blocks of two sites
differ in their words but read alike, as real ones do.

Per site (``--sites``, default 34): 1-3 template blocks around the article (some
sites put one inside it, after the second paragraph), an author box chosen among
2-4 per site, a date line; ``--articles`` (default 20) articles; 1-2 pages whose
article the cleaner lost (only the headline and the furniture are left); a sixth
of the sites publish articles as one sentence per line (show notes, live pages:
most lines shorter than the verifier's 12-word paragraphs). Wire stories
(``--wire``, default 40) are each published on 2-5 sites: the full story on one,
copies on the others, each retitled, 40 % trimmed at the end, 20 % missing a middle
paragraph, 50 % with an agency dateline or credit line, all inside the publishing
site's furniture. ``--wide`` stories (default none) are each run by 15-25 sites, the
same way: their paragraphs are in as many documents as a site's blurb is.

Records (JSONL): ``id``, ``text`` (the body as a cleaner that missed the furniture
would return it), ``url``, ``site``, ``group`` (same group = same article: the
true pairs), ``kind`` (``article``, ``recrawl``, ``lost``, ``single``, ``wire``, ``wide``). Same seed, same file.

    python benchmarks/make_template_set.py [--seed 20261201] [--out benchmarks/out/template_set.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / ".." / "shared" / "benchmarks"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "template_set.jsonl"
DEFAULT_SEED = 20261201
MIN_WORDS, MAX_WORDS = 110, 450
_WORD = re.compile(r"[^\W_]+")

PLACES = [
    "Harbour",
    "Valley",
    "Northfield",
    "Riverside",
    "Lakeshore",
    "Eastgate",
    "Hillcrest",
    "Bayside",
    "Westbrook",
    "Summit",
    "Meadow",
    "Ironbridge",
    "Coastline",
    "Pinewood",
    "Redcliff",
    "Stonebridge",
    "Millbrook",
    "Fairhaven",
]
TITLES = [
    "Courier",
    "Herald",
    "Gazette",
    "Dispatch",
    "Tribune",
    "Post",
    "Observer",
    "Ledger",
    "Chronicle",
    "Review",
]
FIRST = [
    "Maya",
    "Tom",
    "Priya",
    "Jonas",
    "Elena",
    "Sam",
    "Grace",
    "Omar",
    "Lena",
    "Victor",
    "Ana",
    "Felix",
    "Ruth",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Patel",
    "Kowalski",
    "Reyes",
    "Brennan",
    "Haddad",
    "Novak",
    "Sato",
    "Quinn",
]
BEATS = [
    "city hall",
    "local business",
    "schools",
    "courts",
    "health care",
    "the environment",
    "sports",
    "transport",
]
TOPICS = ["local news", "regional politics", "business", "technology", "culture", "sport", "science", "food"]
AGENCY = ["LONDON (Wire) - ", "NEW YORK (Wire) - ", "PARIS (Wire) - ", "BERLIN (Wire) - ", "TOKYO (Wire) - "]
CREDITS = [
    "Reporting by the wire service; editing by the news desk.",
    "This story was provided by a news agency and edited by our staff.",
    "Additional reporting by agency correspondents.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]

#: Sentence frames of each kind of template block (furniture that reads like prose).
FRAMES: dict[str, list[str]] = {
    "promo": [
        "{site} is an independent newsroom covering {topic} for readers across the region.",
        "Every story on {site} is free to read because thousands of readers chip in each month.",
        "If you value reporting that holds the powerful to account, consider becoming a supporter today.",
        "Our journalists spend weeks on the stories that matter most to the communities we serve.",
        "Advertising alone does not pay for this kind of work, and it never has.",
        "A contribution of any size keeps our reporting open to everyone, whatever they can afford.",
        "Supporters also get early access to our investigations and invitations to reader events.",
        "It takes less than a minute to sign up, and you can cancel at any time.",
    ],
    "newsletter": [
        "Get the best of {site} in your inbox every weekday morning with our free newsletter.",
        "Our editors pick the five stories you need to read before the day begins.",
        "Sign up with your email address below and we will send the first edition tomorrow.",
        "We will never share your address with anyone, and every email has an unsubscribe link.",
        "Readers who subscribe also receive a weekend edition with longer reads and recommendations.",
        "Join more than forty thousand people who start their day with {site}.",
    ],
    "podcast": [
        "Welcome to {show}, the podcast from {site} about {topic} and the people behind it.",
        "Each week our hosts sit down with a guest to talk through the story everyone is discussing.",
        "You can listen on your favourite podcast app or stream the episode right here on the page.",
        "Please rate and review the show, because it helps other listeners find us.",
        "Full show notes and links to everything we mention are below the player.",
        "New episodes come out every Tuesday and Friday morning.",
    ],
    "disclaimer": [
        "The views expressed in this article are those of the author and do not necessarily reflect those of {site}.",
        "This article is for general information only and is not financial, legal or medical advice.",
        "Readers should consult a qualified professional before making any decision based on its contents.",
        "{site} takes care to check every fact, but cannot accept liability for errors or omissions.",
        "Some links on this page are affiliate links, and we may earn a small commission when you buy.",
        "That never affects what we choose to write about or the opinions of our reviewers.",
    ],
    "comments": [
        "We welcome comments that add to the conversation, and we read every one of them.",
        "Please keep your comments civil, on topic and free of personal attacks.",
        "Comments that include links to commercial sites or repeated posts will be removed.",
        "Our moderators review comments during office hours, so yours may take a while to appear.",
        "By posting you agree to our community guidelines and terms of use.",
    ],
    "corrections": [
        "{site} is committed to accuracy and corrects its mistakes promptly and openly.",
        "If you spot an error in this article, please write to our standards editor at {email}.",
        "Corrections are noted at the foot of the article they concern, with the date of the change.",
        "You can read our full editorial code and complaints procedure on the about page.",
    ],
}
#: Words each site words its own way (one choice per site), so two sites' furniture reads alike
#: without sharing long runs of words.
SYNONYMS = [
    ["stories", "articles", "reports", "pieces"],
    ["readers", "subscribers", "members", "people"],
    ["every", "each"],
    ["our", "the"],
    ["free", "open", "available"],
    ["journalism", "reporting", "coverage"],
    ["support", "back", "fund"],
    ["today", "now", "this week"],
    ["email", "e-mail"],
    ["receive", "get"],
    ["weekly", "regular"],
    ["please", "kindly"],
    ["page", "site", "website"],
    ["article", "story", "post"],
    ["review", "check", "read"],
    ["morning", "day"],
    ["comments", "replies", "posts"],
    ["anyone", "third parties", "other companies"],
    ["cancel", "stop", "unsubscribe"],
    ["contribution", "donation", "gift"],
]
_SYNONYM_WORD = re.compile(r"\b(" + "|".join(w for group in SYNONYMS for w in group if " " not in w) + r")\b")

AUTHOR_FRAMES = [
    "{name} is a {role} at {site}, where {pronoun} {has} covered {beat} since {year}.",
    "Before joining {site}, {pronoun} worked for regional papers and a national broadcaster.",
    "{name} grew up in {place} and studied history before turning to journalism.",
    "You can reach {name} with tips and story ideas at {email}.",
    "{pronoun_cap} also {writes} a weekly column on {beat} that appears every Sunday.",
]


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    top: tuple[str, ...]
    middle: tuple[str, ...]
    bottom: tuple[str, ...]
    authors: tuple[str, ...]
    sentence_lines: bool


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def pool_texts() -> Iterator[tuple[str, list[str]]]:
    """(source, paragraphs) of every usable body: scrapinghub and readability gold, the project's samples."""
    for name in ("scrapinghub", "readability"):
        for gold in sorted((DATA / name / "pages").glob("*/ground_truth.txt")):
            lines = [line.strip() for line in gold.read_text(encoding="utf-8").splitlines()]
            yield f"{name}/{gold.parent.name}", [line for line in lines if line]
    sys.path.insert(0, str(REPO / "src"))
    import newsclean

    for sample in sorted((REPO / "corpus_samples").glob("*.txt")):
        body = newsclean.clean(sample.read_text(encoding="utf-8")).body
        yield f"samples/{sample.stem}", [line for line in body.splitlines() if line.strip()]


def article_pool() -> list[list[str]]:
    """Slices of consecutive paragraphs (110-450 words, three or more of 12 words), none a copy of another."""
    seen_paragraphs: set[str] = set()
    grams_seen: set[tuple[str, ...]] = set()
    pool: list[list[str]] = []
    for _, paragraphs in pool_texts():
        text = " ".join(paragraphs)
        if len(text.split()) < len(text) / 12:
            continue  # a language written without spaces: the word counts here would not mean words
        current: list[str] = []
        words = long = 0
        for paragraph in paragraphs:
            current.append(paragraph)
            size = len(tokens(paragraph))
            words, long = words + size, long + (size >= 12)
            target = MIN_WORDS + (len(pool) * 37) % (MAX_WORDS - MIN_WORDS - 100)  # 110-350, varied
            if words >= target and long >= 3:
                if words <= MAX_WORDS:
                    _keep(current, pool, seen_paragraphs, grams_seen)
                current, words, long = [], 0, 0
    return pool


def _keep(
    paragraphs: list[str], pool: list[list[str]], seen: set[str], grams_seen: set[tuple[str, ...]]
) -> None:
    keys = [" ".join(tokens(p)) for p in paragraphs]
    words = tokens(" ".join(paragraphs))
    grams = {tuple(words[i : i + 5]) for i in range(len(words) - 4)}
    if sum(len(tokens(p)) >= 12 for p in paragraphs) < 3 or not grams:
        return  # too few paragraphs for its copies to be judged
    if any(k in seen for k in keys if len(k.split()) >= 6) or len(grams & grams_seen) > 0.2 * len(grams):
        return
    seen.update(keys)
    grams_seen.update(grams)
    pool.append(list(paragraphs))


def wording(rng: random.Random) -> dict[str, str]:
    """One site's choice among the synonyms."""
    return {w: rng.choice(group) for group in SYNONYMS for w in group}


def reword(text: str, words: dict[str, str]) -> str:
    return _SYNONYM_WORD.sub(lambda m: words.get(m.group(1), m.group(1)), text)


def block(kind: str, site: str, rng: random.Random, fill: dict[str, str]) -> str:
    """One template block of 40-200 words: frames of ``kind`` in a per-site order, filled in."""
    frames = rng.sample(FRAMES[kind], len(FRAMES[kind]))
    others = [f for k in sorted(FRAMES) if k != kind for f in FRAMES[k]]
    frames = rng.sample(others, len(others)) + frames  # popped from the end: the block's own kind first
    target = rng.randint(40, 200)
    sentences: list[str] = []
    while len(tokens(" ".join(sentences))) < target:
        sentences.append(frames.pop().format(site=site, **fill))
    return " ".join(sentences)


def make_site(number: int, rng: random.Random) -> Site:
    name = f"The {PLACES[number % len(PLACES)]} {TITLES[(number * 7 + number // len(PLACES)) % len(TITLES)]}"
    domain = re.sub(r"[^a-z]", "", name.lower()) + f"{number}.example"
    fill = {
        "topic": rng.choice(TOPICS),
        "email": f"desk@{domain}",
        "show": f"{PLACES[(number + 5) % len(PLACES)]} Talk",
    }
    kinds = rng.sample(sorted(FRAMES), rng.randint(1, 3))
    words = wording(rng)
    blocks = [reword(block(kind, name, rng, fill), words) for kind in kinds]
    placement = [rng.choice(["top", "bottom", "bottom", "middle"]) for _ in blocks]
    authors: list[str] = []
    for _ in range(rng.randint(2, 4)):
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        pronoun = rng.choice(["she", "he", "they"])
        frames = [f for f in AUTHOR_FRAMES if rng.random() < 0.8] or AUTHOR_FRAMES[:2]
        authors.append(
            " ".join(
                f.format(
                    name=author,
                    role=rng.choice(["reporter", "senior writer", "correspondent", "staff writer"]),
                    site=name,
                    pronoun=pronoun,
                    pronoun_cap=pronoun.capitalize(),
                    has="have" if pronoun == "they" else "has",
                    writes="write" if pronoun == "they" else "writes",
                    beat=rng.choice(BEATS),
                    year=rng.randint(2005, 2022),
                    place=rng.choice(PLACES),
                    email=f"{author.split()[0].lower()}@{domain}",
                )
                for f in frames
            )
        )
    return Site(
        name,
        domain,
        tuple(b for b, p in zip(blocks, placement, strict=True) if p == "top"),
        tuple(b for b, p in zip(blocks, placement, strict=True) if p == "middle"),
        tuple(b for b, p in zip(blocks, placement, strict=True) if p == "bottom"),
        tuple(reword(a, words) for a in authors),
        number % 6 == 5,
    )


def as_sentences(paragraphs: list[str]) -> list[str]:
    """One sentence per line."""
    return [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if s.strip()]


def page(site: Site, headline: str, article: list[str], rng: random.Random) -> str:
    """A body as a cleaner that missed the furniture returns it."""
    day = f"Updated {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2024)}"
    lines = [*site.top, headline, day]
    if site.middle and len(article) > 2:
        lines += [*article[:2], *site.middle, *article[2:]]
    else:
        lines += [*article, *site.middle]
    lines += [rng.choice(site.authors), *site.bottom]
    return "\n\n".join(lines)


def comments(vocabulary: list[str], rng: random.Random) -> str:
    """A few readers' comments (words drawn at random: text no other page has)."""
    return "\n\n".join(
        f"{rng.choice(FIRST)} {rng.choice(LAST)}: " + " ".join(rng.choices(vocabulary, k=rng.randint(12, 35)))
        for _ in range(rng.randint(2, 4))
    )


def headline_of(paragraphs: list[str], rng: random.Random) -> str:
    words = " ".join(paragraphs).split()
    start = rng.randrange(0, max(1, len(words) - 10))
    return " ".join(words[start : start + rng.randint(5, 9)]).strip(".,;:").title()


def copy_edits(story: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """A copy of a wire story as another site runs it: 40 % trimmed at the end, 20 % missing a middle
    paragraph, 50 % with an agency dateline or credit line; the paragraphs and the edits made."""
    paragraphs, edits = list(story), []
    if len(paragraphs) >= 4 and rng.random() < 0.4:
        cut = rng.randint(1, max(1, len(paragraphs) // 3))
        paragraphs = paragraphs[:-cut]
        edits.append(f"trim{cut}")
    if len(paragraphs) >= 5 and rng.random() < 0.2:
        del paragraphs[rng.randrange(1, len(paragraphs) - 1)]
        edits.append("drop")
    if rng.random() < 0.5:
        if rng.random() < 0.5:
            paragraphs[0] = rng.choice(AGENCY) + paragraphs[0]
        else:
            paragraphs.append(rng.choice(CREDITS))
        edits.append("agency")
    return paragraphs, edits


def build(
    seed: int = DEFAULT_SEED,
    sites: int = 34,
    articles: int = 20,
    wire: int = 40,
    single: int = 40,
    once: float = 0.0,
    recrawl: float = 0.05,
    wide: int = 0,
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    pool = article_pool()
    rng.shuffle(pool)
    needed = sites * articles + wire + wide + single
    if len(pool) < needed:
        raise SystemExit(
            f"only {len(pool)} articles in the pool, {needed} needed: lower --sites or --articles"
        )
    site_list = [make_site(n, rng) for n in range(sites)]
    records: list[dict[str, object]] = []

    def add(site: Site, text: str, group: str, kind: str, edits: list[str], url: str = "") -> str:
        n = len(records)
        url = url or f"https://www.{site.domain}/{kind}/{n}"
        records.append(
            {
                "id": f"{kind}-{n:04d}",
                "text": text,
                "url": url,
                "site": site.domain,
                "group": group,
                "kind": kind,
                "edits": edits,
            }
        )
        return url

    vocabulary = sorted({w for paragraphs in pool for p in paragraphs for w in p.split() if w.isalpha()})
    taken = iter(pool)
    for s, site in enumerate(site_list):
        for a in range(articles):
            paragraphs = next(taken)
            body = as_sentences(paragraphs) if site.sentence_lines else paragraphs
            text = page(site, headline_of(paragraphs, rng), body, rng)
            url = add(site, text, f"s{s}a{a}", "article", [])
            if rng.random() < recrawl:  # the same page fetched again, readers' comments below it by then
                add(site, text + "\n\n" + comments(vocabulary, rng), f"s{s}a{a}", "recrawl", [], url)
        for lost in range(rng.randint(1, 2)):
            add(site, page(site, f"Story {lost} from {site.name}", [], rng), f"s{s}lost{lost}", "lost", [])
    loners = (make_site(sites + n, rng) for n in range(10**6))  # sites with one page in the corpus
    for n in range(single):
        paragraphs, site = next(taken), next(loners)
        add(site, page(site, headline_of(paragraphs, rng), paragraphs, rng), f"single{n}", "single", [])
    for w in range(wire):
        story = next(taken)
        outlets = rng.sample(site_list, rng.randint(2, 5))
        # with ``once``: also on one or two sites the corpus has no other page of (their furniture cannot be learnt)
        if rng.random() < once:
            outlets += [next(loners) for _ in range(rng.randint(1, 2))]
        rng.shuffle(outlets)
        for c, site in enumerate(outlets):
            paragraphs, edits = copy_edits(story, rng) if c > 0 else (list(story), [])
            add(site, page(site, headline_of(story, rng), paragraphs, rng), f"wire{w}", "wire", edits)
    for w in range(wide):  # a story every site ran: its paragraphs are in as many documents as a site's blurb
        story = next(taken)
        for c, site in enumerate(rng.sample(site_list, rng.randint(15, min(25, len(site_list))))):
            paragraphs, edits = copy_edits(story, rng) if c > 0 else (list(story), [])
            add(site, page(site, headline_of(story, rng), paragraphs, rng), f"wide{w}", "wide", edits)
    rng.shuffle(records)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sites", type=int, default=34)
    parser.add_argument("--articles", type=int, default=20, help="different articles per site")
    parser.add_argument("--wire", type=int, default=40, help="wire stories, each on 2-5 sites")
    parser.add_argument("--single", type=int, default=40, help="pages of sites seen once, not copied")
    parser.add_argument(
        "--once", type=float, default=0.0, help="share of wire stories also on 1-2 sites seen only once"
    )
    parser.add_argument(
        "--recrawl", type=float, default=0.05, help="share of pages fetched twice (same URL, comments added)"
    )
    parser.add_argument(
        "--wide", type=int, default=0, help="wire stories each on 15-25 sites (a story every site ran)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = build(
        args.seed, args.sites, args.articles, args.wire, args.single, args.once, args.recrawl, args.wide
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    kinds = {
        k: sum(r["kind"] == k for r in records)
        for k in ("article", "recrawl", "lost", "wire", "wide", "single")
    }
    print(f"wrote {len(records)} records to {args.out} ({kinds})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
