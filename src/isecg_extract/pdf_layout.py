"""Layout analysis of PDF pages: segments -> clean lines in reading order.

Pure steps, each a function, chained in ``layout_pdf``:
margins (running headers, footers and page numbers, found by repetition across pages) ->
printed page numbers -> columns (a gutter no text line crosses) -> lines in reading order
(full-width items keep their place between column bands) -> cells of borderless tables ->
paragraph gaps and indentation -> heading fonts ranked against the body text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Line, Page, RawDocument

MARGIN = 0.075  # share of the page height at top and bottom where running lines live
# A page number alone, or dressed as "Page 5", "- 5 -", "5 | ISECG", "5 of 13".
PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page|p\.|seite|pág\.?|página)?[\W_]*(\d{1,3})(?:\s*(?:/|of|de|von)\s*\d{1,3})?[\W_]*$",
    re.IGNORECASE,
)


@dataclass
class PageLayout:
    """What layout decided about one page; ``inspect`` draws it."""

    number: int
    printed_page: int | None = None
    gutter: float | None = None  # the first gutter (two columns: the only one)
    gutters: list[float] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def layout_pdf(raw: RawDocument, cfg: PipelineConfig) -> RawDocument:
    pages, _ = analyse(raw, cfg)
    return RawDocument(raw.source_file, raw.source_sha256, raw.input_format, pages, raw.metadata)


def analyse(raw: RawDocument, cfg: PipelineConfig) -> tuple[list[Page], list[PageLayout]]:
    layouts = [PageLayout(p.number) for p in raw.pages]
    repeated = running_keys(raw.pages)
    bodies = []
    for page, lay in zip(raw.pages, layouts, strict=True):
        body, removed, printed = split_margins(page, repeated)
        lay.removed, lay.printed_page = removed, printed
        bodies.append(body)
        lay.gutters = find_gutters(body, page.width or 0)
    shared = document_gutters(layouts)
    for lay, body in zip(layouts, bodies, strict=True):
        if len(lay.gutters) < len(shared) and shared_gutters_fit(body, shared):
            lay.gutters = list(shared)
        lay.gutter = lay.gutters[0] if lay.gutters else None
        lay.lines = reading_order(split_at_gutters(body, lay.gutters), lay.gutters)
    fill_printed_pages(layouts)
    body_size = body_font_size([ln for lay in layouts for ln in lay.lines])
    ranks = heading_ranks(layouts, body_size, cfg)
    out: list[Page] = []
    for page, lay in zip(raw.pages, layouts, strict=True):
        lines, notes = split_margin_notes(merge_cells(lay.lines, lay.gutter), body_size)
        mark_gaps_and_indent(lines, lay.gutter, body_size)
        lines = place_margin_notes(lines, notes)
        for ln in lines:
            ln.printed_page = lay.printed_page
            ln.heading_rank = ranks.get(_style(ln)) if _heading_candidate(ln, body_size) else None
        lay.lines = lines
        out.append(Page(page.number, lay.printed_page, page.width, page.height, lines))
    return out, layouts


def row_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def running_keys(pages: list[Page]) -> set[str]:
    """Texts (digits folded) that stand in the top or bottom margin of many pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {row_key(ln.text) for ln in page.lines if _in_margin(ln, page)}
        counts.update(keys)
    need = max(2, int(0.4 * len(pages)))
    return {k for k, c in counts.items() if c >= need} if len(pages) >= 3 else set()


def _in_margin(line: Line, page: Page) -> bool:
    if not line.bbox or not page.height:
        return False
    return line.bbox[1] < MARGIN * page.height or line.bbox[3] > (1 - MARGIN) * page.height


