"""Normalise: canonical ids, countries and dates; the contract's tables as rows.

Takes what structure and NLP found and decides what each thing *is*: the same agency named two
ways gets one row, an event is a series plus a year, a change needs a date.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from isecg_extract.config import PipelineConfig
from isecg_extract.model import (
    NlpResult,
    RawDocument,
    Report,
    Structure,
)
from isecg_extract.nlp.mentions import heading_mentions
from isecg_extract.normalise.countries import country_code
from isecg_extract.normalise.document import coverage, document_kind
from isecg_extract.normalise.document import doc_id_for as document_doc_id
from isecg_extract.normalise.entities import EntityIndex
from isecg_extract.normalise.members import Member, read_members
from isecg_extract.normalise.roster import complete_roster
from isecg_extract.textutil import fold, slug

_INDEXES: dict[int, dict[str, EntityIndex]] = {}


def indexes(cfg: PipelineConfig) -> dict[str, EntityIndex]:
    """Registry lookups, built once per loaded configuration (configs are cached too)."""
    key = id(cfg)
    if key not in _INDEXES:
        _INDEXES[key] = {
            "agency": EntityIndex(cfg.agencies),
            "working_group": EntityIndex(cfg.working_groups),
            "event": EntityIndex(cfg.events),
            "publication": EntityIndex(cfg.publications),
        }
    return _INDEXES[key]


def members_of(structure: Structure, cfg: PipelineConfig) -> list[Member]:
    return read_members(structure, cfg, indexes(cfg)["agency"])


def doc_id_for(structure: Structure, cfg: PipelineConfig, sha256: str) -> str:
    """The document's id: its kind decides whether it keeps the plain annual-report id."""
    return document_doc_id(structure, cfg, sha256, document_kind(structure, cfg))


def _bbox(b: Any) -> str:
    return ",".join(f"{v:.1f}" for v in b) if b else ""


def build_report(
    raw: RawDocument,
    structure: Structure,
    nlp: NlpResult,
    display: dict[str, str],
    members: list[Member],
    cfg: PipelineConfig,
) -> Report:
    kind = document_kind(structure, cfg)
    doc_id = document_doc_id(structure, cfg, raw.source_sha256, kind)
    front = structure.front
    year = front.report_year
    members = complete_roster(structure, nlp, members, indexes(cfg)["agency"], cfg)
    covers = coverage(members, nlp, _group_sections(structure, nlp, cfg), cfg)
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["documents"] = [
        {
            "doc_id": doc_id,
            "kind": kind,
            "report_year": year,
            "title": front.title,
            "publisher": front.publisher,
            "published": front.published,
            "source_file": raw.source_file,
            "source_sha256": raw.source_sha256,
            "pages": len(raw.pages),
            "input_format": raw.input_format,
            "stated_member_count": nlp.stated_member_count,
            "listed_member_count": covers.listed_members,
            "members_coverage": covers.members,
            "groups_coverage": covers.groups,
            "chair_coverage": covers.chair,
            "chair": covers.chair_id,
            "schema_version": cfg.tables["contract_version"],
        }
    ]
    tables["sections"] = [
        {
            "doc_id": doc_id,
            "section_id": s.section_id,
            "parent_id": s.parent_id,
            "level": s.level,
            "title": s.title,
            "page": s.page,
            "physical_page": s.physical_page,
            "toc_page": s.toc_page,
            "reading_order": s.order,
            "bbox": _bbox(s.bbox),
        }
        for s in structure.sections
    ]
    tables["agencies"] = _agencies(doc_id, members, nlp, display)
    tables["working_groups"] = _working_groups(doc_id, structure, nlp, display, cfg)
    tables["activities"] = _activities(doc_id, nlp, display, cfg)
    tables["events"] = _events(doc_id, nlp, cfg)
    tables["publications"] = _publications(doc_id, nlp, cfg)
    tables["changes"] = _changes(doc_id, nlp, display)
    tables["mentions"] = [
        {
            "doc_id": doc_id,
            "mention_id": f"m{i + 1:05d}",
            "entity_type": m.entity_type,
            "entity_id": m.entity_id,
            "text": m.text,
            "section_id": m.section_id,
            "page": m.page,
            "physical_page": m.physical_page,
            "char_start": m.char_start,
            "char_end": m.char_end,
        }
        for i, m in enumerate(nlp.mentions)
    ]
    columns = {name: [f[0] for f in spec["fields"]] for name, spec in cfg.tables["tables"].items()}
    return Report(doc_id=doc_id, tables=tables, columns=columns)


