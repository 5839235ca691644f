"""Tests for tools/make_samples.py and the PDF samples it generates.

The samples are fixtures for the extractor, so they must be reproducible and
must not lie: every heading is in the PDF, and each TOC entry names the page
on which its heading really is.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TEXT = SAMPLES / "isecg-annual-report-2025.txt"
SAMPLE_PDFS = {
    "word": SAMPLES / "isecg-annual-report-2025-word.pdf",
    "twocol": SAMPLES / "isecg-annual-report-2025-twocol.pdf",
}


@cache
def generator() -> ModuleType:
    """Import tools/make_samples.py by path: tools/ is not a package."""
    path = REPO / "tools" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def headings() -> list[str]:
    layout = generator().load_layout(generator().layout_path_for(TEXT))
    return [spec.title for spec in layout.headings]


def squash(text: str) -> str:
    """One space between words, so wrapped lines compare equal to titles."""
    return " ".join(text.split())


def flow_text(page: pdfplumber.page.Page) -> str:
    """Text in content-stream order: the reading order of a generated PDF.

    Position order would interleave the two columns of the twocol layout.
    """
    return squash(page.extract_text(use_text_flow=True) or "")


def toc_entries(pdf: pdfplumber.PDF, titles: list[str]) -> list[tuple[str, int]]:
    """(title, printed page) pairs read from the TOC page(s), in order.

    Pages after the cover are added one at a time until every title has an
    entry "title [dot leaders] number"; titles are matched in order, which
    keeps apart the headings that occur twice.
    """
    text = ""
    for page in pdf.pages[1:]:
        text += " " + squash(page.extract_text() or "")
        entries = _match_entries(text, titles)
        if entries is not None:
            return entries
    raise AssertionError("TOC entries not found for every heading")


def _match_entries(text: str, titles: list[str]) -> list[tuple[str, int]] | None:
    entries, pos = [], 0
    for title in titles:
        pattern = re.escape(title).replace(r"\ ", r"\s+") + r"[\s.]*?(\d+)(?!\d)"
        match = re.compile(pattern).search(text, pos)
        if match is None:
            return None
        entries.append((title, int(match[1])))
        pos = match.end()
    return entries


@pytest.mark.parametrize("layout", ["word", "twocol"])
def test_generator_is_deterministic(layout: str, tmp_path: Path) -> None:
    for module in ("fpdf", "reportlab", "pyphen", "font_caladea"):
        pytest.importorskip(module)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert generator().main(["--out", str(out), "--layout", layout]) == 0
    name = f"isecg-annual-report-2025-{layout}.pdf"
    assert (first / name).read_bytes() == (second / name).read_bytes()
    assert not [p for p in first.iterdir() if p.suffix == ".tmp"], "temp file left behind"


def test_parser_keeps_page_broken_paragraph_whole() -> None:
    layout = generator().load_layout(generator().layout_path_for(TEXT))
    report = generator().load_report(TEXT, layout)
    texts = [b.text for b in report.body if isinstance(b, generator().Paragraph)]
    assert any("communications efforts in service of benefits" in t for t in texts)
    assert not any(t[:1].islower() for t in texts)
    tables = [b for b in report.body if isinstance(b, generator().Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 27


@pytest.mark.parametrize("layout", sorted(SAMPLE_PDFS))
def test_sample_contains_every_heading_and_no_markup(layout: str) -> None:
    with pdfplumber.open(SAMPLE_PDFS[layout]) as pdf:
        body = " ".join(flow_text(page) for page in pdf.pages[2:])
    pos = 0
    for title in headings():
        found = body.find(title, pos)
        assert found >= 0, f"{layout}: heading {title!r} missing (or out of order)"
        pos = found + len(title)
    for marker in ("**", "*", "](", "[", "\u00ad"):
        assert marker not in body, f"{layout}: markup {marker!r} leaked into the PDF"


@pytest.mark.parametrize("layout", sorted(SAMPLE_PDFS))
def test_sample_toc_page_numbers_are_truthful(layout: str) -> None:
    with pdfplumber.open(SAMPLE_PDFS[layout]) as pdf:
        entries = toc_entries(pdf, headings())
        pages = [page for _, page in entries]
        assert pages == sorted(pages)
        for title, page in entries:
            # The cover is printed page 1, so printed page == physical index.
            assert 3 <= page <= len(pdf.pages)
            assert title in flow_text(pdf.pages[page - 1]), f"{layout}: {title!r} not on {page}"


def test_word_sample_has_ruled_member_table() -> None:
    with pdfplumber.open(SAMPLE_PDFS["word"]) as pdf:
        # Every page has a header rule; only table pages have many more lines.
        ruled = [page for page in pdf.pages if len(page.lines) + len(page.rects) > 10]
        rows = [row for page in ruled for t in page.find_tables() for row in t.extract()]
    assert len(rows) == 27
    assert ["Brazil", "Agência Espacial Brasileira (AEB)"] in rows


def test_twocol_sample_body_is_set_in_two_columns() -> None:
    with pdfplumber.open(SAMPLE_PDFS["twocol"]) as pdf:
        page = pdf.pages[2]
        middle = page.width / 2
        words = [w for w in page.extract_words() if 80 < w["top"] < page.height - 80]
        left = [w for w in words if w["x1"] < middle]
        right = [w for w in words if w["x0"] > middle]
        across = [w for w in words if w["x0"] < middle < w["x1"]]
    assert len(left) > 150 and len(right) > 150
    # Only the full-width chapter headings may cross the gutter.
    assert all(w["bottom"] - w["top"] > 14 for w in across)
