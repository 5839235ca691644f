"""Random report designs: draw one from a parameter space, render it, extract it, score it.

The layout matrix (tools/render_matrix.py) holds designs we chose; this draws designs nobody
chose. A :class:`Design` is a plain, JSON-serialisable record of every choice (producer, page
size and orientation, columns, font and size, justification and hyphenation, table style,
contents style, heading style, footnotes, margin notes, stream order, ...), drawn from a
seeded ``random.Random`` by :func:`draw`. :func:`render` turns a design into a PDF and its
gold (the hand-made 2025 gold or the synthetic 2026 year's derived gold, with section pages
read back from the rendering as render_matrix does); :func:`score_pdf` extracts the PDF with
the pipeline (either engine) and scores it with the project's scorer.

``tools/fuzz_layouts.py`` is the command line (``make fuzz-layouts``); ``tests/test_layout_fuzz.py``
holds the committed designs to their recorded scores.

Producers: WeasyPrint (HTML + CSS) and Typst (``pip install -e '.[matrix]'``), ReportLab (in
``.[dev]``, drawing its own layout, the only one whose content stream can be out of order) and
headless Chromium (HTML + CSS) when it is installed. LibreOffice is not drawn from (render_matrix
renders its designs). A design names its producer; :func:`installed_producers` says which of
them this machine has.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms  # noqa: E402
import render_matrix as rm  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "fuzz"
FAILING = FIXTURES / "failing"
SEEDS = FIXTURES / "seeds"
VERSION = 1
"""Bumped when the meaning of a design's fields changes (a saved design keeps its version)."""

PRODUCERS = ("weasyprint", "typst", "chromium", "reportlab")
PRODUCER_WEIGHTS = (0.4, 0.25, 0.2, 0.15)
ENGINES = ("pdfplumber", "pdfium")
THRESHOLD = 0.95
"""A design fails when its macro F1 or its agencies F1 is below this (either engine)."""

SERIF = ("DejaVu Serif", "Noto Serif", "Linux Libertine O", "Nimbus Roman", "C059", "P052")
SANS = ("DejaVu Sans", "Noto Sans", "Linux Biolinum O", "Nimbus Sans")
TYPST_SERIF = ("Libertinus Serif", "New Computer Modern", "DejaVu Serif", "Noto Serif")
TYPST_SANS = ("DejaVu Sans", "Noto Sans", "Nimbus Sans")
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4), "A5": (148, 210)}
TYPST_PAPER = {"A4": "a4", "Letter": "us-letter", "A5": "a5"}


@dataclass
class Design:
    """Every choice of one random design. ``producer`` decides which fields it can honour;
    :func:`normalise` sets the others to what that producer does, so a design says what the
    PDF shows."""

    seed: int
    content: str = "ar2025"  # ar2025 (hand-made gold) or synth2026 (derived gold)
    producer: str = "weasyprint"
    page: str = "A4"  # A4, Letter, A5
    landscape: bool = False
    columns: int = 1  # 1-3
    font: str = "DejaVu Serif"
    font_size: float = 10.0
    line_height: float = 1.35
    justify: bool = False
    hyphenate: bool = False
    table: str = "ruled"  # ruled, borderless, zebra, pairs (grid of pairs), acronym column
    table_header: str = "none"  # none, once (first page only), repeated (after every break)
    wrap_cells: bool = False  # narrow table: agency names wrap onto 2-3 lines
    country_bold: bool = False
    baseline_offset: float = 0.0  # pt the country cell sits lower than its agency cell
    table_push: int = 0  # pt of space above the table, so that it breaks at another row
    row_split: bool = False  # a row may break across a page or column
    toc: str = "leaders"  # leaders, plain, table (two cells), nonumbers
    toc_bold_chapters: bool = False
    headings: str = "plain"  # plain, numbered, smallcaps (at body size), band, caps, bold
    heading_wrap: str = "none"  # none, year (a year alone on the last line), narrow
    footnotes: str = "none"  # none, paragraph, heading (a marker after a title)
    margin_notes: bool = False
    chapter_breaks: bool = True  # a level-1 heading starts a page (one column)
    running: str = "left"  # left, alternate, none
    stream: str = "in-order"  # in-order, shuffled (reportlab only)
    version: int = VERSION

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Design:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def summary(self) -> str:
        """One line: the choices that most change a page."""
        bits = [
            self.producer,
            self.content,
            f"{self.page}{'-land' if self.landscape else ''}",
            f"{self.columns}col",
            f"{self.font.replace(' ', '')}-{self.font_size:g}",
            "just" if self.justify else "rag",
            "hyph" if self.hyphenate else "",
            f"table={self.table}/{self.table_header}",
            "wrap" if self.wrap_cells else "",
            f"off={self.baseline_offset:g}" if self.baseline_offset else "",
            f"push={self.table_push}" if self.table_push else "",
            f"toc={self.toc}",
            f"h={self.headings}",
            f"hwrap={self.heading_wrap}" if self.heading_wrap != "none" else "",
            f"fn={self.footnotes}" if self.footnotes != "none" else "",
            "notes" if self.margin_notes else "",
            "shuffled" if self.stream == "shuffled" else "",
        ]
        return " ".join(b for b in bits if b)


