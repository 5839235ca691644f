"""Layout: positioned lines into clean reading-order lines.

PDFs go through ``pdf_layout`` (columns, heading fonts, tables). Text input is already in
reading order, but a text export with form-feed pages still carries running headers, footers
and page numbers: they are found the same way (repetition across pages) and removed, and the
page numbers become printed pages.
"""

from __future__ import annotations

from collections import Counter

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Line, Page, RawDocument

EDGE_LINES = 2  # lines at the top and bottom of a text page where running lines can stand


def layout_document(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    if raw.input_format == "pdf":
        from isecg_extract.pdf_layout import layout_pdf

        return layout_pdf(raw, cfg)
    if len(raw.pages) < 3:
        return raw
    return RawDocument(
        raw.source_file,
        raw.source_sha256,
        raw.input_format,
        strip_text_margins(raw.pages),
        raw.metadata,
    )


def _edges(page: Page) -> list[int]:
    n = len(page.lines)
    return sorted(set(range(min(EDGE_LINES, n))) | set(range(max(0, n - EDGE_LINES), n)))


def strip_text_margins(pages: list[Page]) -> list[Page]:
    from isecg_extract.pdf_layout import PAGE_NUMBER, PageLayout, fill_printed_pages, row_key

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(
            {row_key(page.lines[i].text) for i in _edges(page) if page.lines[i].cells is None}
        )
    repeated = {k for k, c in counts.items() if c >= max(2, int(0.4 * len(pages)))}
    layouts = [PageLayout(p.number) for p in pages]
    kept: list[list[Line]] = []
    for page, lay in zip(pages, layouts, strict=True):
        edges = set(_edges(page))
        lines = []
        for i, line in enumerate(page.lines):
            if i in edges and line.cells is None:
                m = PAGE_NUMBER.match(line.text.strip())
                if (
                    m
                    and len(line.text) <= 24
                    and (row_key(line.text) in repeated or len(line.text.split()) <= 2)
                ):
                    lay.printed_page = int(m.group(1))
                    continue
                if row_key(line.text) in repeated:
                    continue
            lines.append(line)
        kept.append(lines)
    fill_printed_pages(layouts)
    out = []
    for page, lay, lines in zip(pages, layouts, kept, strict=True):
        for line in lines:
            line.printed_page = lay.printed_page
        if lines and lines[0].gap_before is False:
            lines[0].gap_before = True
        out.append(Page(page.number, lay.printed_page, page.width, page.height, lines))
    return out
