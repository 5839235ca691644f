"""The rules transcribed in ``ingest.words`` and ``ingest.pdfium.tables`` are pdfplumber's: the
PDFium engine's words against pdfplumber's ``WordExtractor``, its ruled tables against
``TableFinder`` on the same edges, and table cells' text against ``Table.extract`` and
``extract_text``, on the same chars.

The transcriptions stay because pdfplumber's functions cost too much on every page (on dicts;
and its import in every page reader: docs/benchmarks.md); these tests are what let them stay,
on every page of every corpus, fixture and sample PDF, with the settings ``read_page`` uses.
pyproject.toml pins pdfplumber to the minor version the rules were read from: a new one must
pass these first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CORPUS, ROOT, SAMPLES

pytest.importorskip("pypdfium2")

PDFS = sorted(
    [
        *CORPUS.glob("*.pdf"),
        *(ROOT / "tests" / "fixtures" / "pdfs").rglob("*.pdf"),
        *(p for p in SAMPLES.glob("*.pdf") if "-x" not in p.stem),
    ]
)
# What read_page asks of extract_words and of the table cells' text.
SETTINGS = {"x_tolerance": 2, "y_tolerance": 2}
CELL_X_TOLERANCE = 2
KEYS = ("text", "x0", "x1", "top", "bottom", "upright", "fontname", "size")
LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _pages(path: Path):
    """Each page of ``path`` as the PDFium engine reads it; nothing if PDFium cannot open it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from isecg_extract.ingest.pdfium import PdfiumPage

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return
    try:
        for index in range(len(doc)):
            handle = raw.FPDF_LoadPage(doc.raw, index)
            try:
                page = PdfiumPage(handle)
                page.objects  # noqa: B018 (the shapes are read while the page is open)
                yield page
            finally:
                raw.FPDF_ClosePage(handle)
    finally:
        doc.close()


def test_there_are_pdfs_to_compare_on():
    assert len(PDFS) >= 30


def test_the_pdfs_have_ruled_tables_to_compare():
    """The table comparison below means something only if the PDFs hold grids of many shapes."""
    from isecg_extract.ingest.pdfium.tables import LINES

    tables = [t for pdf in PDFS for page in _pages(pdf) for t in page.find_tables(LINES)]
    assert len(tables) >= 50
    assert any(None in row.cells for t in tables for row in t.rows)  # a spanning cell


def test_ligatures_are_pdfplumbers():
    from pdfplumber.utils.text import LIGATURES

    from isecg_extract.ingest import words

    assert str.maketrans(LIGATURES) == words.LIGATURES


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_words_tables_and_cells_are_pdfplumbers(pdf):
    from pdfplumber.table import TableFinder
    from pdfplumber.utils.text import WordExtractor, extract_text

    from isecg_extract.ingest.words import cell_text, table_rows

    extractor = WordExtractor(**SETTINGS, extra_attrs=["fontname", "size"])
    for number, page in enumerate(_pages(pdf), start=1):
        where = f"page {number}"
        dicts = list(page.chars)
        ours = page.extract_words(**SETTINGS)  # ingest.words.chars_to_words
        theirs = [{k: w[k] for k in KEYS} for w in extractor.extract_words(dicts)]
        assert ours == theirs, where
        # The whole page as one cell: every line, rotated text too.
        text = extract_text(dicts, x_tolerance=CELL_X_TOLERANCE)
        assert cell_text(page.char_tuples, CELL_X_TOLERANCE) == text, where
        ours_t = page.find_tables(LINES)  # ingest.pdfium.tables.lines_tables
        theirs_t = TableFinder(page, LINES).tables  # on the same edges
        assert [_grid(t) for t in ours_t] == [_grid(t) for t in theirs_t], where
        for mine, table in zip(ours_t, theirs_t, strict=True):
            expected = table.extract(x_tolerance=CELL_X_TOLERANCE)  # over page.chars
            assert table_rows(table, page.char_tuples, CELL_X_TOLERANCE) == expected, where
            assert mine.extract(x_tolerance=CELL_X_TOLERANCE) == expected, where


def _grid(table) -> tuple:
    """What ``read_page`` reads of a table: its box, cells and rows (their boxes and slots)."""
    rows = [(tuple(r.bbox), [tuple(c) if c else None for c in r.cells]) for r in table.rows]
    return tuple(table.bbox), sorted(tuple(c) for c in table.cells), rows