# --------------------------------------------------------------------------
# Drawing a design
# --------------------------------------------------------------------------


def installed_producers() -> dict[str, bool]:
    """Which producers this machine can run."""
    return {
        "weasyprint": importlib.util.find_spec("weasyprint") is not None,
        "typst": importlib.util.find_spec("typst") is not None,
        "reportlab": importlib.util.find_spec("reportlab") is not None,
        "chromium": bool(shutil.which("chromium") or shutil.which("chromium-browser")),
    }


TYPST_EMBEDDED = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")
OWN_FONTS = ("Caladea", "Bitstream Vera Sans")  # ReportLab's, from font-caladea and reportlab


def font_installed(family: str) -> bool:
    """Whether a design's font is on this machine (fontconfig, or carried by the producer)."""
    if family in TYPST_EMBEDDED or family in OWN_FONTS:
        return True
    if shutil.which("fc-list") is None:
        return False
    import subprocess

    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(family in line.split(",") for line in out.splitlines())


def draw(seed: int, producers: tuple[str, ...] = PRODUCERS) -> Design:
    """The design of ``seed``: the same seed and producer list give the same design."""
    rng = random.Random(seed)
    weights = [w for p, w in zip(PRODUCERS, PRODUCER_WEIGHTS, strict=True) if p in producers]
    pool = [p for p in PRODUCERS if p in producers]
    d = Design(seed=seed)
    d.producer = rng.choices(pool, weights)[0]
    d.content = rng.choices(("ar2025", "synth2026"), (0.7, 0.3))[0]
    d.page = rng.choices(("A4", "Letter", "A5"), (0.55, 0.35, 0.1))[0]
    d.landscape = rng.random() < 0.2
    if d.page == "A5" and not d.landscape:
        d.columns = 1
    else:
        d.columns = rng.choices((1, 2, 3), (0.4, 0.4, 0.2))[0]
    serif = rng.random() < 0.6
    d.font = rng.choice(SERIF if serif else SANS)
    small = d.columns == 3 or d.page == "A5"
    d.font_size = rng.choice((8.5, 9.0, 9.5) if small else (9.0, 9.5, 10.0, 10.5, 11.0))
    d.line_height = rng.choice((1.2, 1.3, 1.4, 1.5))
    d.justify = rng.random() < 0.5
    d.hyphenate = rng.random() < (0.6 if d.justify else 0.2)
    wide = d.columns == 1 or d.landscape
    tables = ("ruled", "borderless", "zebra", "acronym") + (("pairs",) if wide else ())
    d.table = rng.choice(tables)
    d.table_header = rng.choice(("none", "once", "repeated"))
    d.wrap_cells = rng.random() < 0.3
    d.country_bold = rng.random() < 0.4
    d.baseline_offset = rng.choice((0.0, 0.0, 0.0, 1.5, 2.5, 4.0))
    d.table_push = rng.choice((0, 0, 0, 150, 300, 450))
    d.row_split = rng.random() < 0.3
    d.toc = rng.choice(("leaders", "plain", "table", "nonumbers"))
    d.toc_bold_chapters = rng.random() < 0.4
    d.headings = rng.choice(("plain", "numbered", "smallcaps", "band", "caps", "bold"))
    d.heading_wrap = rng.choices(("none", "year", "narrow"), (0.6, 0.25, 0.15))[0]
    d.footnotes = rng.choices(("none", "paragraph", "heading"), (0.6, 0.25, 0.15))[0]
    d.margin_notes = d.columns == 1 and rng.random() < 0.25
    d.chapter_breaks = d.columns == 1 and rng.random() < 0.6
    d.running = rng.choice(("left", "alternate", "none"))
    d.stream = "shuffled" if rng.random() < 0.7 else "in-order"
    # Drawn for every design (so the draws above do not depend on the producer), then
    # narrowed to what the producer does.
    typst_font = rng.choice(TYPST_SERIF if serif else TYPST_SANS)
    return normalise(d, typst_font)


