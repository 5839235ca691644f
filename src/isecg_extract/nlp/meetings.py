"""Events from any mention of a meeting (issue 26): a meeting noun or a host verb tied to ISECG.

``events.toml`` names meetings by their phrasings ("the ISECG plenary", "ISECG met"); here a
meeting is recognised from its parts, as ``frames`` recognises changes: a word of the meeting
field of ``pipeline/patterns/frames.toml`` (meeting, plenary, workshop, forum, summit, session,
conference, teleconference, side event; "hosted", "played host to"), by lemma, in a sentence tied
to ISECG (its name, "the group", one of its working groups, its delegates), with the place
("in Berlin", "at ESOC", a date line "Moscow, 2011."), the date from the sentence, and the
report's year only for a meeting the sentence says took place. Another body's meeting (the
words around the noun name it), a meeting in general, a hypothetical and a planned meeting with
no date stay silent. The rows are added to ``events``' own; the normaliser merges one series'
meetings of a year by month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from isecg_extract.config import PipelineConfig
from isecg_extract.model import EventCandidate, Mention, Sentence, Structure
from isecg_extract.nlp.events import beside_conference, date_in, event_words, place_in
from isecg_extract.nlp.frames import (
    Field,
    Tok,
    frames_toml,
    history_section,
    load_frames,
    row_as_sentence,
    tokens,
)
from isecg_extract.textutil import BRACKET_MONTH, IN_MONTH, MONTH_PATTERN, YEAR_RE, month_number


@dataclass(frozen=True)
class MeetingWords:
    nouns: Field
    workshop: Field
    sam: Field
    hosting: Field
    guests: Field
    ties: Field
    weak_ties: Field
    done: Field
    outside: Field
    participation: Field
    beside: Field
    generic_prepositions: frozenset[str]
    how_often: frozenset[str]


@lru_cache(maxsize=4)
def load_meeting_words(root: str) -> MeetingWords:
    data = frames_toml(root)
    m = data["meeting"]
    return MeetingWords(
        nouns=Field.of(m["nouns"]),
        workshop=Field.of(m["workshop_nouns"]),
        sam=Field.of(m["sam"]),
        hosting=Field.of(m["hosting"]),
        guests=Field.of(m["guests"]),
        ties=Field.of(m["ties"]),
        weak_ties=Field.of(m["weak_ties"]),
        done=Field.of(m["done"]),
        outside=Field.of(m["outside"]),
        participation=Field.of(m["participation"]),
        beside=Field.of(m["beside"]),
        generic_prepositions=frozenset(m["generic_prepositions"]),
        how_often=frozenset(m["how_often"]),
    )


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+)*)\s*"
    r"(?:,\s*[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+)*)?\s*"
    r"(?:,|\()\s*(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d{2}\)?\s*"
    r"(?:[.:—–-]|--)"
)


def takes_part(
    sent: Sentence, mentions: list[Mention], cfg: PipelineConfig, at: int | None = None
) -> bool:
    """Whether a sentence ties another body's conference to ISECG: what ISECG's people did
    there ("showcased at IAC 2026"), or ISECG, its delegates or one of its groups in the
    sentence, unless the conference only says when or where ISECG met ("in the margins of the
    IAC": ``at`` is the mention's offset in the report text). "The 67th IAC took place in
    Guadalajara" is no event of the report."""
    words = load_meeting_words(str(cfg.root))
    lang = cfg.settings["pipeline"]["spacy_language"]
    external = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    toks = tokens(sent.text, lang)
    lemmas = [t.lemma for t in toks]
    frames = load_frames(str(cfg.root))
    if frames.silent.anywhere(lemmas) or frames.meeting_silent.anywhere(lemmas):
        return False  # "The side event foreseen at GLEX 2021 did not take place"
    agency = any(m.entity_type == "agency" for m in mentions)
    unnamed = _unnamed(toks)
    ours = (
        cfg.publisher_acronym.casefold() in lemmas
        or any(
            (n := words.ties.at(unnamed, k))
            and not (agency and words.weak_ties.at(unnamed, k) == n)
            for k in range(len(unnamed))
        )
        or any(m.entity_type == "working_group" and m.entity_id not in external for m in mentions)
    )
    if words.participation.anywhere(lemmas) and (ours or not agency):
        # "This work will be showcased at IAC 2026" (said of ISECG's in a report about it); not
        # "A JAXA representative chaired the plenary panel at the IAC", an agency's own part
        return True
    if at is not None:
        before = sent.text[max(0, at - sent.char_start - 48) : max(0, at - sent.char_start)]
        near = [t.lemma for t in tokens(before, lang)][-6:]
        if words.beside.anywhere(near):
            return False
    return ours


def _unnamed(toks: list[Tok]) -> list[str]:
    """The lemmas without the "Group" of a name ("the COPUOS Working Group on ..."): a tie word
    ("group") in another body's name ties nothing to ISECG; ISECG's own groups are mentions,
    and its own name keeps its "Coordination Group"."""
    return [
        ""
        if (
            t.text == "Group"
            and (i == 0 or toks[i - 1].text not in {"Coordination", "the", "The", "our", "Our"})
        )
        or (t.text == "group" and i > 0 and toks[i - 1].text == "working")
        else t.lemma  # "the Group" alone is the report's own; "its own working group" no one's
        for i, t in enumerate(toks)
    ]


def _dateline(text: str) -> str:
    """ "Moscow, 2011." / "TOULOUSE, 2014 —" / "Berlin, November 2007:": the place."""
    m = _DATELINE.match(text)
    if not m or month_number(m.group("place").split()[0]):
        return ""
    place = m.group("place")
    return place.title() if place.isupper() else place


def meeting_frames(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
    existing: list[EventCandidate],
) -> list[EventCandidate]:
    frames = load_frames(str(cfg.root))
    words = load_meeting_words(str(cfg.root))
    where = event_words(cfg)
    lang = cfg.settings["pipeline"]["spacy_language"]
    publisher = cfg.publisher_acronym.casefold()
    limit = cfg.settings["nlp"]["max_sentence_chars"]
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    external = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    have = {(e.series_id, e.year, e.month) for e in existing}
    series_names = {f.casefold() for r in cfg.events.rows for f in cfg.events.names(r) if f} | {
        w.casefold() for w in where.not_places
    }
    places = {  # an undated one ("the next plenary ... in Japan") is dropped later: no match
        (e.series_id, e.location.split(",")[0].casefold())
        for e in existing
        if e.location and e.year is not None
    }
    series = {m["series"] for m in cfg.event_patterns["meeting"]}
    conference = _names_regex(
        [f for r in cfg.events.rows if r["id"] not in series for f in cfg.events.names(r)]
    )
    out: list[EventCandidate] = []

    def lemmas_of(k: int) -> list[str]:
        return [t.lemma for t in tokens(sentences[k].text, lang)]

    for index, sent in enumerate(sentences):
        kind = structure.blocks[sent.block_index].kind
        if kind not in {"paragraph", "list_item", "table_row"}:
            continue
        if len(sent.text) > limit or not _PREFILTER.search(sent.text):
            continue
        if kind == "table_row":
            sent = row_as_sentence(sent)  # "ISECG meeting | 7–8 June 2016 | Cologne | host: DLR"
        section = structure.section(sent.section_id)
        if section is not None and history_section(section.title, frames):
            continue
        toks = tokens(sent.text, lang)
        lemmas = [t.lemma for t in toks]
        if frames.meeting_silent.anywhere(lemmas) or any(
            frames.silent.at(lemmas, k) and lemmas[k] != "guest" for k in range(len(lemmas))
        ):
            continue  # "as guests of CNES" is hosting, not the silence of an observer's join
        ments = by_sentence.get(index, [])
        groups = [
            m for m in ments if m.entity_type == "working_group" and m.entity_id not in external
        ]
        others = [m for m in ments if m.entity_type == "working_group" and m.entity_id in external]
        own = publisher in lemmas or bool(groups)
        tied = own or (words.ties.anywhere(_unnamed(toks)) and not others)
        trigger = _trigger(words, toks, lemmas)
        if trigger is None:
            continue
        pos, series, noun = trigger
        noun = re.sub(r"(meeting|workshop|session|plenar)(?:ies|s)$", _singular, noun)
        if others and not own:
            continue  # "The IMEWG met in Noordwijk": another body's group
        if any(
            sent.char_start + toks[max(0, pos - 5)].start
            <= m.char_end
            <= sent.char_start + toks[pos].start
            and "'s" in lemmas[max(0, pos - 5) : pos]
            for m in others
        ):
            continue  # "ILEWG's international lunar conference": the other body's own
        named = _named_before(toks, pos, ments, sent)
        hosted = (
            words.hosting.anywhere(lemmas)
            and any(m.entity_type == "agency" for m in ments)
            and lemmas[pos] in _HOSTED_NOUNS  # "CSA hosted the spring meeting", no conference
        )
        # The sentence before and the section title are read only when the sentence itself
        # ties the meeting to nothing (each is one more text to tokenise).
        if not (
            tied
            or named
            or hosted
            or _previous_tied(sentences, index, lemmas_of, words, publisher)
            or (section is not None and _titled(section.title, words, publisher, lang))
        ):
            continue
        text = sent.text
        before_text = sentences[index - 1].text if index > 0 else ""
        dateline = _dateline(text) or (
            _dateline(before_text)
            if index > 0 and sentences[index - 1].block_index == sent.block_index
            else ""
        )
        done = bool(_PAST.search(text)) or any(
            words.done.at(lemmas, k) and _past(toks[k].text) for k in range(len(toks))
        )
        met = conference.search(text) if conference is not None else None
        if (
            met is not None
            and not _organiser(toks, lemmas, pos, publisher)
            and not beside_conference(text[: met.start()], cfg)
        ):
            continue  # "a dedicated session" at the IAC is the congress's, not ISECG's
        end = next((k for k in range(pos + 1, len(toks)) if toks[k].text in {";", ":"}), len(toks))
        after = text[toks[pos].start : toks[end - 1].end]
        place = (
            _place(after, where, series_names)
            or (place_in(text, where) == "virtual" and "virtual")
            or _place_before(toks, pos, ments, sent)
            or _hosting_place(words, toks, lemmas, ments, sent)
            # "Plenary — ESOC, Darmstadt, 16–17 June", "ISECG-1 — Berlin, November 2007"
            or _dash_place(text[toks[pos].end :], series_names)
            # "At IAC 2023 in Baku the Group ran a workshop": the conference's place, before
            or (
                _place(text[met.end() : toks[pos].start], where, series_names)
                if met is not None and met.end() < toks[pos].start
                else ""
            )
            or (dateline if done else "")
            or (_row_place(text, ments, sent, series_names) if kind == "table_row" else "")
        )
        if not place and _generic(words, lemmas, pos):
            continue  # "carried out in a single forum": a kind of body, not a meeting
        # "met twice in 2011: in Kyoto in March ... and in Paris in November", "in Berlin in
        # April 2012, hosted by DLR, and again in Naples in June": one meeting per place and
        # month the coordination lists.
        sentence_year = (
            date_in(text)[0]
            or YEAR_RE.search(text)
            and int(
                YEAR_RE.search(text).group(1)  # type: ignore[union-attr]
            )
        )
        if sentence_year is None and done:
            sentence_year = report_year
        rest = text[toks[pos].start :]
        further = _further(rest, where, series_names, sentence_year)
        for where_, y, mo, _ in further:
            if (series, y, mo) in have:
                continue
            have.add((series, y, mo))
            places.add((series, where_.split(",")[0].casefold()))
            name = f"{_owner(groups, ments, publisher, lemmas)} {noun}".strip()
            out.append(_candidate(series, name, y, mo, where_, sent))
        several = _several(toks, lemmas, pos)
        dates = _dates(text, toks, pos, several=several, year=report_year, done=done, named=named)
        if further and not _LISTING.search(rest[: further[0][3]]):
            # "met in Washington in June and in Paris in November 2010": the first meeting's
            # month is its own, before the next place; the year may come after.
            own = IN_MONTH.search(rest[: further[0][3]])
            if own and sentence_year is not None:
                dates = [(sentence_year, month_number(own.group("m").rstrip(".")))]
        future = frames.planned.anywhere(lemmas)
        if not dates and several:
            continue  # "held two face-to-face sessions": how many, not when
        if (
            _counted(words, lemmas, pos)
            and place in {"", "virtual"}
            and all(mo is None for _, mo in dates)
        ):
            continue  # "the ERWG met five times in 2011": how often, not when or where
        if not dates:
            year, month = date_in(before_text) if dateline and done else (None, None)
            if year is None and report_year is not None and done and not future:
                year = report_year  # "was held at ESOC": the report's own year
            if year is None:
                continue
            dates = [(year, month)]
        if not place and all(mo is None for _, mo in dates) and future:
            continue  # a meeting announced with neither place nor date
        if place and (series, place.split(",")[0].casefold()) in places:
            continue  # "At the Noordwijk meeting ...": the meeting events.toml dated
        owner = (
            publisher.upper()
            if noun.startswith("plenar")
            else _owner(groups, ments, publisher, lemmas)
        )
        name = f"{owner} {noun}".strip()
        for year, month in dates:
            if year is None:
                continue
            if (series, year, month) in have or (
                month is None and any(h[:2] == (series, year) for h in have)
            ):
                continue
            have.add((series, year, month))
            if place:
                places.add((series, place.split(",")[0].casefold()))
            out.append(_candidate(series, name, year, month, place, sent))
    return out


def _singular(m: re.Match[str]) -> str:
    """One of a list's meetings: "meetings" -> "meeting", "plenaries" -> "plenary"."""
    return m.group(1) + ("y" if m.group(1) == "plenar" else "")


def _candidate(
    series: str, name: str, year: int, month: int | None, place: str, sent: Sentence
) -> EventCandidate:
    """One meeting of a registry series, placed in the sentence that told it."""
    return EventCandidate(
        series_id=series,
        acronym="",
        name=name,
        year=year,
        month=month,
        location=place,
        section_id=sent.section_id,
        page=sent.page,
        known=True,
    )


_FURTHER = re.compile(r"(?:,\s*|\s+)(?:and|while|then)\s+(?:again\s+|later\s+|also\s+)?|;\s*")


def _further(
    after: str, where: object, series_names: set[str], year: int | None
) -> list[tuple[str, int, int, int]]:
    """(place, year, month, offset in ``after``) of the meetings a coordination lists after the first ("and again
    in Naples in June"), or all of them after a colon ("met twice: in Kyoto in March and in
    Paris in November") or a dash; each part must give both a place and a month."""
    mark = _LISTING.search(after)  # "met twice: ...", "Two meetings took place in 2013 — ..."
    start = mark.end() if mark else 0
    pieces = re.split(f"({_FURTHER.pattern})", after[start:])
    parts, at = [], start  # each part with its offset in ``after``
    for k, piece in enumerate(pieces):
        if k % 2 == 0 and (mark or k > 0):
            parts.append((piece, at))
        at += len(piece)
    out = []
    if mark:
        # "2009 meetings: Yokohama (Mar), Noordwijk (Dec)": places, each with its month
        for m in _PLACE_MONTH.finditer(after, mark.end()):
            mo = month_number(m.group("m").rstrip("."))
            y = int(m.group("y")) if m.group("y") else year
            if y is not None and mo is not None and m.group("place").casefold() not in series_names:
                out.append((m.group("place"), y, mo, m.start()))
        if out:
            return out
    for part, offset in parts:
        part = part.strip()
        if not re.match(r"(?:in|at)\s+[A-Z]", part):
            continue
        place = BRACKET_MONTH.sub("", _place(part, where, series_names)).strip()
        y, mo = date_in(part)
        if mo is None:
            bare = IN_MONTH.search(part) or BRACKET_MONTH.search(part)  # "in June", "(May)"
            mo = month_number(bare.group("m").rstrip(".")) if bare else None
        if not place or mo is None or (y or year) is None:
            continue
        out.append((place, y or year, mo, offset))
    return out


_PLACE_MONTH = re.compile(
    rf"(?:^|[:,;]\s*|\band\s+)(?P<place>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,2}})\s*"
    rf"\(\s*(?P<m>(?i:{MONTH_PATTERN}))\.?\s*(?P<y>(?:19|20)\d{{2}})?\s*\)"
)  # "Yokohama (Mar)", "Montreal (July 2008)"
_LISTING = re.compile(r":|\s[—–]\s")


_MONTH_BEFORE = re.compile(rf"\bthe\s+(?P<m>{MONTH_PATTERN})\s+\w+$", re.IGNORECASE)


def _counted(words: MeetingWords, lemmas: list[str], pos: int) -> bool:
    """ "met five times", "met twice", "has already met four times", "met regularly by
    teleconference": how often, not one meeting."""
    around = lemmas[max(0, pos - 2) : pos] + lemmas[pos + 1 : pos + 5]
    return not words.how_often.isdisjoint(around)


def _previous_tied(
    sentences: list[Sentence], index: int, lemmas_of: object, words: MeetingWords, publisher: str
) -> bool:
    """The sentence before, in the same paragraph, is about ISECG's meetings: "ISECG met
    virtually on 12-13 March 2020. A second virtual meeting followed on 9 September." """
    if index == 0 or sentences[index - 1].block_index != sentences[index].block_index:
        return False
    lemmas = lemmas_of(index - 1)  # type: ignore[operator]
    return (publisher in lemmas or words.ties.anywhere(lemmas)) and (
        words.nouns.anywhere(lemmas) or words.sam.anywhere(lemmas) or words.done.anywhere(lemmas)
    )


def _named_before(toks: list[Tok], pos: int, ments: list[Mention], sent: Sentence) -> bool:
    """ "the Yokohama meeting", "the May plenary", "At the October meeting": a meeting the
    report names by its place or month is one of the report's own."""
    k = pos - 1
    if k >= 1 and YEAR_RE.fullmatch(toks[k].text):
        k -= 1  # "the March 2009 meeting", "the spring 2018 meeting"
    if k < 1 or toks[k - 1].text.casefold() not in {"the", "its"}:
        return False
    if toks[k].text.casefold() in _OWN_SERIES | _SEASONS:
        return True  # "the next meeting", "the spring 2018 meeting"
    return bool(month_number(toks[k].text)) or bool(_place_before(toks, k + 1, ments, sent))


_HOSTED_NOUNS = frozenset({"meet", "meeting", "meetings", "plenary", "session", "workshop"})
_OWN_SERIES = frozenset({"next", "last", "previous", "following", "upcoming", "forthcoming"})
_SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})


