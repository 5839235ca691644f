"""Organisational changes the report states: joined, left, chair, merged, renamed, established,
dissolved; each marked planned when the report announces it for later."""

from __future__ import annotations

import bisect
import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import ChangeCandidate, Mention, Sentence, Structure
from isecg_extract.textutil import YEAR_RE


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
    external = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    starts = [m.char_start for m in mentions]  # in text order, as read_blocks returns them
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
        if not ments or not cfg.regex["change_prefilter"].search(sent.text):
            continue
        seen: set[tuple[str, str, str]] = set()  # one sentence, one change each
        before = _earlier_mentions(mentions, starts, sent, sentences, index)
        for cp in cfg.regex["changes"]:
            kinds = cfg.regex["change_kinds"].get(cp.kind, {"agency", "working_group"})
            for m in cp.regex.finditer(sent.text):
                subjects = _entities_in(m, "subj", sent, ments, kinds)
                if not subjects:
                    subjects = _antecedent(m, "subj", sent, before, ments, kinds, cfg)
                objects = _entities_in(m, "obj", sent, ments, {"working_group", "agency"})
                if not objects and cp.kind == "chair":
                    objects = _antecedent(m, "obj", sent, before, ments, kinds, cfg)
                obj = objects[0].entity_id if objects else ""
                if cp.kind == "chair" and not cp.many and _subject_leads(m):
                    # "... reviewed the IAWG and agreed that NASA will assume the chair": the
                    # chair is the body right before the verb.
                    subjects = subjects[-1:]
                elif cp.kind in {"established", "renamed", "chair"} and not cp.many:
                    subjects = subjects[:1]  # "established A under B": A is what was established
                planned = cp.planned or any(
                    p.search(_verb_part(m)) for p in cfg.regex["planned_change"]
                )
                when = year
                if ";" in sent.text:
                    when = _clause_year(sent.text, m.start(), cfg, report_year) or year
                if (
                    when is None
                    and planned
                    and report_year is not None
                    and any(p.search(sent.text) for p in cfg.regex["next_year"])
                ):
                    when = report_year + 1
                if when is None and not planned:
                    when = report_year  # a report recounts its own year unless it says otherwise
                for s in subjects:
                    if s.entity_id in external:
                        continue  # an outside body's change is not ISECG's
                    key = (cp.kind, s.entity_id, obj)
                    if s.entity_id == obj or key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        ChangeCandidate(
                            kind=cp.kind,
                            subject=s.entity_id,
                            object=obj,
                            year=when,
                            sentence=" ".join(sent.text.split()),
                            sentence_index=index,
                            section_id=sent.section_id,
                            page=sent.page,
                            planned=planned,
                            holds=cp.holds,
                        )
                    )
    return out


def _subject_leads(m: re.Match[str]) -> bool:
    """Whether the pattern opens with its subject (the subject stands before the verb)."""
    return m.re.pattern.lstrip("^").startswith("(?P<subj>")


def _verb_part(m: re.Match[str]) -> str:
    """The matched words without the subject and object spans: where "will" marks a plan."""
    text = m.group(0)
    for group in ("subj", "obj"):
        if group in m.re.groupindex and m.start(group) >= 0:
            a, b = m.start(group) - m.start(), m.end(group) - m.start()
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _earlier_mentions(
    mentions: list[Mention],
    starts: list[int],
    sent: Sentence,
    sentences: list[Sentence],
    index: int,
    reach: int = 3,
) -> list[Mention]:
    """Mentions of the few sentences before this one in its section, latest last."""
    first = index
    while (
        first > 0 and index - first < reach and sentences[first - 1].section_id == sent.section_id
    ):
        first -= 1
    lo = bisect.bisect_left(starts, sentences[first].char_start)
    hi = bisect.bisect_left(starts, sent.char_start)
    return mentions[lo:hi]


def _antecedent(
    m: re.Match[str],
    group: str,
    sent: Sentence,
    before: list[Mention],
    ments: list[Mention],
    types: set[str],
    cfg: PipelineConfig,
) -> list[Mention]:
    """ "the group was renamed ...", "when it took over from JAXA": the entity referred back to."""
    if group not in m.re.groupindex or m.start(group) < 0:
        return []
    span = " ".join(sent.text[m.start(group) : m.end(group)].split()).strip(" ,")
    if not any(p.search(span) for p in cfg.regex["change_anaphora"]):
        return []
    wanted = types
    if re.search(r"(?:group|team|body)$", span, re.I):
        wanted = types & {"working_group"}
    elif re.search(r"agency$", span, re.I):
        wanted = types & {"agency"}
    pos = sent.char_start + m.start(group)
    earlier = [x for x in before + ments if x.char_end <= pos and x.entity_type in wanted]
    return earlier[-1:] if earlier else []


