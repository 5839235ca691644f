"""Layout: positioned lines into clean lines in reading order (the second stage).

PDF pages go through ``pdf.layout_pdf``: margins, columns, borderless table cells, side notes,
paragraph gaps and heading fonts, one module each. Text input is in reading order already;
``text`` only takes off the running lines of a text export.
"""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.layout.pdf import layout_pdf
from isecg_extract.layout.text import split_at_running_lines, strip_text_margins
from isecg_extract.model import RawDocument


def layout_document(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    if raw.input_format == "pdf":
        return layout_pdf(raw, cfg)
    pages = raw.pages if len(raw.pages) >= 3 else split_at_running_lines(raw.pages)
    if len(pages) < 3:
        return raw
    return RawDocument(
        raw.source_file,
        raw.source_sha256,
        raw.input_format,
        strip_text_margins(pages),
        raw.metadata,
    )
