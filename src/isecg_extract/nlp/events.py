"""Events (conferences, meetings) with year, month and location from the sentences around them.

Two sources: mentions of the registry's series ("IAC 2026", "GLEX"), read with the words right
after them; and meetings that are named by their kind only ("the second ISECG meeting in
Montreal, Canada, on 8-10 July 2008", "ISECG met virtually on 12 and 13 March 2020"), found by
the patterns in ``pipeline/patterns/events.toml`` and dated and placed from their sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import EventCandidate, Mention, Sentence
from isecg_extract.nlp.frames import load_frames, tokens
from isecg_extract.textutil import BRACKET_MONTH, IN_MONTH, MONTH_PATTERN, YEAR_RE, month_number

_PLACE = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_SKIP = re.compile(r"^\s*(?:\([A-Za-z0-9&\s]{1,16}\)\s*)?(?:(?:19|20)\d{2}\b\s*)?")
_IN = re.compile(
    rf"^\s*,?\s*(?:(?:held|hosted|organised|organized|taking\s+place)\s+)?in\s+(?P<x>{_PLACE}(?:\s*,\s*{_PLACE})?)"
)
_MONTH_YEAR = re.compile(
    r"^\s*,?\s*(?:in\s+|on\s+)?(?:\d{1,2}(?:[-–]\d{1,2})?\s+)?(?P<m>[A-Z][a-z]+)\s+(?:\d{1,2}(?:[-–]\d{1,2})?,?\s+)?(?P<y>(?:19|20)\d{2})\b"
)
_LISTED_FIRST = re.compile(r"^\s*:\s*([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\s*\(")
_NEXT_PLACE = re.compile(
    r"(?:,\s*|\s+)(?:and|while|then)\s+(?:again\s+|later\s+)?(?:in|at)\s+[A-Z]"
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
        if not location or month is None:
            # Words between the name and its place or date ("held at ministerial level in
            # Washington in January 2014"), up to the next sentence.
            clause = after[pos:]
            if not location:
                location = place_in(clause, event_words(cfg))
            found_year, found_month = date_in(clause)
            if month is None and found_month and year in (found_year, None):
                month = found_month
                year = year or found_year
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


_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:{_DAY}(?:\s*(?:[-–]|and|to|&)\s*{_DAY})?\s+)?(?P<m>{MONTH_PATTERN})"
    rf"(?:\s+{_DAY}(?:\s*[-–]\s*{_DAY})?,?)?"
    rf"(?:\s*(?:[-–]|and|to)\s*{_DAY}\s+{MONTH_PATTERN})?\s+(?P<y>(?:19|20)\d{{2}})\b"
    r"|\b(?:in|during|throughout|for|of)\s+(?P<y2>(?:19|20)\d{2})\b(?![-./]\d)"
    rf"|\b(?:on\s+)?(?P<m3>{MONTH_PATTERN})\s+{_DAY}\b(?!\s*[-–,]?\s*(?:\d|{MONTH_PATTERN}))",
    re.IGNORECASE,
)


@dataclass
class EventWords:
    """The compiled [place] settings of events.toml."""

    place: re.Pattern[str]
    virtual: list[re.Pattern[str]]
    not_places: frozenset[str]


def event_words(cfg: PipelineConfig) -> EventWords:
    """The [place] words of events.toml, as config compiled them."""
    return EventWords(
        place=cfg.regex["event_place"],
        virtual=cfg.regex["event_virtual"],
        not_places=frozenset(w.casefold() for w in cfg.event_patterns["place"]["not_places"]),
    )


def date_in(text: str, months_only: bool = False) -> tuple[int | None, int | None]:
    """(year, month) of the first date in ``text``: "8-10 July 2008", "March 2009", "in 2010".

    A date with its month wins over a bare year ("on 9 September 2020 ... plans for 2021").
    """
    bare: tuple[int | None, int | None] = (None, None)
    for m in _DATE.finditer(text):
        if m.group("y"):
            return int(m.group("y")), month_number(m.group("m").rstrip("."))
        if m.group("m3"):
            # "on Oct. 7": a month without its year, the text's own year.
            if bare == (None, None):
                bare = (None, month_number(m.group("m3").rstrip(".")))
            continue
        if bare[0] is None and not months_only:
            bare = (int(m.group("y2")), bare[1])
    return bare


def place_in(text: str, words: EventWords) -> str:
    """ "in Montreal, Canada" -> "Montreal, Canada"; a virtual meeting -> "virtual"."""
    for m in words.place.finditer(text):
        x = m.group("x").strip(" ,.")
        first = x.split()[0].strip(",.").casefold()
        if first in words.not_places or month_number(first) or YEAR_RE.fullmatch(first):
            continue
        if re.match(r"\s+level\b", text[m.end() :], re.IGNORECASE):
            continue  # "at Senior Agency Management level" is no place
        # "Montreal, Canada, on 8-10 July": keep the place, drop what follows the last comma.
        return re.sub(r"\s*,\s*(?:on|in)\b.*$", "", x)
    if any(p.search(text) for p in words.virtual):
        return "virtual"
    return ""


_LISTED_DATE = re.compile(
    rf"(?:\bin\s+(?P<before>[A-Z][\w'’.-]*(?:\s*,?\s+(?:the\s+)?[A-Z][\w'’.-]*)*)\s+(?:in|on)\s+)?"
    rf"\b(?:{_DAY}\s+)?(?P<m>{MONTH_PATTERN})\s+(?:{_DAY},?\s+)?(?P<y>(?:19|20)\d{{2}})\b"
    r"(?:\s*\((?P<after>[A-Z][^()]{1,40})\))?",
    re.IGNORECASE,
)


def _listed_meetings(text: str, words: EventWords) -> list[tuple[int, int | None, str]]:
    """(year, month, place) of each dated meeting in a list: "July 2008 (Montreal), March 2009
    (Yokohama Japan), and most recently in Noordwijk, The Netherlands in December 2009"."""
    out = []
    for m in _LISTED_DATE.finditer(text):
        place = (m.group("after") or m.group("before") or "").strip(" ,.")
        if place and (
            month_number(place.split()[0]) or place.split()[0].casefold() in words.not_places
        ):
            place = ""
        out.append((int(m.group("y")), month_number(m.group("m").rstrip(".")), place))
    return out