def _entities_in(
    m: re.Match[str], group: str, sent: Sentence, ments: list[Mention], types: set[str]
) -> list[Mention]:
    if group not in m.re.groupindex or m.start(group) < 0:
        return []
    start, end = m.start(group), m.end(group)
    span = sent.text[start:end]
    # Entity ends and starts within the sentence, to tell a list's commas from a clause's.
    ends = {x.char_end - sent.char_start for x in ments if x.entity_type in types}
    starts = {x.char_start - sent.char_start for x in ments if x.entity_type in types}
    if start == 0 or m.re.pattern.lstrip("^").startswith("(?P<" + group):
        # A span that opens the sentence is cut at the last comma that ends no listed entity:
        # "In 2025, the SCWG"; "In 2018, A (A), B (B) and C (C)".
        if start == m.start():
            for cut in reversed([i for i, ch in enumerate(span) if ch == ","]):
                if not _ends_entity(span[:cut], start, ends):
                    start += cut + 1
                    break
    else:
        # A span that follows its verb runs to the first comma that continues no list:
        # "welcomed A (A), B (B) and C (C), which ...".
        pos = 0
        while True:
            stop = re.search(r",|\s+to\s+(?!the\b)|\s+ensur|\s+in\s+order", span[pos:])
            if not stop:
                break
            at = pos + stop.start()
            if span[at] == "," and _ends_entity(span[:at], start, ends):
                # The list goes on when the next comma's part names another entity and is no
                # clause of its own: "Mexico (AEM), Portugal (PTS), and New Zealand (NZSA)".
                nxt = span.find(",", at + 1)
                part = span[at + 1 : nxt if nxt >= 0 else len(span)]
                opens = start + at + 1
                if not _CLAUSE.match(part) and any(opens <= x < opens + len(part) for x in starts):
                    pos = at + 1
                    continue
            end = start + at
            break
    a, b = sent.char_start + start, sent.char_start + end
    found: list[Mention] = []
    for mention in ments:
        inside = mention.entity_type in types and a <= mention.char_start and mention.char_end <= b
        if inside and all(f.entity_id != mention.entity_id for f in found):
            found.append(mention)
    return found


_CLAUSE = re.compile(
    r"\s*(?:which|who|whose|that|while|whereas|as|bringing|making|taking|raising|following|"
    r"thereby|thus|but|so|in\s+order)\b",
    re.IGNORECASE,
)


def _ends_entity(text: str, offset: int, ends: set[int]) -> bool:
    """Whether ``text`` (at ``offset`` in the sentence) ends with an entity or its acronym."""
    stripped = text.rstrip()
    cut = len(stripped)
    if stripped.endswith(")") and offset + cut - 1 in ends:
        return True  # "... (AEM)": the acronym in brackets is the entity
    if stripped.endswith(")"):
        opening = stripped.rfind("(")
        if opening > 0 and (
            offset + cut in ends or offset + len(stripped[:opening].rstrip()) in ends
        ):
            return True
    return offset + cut in ends


def change_year(text: str, cfg: PipelineConfig, report_year: int | None) -> int | None:
    """The year a change happened: an explicit year, or "this year" meaning the report's.

    A year far past the report's is a plan's ("NASA will assume the chair from ESA in 2010"
    on a page the text dates earlier) only when the sentence announces it."""
    for y in YEAR_RE.findall(text):
        if (
            report_year is None
            or int(y) <= report_year + 2
            or any(p.search(text) for p in cfg.regex["planned_change"])
        ):
            return int(y)
    if any(p.search(text) for p in cfg.regex["this_year"]):
        return report_year
    if report_year is not None and any(p.search(text) for p in cfg.regex["last_year"]):
        return report_year - 1
    return None


def _clause_year(text: str, at: int, cfg: PipelineConfig, report_year: int | None) -> int | None:
    """The year the clause around offset ``at`` gives ("Last year, AEB and GISTDA joined; this
    year, three more agencies followed"), when its own words date it."""
    lo = text.rfind(";", 0, at) + 1
    hi = text.find(";", at)
    return change_year(text[lo : hi if hi >= 0 else len(text)], cfg, report_year)
