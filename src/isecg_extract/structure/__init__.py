"""Structure: lines into front matter, TOC, sections, paragraphs, lists and tables.

The pure steps run in this order (each a function of its own module):
lines -> chunks -> headings -> levels -> sections -> blocks and tables -> report text.
"""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Block, FrontMatter, Line, RawDocument, Section, Structure, Table
from isecg_extract.structure.chunks import Chunk, make_chunks, merge_continuations
from isecg_extract.structure.front import read_front_matter
from isecg_extract.structure.headings import (
    assign_levels,
    mark_headings,
    note_neighbours,
    split_at_toc_titles,
    split_toc_headings,
)
from isecg_extract.structure.reflow import reflow
from isecg_extract.structure.tables import drop_repeated_headers, join_split_rows, unfold_pairs
from isecg_extract.structure.toc import find_toc_heading, read_toc
from isecg_extract.textutil import ends_sentence, slug, strip_markup


def build_structure(raw: RawDocument, cfg: PipelineConfig) -> Structure:
    lines = reflow(raw.lines(), cfg)
    toc_at = find_toc_heading(lines, cfg)
    toc, body_start = ([], 0)
    if toc_at is not None:
        toc, body_start = read_toc(lines, toc_at + 1, cfg)
        if not toc:
            body_start = toc_at + 1
    chunks = split_at_toc_titles(split_toc_headings(make_chunks(lines[body_start:], cfg), toc), toc)
    mark_headings(chunks, toc, cfg)
    front_lines: list[Line] = lines[:toc_at] if toc_at is not None else []
    if toc_at is None:
        chunks, front_lines = _split_cover(chunks, cfg)
    chunks = merge_continuations(chunks)
    note_neighbours(chunks)
    headings = [c for c in chunks if c.kind == "heading"]
    assign_levels(headings, toc, cfg)
    reach = cfg.settings["document"]["cover_max_lines"]
    opening, closing = lines[:reach], lines[-reach:]
    front = read_front_matter(front_lines or opening, cfg, raw.metadata, opening, closing)
    sections = _sections(headings, toc)
    blocks, tables = _blocks(chunks, sections, front_lines)
    tables = [unfold_pairs(join_split_rows(drop_repeated_headers(t))) for t in tables]
    # The TOC's entries go last, after the body, so the names they hold are mentions too (an
    # excerpt's TOC may name an annex of members or groups the body does not reach) while
    # every offset into the body stays what it was.
    first_page = lines[toc_at].page if toc_at is not None else 1
    blocks += [Block("toc_entry", e.title, "", e.page, first_page) for e in toc]
    text = _assemble(blocks)
    return Structure(
        front=front, toc=toc, sections=sections, blocks=blocks, tables=tables, text=text
    )


def _split_cover(chunks: list[Chunk], cfg: PipelineConfig) -> tuple[list[Chunk], list[Line]]:
    """With no TOC, the cover is what comes before the first heading, if that is short.

    A news post or a press release opens with short lines (a masthead, a headline, a date line)
    and no heading of its own: they are all cover, up to the heading right above the first
    paragraph, if there is one.
    """
    limit = cfg.settings["document"]["cover_max_lines"]
    first_par = next(
        (i for i, c in enumerate(chunks) if c.kind != "heading" and _paragraph_like(c)), None
    )
    if first_par:
        lead = chunks[:first_par]
        if (
            all(len(c.lines) <= 4 and c.kind in {"text", "heading"} for c in lead)
            and sum(len(c.lines) for c in lead) <= limit
        ):
            cut = first_par - 1 if lead[-1].kind == "heading" else first_par
            if cut > 0:
                return chunks[cut:], [line for c in chunks[:cut] for line in c.lines]
    for i, chunk in enumerate(chunks):
        if chunk.kind == "heading":
            cover = [line for c in chunks[:i] for line in c.lines]
            # Not when running text stands before it: a press release's body above its
            # "About the agency" heading is no cover.
            if len(cover) <= limit and all(
                c.kind == "text" and not _paragraph_like(c) for c in chunks[:i]
            ):
                return chunks[i:], cover
            break
    return chunks, []


