"""Events (conferences, meetings) with year, month and location from the sentences around them."""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import EventCandidate, Mention, Sentence
from isecg_extract.textutil import month_number

_PLACE = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_SKIP = re.compile(r"^\s*(?:\([A-Za-z0-9&\s]{1,16}\)\s*)?(?:(?:19|20)\d{2}\b\s*)?")
_IN = re.compile(
    rf"^\s*,?\s*(?:(?:held|hosted|organised|organized|taking\s+place)\s+)?in\s+(?P<x>{_PLACE}(?:\s*,\s*{_PLACE})?)"
)
_MONTH_YEAR = re.compile(
    r"^\s*,?\s*(?:in\s+|on\s+)?(?:\d{1,2}(?:[-–]\d{1,2})?\s+)?(?P<m>[A-Z][a-z]+)\s+(?:\d{1,2}(?:[-–]\d{1,2})?,?\s+)?(?P<y>(?:19|20)\d{2})\b"
)
_FUTURE = re.compile(r"\b(?:will|shall|plans?\s+to|aims?\s+to|upcoming|next)\b", re.IGNORECASE)


def read_event(
    m: Mention, sent: Sentence | None, report_year: int | None, cfg: PipelineConfig
) -> EventCandidate:
    """One mention's event: the series, and what the sentence says of its date and place."""
    year, month, location = m.year, None, ""
    if sent is not None:
        after = sent.text[m.char_end - sent.char_start :][:160]
        pos = _SKIP.match(after).end()
        while True:
            my = _MONTH_YEAR.match(after[pos:])
            if my and month_number(my.group("m")):
                month = month_number(my.group("m"))
                year = year or (int(my.group("y")) if my.group("y") else None)
                pos += my.end()
                continue
            hit = _IN.match(after[pos:])
            if not hit or month_number(hit.group("x").split()[0]) is not None:
                break
            location = location or hit.group("x").strip(" ,.")
            pos += hit.end()
        if year is None and not _FUTURE.search(sent.text):
            # A dated annual report recounts its own year unless it speaks of the future.
            year = report_year
    return EventCandidate(
        series_id=m.entity_id,
        acronym="",
        name=m.text,
        year=year,
        month=month,
        location=location,
        section_id=m.section_id,
        page=m.page,
        known=m.known,
    )
