"""Borderless tables: the segments of one row, found by their shared baseline and the gaps
between them, joined into a line with cells."""

from __future__ import annotations

from isecg_extract.layout.uneven_rows import alike_sizes, offset_rows
from isecg_extract.model import Line


def merge_cells(lines: list[Line], gutter: float | None) -> list[Line]:
    """Borderless tables: segments on one baseline within one column are the cells of a row.

    A row is then split at column edges its neighbours show (a narrow gap the segmenter kept),
    and a line set closer than the row spacing continues the row above (a wrapped cell).
    """
    rows: list[Line] = []
    lines = offset_rows(lines)
    for i, ln in enumerate(lines):
        prev = rows[-1] if rows else None
        if (
            prev is not None
            and _same_row(prev, ln)
            and ln.cells is None
            and not _reads_on(lines, i)
        ):
            prev.cells = (prev.cells or [prev.text]) + [ln.text]
            prev.cell_x = (prev.cell_x or []) + [ln.bbox[0]]
            prev.word_x = prev.word_x + ln.word_x if prev.word_x and ln.word_x else None
            prev.word_end = prev.word_end + ln.word_end if prev.word_end and ln.word_end else None
            prev.text = " ".join(prev.cells)
            prev.bbox = (prev.bbox[0], prev.bbox[1], ln.bbox[2], max(prev.bbox[3], ln.bbox[3]))
            if ln.column != prev.column:
                prev.column = -1  # the row runs over the gutter: full width
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
        if _join_centred_cell(out, ln):
            continue
        out.append(ln)
    return out


def _reads_on(lines: list[Line], i: int, reach: int = 16) -> bool:
    """A gap inside a justified line is no column edge: the text after it reads on in lower
    case ("held   in" in a narrow justified column), and no line near it starts at the same
    place after a gap of its own in a cell that does not read on (as a table's column does)."""
    ln = lines[i]
    if ln.bbox is None or not ln.text[:1].islower():
        return False
    size = ln.font_size or 10.0
    for k in range(max(1, i - reach), min(len(lines), i + reach + 1)):
        other = lines[k]
        if (
            k != i
            and other.bbox is not None
            and other.column == ln.column
            and abs(other.bbox[0] - ln.bbox[0]) <= 2.0
            and abs(other.bbox[1] - ln.bbox[1]) <= 8 * size
            and not other.text[:1].islower()  # another piece of justified text is no cell
            and _same_row(lines[k - 1], other)
        ):
            return False
    return True


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
    """Side by side on one baseline, in sizes alike (a note in a smaller type beside a line of
    text is no cell of it)."""
    return bool(
        a.bbox
        and b.bbox
        # or a cell wider than its column over a page's text columns (a table above them)
        and (a.column == b.column or -1 in (a.column, b.column))
        and abs(a.bbox[1] - b.bbox[1]) <= 2.0
        and b.bbox[0] > a.bbox[2]
        and alike_sizes(a, b)
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
        near = _rows_around(rows, i, reach=2)
        if not near and len(ln.text.split()) <= 6:
            # A short line among cells wrapped over several lines: the rows further off.
            size = ln.font_size or 10.0
            near = [
                r
                for r in _rows_around(rows, i)
                if min(abs(r.bbox[1] - ln.bbox[3]), abs(ln.bbox[1] - r.bbox[3])) <= 6 * size
            ]
        before = rows[i - 1] if i > 0 and rows[i - 1].column == ln.column else None
        if not near or not _within_table(ln, near, before):
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
                if j > 0
                and any(abs(x - e) <= 2.5 for e in edges)
                and not words[j][:1].islower()  # text that reads on across the edge
            }
        )
        if len(cuts) == len(starts):
            continue
        bounds = [*cuts, len(words)]
        ln.cells = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        ln.cell_x = [ln.word_x[j] for j in cuts[1:]]


def _rows_around(rows: list[Line], i: int, each: int = 2, reach: int = 10) -> list[Line]:
    """The nearest rows with cells above and below line ``i`` in its column (up to ``each``
    on a side, within ``reach`` lines: cells wrapped over several lines stand between)."""
    ln = rows[i]
    found: list[Line] = []
    for step in (-1, 1):
        k, got = i + step, 0
        while 0 <= k < len(rows) and abs(k - i) <= reach and got < each:
            r = rows[k]
            if r.cells and r.cell_x and r.column == ln.column:
                found.append(r)
                got += 1
            k += step
    return found


def _within_table(ln: Line, near: list[Line], before: Line | None = None) -> bool:
    """Rows stand above and below the line, or beside it in the table's own type (a title over
    the table is not cut at its columns)."""
    above = any(r.bbox and r.bbox[1] < ln.bbox[1] for r in near)
    below = any(r.bbox and r.bbox[1] > ln.bbox[1] for r in near)
    sizes = [r.font_size for r in near if r.font_size]
    if above and below:
        return True
    # On one side only: the table's own type, and set as close under the line before it as
    # lines of text are (a heading set apart under the table's last row is no row of it).
    size = ln.font_size or 10.0
    close = below or (
        before is not None and before.bbox is not None and ln.bbox[1] - before.bbox[3] <= size
    )
    return bool(sizes and (ln.font_size or 0) <= max(sizes) + 0.5 and close)