def normalise(d: Design, typst_font: str | None = None) -> Design:
    """Set the fields a producer cannot honour to what it does instead."""
    if d.producer != "reportlab":
        d.stream = "in-order"
    if d.producer == "typst":
        d.font = typst_font or d.font
        d.row_split = True  # Typst breaks a row of automatic height where it must
    if d.producer == "chromium" and d.footnotes != "none":
        d.footnotes = "none"  # Chromium has no CSS footnotes
    if d.producer == "reportlab":
        # render_matrix's ReportLab layout: A4 portrait, its own fonts (Caladea or Vera), bold
        # headings, contents with page numbers and no leaders, running title left.
        serif = d.font in SERIF or d.font in TYPST_SERIF
        d.page, d.landscape = "A4", False
        d.font, d.font_size, d.line_height = (
            ("Caladea" if serif else "Bitstream Vera Sans"),
            10.0,
            1.3,
        )
        d.justify = d.hyphenate = False
        d.table = d.table if d.table in ("ruled", "borderless") else "borderless"
        d.table_header, d.wrap_cells, d.country_bold = "none", False, False
        d.baseline_offset, d.table_push, d.row_split = 0.0, 0, False
        d.toc, d.toc_bold_chapters = "plain", False
        d.headings, d.heading_wrap, d.footnotes, d.margin_notes = "plain", "none", "none", False
        d.chapter_breaks = d.columns == 1
        d.running = "left"
    if d.columns > 1:
        d.margin_notes = False
        d.chapter_breaks = False
    return d


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------


def load_doc(content: str) -> rm.Doc:
    return rm.load_seed() if content == "ar2025" else rm.load_synthetic()


_YEAR_END = re.compile(r"^(.*\S)\s+((?:19|20)\d\d)$")
_ACRONYMS = re.compile(r"(.+?)\s*\(([^()]+)\)")


def split_acronyms(agency: str) -> tuple[list[str], list[str]]:
    """'A Agency (AA) B Agency (BB)' -> (['A Agency', 'B Agency'], ['AA', 'BB'])."""
    found = _ACRONYMS.findall(agency)
    if not found:
        return [agency], [""]
    return [n.strip() for n, _ in found], [a.strip() for _, a in found]


def table_grid(doc: rm.Doc, d: Design) -> tuple[tuple[str, ...], list[list[list[str]]]]:
    """The member table as the design lays it out: header and rows of cells, each cell a list
    of lines (a cell with two agencies under the acronym style has two)."""
    rows = rm.table_rows(doc)
    if d.table == "pairs":
        return ("Country", "Member agency") * 2, [[[c] for c in r] for r in rm.pairs(rows)]
    if d.table == "acronym":
        out = []
        for country, *agencies in rows:
            names, acrs = split_acronyms(" ".join(agencies))
            out.append([[country], names, acrs])
        return ("Country", "Agency", "Acronym"), out
    return ("Country", "Member agency"), [[[c] for c in r] for r in rows]


def heading_parts(doc: rm.Doc, d: Design, index: int) -> tuple[str, str]:
    """A heading's title as set (number prefix) split where the design wraps it ('' if not)."""
    spec = doc.headings()[index]
    number = rm.numbering(doc.headings())[index] + " " if d.headings == "numbered" else ""
    if d.heading_wrap == "year":
        m = _YEAR_END.match(spec.title)
        if m:
            return number + m.group(1), m.group(2)
    return number + spec.title, ""


# --------------------------------------------------------------------------
# HTML + CSS (WeasyPrint, Chromium)
# --------------------------------------------------------------------------