_PREFILTER = re.compile(
    r"meet|met\b|plenar|workshop|forum|summit|session|conferenc|host|event|gather|convene",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were)\s+held\b|\btook\s+place\b|\bthis\s+week\b|\btoday\b", re.I)


def _trigger(
    words: MeetingWords, toks: list[Tok], lemmas: list[str]
) -> tuple[int, str, str] | None:
    """(token, series, what the text calls it) of the first meeting the sentence names."""
    # "Heads of agency met ... at the ISECG Senior Agency Management meeting": a verb of meeting
    # and the meeting it names are one; the named meeting wins.
    sam = next((i for i in range(len(toks)) if words.sam.at(lemmas, i)), None)
    for i in range(len(toks)):
        if words.sam.at(lemmas, i):
            return i, "isecg-sam", "Senior Agency Management meeting"
        if sam is not None and toks[i].text.casefold() in _MEETING_VERBS:
            continue
        if toks[i].text.casefold() == "convened" and lemmas[i - 1 : i] == ["be"]:
            continue  # "a Benefits Tiger Team was convened": a body set up, no meeting
        n = words.workshop.at(lemmas, i)
        if n and not _outside(words, toks, lemmas, i, n):
            return i, "isecg-workshop", _noun(toks, i, n)
        n = words.nouns.at(lemmas, i)
        if n and not _outside(words, toks, lemmas, i, n):
            return i, "isecg-meeting", _noun(toks, i, n)
    for i in range(len(toks)):
        n = words.hosting.at(lemmas, i)
        if (
            n
            and lemmas[i] == "welcome"
            and ("into" in lemmas[i + n : i + n + 3] or lemmas[i - 1 : i] == ["be"])
        ):
            continue  # "has been welcomed into ISECG as its 27th member": a join, no host
        if n and words.guests.anywhere(lemmas, i + n, min(len(toks), i + n + 8)):
            return i, "isecg-meeting", "meeting"
    return None


