"""Render report texts in many designs by many PDF producers: the layout test matrix.

Every PDF the project made itself scores 1.000, because the layout analysis grew up on them.
This tool renders the same words the way other producers and designers would: WeasyPrint and
headless Chromium from HTML + CSS, LibreOffice from DOCX, Typst, and ReportLab drawing its
content out of reading order. Each rendering gets a reference extraction (gold) whose section
pages are the pages the headings landed on in that rendering (read back with pypdfium2, not
with the pipeline), so ``tests/test_layout_matrix.py`` can score every rendering.

Usage::

    python tools/render_matrix.py [--out tests/fixtures/pdfs/matrix] [--only NAME ...]

Producers are needed only to regenerate (``pip install -e '.[matrix]'``, Debian
``libreoffice-writer-nogui`` and ``chromium``); the tests read the committed PDFs.

The 2025 report's gold is the hand-made ``samples/isecg-annual-report-2025.gold.json``. The synthetic 2026 year has
no hand-made gold: its gold is the pipeline's extraction of its plain text (``--derive-gold``),
so its renderings measure whether a PDF reads like the text.
"""

from __future__ import annotations

import argparse
import copy
import csv
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "pdfs" / "matrix"
SEED = ROOT / "samples" / "isecg-annual-report-2025.txt"
SYNTH = ROOT / "tests" / "fixtures" / "years" / "synthetic-isecg-annual-report-2026.txt"
SEED_GOLD = ROOT / "samples" / "isecg-annual-report-2025.gold.json"
SYNTH_GOLD = OUT / "synthetic-2026.text-gold.json"
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]*)\)")


# --------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """One design of the report: what the producer is told to do."""

    name: str
    producer: str  # weasyprint, chromium, libreoffice, typst, reportlab
    summary: str
    columns: int = 1
    justify: bool = False
    hyphenate: bool = False
    table: str = "ruled"  # ruled, borderless, zebra, pairs
    table_header: bool = False  # a "Country / Agency" header row (repeated on each page)
    headings: str = "plain"  # plain, numbered, caps, band, bar, bold
    toc_leaders: bool = True
    alternate: bool = False  # running header and page number alternate left and right
    landscape_table: bool = False
    footnotes: bool = False
    callout: bool = False
    sidenotes: bool = False  # short notes floated into the outer margin beside paragraphs
    landscape: bool = False  # every page landscape
    chapter_breaks: bool = True  # a level-1 heading starts a new page (one-column designs)
    links: bool = False
    shuffle: bool = False  # content stream written out of reading order
    table_columns: int = 1  # member table set in its own columns (flows across them)
    font: str = "serif"


STYLES: tuple[Style, ...] = (
    Style(
        "weasy-2col-justified",
        "weasyprint",
        "two justified, hyphenated columns; borderless member table in a column; "
        "running header alternating left/right",
        columns=2,
        justify=True,
        hyphenate=True,
        table="borderless",
        alternate=True,
    ),
    Style(
        "weasy-3col-numbered",
        "weasyprint",
        "three ragged columns; numbered headings; ruled member table with a header row; footnotes",
        columns=3,
        headings="numbered",
        table_header=True,
        footnotes=True,
        font="sans",
    ),
    Style(
        "weasy-landscape-zebra",
        "weasyprint",
        "one column; headings bold at body size; zebra-shaded member table on a landscape "
        "page; TOC without leaders; call-out box",
        headings="bold",
        table="zebra",
        toc_leaders=False,
        landscape_table=True,
        callout=True,
    ),
    Style(
        "chromium-designed",
        "chromium",
        "capitals on coloured bands; members as a zebra grid of pairs (country, agency, "
        "country, agency); publications as links",
        headings="band",
        table="pairs",
        links=True,
        font="sans",
        alternate=True,
    ),
    Style(
        "chromium-2col-bar",
        "chromium",
        "two ragged columns; headings with a coloured bar beside them; borderless member "
        "table flowing across columns; call-out box; TOC without leaders",
        columns=2,
        headings="bar",
        table="borderless",
        toc_leaders=False,
        callout=True,
        font="sans",
    ),
    Style(
        "chromium-caps-justified",
        "chromium",
        "one justified, hyphenated column; headings in capitals; chapters run on, so the "
        "ruled member table crosses a page break with its header row repeated",
        justify=True,
        hyphenate=True,
        headings="caps",
        table_header=True,
        chapter_breaks=False,
    ),
    Style(
        "weasy-sidenotes",
        "weasyprint",
        "one ragged, hyphenated column with side notes in the margin; headings italic bold at "
        "body size; running header alternating left/right",
        hyphenate=True,
        headings="italicbold",
        sidenotes=True,
        alternate=True,
    ),
    Style(
        "chromium-landscape-3col",
        "chromium",
        "landscape pages in three justified columns; numbered headings; borderless member "
        "table flowing across columns",
        columns=3,
        justify=True,
        headings="numbered",
        table="borderless",
        landscape=True,
        font="sans",
    ),
    Style(
        "lo-word",
        "libreoffice",
        "Word styles (DOCX); chapters run on, so the ruled member table crosses a page "
        "break (no repeated header); TOC with dot leaders; header alternating left/right",
        alternate=True,
        chapter_breaks=False,
    ),
    Style(
        "lo-2col-justified",
        "libreoffice",
        "two-column section, justified and hyphenated; borderless member table flowing "
        "across columns and pages",
        columns=2,
        justify=True,
        hyphenate=True,
        table="borderless",
    ),
    Style(
        "lo-numbered-zebra",
        "libreoffice",
        "numbered headings; zebra member table with a repeated header row; footnotes; "
        "TOC without leaders",
        headings="numbered",
        table="zebra",
        table_header=True,
        footnotes=True,
        toc_leaders=False,
    ),
    Style(
        "typst-numbered",
        "typst",
        "numbered headings; TOC without leaders; zebra member table with wrapped cells; "
        "page numbers alternating",
        headings="numbered",
        table="zebra",
        toc_leaders=False,
        alternate=True,
    ),
    Style(
        "typst-2col-bold",
        "typst",
        "two justified columns; headings bold at body size; ruled member table with a "
        "repeated header row across columns",
        columns=2,
        justify=True,
        headings="bold",
        table_header=True,
    ),
    Style(
        "typst-3col-ruled",
        "typst",
        "three ragged columns; ruled member table with a repeated header row across columns; "
        "TOC with leaders",
        columns=3,
        table_header=True,
    ),
    Style(
        "reportlab-shuffled",
        "reportlab",
        "one column drawn out of reading order (blocks and running lines written to the "
        "content stream shuffled); borderless table",
        table="borderless",
        shuffle=True,
        font="sans",
    ),
    Style(
        "reportlab-2col-shuffled",
        "reportlab",
        "two columns, right column written before the left, lines shuffled; ruled table",
        columns=2,
        shuffle=True,
    ),
)

