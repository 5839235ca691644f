"""Render the plain-text ISECG annual report into PDF samples in two layouts.

The extraction pipeline has to cope with real report PDFs, which come in
many shapes. These samples give it two shapes built from the same words, so
that an extractor reading either PDF can be checked against the plain text:

* ``word``: a Word-like single-column A4 document made with fpdf2 (Bitstream
  Vera Sans, ruled member table, dot-leader TOC, outline bookmarks).
* ``twocol``: a typeset two-column US Letter document made with ReportLab
  (Caladea serif, full-width chapter headings, borderless member table that
  breaks across columns, justified and hyphenated body text, no bookmarks).

Heading levels come from the hand-made ``*.layout.toml`` next to the text;
everything else (paragraphs, bullets, tables, emphasis) is parsed from the
text itself, so the generator holds no report content.

Usage::

    python tools/make_samples.py [--out samples] [--repeat N] [--layout word|twocol|all]

Output is deterministic (fixed dates and ids) and written atomically.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = REPO_ROOT / "samples" / "isecg-annual-report-2025.txt"
DEFAULT_OUT = REPO_ROOT / "samples"
LAYOUTS = ("word", "twocol")


# --------------------------------------------------------------------------
# Document model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; markup is resolved away before rendering."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class HeadingSpec:
    """One heading from the layout file: its exact title, level and original page."""

    title: str
    level: int
    page: int | None = None


@dataclass(frozen=True)
class Meta:
    """Document-level settings from the layout file's ``[document]`` table."""

    title: str
    author: str
    subject: str
    creation_date: datetime
    running_title: str
    running_organisation: str
    cover_title: str
    toc_title: str


@dataclass(frozen=True)
class Layout:
    """The hand-made layout data: metadata plus the ordered heading list."""

    meta: Meta
    headings: tuple[HeadingSpec, ...]


@dataclass(frozen=True)
class Heading:
    """A heading placed in the body."""

    spec: HeadingSpec


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``text`` still holds the inline markup."""

    text: str


@dataclass(frozen=True)
class BulletItem:
    """One bullet; level 1 is ``- x``, level 2 is an indented ``- x``."""

    level: int
    text: str


@dataclass(frozen=True)
class BulletList:
    """Consecutive bullets, including bullets split by a source page break."""

    items: tuple[BulletItem, ...]


@dataclass(frozen=True)
class Table:
    """Tab-separated rows; ``breaks`` holds the row indices that followed a blank line.

    The blank lines inside the seed text's member table are the original
    report's page breaks, which the single-column layout reproduces.
    """

    rows: tuple[tuple[str, ...], ...]
    breaks: frozenset[int] = frozenset()


Block = Heading | Paragraph | BulletList | Table


@dataclass(frozen=True)
class Report:
    """The parsed report: cover lines (with markup) and body blocks."""

    cover: tuple[str, ...]
    body: tuple[Block, ...]

    def repeated(self, times: int) -> Report:
        """Repeat the body for long synthetic benchmark reports."""
        return Report(self.cover, self.body * times)

    def headings(self) -> list[HeadingSpec]:
        """Headings in body order, one per occurrence (repeats included)."""
        return [b.spec for b in self.body if isinstance(b, Heading)]


# --------------------------------------------------------------------------
# Layout file
# --------------------------------------------------------------------------


def load_layout(path: Path) -> Layout:
    """Read the layout TOML; fail early on a malformed heading list."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    doc = data["document"]
    meta = Meta(
        title=doc["title"],
        author=doc["author"],
        subject=doc.get("subject", ""),
        creation_date=doc["creation_date"],
        running_title=doc["running_title"],
        running_organisation=doc["running_organisation"],
        cover_title=doc["cover_title"],
        toc_title=doc["toc_title"],
    )
    headings = tuple(
        HeadingSpec(title=h["title"], level=int(h["level"]), page=h.get("page"))
        for h in data["headings"]
    )
    _check_levels(headings)
    return Layout(meta=meta, headings=headings)


def _check_levels(headings: Sequence[HeadingSpec]) -> None:
    """Levels may only deepen one step at a time (PDF outlines require it)."""
    previous = 0
    for spec in headings:
        if not 1 <= spec.level <= previous + 1:
            raise ValueError(f"heading {spec.title!r}: level {spec.level} after level {previous}")
        previous = spec.level


def layout_path_for(text_path: Path) -> Path:
    """The layout file sits next to the text: ``name.txt`` -> ``name.layout.toml``."""
    return text_path.with_name(text_path.stem + ".layout.toml")


# --------------------------------------------------------------------------
# Inline markup
# --------------------------------------------------------------------------

_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*|\[(?P<link>[^\]]+)\]\([^)]*\)"
)


def parse_inline(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Resolve ``**bold**``, ``*italic*`` and ``[text](url)`` into styled runs."""
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold, italic))
        if match["bold"] is not None:
            runs += parse_inline(match["bold"], True, italic)
        elif match["italic"] is not None:
            runs += parse_inline(match["italic"], bold, True)
        else:
            runs += parse_inline(match["link"], bold, italic)
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return _merge_runs(runs)


def _merge_runs(runs: Iterable[Run]) -> list[Run]:
    """Join neighbouring runs of the same style so renderers emit fewer fragments."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return merged


def plain(text: str) -> str:
    """The words a reader sees: markup removed."""
    return "".join(run.text for run in parse_inline(text))


def check_no_markup(report: Report) -> None:
    """Refuse to render stray markup, which would leak ``*`` or ``](`` into the PDF."""
    for text in _all_texts(report):
        visible = plain(text)
        if "*" in visible or "](" in visible:
            raise ValueError(f"unbalanced markup in: {text!r}")


def _all_texts(report: Report) -> Iterator[str]:
    """Every marked-up string of the report, for validation."""
    yield from report.cover
    for block in report.body:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, BulletList):
            yield from (item.text for item in block.items)
        elif isinstance(block, Table):
            yield from (cell for row in block.rows for cell in row)


