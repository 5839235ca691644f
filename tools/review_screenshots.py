"""Regenerate the pictures of docs/review.md: the review page of the 2025 PDF sample (taken by
Debian's headless Chromium through Playwright) and the timeline charts (`make years`' batch
and a 30-year synthetic one).

    python tools/review_screenshots.py OUT_YEARS   # OUT_YEARS: the folder `make years` wrote
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def review_page(dest: Path) -> None:
    from playwright.sync_api import sync_playwright

    from isecg_extract.batch.worker import extract_into
    from isecg_extract.pipeline import ExtractOptions
    from isecg_extract.review import build_review

    pdf = ROOT / "samples" / "isecg-annual-report-2025-word.pdf"
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "isecg-ar-2025"
        extract_into(str(pdf), out, ExtractOptions())
        site = build_review([out], Path(scratch) / "site", [pdf])
        url = (site.dest / "docs" / "isecg-ar-2025" / "index.html").as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url + "#t=changes&r=joined-hsc")
            page.fill("#note", "checked: HSC joined in 2025")
            page.click("#act-wrong")
            page.evaluate("window.scrollTo(0, 0); document.querySelector('#detail').scrollTop = 0")
            page.screenshot(path=str(dest), full_page=True)
            browser.close()


def timelines(years: Path | None) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_timeline_chart import synthetic

    from isecg_extract.compare.timeline import build_timeline
    from isecg_extract.compare.timeline_chart import timeline_png

    if years is not None:
        (DOCS / "timeline-years.png").write_bytes(timeline_png(build_timeline(years)))
    (DOCS / "timeline-30-years.png").write_bytes(timeline_png(synthetic(30)))


if __name__ == "__main__":
    review_page(DOCS / "review-page.png")
    timelines(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