_ARTICLES = frozenset({"a", "an", "one"})
_MEETING_VERBS = frozenset({"met", "meet", "meets", "convened", "convene", "gathered"})


def _generic(words: MeetingWords, lemmas: list[str], pos: int) -> bool:
    """Whether the meeting noun at ``pos`` is the indefinite object of a generic preposition
    ("in a single forum", "as a forum") or of "is" ("ISECG is a voluntary, non-binding forum"):
    up to four words between the article and the noun."""
    if lemmas[pos] == "forum" and "," in lemmas[max(0, pos - 8) : pos]:
        # "ISECG, the international forum of space agencies ...": what the group is
        comma = max(k for k in range(max(0, pos - 8), pos) if lemmas[k] == ",")
        if lemmas[comma + 1 : comma + 2] == ["the"] and (
            "isecg" in lemmas[max(0, comma - 6) : comma]
            or "group" in lemmas[max(0, comma - 3) : comma]
        ):
            return True
    for k in range(pos - 1, max(pos - 6, 0) - 1, -1):
        if lemmas[k] in _ARTICLES:
            # "in a single forum", "It is a voluntary, non-binding forum": what a body is
            return k > 0 and (lemmas[k - 1] in words.generic_prepositions or lemmas[k - 1] == "be")
    return False