def _row_gap(rows: list[Line]) -> float | None:
    """The table's usual space between one row and the next: the median gap between rows
    that follow each other.

    Where cells wrap, rows seldom follow each other at once (their wrapped lines stand
    between): then the gaps around the wrapped lines are used too, and since they are of two
    kinds, the text's leading inside a row and the wider one between rows, the rows'
    spacing is the wider kind when both are common.
    """

    def gaps_of(pairs):
        return sorted(
            b.bbox[1] - a.bbox[3]
            for a, b in pairs
            if a.column == b.column and a.bbox and b.bbox and b.bbox[1] >= a.bbox[3]
        )

    pairs = list(zip(rows, rows[1:], strict=False))
    gaps = gaps_of((a, b) for a, b in pairs if a.cells and b.cells)
    if len(gaps) >= 3:
        return gaps[len(gaps) // 2]
    gaps = gaps_of((a, b) for a, b in pairs if a.cells or b.cells)
    if len(gaps) < 3:
        return None
    mid = (gaps[0] + gaps[-1]) / 2
    wide = [g for g in gaps if g >= mid]
    if gaps[-1] - gaps[0] > 2.0 and len(wide) >= 2 and len(wide) < len(gaps):
        return wide[len(wide) // 2]
    return gaps[len(gaps) // 2]


def _continues(row: Line, ln: Line, row_gap: float | None = None) -> bool:
    """Does ``ln`` continue the table row above (a wrapped cell) rather than start a new one?

    A line that leaves a column empty continues the row. One that fills every column starts a
    new row, unless a cell above is unfinished or the line sits clearly closer than the
    table's usual row spacing.
    """
    if not (row.bbox and ln.bbox) or ln.column != row.column:
        return False
    if _ruled(ln) or _ruled(row):
        return False  # a row drawn in its box is whole; the one beside it is another row
    size = ln.font_size or row.font_size or 10.0
    gap = ln.bbox[1] - row.bbox[3]
    # Closer than the table's rows stand to each other is a wrapped line, whatever the leading.
    limit = max(0.35 * size, row_gap - 1.5) if row_gap is not None else 0.35 * size
    # A line that starts inside the row's height, under its top line, goes on with a cell:
    # the row's cells sit a few points apart, or one is centred on the other's lines.
    inside = ln.bbox[1] >= row.bbox[1] + 0.6 * size
    starts = [row.bbox[0], *(row.cell_x or [])]
    mine = [ln.bbox[0], *(ln.cell_x or [])] if (ln.cells and ln.cell_x) else [ln.bbox[0]]
    if ln.cells is None:
        # A wrapped cell's line stays inside its cell: one that runs on over the next cell's
        # start is a line of text (a paragraph under justified text read as cells).
        k = min(range(len(starts)), key=lambda i: abs(starts[i] - ln.bbox[0]))
        if k + 1 < len(starts) and ln.bbox[2] > starts[k + 1] + 2.0:
            return False
    if len(mine) < len(starts):
        # A line that leaves a column empty, at the text's own leading, goes on with a cell
        # (a row seldom leaves a cell empty); the rows' spacing may be unknown yet.
        limit = max(limit, 0.6 * size)
    if gap > limit or (gap < -0.5 and not inside):
        return False
    if not all(any(abs(x - s) <= 3.0 for s in starts) for x in mine):
        return False
    if len(mine) < len(starts):
        return True
    unfinished = any(
        c.rstrip().endswith("-") or c.count("(") > c.count(")") for c in row.cells or []
    )
    tight = row_gap is not None and gap < row_gap - 1.5
    return unfinished or tight


def _join_centred_cell(out: list[Line], ln: Line) -> bool:
    """A cell set in the middle of its row's height (a country beside an agency name over
    three lines): the row was begun by the taller cell, and the centred one stands alone
    under its first line, or beside a wrapped line of the taller cell. It joins the row it
    stands in, at a column start that rows nearby show and that this row lacks (and the
    wrapped line beside it goes on with its cell). Returns whether it did."""
    row = _row_holding(out, ln)
    if row is None:
        return False
    # An empty cell at the centred cell's start, which _append_row then fills.
    starts = [row.bbox[0], *(row.cell_x or [])]
    cells = list(row.cells or [row.text])
    k = sum(1 for s in starts if s < ln.bbox[0])
    cells.insert(k, "")
    starts.insert(k, ln.bbox[0])
    row.cells, row.cell_x = cells, starts[1:]
    row.bbox = (starts[0], row.bbox[1], max(row.bbox[2], ln.bbox[2]), max(row.bbox[3], ln.bbox[3]))
    _append_row(row, ln, grow=False)
    row.word_x = row.word_end = None
    return True


def _row_holding(out: list[Line], ln: Line) -> Line | None:
    if ln.bbox is None or not out:
        return None
    rest = ln.cell_x or []
    for row in reversed(out[-4:]):
        if not (row.cells and row.cell_x and row.bbox) or row.column != ln.column:
            continue
        # Its top inside the row's height so far (the row may still grow below it).
        if not row.bbox[1] + 1.0 < ln.bbox[1] < row.bbox[3]:
            continue
        starts = [row.bbox[0], *row.cell_x]
        if any(abs(x - ln.bbox[0]) <= 3.0 for x in starts):
            return None  # a wrapped line of a cell the row has
        if not all(any(abs(x - s) <= 3.0 for s in starts) for x in rest):
            return None  # beside it, only wrapped lines of the row's own cells
        end = rest[0] if rest else ln.bbox[2]
        if any(ln.bbox[0] < x < end for x in starts):
            return None  # it runs over the row's cells
        known = {
            round(x)
            for other in out[-8:]
            if other is not row
            and other.cells
            and other.cell_x
            and other.bbox
            and other.font_size  # text starts (a ruled row's box starts at its rule)
            and other.column == ln.column
            for x in (other.bbox[0], *other.cell_x)
        }
        if any(abs(x - ln.bbox[0]) <= 3.0 for x in known):
            return row
        return None
    return None


def _ruled(ln: Line) -> bool:
    """A row of a table drawn with rules (it has cells and no type size of its own)."""
    return ln.cells is not None and ln.font_size is None


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
