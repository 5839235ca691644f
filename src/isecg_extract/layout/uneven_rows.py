"""Rows whose cells do not share a baseline: a bold or larger cell set a few points lower
than the plain one beside it, or the cells read right to left. The shared-baseline rule of
``layout.cells`` misses them; they are joined here first, where their shape repeats."""

from __future__ import annotations

from isecg_extract.model import Line


def offset_rows(lines: list[Line]) -> list[Line]:
    """Cells of one row set a few points apart vertically (a bold or larger cell beside a
    plain one), joined into one line with cells.

    The reading order puts such cells apart or right to left, so the row is not found by a
    shared baseline. A group of segments side by side whose heights overlap is a row when at
    least ``_ROW_REPEATS`` groups of the column share its cell starts and offsets: a table,
    not a heading or a margin note beside one line of text.
    """
    groups = _side_by_side(lines)
    # Up to three cells (country, name, acronym): more side by side on a page the columns
    # were not found on are two tables beside each other, whose rows do not line up.
    odd = [g for g in groups if len(g) <= _MAX_CELLS and _uneven(lines, g)]
    if not odd:
        return lines
    shapes = [_shape(lines, g) for g in groups]
    accepted: dict[int, list[int]] = {}
    for g in odd:
        mine = _shape(lines, g)
        like = sum(
            1
            for other in shapes
            if len(other) == len(mine)
            and all(
                abs(a[0] - b[0]) <= 3.0 and abs(a[1] - b[1]) <= 1.5
                for a, b in zip(mine, other, strict=True)
            )
        )
        if like >= _ROW_REPEATS:
            accepted[g[0]] = g
    if not accepted:
        return lines
    skip = {i for g in accepted.values() for i in g[1:]}
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        out.append(_joined([lines[k] for k in accepted[i]]) if i in accepted else ln)
    return out


_ROW_REPEATS = 3
_MAX_CELLS = 3


def _shape(lines: list[Line], group: list[int]) -> list[tuple[float, float]]:
    """Where each cell of a row starts, and how far below the row's top it sits: a table's
    rows repeat both, a line of text that happens to stand beside a row does not."""
    top = min(lines[i].bbox[1] for i in group)
    return sorted((lines[i].bbox[0], lines[i].bbox[1] - top) for i in group)


def _side_by_side(lines: list[Line]) -> list[list[int]]:
    """Groups of nearby segments of one column beside each other, their heights overlapping
    by half the smaller one and their sizes alike (a note in a smaller type is no cell)."""
    groups: list[list[int]] = []
    used: set[int] = set()
    for i, a in enumerate(lines):
        if i in used or a.cells is not None or not a.bbox or not a.font_size:
            continue
        group = [i]
        for j in range(i + 1, min(len(lines), i + 6)):
            b = lines[j]
            if b.bbox is None or b.bbox[1] - a.bbox[1] > 0.6 * max(a.font_size, b.font_size or 0):
                break
            if (
                j in used
                or b.cells is not None
                or b.column != a.column
                or not b.font_size
                or not alike_sizes(a, b)
            ):
                continue
            members = [lines[k] for k in group]
            if any(b.bbox[0] < m.bbox[2] and m.bbox[0] < b.bbox[2] for m in members):
                continue
            overlap = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
            if overlap < 0.5 * min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]):
                continue
            group.append(j)
        if len(group) > 1:
            used.update(group)
            groups.append(group)
    return groups


def _uneven(lines: list[Line], group: list[int]) -> bool:
    """A row the shared-baseline rule below misses: its cells more than 2 pt apart, or one
    coming before a cell to its left."""
    members = [lines[i] for i in group]
    tops = [m.bbox[1] for m in members]
    lefts = [m.bbox[0] for m in members]
    return max(tops) - min(tops) > 2.0 or lefts != sorted(lefts)


def _joined(members: list[Line]) -> Line:
    cells = sorted(members, key=lambda m: m.bbox[0])
    first = cells[0]
    words_x = [x for m in cells for x in (m.word_x or [])]
    words_end = [x for m in cells for x in (m.word_end or [])]
    complete = all(m.word_x and m.word_end for m in cells)
    return Line(
        text=" ".join(m.text for m in cells),
        page=first.page,
        printed_page=first.printed_page,
        bbox=(
            first.bbox[0],
            min(m.bbox[1] for m in cells),
            max(m.bbox[2] for m in cells),
            max(m.bbox[3] for m in cells),
        ),
        font_size=min(m.font_size or 0 for m in cells) or first.font_size,
        bold=all(m.bold for m in cells),
        italic=all(m.italic for m in cells),
        cells=[m.text for m in cells],
        column=first.column,
        cell_x=[m.bbox[0] for m in cells[1:]],
        word_x=words_x if complete else None,
        word_end=words_end if complete else None,
    )


def alike_sizes(a: Line, b: Line) -> bool:
    """Sizes a table's cells may differ by (a bold country a size up); a side note in a
    smaller type beside a line of text is no cell of it."""
    if not (a.font_size and b.font_size):
        return True  # a ruled table's row has no size of its own
    return min(a.font_size, b.font_size) >= 0.8 * max(a.font_size, b.font_size)
