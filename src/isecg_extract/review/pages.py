"""Page images for the review site: only the pages that hold rows, small enough to send.

Rendered locally with PDFium (already a dependency) in grey, reduced to 16 grey levels and
saved as PNG: a text page at 108 dpi is about 20 kB, so a 200-page report whose every page
holds a row stays near 4 MB, and the text is still readable beside the highlighted box.
"""

from __future__ import annotations

import io
from pathlib import Path

SCALE = 1.5
"""Pixels per PDF point (108 dpi): the smallest at which 9-point body text stays readable."""
LEVELS = 16


def page_file(number: int) -> str:
    return f"page-{number:04d}.png"


def render_pages(
    pdf_path: Path, numbers: list[int], dest: Path, password: str | None = None
) -> list[Path]:
    """Write ``dest/page-NNNN.png`` for each physical page in ``numbers``; return the files."""
    import pypdfium2 as pdfium

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    pdf = pdfium.PdfDocument(str(pdf_path), password=password)
    try:
        for number in sorted(set(numbers)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            image = page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
            buf = io.BytesIO()
            image.quantize(LEVELS).save(buf, "PNG", optimize=True)
            path = dest / page_file(number)
            path.write_bytes(buf.getvalue())
            written.append(path)
            page.close()
    finally:
        pdf.close()
    return written
