"""Plain-text reports into the pages-and-lines representation that PDFs are reduced to too.

A form feed starts a new page; a blank line sets ``gap_before`` on the next line, as vertical
space does on a PDF page; tab-separated cells become table cells.
"""

from __future__ import annotations

import unicodedata

from isecg_extract.errors import EmptyInput, NotAReport, UndecodableText
from isecg_extract.model import Line, Page

_CONTROL_OK = {"\n", "\r", "\t", "\f"}


def decode_text(data: bytes, path: str) -> str:
    """Decode by BOM, then UTF-8, then Latin-1; refuse binary data that is not text at all."""
    if not data.strip():
        raise EmptyInput(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableText(path, str(exc)) from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if data.count(b"\x00") or _binary_share(data) > 0.05:
                raise NotAReport(path, "binary data") from None
            text = data.decode("latin-1")
    if "\x00" in text:
        raise NotAReport(path, "binary data (NUL bytes)")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head[:100]:
        raise NotAReport(path, "an HTML or XML document (a web page saved under this name?)")
    if head.startswith(("\x89png", "gif8", "\xff\xd8")):
        raise NotAReport(path, "an image")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    if controls > max(8, len(text) // 50):
        raise NotAReport(path, "binary data (control characters)")
    if not text.strip():
        raise EmptyInput(path)
    return text


def _binary_share(data: bytes) -> float:
    sample = data[:4096]
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad / max(1, len(sample))


def clean_line(text: str) -> str:
    """Drop control characters other than tabs; NFC so accented names compare equal."""
    text = "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text.rstrip())


def text_to_pages(text: str) -> list[Page]:
    pages: list[Page] = []
    for number, chunk in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\f"), 1):
        page = Page(number=number)
        gap = True
        for raw in chunk.split("\n"):
            line = clean_line(raw)
            if not line.strip():
                gap = True
                continue
            stripped = line.lstrip(" ")
            cells = [c.strip() for c in line.split("\t") if c.strip()]
            if line.startswith("\t") and len(cells) == 1:
                cells = ["", cells[0]]  # a row that continues the one above (same first cell)
            page.lines.append(
                Line(
                    text=" ".join(stripped.replace("\t", " ").split()),
                    page=number,
                    gap_before=gap,
                    indent=len(line) - len(stripped),
                    cells=cells if "\t" in line and len(cells) >= 2 else None,
                )
            )
            gap = False
        pages.append(page)
    return pages
