"""Lines back into a text whose line breaks were lost (a whole report on one or a few lines).

Bad converters write a report's TOC, headings and paragraphs as one long line. The TOC is still
there, inline ("Table of Contents Executive Summary 3 Membership 4 ..."), and it says where the
headings are: this step rebuilds the TOC's lines and splits the body at each TOC title that
opens a sentence, so the later steps see headings and paragraphs again. Lines of ordinary
length pass through untouched.
"""

from __future__ import annotations

import dataclasses
import re

from isecg_extract.config import PipelineConfig
from isecg_extract.model import Line

_TOC_HEAD = re.compile(r"\b(?:table\s+of\s+)?contents\b(?:\s+page)?\s+", re.IGNORECASE)
_ENTRY = re.compile(
    r"\s*(?P<title>[A-Z](?:[^\d.;!?]|\d{4}|(?<=\s)\d(?=\s)){1,110}?)\s+(?P<page>\d{1,3})(?=\s|$)"
)


def reflow(lines: list[Line], cfg: PipelineConfig) -> list[Line]:
    limit = cfg.settings["structure"]["flat_line_chars"]
    if not any(len(line.text) > limit and line.cells is None for line in lines):
        return lines
    out: list[Line] = []
    titles: list[str] = []
    for line in lines:
        if len(line.text) <= limit or line.cells is not None:  # a table row stays a row
            out.append(line)
            continue
        text = line.text.strip()
        if not titles:
            head = _TOC_HEAD.search(text)
            if head:
                entries, end = inline_toc(text, head.end())
                if len(entries) >= 3:
                    if text[: head.start()].strip():
                        out.append(_line(line, text[: head.start()].strip(), gap=True))
                    out.append(_line(line, "Table of Contents", gap=True))
                    out.extend(_line(line, f"{t} {p}", gap=False) for t, p in entries)
                    titles = [t for t, _ in entries]
                    text = text[end:].strip()
        out.extend(_split_body(line, text, titles))
    return out


def inline_toc(text: str, pos: int) -> tuple[list[tuple[str, int]], int]:
    """(title, page) pairs from ``pos`` on, while pages do not go back; and where they end."""
    entries: list[tuple[str, int]] = []
    seen: set[str] = set()
    while True:
        m = _ENTRY.match(text, pos)
        if not m:
            break
        title, page = " ".join(m.group("title").split()), int(m.group("page"))
        if title.casefold() in seen or len(title.split()) > 12:
            break  # the body begins: its first heading repeats the first entry
        if entries and not entries[-1][1] <= page <= entries[-1][1] + 60:
            break
        entries.append((title, page))
        seen.add(title.casefold())
        pos = m.end()
    return entries, pos


def _split_body(line: Line, text: str, titles: list[str]) -> list[Line]:
    """Headings where a TOC title opens a sentence; paragraphs between them."""
    out: list[Line] = []
    cursor = 0
    for title in titles:
        pattern = re.compile(
            r"(?:^|(?<=[.!?:)\"”]\s))" + re.escape(title) + r"(?=\s+[A-Z0-9\"“(]|$)"
        )
        at = len(text) - len(text[cursor:].lstrip())
        # A title right after the previous heading ("Working Groups Exploration Roadmap ...").
        m = re.compile(re.escape(title) + r"(?=\s|$)").match(text, at) if out else None
        m = m or pattern.search(text, cursor)
        if not m:
            continue
        before = text[cursor : m.start()].strip()
        if before:
            out.append(_line(line, before, gap=True))
        out.append(_line(line, title, gap=True))
        cursor = m.end()
    rest = text[cursor:].strip()
    if rest:
        out.append(_line(line, rest, gap=True))
    return out


def _line(line: Line, text: str, gap: bool) -> Line:
    return dataclasses.replace(line, text=text, gap_before=gap, cells=None, word_x=None)
