"""Draws what the layout stage saw on a PDF page, so a person can see why it was read so.

Colours (legend in a strip right of the page, where it covers nothing): running
headers/footers removed (grey), column gutters (magenta lines), headings (red, with their
rank), body lines (blue), table rows and cells (green), list items (orange).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from isecg_extract.config import PipelineConfig
from isecg_extract.errors import BadArgument, MalformedPdf, NotAPdf, TooLarge

MAX_PIXELS = 60_000_000
"""Largest picture ``inspect`` draws: about 240 MB of RGBA (an A4 page at 300 dpi is 8.7 M)."""

MIN_SIDE = 3.0
"""The smallest page side the PDF specification allows (3 units, ISO 32000-1 Annex C.2): a
page below it (a MediaBox or CropBox of [0 0 0 0]) has nothing to draw and divided by zero."""

LEGEND = [
    ("header/footer removed", (128, 128, 128)),
    ("column gutter", (200, 0, 200)),
    ("heading (rank)", (220, 30, 30)),
    ("body line", (40, 90, 220)),
    ("table row / cell", (20, 150, 60)),
    ("list item", (240, 140, 0)),
]


def _with_legend_strip(page: Any) -> Any:
    """The legend in a strip beside the page, where it covers nothing of the page."""
    from PIL import Image, ImageDraw

    strip_w = 150
    canvas = Image.new("RGB", (page.width + strip_w, page.height), (255, 255, 255))
    canvas.paste(page, (0, 0))
    draw = ImageDraw.Draw(canvas)
    x = page.width + 8
    draw.line((page.width, 0, page.width, page.height), fill=(0, 0, 0))
    y = 8
    for label, colour in LEGEND:
        draw.rectangle((x, y + 3, x + 10, y + 13), fill=colour)
        draw.text((x + 16, y + 2), label, fill=(0, 0, 0))
        y += 16
    return canvas


def _check_drawable(page: Any, number: int, path: str) -> None:
    """A page with no area is the file's fault (malformed, status 6): no option can make it
    drawable, unlike a page too large for ``--resolution`` (status 10)."""
    for box_name in ("mediabox", "cropbox"):
        x0, top, x1, bottom = (float(v) for v in getattr(page, box_name))
        if abs(x1 - x0) < MIN_SIDE or abs(bottom - top) < MIN_SIDE:
            raise MalformedPdf(
                path,
                f"page {number} has no area to draw: its {box_name[:-3].title()}Box is "
                f"{abs(x1 - x0):g} x {abs(bottom - top):g} points (at least {MIN_SIDE:g} x "
                f"{MIN_SIDE:g})",
            )


def inspect_page(
    pdf: str | Path,
    page_number: int,
    png: str | Path,
    cfg: PipelineConfig,
    password: str | None = None,
    resolution: int = 100,
) -> dict:
    """Render page ``page_number`` (1-based) with the layout drawn on it; returns a summary."""
    from PIL import ImageDraw

    from isecg_extract.ingest import IngestOptions, ingest
    from isecg_extract.ingest.pdf import open_document
    from isecg_extract.layout.pdf import analyse
    from isecg_extract.write import write_output  # every command's files are written so

    raw = ingest(pdf, IngestOptions(password=password))
    if raw.input_format != "pdf":
        raise NotAPdf(str(pdf))
    if not 1 <= page_number <= len(raw.pages):
        raise BadArgument(str(pdf), f"no page {page_number}; the file has {len(raw.pages)}")
    pages, layouts = analyse(raw, cfg)
    lay = layouts[page_number - 1]
    bullet = cfg.regex["bullet"]
    doc = open_document(Path(pdf), password)
    try:
        page = doc.pages[page_number - 1]
        _check_drawable(page, page_number, str(pdf))
        pixels = float(page.width) * float(page.height) * (resolution / 72) ** 2
        if pixels > MAX_PIXELS:
            raise TooLarge(
                str(pdf),
                f"page {page_number} is {float(page.width):.0f} x {float(page.height):.0f} "
                f"points, {pixels / 1e6:.0f} megapixels at {resolution} dpi (at most "
                f"{MAX_PIXELS / 1e6:.0f}); give a lower --resolution",
            )
        image = page.to_image(resolution=resolution)
        for ln in lay.removed:
            image.draw_rect(ln.bbox, fill=(128, 128, 128, 60), stroke=LEGEND[0][1])
        for gutter in lay.gutters or ([lay.gutter] if lay.gutter is not None else []):
            image.draw_vline(gutter, stroke=LEGEND[1][1], stroke_width=2)
        counts = {
            "removed": len(lay.removed),
            "headings": 0,
            "body": 0,
            "table_rows": 0,
            "list_items": 0,
        }
        for ln in lay.lines:
            if ln.bbox is None:
                continue
            if ln.cells is not None:
                image.draw_rect(ln.bbox, fill=(20, 150, 60, 40), stroke=LEGEND[4][1])
                for x in ln.cell_x or []:
                    image.draw_vline(x, stroke=LEGEND[4][1], stroke_width=1)
                counts["table_rows"] += 1
            elif ln.heading_rank is not None:
                image.draw_rect(
                    ln.bbox, fill=(220, 30, 30, 40), stroke=LEGEND[2][1], stroke_width=2
                )
                counts["headings"] += 1
            elif bullet.match(ln.text):
                image.draw_rect(ln.bbox, fill=(240, 140, 0, 40), stroke=LEGEND[5][1])
                counts["list_items"] += 1
            else:
                image.draw_rect(ln.bbox, fill=(40, 90, 220, 30), stroke=LEGEND[3][1])
                counts["body"] += 1
        canvas = image.annotated.convert("RGB")
        draw = ImageDraw.Draw(canvas)
        scale = resolution / 72
        for ln in lay.lines:
            if ln.heading_rank is not None and ln.bbox:
                draw.text(
                    (ln.bbox[2] * scale + 4, ln.bbox[1] * scale),
                    f"H{ln.heading_rank}",
                    fill=LEGEND[2][1],
                )
        canvas = _with_legend_strip(canvas)
        # Encoded in memory, then written as every output is: atomically, leaving no
        # temporary file on failure, and a failure is status 20 naming the picture.
        encoded = io.BytesIO()
        canvas.save(encoded, format="PNG")
        write_output(Path(png), encoded.getvalue())
    finally:
        doc.close()
    counts.update(
        {
            "page": page_number,
            "printed_page": lay.printed_page,
            "gutter": lay.gutter,
            "png": str(png),
        }
    )
    return counts
