"""The page's path objects as pdfplumber's edges, which its table finder runs on.

Shapes are classified as pdfminer's ``paint_path`` does and cut into edges as pdfplumber's
``line_to_edge``, ``rect_to_edges`` and ``curve_to_edges`` do, so ``TableFinder`` finds the
same grids on them as on a pdfplumber page, and small drawn bullets are the same shapes.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any

from isecg_extract.ingest.pdfium.frame import DIGITS, Matrix, PageFrame, Point, apply_matrix_pt

Edge = dict[str, Any]


def path_subpaths(obj: Any, m: Matrix) -> list[tuple[str, list[Point]]]:
    """A path object as pdfminer sees it: per subpath, its operators (m, l, c, h) and points.

    PDFium stores a curve as three Bezier points and closing as a flag on the last segment;
    pdfminer keeps one point per operator (a curve's end point) and an ``h`` operator whose
    point is the subpath's start.
    """
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, list[Point]]] = []
    shape, pts = "", []
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = apply_matrix_pt(m, x.value, y.value)
        pt = (round(px, DIGITS), round(py, DIGITS))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if shape:
                out.append((shape, pts))
            shape, pts, bezier = "m", [pt], 0
        elif kind == raw.FPDF_SEGMENT_LINETO and shape:
            shape += "l"
            pts.append(pt)
        elif kind == raw.FPDF_SEGMENT_BEZIERTO and shape:
            bezier += 1
            if bezier % 3:
                continue
            shape += "c"
            pts.append(pt)
        else:
            continue
        if raw.FPDFPathSegment_GetClose(seg):
            shape += "h"
            pts.append(pts[0])
    if shape:
        out.append((shape, pts))
    return out


def _edge(kind: str, p0: Point, p1: Point, orientation: str | None) -> Edge:
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _is_rect(pts: list[Point]) -> bool:
    """pdfminer's test for a rectangle: a closed loop of four axis-aligned sides."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts[:5]
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return pts[0] == last and square


def page_edges(paths: list[tuple[Any, Matrix]], frame: PageFrame) -> dict[str, Any]:
    """pdfplumber's edges by kind: lines, rectangle sides, polyline segments (and polylines).

    Shapes are classified as pdfminer's ``paint_path`` does (two points: a line; a closed
    axis-aligned four-point loop: a rectangle; anything else: a curve) and cut into edges as
    pdfplumber's ``line_to_edge``, ``rect_to_edges`` and ``curve_to_edges`` do.
    """
    lines: list[Edge] = []
    rects: list[Edge] = []
    curves: list[Edge] = []
    curve_objects: list[list[Edge]] = []
    for obj, m in paths:
        for shape, user_pts in path_subpaths(obj, m):
            if len(shape) > 3 and shape[-2:] == "lh" and user_pts[-2] == user_pts[0]:
                shape = shape[:-2] + "h"  # a redundant "l" back to the start
                user_pts = user_pts[:-1]
            pts = [frame.point(*p) for p in user_pts]
            if shape in {"mlh", "ml"}:
                # line_to_edge: anything not horizontal counts as vertical.
                flat = pts[0][1] == pts[1][1]
                lines.append(_edge("line", pts[0], pts[1], "h" if flat else "v"))
            elif shape in {"mlllh", "mllll"} and _is_rect(user_pts):
                x0, x1 = sorted((pts[0][0], pts[2][0]))
                top, bottom = sorted((pts[0][1], pts[2][1]))
                rects.append(_edge("rect_edge", (x0, top), (x1, top), "h"))
                rects.append(_edge("rect_edge", (x0, bottom), (x1, bottom), "h"))
                rects.append(_edge("rect_edge", (x0, top), (x0, bottom), "v"))
                rects.append(_edge("rect_edge", (x1, top), (x1, bottom), "v"))
            else:
                segments = [
                    _edge(
                        "curve_edge",
                        p0,
                        p1,
                        "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
                    )
                    for p0, p1 in itertools.pairwise(pts)
                ]
                curves.extend(segments)
                curve_objects.append(segments)
    return {"line": lines, "rect": rects, "curve": curves, "curve_objects": curve_objects}


def could_hold_table(edges: list[Edge]) -> bool:
    """A grid of two cells needs three rules one way and two the other, before merging."""
    v = sum(1 for e in edges if e["orientation"] == "v" and e["height"] >= 1)
    h = sum(1 for e in edges if e["orientation"] == "h" and e["width"] >= 1)
    return v >= 2 and h >= 2 and max(v, h) >= 3
