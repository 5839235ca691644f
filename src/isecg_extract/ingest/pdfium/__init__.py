"""PDF ingest with PDFium (pypdfium2): the same pages of segments as ``ingest.pdf``, faster.

Why a second backend: pdfplumber parses content streams and lays out characters in pure Python
(pdfminer), about a tenth of a second per page; PDFium does that in C++. The layout stage and
everything after it must not notice the swap, so this package rebuilds pdfplumber's objects
from PDFium's and hands them to ``ingest.segments.read_page``, which both engines share,
through a small page object (``page.PdfiumPage``) with what it asks of a pdfplumber page:
``chars``, ``extract_words``, ``objects`` (lines, rectangles, curves) and ``find_tables``. If
``read_page`` starts asking for more, ``PdfiumPage`` must grow with it (every PDFium test then
fails with AttributeError).

By job: ``document`` opens a file and reads runs of pages (what ``ingest.workers`` calls);
``page`` is the page object; ``frame`` maps PDF coordinates to pdfplumber's; ``chars`` and
``fonts`` read the characters; ``edges`` reads the drawn shapes and ``tables`` finds ruled
tables on them. Words are made from the chars by ``ingest.words``, pdfplumber's word rules on
char tuples.

* ``chars``: pdfminer's box model, not PDFium's glyph boxes. A char spans its advance width
  from its origin and its font size upwards from the font's descent line, computed with the
  same floating-point operations as pdfminer's ``LTChar``, then put in pdfplumber's
  coordinates (``top`` from the top of the page, /Rotate applied as pdfminer applies it).
* ``extract_words``: pdfplumber's word rules re-implemented over those chars (runs of one
  font, size and orientation; lines clustered by ``top``; words split at blanks and at gaps
  over ``x_tolerance``), on tuples rather than dicts (``ingest.words``): pdfplumber's
  ``WordExtractor`` on dicts would add a third to a page's reading (docs/benchmarks.md).
* Type 3 fonts (matplotlib's text): PDFium does not expose their FontBBox, which pdfminer
  takes as their descent, so ``Type3Descents`` reads it with pdfminer, only for such files.
* ``find_tables``: PDFium has no table finder. The page's path objects become pdfplumber
  "edges" as pdfminer's ``paint_path`` and pdfplumber's ``*_to_edges`` would make them, and
  ``tables`` runs pdfplumber's "lines" table finder on them, transcribed because calling
  pdfplumber's ``TableFinder`` took the engine under its speed target (its import in every
  page reader; docs/benchmarks.md); other settings go to ``TableFinder`` itself.
  ``read_page`` reads the cells' text from ``char_tuples`` with ``ingest.words.table_rows``,
  pdfplumber's ``Table.extract`` without its per-char calls.

Known differences, none of which the samples show: the metadata holds the standard Info keys
only, without empty ones (PDFium exposes no others); PDFium keeps glyph widths in whole
1/1000 em units and positions glyphs with them, so fonts with fractional widths (pdfTeX,
Typst) drift by up to ~0.5 pt over a line of text and ~3 pt over a long dot leader;
coordinates keep single-precision rounding below 1e-4 pt (a word edge pdfplumber rounds from
x.xx5 can come out 0.01 apart); in rotated text the two parsers' rounding noise can split a
word differently; a damaged file one parser repairs and the other refuses.
"""

from isecg_extract.ingest.pdfium.document import (
    check_text,
    document_info,
    open_document,
    read_pages,
)
from isecg_extract.ingest.pdfium.page import PdfiumPage

__all__ = ["PdfiumPage", "check_text", "document_info", "open_document", "read_pages"]
