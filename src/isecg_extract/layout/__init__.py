"""Layout: positioned lines into clean lines in reading order (the second stage).

PDF pages go through ``pdf.layout_pdf``: margins, columns, borderless table cells, side notes,
paragraph gaps and heading fonts, one module each. Text input is in reading order already;
``text`` only takes off the running lines of a text export.
"""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.layout.pdf import layout_pdf
from isecg_extract.layout.text import split_at_running_lines, strip_text_margins
from isecg_extract.model import Page, RawDocument


def layout_document(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    if raw.input_format == "pdf":
        return layout_pdf(raw, cfg)
    pages = raw.pages if len(raw.pages) >= 3 else split_at_running_lines(raw.pages)
    if len(pages) < 3:
        return raw
    stripped = strip_text_margins(pages)
    return RawDocument(
        raw.source_file,
        raw.source_sha256,
        raw.input_format,
        stripped,
        _with_running_header(raw.metadata, pages[0], stripped[0]),
    )


def _with_running_header(metadata: dict[str, str], page: Page, kept: Page) -> dict[str, str]:
    """The metadata plus the first page's running header, when one was taken off: a report
    whose title heads every page ("ISECG Annual Report 2010") has no other title line left."""
    left = {id(line) for line in kept.lines}
    for line in page.lines[:2]:
        if id(line) not in left and line.text.strip():
            return {**metadata, "running_header": line.text.strip()}
    return metadata