def build_html(doc: rm.Doc, d: Design) -> str:
    hy = d.hyphenate
    body: list[str] = []
    for line in doc.report.cover:
        body.append(f'<p class="cover">{rm._inline_html(line, None, False)}</p>')
    body.append('<div class="toc">')
    body.append(f"<h1 class='toctitle'>{html.escape(doc.meta.toc_title)}</h1>")
    if d.toc == "table":
        body.append('<table class="toctable">')
    for i, spec in enumerate(doc.headings()):
        page = doc.toc_pages[i] if i < len(doc.toc_pages) else 0
        page_text = "" if d.toc == "nonumbers" else str(page)
        label = html.escape(" ".join(p for p in heading_parts(doc, d, i) if p))
        if d.toc == "table":
            body.append(
                f'<tr class="toc{spec.level}"><td class="t">{label}</td>'
                f'<td class="p">{page_text}</td></tr>'
            )
        else:
            body.append(
                f'<p class="toc{spec.level}"><span class="t">{label}</span>'
                f'<span class="p">{page_text}</span></p>'
            )
    if d.toc == "table":
        body.append("</table>")
    body.append("</div><div class='main'>")
    index = 0
    footnoted = False
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            lvl = block.spec.level
            head, tail = heading_parts(doc, d, index)
            label = html.escape(head) + (f"<br>{html.escape(tail)}" if tail else "")
            if d.footnotes == "heading" and not footnoted and lvl == 2:
                label += f'<span class="fn">{html.escape(rm.FOOTNOTE)}</span>'
                footnoted = True
            body.append(f"<h{lvl + 1}>{label}</h{lvl + 1}>")
            index += 1
        elif isinstance(block, ms.Paragraph):
            text = rm._inline_html(block.text, None, hy)
            if d.footnotes == "paragraph" and not footnoted and len(block.text) > 200:
                text += f'<span class="fn">{html.escape(rm.FOOTNOTE)}</span>'
                footnoted = True
            if d.margin_notes and len(block.text) > 400:
                text = f'<span class="side">{html.escape(rm.SIDENOTE)}</span>{text}'
            body.append(f"<p>{text}</p>")
        elif isinstance(block, ms.BulletList):
            body.append(rm.bullets_html(block, None, hy))
        elif isinstance(block, ms.Table):
            header, rows = table_grid(doc, d)
            out = [f'<table class="members {d.table}">']
            head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
            if d.table_header == "repeated":
                out.append(f"<thead>{head}</thead>")
            out.append("<tbody>")
            if d.table_header == "once":
                out.append(head.replace("<tr>", '<tr class="head">'))
            for row in rows:
                cells = []
                for k, cell in enumerate(row):
                    cls = "c" if k % 2 == 0 and d.table == "pairs" or k == 0 else "a"
                    inner = "<br>".join(html.escape(line) for line in cell)
                    cells.append(f'<td class="{cls}">{inner}</td>')
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
            body.append("".join(out))
    body.append("</div>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc.meta.title)}</title><style>{css(doc, d)}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def css(doc: rm.Doc, d: Design) -> str:
    running = doc.meta.running_title.replace('"', "")
    size = f"{d.page}{' landscape' if d.landscape else ''}"
    right = "45mm" if d.margin_notes else "18mm"
    rules = [f"@page {{ size: {size}; margin: 20mm {right} 22mm 18mm; }}"]
    head = f'content: "{running}"; font-size: 7.5pt; color: #555;'
    foot = "content: counter(page); font-size: 8.5pt;"
    if d.running == "left":
        rules.append(f"@page {{ @top-left {{ {head} }} @bottom-center {{ {foot} }} }}")
    elif d.running == "alternate" and d.producer == "weasyprint":
        rules.append(
            f"@page :left {{ @top-left {{ {head} }} @bottom-left {{ {foot} }} }}"
            f"@page :right {{ @top-right {{ {head} }} @bottom-right {{ {foot} }} }}"
        )
    elif d.running == "alternate":  # Chromium: no :left/:right margin boxes of their own
        rules.append(
            f"@page {{ @top-right {{ {head} }} @bottom-right {{ {foot} }} }}"
            f"@page :left {{ @top-left {{ {head} }} @top-right {{ content: none; }} "
            f"@bottom-left {{ {foot} }} @bottom-right {{ content: none; }} }}"
        )
    else:
        rules.append(f"@page {{ @bottom-right {{ {foot} }} }}")
    fs = d.font_size
    rules += [
        f"body {{ font-family: '{d.font}'; font-size: {fs}pt; line-height: {d.line_height}; }}",
        "p { margin: 0 0 5pt 0; orphans: 2; widows: 2; }",
        "p.cover { font-size: 18pt; text-align: center; margin: 24pt 0; }",
        "p.cover:first-child { margin-top: 100pt; }",
        ".toc { break-after: page; break-before: page; }",
        "h1.toctitle { font-size: 17pt; }",
        ".toc p { display: flex; margin: 0 0 3pt 0; }",
        ".toc p.toc2, .toc tr.toc2 td.t { padding-left: 14pt; }",
        ".toc p.toc3, .toc tr.toc3 td.t { padding-left: 28pt; }",
        "table.toctable { border-collapse: collapse; width: 100%; }",
        "table.toctable td { padding: 1.5pt 0; vertical-align: top; }",
        "table.toctable td.p { text-align: right; width: 3em; }",
        "h2, h3, h4 { break-after: avoid; hyphens: manual; }",
        "h2 { font-size: 16pt; margin: 12pt 0 7pt; } h3 { font-size: 13pt; margin: 9pt 0 5pt; }",
        "h4 { font-size: 11pt; margin: 7pt 0 4pt; }",
        "ul { margin: 0 0 5pt 0; padding-left: 15pt; }",
        f"table.members {{ border-collapse: collapse; margin: {4 + d.table_push}pt 0 8pt; "
        f"font-size: {fs - 0.5}pt; width: {'62%' if d.wrap_cells else '100%'}; }}",
        "table.members td, table.members th { padding: 2pt 6pt 2pt 3pt; vertical-align: top; "
        "text-align: left; }",
        "thead { display: table-header-group; }",
    ]
    if not d.row_split:
        rules.append("tr { break-inside: avoid; }")
    if d.toc == "leaders":
        if d.producer == "weasyprint":
            rules.append(".toc .t::after { content: leader('.'); }")
        else:
            rules.append(
                ".toc .t::after { content: '" + " ." * 120 + "'; }"
                ".toc .t { overflow: hidden; white-space: nowrap; }"
            )
        rules.append(".toc .t { flex: 1; }")
    elif d.toc != "table":
        rules.append(".toc .t { flex: 1; }")
    if d.toc_bold_chapters:
        rules.append(".toc .toc1 { font-weight: bold; }")
    if d.chapter_breaks:
        rules.append("h2 { break-before: page; }")
    if d.columns > 1:
        fill = "column-fill: auto; " if d.producer == "weasyprint" else ""
        rules.append(f".main {{ column-count: {d.columns}; column-gap: 16pt; {fill}}}")
        rules.append("h2 { column-span: all; break-before: auto; }")
    if d.justify:
        rules.append(".main p, .main li { text-align: justify; }")
    if d.heading_wrap == "narrow":
        rules.append("h2, h3, h4 { max-width: 11em; }")
    if d.table == "ruled":
        rules.append("table.members td, table.members th { border: 0.6pt solid #333; }")
    if d.table in ("zebra", "pairs", "acronym"):
        rules.append("table.members tbody tr:nth-child(odd) { background: #dde6f2; }")
        rules.append("table.members th { background: #2a5599; color: white; }")
    if d.table == "acronym":
        rules.append("table.members { border-top: 1pt solid #333; border-bottom: 1pt solid #333; }")
    if d.wrap_cells:
        rules.append("table.members td.c { width: 22%; }")
    cell = []
    if d.country_bold:
        cell.append("font-weight: bold")
    if d.baseline_offset:
        cell.append(f"font-size: {fs + 1}pt; padding-top: {2 + d.baseline_offset}pt")
    if cell:
        rules.append(f"table.members td.c {{ {'; '.join(cell)}; }}")
    if d.headings == "caps":
        rules.append("h2, h3, h4 { text-transform: uppercase; letter-spacing: 0.4pt; }")
    elif d.headings == "smallcaps":
        rules.append(
            f"h2, h3, h4 {{ font-variant: small-caps; font-size: {fs}pt; font-weight: normal; "
            "letter-spacing: 0.3pt; margin: 8pt 0 3pt; }"
        )
    elif d.headings == "band":
        rules.append(
            "h2, h3 { text-transform: uppercase; background: #1f3864; color: white; "
            "padding: 4pt 6pt; } h4 { color: #1f3864; }"
        )
    elif d.headings == "bold":
        rules.append(f"h2, h3, h4 {{ font-size: {fs}pt; font-weight: bold; margin: 8pt 0 3pt; }}")
        rules.append("h4 { font-style: italic; }")
    if d.margin_notes:
        rules.append(
            ".side { float: right; width: 30mm; margin-right: -38mm; font-size: 7.5pt; "
            "color: #555; font-style: italic; text-align: left; line-height: 1.2; }"
        )
    if d.footnotes != "none":
        rules.append(".fn { float: footnote; font-size: 7.5pt; font-weight: normal; }")
    return "\n".join(rules)


def render_weasyprint(doc: rm.Doc, d: Design) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=build_html(doc, d)).write_pdf()