def split_margins(page: Page, repeated: set[str]) -> tuple[list[Line], list[Line], int | None]:
    body, removed = [], []
    printed = None
    for ln in page.lines:
        if _in_margin(ln, page) and ln.cells is None:
            key = row_key(ln.text)
            m = PAGE_NUMBER.match(ln.text.strip()) or PAGE_NUMBER.match(
                _without_running_text(ln.text, repeated)
            )
            if m and len(ln.text) <= 80:
                printed = int(m.group(1))
                removed.append(ln)
                continue
            if key in repeated:
                removed.append(ln)
                continue
        body.append(ln)
    return body, removed, printed


def _without_running_text(text: str, repeated: set[str]) -> str:
    """ "ISECG | 5" where "ISECG" is a running header: the number that is left."""
    parts = re.split(r"\s*[|·•]\s*|\s{3,}", text.strip())
    rest = [
        p
        for p in parts
        if row_key(p) not in repeated and not row_key(p).startswith(tuple(repeated))
    ]
    return " ".join(rest) if len(rest) < len(parts) else ""


def fill_printed_pages(layouts: list[PageLayout]) -> None:
    """Pages without a printed number (the cover) take the offset most pages agree on."""
    offsets = Counter(
        lay.printed_page - lay.number for lay in layouts if lay.printed_page is not None
    )
    if not offsets:
        return
    offset = offsets.most_common(1)[0][0]
    for lay in layouts:
        if lay.printed_page is None or lay.printed_page - lay.number != offset:
            lay.printed_page = lay.number + offset if lay.number + offset >= 1 else None


def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two text columns, if the page has one.

    A gutter is crossed by few lines and has wide lines of text on both sides, so a table's
    narrow first column is not taken for a text column.
    """
    segs = [ln for ln in lines if ln.bbox]  # ruled table rows count: they fill their column
    if len(segs) < 8 or not width:
        return None
    best = None
    for step in range(int(0.35 * width), int(0.65 * width), 2):
        x = float(step)
        left = [s for s in segs if s.bbox[2] <= x]
        right = [s for s in segs if s.bbox[0] >= x]
        crossing = len(segs) - len(left) - len(right)
        if len(left) < 4 or len(right) < 4:
            continue
        if best is None or crossing < best[0]:
            best = (crossing, x, left, right)
    if best is None:
        return None
    crossing, x, left, right = best
    if crossing > 0.25 * (len(left) + len(right)):
        return None
    lw = sorted(s.bbox[2] - s.bbox[0] for s in left)[len(left) // 2]
    rw = sorted(s.bbox[2] - s.bbox[0] for s in right)[len(right) // 2]
    left_edge = min(s.bbox[0] for s in left)
    if lw < 0.5 * (x - left_edge) or rw < 0.5 * (x - left_edge):
        return None
    # centre the gutter in the empty band
    lo = max(s.bbox[2] for s in left)
    hi = min(s.bbox[0] for s in right)
    return (lo + hi) / 2 if hi > lo else x


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
    edges = [min(s.bbox[0] for s in segs), *gutters, max(s.bbox[2] for s in segs)]
    for left, right in zip(edges, edges[1:], strict=False):
        inside = [s for s in segs if s.bbox[0] >= left - 1 and s.bbox[2] <= right + 1]
        if len(inside) < 4 or right - left < 0.15 * width:
            return []
        widths = sorted(s.bbox[2] - s.bbox[0] for s in inside)
        if widths[len(widths) // 2] < 0.6 * (right - left - 10):
            return []  # a table's columns, not text columns
    return gutters


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
        if gaps[j - 1] >= max(0.6 * size, usual + 0.4 * size)
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


def merge_cells(lines: list[Line], gutter: float | None) -> list[Line]:
    """Borderless tables: segments on one baseline within one column are the cells of a row.

    A row is then split at column edges its neighbours show (a narrow gap the segmenter kept),
    and a line set closer than the row spacing continues the row above (a wrapped cell).
    """
    rows: list[Line] = []
    for ln in lines:
        prev = rows[-1] if rows else None
        if prev is not None and _same_row(prev, ln) and ln.cells is None:
            prev.cells = (prev.cells or [prev.text]) + [ln.text]
            prev.cell_x = (prev.cell_x or []) + [ln.bbox[0]]
            prev.word_x = prev.word_x + ln.word_x if prev.word_x and ln.word_x else None
            prev.word_end = prev.word_end + ln.word_end if prev.word_end and ln.word_end else None
            prev.text = " ".join(prev.cells)
            prev.bbox = (prev.bbox[0], prev.bbox[1], ln.bbox[2], max(prev.bbox[3], ln.bbox[3]))
            continue
        rows.append(ln)
    _split_at_edges(rows)
    row_gap = _row_gap(rows)
    lefts: dict[int, float] = {}
    for ln in rows:
        if ln.bbox:
            lefts[ln.column] = min(lefts.get(ln.column, ln.bbox[0]), ln.bbox[0])
    out: list[Line] = []
    for ln in rows:
        prev = out[-1] if out else None
        if prev is not None and prev.cells and prev.cell_x and _continues(prev, ln, row_gap):
            _append_row(prev, ln)
            continue
        moved = _row_over_column_break(prev, ln, lefts)
        if prev is not None and moved is not None:
            _append_row(prev, moved, grow=False)
            continue
        out.append(ln)
    return out


def _row_over_column_break(prev: Line | None, ln: Line, lefts: dict[int, float]) -> Line | None:
    """The first line of a column that goes on with a cell of the table row that ended the
    column before (a row the column break split): it stands at that cell's place in its own
    column and leaves the first cell empty. Returns it moved into the row's column."""
    if (
        prev is None
        or not (prev.cells and prev.cell_x and prev.bbox and ln.bbox)
        or ln.cells is not None
        or ln.column < 0
        or prev.column < 0
        or ln.column != prev.column + 1
        or abs((ln.font_size or 0) - (prev.font_size or ln.font_size or 0)) > 0.5
    ):
        return None
    shift = lefts.get(ln.column, ln.bbox[0]) - lefts.get(prev.column, prev.bbox[0])
    x = ln.bbox[0] - shift
    if not any(abs(x - c) <= 3.0 for c in prev.cell_x):
        return None
    return Line(
        text=ln.text,
        page=ln.page,
        bbox=(x, ln.bbox[1], ln.bbox[2] - shift, ln.bbox[3]),
        font_size=ln.font_size,
    )


