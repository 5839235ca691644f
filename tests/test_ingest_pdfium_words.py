"""The PDFium engine's words are pdfplumber's: its transcription of pdfplumber's word rules
(``ingest.pdfium.words``) against pdfplumber's own ``WordExtractor``, on the same chars.

The transcription stays because pdfplumber's extractor, on dicts, would cost more than the
rest of the engine's work on a page (docs/benchmarks.md); this test is what lets it stay, on
every corpus and fixture PDF, with the settings ``read_page`` uses. pyproject.toml pins
pdfplumber to the minor version the rules were read from: a new one must pass this first.
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
# What read_page asks of extract_words.
SETTINGS = {"x_tolerance": 2, "y_tolerance": 2}
KEYS = ("text", "x0", "x1", "top", "bottom", "upright", "fontname", "size")


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
                yield PdfiumPage(handle)
            finally:
                raw.FPDF_ClosePage(handle)
    finally:
        doc.close()


def test_there_are_pdfs_to_compare_on():
    assert len(PDFS) >= 30


def test_ligatures_are_pdfplumbers():
    from pdfplumber.utils.text import LIGATURES

    from isecg_extract.ingest.pdfium import words

    assert str.maketrans(LIGATURES) == words.LIGATURES


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_pdfium_words_are_pdfplumbers_word_extractor(pdf):
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(**SETTINGS, extra_attrs=["fontname", "size"])
    for number, page in enumerate(_pages(pdf), start=1):
        ours = page.extract_words(**SETTINGS)  # ingest.pdfium.words.chars_to_words
        theirs = [{k: w[k] for k in KEYS} for w in extractor.extract_words(list(page.chars))]
        assert ours == theirs, f"page {number}"