def render_chromium(doc: rm.Doc, d: Design) -> bytes:
    return rm.chromium_pdf(build_html(doc, d))


# --------------------------------------------------------------------------
# Typst
# --------------------------------------------------------------------------


def _t(text: str) -> str:
    return rm._typst_text(text)


def build_typst(doc: rm.Doc, d: Design) -> str:
    running = rm._typst_str(doc.meta.running_title)
    fs = d.font_size
    align = "if calc.odd(here().page()) { right } else { left }"
    align = align if d.running == "alternate" else ("left" if d.running == "left" else "right")
    header = (
        "none"
        if d.running == "none"
        else f"context {{ if here().page() > 1 {{ align({align}, text(size: 7.5pt, {running})) }} }}"
    )
    right = "45mm" if d.margin_notes else "18mm"
    leading = {1.2: 0.45, 1.3: 0.6, 1.4: 0.75, 1.5: 0.9}.get(d.line_height, 0.65)
    src = [
        f'#set page(paper: "{TYPST_PAPER[d.page]}", flipped: {str(d.landscape).lower()}, '
        f"margin: (left: 18mm, right: {right}, y: 21mm),",
        f"  header: {header},",
        f"  footer: context {{ align({align if d.running != 'none' else 'right'}, "
        "text(size: 8.5pt, str(here().page()))) })",
        f'#set text(font: "{d.font}", size: {fs}pt, lang: "en", '
        f"hyphenate: {str(d.hyphenate).lower()})",
        f"#set par(justify: {str(d.justify).lower()}, leading: {leading}em)",
        "#set heading(numbering: " + ('"1.1"' if d.headings == "numbered" else "none") + ")",
        "#show heading.where(level: 1): set text(size: 16pt)",
        "#show heading.where(level: 2): set text(size: 13pt)",
        "#show heading.where(level: 3): set text(size: 11pt)",
    ]
    if d.headings == "smallcaps":
        src.append(
            f"#show heading: it => block(above: 9pt, below: 4pt, text(size: {fs}pt, "
            'weight: "regular", tracking: 0.3pt, smallcaps(it.body)))'
        )
    elif d.headings == "caps":
        src.append("#show heading: set text(tracking: 0.4pt)")
        src.append("#show heading: it => block(above: 10pt, below: 5pt, upper(it.body))")
    elif d.headings == "band":
        src.append(
            '#show heading: it => block(above: 10pt, below: 6pt, fill: rgb("#1f3864"), '
            "inset: 5pt, width: 100%, text(fill: white, upper(it.body)))"
        )
    elif d.headings == "bold":
        src.append(
            f'#show heading: it => block(above: 8pt, below: 4pt, text(size: {fs}pt, weight: "bold", it.body))'
        )
    if d.heading_wrap == "narrow":
        src.append("#show heading: it => block(width: 11em, it)")
    if d.footnotes != "none":
        src.append("#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt))")
    for line in doc.report.cover:
        src.append(f"#align(center, text(size: 18pt, [{_t(line)}]))\n#v(20pt)")
    src.append("#pagebreak()")
    src.append(f'#text(size: 17pt, weight: "bold", [{_t(doc.meta.toc_title)}])\n')
    entries = []
    for i, spec in enumerate(doc.headings()):
        page = "" if d.toc == "nonumbers" else str(doc.toc_pages[i] if doc.toc_pages else 0)
        label = _t(" ".join(p for p in heading_parts(doc, d, i) if p))
        if d.toc_bold_chapters and spec.level == 1:
            label = f"*{label}*"
        inset = 14 * (spec.level - 1)
        if d.toc == "table":
            entries.append(f"[#h({inset}pt){label}], [{page}]")
            continue
        fill = "box(width: 1fr, repeat[.])" if d.toc == "leaders" else "h(1fr)"
        src.append(
            f"#block(above: 3pt, below: 3pt, inset: (left: {inset}pt))[{label} #{fill} {page}]"
        )
    if entries:
        src.append(
            "#table(columns: (1fr, auto), stroke: none, inset: 2pt, align: (left, right), "
            + ", ".join(entries)
            + ")"
        )
    src.append("#pagebreak()")
    if d.columns > 1:
        src.append(f"#show: rest => columns({d.columns}, gutter: 14pt, rest)")
    first = True
    footnoted = False
    index = 0
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            lvl = block.spec.level
            if lvl == 1 and not first and d.chapter_breaks:
                src.append("#pagebreak(weak: true)")
            first = False
            spec = block.spec
            title = spec.title
            m = _YEAR_END.match(title) if d.heading_wrap == "year" else None
            text = f"{_t(m.group(1))} \\ {m.group(2)}" if m else _t(title)
            if d.footnotes == "heading" and not footnoted and lvl == 2:
                text += f" #footnote[{_t(rm.FOOTNOTE)}]"
                footnoted = True
            src.append(f"\n{'=' * lvl} {text}\n")
            index += 1
        elif isinstance(block, ms.Paragraph):
            text = _t(block.text)
            if d.footnotes == "paragraph" and not footnoted and len(block.text) > 200:
                text += f"#footnote[{_t(rm.FOOTNOTE)}]"
                footnoted = True
            if d.margin_notes and len(block.text) > 400:
                src.append(
                    "\n#place(right, dx: 38mm, box(width: 30mm, text(size: 7.5pt, "
                    f'style: "italic", fill: rgb("#555555"), [{_t(rm.SIDENOTE)}])))'
                )
            src.append(f"\n{text}\n")
        elif isinstance(block, ms.BulletList):
            for item in block.items:
                src.append(f"{'  ' * (item.level - 1)}- {_t(item.text)}")
            src.append("")
        elif isinstance(block, ms.Table):
            src.append(typst_table(doc, d))
    return "\n".join(src)