def _same_row(a: Line, b: Line) -> bool:
    return bool(
        a.bbox
        and b.bbox
        and a.column == b.column
        and abs(a.bbox[1] - b.bbox[1]) <= 2.0
        and b.bbox[0] > a.bbox[2]
    )


def _split_at_edges(rows: list[Line]) -> None:
    """Split a line inside a table at the column edges of the rows around it.

    The segmenter keeps words with a narrow gap together, so a cell that ends close to the
    next column's edge runs into it ("Hellenic Space Centre Thailand"); the edges the rows
    around show say where one cell ends.
    """
    for i, ln in enumerate(rows):
        if not ln.word_x or not ln.bbox:
            continue
        near = [
            r
            for r in rows[max(0, i - 2) : i + 3]
            if r is not ln and r.cells and r.cell_x and r.column == ln.column
        ]
        if not near or not _within_table(ln, near):
            continue
        edges = sorted({round(x) for r in near for x in r.cell_x or []})
        words = ln.text.split()
        if len(words) != len(ln.word_x):
            continue
        starts = {0}
        if ln.cells is not None:
            if len(ln.cells) != len(ln.cell_x or []) + 1:
                continue
            k = 0
            for cell in ln.cells[:-1]:
                k += len(cell.split())
                starts.add(k)
        cuts = sorted(
            starts
            | {
                j
                for j, x in enumerate(ln.word_x)
                if j > 0 and any(abs(x - e) <= 2.5 for e in edges)
            }
        )
        if len(cuts) == len(starts):
            continue
        bounds = [*cuts, len(words)]
        ln.cells = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        ln.cell_x = [ln.word_x[j] for j in cuts[1:]]


