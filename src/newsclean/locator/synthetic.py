"""Comment threads written into training pages, so that the locator learns what one looks like.

The permissively licensed pages the locator is fitted on are article pages saved without
their readers' comments, while the pages users bring often carry a thread of them under the
article: paragraphs of prose that are not the article. A thread rendered as text has a
shape of its own whatever the site (an author line, a date, one or more paragraphs, a
"Reply" or "Like" line, again and again, under a counter or a "Leave a reply" header), so
training pages get threads written into them after the article, labelled not body.

The threads are made from the page's own sentences (readers quote and discuss the article,
so only the shape can tell the two apart) and from a few generic short remarks, with
author names, dates and action lines in the forms common comment systems render
(WordPress, Disqus, Facebook, site-made widgets). Seeded: the same page and seed give the
same thread.

>>> import random
>>> lines = comment_thread(["The council met on Monday.", "It voted to close the road."], random.Random(1))
>>> len(lines) > 4 and all(isinstance(line, str) for line in lines)
True
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import regex

_FIRST = [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Matthew",
    "Nancy",
    "Anthony",
    "Lisa",
    "Mark",
    "Betty",
    "Paul",
    "Sandra",
    "Steven",
    "Ashley",
    "Andrew",
    "Emily",
    "Kevin",
    "Donna",
    "Brian",
    "Michelle",
    "George",
    "Carol",
    "Ahmed",
    "Priya",
    "Wei",
    "Carlos",
    "Ana",
    "Lukas",
    "Sofia",
    "Kenji",
    "Fatima",
    "Olga",
    "Pierre",
]
_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Khan",
    "Singh",
    "Chen",
    "Müller",
    "Rossi",
    "Dubois",
    "Novak",
    "Silva",
    "Tanaka",
    "Kowalski",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_REMARKS = (
    "Great article, thanks!",
    "Thanks for sharing.",
    "I completely agree with this.",
    "Well said.",
    "This is so true.",
    "Interesting read.",
    "I don't buy it.",
    "Couldn't agree more!",
    "Nice post. Keep it up.",
    "Where can I find more about this?",
    "Thank you for writing this.",
    "Totally disagree.",
    "Same here.",
    "LOL",
    "+1",
    "Wow.",
    "Very helpful, thank you.",
    "Can you share the source for this?",
    "I had the same experience last year.",
    "Finally someone says it.",
)
_HEADERS = (
    "{n} Comments",
    "{n} comments",
    "{n} Responses",
    "{n} responses to “{title}”",
    "Comments ({n})",
    "Comments",
    "Reader Comments",
    "Discussion",
    "Join the conversation",
    "What do you think?",
    "Showing {n} comments",
    "Sort by: Newest",
    "Conversation",
    "{n} thoughts on “{title}”",
    "Reactions",
    "Your Comments",
)
_ACTIONS = (
    "Reply",
    "Reply ↓",
    "Like",
    "Like Reply",
    "Reply Report",
    "Report abuse",
    "Flag",
    "Permalink",
    "Log in to Reply",
    "• Reply • Share ›",
    "Like · Reply · {k}",
    "{k} likes",
    "Vote Up {k} Vote Down",
    "Share ›",
    "Recommend",
    "{k} replies",
)
_FORM = (
    ("Leave a Reply",),
    ("Leave a Reply", "Your email address will not be published. Required fields are marked *"),
    ("Name *", "Email *", "Website"),
    ("Post Comment",),
    ("Notify me of follow-up comments by email.", "Notify me of new posts by email."),
    ("Add a comment", "Sign in to comment"),
    ("You must be logged in to post a comment.",),
)
_SENTENCE = regex.compile(r"(?<=[.!?][\"'”’)]?)\s+(?=[A-Z\"“])")


def _name(rng: random.Random) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    form = rng.randrange(5)
    if form == 0:
        return f"{first} {last}"
    if form == 1:
        return f"{first.lower()}{last[0].lower()}{rng.randrange(1, 999)}"
    if form == 2:
        return f"{first} {last[0]}."
    if form == 3:
        return first
    return f"{first}_{last}".lower()


def _date(rng: random.Random) -> str:
    month, day, year = rng.choice(_MONTHS), rng.randrange(1, 29), rng.randrange(2008, 2025)
    hour, minute, half = rng.randrange(1, 13), rng.randrange(60), rng.choice(("am", "pm", "AM", "PM"))
    forms = (
        f"{month} {day}, {year} at {hour}:{minute:02d} {half}",
        f"{day} {month[:3]} {year}",
        f"{rng.randrange(2, 23)} hours ago",
        f"{rng.randrange(1, 11)} years ago",
        f"{month[:3]} {day}, {year} {hour}:{minute:02d}{half.lower()}",
        f"Posted {month} {day}, {year}",
        f"{year}-{rng.randrange(1, 13):02d}-{day:02d} {hour:02d}:{minute:02d}",
    )
    return rng.choice(forms)


def _author_line(name: str, date: str, rng: random.Random) -> list[str]:
    form = rng.randrange(6)
    if form == 0:
        return [f"{name} says:", date]
    if form == 1:
        return [name, date]
    if form == 2:
        return [f"{name} | {date}"]
    if form == 3:
        return [f"{name} wrote:"]
    if form == 4:
        return [f"{name} on {date} said:"]
    return [name]


def _paragraphs(sentences: Sequence[str], rng: random.Random) -> list[str]:
    if not sentences or rng.random() < 0.3:
        return [rng.choice(_REMARKS)]
    out = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        start = rng.randrange(len(sentences))
        text = " ".join(sentences[start : start + rng.choice((1, 1, 2, 3))])
        if rng.random() < 0.3:
            text = f"{rng.choice(_REMARKS)} {text}"
        if rng.random() < 0.15:
            text = text[:1].lower() + text[1:]
        out.append(text)
    return out


def comment_counter(rng: random.Random) -> str:
    """A comment counter, as sites show one under a headline."""
    return rng.choice(("{n} comments", "{n} Comments", "Comments ({n})", "{n} Responses", "Comments")).format(
        n=rng.randrange(1, 300)
    )


def comment_thread(body: Sequence[str], rng: random.Random, title: str = "") -> list[str]:
    """The lines of a comment thread about an article whose paragraphs are ``body``."""
    sentences = [s for paragraph in body for s in _SENTENCE.split(paragraph) if len(s.split()) >= 4]
    count = rng.randrange(2, 13) if rng.random() < 0.6 else rng.randrange(13, 41)
    lines: list[str] = []
    if rng.random() < 0.8:
        lines.append(rng.choice(_HEADERS).format(n=count, title=title or "this post"))
    if rng.random() < 0.25:
        lines.extend(rng.choice(_FORM))
    bullet = rng.choice(("", "", "* ", "+ "))
    for _ in range(count):
        author = _author_line(_name(rng), _date(rng), rng)
        reply_bullet = "+ " if bullet and rng.random() < 0.3 else bullet
        text = _paragraphs(sentences, rng)
        if rng.random() < 0.2:
            lines.extend(f"{reply_bullet}{line}" for line in author[:1])
            lines.extend(text)
            lines.extend(author[1:])
        else:
            lines.append(f"{reply_bullet}{author[0]}")
            lines.extend(author[1:])
            lines.extend(text)
        if rng.random() < 0.8:
            lines.append(rng.choice(_ACTIONS).format(k=rng.randrange(0, 40)))
    if rng.random() < 0.4:
        lines.extend(rng.choice(_FORM))
    return lines