def typst_table(doc: rm.Doc, d: Design) -> str:
    header, rows = table_grid(doc, d)
    n = len(header)
    if d.wrap_cells:
        widths = {2: "(22%, 40%)", 3: "(20%, 30%, 12%)", 4: "(14%, 20%, 14%, 20%)"}[n]
    else:
        widths = {2: "(auto, 1fr)", 3: "(auto, 1fr, auto)", 4: "(auto, 1fr, auto, 1fr)"}[n]
    opts = [f"columns: {widths}", "inset: (x: 4pt, y: 3pt)", "align: left + top"]
    if d.table in ("zebra", "pairs", "acronym"):
        first = 1 if d.table_header != "none" else 0
        opts.append(f'fill: (x, y) => if calc.odd(y - {first}) {{ rgb("#dde6f2") }}')
        opts.append("stroke: none")
    elif d.table == "borderless":
        opts.append("stroke: none")
    else:
        opts.append("stroke: 0.6pt")
    cells = []
    if d.table_header != "none":
        repeat = "true" if d.table_header == "repeated" else "false"
        cells.append(
            f"table.header(repeat: {repeat}, " + ", ".join(f"[*{h}*]" for h in header) + ")"
        )
    for row in rows:
        for k, cell in enumerate(row):
            body = " \\ ".join(_t(line) for line in cell)
            country = k == 0 or d.table == "pairs" and k == 2
            if country and (d.country_bold or d.baseline_offset):
                weight = '"bold"' if d.country_bold else '"regular"'
                size = d.font_size + (1 if d.baseline_offset else 0) - 0.5
                body = f"#text(weight: {weight}, size: {size}pt)[{body}]"
                if d.baseline_offset:
                    cells.append(
                        f"table.cell(inset: (x: 4pt, top: {3 + d.baseline_offset}pt, "
                        f"bottom: 3pt))[{body}]"
                    )
                    continue
            cells.append(f"[{body}]")
    size = d.font_size - 0.5
    push = f"#v({d.table_push}pt)\n" if d.table_push else ""
    return f"{push}#text(size: {size}pt)[#table({', '.join(opts)}, {', '.join(cells)})]"


