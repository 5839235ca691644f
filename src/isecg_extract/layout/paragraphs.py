"""Paragraph gaps and indentation: where a block ends, from line spacing and from a next
word that would have fitted on the previous line."""

from __future__ import annotations

import re
from collections import Counter

from isecg_extract.model import Line


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
