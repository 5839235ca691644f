"""Where each row's evidence is: its box on the page and the text around its sentence.

The tables keep a box only for sections and member-table rows; every other row keeps its
page and its words (a sentence, a name, a title). So a row's box is its ``bbox`` where it has
one, else the words found again on its page with PDFium's text layer (letters and digits
only, so a hyphen or line break the extractor removed still matches). The text around a row
comes from ``sentences.json`` (written by ``batch``) around its character span, else from
the source text itself around the words found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.review.gather import EVIDENCE_TEXT, DocReview

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin
CONTEXT = 320
"""Characters of text shown on either side of a row's words when no sentences are known."""
SHORT = 12
"""Needles with fewer letters and digits are looked for as whole words, case-sensitively."""


@dataclass
class Evidence:
    """A row's evidence: the physical page, boxes on it and the text around its words."""

    page: int | None = None
    boxes: list[Box] = field(default_factory=list)
    context: tuple[str, str, str] | None = None  # before, the row's words, after
    located: str = ""  # "bbox" (the table's own), "text" (found on the page) or ""

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "boxes": [[round(v, 1) for v in b] for b in self.boxes],
            "context": list(self.context) if self.context else None,
            "located": self.located,
        }


class _Haystack:
    """A text with its letters and digits only, lowercased, and where each came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        keep = [(i, ch.lower()) for i, ch in enumerate(text) if ch.isalnum()]
        self.index = [i for i, _ in keep]
        self.flat = "".join(ch for _, ch in keep)

    def find(self, needle: str) -> tuple[int, int] | None:
        """The span of ``text`` that holds ``needle`` (or its first 80 letters)."""
        flat = "".join(ch.lower() for ch in needle if ch.isalnum())
        if not flat:
            return None
        if len(flat) < SHORT:
            m = re.search(r"(?<!\w)" + re.escape(needle.strip()) + r"(?!\w)", self.text)
            return (m.start(), m.end()) if m else None
        for probe in (flat, flat[:80]):
            at = self.flat.find(probe)
            if at >= 0:
                return self.index[at], self.index[at + len(probe) - 1] + 1
        return None


def needles(table: str, row: dict[str, Any]) -> list[str]:
    """The texts of a row worth finding on its page, best first."""
    return [str(row[c]) for c in EVIDENCE_TEXT.get(table, ()) if str(row.get(c) or "").strip()]


def page_of(row: dict[str, Any], printed_to_physical: dict[int, int]) -> int | None:
    """The row's physical page: its own, else its printed page through the sections' map."""
    for col in ("physical_page",):
        value = _int(row.get(col))
        if value:
            return value
    printed = _int(row.get("page"))
    if printed is None:
        return None
    return printed_to_physical.get(printed, printed)


def printed_pages(doc: DocReview) -> dict[int, int]:
    """Printed page -> physical page, from the sections that carry both."""
    out: dict[int, int] = {}
    for s in doc.report.rows("sections"):
        printed, physical = _int(s.get("page")), _int(s.get("physical_page"))
        if printed and physical:
            out.setdefault(printed, physical)
    return out


def parse_bbox(value: Any) -> Box | None:
    try:
        parts = [float(v) for v in str(value or "").split(",")]
    except ValueError:
        return None
    return (parts[0], parts[1], parts[2], parts[3]) if len(parts) == 4 else None


class PdfText:
    """The text layer of a PDF's pages, read once per page with PDFium."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(str(path))
        self.pages: dict[int, tuple[Any, _Haystack, float]] = {}

    def __len__(self) -> int:
        return len(self.pdf)

    def size(self, number: int) -> tuple[float, float]:
        w, h = self.pdf[number - 1].get_size()
        return float(w), float(h)

    def page(self, number: int) -> tuple[Any, _Haystack, float]:
        if number not in self.pages:
            page = self.pdf[number - 1]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            self.pages[number] = (textpage, _Haystack(text), float(page.get_size()[1]))
        return self.pages[number]

    def locate(self, number: int, needle: str) -> tuple[list[Box], tuple[str, str, str]] | None:
        """Boxes (one per line) of ``needle`` on the page, and the text around it."""
        if not 1 <= number <= len(self.pdf):
            return None
        textpage, hay, height = self.page(number)
        span = hay.find(needle)
        if span is None:
            return None
        boxes: list[list[float]] = []
        for i in range(*span):
            left, bottom, right, top = textpage.get_charbox(i)
            if right <= left or top <= bottom:
                continue  # a generated space or line break: no box
            x0, y0, x1, y1 = left, height - top, right, height - bottom
            line = boxes[-1] if boxes else None
            if line and line[1] <= (y0 + y1) / 2 <= line[3] and x0 >= line[0] - 1:
                line[0], line[1] = min(line[0], x0), min(line[1], y0)
                line[2], line[3] = max(line[2], x1), max(line[3], y1)
            else:  # the next line (or column) of the words
                boxes.append([x0, y0, x1, y1])
        boxes = [b for b in boxes if b[2] - b[0] > 2]
        return [(b[0], b[1], b[2], b[3]) for b in boxes], around(hay.text, *span)

    def close(self) -> None:
        for textpage, _, _ in self.pages.values():
            textpage.close()
        self.pdf.close()


