"""Layout of text input: running headers, footers and page numbers of a text export.

Text is already in reading order, but an export with form-feed pages (or one that lost them)
still carries running lines: they are found as in a PDF (repetition across pages) and removed,
and the page numbers become printed pages.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from isecg_extract.layout.margins import PAGE_NUMBER, fill_printed_pages, row_key
from isecg_extract.layout.page_layout import PageLayout
from isecg_extract.model import Line, Page

EDGE_LINES = 2  # lines at the top and bottom of a text page where running lines can stand


def split_at_running_lines(pages: list[Page]) -> list[Page]:
    """Pages of a text export that lost its form feeds, cut where a running header stands.

    A short line with a page number that comes back, digits aside, three times or more
    ("ISECG — Annual Report 2024    3") is a page's header or footer; it opens a new page.
    """
    lines = [line for page in pages for line in page.lines]
    counts = Counter(row_key(ln.text) for ln in lines if ln.cells is None and ln.text.strip())
    headers = {
        k
        for k, c in counts.items()
        if c >= 3 and "#" in k and len(k.split()) <= 12 and _RUNNING_WORDS.search(k)
    }
    if not headers:
        return pages
    out: list[Page] = []
    current: list[Line] = []
    for line in lines:
        if row_key(line.text) in headers and current:
            out.append(Page(len(out) + 1, None, None, None, current))
            current = []
        current.append(line)
    out.append(Page(len(out) + 1, None, None, None, current))
    for page in out:
        for line in page.lines:
            line.page = page.number
    return out


_RUNNING_WORDS = re.compile(r"[a-z]{2}.*#\W*$|^\W*#\W*[a-z]|\bpage\b")


def _edges(page: Page) -> list[int]:
    n = len(page.lines)
    return sorted(set(range(min(EDGE_LINES, n))) | set(range(max(0, n - EDGE_LINES), n)))


def strip_text_margins(pages: list[Page]) -> list[Page]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(
            {row_key(page.lines[i].text) for i in _edges(page) if page.lines[i].cells is None}
        )
    repeated = {k for k, c in counts.items() if c >= max(2, int(0.4 * len(pages)))}
    layouts = [PageLayout(p.number) for p in pages]
    kept: list[list[Line]] = []
    for page, lay in zip(pages, layouts, strict=True):
        edges = set(_edges(page))
        lines = []
        for i, line in enumerate(page.lines):
            if i in edges and line.cells is None:
                m = PAGE_NUMBER.match(line.text.strip())
                if (
                    m
                    and len(line.text) <= 24
                    and (row_key(line.text) in repeated or len(line.text.split()) <= 2)
                ):
                    lay.printed_page = int(m.group(1))
                    continue
                if row_key(line.text) in repeated:
                    continue
            lines.append(line)
        kept.append(lines)
    fill_printed_pages(layouts)
    kept = [_strip_inline_running(lines, repeated) for lines in kept]
    out = []
    for page, lay, lines in zip(pages, layouts, kept, strict=True):
        for line in lines:
            line.printed_page = lay.printed_page
        if lines and lines[0].gap_before is False:
            lines[0].gap_before = True
        out.append(Page(page.number, lay.printed_page, page.width, page.height, lines))
    return out


def _strip_inline_running(lines: list[Line], repeated: set[str]) -> list[Line]:
    """Running headers and footers that a converter ran into the text.

    "agreed to ISECG Annual Report 2014 Page 3 strengthen the links": the running line is cut
    out; what follows it goes on with the line before (a sentence cut by the page break), or
    starts a block of its own when it opens one ("... 2014 Page 5 3.3 Strategic ...").
    """
    keys = [k for k in repeated if len(k) >= 8 and any(ch.isalpha() for ch in k)]
    if not keys:
        return lines
    alternatives = []
    for key in sorted(keys, key=len, reverse=True):
        words = [re.escape(w).replace("\\#", "#").replace("#", r"\d+") for w in key.split()]
        alternatives.append(r"\s*".join(words))
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    out: list[Line] = []
    for line in lines:
        segments = pattern.split(line.text)
        if len(segments) == 1:
            out.append(line)
            continue
        first = segments[0].strip()
        if first:
            out.append(dataclasses.replace(line, text=first))
        for seg in (s.strip() for s in segments[1:]):
            if not seg:
                continue
            if _opens_block(seg) or not out:
                out.append(dataclasses.replace(line, text=seg, gap_before=True))
            else:
                out[-1] = dataclasses.replace(out[-1], text=f"{out[-1].text} {seg}")
    return out


def _opens_block(text: str) -> bool:
    """A numbered heading or a capitalised title after a page break starts a new block."""
    return bool(re.match(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.\d{1,2})\s+[A-Z]", text))