def _paragraph_like(chunk: Chunk) -> bool:
    """Running text: a finished sentence of some length, or several lines of it."""
    words = chunk.text.split()
    return len(words) >= 12 and (ends_sentence(chunk.text) or len(chunk.lines) > 2)


def _sections(headings: list[Chunk], toc) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    used: dict[str, int] = {}
    for order, h in enumerate(headings):
        while stack and stack[-1].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        sid = slug(h.text)
        if sid in used:
            sid = f"{parent.section_id}--{sid}" if parent else sid
            if sid in used:
                sid = f"{sid}-{used[sid] + 1}"
        used[sid] = used.get(sid, 0) + 1
        entry = toc[h.toc_index] if h.toc_index is not None else None
        first = h.first
        section = Section(
            section_id=sid,
            title=h.text,
            level=h.level,
            parent_id=parent.section_id if parent else "",
            page=first.printed_page
            if first.printed_page is not None
            else (entry.page if entry else None),
            physical_page=first.page,
            toc_page=entry.page if entry else None,
            order=order,
            bbox=first.bbox,
            in_toc=entry is not None,
        )
        h.extra["section"] = section
        sections.append(section)
        stack.append(section)
    return sections


def _blocks(
    chunks: list[Chunk], sections: list[Section], front_lines: list[Line]
) -> tuple[list[Block], list[Table]]:
    blocks: list[Block] = []
    tables: list[Table] = []
    if front_lines:
        cover = " ".join(" ".join(strip_markup(line.text)[0].split()) for line in front_lines)
        blocks.append(Block("front_matter", cover, "", None, front_lines[0].page))
    current: Section | None = None
    table: Table | None = None
    bullet_indents: list[float] = []
    for chunk in chunks:
        if chunk.kind == "heading":
            current = chunk.extra["section"]
            table = None
            blocks.append(_block("heading", chunk.text, current, chunk.first))
            continue
        sid = current.section_id if current else ""
        if chunk.kind == "row":
            if table is None:
                table = Table(table_id=f"t{len(tables) + 1}", section_id=sid, rows=[], pages=[])
                tables.append(table)
            table.rows.append(list(chunk.cells or []))
            page = _page(chunk.first, current)
            table.row_pages.append(page)
            table.row_bboxes.append(chunk.first.bbox)
            if chunk.first.page not in table.pages:
                table.pages.append(chunk.first.page)
            b = _block("table_row", " | ".join(chunk.cells or []), current, chunk.first)
            b.cells, b.table_id = list(chunk.cells or []), table.table_id
            blocks.append(b)
            continue
        table = None
        if chunk.kind == "bullet":
            level = _nesting(bullet_indents, chunk.indent)
            b = _block("list_item", chunk.text, current, chunk.first)
            b.list_level = level
        else:
            bullet_indents = []
            b = _block("paragraph", chunk.text, current, chunk.first)
        blocks.append(b)
    return blocks, tables


def _nesting(indents: list[float], indent: float) -> int:
    """List level from indentation relative to the earlier items of the same list."""
    while indents and indents[-1] > indent + 0.5:
        indents.pop()
    if not indents or indent > indents[-1] + 0.5:
        indents.append(indent)
    return len(indents) - 1


def _page(line: Line, section: Section | None) -> int | None:
    if line.printed_page is not None:
        return line.printed_page
    return section.page if section else None


def _block(kind: str, text: str, section: Section | None, line: Line) -> Block:
    clean, spans = strip_markup(text)
    return Block(
        kind=kind,
        text=" ".join(clean.split()) if clean == " ".join(clean.split()) else clean,
        section_id=section.section_id if section else "",
        page=_page(line, section),
        physical_page=line.page,
        bbox=line.bbox,
        emphasis=spans,
    )


def _assemble(blocks: list[Block]) -> str:
    parts: list[str] = []
    pos = 0
    for b in blocks:
        b.char_start, b.char_end = pos, pos + len(b.text)
        parts.append(b.text)
        pos = b.char_end + 2
    return "\n\n".join(parts)


__all__ = ["build_structure", "FrontMatter"]