def _agencies(
    doc_id: str, members: list[Member], nlp: NlpResult, display: dict[str, str]
) -> list[dict]:
    rows = []
    for m in members:
        aliases = sorted(
            {
                x.text
                for x in nlp.mentions
                if x.entity_id == m.agency_id
                and x.entity_type == "agency"
                and fold(x.text) not in {fold(m.name), fold(m.acronym)}
            }
        )
        rows.append(
            {
                "doc_id": doc_id,
                "agency_id": m.agency_id,
                "acronym": m.acronym,
                "name": m.name,
                "country": m.country,
                "country_code": m.country_code,
                "aliases": ";".join(aliases),
                "in_registry": m.in_registry,
                "source": m.source,
                "section_id": m.section_id,
                "page": m.page,
                "physical_page": m.physical_page,
                "bbox": _bbox(m.bbox),
            }
        )
    return rows


def _heading_mentions(structure: Structure, nlp: NlpResult) -> dict[str, str]:
    """Groups that have a section of their own: entity id -> the first such section."""
    out: dict[str, str] = {}
    for m, section_id in heading_mentions(structure, nlp.mentions):
        out.setdefault(m.entity_id, section_id)
    return out


def _group_sections(structure: Structure, nlp: NlpResult, cfg: PipelineConfig) -> set[str]:
    """The groups the document lists as such: those with a section of their own, or, when
    fewer, those a section titled as a list of groups names ("Annex: ISECG Working Groups")."""
    own = set(_heading_mentions(structure, nlp))
    titles = [re.compile(p, re.I) for p in cfg.settings["coverage"]["group_list_sections"]]
    listing = {s.section_id for s in structure.sections if any(t.search(s.title) for t in titles)}
    external = {r["id"] for r in cfg.working_groups.rows if r.get("kind") == "external"}
    named = {
        m.entity_id
        for m in nlp.mentions
        if m.entity_type == "working_group"
        and m.section_id in listing
        and m.entity_id not in external
    }
    return own if len(own) >= len(named) else named


def _working_groups(
    doc_id: str, structure: Structure, nlp: NlpResult, display: dict[str, str], cfg: PipelineConfig
) -> list[dict]:
    registry = cfg.working_groups.by_id()
    own_section = _heading_mentions(structure, nlp)
    merged = {c.subject: c.object for c in nlp.changes if c.kind == "merged"}
    renamed = {c.subject: c.object for c in nlp.changes if c.kind == "renamed" and c.object}
    order: list[str] = []
    first: dict[str, Any] = {}
    for m in nlp.mentions:
        if m.entity_type == "working_group" and m.entity_id not in first:
            order.append(m.entity_id)
            first[m.entity_id] = m
    rows = []
    for wg_id in order:
        row = registry.get(wg_id)
        m = first[wg_id]
        if wg_id in merged:
            status, into = "merged", display.get(merged[wg_id], merged[wg_id])
        elif wg_id in renamed:
            # The old name of a renamed group: it goes on under the name in merged_into.
            status, into = "renamed", display.get(renamed[wg_id], renamed[wg_id])
        elif wg_id in own_section:
            status, into = "active", ""
        elif row:
            status, into = ("external" if row.get("kind") == "external" else "active"), ""
        else:
            status, into = "external", ""
        shown = display.get(wg_id, m.text)
        acronym = row.get("acronym", "") if row else (shown if shown.isupper() else "")
        rows.append(
            {
                "doc_id": doc_id,
                "wg_id": wg_id,
                "acronym": acronym,
                "name": (row or {}).get("name") or (m.text if not m.text.isupper() else ""),
                "status": status,
                "merged_into": into,
                "in_registry": row is not None,
                "section_id": own_section.get(wg_id, ""),
                "page": m.page,
            }
        )
    return rows


def _activities(
    doc_id: str, nlp: NlpResult, display: dict[str, str], cfg: PipelineConfig
) -> list[dict]:
    id_of = {v: k for k, v in display.items()}
    counts: Counter[str] = Counter()
    rows = []
    for a in nlp.activities:
        key = f"{slug(a.actor)}-{a.year or 'na'}"
        counts[key] += 1
        actor_id = id_of.get(a.actor, "") if a.actor != cfg.publisher_acronym else ""
        rows.append(
            {
                "doc_id": doc_id,
                "activity_id": f"{key}-{counts[key]:02d}",
                "actor": a.actor,
                "actor_id": actor_id,
                "year": a.year,
                "description": a.description,
                "partners": ";".join(a.partners),
                "events": ";".join(a.events),
                "trigger": a.trigger,
                "actor_source": a.actor_source,
                "section_id": a.section_id,
                "page": a.page,
                "physical_page": a.physical_page,
                "sentence": a.sentence,
                "char_start": a.char_start,
                "char_end": a.char_end,
            }
        )
    return rows


def _merge_location(locations: list[str], cfg: PipelineConfig) -> str:
    """ "New Delhi" and "India" from two sentences make "New Delhi, India"."""
    locs = [loc for loc in dict.fromkeys(locations) if loc]
    if not locs:
        return ""
    full = [loc for loc in locs if "," in loc]
    if full:
        return full[0]
    cities = [loc for loc in locs if country_code(loc, cfg) is None]
    countries = [loc for loc in locs if country_code(loc, cfg)]
    if cities and countries:
        return f"{cities[0]}, {countries[0]}"
    return (cities or countries)[0]


