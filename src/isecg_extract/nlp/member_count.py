"""The member count a text states, in any of its usual forms.

"27 space agencies", "ISECG's fourteen member agencies", "as its 15th member", "bringing total
membership to 15", "the group has grown to 22 members". A count of agencies that attended a
meeting, answered a survey, founded the group or have joined since some date is not the
membership; a clause that says so is passed over, unless it counts them all ("All 14 agencies
took part"). Of the statements left, the last one that
speaks of membership outright wins (the "about ISECG" text usually comes last).
"""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Sentence

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORDINAL_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}


def parse_number(text: str) -> int | None:
    """ "27", "twenty-seven", "15th", "fifteenth" -> the number; None when it is none."""
    t = " ".join(text.casefold().replace("-", " ").split())
    m = re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th)?", t)
    if m:
        return int(m.group(1))
    words = t.split()
    if len(words) == 1:
        w = words[0]
        for table in (_UNITS, _ORDINAL_UNITS):
            if w in table:
                return table.index(w)
        return _TENS.get(w, _ORDINAL_TENS.get(w))
    if len(words) == 2 and words[0] in _TENS:
        unit = words[1]
        for table in (_UNITS, _ORDINAL_UNITS):
            if unit in table and 0 < table.index(unit) < 10:
                return _TENS[words[0]] + table.index(unit)
    return None


def stated_member_count(
    sentences: list[Sentence], cfg: PipelineConfig, headings: set[int] | None = None
) -> int | None:
    """``headings``: the block indexes of headings and TOC entries, whose section numbers are
    no counts ("5 Participating Agencies")."""
    strong: int | None = None
    weak: int | None = None
    for sent in sentences:
        text = " ".join(sent.text.split())
        if headings and sent.block_index in headings:
            numbered = cfg.regex["numbered"].match(text)
            text = numbered.group("title") if numbered else text  # "5 Participating Agencies"
        for whole, patterns in (
            (True, cfg.regex["member_count_all"]),
            (False, cfg.regex["member_count"]),
        ):
            for p in patterns:
                for m in p.finditer(text):
                    n = parse_number(m.group("n"))
                    if n is None or not 1 < n < 200:
                        continue
                    clause = _clause(text, m.start(), m.end())
                    if not whole and any(
                        q.search(clause) for q in cfg.regex["member_count_excluded"]
                    ):
                        continue
                    if whole or any(q.search(clause) for q in cfg.regex["member_count_strong"]):
                        strong = n
                    else:
                        weak = n
    return strong if strong is not None else weak


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a match: from the punctuation before it to the punctuation after."""
    before = max(text.rfind(ch, 0, start) for ch in ",;:(")
    afters = [i for i in (text.find(ch, end) for ch in ",;:)") if i >= 0]
    return text[before + 1 : min(afters) if afters else len(text)]
