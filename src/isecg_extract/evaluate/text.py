"""How the scorer compares strings: by meaning, not by spelling.

A hand-made gold writes "Republic of Korea" where the output says "Korea", "4.3 Outlook" where
it says "Outlook", "coordinating the roadmaps" where it says "coordinate the roadmap"; these
functions make such pairs equal. They follow the reference scorer's rules exactly
(``../shared/eval/score.py``: ``tests/test_evaluate_agreement.py`` checks the two agree), so a
score quoted from one is the score of the other.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "its",
        "it",
        "their",
        "this",
        "that",
        "these",
        "those",
        "be",
        "is",
        "are",
        "was",
        "were",
        "will",
        "into",
        "within",
        "across",
        "via",
        "per",
        "or",
        "our",
        "other",
        "also",
        "all",
        "any",
    ]
)
"""Words that carry no meaning of an activity or a title: never counted as shared."""

SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s", "e")
"""A crude stemmer's endings, longest first: "coordination" and "coordinating" meet at "coordin"."""

_COUNTRY_GROUPS = (
    ("usa", "us", "united states", "united states of america", "u s a"),
    ("republic of korea", "south korea", "korea", "korea republic of"),
    ("united kingdom", "uk", "great britain", "britain"),
    ("russia", "russian federation"),
    ("united arab emirates", "uae"),
    ("vietnam", "viet nam"),
    ("europe", "european", "eu", "multinational", "international"),
)
COUNTRY_KEYS = {name: min(group) for group in _COUNTRY_GROUPS for name in group}
"""Each country spelling to one key (the group's first name in sort order)."""

_SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXivx]{1,4}\.)\s+")


def plain(value: Any) -> str:
    """Lower-case ASCII words separated by single spaces; accents, case and punctuation dropped."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def heading_words(title: Any) -> str:
    """A heading without its number ("4.3.1. Outlook" and "IV. Outlook" are "outlook")."""
    return plain(_SECTION_NUMBER.sub("", str(title or "")))


def word_stem(word: str) -> str:
    """The word without the first ending that leaves more than three letters."""
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: Any) -> set[str]:
    """The stems of a text's meaningful words (no stop words, no single letters)."""
    return {word_stem(w) for w in plain(text).split() if len(w) > 1 and w not in STOP_WORDS}


def country(value: Any) -> str:
    """A country's key: every spelling of one country (and of "Europe") gives the same."""
    name = plain(value)
    return COUNTRY_KEYS.get(name, name)


def year_of(value: Any) -> str:
    """A CSV cell's year as text, "2026.0" (a float column) read as "2026"."""
    return str(value).strip().split(".")[0]


def overlap(gold: set[str], predicted: set[str]) -> tuple[float, float]:
    """How much of the gold's words the prediction covers, and how much of it is gold."""
    shared = len(gold & predicted)
    return shared / len(gold), shared / len(predicted)
