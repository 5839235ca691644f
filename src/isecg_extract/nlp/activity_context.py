"""Where a statement of planned work stands: who does it and for which year.

The actor comes from the statement's subject (a group or agency named there), the previous
statement ("The group", "This work"), or the section (the group its heading names, else the
publisher); the year from a marker in the clause ("In 2026", "by 2027"), a later year in the
section's headings, else the year after the report's. Statements that only list or
prioritise count as plans only under a planning heading or subject (``planning``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Mention, Structure
from isecg_extract.nlp.mentions import heading_mentions
from isecg_extract.textutil import DATED_BY_MONTH


@dataclass
class Context:
    """What a clause needs to know about where it stands."""

    cfg: PipelineConfig
    structure: Structure
    report_year: int | None
    display: dict[str, str]
    publisher: str
    agencies: frozenset[str] = frozenset()  # display names of agencies: never "the group"


def section_actors(ctx: Context, mentions: list[Mention]) -> dict[str, str]:
    """The group each section is about: the first group its heading names, else the publisher."""
    actors: dict[str, str] = {}
    for m, section_id in heading_mentions(ctx.structure, mentions):
        actors.setdefault(section_id, ctx.display.get(m.entity_id, m.text))
    return actors


def resolve_actor(
    ctx: Context,
    subj: str,
    ments: list[Mention],
    previous: tuple[str, str],
    section_actor: str,
    kind: str,
) -> tuple[str | None, str]:
    subj = re.sub(r"\s+(?:also|further|then|now|jointly|additionally|still)$", "", subj.strip())
    for p in ctx.cfg.regex["time_openers"]:
        subj = p.sub("", subj).strip()  # "In 2020 the group intends ...": the group
    if re.search(r"\b(?:not|never|no|no\s+longer)$", subj, re.IGNORECASE):
        return None, ""  # "ISECG does not intend to ...": no plan
    if any(p.search(subj) for p in ctx.cfg.regex["whole_subject"]):
        return ctx.publisher, "sentence"  # "the group as a whole will ..."
    if on_behalf(ctx, subj):
        return ctx.publisher, "sentence"  # "On behalf of ISECG, ESA will coordinate ..."
    for p in ctx.cfg.regex["subject_fillers"]:
        subj = " ".join(p.sub(" ", subj).split())
    if subj:
        # The body nearest the verb is its subject: "Under ESA's chairmanship ISECG intends to".
        found: list[tuple[int, str]] = []
        for m in ments:
            if m.entity_type in {"working_group", "agency"}:
                hit = list(re.finditer(r"(?<!\w)" + re.escape(m.text) + r"(?!\w)", subj))
                if hit:
                    found.append((hit[-1].end(), ctx.display.get(m.entity_id, m.text)))
        own = list(re.finditer(r"(?<!\w)" + re.escape(ctx.publisher) + r"(?!\w)", subj))
        if own:
            found.append((own[-1].end(), ctx.publisher))
        if found:
            return max(found)[1], "sentence"
        bare = subj.strip().rstrip(",").strip()
        if any(p.match(bare) for p in ctx.cfg.regex["anaphora"]):
            if previous[0] in ctx.agencies and re.search(r"\b(?:group|team)\b", bare, re.I):
                return ctx.publisher, "previous"  # "The group" after an agency's plan: ISECG
            return previous[0], "previous"
    if kind in {"list", "focus", "priority"}:
        return previous[0], previous[1]
    if not subj:
        return None, ""  # "... and will be completed": nobody stated, no plan to attribute
    if any(p.match(subj) for p in ctx.cfg.regex["generic_subject"]):
        return section_actor, "section"
    # A subject that is neither an entity, a reference back, nor generic ("This resource
    # will be ...") is not an actor of planned work.
    return None, ""


def on_behalf(ctx: Context, text: str) -> bool:
    """ "on behalf of ISECG", "on behalf of the participating agencies", "As chair, NASA will":
    the publisher's work."""
    return any(p.search(text) for p in ctx.cfg.regex["as_chair"]) or bool(
        re.search(
            rf"\bon\s+behalf\s+of\s+(?:{re.escape(ctx.publisher)}|the\s+(?:group|participating"
            r"\s+agencies|member\s+agencies))\b",
            text,
            re.IGNORECASE,
        )
    )


def is_relative(ctx: Context, subj: str) -> bool:
    for p in ctx.cfg.regex["subject_fillers"]:
        subj = p.sub(" ", subj)
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", subj)}
    rel = set(ctx.cfg.activity_patterns["subjects"]["relative_words"])
    return bool(words & rel) or not subj.strip()


def planning(ctx: Context, section_id: str, subj: str, clause: str) -> bool:
    if re.search(r"\b(?:planned|future|upcoming|next)\b", subj, re.IGNORECASE):
        return True
    if re.search(r"\b(?:for|in)\s+the\s+(?:coming|next|following)\s+year\b", clause, re.I):
        return True  # "... is the group's top priority for the coming year"
    if ctx.report_year and any(
        int(y) > ctx.report_year for y in re.findall(r"\b((?:19|20)\d{2})\b", subj)
    ):
        return True
    for title in _section_titles(ctx, section_id):
        if any(p.search(title) for p in ctx.cfg.regex["planning"]):
            return True
        if ctx.report_year and any(
            int(y) > ctx.report_year for y in re.findall(r"\b((?:19|20)\d{2})\b", title)
        ):
            return True
    return False


def planned_year(ctx: Context, section_id: str, clause: str) -> int | None:
    for p in ctx.cfg.regex["year_markers"]:
        m = p.search(clause)
        if m:
            return int(m.group("year"))
    for title in _section_titles(ctx, section_id):
        for y in re.findall(r"\b((?:19|20)\d{2})\b", title):
            if ctx.report_year is None or int(y) > ctx.report_year:
                return int(y)
    if ctx.report_year and (
        any(p.search(clause) for p in ctx.cfg.regex["this_year"]) or DATED_BY_MONTH.search(clause)
    ):
        return ctx.report_year  # "later this year", "before the end of the year", "in September"
    return ctx.report_year + 1 if ctx.report_year else None


def _section_titles(ctx: Context, section_id: str) -> list[str]:
    titles = []
    sec = ctx.structure.section(section_id)
    while sec is not None:
        titles.append(sec.title)
        sec = ctx.structure.section(sec.parent_id) if sec.parent_id else None
    return titles
