"""The member roster wherever a report gives it, not only in a member table.

Reports of different years list their members in different places: a member table (2014 on),
an annex with one sub-section per agency and its TOC entries (2007-2013), a bulleted list, running
prose ("ISECG's fourteen members are ..."), or only through the changes they report (joins,
chair hand-overs).
Each source adds the members it establishes, and every row says which source found it. When no
source gives anything like a whole roster (an excerpt, a news post), the agencies of the registry
the text names are taken too (source ``mention``): the registry is ISECG's membership, past and
present, so a registry agency named in ISECG's own text is a member unless the sentence says it
is an observer or a guest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Mention, NlpResult, Sentence, Structure, TocEntry
from isecg_extract.normalise.countries import country_code, country_name
from isecg_extract.normalise.entities import EntityIndex
from isecg_extract.normalise.members import Member, split_organisations
from isecg_extract.textutil import fold

_NUMBER = re.compile(
    r"^\s*(?:annex\s+)?(?:[A-Z]\.|[IVX]{1,5}\.|\d{1,3}(?:\.\d{1,3})*\.?)?\s*", re.I
)


def complete_roster(
    structure: Structure,
    nlp: NlpResult,
    table_members: list[Member],
    index: EntityIndex,
    cfg: PipelineConfig,
) -> list[Member]:
    """Table members first, then the members every other source establishes, each once."""
    settings = cfg.settings["members"]
    roster = _Roster(index, cfg)
    for m in table_members:
        roster.add_member(m)
    annex = _annex_members(structure, nlp.mentions, cfg)
    for m, section_id in annex:
        roster.add(m.entity_id, m.text, "annex", section_id, m.page, m.physical_page)
    toc = _toc_members(structure.toc, index, cfg)
    for entity_id, name, entry in toc:
        roster.add(entity_id, name, "toc", "", entry.page, None)
    listed = _list_members(structure, nlp.mentions, cfg)
    listed += _paragraph_list_members(structure, nlp.mentions, cfg)
    for m in listed:
        roster.add(m.entity_id, m.text, "list", m.section_id, m.page, m.physical_page)
    listing = max(len(table_members), len(annex), len(toc), len(listed))
    whole = listing >= settings["min_whole_roster"]
    prose = _prose_members(nlp.sentences, nlp.mentions, cfg)
    if not whole:
        # A whole roster (table, annex, TOC or list) is the membership; prose beside it
        # recalls founders and former names ("founding members included the BNSC").
        for m in prose:
            roster.add(m.entity_id, m.text, "prose", m.section_id, m.page, m.physical_page)
    for m in _change_members(nlp, cfg, joins_only=whole):
        roster.add(m.entity_id, m.text, "change", m.section_id, m.page, m.physical_page)
    if max(listing, _longest_list(prose)) < settings["min_whole_roster"]:
        for m in _named_members(nlp.sentences, nlp.mentions, cfg):
            roster.add(m.entity_id, m.text, "mention", m.section_id, m.page, m.physical_page)
    return roster.members


class _Roster:
    """Members in the order found, one per canonical id."""

    def __init__(self, index: EntityIndex, cfg: PipelineConfig) -> None:
        self.index, self.cfg = index, cfg
        self.rows = index.registry.by_id()
        self.members: list[Member] = []
        self.seen: set[str] = set()

    def add_member(self, m: Member) -> None:
        if m.agency_id not in self.seen:
            self.seen.add(m.agency_id)
            self.members.append(m)

    def add(
        self,
        entity_id: str,
        text: str,
        source: str,
        section_id: str,
        page: int | None,
        physical_page: int | None,
    ) -> None:
        if entity_id in self.seen:
            return
        row = self.rows.get(entity_id) if entity_id else None
        if row is None:
            return  # names the registry does not know come in through tables only
        code = row.get("country_code", "")
        acronym = row.get("acronym", "")
        name = text if fold(text) != fold(acronym) and len(text) > len(acronym) else row["name"]
        self.seen.add(entity_id)
        self.members.append(
            Member(
                agency_id=entity_id,
                acronym=acronym,
                name=name,
                country=country_name(code, self.cfg),
                country_code=code,
                in_registry=True,
                section_id=section_id,
                page=page,
                physical_page=physical_page,
                bbox=None,
                source=source,
            )
        )


def _leftover(text: str, spans: Iterable[tuple[int, int]], cfg: PipelineConfig) -> list[str]:
    """The words of a heading that are not the agency, its acronym, number or country."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    rest = "".join(chars)
    rest = _NUMBER.sub(" ", rest, count=1)
    rest = re.sub(r"\([^)]*\)", " ", rest)
    parts = [p.strip(" .:;-–—/") for p in re.split(r"[,/:;–—-]| and ", rest)]
    words: list[str] = []
    for part in parts:
        if part and country_code(part, cfg) is None:
            words.extend(part.split())
    return words


