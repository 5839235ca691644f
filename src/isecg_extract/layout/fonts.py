"""Heading fonts: the body text's size, and the larger or bolder styles ranked against it."""

from __future__ import annotations

import re
from collections import Counter

from isecg_extract.config import PipelineConfig
from isecg_extract.layout.page_layout import PageLayout
from isecg_extract.model import Line


def body_font_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for ln in lines:
        if ln.font_size:
            counts[round(ln.font_size * 2) / 2] += len(ln.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def line_style(ln: Line) -> tuple[float, bool]:
    return (round((ln.font_size or 0) * 2) / 2, bool(ln.bold))


def heading_candidate(ln: Line, body_size: float) -> bool:
    if ln.cells is not None or not ln.font_size or len(ln.text.split()) > 20:
        return False
    size = round(ln.font_size * 2) / 2
    return size >= body_size + 1.0 or (ln.bold and size >= body_size - 0.5)


_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,3}\.?$")


def join_numbered_titles(lines: list[Line], body_size: float) -> None:
    """A section number set a tab away from its title ("1.1    Purpose of this Report") reads
    as a row of two cells; in a heading's type (larger than the body, or bold) it is one
    numbered title."""
    for ln in lines:
        if (
            ln.cells
            and len(ln.cells) == 2
            and _SECTION_NUMBER.match(ln.cells[0].strip())
            and ln.font_size
            and (ln.font_size >= body_size + 1.0 or ln.bold)
        ):
            ln.text = " ".join(c.strip() for c in ln.cells)
            ln.cells = ln.cell_x = None


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
            if heading_candidate(ln, body_size) and not toc_re.match(ln.text):
                styles[line_style(ln)] += 1
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