def render_typst(doc: rm.Doc, d: Design) -> bytes:
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.typ"
        src.write_text(build_typst(doc, d), encoding="utf-8")
        return typst.compile(str(src), timestamp=1767225600)


# --------------------------------------------------------------------------
# ReportLab (render_matrix's hand-made layout, with its content stream in or out of order)
# --------------------------------------------------------------------------


def render_reportlab(doc: rm.Doc, d: Design) -> bytes:
    style = rm.Style(
        name=f"fuzz-{d.seed}",
        producer="reportlab",
        summary=d.summary(),
        columns=d.columns,
        table=d.table,
        shuffle=d.stream == "shuffled",
        font="serif" if d.font == "Caladea" else "sans",
    )
    return rm.render_reportlab(doc, style)


RENDERERS = {
    "weasyprint": render_weasyprint,
    "chromium": render_chromium,
    "typst": render_typst,
    "reportlab": render_reportlab,
}


# --------------------------------------------------------------------------
# Rendering with the gold of the rendering
# --------------------------------------------------------------------------


def lost_words(data: bytes, doc: rm.Doc) -> list[str]:
    """Words of the report that the rendering does not hold (a producer that drops what
    overflows a column, as WeasyPrint can after a table in columns, makes no test case)."""
    text = rm._key("\n".join(rm.page_texts(data)))
    words: list[str] = []
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            words += block.spec.title.split()
        elif isinstance(block, ms.Paragraph):
            words += ms.plain(rm._LINK.sub(r"\1", block.text)).split()
        elif isinstance(block, ms.BulletList):
            words += [w for item in block.items for w in ms.plain(item.text).split()]
        elif isinstance(block, ms.Table):
            words += [w for row in block.rows for cell in row for w in cell.split()]
    return [w for w in words if rm._key(w) not in text]