# The synthetic year is rendered in a few designs that differ most from each other.
SYNTH_STYLES = (
    "weasy-2col-justified",
    "weasy-3col-numbered",
    "weasy-sidenotes",
    "chromium-designed",
    "chromium-2col-bar",
    "lo-word",
    "lo-2col-justified",
    "typst-numbered",
    "typst-2col-bold",
    "reportlab-2col-shuffled",
)


# --------------------------------------------------------------------------
# The report to render
# --------------------------------------------------------------------------


@dataclass
class Doc:
    """A parsed report plus its metadata: what every renderer draws from."""

    key: str
    report: ms.Report
    meta: ms.Meta
    gold: dict
    toc_pages: list[int] = field(default_factory=list)
    placed: list[int] | None = None  # heading pages a renderer knows itself

    def headings(self) -> list[ms.HeadingSpec]:
        return self.report.headings()


def load_seed() -> Doc:
    layout = ms.load_layout(ms.layout_path_for(SEED))
    report = ms.load_report(SEED, layout)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    return Doc("ar2025", report, layout.meta, gold)


def load_synthetic() -> Doc:
    """The synthetic 2026 year; its headings and gold come from the text extraction."""
    gold = json.loads(SYNTH_GOLD.read_text(encoding="utf-8"))
    specs = tuple(ms.HeadingSpec(s["title"], int(s["level"]), None) for s in gold["sections"])
    meta = ms.Meta(
        title=gold["document"]["title"],
        author=gold["document"]["publisher"],
        subject="",
        creation_date=datetime(2027, 3, 1),
        running_title=gold["document"]["title"],
        running_organisation="ISECG",
        cover_title=gold["document"]["title"],
        toc_title="Table of Contents",
    )
    report = ms.load_report(SYNTH, ms.Layout(meta, specs))
    return Doc("synth2026", report, meta, gold)


def derive_gold(text: Path, out: Path) -> None:
    """A gold from the pipeline's extraction of a plain-text report (its CSVs as gold rows)."""
    from isecg_extract.pipeline import extract_to

    with tempfile.TemporaryDirectory() as tmp:
        extract_to(text, Path(tmp))

        def rows(name: str) -> list[dict]:
            with open(Path(tmp) / f"{name}.csv", encoding="utf-8") as f:
                return list(csv.DictReader(f))

        doc = rows("documents")[0]
        gold = {
            "about": f"Derived from the pipeline's extraction of {text.name} by "
            "tools/render_matrix.py --derive-gold: renderings of the text are scored against "
            "what the text gives. Pages are replaced per rendering.",
            "document": {
                "report_year": int(doc["report_year"]),
                "title": doc["title"],
                "publisher": doc["publisher"],
                "published": doc["published"][:7],
            },
            "sections": [
                {"title": r["title"], "level": int(r["level"]), "page": r["page"]}
                for r in rows("sections")
            ],
            "agencies": [
                {k: r[k] for k in ("acronym", "name", "country", "country_code")}
                for r in rows("agencies")
            ],
            "working_groups": [
                {k: r[k] for k in ("acronym", "name", "status")} for r in rows("working_groups")
            ],
            "activities": [
                {k: r[k] for k in ("actor", "description", "year")} for r in rows("activities")
            ],
            "events": [
                {k: r.get(k, "") for k in ("name", "acronym", "year", "location")}
                for r in rows("events")
            ],
            "publications": [{"title": r["title"]} for r in rows("publications")],
            "changes": [
                {k: r.get(k, "") for k in ("kind", "subject", "object", "year")}
                for r in rows("changes")
            ],
        }
    ms.write_atomically(out, (json.dumps(gold, indent=1, ensure_ascii=False) + "\n").encode())


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def numbering(headings: Sequence[ms.HeadingSpec]) -> list[str]:
    """ "1", "1.2", "1.2.3" per heading, for numbered designs."""
    counts = [0, 0, 0, 0]
    out = []
    for h in headings:
        counts[h.level - 1] += 1
        for i in range(h.level, 4):
            counts[i] = 0
        out.append(".".join(str(c) for c in counts[: h.level]))
    return out