def around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The words at ``start:end`` with the text of their paragraph around them (cut at a blank
    line or at ``CONTEXT`` characters, at a space), line breaks as spaces."""
    lo = max(text.rfind("\n\n", 0, start), text.rfind("\r\n\r\n", 0, start), start - CONTEXT)
    hi_blank = [i for i in (text.find("\n\n", end), text.find("\r\n\r\n", end)) if i >= 0]
    hi = min([end + CONTEXT, *hi_blank])
    lo, hi = max(lo, 0), min(hi, len(text))
    if lo > 0 and " " in text[lo:start]:
        lo = text.index(" ", lo) + 1
    if hi < len(text) and " " in text[end:hi]:
        hi = text.rindex(" ", end, hi)

    def flat(s: str) -> str:
        return re.sub(r"\s+", " ", s)

    before, hit, after = flat(text[lo:start]), flat(text[start:end]), flat(text[end:hi])
    return (
        ("… " if lo > 0 else "") + before.lstrip(),
        hit,
        after.rstrip() + (" …" if hi < len(text) else ""),
    )


def from_sentences(
    sentences: list[dict[str, Any]], row: dict[str, Any]
) -> tuple[str, str, str] | None:
    """The row's span (``char_start``-``char_end``, or its sentence) among the sentences of its
    paragraph: two before and two after in the same section, placed at their own offsets."""
    start, end = _int(row.get("char_start")), _int(row.get("char_end"))
    sentence = str(row.get("sentence") or "").strip()
    at = None
    for i, s in enumerate(sentences):
        s0, s1 = _int(s.get("char_start")), _int(s.get("char_end"))
        if start is not None and s0 is not None and s1 is not None and s0 <= start < s1:
            at = i
            break
        if start is None and sentence and sentence[:60] in str(s.get("text") or ""):
            at = i
            break
    if at is None:
        return None
    own = sentences[at]
    if start is None:
        start, end = _int(own.get("char_start")), _int(own.get("char_end"))
    if start is None:
        return None
    end = end if end is not None and end > start else _int(own.get("char_end")) or start
    section = own.get("section_id")
    near = [
        s
        for s in sentences[max(at - 2, 0) : at + 3]
        if s.get("section_id") == section and _int(s.get("char_start")) is not None
    ]
    base = _int(near[0]["char_start"]) or 0
    text = ""
    for s in near:
        offset = (_int(s["char_start"]) or 0) - base
        text = text.ljust(offset) + str(s.get("text") or "")
    a, b = max(start - base, 0), max(end - base, 0)
    if a >= len(text):
        return None
    return text[:a], text[a:b], text[b:]


def gather_evidence(
    doc: DocReview, tables: list[str]
) -> tuple[dict[str, dict[str, Evidence]], dict[int, tuple[float, float]]]:
    """Evidence of every row of ``tables`` by table and row id; the PDF's page sizes for the
    pages that hold rows (empty for a text input or a missing source)."""
    pdf = None
    if doc.source is not None and doc.is_pdf:
        try:
            pdf = PdfText(doc.source)
        except Exception as exc:  # pypdfium2's errors: encrypted, damaged since extraction
            doc.source_note = f"{doc.source.name} could not be opened for its pages: {exc}"
    text = None
    if doc.source is not None and not doc.is_pdf:
        text = _Haystack(doc.source.read_text(encoding="utf-8", errors="replace"))
    pages = printed_pages(doc)
    out: dict[str, dict[str, Evidence]] = {}
    sizes: dict[int, tuple[float, float]] = {}
    try:
        for table in tables:
            key = doc.key_of(table)
            found = out.setdefault(table, {})
            for row in doc.report.rows(table):
                ev = Evidence(page=page_of(row, pages))
                box = parse_bbox(row.get("bbox"))
                if box and ev.page:
                    ev.boxes, ev.located = [box], "bbox"
                if doc.report.has_text:
                    ev.context = from_sentences(doc.report.sentences, row)
                for needle in needles(table, row):
                    if pdf is not None and ev.page:
                        hit = pdf.locate(ev.page, needle)
                        if hit:
                            if not ev.boxes:
                                ev.boxes, ev.located = hit[0], "text"
                            ev.context = ev.context or hit[1]
                            break
                    elif text is not None and ev.context is None:
                        span = text.find(needle)
                        if span:
                            ev.context = around(text.text, *span)
                            break
                if pdf is not None and ev.page and 1 <= ev.page <= len(pdf):
                    sizes[ev.page] = pdf.size(ev.page)
                found[str(row.get(key) or "")] = ev
    finally:
        if pdf is not None:
            pdf.close()
    return out, sizes


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
