"""The member table: one agency per organisation, with its country and canonical id.

A table is the member table when most first cells are countries (or a multinational body) and
its other cells hold organisations; a row may hold two organisations ("Australia: ASA, CSIRO").
"""

from __future__ import annotations

from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import BBox, Structure, Table
from isecg_extract.normalise.countries import clean_country, country_code
from isecg_extract.normalise.entities import EntityIndex


@dataclass
class Member:
    agency_id: str
    acronym: str
    name: str
    country: str
    country_code: str
    in_registry: bool
    section_id: str
    page: int | None
    physical_page: int | None
    bbox: BBox | None
    source: str = "table"  # how it was found: table, annex, toc, prose, change, mention


def find_member_tables(structure: Structure, cfg: PipelineConfig) -> list[Table]:
    share = cfg.settings["tables"]["member_min_country_share"]
    found = []
    for table in structure.tables:
        rows = [r for r in table.rows if len(r) >= 2]
        if not rows:
            continue
        countries = sum(1 for r in rows if country_code(r[0], cfg) is not None)
        if countries / len(rows) >= share:
            found.append(table)
    return found


def read_members(structure: Structure, cfg: PipelineConfig, index: EntityIndex) -> list[Member]:
    members: list[Member] = []
    seen: set[str] = set()
    for table in find_member_tables(structure, cfg):
        last_country = ""
        for r, row in enumerate(table.rows):
            if len(row) < 2:
                continue
            if not row[0].strip() and last_country:
                row = [last_country, *row[1:]]  # a continuation row: same country
            code = country_code(row[0], cfg)
            if code is None:
                continue  # a header row or a stray line
            country = clean_country(row[0])
            last_country = row[0]
            for name, acronym in split_organisations(" ".join(row[1:]), cfg):
                res = index.resolve(name, acronym, code)
                if res.entity_id in seen:
                    continue
                seen.add(res.entity_id)
                members.append(
                    Member(
                        agency_id=res.entity_id,
                        acronym=acronym or (res.row or {}).get("acronym", ""),
                        name=name,
                        country=country,
                        country_code=code,
                        in_registry=res.known,
                        section_id=table.section_id,
                        page=table.row_pages[r] if r < len(table.row_pages) else None,
                        physical_page=table.pages[0] if table.pages else None,
                        bbox=table.row_bboxes[r] if r < len(table.row_bboxes) else None,
                    )
                )
    return members


def split_organisations(cell: str, cfg: PipelineConfig) -> list[tuple[str, str]]:
    """ "Name A (A) Name B (B)" -> [("Name A", "A"), ("Name B", "B")]; a bare name keeps no acronym."""
    out = []
    pos = 0
    for m in cfg.regex["org"].finditer(cell):
        name = " ".join(m.group("name").split()).strip(" ,;")
        if name:
            out.append((name, " ".join(m.group("acronym").split())))
        pos = m.end()
    rest = " ".join(cell[pos:].split()).strip(" ,;")
    if rest and any(ch.isalpha() for ch in rest):
        out.append((rest, ""))
    return out
