"""The review site's HTML: the index, one page per document, one page per consecutive diff.

Documents' rows go into a ``data.js`` beside their page (a script, not JSON fetched at run
time: a browser refuses ``fetch`` from ``file://``), and one shared script draws the tables.
Nothing refers to the network: no CDN, no fonts, no analytics; links are relative, so the
folder can be zipped, sent or published as it is.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from isecg_extract.compare.changes import Change
from isecg_extract.review.gather import DocReview

COVERAGE = ("members_coverage", "groups_coverage", "chair_coverage")


def page(title: str, body: str, depth: int, scripts: tuple[str, ...] = ()) -> str:
    """A whole HTML page; ``depth`` is how many folders below the site's root it sits."""
    up = "../" * depth
    tags = "".join(f'<script src="{escape(s)}"></script>' for s in scripts)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{up}assets/review.css"></head>\n<body>'
        f'<header><a href="{up}index.html">review</a> / {escape(title)}</header>\n'
        f"<main>{body}</main>{tags}</body></html>\n"
    )


def doc_page(doc: DocReview) -> str:
    """The page of one document; its content is drawn by ``review.js`` from ``data.js``."""
    body = (
        '<div id="doc-head"></div>'
        '<section id="checks"></section>'
        '<nav id="tabs"></nav>'
        '<div id="layout"><div id="table-pane">'
        '<input id="filter" type="search" placeholder="filter rows (any column)">'
        '<div id="table-wrap"></div></div>'
        '<aside id="detail"><p class="hint">Select a row to see its evidence.</p></aside></div>'
        '<section id="corrections-pane"></section>'
    )
    return page(doc.doc_id, body, 2, ("data.js", "../../assets/review.js"))


def data_js(payload: dict[str, Any]) -> str:
    """The document's data as a script that sets ``window.REVIEW`` (``</`` escaped, so no
    text of the report can end the script)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return "window.REVIEW = " + text.replace("</", "<\\/") + ";\n"


def index_page(docs: list[DocReview], batches: list[dict[str, Any]]) -> str:
    """Years and documents (kind, coverage, rows, checks), and per batch its diffs and
    timeline."""
    parts = ["<h1>Review</h1>"]
    for b in batches:
        parts.append(f"<h2>Batch {escape(b['name'])}</h2>")
        if b.get("timeline"):
            parts.append(
                '<figure class="timeline"><img src="{0}.svg" alt="timeline of {1}">'
                '<figcaption>Timeline (<a href="{0}.png">PNG</a>, <a href="{0}.svg">SVG</a>)'
                "</figcaption></figure>".format(escape(b["timeline"]), escape(b["name"]))
            )
        if b.get("diffs"):
            links = ", ".join(
                f'<a href="{escape(href)}">{escape(label)}</a>' for label, href in b["diffs"]
            )
            parts.append(f"<p>What changed from year to year: {links}</p>")
    parts.append(
        '<table class="index"><thead><tr><th>year</th><th>document</th><th>kind</th>'
        "<th>members</th><th>groups</th><th>chair</th><th>rows</th><th>checks</th>"
        "<th>corrected</th><th>source</th></tr></thead><tbody>"
    )
    for d in sorted(docs, key=lambda d: (d.year or 0, d.doc_id)):
        document = d.document
        counts = sum(len(d.report.rows(t)) for t in d.report.tables if t != "documents")
        corrected = sum(
            1
            for rows in d.report.tables.values()
            for r in rows
            if isinstance(r, dict) and str(r.get("provenance") or "").startswith("corrected")
        )
        cover = "".join(f"<td>{escape(str(document.get(c) or '?'))}</td>" for c in COVERAGE)
        source = escape(str(d.source.name)) if d.source else '<span class="warn">not found</span>'
        parts.append(
            f"<tr><td>{d.year or '?'}</td>"
            f'<td><a href="docs/{escape(d.key)}/index.html">{escape(d.doc_id)}</a></td>'
            f"<td>{escape(d.kind)}</td>{cover}<td>{counts}</td><td>{d.checks_count}</td>"
            f"<td>{corrected}</td><td>{source}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts.append(HOW_TO_APPLY)
    return page("index", "\n".join(parts), 0)


HOW_TO_APPLY = """<section class="how"><h2>Corrections</h2>
<p>On a document's page, the buttons beside a row (<b>wrong</b>, <b>edit field</b>,
<b>missing row here</b>) build lines for <code>pipeline/corrections.csv</code>. Download them
and append them to it without their header line
(<code>tail -n +2 corrections-DOC.csv &gt;&gt; pipeline/corrections.csv</code>), then run
<code>isecg-extract extract</code> or <code>batch</code> again and this review again: the
rows they touch are marked <span class="corrected">corrected</span>.</p></section>"""


def diff_page(
    title: str,
    changes: list[Change],
    notes: list[str],
    link: Any,
) -> str:
    """One consecutive pair of years: each event with links to its evidence rows on both
    sides (``link(side, category, row_id)`` gives the href, or None)."""
    rows = []
    for c in changes:
        cells = []
        for side, rid, label in (("old", c.old_id, c.old), ("new", c.new_id, c.new)):
            text = escape(label or rid or "")
            href = link(side, c.category, rid) if rid else None
            cells.append(
                f'<td><a class="evidence" href="{escape(href)}">{text}</a></td>'
                if href
                else f"<td>{text}</td>"
            )
        rows.append(
            f'<tr class="{escape(c.category)}"><td>{escape(c.category)}</td>'
            f"<td>{escape(c.change)}</td><td>{escape(c.actor)}</td>{cells[0]}{cells[1]}"
            f'<td>{"" if c.year is None else c.year}</td><td class="sentence">{escape(c.evidence)}</td></tr>'
        )
    note = "".join(f"<li>{escape(n)}</li>" for n in notes)
    body = (
        f"<h1>{escape(title)}</h1>"
        + (f'<ul class="notes">{note}</ul>' if note else "")
        + '<table class="diff"><thead><tr><th>category</th><th>change</th><th>actor</th>'
        "<th>old</th><th>new</th><th>year</th><th>evidence</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return page(title, body, 1)
