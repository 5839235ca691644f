"""Plain-text reports into the pages-and-lines representation that PDFs are reduced to too.

A form feed starts a new page; a blank line sets ``gap_before`` on the next line, as vertical
space does on a PDF page; tab-separated cells become table cells.
"""

from __future__ import annotations

import re
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


_GLUED_ACRONYM = re.compile(r"(?<=[a-z])\((?=[A-Z][A-Za-z]{1,9}\))")


def clean_line(text: str) -> str:
    """Drop control characters other than tabs; NFC so accented names compare equal; a space
    before an acronym glued to its name ("Organisation(CSIRO)")."""
    text = "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) != "Cc")
    return _GLUED_ACRONYM.sub(" (", unicodedata.normalize("NFC", text.rstrip()))


def text_to_pages(text: str) -> list[Page]:
    pages: list[Page] = []
    for number, chunk in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\f"), 1):
        page = Page(number=number)
        gap = True
        raws = [clean_line(raw) for raw in chunk.split("\n")]
        drawn = drawn_cells(raws)
        for line, laid in zip(raws, drawn, strict=True):
            if not line.strip() or laid == []:
                gap = gap or not line.strip()
                continue  # a blank line, or a table's rule ("-----+-----")
            stripped = line.lstrip(" ")
            cells = [c.strip() for c in line.split("\t") if c.strip()]
            if line.startswith("\t") and len(cells) == 1:
                cells = ["", cells[0]]  # a row that continues the one above (same first cell)
            if "\t" not in line or len(cells) < 2:
                cells = laid
            page.lines.append(
                Line(
                    text=" ".join(stripped.replace("\t", " ").split()),
                    page=number,
                    gap_before=gap,
                    indent=len(line) - len(stripped),
                    cells=cells if cells and len(cells) >= 2 else None,
                )
            )
            gap = False
        pages.append(page)
    return pages


_RULE = re.compile(r"^[\s|:+=-]*-{3,}[\s|:+=-]*$")
_COLUMN_GAP = re.compile(r"(?<=\S)\s{2,}(?=\S)")
_TOC_LIKE = re.compile(r"(?:(?:\.\s?){3,}|\s{2,})\d{1,4}\s*$")
_LISTED = re.compile(r"^\s*(?:[-•◦▪*–—]|\d{1,2}(?:\.\d{1,2})*[.)]?)\s")


def drawn_cells(raws: list[str]) -> list[list[str] | None]:
    """Cells of the lines of a table a text export drew with pipes or aligned with spaces.

    ``[]`` marks a line to drop (a rule, or a wrapped cell joined to the row above), None a
    line that is no table row. Columns aligned with spaces count when most lines of a run of
    three or more start text at the same column (a member table's "Country   Agency"); TOC
    lines, list items and headings are no such rows.
    """
    out: list[list[str] | None] = [None] * len(raws)
    for i, raw in enumerate(raws):
        if ("|" in raw or "+" in raw) and _RULE.match(raw):
            out[i] = []
        elif re.search(r"\S\s*\|\s*\S|^\s*\|", raw):
            # "| a | b |" has borders; "        | b" is a row whose first cell is empty.
            body = raw.strip().strip("|") if raw.startswith("|") else raw.rstrip().rstrip("|")
            cells = [c.strip() for c in body.split("|")]
            if len(cells) >= 2:
                out[i] = cells
    run: list[int] = []
    for i, raw in enumerate([*raws, ""]):
        usable = (
            i < len(raws)
            and raw.strip()
            and out[i] is None
            and "\t" not in raw
            and not _TOC_LIKE.search(raw)
            and not _LISTED.match(raw)
        )
        if usable:
            run.append(i)
            continue
        if len(run) >= 3:
            _aligned(raws, run, out)
        run = []
    _join_wrapped_cells(out, raws)
    return out


def _aligned(raws: list[str], run: list[int], out: list[list[str] | None]) -> None:
    starts: dict[int, int] = {}
    for i in run:
        line = raws[i]
        found = {m.end() for m in _COLUMN_GAP.finditer(line)}
        indent = len(line) - len(line.lstrip(" "))
        if indent >= 8:
            found.add(indent)  # a wrapped cell under its column
        for p in found:
            starts[p] = starts.get(p, 0) + 1
    need = max(3, int(0.6 * len(run)))
    columns = sorted(p for p, n in starts.items() if p >= 4 and n + starts.get(p - 1, 0) >= need)
    columns = [p for k, p in enumerate(columns) if k == 0 or p - columns[k - 1] > 1]
    if not columns:
        return
    rows = []
    for i in run:
        line = raws[i]
        bounds = [0, *columns, len(line) + 1]
        rows.append([line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)])
    # Text that runs across a column is prose, not a table: most first cells must end there.
    clean = sum(1 for i, r in zip(run, rows, strict=True) if _cut_cleanly(raws[i], columns))
    if clean < need:
        return
    for i, cells in zip(run, rows, strict=True):
        if any(cells):
            out[i] = cells


def _cut_cleanly(line: str, columns: list[int]) -> bool:
    return all(p >= len(line) or line[p - 1] == " " for p in columns)


def _join_wrapped_cells(out: list[list[str] | None], raws: list[str]) -> None:
    """A row whose only text goes on a cell of the row above that is not finished (no closing
    acronym) is that cell wrapped: "Commonwealth Scientific and Industrial Research" /
    "Organisation (CSIRO)" under a later column (its first cell empty), or under the first
    column indented further than the row above or in lower case ("  Organisation")."""
    prev: list[str] | None = None
    prev_indent = 0
    for i, cells in enumerate(out):
        if cells is None:
            prev = None
            continue
        if not cells:
            continue  # a rule line
        filled = [k for k, c in enumerate(cells) if c]
        indent = len(raws[i]) - len(raws[i].lstrip(" "))
        if prev is not None and len(filled) == 1:
            k = filled[0]
            tail = k > 0 or indent > prev_indent or cells[0][:1].islower()
            if tail and k < len(prev) and prev[k] and not prev[k].endswith(")"):
                prev[k] = f"{prev[k]} {cells[k]}"
                out[i] = []
                continue
        prev, prev_indent = cells, indent