def heading_label(doc: Doc, style: Style, index: int) -> str:
    spec = doc.headings()[index]
    title = spec.title
    if style.headings == "numbered":
        title = f"{numbering(doc.headings())[index]} {title}"
    return title


def table_rows(doc: Doc) -> list[tuple[str, ...]]:
    """The member table's rows as (country, agencies), without the text's blank cells."""
    for block in doc.report.body:
        if isinstance(block, ms.Table):
            return [tuple(c for c in row if c.strip()) for row in block.rows]
    return []


def pairs(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows of four cells: the first half of the table beside the second (read down, then on)."""
    half = (len(rows) + 1) // 2
    out = []
    for i in range(half):
        left = rows[i]
        right = rows[i + half] if i + half < len(rows) else ("", "")
        out.append((*left, *right))
    return out


FOOTNOTE = "Figures as reported by the member agencies at the end of the year."
CALLOUT = "This report covers the calendar year and the plans of each working group."
SIDENOTE = "In brief: the year at a glance."


# --------------------------------------------------------------------------
# HTML + CSS (WeasyPrint, Chromium)
# --------------------------------------------------------------------------


def bullets_html(block: ms.BulletList, style: Style | None, hy: bool) -> str:
    """A bullet list (with one level of sub-items) as HTML, shared with tools/layout_fuzz.py."""
    out = ["<ul>"]
    for item, subs in ms.nest_bullets(block.items):
        inner = _inline_html(item.text, style, hy)
        if subs:
            inner += "<ul>" + "".join(f"<li>{_inline_html(s.text, style, hy)}</li>" for s in subs)
            inner += "</ul>"
        out.append(f"<li>{inner}</li>")
    out.append("</ul>")
    return "".join(out)


def _inline_html(text: str, style: Style, hyphenate: bool) -> str:
    out = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(_runs_html(text[pos : m.start()], hyphenate))
        inner = _runs_html(m.group(1), hyphenate)
        out.append(f'<a href="https://www.globalspaceexploration.org/">{inner}</a>')
        pos = m.end()
    out.append(_runs_html(text[pos:], hyphenate))
    return "".join(out)


def _marked(text: str, escape: Callable[[str], str], italic: str, bold: str) -> str:
    """Our inline markup in a producer's: each run escaped, then wrapped (``{}`` = the run)."""
    parts = []
    for run in ms.parse_inline(text):
        body = escape(run.text)
        if run.italic:
            body = italic.format(body)
        if run.bold:
            body = bold.format(body)
        parts.append(body)
    return "".join(parts)


def _runs_html(text: str, hyphenate: bool) -> str:
    def escape(t: str) -> str:
        return html.escape(ms.soft_hyphenate(t) if hyphenate else t)

    return _marked(text, escape, "<i>{}</i>", "<b>{}</b>")


def build_html(doc: Doc, style: Style, producer: str) -> str:
    hy = style.hyphenate
    body: list[str] = []
    for line in doc.report.cover:
        body.append(f'<p class="cover">{_inline_html(line, style, False)}</p>')
    body.append('<div class="toc">')
    body.append(f"<h1 class='toctitle'>{html.escape(doc.meta.toc_title)}</h1>")
    for i, spec in enumerate(doc.headings()):
        page = doc.toc_pages[i] if i < len(doc.toc_pages) else 0
        label = html.escape(heading_label(doc, style, i))
        body.append(
            f'<p class="toc{spec.level}"><span class="t">{label}</span>'
            f'<span class="p">{page}</span></p>'
        )
    body.append("</div><div class='main'>")
    index = 0
    footnoted = False
    called_out = False
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            label = html.escape(heading_label(doc, style, index))
            lvl = block.spec.level
            cls = "annex" if lvl == 1 and block.spec.title.startswith("Annex") else ""
            body.append(f'<h{lvl + 1} class="{cls}">{label}</h{lvl + 1}>')
            index += 1
        elif isinstance(block, ms.Paragraph):
            text = _inline_html(block.text, style, hy)
            if style.footnotes and not footnoted and len(block.text) > 200:
                text += f'<span class="fn">{html.escape(FOOTNOTE)}</span>'
                footnoted = True
            if style.sidenotes and len(block.text) > 400:
                text = f'<span class="side">{html.escape(SIDENOTE)}</span>{text}'
            body.append(f"<p>{text}</p>")
            if style.callout and not called_out and index >= 3:
                body.append(f'<aside class="callout">{html.escape(CALLOUT)}</aside>')
                called_out = True
        elif isinstance(block, ms.BulletList):
            body.append(bullets_html(block, style, hy))
        elif isinstance(block, ms.Table):
            rows = [tuple(c for c in r if c.strip()) for r in block.rows]
            header = ("Country", "Member agency")
            if style.table == "pairs":
                rows = pairs(rows)
                header = header * 2
            cls = f"members {style.table}"
            out = [f'<table class="{cls}">']
            if style.table_header:
                out.append(
                    "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
                )
            out.append("<tbody>")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
            table_html = "".join(out)
            if style.landscape_table:
                table_html = f'<div class="wide">{table_html}</div>'
            body.append(table_html)
    body.append("</div>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc.meta.title)}</title><style>{css(doc, style, producer)}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def css(doc: Doc, style: Style, producer: str) -> str:
    font = "'DejaVu Serif', serif" if style.font == "serif" else "'DejaVu Sans', sans-serif"
    if style.font == "serif" and style.columns > 1:
        font = "'Liberation Serif', serif"
    running = doc.meta.running_title.replace('"', "")
    margin = "@bottom-center { content: counter(page); font-size: 9pt; }"
    header = f'@top-left {{ content: "{running}"; font-size: 8pt; color: #555; }}'
    if style.alternate:
        pages = (
            f'@page :left {{ @top-left {{ content: "{running}"; font-size: 8pt; }} '
            "@bottom-left { content: counter(page); font-size: 9pt; } }"
            f'@page :right {{ @top-right {{ content: "{running}"; font-size: 8pt; }} '
            "@bottom-right { content: counter(page); font-size: 9pt; } }"
        )
        if producer == "chromium":  # Chromium has no :left/:right margin boxes
            pages = (
                f'@page {{ @top-right {{ content: "{running}"; font-size: 8pt; }} '
                "@bottom-right { content: counter(page); font-size: 9pt; } }"
                f'@page :left {{ @top-left {{ content: "{running}"; font-size: 8pt; }} '
                "@top-right { content: none; } "
                "@bottom-left { content: counter(page); font-size: 9pt; } "
                "@bottom-right { content: none; } }"
            )
    else:
        pages = f"@page {{ {header} {margin} }}"
    rules = [
        "@page { size: A4; margin: 22mm 20mm 22mm 20mm; }",
        pages,
        "@page wide { size: A4 landscape; }",
        f"body {{ font-family: {font}; font-size: 10pt; line-height: 1.35; }}",
        "p { margin: 0 0 6pt 0; orphans: 2; widows: 2; }",
        "p.cover { font-size: 18pt; text-align: center; margin: 30pt 0; }",
        "p.cover:first-child { margin-top: 120pt; }",
        ".toc { break-after: page; break-before: page; }",
        "h1.toctitle { font-size: 18pt; }",
        ".toc p { display: flex; margin: 0 0 3pt 0; }",
        ".toc .t { flex: 1; }"
        if not style.toc_leaders
        else ".toc .t { flex: 1; overflow: hidden; white-space: nowrap; }",
        ".toc p.toc2 { padding-left: 16pt; } .toc p.toc3 { padding-left: 32pt; }",
        "h2, h3, h4 { break-after: avoid; hyphens: manual; }",
        "h2 { font-size: 16pt; margin: 14pt 0 8pt; } h3 { font-size: 13pt; margin: 10pt 0 6pt; }",
        "h4 { font-size: 11pt; margin: 8pt 0 4pt; }",
        "h2 { break-before: page; }" if style.chapter_breaks else "",
        "ul { margin: 0 0 6pt 0; padding-left: 16pt; }",
        "table.members { border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9.5pt; width: 100%; }",
        "table.members td, table.members th { padding: 2pt 6pt 2pt 0; vertical-align: top; text-align: left; }",
        "thead { display: table-header-group; } tr { break-inside: avoid; }",
        "aside.callout { border: 1pt solid #2a5599; background: #e8eef8; padding: 6pt; margin: 6pt 0; font-style: italic; }",
    ]
    if style.toc_leaders:
        if producer == "weasyprint":
            rules.append(".toc .t::after { content: leader('.'); }")
        else:
            rules.append(
                ".toc .t::after { content: ' . . . . . . . . . . . . . . . . . . . . . . . . . . "
                ". . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . "
                ". . . . . . . . . . . . . . . . . . . . . . . .'; }"
            )
    if style.columns > 1:
        rules.append(
            f".main {{ column-count: {style.columns}; column-gap: 16pt; column-fill: auto; }}"
            if producer == "weasyprint"
            else f".main {{ column-count: {style.columns}; column-gap: 16pt; }}"
        )
        rules.append("h2 { column-span: all; break-before: auto; }")
        rules.append(".main { font-size: 9.5pt; }")
    if style.justify:
        rules.append(".main p, .main li { text-align: justify; }")
    if style.table in ("ruled",) or style.table_header and style.table != "zebra":
        rules.append(
            "table.members td, table.members th { border: 0.6pt solid #333; padding-left: 4pt; }"
        )
    if style.table == "zebra":
        rules.append("table.members tbody tr:nth-child(odd) { background: #dde6f2; }")
        rules.append("table.members th { background: #2a5599; color: white; padding-left: 4pt; }")
        rules.append("table.members td { padding-left: 4pt; }")
    if style.table == "pairs":
        rules.append("table.members tbody tr:nth-child(odd) { background: #e4e4e4; }")
        rules.append("table.members td { padding: 3pt 4pt; width: 25%; }")
    if style.headings == "caps":
        rules.append("h2, h3, h4 { text-transform: uppercase; letter-spacing: 0.5pt; }")
    if style.headings == "band":
        rules.append(
            "h2, h3 { text-transform: uppercase; background: #1f3864; color: white; "
            "padding: 4pt 6pt; } h4 { color: #1f3864; }"
        )
    if style.headings == "bar":
        rules.append(
            "h2, h3, h4 { border-left: 5pt solid #c55a11; padding-left: 6pt; color: #c55a11; }"
        )
    if style.headings == "italicbold":
        rules.append(
            "h2, h3, h4 { font-size: 10pt; font-weight: bold; font-style: italic; "
            "margin: 8pt 0 3pt; }"
        )
    if style.sidenotes:
        rules.append("@page { margin-right: 45mm; }")
        rules.append(
            ".side { float: right; width: 30mm; margin-right: -38mm; font-size: 7.5pt; "
            "color: #555; font-style: italic; text-align: left; }"
        )
    if style.landscape:
        rules.append("@page { size: A4 landscape; }")
    if style.headings == "bold":
        rules.append("h2, h3, h4 { font-size: 10pt; font-weight: bold; margin: 8pt 0 3pt; }")
        rules.append("h2 { font-style: normal; } h4 { font-style: italic; }")
    if not style.chapter_breaks:  # a roomier table, so that it crosses a page break
        rules.append("table.members td { padding-top: 5pt; padding-bottom: 5pt; }")
    if style.landscape_table:
        rules.append(".wide { page: wide; }")
    if style.footnotes:
        if producer == "weasyprint":
            rules.append(".fn { float: footnote; font-size: 8pt; }")
        else:
            rules.append(".fn { display: none; }")
    if style.links:
        rules.append("a { color: #1155cc; text-decoration: underline; }")
    return "\n".join(rules)


def render_weasyprint(doc: Doc, style: Style) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=build_html(doc, style, "weasyprint")).write_pdf()


def render_chromium(doc: Doc, style: Style) -> bytes:
    return chromium_pdf(build_html(doc, style, "chromium"))


def chromium_pdf(page: str) -> bytes:
    """An HTML page printed to PDF by headless Chromium (also used by tools/layout_fuzz.py)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("render_matrix: chromium not found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return out.read_bytes()


# --------------------------------------------------------------------------
# DOCX -> LibreOffice
# --------------------------------------------------------------------------


def _docx_runs(par, text: str, hyphenate: bool = False) -> None:
    for run in ms.parse_inline(text):
        r = par.add_run(run.text)
        r.bold = run.bold or None
        r.italic = run.italic or None


def _field(par, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = par.add_run()
    for kind, text in (
        ("begin", None),
        (None, instr),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _columns(section, n: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), "340")


def build_docx(doc: Doc, style: Style) -> bytes:
    import io

    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    if style.hyphenate:
        settings = d.settings.element
        auto = OxmlElement("w:autoHyphenation")
        auto.set(qn("w:val"), "true")
        settings.append(auto)
    for lvl, size in ((1, 16), (2, 13), (3, 11)):
        st = d.styles[f"Heading {lvl}"]
        st.font.name = "Liberation Sans"
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        st.font.italic = False
    sec = d.sections[0]
    sec.different_first_page_header_footer = True
    if style.alternate:
        d.settings.odd_and_even_pages_header_footer = True
    for hdr, ftr, align in (
        (sec.header, sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (sec.even_page_header, sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = hdr.paragraphs[0]
        p.text = doc.meta.running_title
        p.alignment = align if style.alternate else WD_ALIGN_PARAGRAPH.LEFT
        p.runs[0].font.size = Pt(8)
        f = ftr.paragraphs[0]
        f.alignment = align if style.alternate else WD_ALIGN_PARAGRAPH.CENTER
        _field(f, "PAGE")
    for line in doc.report.cover:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(36)
        _docx_runs(p, line)
        for r in p.runs:
            r.font.size = Pt(20)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph(doc.meta.toc_title, style="Title")
    width = sec.page_width - sec.left_margin - sec.right_margin
    for i, spec in enumerate(doc.headings()):
        page = doc.toc_pages[i] if i < len(doc.toc_pages) else 0
        p = d.add_paragraph()
        p.paragraph_format.left_indent = Pt(16 * (spec.level - 1))
        p.paragraph_format.space_after = Pt(2)
        leader = WD_TAB_LEADER.DOTS if style.toc_leaders else WD_TAB_LEADER.SPACES
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, leader)
        p.add_run(f"{heading_label(doc, style, i)}\t{page}")
    body_sec = d.add_section(WD_SECTION.NEW_PAGE)
    if style.columns > 1:
        _columns(body_sec, style.columns)
    index = 0
    footnoted = False
    first = True
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            h = d.add_heading(heading_label(doc, style, index), level=block.spec.level)
            if block.spec.level == 1 and not first and style.columns == 1 and style.chapter_breaks:
                h.paragraph_format.page_break_before = True
            first = False
            index += 1
        elif isinstance(block, ms.Paragraph):
            p = d.add_paragraph()
            if style.justify:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _docx_runs(p, block.text)
            if style.footnotes and not footnoted and len(block.text) > 200:
                # python-docx writes no footnotes part; an endnote-like small line is what
                # Word's footnote looks like on the page once LibreOffice lays it out.
                footnoted = True
                r = p.add_run("1")
                r.font.superscript = True
                note = d.add_paragraph()
                note.add_run(f"1 {FOOTNOTE}").font.size = Pt(8)
        elif isinstance(block, ms.BulletList):
            for item in block.items:
                p = d.add_paragraph(style="List Bullet" if item.level == 1 else "List Bullet 2")
                if style.justify:
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                _docx_runs(p, item.text)
        elif isinstance(block, ms.Table):
            rows = [tuple(c for c in r if c.strip()) for r in block.rows]
            t = d.add_table(rows=0, cols=2)
            t.alignment = WD_TABLE_ALIGNMENT.LEFT
            if style.table in ("ruled", "zebra"):
                t.style = d.styles["Table Grid"]
            if style.table_header:
                cells = t.add_row().cells
                for c, h in zip(cells, ("Country", "Member agency"), strict=True):
                    c.text = h
                    c.paragraphs[0].runs[0].bold = True
                    if style.table == "zebra":
                        _shade(c, "2A5599")
                        c.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                tr_pr = t.rows[0]._tr.get_or_add_trPr()
                hdr = OxmlElement("w:tblHeader")
                hdr.set(qn("w:val"), "true")
                tr_pr.append(hdr)
            for k, row in enumerate(rows):
                cells = t.add_row().cells
                for c, text in zip(cells, row, strict=False):
                    c.text = text
                    if style.table == "zebra" and k % 2 == 0:
                        _shade(c, "DDE6F2")
            widths = (Pt(120), Pt(300)) if style.columns == 1 else (Pt(75), Pt(140))
            t.autofit = False
            for col, w in zip(t.columns, widths, strict=True):
                col.width = w
            for row in t.rows:
                for cell, w in zip(row.cells, widths, strict=True):
                    cell.width = w
            d.add_paragraph()
    buf = io.BytesIO()
    d.core_properties.title = doc.meta.title
    d.core_properties.author = doc.meta.author
    d.save(buf)
    return buf.getvalue()


def render_libreoffice(doc: Doc, style: Style) -> bytes:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit(
            "render_matrix: LibreOffice not found (apt-get install libreoffice-writer-nogui)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(build_docx(doc, style))
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / "report.pdf").read_bytes()


# --------------------------------------------------------------------------
# Typst
# --------------------------------------------------------------------------


def _typst_text(text: str) -> str:
    def escape(t: str) -> str:
        return re.sub(r"([\\#*_`$<>@\[\]=~/\-+\"])", r"\\\1", t)

    return _marked(_LINK.sub(r"\1", text), escape, "_{}_", "*{}*")


def _typst_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_typst(doc: Doc, style: Style) -> str:
    running = _typst_str(doc.meta.running_title)
    number_align = (
        "if calc.odd(here().page()) { right } else { left }" if style.alternate else "center"
    )
    src = [
        '#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm),',
        f"  header: context {{ if here().page() > 1 {{ align({number_align}, text(size: 8pt, {running})) }} }},",
        f"  footer: context {{ align({number_align}, text(size: 9pt, str(here().page()))) }})",
        f'#set text(font: "Libertinus Serif", size: 10pt, lang: "en", hyphenate: {"true" if style.justify else "false"})',
        f"#set par(justify: {'true' if style.justify else 'false'})",
        "#set heading(numbering: " + ('"1.1"' if style.headings == "numbered" else "none") + ")",
    ]
    if style.headings == "bold":
        src.append(
            '#show heading: it => block(above: 8pt, below: 4pt, text(size: 10pt, weight: "bold", it.body))'
        )
    else:
        src.append("#show heading.where(level: 1): set text(size: 16pt)")
        src.append("#show heading.where(level: 2): set text(size: 13pt)")
        src.append("#show heading.where(level: 3): set text(size: 11pt)")
    for line in doc.report.cover:
        src.append(f"#align(center, text(size: 18pt, [{_typst_text(line)}]))\n#v(24pt)")
    src.append("#pagebreak()")
    src.append(f'#text(size: 18pt, weight: "bold", [{_typst_text(doc.meta.toc_title)}])\n')
    for i, spec in enumerate(doc.headings()):
        page = doc.toc_pages[i] if i < len(doc.toc_pages) else 0
        fill = "repeat[.]" if style.toc_leaders else "h(1fr)"
        src.append(
            f"#block(above: 3pt, below: 3pt, inset: (left: {16 * (spec.level - 1)}pt))"
            f"[{_typst_text(heading_label(doc, style, i) if style.headings != 'numbered' else numbering(doc.headings())[i] + ' ' + spec.title)} #box(width: 1fr, {fill}) {page}]"
        )
    src.append("#pagebreak()")
    if style.columns > 1:
        src.append(f"#show: rest => columns({style.columns}, gutter: 14pt, rest)")
    first = True
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            lvl = block.spec.level
            if lvl == 1 and not first and style.columns == 1:
                src.append("#pagebreak(weak: true)")
            first = False
            src.append(f"\n{'=' * lvl} {_typst_text(block.spec.title)}\n")
        elif isinstance(block, ms.Paragraph):
            src.append(f"\n{_typst_text(block.text)}\n")
        elif isinstance(block, ms.BulletList):
            for item in block.items:
                src.append(f"{'  ' * (item.level - 1)}- {_typst_text(item.text)}")
            src.append("")
        elif isinstance(block, ms.Table):
            rows = [tuple(c for c in r if c.strip()) for r in block.rows]
            opts = ["columns: (auto, 1fr)", "inset: 4pt"]
            if style.table == "zebra":
                opts.append('fill: (x, y) => if calc.odd(y) { rgb("#dde6f2") }')
                opts.append("stroke: none")
            elif style.table == "borderless":
                opts.append("stroke: none")
            cells = []
            if style.table_header:
                cells.append("table.header([*Country*], [*Member agency*])")
            for row in rows:
                cells.extend(f"[{_typst_text(c)}]" for c in row)
            src.append(f"#table({', '.join(opts)}, {', '.join(cells)})")
    return "\n".join(src)


def render_typst(doc: Doc, style: Style) -> bytes:
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.typ"
        src.write_text(build_typst(doc, style), encoding="utf-8")
        return typst.compile(str(src))


# --------------------------------------------------------------------------
# ReportLab, drawn out of order
# --------------------------------------------------------------------------


def render_reportlab(doc: Doc, style: Style) -> bytes:
    """A hand-made layout whose content stream is shuffled: the page still reads in order,
    the order of the drawing operators does not (designed PDFs often look like this)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    fonts = ms.vera_fonts() if style.font == "sans" else ms.caladea_fonts()
    names = {"": "F", "B": "F-B", "I": "F-I", "BI": "F-BI"}
    for key, path in fonts.items():
        pdfmetrics.registerFont(TTFont(names[key], str(path)))
    rng = random.Random(13)
    width, height = A4
    margin = 60.0
    gap = 18.0
    col_w = (width - 2 * margin - gap * (style.columns - 1)) / style.columns
    # ops: (page, x, y, text, font, size) or ("rule", page, x0, y0, x1, y1)
    pages: list[list[tuple]] = [[]]
    state = {"col": 0, "y": height - margin}

    def new_column() -> None:
        if state["col"] + 1 < style.columns:
            state["col"] += 1
        else:
            pages.append([])
            state["col"] = 0
        state["y"] = height - margin

    def new_page() -> None:
        pages.append([])
        state["col"] = 0
        state["y"] = height - margin

    def x0() -> float:
        return margin + state["col"] * (col_w + gap)

    def wrap(words: list[tuple[str, str]], size: float, w: float) -> list[list[tuple[str, str]]]:
        lines: list[list[tuple[str, str]]] = [[]]
        cur = 0.0
        space = pdfmetrics.stringWidth(" ", "F", size)
        for word, font in words:
            ww = pdfmetrics.stringWidth(word, font, size)
            if lines[-1] and cur + space + ww > w:
                lines.append([])
                cur = 0.0
            cur += (space if lines[-1] else 0) + ww
            lines[-1].append((word, font))
        return lines

    def words_of(text: str, bold: bool = False) -> list[tuple[str, str]]:
        out = []
        for run in ms.parse_inline(_LINK.sub(r"\1", text)):
            key = ("B" if run.bold or bold else "") + ("I" if run.italic else "")
            out += [(w, names[key]) for w in run.text.split()]
        return out

    def para(
        text: str,
        size: float = 10.0,
        bold: bool = False,
        indent: float = 0.0,
        before: float = 0.0,
        after: float = 6.0,
        bullet: str = "",
    ) -> None:
        lines = wrap(words_of(text, bold), size, col_w - indent)
        lead = size * 1.3
        state["y"] -= before
        for k, line in enumerate(lines):
            if state["y"] - lead < margin:
                new_column()
            state["y"] -= lead
            if k == 0 and bullet:
                pages[-1].append((x0() + indent - 10, state["y"], bullet, "F", size))
            x = x0() + indent
            for word, font in line:
                pages[-1].append((x, state["y"], word, font, size))
                x += pdfmetrics.stringWidth(word + " ", font, size)
        state["y"] -= after

    for line in doc.report.cover:
        para(line, 20, before=40)
    new_page()
    para(doc.meta.toc_title, 18, bold=True, after=10)
    for i, spec in enumerate(doc.headings()):
        page = doc.toc_pages[i] if i < len(doc.toc_pages) else 0
        para(heading_label(doc, style, i), 10, indent=16 * (spec.level - 1), after=2)
        pages[-1].append((width - margin - 12, state["y"] + 2, str(page), "F", 10))
    new_page()
    first = True
    placed: list[int] = []
    for block in doc.report.body:
        if isinstance(block, ms.Heading):
            lvl = block.spec.level
            if lvl == 1 and not first and style.columns == 1:
                new_page()
            first = False
            size = {1: 16.0, 2: 13.0, 3: 11.0}[lvl]
            if state["y"] - 4 * size < margin:
                new_column()
            placed.append(len(pages))
            para(block.spec.title, size, bold=True, before=8, after=6)
        elif isinstance(block, ms.Paragraph):
            para(block.text)
        elif isinstance(block, ms.BulletList):
            for item in block.items:
                para(item.text, indent=14 * item.level, after=3, bullet="•")
        elif isinstance(block, ms.Table):
            rows = [tuple(c for c in r if c.strip()) for r in block.rows]
            c1 = min(110.0, col_w * 0.35)
            for row in rows:
                country = wrap(words_of(row[0]), 9.5, c1 - 6)
                agency = wrap(words_of(row[1] if len(row) > 1 else ""), 9.5, col_w - c1 - 6)
                n = max(len(country), len(agency))
                lead = 12.5
                if state["y"] - n * lead - 4 < margin:
                    new_column()
                top = state["y"]
                for k in range(n):
                    state["y"] -= lead
                    for cell, x in ((country, x0() + 3), (agency, x0() + c1 + 3)):
                        if k < len(cell):
                            xx = x
                            for word, font in cell[k]:
                                pages[-1].append((xx, state["y"], word, font, 9.5))
                                xx += pdfmetrics.stringWidth(word + " ", font, 9.5)
                state["y"] -= 4
                if style.table == "ruled":
                    for y in (top, state["y"]):
                        pages[-1].append(("rule", x0(), y, x0() + col_w, y))
                    for x in (x0(), x0() + c1, x0() + col_w):
                        pages[-1].append(("rule", x, top, x, state["y"]))
            state["y"] -= 8
    doc.placed = placed
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(doc.meta.title)
    c.setAuthor(doc.meta.author)
    for number, ops in enumerate(pages, start=1):
        running = [
            ("F", 8, margin, height - 36, doc.meta.running_title),
            ("F", 9, width / 2, 36, str(number)),
        ]
        if number == 1:
            running = []
        # Group words into their lines, then shuffle lines (and the running lines among them);
        # on two columns the right column is written first.
        lines: dict[tuple[float, float], list[tuple]] = {}
        rules = [op for op in ops if op[0] == "rule"]
        for op in ops:
            if op[0] == "rule":
                continue
            col = 1 if op[0] >= margin + col_w + gap / 2 else 0
            lines.setdefault((col, round(op[1], 1)), []).append(op)
        keys = list(lines)
        rng.shuffle(keys)
        if style.columns > 1:
            keys.sort(key=lambda k: -k[0])  # right column first, lines still shuffled within
        items: list[list[tuple]] = [lines[k] for k in keys]
        for rule in rules:
            c.line(rule[1], rule[2], rule[3], rule[4])
        for font, size, x, y, text in running:
            c.setFont(font, size)
            c.drawString(x, y, text)
        for line in items:
            t = c.beginText()
            for x, y, word, font, size in line:
                t.setFont(font, size)
                t.setTextOrigin(x, y)
                t.textOut(word)
            c.drawText(t)
        c.showPage()
    c.save()
    return buf.getvalue()


RENDERERS: dict[str, Callable[[Doc, Style], bytes]] = {
    "weasyprint": render_weasyprint,
    "chromium": render_chromium,
    "libreoffice": render_libreoffice,
    "typst": render_typst,
    "reportlab": render_reportlab,
}


# --------------------------------------------------------------------------
# Pages of the headings in a rendering (the gold's pages)
# --------------------------------------------------------------------------


def _key(text: str) -> str:
    text = text.replace("\u2010", "-").replace("\u00ad", "-").replace("\u241e", "|")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def page_texts(data: bytes) -> list[str]:
    """Each page's text twice over: as poppler's pdftotext orders it (its own reading order)
    and in content-stream order (PDFium), so a heading one of them interleaves with a table
    beside it is still found by the other; neither is the pipeline's reading."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.pdf"
        src.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
    poppler = out.split("\f")
    pdf = pdfium.PdfDocument(data)
    try:
        stream = []
        for page in pdf:
            tp = page.get_textpage()
            stream.append(tp.get_text_range())
            tp.close()
            page.close()
    finally:
        pdf.close()
    return [f"{a}\n\u241e\n{b}" for a, b in zip(poppler, stream, strict=False)]


def heading_pages(data: bytes, doc: Doc, style: Style) -> list[int]:
    """The page each heading stands on, searched in order after the table of contents."""
    if doc.placed is not None:
        return list(doc.placed)
    texts = [_key(t) for t in page_texts(data)]
    titles = [_key(h.title) for h in doc.headings()]
    toc = next(i for i, t in enumerate(texts) if _key(doc.meta.toc_title) in t)
    # The TOC is done where the last title appears first after the TOC heading.
    last_toc = next(i for i in range(toc, len(texts)) if titles[-1] in texts[i])
    found = []
    page = last_toc + 1
    offset = {}
    for title in titles:
        # In columns pdftotext may read a page's headings in another order: a title later on
        # the page is preferred (a repeated title), anywhere on it is accepted.
        while page < len(texts) and title not in texts[page]:
            page += 1
        if page >= len(texts):
            raise ValueError(f"{style.name}: heading {title!r} not found")
        pos = texts[page].find(title, offset.get(page, 0))
        if pos < 0:
            pos = texts[page].find(title)
        offset[page] = pos + len(title)
        found.append(page + 1)
    return found


def render(doc: Doc, style: Style) -> tuple[bytes, list[int]]:
    """Render until the TOC prints the pages the headings land on."""
    doc.toc_pages = [0] * len(doc.headings())
    for _ in range(4):
        data = RENDERERS[style.producer](doc, style)
        pages = heading_pages(data, doc, style)
        if pages == doc.toc_pages:
            return data, pages
        doc.toc_pages = pages
    return data, pages


def gold_for(doc: Doc, pages: list[int]) -> dict:
    gold = copy.deepcopy(doc.gold)
    gold["about"] = (
        f"{doc.gold.get('about', '')} Section pages: where the headings stand in this "
        "rendering (tools/render_matrix.py)."
    ).strip()
    for section, page in zip(gold["sections"], pages, strict=True):
        section["page"] = page
    return gold


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--only", nargs="*", help="render only these names (e.g. ar2025-lo-word)")
    ap.add_argument("--derive-gold", action="store_true", help="rebuild the synthetic year's gold")
    args = ap.parse_args(argv)
    if args.derive_gold or not SYNTH_GOLD.exists():
        derive_gold(SYNTH, SYNTH_GOLD)
    by_name = {s.name: s for s in STYLES}
    jobs = [(load_seed, s) for s in STYLES] + [(load_synthetic, by_name[n]) for n in SYNTH_STYLES]
    for loader, style in jobs:
        doc = loader()
        name = f"{doc.key}-{style.name}"
        if args.only and name not in args.only:
            continue
        data, pages = render(doc, style)
        ms.write_atomically(args.out / f"{name}.pdf", data)
        gold = gold_for(doc, pages)
        text = json.dumps(gold, indent=1, ensure_ascii=False) + "\n"
        ms.write_atomically(args.out / f"{name}.gold.json", text.encode())
        print(f"{name}: {len(data) // 1024} KiB, headings on pages {pages}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    sys.exit(main())