# --------------------------------------------------------------------------
# Text parsing
# --------------------------------------------------------------------------

_BULLET = re.compile(r"^(?P<indent>\s*)- (?P<text>.*\S)\s*$")


def parse_report(text: str, layout: Layout) -> Report:
    """Split the seed text into cover, (dropped) TOC and body blocks."""
    lines = [_clean_line(line) for line in text.splitlines()]
    toc_at = _index_of(lines, layout.meta.toc_title, 0)
    body_at = _index_of(lines, layout.headings[0].title, toc_at + 1)
    cover = tuple(_chunks(lines[:toc_at]))
    body = _parse_body(lines[body_at:], layout.headings)
    report = Report(cover=cover, body=body)
    check_no_markup(report)
    return report


def _clean_line(line: str) -> str:
    """Whitespace-only lines count as blank; trailing blanks never matter."""
    return "" if not line.strip() else line.rstrip()


def _index_of(lines: Sequence[str], wanted: str, start: int) -> int:
    """Position of the first line equal to ``wanted``, with a clear error otherwise."""
    for index in range(start, len(lines)):
        if lines[index] == wanted:
            return index
    raise ValueError(f"line {wanted!r} not found in the text")


def _chunks(lines: Sequence[str]) -> Iterator[str]:
    """Blank-line separated chunks, each joined into one line."""
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line:
            chunk.append(line.strip())
        elif chunk:
            yield " ".join(chunk)
            chunk = []


def _parse_body(lines: Sequence[str], headings: Sequence[HeadingSpec]) -> tuple[Block, ...]:
    """Classify each line; headings match the layout list strictly in order."""
    builder = _BodyBuilder()
    pending = list(headings)
    for line in lines:
        if pending and line == pending[0].title:
            builder.heading(pending.pop(0))
        elif not line:
            builder.blank()
        elif bullet := _BULLET.match(line):
            builder.bullet(2 if bullet["indent"] else 1, bullet["text"])
        elif "\t" in line:
            builder.table_row(tuple(c.strip() for c in line.split("\t") if c.strip()))
        else:
            builder.text(line.strip())
    if pending:
        missing = ", ".join(repr(spec.title) for spec in pending)
        raise ValueError(f"headings from the layout file not found in order: {missing}")
    return builder.finish()


@dataclass
class _BodyBuilder:
    """Groups classified lines into blocks.

    A blank line ends a paragraph unless the next chunk starts in lowercase:
    the seed text keeps the original page breaks as blank lines in the middle
    of sentences ("efforts in" / "service of"), and those are one paragraph.
    Bullets and table rows continue their block across such breaks.
    """

    blocks: list[Block] = field(default_factory=list)
    after_blank: bool = False

    def heading(self, spec: HeadingSpec) -> None:
        self.blocks.append(Heading(spec))
        self.after_blank = False

    def blank(self) -> None:
        self.after_blank = True

    def text(self, line: str) -> None:
        last = self.blocks[-1] if self.blocks else None
        continues = not self.after_blank or line[:1].islower()
        if isinstance(last, Paragraph) and continues:
            self.blocks[-1] = Paragraph(f"{last.text} {line}")
        elif isinstance(last, BulletList) and continues:
            *items, item = last.items
            self.blocks[-1] = BulletList((*items, BulletItem(item.level, f"{item.text} {line}")))
        else:
            self.blocks.append(Paragraph(line))
        self.after_blank = False

    def bullet(self, level: int, text: str) -> None:
        last = self.blocks[-1] if self.blocks else None
        items = last.items if isinstance(last, BulletList) else ()
        if not items:
            level = 1  # a list cannot open on a nested item
        item = BulletItem(level, text)
        if isinstance(last, BulletList):
            self.blocks[-1] = BulletList((*items, item))
        else:
            self.blocks.append(BulletList((item,)))
        self.after_blank = False

    def table_row(self, cells: tuple[str, ...]) -> None:
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Table):
            breaks = last.breaks | {len(last.rows)} if self.after_blank else last.breaks
            self.blocks[-1] = Table((*last.rows, cells), frozenset(breaks))
        else:
            self.blocks.append(Table((cells,)))
        self.after_blank = False

    def finish(self) -> tuple[Block, ...]:
        return tuple(self.blocks)


def load_report(text_path: Path, layout: Layout) -> Report:
    """Read and parse the seed text."""
    return parse_report(text_path.read_text(encoding="utf-8"), layout)


def sections(body: Sequence[Block]) -> list[tuple[Heading | None, list[Block]]]:
    """Group the body by level-1 heading (the first group may have no heading)."""
    groups: list[tuple[Heading | None, list[Block]]] = []
    for block in body:
        if isinstance(block, Heading) and block.spec.level == 1:
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        else:
            groups.append((None, [block]))
    return groups


def nest_bullets(items: Sequence[BulletItem]) -> list[tuple[BulletItem, list[BulletItem]]]:
    """Pair each level-1 bullet with the nested bullets that follow it."""
    tree: list[tuple[BulletItem, list[BulletItem]]] = []
    for item in items:
        if item.level > 1 and tree:
            tree[-1][1].append(item)
        else:
            tree.append((item, []))
    return tree


