"""Table shapes: a grid whose columns repeat is a table of pairs set side by side.

Designed reports save space by setting a two-column list twice across the page (country,
agency, country, agency). Read as rows of four cells, the second pair would be taken for more
of the first; unfolded, each pair is a row of its own, as the reader reads it.
"""

from __future__ import annotations

from isecg_extract.model import Table


def _profile(cells: list[str]) -> tuple[float, float, float]:
    """What a column's cells look like: mean length, mean words, share with a parenthesis."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return (0.0, 0.0, 0.0)
    n = len(filled)
    return (
        sum(len(c) for c in filled) / n,
        sum(len(c.split()) for c in filled) / n,
        sum(1 for c in filled if "(" in c) / n,
    )


def _alike(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return (
        abs(a[0] - b[0]) <= 0.4 * max(a[0], b[0])
        and abs(a[1] - b[1]) <= 0.4 * max(a[1], b[1], 1.0)
        and abs(a[2] - b[2]) <= 0.35
    )


def repeat_width(rows: list[list[str]]) -> int | None:
    """k when the columns repeat with period k (k >= 2): columns j and j + k look alike, and
    the k columns of one period do not look like each other."""
    if len(rows) < 3:
        return None
    width = max(len(r) for r in rows)
    if sum(1 for r in rows if len(r) == width) < 0.8 * len(rows):
        return None
    rows = [r + [""] * (width - len(r)) for r in rows]  # the last row of a grid may be short
    for k in range(2, width // 2 + 1):
        if width % k:
            continue
        cols = [[r[j] for r in rows] for j in range(width)]
        profiles = [_profile(c) for c in cols]
        header = rows[0][:k] == rows[0][k : 2 * k] and any(rows[0][:k])
        repeats = all(_alike(profiles[j], profiles[j + k]) for j in range(width - k))
        distinct = not _alike(profiles[0], profiles[1])
        if (repeats or header) and distinct:
            return k
    return None


def unfold_pairs(table: Table) -> Table:
    """Rows of 2k cells whose columns repeat become rows of k cells: the left group of every
    row first, then the next group (a grid is read down each group in turn)."""
    k = repeat_width(table.rows)
    if k is None:
        return table
    width = max(len(r) for r in table.rows)
    rows: list[list[str]] = []
    pages: list[int | None] = []
    boxes = []
    for start in range(0, width, k):
        for r, row in enumerate(table.rows):
            part = row[start : start + k]
            if not any(c.strip() for c in part):
                continue
            if start and r == 0 and part == row[:k]:
                continue  # the header row, repeated over each group
            rows.append(part)
            pages.append(table.row_pages[r] if r < len(table.row_pages) else None)
            boxes.append(table.row_bboxes[r] if r < len(table.row_bboxes) else None)
    return Table(table.table_id, table.section_id, rows, table.pages, pages, boxes)


def drop_repeated_headers(table: Table) -> Table:
    """A table continued over a page or column break repeats its header row there; the
    repeats are not rows of data (the first header is kept, it names the columns)."""
    if len(table.rows) < 3:
        return table
    header = [" ".join(c.split()) for c in table.rows[0]]
    keep = [
        r == 0 or [" ".join(c.split()) for c in row] != header for r, row in enumerate(table.rows)
    ]
    if all(keep):
        return table

    def kept(values: list) -> list:
        return [v for v, k in zip(values, keep, strict=False) if k]

    return Table(
        table.table_id,
        table.section_id,
        kept(table.rows),
        table.pages,
        kept(table.row_pages),
        kept(table.row_bboxes),
    )


def join_split_rows(table: Table) -> Table:
    """A row a page or column break split: its rest stands at the top of the next column or
    page with the first cell empty; it is joined to the row above, cell by cell. The row keeps
    the page and box where it starts."""
    from isecg_extract.structure.chunks import join_lines

    rows: list[list[str]] = []
    pages: list[int | None] = []
    boxes = []
    ends: list[tuple] = []  # where each row's last part stands: (page, box)
    for r, row in enumerate(table.rows):
        page = table.row_pages[r] if r < len(table.row_pages) else None
        box = table.row_bboxes[r] if r < len(table.row_bboxes) else None
        if rows and row and not row[0].strip() and len(row) == len(rows[-1]):
            end_page, end_box = ends[-1]
            moved = page != end_page or (
                box is not None and end_box is not None and abs(box[0] - end_box[0]) > 20
            )
            if moved:
                rows[-1] = [
                    join_lines(a, b).strip() if b else a for a, b in zip(rows[-1], row, strict=True)
                ]
                ends[-1] = (page, box)
                continue
        rows.append(list(row))
        pages.append(page)
        boxes.append(box)
        ends.append((page, box))
    if len(rows) == len(table.rows):
        return table
    return Table(table.table_id, table.section_id, rows, table.pages, pages, boxes)