def _events(doc_id: str, nlp: NlpResult, cfg: PipelineConfig) -> list[dict]:
    """One row per series and year; meetings of one series in one year stay apart by month."""
    registry = cfg.events.by_id()
    meeting_series = {m["series"] for m in cfg.event_patterns["meeting"]}

    grouped: dict[tuple[str, int], list[Any]] = {}
    for e in nlp.events:
        if e.year is None:
            continue
        grouped.setdefault((e.series_id, e.year), []).append(e)
    rows = []
    for (series_id, year), group in grouped.items():
        months = sorted({e.month for e in group if e.month})
        parts = {m: [e for e in group if e.month == m] for m in months} if len(months) > 1 else {}
        if not parts:
            parts = {months[0] if months else None: group}
        else:
            # A mention with no month ("two plenary meetings in 2008") repeats a dated one.
            parts = {m: es for m, es in parts.items()}
        for month, events in parts.items():
            event_id = f"{series_id}-{year}" + (f"-{month:02d}" if len(parts) > 1 else "")
            first = events[0]
            row = registry.get(series_id)
            if series_id in meeting_series:
                # A meeting is named by what the text calls it (events.toml).
                # The name of the mention the text dates, else the first one's.
                name = next((e.name for e in events if e.month), first.name)
            else:
                name = row["name"] if row else re.sub(r"\s+(?:19|20)\d{2}$", "", first.name)
            rows.append(
                {
                    "doc_id": doc_id,
                    "event_id": event_id,
                    "series_id": series_id,
                    "acronym": (row or {}).get("acronym", ""),
                    "name": name,
                    "year": year,
                    "month": month,
                    "location": _merge_location([e.location for e in events], cfg),
                    "section_id": first.section_id,
                    "page": first.page,
                }
            )
    return rows


def _publications(doc_id: str, nlp: NlpResult, cfg: PipelineConfig) -> list[dict]:
    publisher = fold(cfg.publisher_acronym)
    chosen: dict[str, Any] = {}
    dated = {p.registry_id for p in nlp.publications if p.registry_id and p.year}
    for p in nlp.publications:
        if p.registry_id:
            if p.year is None and p.registry_id in dated:
                continue  # "the GER" names the edition the report dates elsewhere
            key = f"{p.registry_id}-{p.year or 'na'}"
        else:
            key = " ".join(w for w in fold(p.title).split() if w != publisher)
        old = chosen.get(key)
        if old is None or (p.registry_id and len(p.title) > len(old.title)):
            chosen[key] = p
    # A title quoted in the text that a publication list gives in full is the same work.
    listed = [fold(p.title) for p in chosen.values() if p.source == "list"]
    chosen = {
        k: p
        for k, p in chosen.items()
        if p.source != "quoted"
        or not any(fold(p.title) in t and fold(p.title) != t for t in listed)
    }
    rows = []
    used: Counter[str] = Counter()
    for key, p in chosen.items():
        base = (
            (f"{p.registry_id}-{p.year}" if p.year else p.registry_id)
            if p.registry_id
            else slug(key, 50)
        )
        used[base] += 1
        pub_id = base if used[base] == 1 else f"{base}-{used[base]}"
        rows.append(
            {
                "doc_id": doc_id,
                "pub_id": pub_id,
                "title": p.title,
                "year": p.year,
                "identifier": p.identifier,
                "source": p.source,
                "section_id": p.section_id,
                "page": p.page,
            }
        )
    return rows


def _changes(doc_id: str, nlp: NlpResult, display: dict[str, str]) -> list[dict]:
    rows = []
    seen = set()
    with_object = {(c.kind, c.subject) for c in nlp.changes if c.object and c.year is not None}
    # Dated statements first: an undated one ("merging A with B ensures ...") only repeats them.
    for c in sorted(nlp.changes, key=lambda c: c.year is None):
        key = (c.kind, c.subject, c.object)
        if c.year is None or key in seen or c.holds:  # who holds the chair is no change
            continue
        if not c.object and (c.kind, c.subject) in with_object:
            continue  # "A was replaced" repeats "A was replaced by B", said elsewhere
        seen.add(key)
        rows.append(
            {
                "doc_id": doc_id,
                "change_id": f"{c.kind}-{c.subject}" + (f"-{c.object}" if c.object else ""),
                "kind": c.kind,
                "subject": display.get(c.subject, c.subject),
                "subject_id": c.subject,
                "object": display.get(c.object, c.object) if c.object else "",
                "object_id": c.object,
                "year": c.year,
                "planned": c.planned,
                "section_id": c.section_id,
                "page": c.page,
                "sentence": c.sentence,
            }
        )
    return rows
