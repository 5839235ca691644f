"""Borderless tables: the segments of one row, found by their shared baseline and the gaps
between them, joined into a line with cells."""

from __future__ import annotations

from isecg_extract.model import Line


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
