"""Plans in nominal phrasings (issue 26): "X foresees the completion of ...", "For 2015 the SCWG
plans a series of ...", "The ERWG is preparing ...", "Among the priorities for 2013 is ... by the
SCWG", "Future work of the IAWG includes ...", "The ISECG work plan for 2014 includes ...".

``activities`` reads plans from their future verbs ("will", "plans to", "aims to"); these
phrasings have none. A cue of the [plan] field of ``pipeline/patterns/frames.toml`` (a planning
verb with a noun phrase after it, or a priority noun), by lemma; the actor is ISECG or one of its
working groups named in the sentence (the subject, "X's", "of X", "by X"; an agency's own plans are
not ISECG's), the description the noun phrase, the year the sentence's or the next one. Rows are
added only for sentences ``activities`` found no plan in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from isecg_extract.config import PipelineConfig
from isecg_extract.model import ActivityCandidate, Mention, Sentence, Structure
from isecg_extract.nlp.activity_descriptions import strip_leading
from isecg_extract.nlp.frames import (
    Field,
    Tok,
    conditional,
    frames_toml,
    history_section,
    load_frames,
    tokens,
)
from isecg_extract.textutil import YEAR_RE


@dataclass(frozen=True)
class PlanWords:
    verbs: Field
    nouns: Field
    links: Field
    this_year: Field


@lru_cache(maxsize=4)
def load_plan_words(root: str) -> PlanWords:
    data = frames_toml(root)
    p = data["plan"]
    return PlanWords(
        verbs=Field.of(p["verbs"]),
        nouns=Field.of(p["nouns"]),
        links=Field.of(p["links"]),
        this_year=Field.of(p["this_year"]),
    )


_PREFILTER = re.compile(r"forese|plan|prepar|envisag|priorit|future\s+work|work\s*plan", re.I)
_TAIL = re.compile(
    r"\s*(?:,.*|\s+(?:for|in|by|during|before)\s+(?:early\s+|late\s+|mid-?)?(?:19|20)\d{2}\b.*"
    r"|\s+due\s+(?:out\s+)?in\b.*|\s+later\s+this\s+year.*|\s+this\s+year.*)$",
    re.IGNORECASE,
)


def plan_frames(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
    display: dict[str, str],
    existing: list[ActivityCandidate],
) -> list[ActivityCandidate]:
    frames = load_frames(str(cfg.root))
    words = load_plan_words(str(cfg.root))
    lang = cfg.settings["pipeline"]["spacy_language"]
    publisher = cfg.publisher_acronym
    external = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    taken = {a.sentence_index for a in existing}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    out: list[ActivityCandidate] = []
    for index, sent in enumerate(sentences):
        if index in taken or structure.blocks[sent.block_index].kind not in {
            "paragraph",
            "list_item",
        }:
            continue
        if len(sent.text) > cfg.settings["nlp"]["max_sentence_chars"]:
            continue
        if not _PREFILTER.search(sent.text) or conditional(sent.text, cfg):
            continue
        section = structure.section(sent.section_id)
        if section is not None and history_section(section.title, frames):
            continue
        toks = tokens(sent.text, lang)
        lemmas = [t.lemma for t in toks]
        if frames.silent.anywhere(lemmas):
            continue
        ments = by_sentence.get(index, [])
        found = _read(words, toks, lemmas, sent, ments, publisher, external)
        if found is None:
            continue
        who, desc_start, desc_end = found
        desc = " ".join(sent.text[desc_start:desc_end].split())
        desc = _TAIL.sub("", desc).strip(" .;,")
        desc = re.sub(r"\s+by\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*$", "", desc)
        desc = strip_leading(cfg, desc)
        if len(desc.split()) < 2:
            continue
        year = _year(sent.text, toks, lemmas, words, report_year)
        actor = display.get(who.entity_id, who.text) if who is not None else publisher
        flat = " ".join(sent.text.split())
        out.append(
            ActivityCandidate(
                actor=actor,
                actor_source="sentence",
                year=year,
                description=desc,
                partners=[],
                events=[],
                trigger="frame",
                sentence=flat,
                sentence_index=index,
                section_id=sent.section_id,
                page=sent.page,
                physical_page=sent.physical_page,
                char_start=sent.char_start,
                char_end=sent.char_end,
            )
        )
    return out


def _read(
    words: PlanWords,
    toks: list[Tok],
    lemmas: list[str],
    sent: Sentence,
    ments: list[Mention],
    publisher: str,
    external: set[str],
) -> tuple[Mention | None, int, int] | None:
    """(the working group whose plan it is, or None for ISECG; the description's span)."""
    groups = [m for m in ments if m.entity_type == "working_group" and m.entity_id not in external]
    agencies = [m for m in ments if m.entity_type == "agency"]
    end = len(sent.text)
    for i in range(len(toks)):
        n = words.verbs.at(lemmas, i)
        if (
            n
            and _present(toks, i)
            and _after_subject(toks, lemmas, i, sent, ments, publisher)
            and i + n < len(toks)
            and lemmas[i + n] not in {"to", "for", "that", ".", ",", "by", "in", "on", "with"}
        ):
            at = sent.char_start + toks[i].start
            subject = [m for m in groups + agencies if m.char_end <= at]
            subject.sort(key=lambda m: m.char_end)
            if subject and subject[-1].entity_type == "agency":
                return None  # an agency's own plan is not ISECG's
            if not subject and publisher.casefold() not in lemmas[:i]:
                return None
            who = subject[-1] if subject else None
            return who, toks[i + n].start, end
        n = words.nouns.at(lemmas, i)
        if n:
            k = next(
                (k for k in range(i + n, min(len(toks), i + n + 5)) if words.links.at(lemmas, k)),
                None,
            )
            if k is None or toks[k].text.casefold() not in _PRESENT_LINKS:
                continue
            k += words.links.at(lemmas, k)
            if k >= len(toks):
                return None
            by = [m for m in groups if m.char_start - sent.char_start > toks[k].start]
            own = [m for m in groups if m.char_end - sent.char_start <= toks[k].start]
            if agencies and not groups:
                return None
            who = (own or by or [None])[0]
            if who is None and publisher.casefold() not in lemmas and "future" not in lemmas:
                pass  # "Among the priorities for 2013 is ...": the report's own, ISECG's
            return who, toks[k].start, end
    return None


_PRESENT_LINKS = {"is", "are", "include", "includes", "comprise", "comprises"}


def _after_subject(
    toks: list[Tok],
    lemmas: list[str],
    i: int,
    sent: Sentence,
    ments: list[Mention],
    publisher: str,
) -> bool:
    """The verb follows its subject: ISECG, a group or agency, "the group" ("the SCWG plans a
    series of ...", "ISECG's SWG is preparing ..."), not a noun ("exploration plans")."""
    j = i - 1
    if toks[i].text.casefold().endswith("ing"):
        j -= 1  # "is preparing"
    while j >= 0 and (lemmas[j].endswith("ly") or lemmas[j] in {"also", "now", "currently"}):
        j -= 1
    if j < 0:
        return False
    if lemmas[j] in {publisher.casefold(), "group", "it", "they"}:
        return True
    end = sent.char_start + toks[j].end
    return any(m.char_end == end for m in ments) or toks[j].text == ")"


def _present(toks: list[Tok], i: int) -> bool:
    """ "foresees", "plans", "is preparing": the present, not a report of what was done."""
    word = toks[i].text.casefold()
    if word.endswith("ing"):
        return i > 0 and toks[i - 1].text.casefold() in {"is", "are", "currently"}
    return word.endswith("s") and not word.endswith("ss")


def _year(
    text: str, toks: list[Tok], lemmas: list[str], words: PlanWords, report_year: int | None
) -> int | None:
    found = YEAR_RE.search(text)
    if found:
        return int(found.group(1))
    if report_year is None:
        return None
    if words.this_year.anywhere(lemmas):
        return report_year
    return report_year + 1
