"""NLP: sentences, mentions, planned activities, changes, events and publications.

Runs the spaCy pipeline built from ``pipeline/`` once over every block (``nlp.pipe``), then the
rule-based extractors over the sentences and mentions it found.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Mention, NlpResult, Sentence, Structure
from isecg_extract.nlp.activities import extract_activities
from isecg_extract.nlp.build import build_nlp
from isecg_extract.nlp.changes import extract_changes
from isecg_extract.nlp.events import meeting_events, read_event
from isecg_extract.nlp.frames import (
    conditional,
    frame_changes,
    history_section,
    load_frames,
    merge_changes,
)
from isecg_extract.nlp.meetings import meeting_frames, takes_part
from isecg_extract.nlp.member_count import stated_member_count
from isecg_extract.nlp.mentions import read_blocks
from isecg_extract.nlp.plans import plan_frames
from isecg_extract.nlp.publications import extract_publications


def run_nlp(
    structure: Structure,
    cfg: PipelineConfig,
    doc_names: dict[str, list[str]] | None = None,
    model: str | None = None,
    resolve: Callable[[str, str], str | None] | None = None,
) -> tuple[NlpResult, dict[str, str]]:
    """Returns the NLP result and the display form of each entity (acronym if the report uses it).

    ``resolve`` (entity type, name -> registry id) gives a name the patterns found the id of the
    registry entry it misspells; the normaliser provides it (``normalise.registry_resolver``).
    """
    nlp = build_nlp(str(cfg.root), model)
    report_year = structure.front.report_year
    sentences, mentions = read_blocks(
        nlp, structure, doc_names, resolve, cfg.settings["mentions"]["title_words"]
    )
    display = display_names(mentions, cfg, structure.text)
    activities = extract_activities(structure, sentences, mentions, cfg, report_year, display)
    # Plans with no future verb ("ISECG foresees the preparation of ..."), by frame.
    activities += plan_frames(structure, sentences, mentions, cfg, report_year, display, activities)
    changes = extract_changes(structure, sentences, mentions, cfg, report_year)
    # Joins and chair changes recognised from their parts, whatever the wording (issue 26).
    framed = frame_changes(structure, sentences, mentions, cfg, report_year)
    changes = merge_changes(changes, framed, structure, cfg)
    # An agency a change names only by its country ("the Canadian agency") has no mention to
    # take its display form from: the registry's acronym.
    agencies = cfg.agencies.by_id()
    for c in changes:
        for ident in (c.subject, c.object):
            if ident and ident not in display and (row := agencies.get(ident)) is not None:
                display[ident] = row.get("acronym") or row.get("name") or ident
    # "ESA will assume the chair in 2009" is a planned change, not planned work.
    announced = {c.sentence_index for c in changes if c.planned}
    activities = [a for a in activities if a.sentence_index not in announced]
    # "Should additional agencies request membership, the group will ...": a condition.
    activities = [a for a in activities if not conditional(a.sentence, cfg)]
    meeting_series = {m["series"] for m in cfg.event_patterns["meeting"]}
    outside = {r["id"] for r in cfg.events.rows if r.get("kind") == "outside"}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)

    def sentence_of(m: Mention) -> Sentence | None:
        return sentences[m.sentence_index] if 0 <= m.sentence_index < len(sentences) else None

    read = [
        (m, read_event(m, sentence_of(m), report_year, cfg))
        for m in mentions
        if m.entity_type == "event" and m.entity_id not in meeting_series
    ]
    # Another body's conference is the report's event where one of its sentences ties it to
    # ISECG; its other mentions then add their details ("held in India in May 2030").
    tied = {
        (e.series_id, e.year)
        for m, e in read
        if m.entity_id in outside
        and (sent := sentence_of(m)) is not None
        and takes_part(sent, by_sentence.get(m.sentence_index, []), cfg, m.char_start)
    }
    events = [
        e
        for m, e in read
        if m.entity_id not in outside or sentence_of(m) is None or (e.series_id, e.year) in tied
    ]
    kinds = [b.kind for b in structure.blocks]
    events += meeting_events(sentences, kinds, cfg, report_year)
    # Meetings recognised from a meeting noun or a host tied to ISECG, whatever the wording.
    events += meeting_frames(structure, sentences, mentions, cfg, report_year, events)
    # A meeting recalled in a section of history ("Background", "History of ISECG") is not the
    # year's, unless it is of the report's own year.
    frames = load_frames(str(cfg.root))
    history = {s.section_id for s in structure.sections if history_section(s.title, frames)}
    events = [e for e in events if e.section_id not in history or e.year == report_year]
    publications = extract_publications(structure, sentences, mentions, cfg, report_year)
    result = NlpResult(
        sentences=sentences,
        mentions=mentions,
        activities=activities,
        changes=changes,
        events=events,
        publications=publications,
        stated_member_count=stated_member_count(
            sentences,
            cfg,
            {i for i, b in enumerate(structure.blocks) if b.kind in {"heading", "toc_entry"}},
        ),
        model=model or f"blank:{cfg.settings['pipeline']['spacy_language']}",
    )
    return result, display


def display_names(mentions: list[Mention], cfg: PipelineConfig, text: str) -> dict[str, str]:
    """How the report itself refers to each entity: its acronym when it uses one, else its name."""
    rows = {}
    for reg in (cfg.agencies, cfg.working_groups, cfg.events, cfg.publications):
        rows.update({r["id"]: r for r in reg.rows})
    display: dict[str, str] = {}
    for m in mentions:
        row = rows.get(m.entity_id)
        acronym = row.get("acronym", "") if row else ""
        if not acronym and row is None:
            after = re.match(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)", text[m.char_end : m.char_end + 14])
            acronym = after.group(1) if after else ""
        if acronym and (
            m.text == acronym
            or text[m.char_end : m.char_end + len(acronym) + 3].strip(" (").startswith(acronym)
        ):
            display[m.entity_id] = acronym
        elif m.entity_id not in display:
            display[m.entity_id] = m.text
    return display