def _heads_like_agency(text: str, spans: list[tuple[int, int]], cfg: PipelineConfig) -> bool:
    return len(_leftover(text, spans, cfg)) <= cfg.settings["members"]["max_heading_extra_words"]


def _annex_members(
    structure: Structure, mentions: list[Mention], cfg: PipelineConfig
) -> list[tuple[Mention, str]]:
    """Headings that each name one agency, under a members section or as a run of siblings."""
    from isecg_extract.nlp.mentions import heading_mentions

    member_section = cfg.regex["members"]["section_patterns"]
    sections = {s.section_id: s for s in structure.sections}
    headings = {b.section_id: b for b in structure.blocks if b.kind == "heading"}
    found: dict[str, list[Mention]] = {}
    for m, section_id in heading_mentions(structure, mentions, "agency"):
        found.setdefault(section_id, []).append(m)
    qualified: list[tuple[Mention, str]] = []
    by_parent: dict[str, int] = {}
    for section_id, ms in found.items():
        block = headings.get(section_id)
        if block is None:
            continue
        spans = [(m.char_start - block.char_start, m.char_end - block.char_start) for m in ms]
        if not _heads_like_agency(block.text, spans, cfg):
            continue
        parent = sections[section_id].parent_id if section_id in sections else ""
        by_parent[parent] = by_parent.get(parent, 0) + 1
        qualified.extend((m, section_id) for m in ms)

    def under_members_section(section_id: str) -> bool:
        seen = set()
        sid = sections[section_id].parent_id if section_id in sections else ""
        while sid and sid in sections and sid not in seen:
            seen.add(sid)
            if any(p.search(sections[sid].title) for p in member_section):
                return True
            sid = sections[sid].parent_id
        return False

    runs = cfg.settings["members"]["min_annex_run"]
    return [
        (m, sid)
        for m, sid in qualified
        if under_members_section(sid)
        or by_parent.get(sections[sid].parent_id if sid in sections else "", 0) >= runs
    ]


def _list_members(
    structure: Structure, mentions: list[Mention], cfg: PipelineConfig
) -> list[Mention]:
    """List items that each name one agency, under a members section or as a run of them.

    "•  Italian Space Agency (ASI), Italy": a member list written as bullets.
    """
    member_section = cfg.regex["members"]["section_patterns"]
    sections = {s.section_id: s for s in structure.sections}
    by_block: dict[int, list[Mention]] = {}
    starts = [b.char_start for b in structure.blocks]
    for m in mentions:
        if m.entity_type != "agency" or not m.known:
            continue
        i = bisect.bisect_right(starts, m.char_start) - 1
        if i >= 0 and structure.blocks[i].kind == "list_item":
            by_block.setdefault(i, []).append(m)
    runs: list[list[Mention]] = []
    last = -2
    for i in sorted(by_block):
        block = structure.blocks[i]
        ms = by_block[i]
        spans = [(m.char_start - block.char_start, m.char_end - block.char_start) for m in ms]
        if len({m.entity_id for m in ms}) != 1 or not _heads_like_agency(block.text, spans, cfg):
            last = -2
            continue
        if i != last + 1 or not runs:
            runs.append([])
        runs[-1].append(ms[0])
        last = i
    out: list[Mention] = []
    for run in runs:
        section = sections.get(run[0].section_id)
        titled = section is not None and any(p.search(section.title) for p in member_section)
        if titled or len(run) >= cfg.settings["members"]["min_annex_run"]:
            out.extend(run)
    return out


def _paragraph_list_members(
    structure: Structure, mentions: list[Mention], cfg: PipelineConfig
) -> list[Mention]:
    """A member list whose lines ran together into one paragraph under a members heading
    ("Annex A: ISECG Member Agencies", then "Agenzia Spaziale Italiana (ASI), Italy" one per
    line, no bullets): a block there that names a whole roster's worth of agencies."""
    member_section = cfg.regex["members"]["section_patterns"]
    titled = {
        s.section_id for s in structure.sections if any(p.search(s.title) for p in member_section)
    }
    starts = [b.char_start for b in structure.blocks]
    by_block: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_type != "agency" or not m.known or m.section_id not in titled:
            continue
        i = bisect.bisect_right(starts, m.char_start) - 1
        if i >= 0 and structure.blocks[i].kind == "paragraph":
            by_block.setdefault(i, []).append(m)
    out: list[Mention] = []
    for ms in by_block.values():
        if len({m.entity_id for m in ms}) >= cfg.settings["members"]["min_whole_roster"]:
            out.extend(ms)
    return out


