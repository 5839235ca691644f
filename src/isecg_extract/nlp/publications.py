"""Publications: items of publication lists, registry products by edition, quoted titles."""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Block, Mention, PublicationCandidate, Sentence, Structure
from isecg_extract.textutil import YEAR_RE, fold

IDENTIFIER = re.compile(r"\b(?:[A-Z]{2,8}-\d{2}-[A-Z0-9]+(?:\.[A-Za-z0-9]+)+|10\.\d{4,9}/\S+)")
_RELEASE = re.compile(
    r"\b(?:published|released|issued|launched|from\s+(?:19|20)\d{2})\b", re.IGNORECASE
)
_EDITION = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+edition\b", re.IGNORECASE
)
_EDITION_TAIL = re.compile(
    r"\s*[–—-]?\s*\b(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+edition\b",
    re.IGNORECASE,
)
_EDITION_BEFORE = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+edition\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}[*“\"]?$",
    re.IGNORECASE,
)
_EDITION_AFTER = re.compile(
    r"^[*”\"]?\s*[–—-]\s*(first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+edition\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[“\"]([^”\"]{6,200})[”\"]")


def list_section_ids(structure: Structure, cfg: PipelineConfig) -> set[str]:
    return {
        s.section_id
        for s in structure.sections
        if any(p.search(s.title) for p in cfg.regex["publication_list"])
    }


def extract_publications(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
) -> list[PublicationCandidate]:
    lists = list_section_ids(structure, cfg)
    out: list[PublicationCandidate] = []
    for block in structure.blocks:
        if block.kind == "list_item" and block.section_id in lists:
            if _PLAN.search(block.text):
                continue  # "the IAWG will develop ...": a plan in a products section
            out.append(_listed(structure, block, report_year, cfg))
    sentence_of = {i: s for i, s in enumerate(sentences)}
    for m in mentions:
        if m.entity_type != "publication" or not m.known:
            continue
        sent = sentence_of.get(m.sentence_index)
        block = structure.blocks[sent.block_index] if sent else None
        if m.section_id in lists and (block is None or block.kind == "list_item"):
            continue  # the list item itself is the publication
        found = _registry(m, sent, block, cfg, report_year)
        if found is not None:
            out.append(found)
    bodies = {
        fold(name)
        for reg in (cfg.working_groups, cfg.agencies)
        for row in reg.rows
        for name in reg.names(row)
    }
    for sent in sentences:
        block = structure.blocks[sent.block_index]
        if block.kind not in {"paragraph", "list_item"} or block.section_id in lists:
            continue
        if len(sent.text) > cfg.settings["nlp"]["max_sentence_chars"]:
            continue
        for title in _quoted_titles(sent, block):
            if _registry_id(title, cfg):
                continue  # a registry product, already taken with its edition
            if fold(title) in bodies:
                continue  # a group's or agency's name in quotes ("Mapping the Barriers ...")
            if _title_like(title):
                out.append(
                    PublicationCandidate(
                        title,
                        _release_year(sent.text),
                        _identifier(title),
                        "quoted",
                        "",
                        sent.section_id,
                        sent.page,
                    )
                )
    return out


def _listed(
    structure: Structure, block: Block, report_year: int | None, cfg: PipelineConfig
) -> PublicationCandidate:
    sec = structure.section(block.section_id)
    years = YEAR_RE.findall(sec.title) if sec else []
    year = int(years[-1]) if years else report_year
    title = block.text.strip()
    rid = _registry_id(title, cfg)
    return PublicationCandidate(
        title, year, _identifier(title), "list", rid, block.section_id, block.page
    )


def _names_product(title: str, entity_id: str, cfg: PipelineConfig) -> bool:
    return _registry_id(title, cfg) == entity_id


def _registry_id(title: str, cfg: PipelineConfig) -> str:
    """The registry product a title names by itself (edition, year and acronym aside), if any."""
    bare = fold(_EDITION_TAIL.sub("", YEAR_RE.sub("", re.sub(r"\([A-Z]{2,8}\)", "", title))))
    for row in cfg.publications.rows:
        if any(fold(name) == bare for name in cfg.publications.names(row)):
            return row["id"]
    return ""


def _registry(
    m: Mention,
    sent: Sentence | None,
    block: Block | None,
    cfg: PipelineConfig,
    report_year: int | None = None,
) -> PublicationCandidate | None:
    text = sent.text if sent else ""
    year = m.year
    if year is None and sent is not None and _RELEASE.search(text):
        years = YEAR_RE.findall(text)
        year = int(years[0]) if years else None
        if year is None and _NOW.search(text):
            year = report_year  # "ISECG today released ...": the year the text is dated
    title = m.text
    if block is not None:
        for a, b in block.emphasis:
            if a <= m.char_start - block.char_start and m.char_end - block.char_start <= b:
                if not _names_product(block.text[a:b], m.entity_id, cfg):
                    return None  # a title that mentions the product is another work
                title = block.text[a:b]
                break
    if m.year and str(m.year) not in title:
        title = f"{title} {m.year}"
    if sent is not None:
        rel = m.char_start - sent.char_start
        # "the second edition of *X*" or "X – Second Edition": the edition belongs to X only.
        ed = _EDITION_BEFORE.search(text[max(0, rel - 80) : rel]) or _EDITION_AFTER.match(
            text[rel + len(m.text) : rel + len(m.text) + 30]
        )
        if ed:
            title = f"{title} – {ed.group(1).title()} Edition"
    return PublicationCandidate(title, year, "", "registry", m.entity_id, m.section_id, m.page)


_PLAN = re.compile(r"\b(?:will|shall|plans?\s+to|intends?\s+to)\s+[a-z]", re.IGNORECASE)
_NOW = re.compile(r"\b(?:today|yesterday|this\s+(?:week|month|year))\b", re.IGNORECASE)


def _quoted_titles(sent: Sentence, block: Block) -> list[str]:
    titles = [q for q in _QUOTED.findall(sent.text)]
    s0 = sent.char_start - block.char_start
    s1 = sent.char_end - block.char_start
    for a, b in block.emphasis:
        if s0 <= a and b <= s1:
            titles.append(block.text[a:b])
    return titles


def _title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text)]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.5


def _release_year(text: str) -> int | None:
    if _RELEASE.search(text):
        years = YEAR_RE.findall(text)
        return int(years[0]) if years else None
    return None


def _identifier(text: str) -> str:
    m = IDENTIFIER.search(text)
    return m.group(0) if m else ""