def overlapping_words(data: bytes) -> list[tuple[str, str]]:
    """Words of different lines printed over each other (a cell's text running into the
    next cell, a table wider than its column): a page nobody can read, so not a test of
    the extractor. Read with pdfplumber, not the pipeline; pairs whose boxes share more than
    a third of the smaller one."""
    import io

    import pdfplumber

    clashes: list[tuple[str, str]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
            words.sort(key=lambda w: w["x0"])
            for i, a in enumerate(words):
                for b in words[i + 1 :]:
                    if b["x0"] >= a["x1"]:
                        break
                    w = min(a["x1"], b["x1"]) - b["x0"]
                    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if w <= 0 or h <= 0 or abs(a["top"] - b["top"]) < 0.5:
                        continue
                    small = min(
                        (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                        (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
                    )
                    if w * h > small / 3:
                        clashes.append((a["text"], b["text"]))
            clashes += _chars_over_chars(page.chars)
    return clashes


def _chars_over_chars(chars: list[dict]) -> list[tuple[str, str]]:
    """Letters on one baseline printed over each other by more than half the narrower one
    ("CanadianCSA": a name running into the next cell); kerning overlaps far less."""
    rows: dict[int, list[dict]] = {}
    for c in chars:
        if c["text"].isalnum():  # punctuation tucks under letters by design ("r,")
            rows.setdefault(round(c["bottom"]), []).append(c)
    clashes = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        for a, b in zip(row, row[1:], strict=False):
            narrow = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
            if narrow > 0 and min(a["x1"], b["x1"]) - b["x0"] > 0.5 * narrow:
                clashes.append((a["text"], b["text"]))
    return clashes


def render(d: Design) -> tuple[bytes, dict]:
    """The design's PDF and its gold (section pages as they fall in this rendering). The
    contents page is rendered again until it prints the pages the headings land on."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    doc = load_doc(d.content)
    doc.toc_pages = [0] * len(doc.headings())
    named = SimpleNamespace(name=f"fuzz-{d.seed}")
    data, pages = b"", doc.toc_pages
    for _ in range(4):
        doc.placed = None
        data = RENDERERS[d.producer](doc, d)
        pages = rm.heading_pages(data, doc, named)
        if pages == doc.toc_pages or d.toc == "nonumbers":
            break
        doc.toc_pages = pages
    lost = lost_words(data, doc)
    if lost:
        raise ValueError(f"fuzz-{d.seed}: the producer dropped words, e.g. {lost[:5]}")
    gold = rm.gold_for(doc, pages)
    gold["about"] += f" Random design (tools/layout_fuzz.py): {d.summary()}."
    return data, gold


# --------------------------------------------------------------------------
# Extraction and scoring
# --------------------------------------------------------------------------


def score_pdf(pdf: Path, gold: dict, engine: str = "pdfplumber") -> dict[str, Any]:
    """Extract ``pdf`` with the pipeline and score it: macro F1, F1 per dataset, section-page
    accuracy and the first rows missed and extra per dataset."""
    from isecg_extract import evaluate
    from isecg_extract.ingest import IngestOptions
    from isecg_extract.pipeline import ExtractOptions, extract_to

    opts = ExtractOptions(ingest=IngestOptions(engine=engine, jobs=1))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            extract_to(pdf, tmp, opts)
        except Exception as exc:  # a crash is a score of 0 with its reason, not a stop
            return {"macro": 0.0, "datasets": {}, "error": f"{type(exc).__name__}: {exc}"}
        results, _, macro = evaluate.score_all(tmp, gold)
    by = {r["dataset"]: r for r in results}
    return {
        "macro": round(macro, 4),
        "datasets": {k: round(v["f1"], 4) for k, v in by.items()},
        "page_accuracy": by["sections"].get("page_accuracy"),
        "missed": {k: v.get("missed", [])[:6] for k, v in by.items() if v.get("missed")},
        "extra": {k: v.get("extra", [])[:6] for k, v in by.items() if v.get("extra")},
    }


def agencies(score: dict[str, Any]) -> float:
    return score.get("datasets", {}).get("agencies", 0.0)


def fails(scores: dict[str, dict[str, Any]], threshold: float = THRESHOLD) -> bool:
    """Whether any engine's macro or agencies F1 is under ``threshold``."""
    return any(s["macro"] < threshold or agencies(s) < threshold for s in scores.values())


def save_case(
    case: Path, d: Design, pdf: bytes, gold: dict, scores: dict[str, dict[str, Any]]
) -> Path:
    """A design kept as a regression case in the folder ``case`` (by convention named by its
    seed): design.json, report.pdf, gold.json, score.json."""
    case.mkdir(parents=True, exist_ok=True)
    (case / "design.json").write_text(d.to_json(), encoding="utf-8")
    (case / "report.pdf").write_bytes(pdf)
    (case / "gold.json").write_text(
        json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    recorded = {"summary": d.summary(), "threshold": THRESHOLD, "engines": copy.deepcopy(scores)}
    write_json(case / "score.json", recorded)
    return case


def write_json(path: Path, data: dict) -> None:
    """A case's score.json, as every tool writes it (sorted keys, one-space indent)."""
    path.write_text(
        json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )


def load_case(case: Path) -> tuple[Design, dict, dict[str, dict[str, Any]]]:
    design = Design.from_dict(json.loads((case / "design.json").read_text(encoding="utf-8")))
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    recorded = json.loads((case / "score.json").read_text(encoding="utf-8"))["engines"]
    return design, gold, recorded