@dataclass(frozen=True)
class Rendered:
    """A finished PDF plus where its headings landed (the TOC prints the same pages)."""

    data: bytes
    heading_pages: list[int]
    page_count: int


# --------------------------------------------------------------------------
# Fonts (TrueType files shipped inside PyPI packages: no system fonts)
# --------------------------------------------------------------------------

STYLES = ("", "B", "I", "BI")


def vera_fonts() -> dict[str, Path]:
    """Bitstream Vera Sans, shipped in ``reportlab/fonts``."""
    folder = Path(str(resources.files("reportlab") / "fonts"))
    names = {"": "Vera.ttf", "B": "VeraBd.ttf", "I": "VeraIt.ttf", "BI": "VeraBI.ttf"}
    return _existing({style: folder / name for style, name in names.items()})


def caladea_fonts() -> dict[str, Path]:
    """Caladea (a Cambria-metric serif), shipped by the ``font-caladea`` package."""
    folder = Path(str(resources.files("font_caladea") / "files"))
    names = {
        "": "Caladea-Regular.ttf",
        "B": "Caladea-Bold.ttf",
        "I": "Caladea-Italic.ttf",
        "BI": "Caladea-BoldItalic.ttf",
    }
    return _existing({style: folder / name for style, name in names.items()})


def _existing(paths: dict[str, Path]) -> dict[str, Path]:
    """Fail with the missing file's name rather than deep inside a PDF library."""
    for path in paths.values():
        if not path.is_file():
            raise FileNotFoundError(f"font file not found: {path}")
    return paths


# --------------------------------------------------------------------------
# Layout 1: Word-like single column (fpdf2)
# --------------------------------------------------------------------------

A4 = (595.28, 841.89)
NAVY = (31, 56, 100)
HEADING_BLUE = (47, 84, 150)
GREY = (110, 110, 110)


@dataclass(frozen=True)
class WordStyle:
    """Sizes in points for the Word-like layout."""

    margin: float = 72.0
    body_size: float = 10.0
    body_leading: float = 13.5
    para_gap: float = 7.0
    heading_sizes: tuple[float, float, float] = (16.0, 13.0, 11.0)
    heading_before: tuple[float, float, float] = (0.0, 10.0, 8.0)
    heading_after: tuple[float, float, float] = (8.0, 5.0, 4.0)
    bullet_indent: float = 18.0
    bullet_hang: float = 12.0
    toc_indent: float = 16.0
    toc_number_width: float = 24.0


def _fpdf_markdown(text: str) -> str:
    """Turn our markup into fpdf2's (``**b**``, ``__i__``), escaping its markers in text."""
    parts = []
    for run in parse_inline(text):
        body = _escape_fpdf(run.text)
        if run.italic:
            body = f"__{body}__"
        if run.bold:
            body = f"**{body}**"
        parts.append(body)
    return "".join(parts)


def _escape_fpdf(text: str) -> str:
    """Backslash-escape fpdf2 markdown markers so literal text stays literal."""
    text = text.replace("\\", "\\\\")
    for marker in ("**", "__", "~~", "--"):
        text = text.replace(marker, "\\" + marker)
    return text