def _noun(toks: list[Tok], i: int, n: int) -> str:
    """The noun with the word before it when that is a plain modifier ("side meeting"); the
    verb ("met", "meets") names a meeting."""
    if toks[i].text.casefold() in _MEETING_VERBS | {"meeting"} and n == 1:
        return "meeting"
    words = [t.text for t in toks[i : i + n]]
    before = toks[i - 1].text if i > 0 else ""
    if (
        before.islower()
        and before.isalpha()
        and before not in {"the", "a", "an", "its", "their", "of", "at", "for", "to"}
        and before not in {"next", "first", "last", "previous", "following", "second", "third"}
    ):
        words.insert(0, before)
    return " ".join(words).lower()


def _outside(words: MeetingWords, toks: list[Tok], lemmas: list[str], i: int, n: int) -> bool:
    """The noun is another body's ("the ESA Council meeting", "the 60th session of the UN
    COPUOS", "the Lunar and Planetary Science Conference": a name), or one chaired by the
    sentence's subject ("chaired a session")."""
    near = lemmas[max(0, i - 3) : i + n + 2]
    if toks[i].text.casefold() in _MEETING_VERBS:
        # "ESA's Council at ministerial level met in Seville": who met is the verb's subject
        start = max((k + 1 for k in range(i) if lemmas[k] in {",", ";", ":"}), default=0)
        near = lemmas[start:i]
    elif i > 0 and lemmas[i - 1] in {"its", "their"}:
        near = lemmas[:i]  # "CEOS, the Committee on ..., held its plenary": the subject's own
    if any(words.outside.at(near, k) for k in range(len(near))):
        return True
    named = i > 0 and toks[i].text[:1].isupper() and toks[i - 1].text.casefold() != "isecg"
    return named or "chair" in lemmas[max(0, i - 3) : i]