def _toc_members(
    toc: list[TocEntry], index: EntityIndex, cfg: PipelineConfig
) -> list[tuple[str, str, TocEntry]]:
    """TOC entries that each name one agency ("11. UK Space Agency (UKSA), United Kingdom")."""
    member_section = cfg.regex["members"]["section_patterns"]
    hits: list[tuple[int, str, str, TocEntry]] = []
    under_members = False
    for i, entry in enumerate(toc):
        resolved = _agency_in_title(entry.title, index, cfg)
        if resolved is None:
            # A title that is not an agency opens (or closes) the run under a members entry.
            under_members = any(p.search(entry.title) for p in member_section)
            continue
        hits.append((i, resolved[0], resolved[1], entry))
        if under_members:
            hits[-1] = (-1, *hits[-1][1:])  # marked: under a members entry
    runs = cfg.settings["members"]["min_annex_run"]
    if len(hits) >= runs or any(i < 0 for i, *_ in hits):
        return [(entity_id, name, entry) for _, entity_id, name, entry in hits]
    return []


def _agency_in_title(title: str, index: EntityIndex, cfg: PipelineConfig) -> tuple[str, str] | None:
    """(id, name) when a title is one registry agency, with its number, acronym and country."""
    text = _NUMBER.sub("", title, count=1).strip()
    orgs = split_organisations(text, cfg)
    candidates: list[tuple[str, str]] = []
    if orgs and orgs[0][1]:
        candidates.append(orgs[0])
    head = re.split(r",|\s[–—-]\s|:", text)[0].strip()
    candidates.append((re.sub(r"\([^)]*\)", "", head).strip(), ""))
    for name, acronym in candidates:
        key = fold(name)
        row = index.by_name.get(key)
        if row is None and acronym:
            rows = index.by_acronym.get(acronym.casefold())
            row = rows[0] if rows else None
        if row is None and key:
            rows = index.by_acronym.get(name.strip().casefold())
            row = rows[0] if rows and name.strip().isupper() else None
        if row is not None:
            rest = _leftover(text, [(0, len(head))], cfg) if not acronym else []
            if len(rest) <= cfg.settings["members"]["max_heading_extra_words"]:
                return row["id"], name if len(name) > len(row.get("acronym", "")) else row["name"]
    return None


def _cue_end(sentence: str, patterns: list[re.Pattern[str]]) -> int:
    """Where the part of a sentence about non-members begins ("... and observers from X")."""
    starts = [m.start() for p in patterns for m in p.finditer(sentence)]
    return min(starts) if starts else len(sentence)


def _by_sentence(mentions: list[Mention]) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_type == "agency":
            out.setdefault(m.sentence_index, []).append(m)
    return out


def _prose_members(
    sentences: list[Sentence], mentions: list[Mention], cfg: PipelineConfig
) -> list[Mention]:
    """Agencies a sentence lists as members ("ISECG's fourteen members are A, B and C")."""
    s = cfg.settings["members"]
    cues = cfg.regex["members"]["prose_cues"]
    excluded = cfg.regex["members"]["exclude_cues"]
    denied = cfg.regex["members"]["not_member_sentences"]
    out: list[Mention] = []
    for i, ms in _by_sentence(mentions).items():
        if not 0 <= i < len(sentences):
            continue
        sent = sentences[i]
        if not any(p.search(sent.text) for p in cues) or any(p.search(sent.text) for p in denied):
            continue
        stop = sent.char_start + _cue_end(sent.text, excluded)
        listed = [m for m in ms if m.char_end <= stop]
        if len({m.entity_id for m in listed}) >= s["min_prose_list"]:
            out.extend(listed)
    return out


def _longest_list(prose: list[Mention]) -> int:
    counts: dict[int, set[str]] = {}
    for m in prose:
        counts.setdefault(m.sentence_index, set()).add(m.entity_id)
    return max((len(v) for v in counts.values()), default=0)


def _change_members(nlp: NlpResult, cfg: PipelineConfig, joins_only: bool) -> list[Mention]:
    """Agencies that joined, or held or took over the chair: members by what they did."""
    ids: set[str] = set()
    for c in nlp.changes:
        if c.kind == "joined" and not c.planned:
            ids.add(c.subject)
        if c.kind == "chair" and not joins_only:
            ids.add(c.subject)
            if c.object:
                ids.add(c.object)
    first: dict[str, Mention] = {}
    for m in nlp.mentions:
        if m.entity_type == "agency" and m.entity_id in ids and m.entity_id not in first:
            first[m.entity_id] = m
    return list(first.values())


def _named_members(
    sentences: list[Sentence], mentions: list[Mention], cfg: PipelineConfig
) -> list[Mention]:
    """Registry agencies the text names outside sentences about observers, guests and
    non-members, and outside credits."""
    excluded = cfg.regex["members"]["exclude_cues"]
    denied = cfg.regex["members"]["not_member_sentences"]
    out: list[Mention] = []
    for i, ms in _by_sentence(mentions).items():
        stop = None
        if 0 <= i < len(sentences):
            sent = sentences[i]
            if any(p.search(sent.text) for p in denied):
                continue
            stop = sent.char_start + _cue_end(sent.text, excluded)
        out.extend(m for m in ms if m.known and (stop is None or m.char_end <= stop))
    return out


__all__ = ["complete_roster"]
