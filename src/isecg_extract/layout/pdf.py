"""Layout analysis of PDF pages: segments -> clean lines in reading order.

Pure steps, each a function, chained in ``layout_pdf``:
margins (running headers, footers and page numbers, found by repetition across pages) ->
printed page numbers -> columns (a gutter no text line crosses) -> lines in reading order
(full-width items keep their place between column bands) -> cells of borderless tables ->
paragraph gaps and indentation -> heading fonts ranked against the body text.
"""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.layout.cells import merge_cells
from isecg_extract.layout.columns import (
    document_gutters,
    find_gutters,
    reading_order,
    shared_gutters_fit,
    split_at_gutters,
)
from isecg_extract.layout.fonts import (
    body_font_size,
    heading_candidate,
    heading_ranks,
    join_numbered_titles,
    line_style,
)
from isecg_extract.layout.margins import (
    fill_printed_pages,
    running_keys,
    running_titles,
    split_margins,
)
from isecg_extract.layout.notes import place_margin_notes, split_margin_notes
from isecg_extract.layout.page_layout import PageLayout
from isecg_extract.layout.paragraphs import mark_gaps_and_indent
from isecg_extract.model import Page, RawDocument


def layout_pdf(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    pages, _ = analyse(raw, cfg)
    return RawDocument(raw.source_file, raw.source_sha256, raw.input_format, pages, raw.metadata)


def analyse(raw: RawDocument, cfg: PipelineConfig) -> tuple[list[Page], list[PageLayout]]:
    layouts = [PageLayout(p.number) for p in raw.pages]
    repeated = running_keys(raw.pages)
    bodies = []
    for page, lay in zip(raw.pages, layouts, strict=True):
        body, removed, printed = split_margins(page, repeated)
        lay.removed, lay.printed_page = removed, printed
        bodies.append(body)
    kept = running_titles(raw.pages, bodies)
    for lay, body, left in zip(layouts, bodies, kept, strict=True):
        still = {id(ln) for ln in left}
        lay.removed += [ln for ln in body if id(ln) not in still]
    bodies = kept
    for page, lay, body in zip(raw.pages, layouts, bodies, strict=True):
        lay.gutters = find_gutters(body, page.width or 0)
    shared = document_gutters(layouts)
    for lay, body in zip(layouts, bodies, strict=True):
        if len(lay.gutters) < len(shared) and shared_gutters_fit(body, shared):
            lay.gutters = list(shared)
        lay.gutter = lay.gutters[0] if lay.gutters else None
        lay.lines = reading_order(split_at_gutters(body, lay.gutters), lay.gutters)
    fill_printed_pages(layouts)
    body_size = body_font_size([ln for lay in layouts for ln in lay.lines])
    for lay in layouts:
        lines, notes = split_margin_notes(merge_cells(lay.lines, lay.gutter), body_size)
        join_numbered_titles(lines, body_size)
        mark_gaps_and_indent(lines, lay.gutter, body_size)
        lay.lines = place_margin_notes(lines, notes)
    # Ranked once table rows are joined: a bold cell style is no heading level.
    ranks = heading_ranks(layouts, body_size, cfg)
    out: list[Page] = []
    for page, lay in zip(raw.pages, layouts, strict=True):
        lines = lay.lines
        for ln in lines:
            ln.printed_page = lay.printed_page
            ln.heading_rank = (
                ranks.get(line_style(ln)) if heading_candidate(ln, body_size) else None
            )
        lay.lines = lines
        out.append(Page(page.number, lay.printed_page, page.width, page.height, lines))
    return out, layouts
