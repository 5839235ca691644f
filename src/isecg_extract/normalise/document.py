"""What a document is, its id, and what it covers of each dataset.

Analysts batch everything they have for a year: the annual report, an excerpt of it, the press
release, news posts. Each must keep its own identity (a news post must not take the report's
id and replace it in a database) and say how much it tells, so that years are compared only on
what both tell (``compare/stated.py``):

- the kind (annual report, report excerpt, press release, news post, web page, other) is read
  from the text's opening by the cues in ``pipeline/settings.toml`` ``[kinds]``;
- the id: the annual report of a year keeps ``isecg-ar-YYYY`` (users' queries use it); every
  other kind adds its own part and the first hex digits of the input's SHA-256, which are the
  same for the same bytes, so the id is stable and unique;
- coverage per dataset: members ``full`` (a whole roster: table, annex, TOC, list or prose,
  as long as the member count the text states, when it states one; or exactly as many members
  named as the count it states), ``partial`` (a shorter
  list, the members it names in passing, or only a count), ``joins`` (only the members it says
  joined or left) or ``none``; working groups ``full`` (at least ``[coverage]
  min_group_sections`` groups with a section of their own), ``partial`` (groups named, or
  group changes) or ``none``; the chair ``stated`` (a chair statement that is not announced
  for later), ``planned`` (only an announced one) or ``none``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import NlpResult, Structure
from isecg_extract.normalise.members import Member
from isecg_extract.structure.front import text_kind

ROSTER_SOURCES = frozenset({"table", "annex", "toc", "list", "prose"})
"""Member sources that list members as such (``change`` and ``mention`` name them in passing)."""

FULL, PARTIAL, JOINS, NONE = "full", "partial", "joins", "none"
STATED, PLANNED = "stated", "planned"


@dataclass(frozen=True)
class Coverage:
    """How much a document tells about each subject, and the count it lists."""

    members: str
    groups: str
    chair: str
    listed_members: int | None  # members its roster lists; None without a roster
    chair_id: str = ""  # who holds the chair at the end of what the document reports


def document_kind(structure: Structure, cfg: PipelineConfig) -> str:
    """The first kind whose cues the opening of the text matches, else the default kind."""
    return text_kind(_opening(structure, cfg.settings["kinds"]["opening_chars"]), cfg)


def doc_id_for(structure: Structure, cfg: PipelineConfig, sha256: str, kind: str) -> str:
    """``isecg-ar-YYYY`` for a year's annual report; ``isecg-<kind>-YYYY-<sha8>`` for any other
    text; ``doc-<sha12>`` for a text whose year is unknown."""
    doc = cfg.settings["document"]
    year = structure.front.report_year
    if not year:
        return f"doc-{sha256[:12]}"
    acronym = doc["publisher_acronym"].lower()
    part = id_part(kind, cfg)
    if not part:
        return str(doc["doc_id_template"].format(acronym=acronym, year=year))
    return f"{acronym}-{part}-{year}-{sha256[:8]}"


def id_part(kind: str, cfg: PipelineConfig) -> str:
    """The kind's part of a document id ("" for the annual report, which keeps the plain id)."""
    for name, part, _ in cfg.regex["kinds"]:
        if name == kind:
            return str(part)
    return str(cfg.settings["kinds"]["default_id_part"])


def coverage(
    members: list[Member],
    nlp: NlpResult,
    group_sections: Collection[str],
    cfg: PipelineConfig,
) -> Coverage:
    """What the document covers of members, working groups and the chair (module docstring)."""
    settings = cfg.settings["members"]
    roster = {m.agency_id for m in members if m.source in ROSTER_SOURCES}
    count = nlp.stated_member_count
    named = {m.agency_id for m in members}
    if len(roster) >= settings["min_whole_roster"] and (count is None or len(roster) >= count):
        member_cov = FULL
    elif count is not None and count >= settings["min_whole_roster"] and len(named) == count:
        # "ISECG brings together 27 space agencies:" and 27 registry members named after it:
        # the whole list, though no sentence names them as members one by one.
        member_cov, roster = FULL, named
    elif roster or any(m.source == "mention" for m in members) or count is not None:
        member_cov = PARTIAL
    elif any(c.kind in ("joined", "left") for c in nlp.changes):
        member_cov = JOINS
    else:
        member_cov = NONE
    group_kinds = {"established", "merged", "renamed", "dissolved"}
    min_sections = cfg.settings["coverage"]["min_group_sections"]
    if len(group_sections) >= min_sections:
        group_cov = FULL
    elif any(m.entity_type == "working_group" for m in nlp.mentions) or any(
        c.kind in group_kinds for c in nlp.changes
    ):
        group_cov = PARTIAL
    else:
        group_cov = NONE
    chairs = [c for c in nlp.changes if c.kind == "chair"]
    done = [c for c in chairs if not c.planned]
    chair_cov = STATED if done else PLANNED if chairs else NONE
    # The chair at the end: the latest statement that is not a plan (a hand-over it reports
    # as done comes after "JAXA chaired ISECG until May", in the text or by its year).
    last = max(done, key=lambda c: (c.year or 0, c.sentence_index), default=None)
    return Coverage(
        member_cov,
        group_cov,
        chair_cov,
        len(roster) if roster else None,
        last.subject if last else "",
    )


def _opening(structure: Structure, limit: int) -> str:
    """The title, the cover lines, then the first blocks: the text's first ``limit`` characters
    (the title first: a cover's title can be taken out of its lines)."""
    title = structure.front.title
    parts = ([title] if title and title not in structure.front.lines else []) + list(
        structure.front.lines
    )
    size = sum(len(p) + 1 for p in parts)
    for block in structure.blocks:
        if size >= limit:
            break
        parts.append(block.text)
        size += len(block.text) + 1
    return "\n".join(parts)[:limit]
