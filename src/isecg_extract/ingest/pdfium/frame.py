"""Where PDFium's coordinates land in pdfplumber's: PDF user space -> pdfminer's device space
(the page turned by its /Rotate, the media box moved to the origin) -> pdfplumber's page
coordinates (``top`` from the top edge). Every char and edge goes through ``PageFrame``, so
both engines give the same numbers for the same point.
"""

from __future__ import annotations

import ctypes
from typing import Any

# PDFium's floats are single precision (about 3e-5 of noise at 800 pt): rounding to this many
# decimals gives back the values a producer wrote, as pdfminer reads them.
DIGITS = 4
SCALE = 10.0**DIGITS

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]


class PageFrame:
    """pdfminer's page rotation and pdfplumber's flip, as one map from PDF user space.

    pdfminer turns the page by its /Rotate and moves the media box to the origin; pdfplumber
    then flips y (``top`` from the top edge) and adds the media box's corner back (its issue
    1181). Reproducing both keeps every coordinate comparable with the pdfplumber backend.
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        # pdfminer builds its page matrix from the box as the pdfplumber engine hands it over
        # (corners in order: ``ingest.pdf.boxes_in_order``, as ``page_frame`` does here) ...
        x0, y0, x1, y1 = mediabox
        self.rotation = rotation % 360
        if self.rotation == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif self.rotation == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif self.rotation == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        # ... and pdfplumber its page size from the box put in order.
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        box = (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)
        self.width = box[2] - box[0]
        self.height = box[3] - box[1]
        self.left = box[0]
        self.top = self.height - box[3]
        # Unrotated media box at the origin, the common case: device space is user space.
        self.plain = self.ctm == (1, 0, 0, 1, 0, 0)

    def device(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e, b * x + d * y + f

    def point(self, x: float, y: float) -> Point:
        """(x, top) in pdfplumber's coordinates of a point in PDF user space."""
        dx, dy = self.device(x, y)
        return (dx + self.left if self.left else dx), (self.height - dy) + self.top

    def matrix(self, m: Matrix) -> Matrix:
        """A user-space matrix followed by the page rotation (pdfminer's device space)."""
        return mult_matrix(m, self.ctm)


def mult_matrix(m: Matrix, n: Matrix) -> Matrix:
    """pdfminer's mult_matrix: m then n."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def apply_matrix_pt(m: Matrix, x: float, y: float) -> Point:
    """pdfminer's apply_matrix_pt: the point (x, y) through m."""
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def page_frame(page: Any) -> PageFrame:
    """The page's media box (its own, else the inherited one PDFium resolved) and rotation."""
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        box = (left.value, bottom.value, right.value, top.value)
    else:
        # Inherited from the page tree: PDFium resolves it into the page box, which a crop
        # box would cut (pdfplumber keeps the media box; rare enough to accept).
        rect = raw.FS_RECTF()
        raw.FPDF_GetPageBoundingBox(page, rect)
        box = (rect.left, rect.bottom, rect.right, rect.top)
    x0, y0, x1, y1 = (round(v, DIGITS) for v in box)
    # Any two opposite corners make a box ("[612 792 0 0]"): put in order, as viewers and
    # the pdfplumber engine do, the page's words land on it rather than off it.
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    return PageFrame((x0, y0, x1, y1), (raw.FPDFPage_GetRotation(page) or 0) * 90)
