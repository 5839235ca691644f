"""Running headers, footers and page numbers: found by repetition across pages and removed;
the page numbers become printed pages."""

from __future__ import annotations

import re
from collections import Counter

from isecg_extract.layout.fonts import body_font_size
from isecg_extract.layout.page_layout import PageLayout
from isecg_extract.model import Line, Page

MARGIN = 0.075  # share of the page height at top and bottom where running lines live
# A page number alone, or dressed as "Page 5", "- 5 -", "5 | ISECG", "5 of 13".
PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page|p\.|seite|pág\.?|página)?[\W_]*(\d{1,3})(?:\s*(?:/|of|de|von)\s*\d{1,3})?[\W_]*$",
    re.IGNORECASE,
)


def row_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def running_keys(pages: list[Page]) -> set[str]:
    """Texts (digits folded) that stand in the top or bottom margin of many pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {row_key(ln.text) for ln in page.lines if _in_margin(ln, page)}
        counts.update(keys)
    need = max(2, int(0.4 * len(pages)))
    return {k for k, c in counts.items() if c >= need} if len(pages) >= 3 else set()


def _in_margin(line: Line, page: Page) -> bool:
    if not line.bbox or not page.height:
        return False
    return line.bbox[1] < MARGIN * page.height or line.bbox[3] > (1 - MARGIN) * page.height


def split_margins(page: Page, repeated: set[str]) -> tuple[list[Line], list[Line], int | None]:
    body, removed = [], []
    printed = None
    for ln in page.lines:
        if _in_margin(ln, page) and ln.cells is None:
            key = row_key(ln.text)
            m = PAGE_NUMBER.match(ln.text.strip()) or PAGE_NUMBER.match(
                _without_running_text(ln.text, repeated)
            )
            if m and len(ln.text) <= 80:
                printed = int(m.group(1))
                removed.append(ln)
                continue
            if key in repeated:
                removed.append(ln)
                continue
        body.append(ln)
    return body, removed, printed


def running_titles(pages: list[Page], bodies: list[list[Line]]) -> list[list[Line]]:
    """Running heads that change with the chapter (a book class prints the chapter's title in
    small capitals at the top of its pages): a line in the margin, in a type smaller than the
    text and than some line elsewhere in the document with the same words (the heading itself,
    set larger), is the heading's running title. Taken out of the bodies; without repetition across pages,
    ``running_keys`` does not find it when a chapter fills one page."""
    text_size = body_font_size([ln for body in bodies for ln in body])
    sizes: dict[str, float] = {}
    for body in bodies:
        for ln in body:
            if ln.font_size and ln.cells is None:
                key = row_key(ln.text)
                sizes[key] = max(sizes.get(key, 0.0), ln.font_size)
    out = []
    for page, body in zip(pages, bodies, strict=True):
        out.append(
            [
                ln
                for ln in body
                if not (
                    _in_margin(ln, page)
                    and ln.cells is None
                    and ln.font_size
                    and ln.font_size < text_size - 0.25  # a heading at a page's top is not
                    and sizes.get(row_key(ln.text), 0.0) >= ln.font_size + 1.0
                )
            ]
        )
    return out


def _without_running_text(text: str, repeated: set[str]) -> str:
    """ "ISECG | 5" where "ISECG" is a running header: the number that is left."""
    parts = re.split(r"\s*[|·•]\s*|\s{3,}", text.strip())
    rest = [
        p
        for p in parts
        if row_key(p) not in repeated and not row_key(p).startswith(tuple(repeated))
    ]
    return " ".join(rest) if len(rest) < len(parts) else ""


def fill_printed_pages(layouts: list[PageLayout]) -> None:
    """Pages without a printed number (the cover) take the offset most pages agree on."""
    offsets = Counter(
        lay.printed_page - lay.number for lay in layouts if lay.printed_page is not None
    )
    if not offsets:
        return
    offset = offsets.most_common(1)[0][0]
    for lay in layouts:
        if lay.printed_page is None or lay.printed_page - lay.number != offset:
            lay.printed_page = lay.number + offset if lay.number + offset >= 1 else None
