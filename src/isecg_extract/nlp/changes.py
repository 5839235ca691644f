"""Organisational changes the report states: joined, left, chair, merged, renamed, established."""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import ChangeCandidate, Mention, Sentence, Structure
from isecg_extract.textutil import YEAR_RE

_SUBJECT_TYPES = {
    "joined": {"agency"},
    "left": {"agency"},
    "chair": {"agency", "working_group"},
    "merged": {"working_group", "agency"},
    "renamed": {"working_group", "agency"},
    "established": {"working_group", "agency"},
}


def extract_changes(
    structure: Structure,
    sentences: list[Sentence],
    mentions: list[Mention],
    cfg: PipelineConfig,
    report_year: int | None,
) -> list[ChangeCandidate]:
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    out: list[ChangeCandidate] = []
    last_year: tuple[int, int | None] = (-1, None)  # (block, year) of the last dated sentence
    for index, sent in enumerate(sentences):
        if structure.blocks[sent.block_index].kind not in {"paragraph", "list_item"}:
            continue
        if len(sent.text) > cfg.settings["nlp"]["max_sentence_chars"]:
            continue
        year = change_year(sent.text, cfg, report_year)
        if (
            year is None
            and last_year[0] == sent.block_index
            and any(p.search(sent.text) for p in cfg.regex["same_year"])
        ):
            year = last_year[1]
        if year is not None:
            last_year = (sent.block_index, year)
        ments = by_sentence.get(index, [])
        if not ments:
            continue
        seen: set[tuple[str, str, str]] = (
            set()
        )  # one sentence, one change; the normaliser merges sentences
        for kind, pattern in cfg.regex["changes"]:
            for m in pattern.finditer(sent.text):
                subjects = _entities_in(m, "subj", sent, ments, _SUBJECT_TYPES[kind])
                objects = _entities_in(m, "obj", sent, ments, {"working_group", "agency"})
                obj = objects[0].entity_id if objects else ""
                if kind in {"established", "renamed", "chair"}:
                    subjects = subjects[:1]  # "established A under B": A is what was established
                for s in subjects:
                    key = (kind, s.entity_id, obj)
                    if s.entity_id == obj or key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        ChangeCandidate(
                            kind=kind,
                            subject=s.entity_id,
                            object=obj,
                            year=year,
                            sentence=" ".join(sent.text.split()),
                            sentence_index=index,
                            section_id=sent.section_id,
                            page=sent.page,
                        )
                    )
    return out


def _entities_in(
    m: re.Match[str], group: str, sent: Sentence, ments: list[Mention], types: set[str]
) -> list[Mention]:
    if group not in m.re.groupindex or m.start(group) < 0:
        return []
    start, end = m.start(group), m.end(group)
    span = sent.text[start:end]
    if start == 0 or m.re.pattern.lstrip("^").startswith("(?P<" + group):
        # A span that opens the sentence is cut at the last comma: "In 2025, the SCWG".
        cut = span.rfind(",")
        if cut >= 0 and start == m.start():
            start += cut + 1
    else:
        stop = re.search(r",|\s+to\s+(?!the\b)|\s+ensur|\s+in\s+order", span)
        if stop:
            end = start + stop.start()
    a, b = sent.char_start + start, sent.char_start + end
    found: list[Mention] = []
    for mention in ments:
        inside = mention.entity_type in types and a <= mention.char_start and mention.char_end <= b
        if inside and all(f.entity_id != mention.entity_id for f in found):
            found.append(mention)
    return found


def change_year(text: str, cfg: PipelineConfig, report_year: int | None) -> int | None:
    """The year a change happened: an explicit year, or "this year" meaning the report's."""
    for y in YEAR_RE.findall(text):
        if report_year is None or int(y) <= report_year + 1:
            return int(y)
    if any(p.search(text) for p in cfg.regex["this_year"]):
        return report_year
    return None