_AT = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<x>[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
    r"(?:\s*\([A-Z][A-Za-z]{1,8}\))?(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)?)"
)


def _place(text: str, where: object, series_names: set[str]) -> str:
    """ "in Montreal", "at ESOC", "at the European Space Operations Centre (ESOC)"; not a
    month, a conference ("at the IAC"), nor a capitalised word that is no place."""
    for m in _AT.finditer(text):
        x = m.group("x").strip(" ,.")
        head, _, rest = x.partition(",")
        if rest and not _country(rest.strip()):
            x = head.strip()  # "in Noordwijk, ESA agreed": no country after the comma
        first = x.split()[0].casefold()
        if month_number(first) or first in series_names or x.casefold() in series_names:
            continue
        if any(w.casefold().strip("()") in series_names for w in x.split()):
            continue
        if re.match(r"\s+(?:meeting|plenary|workshop|session|forum)", text[m.end() :], re.I):
            continue  # "at the ISECG Senior Agency Management meeting" names a meeting
        return x
    return ""


def _row_place(text: str, ments: list[Mention], sent: Sentence, series_names: set[str]) -> str:
    """A table row's cell that holds a place alone ("ISECG meeting | June 2016 | Cologne"):
    one to three capitalised words, no date, no agency or group, no meeting's name."""
    at = 0
    for cell in text.split(","):
        start, at = at, at + len(cell) + 1
        x = cell.strip()
        words = x.split()
        if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        if any(ch.isdigit() for ch in x) or month_number(words[0].rstrip(".")):
            continue
        if x.casefold() in series_names or x.isupper():
            continue
        a = sent.char_start + start
        if any(a <= m.char_start < sent.char_start + at for m in ments):
            continue  # an agency or a group, not a place
        return x
    return ""