def _make_word_pdf_class() -> type:
    """Build the FPDF subclass lazily so ``--layout twocol`` needs no fpdf2 import."""
    from fpdf import FPDF

    class WordPDF(FPDF):
        """FPDF with the running header and page-number footer of a Word document."""

        def __init__(self, meta: Meta, style: WordStyle) -> None:
            super().__init__(orientation="P", unit="pt", format=A4)
            self.meta = meta
            self.style = style

        def header(self) -> None:
            if self.page_no() == 1:
                return
            margin = self.style.margin
            self.set_font("Vera", "", 8)
            self.set_text_color(*GREY)
            self.set_xy(margin, 38)
            self.cell(self.epw / 2, 10, self.meta.running_title)
            self.set_xy(margin + self.epw / 2, 38)
            self.cell(self.epw / 2, 10, self.meta.running_organisation, align="R")
            self.set_draw_color(190, 190, 190)
            self.set_line_width(0.5)
            self.line(margin, 52, self.w - margin, 52)
            self.set_text_color(0, 0, 0)
            self.set_xy(margin, self.style.margin)

        def footer(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font("Vera", "", 9)
            self.set_text_color(0, 0, 0)
            self.set_xy(self.style.margin, self.h - 46)
            self.cell(self.epw, 12, str(self.page_no()), align="C")

    return WordPDF


@dataclass
class _WordRender:
    """One pass of the Word-like layout; records the page each heading lands on."""

    report: Report
    meta: Meta
    toc_pages: list[int] | None
    style: WordStyle = field(default_factory=WordStyle)
    heading_pages: list[int] = field(default_factory=list)
    pdf: Any = field(init=False, default=None)

    def run(self) -> Any:
        import fpdf

        pdf = _make_word_pdf_class()(self.meta, self.style)
        self.pdf = pdf
        for style, path in vera_fonts().items():
            pdf.add_font("Vera", style, str(path))
        pdf.set_margins(self.style.margin, self.style.margin, self.style.margin)
        pdf.set_auto_page_break(True, margin=self.style.margin)
        pdf.c_margin = 0
        _set_fpdf_metadata(pdf, self.meta, f"fpdf2 {fpdf.__version__}")
        self._cover()
        self._toc()
        for block in self.report.body:
            self._block(block)
        return pdf

    # -- page furniture -------------------------------------------------

    def _cover(self) -> None:
        """Centred cover: kicker lines, big title, then date and organisation."""
        pdf = self.pdf
        pdf.add_page()
        pdf.set_fill_color(*NAVY)
        pdf.rect(0, 0, pdf.w, 18, style="F")
        pdf.set_fill_color(255, 255, 255)
        y = 250.0
        seen_title = False
        for chunk in self.report.cover:
            if plain(chunk) == self.meta.cover_title:
                pdf.set_font("Vera", "B", 30)
                pdf.set_text_color(*NAVY)
                y = self._centred(chunk, y + 6, 36) + 34
                pdf.set_draw_color(*HEADING_BLUE)
                pdf.set_line_width(1.5)
                pdf.line(pdf.w / 2 - 60, y - 18, pdf.w / 2 + 60, y - 18)
                seen_title = True
            else:
                size = 13 if seen_title else 12
                pdf.set_font("Vera", "", size)
                pdf.set_text_color(*(GREY if not seen_title else (0, 0, 0)))
                y = self._centred(chunk, y, size * 1.4) + 10
        pdf.set_text_color(0, 0, 0)

    def _centred(self, text: str, y: float, leading: float) -> float:
        """Centred multi-line text at ``y``; returns the y below it."""
        pdf = self.pdf
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(
            pdf.epw, leading, _fpdf_markdown(text), align="C", markdown=True, new_x="LMARGIN"
        )
        return pdf.get_y()

    def _toc(self) -> None:
        """TOC with dot leaders and right-aligned printed page numbers."""
        pdf = self.pdf
        pdf.add_page()
        pdf.set_font("Vera", "B", self.style.heading_sizes[0])
        pdf.set_text_color(*HEADING_BLUE)
        pdf.cell(pdf.epw, 22, self.meta.toc_title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(10)
        for index, spec in enumerate(self.report.headings()):
            page = self.toc_pages[index] if self.toc_pages else None
            self._toc_entry(spec, page)

    def _toc_entry(self, spec: HeadingSpec, page: int | None) -> None:
        """One entry: wrapped title, dots to the number column, page number."""
        pdf, style = self.pdf, self.style
        indent = style.toc_indent * (spec.level - 1)
        pdf.set_font("Vera", "B" if spec.level == 1 else "", 10)
        width = pdf.epw - indent - style.toc_number_width - 18
        lines = pdf.multi_cell(width, 15, spec.title, dry_run=True, output="LINES")
        if pdf.get_y() + 15 * len(lines) > pdf.page_break_trigger:
            pdf.add_page()
        if spec.level == 1:
            pdf.ln(4)
        for line in lines[:-1]:
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(width, 15, line, new_x="LMARGIN", new_y="NEXT")
        x = pdf.l_margin + indent
        pdf.set_x(x)
        pdf.cell(h=15, text=lines[-1])
        pdf.set_font("Vera", "", 10)
        label = str(page) if page is not None else "0"
        number_x = pdf.l_margin + pdf.epw - style.toc_number_width
        dots_end = pdf.l_margin + pdf.epw - pdf.get_string_width(label) - 4
        dots = int((dots_end - pdf.get_x() - pdf.get_string_width(" ")) / pdf.get_string_width("."))
        pdf.cell(h=15, text=" " + "." * max(dots, 2))
        pdf.set_x(number_x)
        pdf.cell(style.toc_number_width, 15, label, align="R", new_x="LMARGIN", new_y="NEXT")

    # -- body ----------------------------------------------------------

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(block.spec)
        elif isinstance(block, Paragraph):
            self._paragraph(block.text)
        elif isinstance(block, BulletList):
            self._bullets(block)
        else:
            self._table(block)

    def _at_page_top(self) -> bool:
        return self.pdf.get_y() <= self.style.margin + 1

    def _heading(self, spec: HeadingSpec) -> None:
        """Level 1 opens a page; any heading moves on to reach its original page."""
        pdf, style = self.pdf, self.style
        level = spec.level - 1
        behind = spec.page is not None and pdf.page_no() < spec.page
        if (spec.level == 1 or behind) and not self._at_page_top():
            pdf.add_page()
        needed = (
            style.heading_before[level] + 3 * style.heading_sizes[level] + 3 * style.body_leading
        )
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()
        if not self._at_page_top():
            pdf.ln(style.heading_before[level])
        pdf.start_section(spec.title, level=level)
        self.heading_pages.append(pdf.page_no())
        pdf.set_font("Vera", "B", style.heading_sizes[level])
        pdf.set_text_color(*(HEADING_BLUE if spec.level < 3 else NAVY))
        size = style.heading_sizes[level]
        pdf.multi_cell(pdf.epw, size * 1.3, spec.title, align="L", new_x="LMARGIN")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(style.heading_after[level])

    def _paragraph(self, text: str) -> None:
        pdf, style = self.pdf, self.style
        pdf.set_font("Vera", "", style.body_size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(
            pdf.epw,
            style.body_leading,
            _fpdf_markdown(text),
            align="L",
            markdown=True,
            new_x="LMARGIN",
        )
        pdf.ln(style.para_gap)

    def _bullets(self, block: BulletList) -> None:
        """Bullet glyph in the indent, text with a hanging indent beside it."""
        pdf, style = self.pdf, self.style
        pdf.set_font("Vera", "", style.body_size)
        for item in block.items:
            x = pdf.l_margin + style.bullet_indent * (item.level - 1) + 6
            if pdf.get_y() + style.body_leading > pdf.page_break_trigger:
                pdf.add_page()
            pdf.set_x(x)
            pdf.cell(style.bullet_hang, style.body_leading, "•" if item.level == 1 else "–")
            width = pdf.l_margin + pdf.epw - (x + style.bullet_hang)
            pdf.multi_cell(
                width,
                style.body_leading,
                _fpdf_markdown(item.text),
                align="L",
                markdown=True,
                new_x="LMARGIN",
            )
            pdf.ln(2)
        pdf.ln(style.para_gap - 2)

    def _table(self, block: Table) -> None:
        """Ruled two-column table; the source's page breaks start new pages."""
        for number, rows in enumerate(_table_segments(block)):
            if number:
                self.pdf.add_page()
            self._ruled_rows(rows)
        self.pdf.ln(self.style.para_gap)

    def _ruled_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        pdf, style = self.pdf, self.style
        pdf.set_font("Vera", "", style.body_size)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.5)
        columns = max(len(row) for row in rows)
        widths = (28, 72) if columns == 2 else tuple([100 / columns] * columns)
        with pdf.table(
            col_widths=widths,
            width=pdf.epw,
            borders_layout="ALL",
            cell_fill_mode="NONE",
            first_row_as_headings=False,
            text_align="LEFT",
            v_align="TOP",
            line_height=style.body_leading,
            padding=(5, 6),
            markdown=True,
        ) as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(_fpdf_markdown(cell))


def _table_segments(block: Table) -> list[tuple[tuple[str, ...], ...]]:
    """Rows split at the source's page breaks."""
    cuts = [0, *sorted(block.breaks), len(block.rows)]
    return [block.rows[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _set_fpdf_metadata(pdf: Any, meta: Meta, producer: str) -> None:
    """Info dictionary and fixed creation date (fpdf2 derives the file id from it)."""
    pdf.set_title(meta.title)
    pdf.set_author(meta.author)
    pdf.set_subject(meta.subject)
    pdf.set_creator("isecg-extract tools/make_samples.py")
    pdf.set_producer(producer)
    pdf.set_lang("en-GB")
    pdf.set_creation_date(meta.creation_date)


def render_word(report: Report, meta: Meta) -> Rendered:
    """Two-pass render: the first pass finds where headings land, the second prints it."""
    pages: list[int] | None = None
    for _ in range(4):
        render = _WordRender(report, meta, pages)
        pdf = render.run()
        if render.heading_pages == pages:
            return Rendered(bytes(pdf.output()), pages, pdf.pages_count)
        pages = render.heading_pages
    raise RuntimeError("word layout: TOC page numbers did not settle")


# --------------------------------------------------------------------------
# Layout 2: typeset two-column (ReportLab)
# --------------------------------------------------------------------------

LETTER_MARGINS = {"left": 54.0, "right": 54.0, "top": 70.0, "bottom": 62.0}
COLUMN_GAP = 20.0


def _register_caladea() -> None:
    """Register the Caladea family with ReportLab so <b>/<i> pick the right files."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {"": "Caladea", "B": "Caladea-Bold", "I": "Caladea-Italic", "BI": "Caladea-BoldItalic"}
    for style, path in caladea_fonts().items():
        pdfmetrics.registerFont(TTFont(names[style], str(path)))
    for style, name in names.items():
        addMapping("Caladea", "B" in style, "I" in style, name)


SOFT_HYPHEN = "\u00ad"
HYPHENATE_MIN_LETTERS = 12
_LONG_WORD = re.compile(rf"[^\W\d_]{{{HYPHENATE_MIN_LETTERS},}}")


def soft_hyphenate(text: str) -> str:
    """Put soft hyphens into long words only.

    ReportLab breaks a line at a soft hyphen (printing "-") when the word
    would not fit, and drops the soft hyphens it does not use. Offering only
    long words, with four letters kept on each side, gives the few clean
    hyphenations of a typeset report instead of one on every other line.
    """
    import pyphen

    dictionary = pyphen.Pyphen(lang="en_US", left=4, right=4)
    return _LONG_WORD.sub(lambda m: dictionary.inserted(m[0], hyphen=SOFT_HYPHEN), text)


def _rl_markup(text: str, hyphenate: bool = False) -> str:
    """ReportLab paragraph markup from our inline markup."""
    parts = []
    for run in parse_inline(text):
        body = xml_escape(soft_hyphenate(run.text) if hyphenate else run.text)
        if run.italic:
            body = f"<i>{body}</i>"
        if run.bold:
            body = f"<b>{body}</b>"
        parts.append(body)
    return "".join(parts)


@dataclass(frozen=True)
class TwoColStyles:
    """ParagraphStyles for the two-column layout, built once per render."""

    body: Any
    h1: Any
    h2: Any
    h3: Any
    bullet: Any
    cell: Any
    cell_key: Any
    toc_levels: list[Any]
    toc_title: Any
    cover_kicker: Any
    cover_title: Any
    cover_line: Any


def _twocol_styles() -> TwoColStyles:
    """Serif body set justified; hyphenation comes from soft hyphens (see soft_hyphenate)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    navy = colors.Color(*(c / 255 for c in NAVY))
    body = ParagraphStyle(
        "body",
        fontName="Caladea",
        fontSize=9.6,
        leading=12,
        alignment=TA_JUSTIFY,
        spaceAfter=5,
        allowWidows=0,
        allowOrphans=0,
    )
    heading = {"fontName": "Caladea-Bold", "textColor": navy, "alignment": TA_LEFT}
    toc_base = ParagraphStyle("toc", fontName="Caladea", fontSize=10.5, leading=14)
    return TwoColStyles(
        body=body,
        h1=ParagraphStyle("h1", fontSize=20, leading=24, spaceBefore=6, spaceAfter=4, **heading),
        h2=ParagraphStyle("h2", fontSize=12.5, leading=15, spaceBefore=8, spaceAfter=4, **heading),
        h3=ParagraphStyle(
            "h3",
            fontName="Caladea-BoldItalic",
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            textColor=colors.black,
        ),
        bullet=ParagraphStyle("bullet", parent=body, alignment=TA_LEFT, spaceAfter=2),
        cell=ParagraphStyle("cell", fontName="Caladea", fontSize=9.5, leading=11.5),
        cell_key=ParagraphStyle("cell_key", fontName="Caladea-Bold", fontSize=9.5, leading=11.5),
        toc_levels=[
            ParagraphStyle("toc1", parent=toc_base, fontName="Caladea-Bold", spaceBefore=6),
            ParagraphStyle("toc2", parent=toc_base, leftIndent=18, firstLineIndent=0),
            ParagraphStyle("toc3", parent=toc_base, fontSize=10, leftIndent=36),
        ],
        toc_title=ParagraphStyle(
            "toct",
            fontName="Caladea-Bold",
            fontSize=24,
            leading=28,
            spaceAfter=18,
            textColor=navy,
        ),
        cover_kicker=ParagraphStyle(
            "kick",
            fontName="Caladea-Bold",
            fontSize=13,
            leading=16,
            textColor=colors.white,
            alignment=TA_LEFT,
        ),
        cover_title=ParagraphStyle(
            "ctitle",
            fontName="Caladea-Bold",
            fontSize=40,
            leading=46,
            textColor=colors.white,
        ),
        cover_line=ParagraphStyle(
            "cline",
            fontName="Caladea",
            fontSize=15,
            leading=19,
            textColor=navy,
            alignment=TA_LEFT,
        ),
    )


def _heading_paragraph_class() -> type:
    """Paragraph subclass that carries TOC data and never splits across frames."""
    from reportlab.platypus import Paragraph as RLParagraph

    class HeadingParagraph(RLParagraph):
        def __init__(self, spec: HeadingSpec, style: Any) -> None:
            super().__init__(xml_escape(spec.title), style)
            self.spec = spec

        def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
            return []

        def draw(self) -> None:
            # BalancedColumns hands its columns to the frame wrapped in a
            # KeepInFrame, so afterFlowable never sees headings inside columns;
            # drawing is the one moment every heading passes through.
            super().draw()
            doc = getattr(self.canv, "_doctemplate", None)
            if doc is not None:
                doc.heading_drawn(self.spec, self.canv.getPageNumber())

    return HeadingParagraph


def _heading_block_class() -> type:
    """Flowable gluing a column heading to the start of what follows it.

    BalancedColumns ignores keepWithNext, which left headings stranded at the
    foot of a column. This block splits only inside its follower, so the
    heading always travels with at least the follower's first lines.
    """
    from reportlab.platypus.flowables import Flowable

    class HeadingBlock(Flowable):
        def __init__(self, heading: Any, follower: Any) -> None:
            super().__init__()
            self.heading = heading
            self.follower = follower

        def _gap(self) -> float:
            return max(self.heading.getSpaceAfter(), self.follower.getSpaceBefore())

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
            _, self._heading_h = self.heading.wrapOn(self.canv, availWidth, availHeight)
            _, self._follower_h = self.follower.wrapOn(self.canv, availWidth, availHeight)
            self.width = availWidth
            self.height = self._heading_h + self._gap() + self._follower_h
            return self.width, self.height

        def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab API
            return self.heading.getSpaceBefore()

        def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab API
            return self.follower.getSpaceAfter()

        def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
            _, heading_h = self.heading.wrapOn(self.canv, availWidth, availHeight)
            room = availHeight - heading_h - self._gap()
            parts = self.follower.splitOn(self.canv, availWidth, room) if room > 0 else []
            if len(parts) < 2:
                return []
            return [HeadingBlock(self.heading, parts[0]), *parts[1:]]

        def draw(self) -> None:
            # Heading first: the TOC is fed in drawing order.
            self.heading.drawOn(self.canv, 0, self._follower_h + self._gap())
            self.follower.drawOn(self.canv, 0, 0)

    return HeadingBlock


def _fixed_date_canvas(created: datetime) -> type:
    """Canvas whose document timestamp is the report's creation date."""
    import time

    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfgen.canvas import Canvas

    epoch = int(created.timestamp())

    class FixedDateCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            stamp = TimeStamp(invariant=1)
            stamp.t = epoch
            stamp.lt = time.gmtime(epoch)
            stamp.YMDhms = tuple(stamp.lt)[:6]
            self._doc._timeStamp = stamp

    return FixedDateCanvas


def _make_twocol_doc_class() -> type:
    """DocTemplate that feeds the TOC and records heading pages on every pass."""
    from reportlab.platypus import BaseDocTemplate

    class TwoColDoc(BaseDocTemplate):
        heading_pages: list[int]

        def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook name
            self.heading_pages = []

        def heading_drawn(self, spec: HeadingSpec, page: int) -> None:
            self.heading_pages.append(page)
            self.notify("TOCEntry", (spec.level - 1, xml_escape(spec.title), page))

    return TwoColDoc


@dataclass
class _TwoColRender:
    """Builds the story and page templates for the two-column layout."""

    report: Report
    meta: Meta

    def __post_init__(self) -> None:
        from reportlab.lib.pagesizes import LETTER

        _register_caladea()
        self.styles = _twocol_styles()
        self.page_w, self.page_h = LETTER
        self.frame_w = self.page_w - LETTER_MARGINS["left"] - LETTER_MARGINS["right"]
        self.column_w = (self.frame_w - COLUMN_GAP) / 2
        self.Heading = _heading_paragraph_class()
        self.HeadingBlock = _heading_block_class()

    def run(self) -> Rendered:
        import reportlab

        buffer = io.BytesIO()
        doc = _make_twocol_doc_class()(
            buffer,
            pagesize=(self.page_w, self.page_h),
            leftMargin=LETTER_MARGINS["left"],
            rightMargin=LETTER_MARGINS["right"],
            topMargin=LETTER_MARGINS["top"],
            bottomMargin=LETTER_MARGINS["bottom"],
            title=self.meta.title,
            author=self.meta.author,
            subject=self.meta.subject,
            creator="isecg-extract tools/make_samples.py",
            producer=f"ReportLab PDF Library {reportlab.Version}",
            invariant=1,
            lang="en-GB",
        )
        doc.addPageTemplates(self._templates(doc))
        doc.multiBuild(self._story(), canvasmaker=_fixed_date_canvas(self.meta.creation_date))
        return Rendered(buffer.getvalue(), list(doc.heading_pages), doc.page)

    # -- page templates -------------------------------------------------

    def _templates(self, doc: Any) -> list:
        from reportlab.platypus import Frame, PageTemplate

        def frame(name: str) -> Frame:
            return Frame(
                doc.leftMargin,
                doc.bottomMargin,
                doc.width,
                doc.height,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        return [
            PageTemplate("cover", [frame("cover")], onPage=self._draw_cover),
            PageTemplate("toc", [frame("toc")], onPage=self._draw_furniture),
            PageTemplate("body", [frame("body")], onPage=self._draw_furniture),
        ]

    def _draw_cover(self, canvas: Any, doc: Any) -> None:
        """Navy band with the kicker and title, date and organisation below it."""
        from reportlab.lib import colors

        canvas.saveState()
        band_h = self.page_h * 0.46
        canvas.setFillColor(colors.Color(*(c / 255 for c in NAVY)))
        canvas.rect(0, self.page_h - band_h, self.page_w, band_h, stroke=0, fill=1)
        before, title, after = _split_cover(self.report.cover, self.meta.cover_title)
        styles = self.styles
        self._draw_chunks(canvas, before, styles.cover_kicker, self.page_h - 150, gap=14)
        self._draw_chunks(canvas, [title], styles.cover_title, self.page_h - band_h + 110, gap=0)
        self._draw_chunks(canvas, after, styles.cover_line, self.page_h - band_h - 40, gap=12)
        canvas.restoreState()

    def _draw_chunks(
        self, canvas: Any, chunks: Sequence[str], style: Any, top: float, gap: float
    ) -> None:
        """Stack cover chunks downwards from ``top`` inside the cover margins."""
        from reportlab.platypus import Paragraph as RLParagraph

        x, width = LETTER_MARGINS["left"] + 18, self.frame_w - 36
        for chunk in chunks:
            top = _draw_para(canvas, RLParagraph(_rl_markup(chunk), style), x, top, width) - gap

    def _draw_furniture(self, canvas: Any, doc: Any) -> None:
        """Centred italic running header with a rule; footer "— n —"."""
        canvas.saveState()
        middle = self.page_w / 2
        top = self.page_h - 40
        canvas.setFont("Caladea-Italic", 8.5)
        canvas.setFillGray(0.35)
        canvas.drawCentredString(middle, top, self.meta.running_title)
        canvas.setStrokeGray(0.6)
        canvas.setLineWidth(0.4)
        left, right = LETTER_MARGINS["left"], self.page_w - LETTER_MARGINS["right"]
        canvas.line(left, top - 6, right, top - 6)
        canvas.setFont("Caladea", 9.5)
        canvas.setFillGray(0)
        canvas.drawCentredString(middle, 32, f"— {doc.page} —")
        canvas.restoreState()

    # -- story ----------------------------------------------------------

    def _story(self) -> list:
        from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

        story: list = [Spacer(1, 1), NextPageTemplate("toc"), PageBreak()]
        story += self._toc()
        story += [NextPageTemplate("body"), PageBreak()]
        for number, (heading, blocks) in enumerate(sections(self.report.body)):
            story += self._section(number, heading, blocks)
        return story

    def _toc(self) -> list:
        from reportlab.platypus import Paragraph as RLParagraph
        from reportlab.platypus import TableStyle
        from reportlab.platypus.tableofcontents import TableOfContents

        toc = TableOfContents(
            levelStyles=self.styles.toc_levels,
            dotsMinLevel=-1,
            rightColumnWidth=40,
            tableStyle=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            ),
        )
        return [RLParagraph(xml_escape(self.meta.toc_title), self.styles.toc_title), toc]

    def _section(self, number: int, heading: Heading | None, blocks: list[Block]) -> list:
        """Full-width level-1 heading and rule, then the section in balanced columns."""
        from reportlab.lib import colors
        from reportlab.platypus import CondPageBreak
        from reportlab.platypus.flowables import BalancedColumns, HRFlowable

        story: list = []
        if heading is not None:
            story += [
                CondPageBreak(190),
                self.Heading(heading.spec, self.styles.h1),
                HRFlowable(
                    width="100%",
                    thickness=1.2,
                    color=colors.Color(*(c / 255 for c in NAVY)),
                    spaceBefore=2,
                    spaceAfter=10,
                ),
            ]
        content = self._glue_headings([f for b in blocks for f in self._column_flowables(b)])
        if content:
            story.append(
                BalancedColumns(
                    content,
                    nCols=2,
                    innerPadding=COLUMN_GAP,
                    spaceAfter=14,
                    name=f"section-{number}",
                )
            )
        return story

    def _glue_headings(self, flowables: list) -> list:
        """Wrap every column heading with its follower (headings may nest)."""
        glued: list = []
        for flowable in reversed(flowables):
            if isinstance(flowable, self.Heading) and glued:
                glued[0] = self.HeadingBlock(flowable, glued[0])
            else:
                glued.insert(0, flowable)
        return glued

    def _column_flowables(self, block: Block) -> list:
        from reportlab.platypus import Paragraph as RLParagraph

        if isinstance(block, Heading):
            style = self.styles.h2 if block.spec.level == 2 else self.styles.h3
            return [self.Heading(block.spec, style)]
        if isinstance(block, Paragraph):
            return [RLParagraph(_rl_markup(block.text, hyphenate=True), self.styles.body)]
        if isinstance(block, BulletList):
            return [self._bullets(block)]
        return [self._borderless_table(block)]

    def _bullets(self, block: BulletList) -> Any:
        from reportlab.platypus import ListFlowable, ListItem
        from reportlab.platypus import Paragraph as RLParagraph

        def items(entries: Iterable[BulletItem], glyph: str) -> list:
            return [
                ListItem(RLParagraph(_rl_markup(e.text), self.styles.bullet), value=glyph)
                for e in entries
            ]

        flowables = []
        for parent, children in nest_bullets(block.items):
            first = RLParagraph(_rl_markup(parent.text), self.styles.bullet)
            if children:
                nested = ListFlowable(
                    items(children, "–"),
                    bulletType="bullet",
                    start="–",
                    leftIndent=12,
                    bulletFontName="Caladea",
                    bulletFontSize=10,
                )
                flowables.append(ListItem([first, nested], value="•"))
            else:
                flowables.append(ListItem(first, value="•"))
        return ListFlowable(
            flowables,
            bulletType="bullet",
            start="•",
            leftIndent=12,
            bulletFontName="Caladea",
            bulletFontSize=10,
            spaceAfter=6,
        )

    def _borderless_table(self, block: Table) -> Any:
        """Rows aligned by x position only: no rules, no fills."""
        from reportlab.platypus import Paragraph as RLParagraph
        from reportlab.platypus import Table as RLTable
        from reportlab.platypus import TableStyle

        columns = max(len(row) for row in block.rows)
        if columns == 2:
            widths = [self.column_w * 0.34, self.column_w * 0.66]
        else:
            widths = [self.column_w / columns] * columns
        data = [
            [
                RLParagraph(_rl_markup(cell), self.styles.cell_key if i == 0 else self.styles.cell)
                for i, cell in enumerate(row)
            ]
            for row in block.rows
        ]
        table = RLTable(data, colWidths=widths, splitByRow=1, hAlign="LEFT", spaceAfter=8)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ]
            )
        )
        return table


def _split_cover(cover: Sequence[str], title: str) -> tuple[list[str], str, list[str]]:
    """Cover chunks before the big title, the title chunk itself, and those after it."""
    for index, chunk in enumerate(cover):
        if plain(chunk) == title:
            return list(cover[:index]), chunk, list(cover[index + 1 :])
    raise ValueError(f"cover title {title!r} not found among the cover lines")


def _draw_para(canvas: Any, para: Any, x: float, top: float, width: float) -> float:
    """Draw a paragraph with its top at ``top``; return its bottom."""
    _, height = para.wrap(width, 1000)
    para.drawOn(canvas, x, top - height)
    return top - height


def render_twocol(report: Report, meta: Meta) -> Rendered:
    """Multi-pass ReportLab build (multiBuild runs until the TOC is stable)."""
    return _TwoColRender(report, meta).run()


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

RENDERERS: dict[str, Callable[[Report, Meta], Rendered]] = {
    "word": render_word,
    "twocol": render_twocol,
}


def output_name(text_path: Path, layout: str, repeat: int) -> str:
    """``<stem>-<layout>.pdf``, with ``-x<N>`` for repeated benchmark reports."""
    suffix = f"-x{repeat}" if repeat > 1 else ""
    return f"{text_path.stem}-{layout}{suffix}.pdf"


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: readers never see half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; samples are meant to be shared
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Generated:
    """What one layout produced, for the summary line and for tests."""

    path: Path
    headings: list[HeadingSpec]
    rendered: Rendered


def generate(
    text_path: Path = DEFAULT_TEXT,
    out_dir: Path = DEFAULT_OUT,
    layouts: Sequence[str] = LAYOUTS,
    repeat: int = 1,
) -> list[Generated]:
    """Render the requested layouts into ``out_dir``."""
    layout = load_layout(layout_path_for(text_path))
    report = load_report(text_path, layout).repeated(repeat)
    results = []
    for name in layouts:
        rendered = RENDERERS[name](report, layout.meta)
        path = out_dir / output_name(text_path, name, repeat)
        write_atomically(path, rendered.data)
        results.append(Generated(path, report.headings(), rendered))
    return results


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT, help="seed plain-text report")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the body N times")
    parser.add_argument("--layout", choices=[*LAYOUTS, "all"], default="all")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    layouts = LAYOUTS if args.layout == "all" else (args.layout,)
    for result in generate(args.text, args.out, layouts, args.repeat):
        pages = result.rendered.heading_pages
        print(f"{result.path}: {result.rendered.page_count} pages, headings on pages {pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