def _within_table(ln: Line, near: list[Line]) -> bool:
    """Rows stand above and below the line, or beside it in the table's own type (a title over
    the table is not cut at its columns)."""
    above = any(r.bbox and r.bbox[1] < ln.bbox[1] for r in near)
    below = any(r.bbox and r.bbox[1] > ln.bbox[1] for r in near)
    sizes = [r.font_size for r in near if r.font_size]
    return (above and below) or bool(sizes and (ln.font_size or 0) <= max(sizes) + 0.5)


def _row_gap(rows: list[Line]) -> float | None:
    """The table's usual space between one row and the next."""
    gaps = sorted(
        b.bbox[1] - a.bbox[3]
        for a, b in zip(rows, rows[1:], strict=False)
        if a.cells
        and b.cells
        and a.column == b.column
        and a.bbox
        and b.bbox
        and b.bbox[1] >= a.bbox[3]
    )
    return gaps[len(gaps) // 2] if len(gaps) >= 3 else None


def _continues(row: Line, ln: Line, row_gap: float | None = None) -> bool:
    """Does ``ln`` continue the table row above (a wrapped cell) rather than start a new one?

    A line that leaves a column empty continues the row. One that fills every column starts a
    new row, unless a cell above is unfinished or the line sits clearly closer than the
    table's usual row spacing.
    """
    if not (row.bbox and ln.bbox) or ln.column != row.column:
        return False
    size = ln.font_size or row.font_size or 10.0
    gap = ln.bbox[1] - row.bbox[3]
    # Closer than the table's rows stand to each other is a wrapped line, whatever the leading.
    limit = max(0.35 * size, row_gap - 1.5) if row_gap is not None else 0.35 * size
    if not -0.5 <= gap <= limit:
        return False
    starts = [row.bbox[0], *(row.cell_x or [])]
    mine = [ln.bbox[0], *(ln.cell_x or [])] if (ln.cells and ln.cell_x) else [ln.bbox[0]]
    if not all(any(abs(x - s) <= 3.0 for s in starts) for x in mine):
        return False
    if len(mine) < len(starts):
        return True
    unfinished = any(
        c.rstrip().endswith("-") or c.count("(") > c.count(")") for c in row.cells or []
    )
    tight = row_gap is not None and gap < row_gap - 1.5
    return unfinished or tight


def _append_row(row: Line, ln: Line, grow: bool = True) -> None:
    starts = [row.bbox[0], *(row.cell_x or [])]
    parts = list(zip([ln.bbox[0], *(ln.cell_x or [])], ln.cells or [ln.text], strict=False))
    cells = list(row.cells or [])
    from isecg_extract.structure.chunks import join_lines

    for x, text in parts:
        k = min(range(len(starts)), key=lambda i: abs(starts[i] - x))
        cells[k] = join_lines(cells[k], text).strip() if cells[k] else text
    row.cells = cells
    row.text = " ".join(cells)
    if grow:  # a line moved over from the next column does not widen the row's box
        row.bbox = (row.bbox[0], row.bbox[1], max(row.bbox[2], ln.bbox[2]), ln.bbox[3])


def split_margin_notes(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Side notes: lines in a smaller type or narrow, wholly outside the span of the page's
    body text (in the outer margin). They are taken out of the body so that they neither
    cut a paragraph nor pass for table cells beside it."""
    body = [
        ln
        for ln in lines
        if ln.bbox and ln.cells is None and abs((ln.font_size or 0) - body_size) <= 0.5
    ]
    if len(body) < 5:
        return lines, []
    widest = max(ln.bbox[2] - ln.bbox[0] for ln in body)
    full = [ln for ln in body if ln.bbox[2] - ln.bbox[0] >= 0.5 * widest]
    left = min(ln.bbox[0] for ln in full)
    right = max(ln.bbox[2] for ln in full)
    kept, notes = [], []
    for ln in lines:
        outside = ln.bbox is not None and (ln.bbox[0] >= right + 4 or ln.bbox[2] <= left - 4)
        small = (ln.font_size or body_size) < body_size - 0.5
        narrow = ln.bbox is not None and ln.bbox[2] - ln.bbox[0] < 0.4 * (right - left)
        if outside and ln.cells is None and (small or narrow):
            notes.append(ln)
        else:
            kept.append(ln)
    return kept, notes


def place_margin_notes(lines: list[Line], notes: list[Line]) -> list[Line]:
    """Each side note goes in where the paragraph beside it ends (before the next line that
    starts a paragraph or heading below its top), as a paragraph of its own: kept, but out of
    the body's sentences."""
    if not notes:
        return lines
    out: list[Line] = []
    pending = sorted(notes, key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    prev: Line | None = None
    for ln in lines:
        # Not between a line that leaves its sentence open and one that goes on in lower case.
        goes_on = (
            prev is not None and ln.text[:1].islower() and not re.search(r"[.!?:]$", prev.text)
        )
        while (
            pending
            and ln.gap_before
            and not goes_on
            and ln.bbox
            and ln.bbox[1] > pending[0].bbox[1] + 1
        ):
            out.extend(_note_run(pending))
        out.append(ln)
        prev = ln
    while pending:
        out.extend(_note_run(pending))
    return out


def _note_run(pending: list[Line]) -> list[Line]:
    """The next note: lines set close under each other, taken from ``pending``."""
    run = [pending.pop(0)]
    while pending and pending[0].bbox[1] - run[-1].bbox[3] <= 0.6 * (run[-1].font_size or 8):
        run.append(pending.pop(0))
    for i, ln in enumerate(run):
        ln.gap_before = i == 0
        ln.indent = 0
    return run


def mark_gaps_and_indent(lines: list[Line], gutter: float | None, body_size: float) -> None:
    """A paragraph gap is vertical space wider than the line spacing; indent is from the column edge.

    At the top of a new column the space says nothing: the paragraph goes on if the last line
    of the column before was full and did not end a sentence (a short last line ends one).
    """
    edges: dict[int, float] = {}
    rights: dict[int, float] = {}
    for ln in lines:
        if ln.bbox and ln.cells is None:
            edges[ln.column] = min(edges.get(ln.column, ln.bbox[0]), ln.bbox[0])
            rights[ln.column] = max(rights.get(ln.column, ln.bbox[2]), ln.bbox[2])
    usual = usual_spacing(lines, body_size)
    prev: Line | None = None
    for ln in lines:
        if not ln.bbox:
            continue
        ln.indent = int(round(ln.bbox[0] - edges.get(ln.column, ln.bbox[0])))
        if prev is None or prev.column != ln.column:
            full = False
            if prev is not None and prev.bbox and prev.column in edges:
                width = rights[prev.column] - edges[prev.column]
                full = prev.bbox[2] - edges[prev.column] >= 0.85 * width or _next_word_did_not_fit(
                    prev, ln, rights[prev.column]
                )
            open_sentence = prev is not None and not re.search(r"[.!?:]\s*$", prev.text)
            ln.gap_before = (
                not (open_sentence and (full or ln.text[:1].islower())) or prev.column == -1
            ) and not _wraps_on(prev, ln)
        else:
            spacing = ln.bbox[1] - prev.bbox[3]
            size = ln.font_size or body_size
            # Wider than this page's usual line spacing: 1.5-spaced text is not all gaps.
            limit = usual + max(1.0, 0.2 * size) if usual is not None else 0.55 * size
            ln.gap_before = spacing > limit
        prev = ln


def _next_word_did_not_fit(prev: Line, ln: Line, right: float) -> bool:
    """Ragged text: the last line of a column is as full as it could be when the next line's
    first word would not have fitted after it (the break was the line's, not the paragraph's)."""
    if not (prev.bbox and ln.bbox and ln.text) or ln.cells is not None:
        return False
    if abs((prev.font_size or 0) - (ln.font_size or 0)) > 0.5 or prev.bold != ln.bold:
        return False
    per_char = (ln.bbox[2] - ln.bbox[0]) / max(1, len(ln.text))
    return prev.bbox[2] + (len(ln.text.split()[0]) + 1) * per_char > right


def _wraps_on(prev: Line | None, ln: Line) -> bool:
    """A full-width line (a title over the columns) whose last words wrapped into the first
    column: the same font, right below it, starting at its left edge."""
    if prev is None or prev.column != -1 or not (prev.bbox and ln.bbox):
        return False
    size = prev.font_size or 10.0
    return (
        abs((ln.font_size or 0) - size) <= 0.5
        and ln.bold == prev.bold
        and -1 <= ln.bbox[1] - prev.bbox[3] <= 0.6 * size
        and abs(ln.bbox[0] - prev.bbox[0]) <= 3
    )


def usual_spacing(lines: list[Line], body_size: float) -> float | None:
    """The most common space between two body lines of one column on this page."""
    spacings: Counter[float] = Counter()
    prev: Line | None = None
    for ln in lines:
        if (
            prev is not None
            and ln.bbox
            and prev.bbox
            and ln.column == prev.column
            and ln.cells is None
        ):
            sp = ln.bbox[1] - prev.bbox[3]
            if (
                0 < sp < 2 * (ln.font_size or body_size)
                and abs((ln.font_size or 0) - body_size) < 0.6
            ):
                spacings[round(sp * 2) / 2] += 1
        prev = ln
    return spacings.most_common(1)[0][0] if spacings else None


def body_font_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for ln in lines:
        if ln.font_size:
            counts[round(ln.font_size * 2) / 2] += len(ln.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _style(ln: Line) -> tuple[float, bool]:
    return (round((ln.font_size or 0) * 2) / 2, bool(ln.bold))


def _heading_candidate(ln: Line, body_size: float) -> bool:
    if ln.cells is not None or not ln.font_size or len(ln.text.split()) > 20:
        return False
    size = round(ln.font_size * 2) / 2
    return size >= body_size + 1.0 or (ln.bold and size >= body_size - 0.5)


def heading_ranks(
    layouts: list[PageLayout], body_size: float, cfg: PipelineConfig
) -> dict[tuple[float, bool], int]:
    """Heading styles ranked by size, then weight: 1 is the largest after the cover and TOC."""
    toc_re = cfg.regex["toc_entry"]
    first_body = _first_body_page(layouts, cfg)
    styles: Counter[tuple[float, bool]] = Counter()
    for lay in layouts:
        if lay.number < first_body:
            continue
        for ln in lay.lines:
            if _heading_candidate(ln, body_size) and not toc_re.match(ln.text):
                styles[_style(ln)] += 1
    ordered = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {s: i + 1 for i, s in enumerate(ordered[:4])}


def _first_body_page(layouts: list[PageLayout], cfg: PipelineConfig) -> int:
    """Styles on the cover and TOC pages (a big title font) do not count as heading levels."""
    toc_pages = [
        lay.number
        for lay in layouts
        if any(any(p.match(ln.text.strip()) for p in cfg.regex["toc_heading"]) for ln in lay.lines)
    ]
    if toc_pages:
        last = toc_pages[0]
        toc_re = cfg.regex["toc_entry"]
        for lay in layouts[last:]:
            # A TOC page is mostly entries; a page of narrow columns has many lines that
            # merely end in a year.
            entries = sum(1 for ln in lay.lines if toc_re.match(ln.text))
            if entries >= 3 and entries >= 0.5 * len(lay.lines):
                last = lay.number
            else:
                break
        return last + 1
    return 2 if len(layouts) > 1 else 1