def _names_regex(names: list[str]) -> re.Pattern[str] | None:
    forms = sorted({n for n in names if len(n) > 2}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


def meeting_events(
    sentences: list[Sentence],
    blocks_kind: list[str],
    cfg: PipelineConfig,
    report_year: int | None,
) -> list[EventCandidate]:
    """Meetings named by their kind, each dated and placed from the words after it."""
    words = event_words(cfg)
    patterns = cfg.regex["meetings"]
    named_before: dict[int, str] = {}  # block -> the last meeting name a sentence gave
    names = {r["id"]: r["name"] for r in cfg.events.rows}
    out: list[EventCandidate] = []
    limit = cfg.settings["nlp"]["max_sentence_chars"]
    # A plenary or session in a sentence about a conference is the conference's, not ISECG's.
    series = {m["series"] for m in cfg.event_patterns["meeting"]}
    conference = _names_regex(
        [f for r in cfg.events.rows if r["id"] not in series for f in cfg.events.names(r)]
    )
    for sent in sentences:
        if blocks_kind[sent.block_index] not in {"paragraph", "list_item"}:
            continue
        if len(sent.text) > limit or not cfg.regex["meeting_prefilter"].search(sent.text):
            continue
        if silenced(sent.text, cfg):
            continue
        hits = sorted(
            {
                (m.start(), m.end(), series, name)
                for series, name, p in patterns
                for m in p.finditer(sent.text)
            }
        )
        hits = [h for i, h in enumerate(hits) if not any(o[0] <= h[0] < o[1] for o in hits[:i])]
        met = conference.search(sent.text) if conference is not None else None
        if met is not None and not beside_conference(sent.text[: met.start()], cfg):
            publisher = cfg.publisher_acronym.casefold()
            hits = [h for h in hits if publisher in sent.text[h[0] : h[1]].casefold()]
        # "ISECG heads of agency convened for a Senior Agency Management meeting": the verb and
        # the meeting it names are one meeting, the named one, dated from the whole sentence.
        if len(hits) > 1 and hits[0][3] == "<back>":
            hits = hits[1:]
            merged_from = 0
        else:
            merged_from = None
        for i, (start, end, series, surface) in enumerate(hits):
            stop = hits[i + 1][0] if i + 1 < len(hits) else len(sent.text)
            if _outside_before(sent.text[max(0, start - 90) : start], cfg):
                continue  # "The ISS heads of agency met in Tokyo": another body's meeting
            if surface == "<each>":
                listed = _listed_meetings(sent.text[end:stop], words)
                out.extend(
                    _meeting(series, names.get(series, ""), y, mo, where, sent, names)
                    for y, mo, where in listed
                )
                continue
            if surface == "<back>":
                surface = named_before.get(sent.block_index, "")
            else:
                named_before[sent.block_index] = surface or names.get(series, "")
            before = sent.text[hits[i - 1][1] if i else (merged_from or 0) : start]
            after = sent.text[end:stop]
            # A later meeting of the sentence is not dated by the words of the one before it
            # ("... in Cologne in May 2019, and at the Senior Agency Managers meeting held
            # alongside IAC 2019").
            tries = (
                [(after, True), (before, True), (after, False)]
                if i == 0
                else [(after, True), (after, False)]
            )
            if i + 1 == len(hits) and i == 0:
                tries.append((before, False))
            year, month = None, None
            for text, months_only in tries:
                y, mo = date_in(text, months_only=months_only)
                month = month or mo
                if y is not None:
                    year, month = y, mo or month
                    break
            nxt = _NEXT_PLACE.search(after)
            head = after[: nxt.start()] if nxt else ""
            own = IN_MONTH.search(head) or BRACKET_MONTH.search(head)  # "in June", "(May)"
            if own:
                # "met in Washington in June and in Paris in November 2010": this meeting's
                # month is the one before the next place; the later one is the next meeting's.
                month = month_number(own.group("m").rstrip("."))
            listed = _LISTED_FIRST.match(after)  # "ISECG meetings: Lisbon (March 2030), ..."
            location = (
                place_in(after, words)
                or (listed.group(1) if listed else "")
                or (place_in(before, words) if merged_from is not None and i == 0 else "")
            )  # "Heads of agency met in Baku ... at the ISECG Senior Agency Management meeting"
            if not (month or location or (year and not _FUTURE.search(sent.text))):
                continue  # meetings in general, or planned ones with no date or place
            if year is None and not _FUTURE.search(sent.text):
                year = report_year  # "met in Darmstadt on Oct. 7": the text's own year
            name = surface or names.get(series, sent.text[start:end])
            out.append(_meeting(series, name, year, month, location, sent, names))
    return out


def beside_conference(before: str, cfg: PipelineConfig) -> bool:
    """ "... met in Paris, in the margins of the IAC": the words just before a conference's name
    say a meeting was held beside it, so the meeting is ISECG's own (the [meeting] beside words
    of frames.toml, by lemma)."""
    return load_frames(str(cfg.root)).meeting_beside.anywhere(_last_lemmas(before[-60:], cfg, 6))


def _outside_before(before: str, cfg: PipelineConfig) -> bool:
    """Another body's word right before a meeting phrase ("The ISS heads of agency met"), or
    anywhere before one it owns ("CEOS, the Committee on ..., held its plenary")."""
    outside = load_frames(str(cfg.root)).meeting_outside
    last = _last_lemmas(before, cfg, 12)
    return outside.anywhere(last[-3:]) or (
        last[-1:] in (["its"], ["their"]) and outside.anywhere(last)
    )


def _last_lemmas(text: str, cfg: PipelineConfig, n: int) -> list[str]:
    return [t.lemma for t in tokens(text, cfg.settings["pipeline"]["spacy_language"])][-n:]


def silenced(text: str, cfg: PipelineConfig) -> bool:
    """A meeting the sentence says did not take place (cancelled, negated, hypothetical): the
    [meeting] silent field of ``pipeline/patterns/frames.toml``, by lemma."""
    lemmas = [t.lemma for t in tokens(text, cfg.settings["pipeline"]["spacy_language"])]
    return load_frames(str(cfg.root)).meeting_silent.anywhere(lemmas)


def _meeting(
    series: str,
    name: str,
    year: int | None,
    month: int | None,
    location: str,
    sent: Sentence,
    names: dict[str, str],
) -> EventCandidate:
    return EventCandidate(
        series_id=series,
        acronym="",
        name=name,
        year=year,
        month=month,
        location=location,
        section_id=sent.section_id,
        page=sent.page,
        known=series in names,
    )
