"""The table of contents: its titles, page numbers and (where indented) levels."""

from __future__ import annotations

import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Line, TocEntry

_LEADER = re.compile(r"(?:\s*[.…·]\s*){2,}")


def find_toc_heading(lines: list[Line], cfg: PipelineConfig, limit: int = 200) -> int | None:
    for i, line in enumerate(lines[:limit]):
        if any(p.match(line.text.strip()) for p in cfg.regex["toc_heading"]):
            return i
    return None


def parse_entry(line: Line, cfg: PipelineConfig) -> TocEntry | None:
    first = _number_first(line)
    if first is not None:
        return first
    text = line.text.strip()
    m = cfg.regex["toc_entry"].match(text)
    if not m:
        return None
    title = _LEADER.sub(" ", m.group("title")).strip(" .\t")
    if not title or not re.search(r"[A-Za-z]", title):
        return None
    dotted = bool(_LEADER.search(m.group("leader") or "") or _LEADER.search(m.group("title")))
    return TocEntry(title=" ".join(title.split()), page=int(m.group("page")), dotted=dotted)


def _number_first(line: Line) -> TocEntry | None:
    """An entry set as a page number, then the title in a column of its own ("3   Executive
    Summary"): a two-cell row whose first cell is the number. (A section number before its
    title stands a word space away, on one segment: no cells.)"""
    cells = line.cells
    if not cells or len(cells) != 2 or not cells[0].strip().isdigit():
        return None
    if _LEADER.search(cells[1]):
        return None  # a section number set apart from a title led to its page at the end
    title = _LEADER.sub(" ", cells[1]).strip(" .\t")
    if not re.search(r"[A-Za-z]", title):
        return None
    return TocEntry(title=" ".join(title.split()), page=int(cells[0]))


def _indent(line: Line) -> float:
    """Where an entry's title starts: after the number of a number-first entry."""
    if _number_first(line) is not None and line.cell_x:
        return line.cell_x[0]
    return line.bbox[0] if line.bbox else float(line.indent)


def read_toc(lines: list[Line], start: int, cfg: PipelineConfig) -> tuple[list[TocEntry], int]:
    """Entries from the line after the TOC heading; returns them and the index after the TOC."""
    entries: list[TocEntry] = []
    indents: list[float] = []
    i = start
    while i < len(lines):
        entry = parse_entry(lines[i], cfg)
        used = 1
        if entry is None and entries:
            # A long title wraps: its first line has no page number, the next one ends with it.
            for extra in (1, 2):
                parts = lines[i : i + extra + 1]
                if len(parts) < extra + 1 or any(ln.gap_before for ln in parts[1:]):
                    break
                joined = " ".join(ln.text for ln in parts)
                entry = parse_entry(Line(text=joined, page=lines[i].page), cfg)
                if entry is not None and _plausible(entries, entry):
                    used = extra + 1
                    break
                entry = None
        if entry is None:
            if entries:
                break
            if i == start:
                bare = titles_without_numbers(lines, start, cfg)
                if bare is not None:
                    return bare
            if i - start > 5:  # a TOC heading with no entries under it
                return [], start
            i += 1
            continue
        entries.append(entry)
        indents.append(_indent(lines[i]))
        i += used
    geometric = any(line.bbox for line in lines[start:i])
    _levels_from_indent(entries, indents, 4.0 if geometric else 0.5)
    return entries, i


def titles_without_numbers(
    lines: list[Line], start: int, cfg: PipelineConfig
) -> tuple[list[TocEntry], int] | None:
    """A contents page that prints no page numbers (a brochure's, a web page's): the short
    title lines under the heading on its page, in one type, set at a steady pitch.

    Only on a PDF page, where the page and the type say where the list ends: it ends at the
    page's end, at a line in another type or of running text, or at a gap far wider than the
    pitch. A line set closer than the pitch goes on with the entry above (a wrapped title).
    """
    first = lines[start] if start < len(lines) else None
    if first is None or first.bbox is None or not first.font_size:
        return None
    max_words = int(cfg.settings["headings"]["max_words"])
    run: list[Line] = []
    for ln in lines[start:]:
        if (
            ln.page != first.page
            or ln.bbox is None
            or ln.cells is not None
            or abs((ln.font_size or 0) - first.font_size) > 1.0
            or len(ln.text.split()) > max_words
            or ln.text.rstrip().endswith((".", ":", ";"))
            or not re.search(r"[A-Za-z]", ln.text)
        ):
            break
        if run:
            pitch = _pitch(run)
            if ln.bbox[1] - run[-1].bbox[1] > 2.5 * (pitch or 2.0 * first.font_size):
                break
        run.append(ln)
    if len(run) < 4:
        return None
    pitch = _pitch(run) or 0.0
    groups: list[list[Line]] = []
    for ln in run:
        prev = groups[-1][-1] if groups else None
        wrapped = prev is not None and (
            ln.bbox[1] - prev.bbox[1] < 0.93 * pitch
            or ln.text[:1].islower()
            or re.search(r"(?:\b(?:and|of|for|the|in|on|to)|[&,–-])$", prev.text.rstrip())
        )
        if wrapped:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    entries = [
        TocEntry(title=" ".join(" ".join(ln.text for ln in g).split()), page=None) for g in groups
    ]
    _levels_from_indent(entries, [g[0].bbox[0] for g in groups], 4.0)
    return entries, start + len(run)


def _pitch(run: list[Line]) -> float | None:
    """The usual distance from one line's top to the next one's (the median)."""
    steps = sorted(b.bbox[1] - a.bbox[1] for a, b in zip(run, run[1:], strict=False))
    return steps[len(steps) // 2] if steps else None


def _plausible(entries: list[TocEntry], entry: TocEntry) -> bool:
    """Page numbers in a TOC do not go backwards, nor jump far ahead."""
    last = max((e.page or 0) for e in entries) if entries else 0
    return entry.page is not None and last <= entry.page <= last + 60


def _levels_from_indent(entries: list[TocEntry], indents: list[float], step: float) -> None:
    """Indented TOCs give levels; a flat one (a text export) leaves them unknown."""
    distinct: list[float] = []
    for x in sorted(indents):
        if not distinct or x - distinct[-1] > step:
            distinct.append(x)
    if len(distinct) < 2:
        return
    for entry, x in zip(entries, indents, strict=True):
        entry.level = 1 + max(i for i, d in enumerate(distinct) if x >= d - 0.01)
