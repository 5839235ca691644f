"""Ruled tables on the PDFium engine's edges: pdfplumber's ``TableFinder`` with the settings
``ingest.segments.read_page`` asks for (the "lines" strategies, default tolerances).

Why a transcription and not ``pdfplumber.table.TableFinder`` itself: calling it cost the
engine its speed target (5.40x pdfplumber's ingest before, 4.83x with it, against >= 5;
docs/benchmarks.md, "Libraries instead of copies"), about 80 ms on the long report of which
35 ms are ``import pdfplumber`` in every page reader, and 6 MB of memory in each. The steps
below are pdfplumber 0.11's (``merge_edges``: ``snap_objects`` then ``join_edge_group``;
``edges_to_intersections``, ``intersections_to_cells``, ``cells_to_tables``; ``Table.rows``)
with the same arithmetic, so the same grids come out. ``tests/test_ingest_pdfium_words.py``
holds every table to ``TableFinder``'s on every corpus, fixture and sample PDF page, and
pyproject.toml pins pdfplumber to the minor version these were read from. Any other settings
go to pdfplumber's own finder (``PdfiumPage.find_tables``).
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

from isecg_extract.ingest.pdfium.frame import Point
from isecg_extract.ingest.words import CharTuple, cluster_objects, table_rows

Edge = dict[str, Any]
BBox = tuple[float, float, float, float]

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
"""The settings this module answers for; ``read_page`` asks for these."""

_SNAP = _JOIN = _INTERSECT = 3.0  # TableSettings' snap_, join_ and intersection_tolerance
_MIN_LENGTH, _MIN_LENGTH_PREFILTER = 3.0, 1.0  # edge_min_length(_prefilter)


class Grid:
    """A found table as pdfplumber's ``Table``: ``cells``, ``rows``, ``bbox`` and ``extract``."""

    def __init__(self, cells: list[BBox], chars: list[CharTuple]) -> None:
        self.cells = cells
        self._chars = chars
        self.bbox: BBox = _box(cells)
        # Table.rows: cells grouped by top, each row with one slot per distinct x0 of the table.
        xs = sorted({c[0] for c in cells})
        self.rows: list[GridRow] = []
        for _, row in itertools.groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
            by_x = {c[0]: c for c in row}
            self.rows.append(GridRow([by_x.get(x) for x in xs]))

    def extract(self, x_tolerance: float = 3) -> list[list[str | None]]:
        """``Table.extract``: each cell's text from the page's chars (``ingest.words``)."""
        return table_rows(self, self._chars, x_tolerance)


class GridRow:
    """A row of a ``Grid``: a slot per column, None where the row has no cell there."""

    def __init__(self, cells: list[BBox | None]) -> None:
        self.cells = cells
        self.bbox: BBox = _box([c for c in cells if c is not None])


def _box(cells: list[BBox]) -> BBox:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def lines_tables(edges: list[Edge], chars: list[CharTuple]) -> list[Grid]:
    """The tables ``page.find_tables(LINES)`` finds on a page with these edges and chars."""
    base = [
        e
        for e in edges
        if e["orientation"] in ("v", "h")
        and e["height" if e["orientation"] == "v" else "width"] >= _MIN_LENGTH_PREFILTER
    ]
    base = [e for e in base if e["orientation"] == "v"] + [
        e for e in base if e["orientation"] == "h"
    ]
    merged = [
        e
        for e in _merge_edges(base)
        if e["height" if e["orientation"] == "v" else "width"] >= _MIN_LENGTH
    ]
    return [Grid(cells, chars) for cells in _tables(_cells(_intersections(merged)))]


def _snap(edges: list[Edge], attr: str) -> list[Edge]:
    """``snap_objects``: edges within the tolerance of each other move to their mean."""
    out = []
    for cluster in cluster_objects(edges, attr, _SNAP) if edges else []:
        avg = sum(e[attr] for e in cluster) / len(cluster)
        for e in cluster:
            d = avg - e[attr]
            moved = dict(e)
            if attr == "x0":
                moved["x0"], moved["x1"] = e["x0"] + d, e["x1"] + d
            else:
                moved["top"], moved["bottom"] = e["top"] + d, e["bottom"] + d
            out.append(moved)
    return out


def _join(edges: list[Edge], orientation: str) -> list[Edge]:
    """``join_edge_group``: collinear edges that touch or nearly touch become one."""
    lo, hi, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    ordered = sorted(edges, key=itemgetter(lo))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + _JOIN:
            if e[hi] > last[hi]:
                grown = dict(last)
                grown[hi] = e[hi]
                grown[size] = e[hi] - last[lo] if hi == "x1" else last[size] + (e[hi] - last[hi])
                joined[-1] = grown
        else:
            joined.append(e)
    return joined


def _merge_edges(edges: list[Edge]) -> list[Edge]:
    """``merge_edges``: snap, then join along each line."""
    v = _snap([e for e in edges if e["orientation"] == "v"], "x0")
    h = _snap([e for e in edges if e["orientation"] == "h"], "top")

    def line_of(e: Edge) -> tuple[str, float]:
        return ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])

    out: list[Edge] = []
    for (orientation, _), items in itertools.groupby(sorted(v + h, key=line_of), key=line_of):
        out.extend(_join(list(items), orientation))
    return out


Intersections = dict[Point, dict[str, list[BBox]]]


def _intersections(edges: list[Edge]) -> Intersections:
    """``edges_to_intersections``, keeping each edge as its box (all the next step compares)."""
    out: Intersections = {}
    vs = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in vs:
        for h in hs:
            if (
                v["top"] <= h["top"] + _INTERSECT
                and v["bottom"] >= h["top"] - _INTERSECT
                and v["x0"] >= h["x0"] - _INTERSECT
                and v["x0"] <= h["x1"] + _INTERSECT
            ):
                point = out.setdefault((v["x0"], h["top"]), {"v": [], "h": []})
                point["v"].append((v["x0"], v["top"], v["x1"], v["bottom"]))
                point["h"].append((h["x0"], h["top"], h["x1"], h["bottom"]))
    return out


def _cells(points: Intersections) -> list[BBox]:
    """``intersections_to_cells``: from each point, the smallest box whose four corners are
    points joined by edges, below and to the right of it."""
    edge_sets = {p: ({*d["v"]}, {*d["h"]}) for p, d in points.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and edge_sets[p1][0] & edge_sets[p2][0]:
            return True
        return p1[1] == p2[1] and bool(edge_sets[p1][1] & edge_sets[p2][1])

    ordered = sorted(points)
    cells = []
    for i, pt in enumerate(ordered[:-1]):
        rest = ordered[i + 1 :]
        below = [p for p in rest if p[0] == pt[0]]
        right = [p for p in rest if p[1] == pt[1]]
        found = None
        for b in below:
            if not connects(pt, b):
                continue
            for r in right:
                if not connects(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in points and connects(corner, r) and connects(corner, b):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[BBox]) -> list[list[BBox]]:
    """``cells_to_tables``: cells that share corners, as tables of two cells or more."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[BBox] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in own):
                corners |= set(own)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
