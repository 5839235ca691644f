"""Side notes in the margin: taken out of the column flow and put back after the paragraph
they stand beside, so they do not cut sentences in two."""

from __future__ import annotations

import re

from isecg_extract.model import Line


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
