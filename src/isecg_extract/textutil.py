"""Small text helpers shared by the stages: normalising titles, slugs, markup and lists."""

from __future__ import annotations

import calendar
import re
import unicodedata

# English month names from the standard library: the package never sets a locale, so
# ``calendar`` names them in English whatever the user's settings.
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
"""A month's name or its usual abbreviation in a regex (compile with re.IGNORECASE)."""
IN_MONTH = re.compile(
    rf"\b(?:in|on|during)\s+(?:early\s+|late\s+|mid-)?(?:\d{{1,2}}\s+)?(?P<m>{MONTH_PATTERN})\b",
    re.IGNORECASE,
)
"""A month a meeting is dated by ("in June", "on 9 June", "in early May")."""
BRACKET_MONTH = re.compile(rf"\(\s*(?P<m>{MONTH_PATTERN})\s*\)", re.IGNORECASE)
"""A month in brackets after a place ("Tsukuba (May)")."""
DATED_BY_MONTH = re.compile(
    rf"\b(?:in|on|since|from|by)\s+(?:early\s+|late\s+|mid-)?(?:\d{{1,2}}\s+)?"
    rf"(?:{MONTH_PATTERN})(?!\w)",
    re.IGNORECASE,
)
"""A month with no year that dates a change or a plan in the report's own year ("passed the
chair to ESA in May", "will hold a workshop in September")."""
# A number in figures or words ("27", "twenty-seven", "fourteen"); ORDINAL likewise ("15th",
# "fifteenth"). Kept loose (any word or two) so the patterns compile fast; parse_number then
# tells numbers from the other words they catch.
NUMBER = r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)\s+[a-z]+|[A-Za-z]+(?:-[A-Za-z]+)?)"
ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z]+(?:-[A-Za-z]+)?)"

YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'", "‘": "'", "“": '"', "”": '"'}
)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form for comparing names and titles."""
    text = text.translate(_DASHES)
    if not text.isascii():  # ASCII has no accents to strip; most text is ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9&]+", " ", text.casefold())
    return " ".join(text.split())


def norm_title(text: str) -> str:
    """A heading or TOC title without dot leaders, so the two can be matched."""
    text = re.sub(r"(?:\s*[.…·]\s*){2,}$", "", text.strip())
    return fold(text)


def slug(text: str, max_len: int = 60) -> str:
    """An id from a title, at most ``max_len`` characters, cut at a word boundary.

    A cut mid-word ("...-international-arc") reads as another word; only a single word
    longer than the limit is cut inside itself.
    """
    s = fold(text).replace("&", "and")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > max_len:
        cut = s[: max_len + 1]  # a hyphen just past the limit means the limit ends a word
        s = cut[: cut.rfind("-")] if "-" in cut else s[:max_len]
    return s.rstrip("-") or "x"


_MARKUP = re.compile(
    r"\[(?P<link>[^\]\n]+)\]\([^)\n]*\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<ital>[^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])"
)


def strip_markup(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove light markup (links, bold, italics) and return the italic/link spans left behind.

    Text exports of reports keep Markdown-like emphasis; the spans mark titles of works, which
    a PDF shows as italics, so both inputs give the publications extractor the same hint.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _MARKUP.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        inner = m.group("link") or m.group("bold") or m.group("ital") or ""
        inner_clean, inner_spans = strip_markup(inner)
        if m.group("link") is not None or m.group("ital") is not None:
            spans.append((length, length + len(inner_clean)))
        spans.extend((length + a, length + b) for a, b in inner_spans)
        out.append(inner_clean)
        length += len(inner_clean)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def split_outside_parens(text: str, sep: str = ",") -> list[str]:
    """Split on a separator that is not inside brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:;)\"”’]\s*$", text)) and not re.search(
        r"\b(?:e\.g|i\.e|etc)\.$", text
    )


def starts_lower(text: str) -> bool:
    t = text.lstrip("\"“‘'([")
    return bool(t) and t[0].islower()


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its usual abbreviation ("Sept", "Oct."), else None."""
    key = word.casefold().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if len(key) >= 3:
        for name, number in MONTHS.items():
            if name.startswith(key) and (len(key) == 3 or key == "sept"):
                return number
    return None