def _dash_place(after: str, series_names: set[str]) -> str:
    """A place right after the meeting's name and a dash or a comma, before a comma or a bracket:
    a list line's ("ISECG meeting, Tokyo (host: JAXA)")."""
    m = re.match(r"\s*[—–,]\s*([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?)\s*(?:[,(]|$)", after)
    if not m or month_number(m.group(1).split()[0]) or m.group(1).casefold() in series_names:
        return ""
    if m.group(1).isupper():
        return ""  # "the plenary, ESA (host) ...": an agency, not a place
    return m.group(1)


def _hosting_place(
    words: MeetingWords, toks: list[Tok], lemmas: list[str], ments: list[Mention], sent: Sentence
) -> str:
    """ "Montreal hosted the second meeting of ...": a city that opens the sentence as the host,
    one or two capitalised words that name no agency, group or month."""
    k = next((k for k in (1, 2) if k < len(toks) and words.hosting.at(lemmas, k)), None)
    if k is None or not all(t.text[:1].isupper() and t.text.isalpha() for t in toks[:k]):
        return ""
    if month_number(toks[0].text) or any(
        m.char_start < sent.char_start + toks[k].start for m in ments
    ):
        return ""
    return " ".join(t.text for t in toks[:k])


def _place_before(toks: list[Tok], pos: int, ments: list[Mention], sent: Sentence) -> str:
    """ "the Montreal meeting", "the Noordwijk meeting": a capitalised word before the noun
    that names no agency, group or month."""
    k = pos - 1
    if k < 1 or not toks[k].text[:1].isupper() or toks[k].text.isupper():
        return ""
    if toks[k - 1].text.casefold() not in {"the", "a"} or month_number(toks[k].text):
        return ""
    a = sent.char_start + toks[k].start
    if any(m.char_start <= a < m.char_end for m in ments):
        return ""
    return toks[k].text


