"""Build the review site: gather the documents, find each row's evidence, render the pages
and page images, and switch the finished folder into place in one step.

The site is assembled in a hidden sibling folder and exchanged with ``DEST`` as ``extract``
and ``batch`` switch their outputs (``swap.Staging``): an interruption leaves the old site or
the new one, never half of one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from isecg_extract.review.evidence import gather_evidence
from isecg_extract.review.gather import BatchReview, DocReview, gather, is_corrected, schema
from isecg_extract.review.pages import page_file, render_pages
from isecg_extract.review.render import data_js, diff_page, doc_page, index_page
from isecg_extract.write import DATASETS

ASSETS = ("review.css", "review.js")
NOT_EDITABLE = ("doc_id", "provenance")


@dataclass
class ReviewSite:
    """What was built: the folder, its files, its size in bytes and the seconds it took."""

    dest: Path
    files: list[Path] = field(default_factory=list)
    docs: int = 0
    seconds: float = 0.0

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.files if p.is_file())


def build_review(
    paths: list[Path], dest: Path, sources: list[Path] | None = None, cfg: Any = None
) -> ReviewSite:
    """Write the review site of ``paths`` (output folders of ``extract`` or ``batch``) into
    ``dest``. ``sources`` are input files to look for the documents' sources among (matched
    by SHA-256); a batch's manifest and a folder's ``source_file`` are looked at too."""
    from isecg_extract.swap import Staging, clean_stale
    from isecg_extract.write import output_errors

    t0 = time.monotonic()
    found = gather([Path(p) for p in paths], sources)
    dest = Path(dest)
    stage = None
    with output_errors(dest):
        try:
            clean_stale(dest)
            stage = Staging(dest)
            docs = [_write_doc(doc, stage.path) for doc in found.docs]
            batches = [
                _write_batch(b, found.docs, stage.path, i, cfg) for i, b in enumerate(found.batches)
            ]
            (stage.path / "index.html").write_text(
                index_page(found.docs, batches), encoding="utf-8"
            )
            assets = stage.path / "assets"
            assets.mkdir()
            for name in ASSETS:
                data = resources.files("isecg_extract.review").joinpath("static", name).read_bytes()
                (assets / name).write_bytes(data)
            stage.switch()
        except BaseException:
            if stage is not None:
                stage.abandon()
            raise
    site = ReviewSite(dest, sorted(p for p in dest.rglob("*") if p.is_file()), len(docs))
    site.seconds = time.monotonic() - t0
    return site


def _write_doc(doc: DocReview, root: Path) -> Path:
    folder = root / "docs" / doc.key
    folder.mkdir(parents=True)
    tables = [t for t in DATASETS if t in doc.report.tables]
    evidence, sizes = gather_evidence(doc, tables)
    if doc.source is not None and doc.is_pdf and sizes:
        render_pages(doc.source, list(sizes), folder / "pages")
    checks = doc.checks()
    doc.checks_count = len(checks)
    for check in checks:
        check["pages"] = sorted(
            {
                ev.page
                for r in check["rows"]
                if (ev := evidence.get(r["table"], {}).get(r["row_id"])) and ev.page
            }
        )
    specs = schema()
    payload = {
        "doc_id": doc.doc_id,
        "title": doc.report.title,
        "kind": doc.kind,
        "year": doc.year,
        "source": doc.source.name if doc.source else "",
        "source_note": doc.source_note,
        "input_format": doc.document.get("input_format") or "",
        "document": doc.document,
        "checks": checks,
        "pages": {
            str(n): {"file": f"pages/{page_file(n)}", "w": round(w, 1), "h": round(h, 1)}
            for n, (w, h) in sizes.items()
        },
        "tables": {
            t: {
                "key": doc.key_of(t),
                "columns": [f[0] for f in specs[t]["fields"]] if t in specs else [],
                "editable": [
                    f[0]
                    for f in specs.get(t, {}).get("fields", [])
                    if f[0] not in NOT_EDITABLE and f[0] not in specs[t]["primaryKey"]
                ],
                "rows": doc.report.rows(t),
                "corrected": sum(1 for r in doc.report.rows(t) if is_corrected(r)),
                "evidence": {rid: ev.as_json() for rid, ev in evidence.get(t, {}).items()},
            }
            for t in tables
        },
    }
    (folder / "index.html").write_text(doc_page(doc), encoding="utf-8")
    (folder / "data.js").write_text(data_js(payload), encoding="utf-8")
    return folder


DIFF_TABLES = {
    "members": "agencies",
    "working_groups": "working_groups",
    "chair": "agencies",
    "activities": "activities",
    "done": "activities",
}
"""Which table holds the evidence row of a diff event, by the event's category."""


def _write_batch(
    batch: BatchReview, docs: list[DocReview], root: Path, number: int, cfg: Any
) -> dict[str, Any]:
    """The batch's timeline (PNG and SVG) and one page per consecutive pair of years."""
    from isecg_extract.compare.diff import diff_years
    from isecg_extract.compare.timeline import build_timeline
    from isecg_extract.compare.timeline_chart import timeline_png, timeline_svg

    name = batch.folder.name or "batch"
    mine = [d for d in docs if d.report.folder.parent == batch.folder]
    tl = build_timeline(batch.folder, cfg)
    prefix = f"timeline-{number + 1}" if number else "timeline"
    (root / f"{prefix}.png").write_bytes(timeline_png(tl))
    (root / f"{prefix}.svg").write_text(timeline_svg(tl), encoding="utf-8")
    years = [r.report_year for r in tl.years]
    diffs = []
    folder = root / "diffs"
    folder.mkdir(exist_ok=True)
    for old, new in zip(years, years[1:], strict=False):
        result = diff_years(batch.folder, old, new)
        roster = [
            c for c in result.changes if c.category != "activities" or c.change != "continued"
        ]
        href = f"diffs/{_slug(name)}-{old}-{new}.html"

        def link(side: str, category: str, row_id: str, o: int = old, n: int = new) -> str | None:
            year = o if side == "old" else n
            table = DIFF_TABLES.get(category, "")
            for d in mine:
                if d.year != year or not table:
                    continue
                key = d.key_of(table)
                if any(str(r.get(key)) == row_id for r in d.report.rows(table)):
                    return f"../docs/{d.key}/index.html#t={table}&r={row_id}"
            return None

        (root / href).write_text(
            diff_page(f"{name}: {old} to {new}", roster, result.notes, link), encoding="utf-8"
        )
        diffs.append((f"{old}→{new}", href))
    return {"name": name, "timeline": prefix, "diffs": diffs}


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "batch"
