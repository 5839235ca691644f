"""Columns: gutters that no text line crosses, lines cut at them, and the reading order of
column bands with full-width items kept in place between them."""

from __future__ import annotations

from collections import Counter

from isecg_extract.layout.page_layout import PageLayout
from isecg_extract.model import Line


def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two text columns, if the page has one.

    A gutter is crossed by few lines and has wide lines of text on both sides, so a table's
    narrow first column is not taken for a text column.
    """
    segs = [ln for ln in lines if ln.bbox]  # ruled table rows count: they fill their column
    if len(segs) < 8 or not width:
        return None
    best = None
    ties: list[tuple[float, list[Line], list[Line]]] = []  # every x as little crossed
    for step in range(int(0.35 * width), int(0.65 * width), 2):
        x = float(step)
        left = [s for s in segs if s.bbox[2] <= x]
        right = [s for s in segs if s.bbox[0] >= x]
        crossing = len(segs) - len(left) - len(right)
        if len(left) < 4 or len(right) < 4:
            continue
        if best is None or crossing < best[0]:
            best = (crossing, x, left, right)
            ties = []
        if crossing == best[0]:
            ties.append((x, left, right))
    if best is None:
        return None
    crossing, x, left, right = best
    if crossing > 0.25 * (len(left) + len(right)):
        return None
    lw = sorted(s.bbox[2] - s.bbox[0] for s in left)[len(left) // 2]
    rw = sorted(s.bbox[2] - s.bbox[0] for s in right)[len(right) // 2]
    left_edge = min(s.bbox[0] for s in left)
    if lw < 0.5 * (x - left_edge) or rw < 0.5 * (x - left_edge):
        # Not two text columns here; a table beside a text column has its gutter at another
        # empty x (the first empty band may be between the table's own columns).
        x, left, right = next(
            (
                (tx, tl, tr)
                for tx, tl, tr in ties
                if _table_beside_text(tl, tr, tx) or _one_header_twice(tl, tr)
            ),
            (None, [], []),
        )
        if x is None:
            return None
    # centre the gutter in the empty band
    lo = max(s.bbox[2] for s in left)
    hi = min(s.bbox[0] for s in right)
    return (lo + hi) / 2 if hi > lo else x


def _table_beside_text(left: list[Line], right: list[Line], x: float) -> bool:
    """A column that holds a table beside a column of text: the two sides are as wide as
    each other, one of them is set in full text lines, and their lines do not share
    baselines (the two halves of one table do, row by row)."""
    left_edge = min(s.bbox[0] for s in left)
    right_edge = max(s.bbox[2] for s in right)
    spans = (x - left_edge, right_edge - x)
    if min(spans) <= 0 or max(spans) > 1.12 * min(spans):
        return False
    full = [
        side
        for side, span in zip((left, right), spans, strict=True)
        if sorted(s.bbox[2] - s.bbox[0] for s in side)[len(side) // 2] >= 0.6 * (span - 10)
    ]
    if len(full) != 1:
        return False
    tops = sorted(s.bbox[1] for s in right)
    # Rows of one table share their tops to a point; lines of two columns only by chance.
    shared = sum(1 for s in left if _near(tops, s.bbox[1], 1.0))
    return shared < 0.5 * len(left)


def _one_header_twice(left: list[Line], right: list[Line]) -> bool:
    """Two tables side by side (a member list set in two halves on a landscape page): the
    same header cells, in the same order, on one line on both sides of the gap."""

    def rows(side: list[Line]) -> dict[int, list[str]]:
        by_top: dict[int, list[Line]] = {}
        for s in side:
            by_top.setdefault(round(s.bbox[1]), []).append(s)
        return {
            top: [" ".join(s.text.split()).lower() for s in sorted(segs, key=lambda s: s.bbox[0])]
            for top, segs in by_top.items()
            if len(segs) >= 2
        }

    mine = rows(left)
    theirs = rows(right)
    return any(cells == theirs.get(top + d) for top, cells in mine.items() for d in (-1, 0, 1))


def _near(sorted_values: list[float], v: float, tol: float) -> bool:
    from bisect import bisect_left

    k = bisect_left(sorted_values, v - tol)
    return k < len(sorted_values) and sorted_values[k] <= v + tol


def find_gutters(lines: list[Line], width: float) -> list[float]:
    """The gutters of a page set in two or more columns (none for one column).

    Three or more columns: bands no text line crosses, between columns of full lines; else
    the single gutter ``find_gutter`` finds.
    """
    many = _many_gutters(lines, width)
    if many:
        return many
    one = find_gutter(lines, width)
    return [one] if one is not None else []


def _many_gutters(lines: list[Line], width: float) -> list[float]:
    segs = [ln for ln in lines if ln.bbox]  # ruled table rows count: they fill their column
    if len(segs) < 12 or not width:
        return []
    # Crossing counts on a 2-pt grid by a difference array: linear in the lines.
    lo, hi = int(0.15 * width) // 2, int(0.85 * width) // 2
    diff = [0] * (int(width) // 2 + 3)
    for s in segs:
        a, b = int(s.bbox[0]) // 2 + 1, int(s.bbox[2]) // 2
        if a <= b:
            diff[max(0, a)] += 1
            diff[min(len(diff) - 1, b + 1)] -= 1
    crossing, run = [], 0
    for v in diff:
        run += v
        crossing.append(run)
    limit = max(1, int(0.04 * len(segs)))
    bands: list[list[int]] = []
    for i in range(lo, hi):
        if crossing[i] <= limit:
            if bands and bands[-1][-1] == i - 1:
                bands[-1].append(i)
            else:
                bands.append([i])
    gutters = [2.0 * (b[0] + b[-1]) / 2 for b in bands if len(b) >= 2]
    if len(gutters) < 2:
        return []
    left, right = min(s.bbox[0] for s in segs), max(s.bbox[2] for s in segs)
    kinds = _column_kinds(segs, [left, *gutters, right], width)
    if kinds is not None and all(kinds):
        return gutters
    return _even_grid(segs, gutters, left, right, width)


def _column_kinds(segs: list[Line], edges: list[float], width: float) -> list[bool] | None:
    """For each column between the edges: is it set in text lines (True) or in a table's
    narrow cells (False)? None if a column is too narrow or nearly empty to be one."""
    kinds = []
    for left, right in zip(edges, edges[1:], strict=False):
        inside = [s for s in segs if s.bbox[0] >= left - 1 and s.bbox[2] <= right + 1]
        if len(inside) < 4 or right - left < 0.15 * width:
            return None
        widths = sorted(s.bbox[2] - s.bbox[0] for s in inside)
        kinds.append(widths[len(widths) // 2] >= 0.6 * (right - left - 10))
    return kinds


def _even_grid(
    segs: list[Line], gutters: list[float], left: float, right: float, width: float
) -> list[float]:
    """Gutters of columns of one width, some of which hold a table.

    A table that fills a column has empty bands between its own columns too, and its narrow
    cells do not read as a text column. Of the empty bands, the ones that cut the page into
    columns of equal width, at least two of them text, are the gutters (the most such
    columns); the others are the table's.
    """
    from itertools import combinations

    for n in range(min(len(gutters), 3), 0, -1):
        for chosen in combinations(gutters, n):
            edges = [left, *chosen, right]
            spans = [b - a for a, b in zip(edges, edges[1:], strict=False)]
            if max(spans) > 1.12 * min(spans):
                continue
            kinds = _column_kinds(segs, edges, width)
            if kinds is not None and sum(kinds) >= 2:
                return list(chosen)
    return []


def document_gutters(layouts: list[PageLayout]) -> list[float]:
    """Gutters most text pages agree on, for pages (tables, lists) too sparse to show them."""
    counts = Counter(len(lay.gutters) for lay in layouts if lay.gutters)
    if not counts:
        return []
    n = counts.most_common(1)[0][0]
    found = [lay.gutters for lay in layouts if len(lay.gutters) == n]
    return [sorted(g[i] for g in found)[len(found) // 2] for i in range(n)]


def shared_gutters_fit(lines: list[Line], gutters: list[float]) -> bool:
    """The document's gutters hold on this page. One gutter: ``gutter_fits``. Several (three
    columns and more): few lines cross any of them and every column has text; a table set in
    a column need not look like running text."""
    if len(gutters) == 1:
        return gutter_fits(lines, gutters[0])
    segs = [ln for ln in lines if ln.bbox]  # ruled table rows count: they fill their column
    if len(segs) < 6:
        return False
    edges = [float("-inf"), *gutters, float("inf")]
    for g in gutters:
        if sum(1 for s in segs if s.bbox[0] < g < s.bbox[2]) > 0.1 * len(segs):
            return False
    return all(
        any(left <= s.bbox[0] and s.bbox[2] <= right for s in segs)
        for left, right in zip(edges, edges[1:], strict=False)
    )


def gutter_fits(lines: list[Line], x: float) -> bool:
    """The document's gutter holds on this page: few lines cross it and text stands on both
    sides (not a column of page numbers, as in a TOC without leaders)."""
    segs = [ln for ln in lines if ln.bbox]  # ruled table rows count: they fill their column
    left = [s for s in segs if s.bbox[2] <= x]
    right = [s for s in segs if s.bbox[0] >= x]
    crossing = len(segs) - len(left) - len(right)
    if len(left) < 3 or not right or crossing > 0.15 * len(segs):
        return False
    edge = min(s.bbox[0] for s in left)
    width = x - edge
    for side in (left, right):
        widths = sorted(s.bbox[2] - s.bbox[0] for s in side)
        # A side of one or two lines (the end of a text run over to the next column) must be
        # full lines of text; with more, most of them must be more than a word or two.
        need = 0.25 if len(side) >= 3 else 0.6
        if widths[len(widths) // 2] < need * width:
            return False
    return True


def split_at_gutters(lines: list[Line], gutters: list[float]) -> list[Line]:
    """Lines of two columns that the segmenter ran together (justified lines whose word spaces
    are as wide as the gutter) are cut where a wide space stands over a gutter.

    A title across the columns is not cut: no word space of its own is that wide.
    """
    if not gutters:
        return lines
    out: list[Line] = []
    for ln in lines:
        if (
            ln.cells is None
            and ln.word_end
            and ln.bbox
            and any(ln.bbox[0] < g < ln.bbox[2] for g in gutters)
        ):
            out.extend(_cut_at_gutters(ln, gutters))
        else:
            out.append(ln)
    return out


def _cut_at_gutters(ln: Line, gutters: list[float]) -> list[Line]:
    words = ln.text.split()
    xs, ends = ln.word_x or [], ln.word_end or []
    if not (len(words) == len(xs) == len(ends)) or len(words) < 2:
        return [ln]
    size = ln.font_size or 10.0
    gaps = [xs[j] - ends[j - 1] for j in range(1, len(words))]
    usual = sorted(gaps)[len(gaps) // 2]
    cuts = [
        j
        for j in range(1, len(words))
        # Wider than the line's own spaces; or, on a justified line whose spaces are all
        # wide, wider than a space ever stretches (a gutter between unaligned columns).
        if gaps[j - 1] >= min(max(0.6 * size, usual + 0.4 * size), 1.5 * size)
        and any(ends[j - 1] <= g <= xs[j] for g in gutters)
    ]
    if not cuts:
        return [ln]
    parts = []
    bounds = [0, *cuts, len(words)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        parts.append(
            Line(
                text=" ".join(words[a:b]),
                page=ln.page,
                bbox=(xs[a], ln.bbox[1], ends[b - 1], ln.bbox[3]),
                font_size=ln.font_size,
                word_x=xs[a:b],
                word_end=ends[a:b],
                bold=ln.bold,
                italic=ln.italic,
            )
        )
    return parts


def reading_order(lines: list[Line], gutters: list[float] | float | None) -> list[Line]:
    """Top to bottom; on a page in columns, each column of a band before the next.

    Bands are separated by full-width items: lines that cross a gutter, and headings set
    larger than the text with nothing beside them while the other columns go on above and
    below (a section title over the columns that happens to be short).
    """
    lines = sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0]) if ln.bbox else (0, 0))
    if gutters is None or gutters == []:
        return lines
    if isinstance(gutters, (int, float)):
        gutters = [float(gutters)]
    first = gutters[0]
    sizes = sorted(ln.font_size for ln in lines if ln.font_size)
    median = sizes[len(sizes) // 2] if sizes else 0.0

    def column(ln: Line) -> int:
        return sum(1 for g in gutters if ln.bbox[0] >= g)

    right = [ln for ln in lines if ln.bbox[0] >= first]
    left = [ln for ln in lines if ln.bbox[0] < first]

    def separates(ln: Line) -> bool:
        if any(ln.bbox[0] < g < ln.bbox[2] for g in gutters):
            return True
        if ln.bbox[0] >= first or (ln.font_size or 0) < median + 1.5:
            return False
        size = ln.font_size or 10.0
        above_left = [p for p in left if p.bbox[3] <= ln.bbox[1] + 0.5]
        if above_left:
            p = max(above_left, key=lambda p: p.bbox[3])
            if (
                abs((p.font_size or 0) - size) <= 0.5
                and p.bold == ln.bold
                and ln.bbox[1] - p.bbox[3] <= 0.6 * size
            ):
                return False  # the second line of a heading wrapped in its column
        top, bottom = ln.bbox[1] - 3, ln.bbox[3] + 3
        beside = any(r.bbox[1] < bottom and r.bbox[3] > top for r in right)
        above = any(r.bbox[3] <= top for r in right)
        below = any(r.bbox[1] >= bottom for r in right)
        left_below = any(p.bbox[1] >= bottom for p in left if p is not ln)
        # Full width: nothing beside it, the other column above it, and below it either more
        # of the other column or nothing more in this one (a heading at the foot of a page).
        return not beside and above and (below or not left_below)

    out: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        cols: dict[int, list[Line]] = {}
        for ln in band:
            ln.column = column(ln)
            cols.setdefault(ln.column, []).append(ln)
        for k in sorted(cols):
            out.extend(cols[k])
        band.clear()

    for ln in lines:
        if separates(ln):
            flush()
            ln.column = -1
            out.append(ln)
        else:
            band.append(ln)
    flush()
    return out