def _country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return name.casefold() in {"the netherlands", "usa", "uk", "korea"}
    return True


def _names_regex(names: list[str]) -> re.Pattern[str] | None:
    """Any of the outside series' names or acronyms, as whole words."""
    forms = sorted({n for n in names if len(n) > 2}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


def _titled(title: str, words: MeetingWords, publisher: str, lang: str) -> bool:
    """A section about ISECG's meetings ("2.1 Meetings", "ISECG Meetings in 2021")."""
    lemmas = [t.lemma for t in tokens(title, lang)]
    return words.nouns.anywhere(lemmas) and not words.outside.anywhere(lemmas)


def _organiser(toks: list[Tok], lemmas: list[str], pos: int, publisher: str) -> bool:
    """ISECG itself just before the meeting: "ISECG organised a side event at the IAC",
    "ISECG members met in Baku on the margins of the IAC"."""
    lo = max(0, pos - 4)
    return publisher in lemmas[lo:pos] or any(  # "the Group ran a workshop", the report's group
        toks[k].text == "Group" and lemmas[k - 1] == "the" for k in range(max(1, lo), pos)
    )


def _past(word: str) -> bool:
    w = word.casefold()
    return w.endswith("ed") or w in {"held", "met", "took"}


_SEVERAL = re.compile(
    rf"(?P<m>{'|'.join(('january', 'february', 'march', 'april', 'june', 'july', 'august'))}"
    r"|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\b",
    re.IGNORECASE,
)


def _several(toks: list[Tok], lemmas: list[str], pos: int) -> bool:
    """ "meetings", "two meetings", "The 2020 meetings": more than one meeting."""
    word = toks[pos].text.casefold()
    return (
        word.endswith("s")
        and not word.endswith("ss")
        or any(  # the words, not lemmas: "second" is "2" to the lookup table
            t.text.casefold() in {"two", "three", "four", "2", "3", "4", "several"}
            for t in toks[max(0, pos - 3) : pos]
        )
    )


def _dates(
    text: str,
    toks: list[Tok],
    pos: int,
    several: bool,
    year: int | None,
    done: bool,
    named: bool = False,
) -> list[tuple[int | None, int | None]]:
    """The meeting dates of a sentence: the date next to the meeting noun ("At the December
    meeting in Noordwijk, ... in early 2010" is December, in the report's year), else the
    sentence's; one per month when it speaks of several ("two meetings in 2012: one in March
    and one in October")."""
    near_year, near_month = _near(text, toks, pos)
    if near_month is not None and near_year is None and year is not None and not several:
        return [(year, near_month)]
    if near_year is not None and not several:
        return [(near_year, near_month)]
    found = _sentence_dates(text, several)
    if found or several or year is None:
        return found
    # "At the June plenary", "A further session took place on 2 December": a month without
    # its year is the report's own year.
    lo = toks[max(0, pos - 3)].start
    hi = next((t.end for t in toks[pos + 1 :] if t.text in {",", ";", ":"}), len(text))
    bare = _MONTH_BEFORE.search(text[lo : toks[pos].end])
    if bare is None and named:  # "at the Yokohama meeting in March"
        bare = IN_MONTH.search(text[toks[pos].start : hi])
    if bare is None and done:  # "took place on 2 December", "followed on 9 September"
        bare = IN_MONTH.search(text[lo:hi]) or IN_MONTH.search(text)
    return [(year, month_number(bare.group("m").rstrip(".")))] if bare else []


def _near(text: str, toks: list[Tok], pos: int) -> tuple[int | None, int | None]:
    """The date in the words around the meeting noun, up to the next comma or colon."""
    lo = max(0, pos - 3)
    hi = next((k for k in range(pos + 1, len(toks)) if toks[k].text in {",", ";", ":"}), len(toks))
    return date_in(text[toks[lo].start : toks[hi - 1].end])


def _sentence_dates(text: str, several: bool) -> list[tuple[int | None, int | None]]:
    year, month = date_in(text)
    if year is None:
        # "The 2020 meetings were held ... on 12-13 March"; not "the first plenary since 2019"
        bare = YEAR_RE.search(re.sub(r"\bsince\s+(?:19|20)\d{2}\b", "", text))
        year = int(bare.group(1)) if bare else None
    months = []
    for m in _SEVERAL.finditer(text):
        mo = month_number(m.group("m").rstrip("."))
        if mo and mo not in months and not (m.group(0)[0].islower()):
            months.append(mo)
    if several:
        # Several meetings: one per month, when the sentence gives one year and the months.
        years = {m.group(1) for m in YEAR_RE.finditer(text)}
        if year is not None and len(years) == 1 and len(months) > 1:
            return [(year, mo) for mo in months]
        return []
    if year is None and month is None:
        return []
    return [(year, month)]


def _owner(groups: list[Mention], ments: list[Mention], publisher: str, lemmas: list[str]) -> str:
    if groups:
        return groups[0].text if len(groups[0].text) <= 8 else groups[0].entity_id.upper()
    return publisher.upper()
