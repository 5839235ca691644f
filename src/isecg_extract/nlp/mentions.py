"""Sentences and entity mentions over every block of the report, with report-wide offsets."""

from __future__ import annotations

import re
from typing import Any

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


def read_blocks(
    nlp: Any, structure: Structure, doc_names: dict[str, list[str]] | None = None
) -> tuple[list[Sentence], list[Mention]]:
    from spacy.util import filter_spans

    from isecg_extract.nlp.build import document_matcher

    matchers = document_matcher(nlp, doc_names) if doc_names else None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    texts = [b.text for b in structure.blocks]
    for index, (block, doc) in enumerate(
        zip(structure.blocks, nlp.pipe(texts, batch_size=64), strict=True)
    ):
        ents = list(doc.ents)
        if matchers:
            extra = []
            for matcher in matchers:
                for match_id, s, e in matcher(doc):
                    span = doc[s:e]
                    span.label_ = "AGENCY"
                    span.id_ = nlp.vocab.strings[match_id]
                    extra.append(span)
            if extra:
                ents = filter_spans(ents + extra)  # longest wins, registry and table alike
        first_sentence = len(sentences)
        for sent in doc.sents:
            sentences.append(_sentence(block, index, sent.start_char, sent.end_char, sent.text))
        for ent in ents:
            label = ent.label_
            if label not in ENTITY_TYPES:
                continue
            start, end = ent.start_char, ent.end_char
            text = ent.text
            entity_id = ent.ent_id_ or ""
            known = bool(entity_id)
            if not known:
                text = _strip_leading_article(text)
                start = end - len(text)
                entity_id = slug(re.sub(r"\s+(?:19|20)\d{2}$", "", text))
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
