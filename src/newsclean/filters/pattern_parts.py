"""Named pieces of pattern text that the pattern families are built from: numbers, quote moves,
dates and times, news agencies and people's names as pages print them.

Plain strings for the ``regex`` module, written with possessive quantifiers and atomic groups so
that a family built from them runs in time linear in its line; the families are in
:mod:`newsclean.filters.patterns`, and the metadata extraction and structural filters read
``AGENCY``, ``PERSON`` and the date pieces too.
"""

from __future__ import annotations

#: A number as quotes print it: 1,234.56 / 1 234,56 / 79,333 / -0.02 / +3.1 / $1,950.
NUMBER = r"[+\-−]?+[$€£¥₹₨]?+(?:\d{1,3}+(?:[,\u202f\u00a0]\d{3})++|\d++)(?:[.,]\d++)?+"
#: A percentage, optionally signed and parenthesised: (-3.46%) / +1.2% / 0%.
PERCENT = r"\(?+[+\-−]?+\d++(?:[.,]\d++)?+\h?+%\)?+"
#: Up/down arrows and triangles used by quote strips.
ARROW = r"[▲▼△▽↑↓⬆⬇▴▾⏶⏷🔺🔻]"
#: The words quote strips put between price and change.
MOVE = r"(?i:(?:increased|decreased|up|down|rose|fell)\h++by|no\h++change|unchanged|up|down|pts?|points?)(?![\p{L}\p{N}])"
#: A symbol or instrument name token: starts with a letter (KSE100, S&P, EUR/USD, Brent).
SYMBOL = r"\p{L}[\p{L}\p{N}.&/'’\-]{0,24}+"

#: One item of a quote row after its symbol: a change in per cent, an arrow, a move word or a number.
QUOTE_ITEM = rf"(?:{PERCENT}|{ARROW}|{MOVE}|\(?+{NUMBER}\)?+)"

#: Month names and abbreviations, English.
MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = r"(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?\.?,?"
TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\h?+(?i:[ap]\.?m\.?)?(?:\h?+(?:[A-Z]{2,5}|GMT[+\-]\d{1,2}|UTC))?"
#: A calendar date in the common news formats: 14 Sep, 2024 / Sep 14, 2024 / 2024-09-14 / 14/09/2024.
DATE = (
    rf"(?:{WEEKDAY}\h++)?(?:\d{{1,2}}(?:st|nd|rd|th)?\h++{MONTH},?\h++\d{{4}}"
    rf"|{MONTH}\h++\d{{1,2}}(?:st|nd|rd|th)?,?\h++\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+\-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
DATETIME = rf"{DATE}(?:(?:,|\h++at|\h++-|\h++\|)?\h++{TIME})?"

#: News agencies whose name alone on a line is a credit or byline.
AGENCIES = (
    "AFP",
    "Agence France-Presse",
    "Reuters",
    "AP",
    "Associated Press",
    "The Associated Press",
    "Bloomberg",
    "APP",
    "PTI",
    "IANS",
    "ANI",
    "UNI",
    "Xinhua",
    "dpa",
    "DPA",
    "EFE",
    "ANSA",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "UPI",
    "TASS",
    "RIA Novosti",
    "Anadolu",
    "Anadolu Agency",
    "NNA",
    "KUNA",
    "WAM",
    "SPA",
    "Bernama",
    "Antara",
    "CNA",
    "AAP",
    "NZME",
    "CP",
    "The Canadian Press",
    "Getty Images",
    "Shutterstock",
    "EPA",
    "Agencies",
    "News Desk",
    "Web Desk",
    "Staff Reporter",
    "Our Correspondent",
    "Monitoring Desk",
    "Business Recorder",
    "Wire",
)
AGENCY = "(?:" + "|".join(sorted((a.replace(" ", r"\h++") for a in AGENCIES), key=len, reverse=True)) + ")"

#: A person's name as bylines print it: two to four capitalised words, initials allowed.
PERSON = (
    r"\p{Lu}[\p{L}'’.\-]*+(?:\h++(?:\p{Lu}[\p{L}'’.\-]*+|de|da|van|von|der|del|la|le|bin|al-\p{L}++)){1,4}+"
)
