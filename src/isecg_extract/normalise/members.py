"""The member table: one agency per organisation, with its country and canonical id.

A table is the member table when most first cells are countries (or a multinational body) and
its other cells hold organisations; a row may hold two organisations ("Australia: ASA, CSIRO").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isecg_extract.config import PipelineConfig
from isecg_extract.model import BBox, Structure, Table
from isecg_extract.normalise.countries import clean_country, country_code
from isecg_extract.normalise.entities import EntityIndex
from isecg_extract.textutil import YEAR_RE


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


def find_member_tables(structure: Structure, cfg: PipelineConfig) -> list[tuple[Table, int]]:
    """Member tables, each with its country column (first in most reports, last in some)."""
    share = cfg.settings["tables"]["member_min_country_share"]
    found = []
    for table in structure.tables:
        rows = [r for r in table.rows if len(r) >= 2]
        if not rows:
            continue
        width = min(len(r) for r in rows)
        for col in (0, width - 1):
            countries = sum(1 for r in rows if country_code(r[col], cfg) is not None)
            if countries / len(rows) >= share:
                found.append((table, col))
                break
    return found


def read_members(structure: Structure, cfg: PipelineConfig, index: EntityIndex) -> list[Member]:
    members: list[Member] = []
    seen: set[str] = set()
    for table, col in find_member_tables(structure, cfg):
        last_country = ""
        for r, row in enumerate(table.rows):
            if len(row) < 2:
                continue
            if col:
                row = [row[col], *row[:col], *row[col + 1 :]]  # the country first
            if not row[0].strip() and last_country:
                row = [last_country, *row[1:]]  # a continuation row: same country
            code = country_code(row[0], cfg)
            if code is None:
                continue  # a header row or a stray line
            country = clean_country(row[0]) or row[0].strip(" ()")
            last_country = row[0]
            for name, acronym in _organisations(row[1:], cfg, index):
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


_ACRONYM_CELL = re.compile(r"^[A-Z][A-Za-z0-9&.-]{1,11}$")


def _organisations(
    cells: list[str], cfg: PipelineConfig, index: EntityIndex
) -> list[tuple[str, str]]:
    """The organisations of a row's cells other than the country: an acronym column beside a
    name column ("NOSA", "Norwegian Space Agency"), or cells that name them in full."""
    cells = [c for c in cells if c.strip() and not _note_cell(c)]
    short = [
        c for c in cells if _ACRONYM_CELL.match(c.strip()) and any(ch.isupper() for ch in c[1:])
    ]
    if not short:  # an acronym the registry knows, whatever its shape ("PT Space")
        short = [c for c in cells if " ".join(c.split()).casefold() in index.by_acronym]
    if len(cells) == 2 and len(short) == 1:
        name = next(c for c in cells if c is not short[0])
        return [(" ".join(name.split()), short[0].strip())]
    if len(cells) == 2 and not short:
        paired = _two_in_one_row(cells, index)
        if paired:
            return paired
    text = " ".join(cells)
    # "CSIRO Commonwealth Scientific ...": an acronym the registry knows, one space from its name.
    head = text.split(maxsplit=1)
    if len(head) == 2 and "(" not in text and head[0].casefold() in index.by_acronym:
        return [(" ".join(head[1].split()), head[0])]
    return split_organisations(text, cfg)


def _note_cell(cell: str) -> bool:
    """A cell that says something about the member rather than naming it: a year it joined
    ("2021"), a note ("joined 2021", "new member, 2018", "replaced KARI in 2024", "Founding
    member"). Read as a name, it became an agency of its own or the tail of the name beside it."""
    text = " ".join(cell.split())
    if _PAREN_ACRONYM.search(text):
        return False  # "Name (ACR)" names one, whatever follows
    words = text.split()
    return (
        bool(YEAR_RE.search(text))
        or text[:1].islower()
        # "Founding member"; not "Agence spatiale canadienne", written in sentence case
        or (not any(w[:1].isupper() for w in words[1:]) and "member" in text.casefold())
    )


_PAREN_ACRONYM = re.compile(r"\([A-Z][A-Za-z0-9&.\s-]{1,15}\)")


def _two_in_one_row(cells: list[str], index: EntityIndex) -> list[tuple[str, str]] | None:
    """Two organisations of one country in one row, their names and their acronyms each on a
    line of their own cell ("Australian Space Agency / Commonwealth Scientific ... Organisation"
    beside "ASA / CSIRO"): the acronyms, each known to the registry, cut the name cell where
    the next one's registry name begins."""
    for k, cell in enumerate(cells):
        acronyms = cell.split()
        if len(acronyms) < 2 or not all(
            _ACRONYM_CELL.match(a) and a.casefold() in index.by_acronym for a in acronyms
        ):
            continue
        text = " ".join(cells[1 - k].split())
        low = text.casefold()
        starts = [0]
        for acronym in acronyms[1:]:
            row = index.by_acronym[acronym.casefold()][0]
            found = [
                at
                for form in index.registry.names(row)
                if len(form.split()) >= 2
                and (at := low.find(" ".join(form.split()[:2]).casefold(), starts[-1] + 1)) > 0
            ]
            if not found:
                return None
            starts.append(min(found))
        bounds = [*starts, len(text)]
        names = [
            _unhyphenate(text[a:b].strip(" ,;")) for a, b in zip(bounds, bounds[1:], strict=False)
        ]
        return list(zip(names, acronyms, strict=True))
    return None


def _unhyphenate(text: str) -> str:
    """ "Research Or- ganisation": a word the producer hyphenated at a line's end."""
    return re.sub(r"(?<=[a-z])- (?=[a-z])", "", text)


_ACRONYM_FIRST = re.compile(
    r"^(?P<acronym>[A-Z][A-Za-z0-9&]*[A-Z0-9&][A-Za-z0-9&-]*)(?:\s{2,}|\s+[-–—:/]\s+)(?P<name>\S.*)$"
)


def split_organisations(cell: str, cfg: PipelineConfig) -> list[tuple[str, str]]:
    """ "Name A (A) Name B (B)" -> [("Name A", "A"), ("Name B", "B")]; "ASI   Agenzia ..." and
    "ASI – Agenzia ..." give the acronym first; a bare name keeps no acronym."""
    first = _ACRONYM_FIRST.match(cell.strip())
    if first and "(" not in cell:
        return [(" ".join(first.group("name").split()), first.group("acronym"))]
    out = []
    pos = 0
    for m in cfg.regex["org"].finditer(cell):
        name = " ".join(m.group("name").split()).strip(" ,;")
        if name:
            out.append((name, " ".join(m.group("acronym").split())))
        pos = m.end()
    rest = " ".join(cell[pos:].split()).strip(" ,;")
    if rest and any(ch.isalpha() for ch in rest) and not (out and _note_cell(rest)):
        out.append((rest, ""))  # a bare name; after named ones, a note ("... (NZSA) joined 2021")
    return out
