"""Layout: a PDF's positioned lines into clean reading-order lines; text passes through.

Text input already is in reading order with blank lines for gaps, so only PDFs need this stage
(running headers and footers, columns, heading fonts, hyphenation: see ``pdf_layout``).
"""

from __future__ import annotations

from isecg_extract.config import PipelineConfig
from isecg_extract.model import RawDocument


def layout_document(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    if raw.input_format != "pdf":
        return raw
    from isecg_extract.pdf_layout import layout_pdf

    return layout_pdf(raw, cfg)
