"""Sentences and entity mentions over every block of the report, with report-wide offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from isecg_extract.errors import TooLarge
from isecg_extract.model import Block, Mention, Sentence, Structure
from isecg_extract.nlp.build import ENTITY_TYPES
from isecg_extract.textutil import slug

_YEAR_AFTER = re.compile(r"^\s*(?:\([A-Za-z&\s]{1,12}\)\s*)?((?:19|20)\d{2})\b(?![-./]\d)")
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d{2})\s+$")


def adjacent_year(text: str, start: int, end: int) -> int | None:
    """A year printed right after ("IAC 2026", "(GER) 2024") or right before ("the 2025 IAC")."""
    m = _YEAR_AFTER.match(text[end : end + 20])
    if m:
        return int(m.group(1))
    m = _YEAR_BEFORE.search(text[max(0, start - 6) : start])
    return int(m.group(1)) if m else None


_DEFINED = re.compile(r"^\s*\(([A-Z][A-Za-z0-9&]{1,11}(?:\s[A-Z][A-Za-z]+)?)\)")


def read_blocks(
    nlp: Any,
    structure: Structure,
    doc_names: dict[str, list[str]] | None = None,
    resolve: Callable[[str, str], str | None] | None = None,
    title_words: list[str] | None = None,
) -> tuple[list[Sentence], list[Mention]]:
    """Sentences and mentions of every block.

    Two passes: the registry and the generic patterns first; then names this document defines
    ("Commercial Space Working Group (CSWG)", member-table rows) are matched everywhere, so a
    later bare "CSWG" is the same entity.
    """
    from isecg_extract.nlp.build import document_matcher

    blocks = structure.blocks
    longest = max((len(b.text) for b in blocks), default=0)
    if longest > nlp.max_length:  # a model's parser (--model): spaCy would refuse it (E088)
        raise TooLarge(
            detail=f"a paragraph of {longest} characters; the spaCy pipeline takes at most "
            f"{nlp.max_length}",
            stage="nlp",
        )
    docs = list(nlp.pipe([b.text for b in blocks], batch_size=64))
    names: dict[tuple[str, str], list[str]] = {
        ("AGENCY", entity_id): forms for entity_id, forms in (doc_names or {}).items()
    }
    for block, doc in zip(blocks, docs, strict=True):
        for ent in doc.ents:
            if ent.label_.endswith("_NEW") and not ent.ent_id_:
                name = _strip_leading_article(ent.text)
                m = _DEFINED.match(block.text[ent.end_char : ent.end_char + 16])
                if m:
                    names.setdefault(
                        (ent.label_.removesuffix("_NEW"), slug(m.group(1))), [name, m.group(1)]
                    )
    matchers = document_matcher(nlp, names) if names else None
    not_names = frozenset(w.casefold() for w in (title_words or []))
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for index, (block, doc) in enumerate(zip(blocks, docs, strict=True)):
        first_sentence = len(sentences)
        for sent in doc.sents:
            sentences.append(_sentence(block, index, sent.start_char, sent.end_char, sent.text))
        for label, entity_id, start, end, text in _entities(doc, matchers, nlp):
            known = bool(entity_id) and not label.endswith("_NEW")
            if not entity_id:
                text = _strip_leading_article(text)
                start = end - len(text)
                m = _DEFINED.match(block.text[end : end + 16])
                known_id = resolve(ENTITY_TYPES[label], text) if resolve else None
                if known_id:
                    # A near-miss spelling of a registry name ("Technologies Working Group").
                    entity_id, label, known = known_id, label.removesuffix("_NEW"), True
                elif not m and _part_of_a_title(block, end, label, not_names):
                    continue  # "Chapter 4 International Working Group Reports": no group
                else:
                    entity_id = (
                        slug(m.group(1)) if m else slug(re.sub(r"\s+(?:19|20)\d{2}$", "", text))
                    )
            year = adjacent_year(block.text, start, end)
            if label == "EVENT_NEW":
                m = re.search(r"\s((?:19|20)\d{2})$", text)
                if m:
                    year = int(m.group(1))
            mentions.append(
                Mention(
                    entity_type=ENTITY_TYPES[label],
                    entity_id=entity_id,
                    text=text,
                    char_start=block.char_start + start,
                    char_end=block.char_start + end,
                    section_id=block.section_id,
                    page=block.page,
                    physical_page=block.physical_page,
                    label=label,
                    year=year,
                    sentence_index=_sentence_of(
                        sentences, first_sentence, block.char_start + start
                    ),
                    known=known,
                )
            )
    return sentences, mentions


def _entities(doc: Any, matchers: Any, nlp: Any) -> list[tuple[str, str, int, int, str]]:
    """(label, id, start, end, text) of every entity; document names win ties with patterns."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    extra = []
    if matchers:
        for matcher in matchers:
            for match_id, s, e in matcher(doc):
                label, entity_id = nlp.vocab.strings[match_id].split("|", 1)
                extra.append(
                    Span(
                        doc,
                        s,
                        e,
                        label=label + ("_NEW" if label != "AGENCY" else ""),
                        span_id=entity_id,
                    )
                )
    spans = filter_spans(extra + list(doc.ents)) if extra else list(doc.ents)
    out = []
    for span in spans:
        if span.label_ not in ENTITY_TYPES:
            continue
        entity_id = span.id_ or span.ent_id_ or ""
        out.append((span.label_, entity_id, span.start_char, span.end_char, span.text))
    return sorted(out, key=lambda t: t[2])


def _part_of_a_title(block: Block, end: int, label: str, not_names: frozenset[str]) -> bool:
    """A new group's name that runs on into a title's words ("... Working Group Reports"), or
    stands in a Part or Chapter heading, names the chapter, not a group."""
    if label != "WG_NEW":
        return False
    after = re.match(r"\s*([A-Za-z]+)", block.text[end : end + 30])
    if after and after.group(1).casefold() in not_names:
        return True
    return block.kind == "heading" and bool(_STRUCTURAL.match(block.text))


_STRUCTURAL = re.compile(r"^\s*(?:part|chapter|section|annex|appendix)\b", re.IGNORECASE)


def heading_mentions(
    structure: Structure, mentions: list[Mention], entity_type: str = "working_group"
) -> list[tuple[Mention, str]]:
    """Mentions that stand in a heading, each with the section the heading opens (in order)."""
    headings = [
        (b.char_start, b.char_end, b.section_id) for b in structure.blocks if b.kind == "heading"
    ]
    starts = [h[0] for h in headings]
    out = []
    for m in mentions:
        if m.entity_type != entity_type:
            continue
        i = bisect.bisect_right(starts, m.char_start) - 1
        if i >= 0 and headings[i][0] <= m.char_start < headings[i][1]:
            out.append((m, headings[i][2]))
    return out


def _strip_leading_article(text: str) -> str:
    return re.sub(r"^(?:the|its|their|our|a|an)\s+", "", text, flags=re.IGNORECASE)


def _sentence(block: Block, index: int, start: int, end: int, text: str) -> Sentence:
    return Sentence(
        text=text,
        char_start=block.char_start + start,
        char_end=block.char_start + end,
        section_id=block.section_id,
        page=block.page,
        physical_page=block.physical_page,
        block_index=index,
    )


def _sentence_of(sentences: list[Sentence], first: int, pos: int) -> int:
    for i in range(first, len(sentences)):
        if sentences[i].char_start <= pos < sentences[i].char_end:
            return i
    return len(sentences) - 1
