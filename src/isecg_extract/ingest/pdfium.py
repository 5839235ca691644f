"""PDF ingest with PDFium (pypdfium2): the same pages of segments as ``ingest.pdf``, faster.

Why a second backend: pdfplumber parses content streams and lays out characters in pure Python
(pdfminer), about a tenth of a second per page; PDFium does that in C++. The layout stage and
everything after it must not notice the swap, so this module rebuilds pdfplumber's objects
from PDFium's and hands them to ``ingest.pdf.read_page`` itself, through a small page object
(``PdfiumPage``) with what it asks of a pdfplumber page: ``chars``, ``extract_words``,
``objects`` (lines, rectangles, curves) and ``find_tables``. If ``read_page`` starts asking
for more, ``PdfiumPage`` must grow with it (every PDFium test then fails with AttributeError).

* ``chars``: pdfminer's box model, not PDFium's glyph boxes. A char spans its advance width
  from its origin and its font size upwards from the font's descent line, computed with the
  same floating-point operations as pdfminer's ``LTChar``, then put in pdfplumber's
  coordinates (``top`` from the top of the page, /Rotate applied as pdfminer applies it).
* ``extract_words``: pdfplumber's word rules re-implemented over those chars (runs of one
  font, size and orientation; lines clustered by ``top``; words split at blanks and at gaps
  over ``x_tolerance``), on tuples rather than dicts, which is most of the speed-up.
* Type 3 fonts (matplotlib's text): PDFium does not expose their FontBBox, which pdfminer
  takes as their descent, so ``Type3Descents`` reads it with pdfminer, only for such files.
* ``find_tables``: PDFium has no table finder. The page's path objects become pdfplumber
  "edges" as pdfminer's ``paint_path`` and pdfplumber's ``*_to_edges`` would make them, and
  pdfplumber's own ``TableFinder`` runs on them (imported only when a page has rules enough
  for a grid).

Known differences, none of which the samples show: the metadata holds the standard Info keys
only, without empty ones (PDFium exposes no others); PDFium keeps glyph widths in whole
1/1000 em units and positions glyphs with them, so fonts with fractional widths (pdfTeX,
Typst) drift by up to ~0.5 pt over a line of text and ~3 pt over a long dot leader;
coordinates keep single-precision rounding below 1e-4 pt (a word edge pdfplumber rounds from
x.xx5 can come out 0.01 apart); in rotated text the two parsers' rounding noise can split a
word differently; a damaged file one parser repairs and the other refuses.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from isecg_extract.errors import (
    EncryptedPdf,
    MalformedPdf,
    NoPages,
    NoTextLayer,
)
from isecg_extract.ingest.pdf import page_errors, read_page
from isecg_extract.model import Page, PageRun

# PDFium's floats are single precision (about 3e-5 of noise at 800 pt): rounding to this many
# decimals gives back the values a producer wrote, as pdfminer reads them.
_DIGITS = 4
_SCALE = 10.0**_DIGITS
# pdfplumber expands these when it joins chars into words (pdfplumber.utils.text.LIGATURES).
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb06": "st",
        "\ufb05": "st",
    }
)
# pdfminer reads the standard fonts' metrics from its AFM tables (pdfminer.fontmetrics)
# whatever the PDF holds, and names them by the AFM FontName: name -> (FontName, Descent).
_AFM = {"Courier": -194.0, "Helvetica": -207.0, "Times": -217.0}
STANDARD_FONTS: dict[str, tuple[str, float]] = {
    **{
        f"{family}{style}": (f"{family}{style}", _AFM[family])
        for family in ("Courier", "Helvetica")
        for style in ("", "-Bold", "-BoldOblique", "-Oblique")
    },
    **{
        f"Times-{s}": (f"Times-{s}", _AFM["Times"])
        for s in ("Roman", "Bold", "BoldItalic", "Italic")
    },
    "Symbol": ("Symbol", 0.0),
    "ZapfDingbats": ("ZapfDingbats", 0.0),
    **{
        f"{alias}{suffix}": (f"{family}{style}", _AFM[family.split("-")[0]])
        for alias, family, styles in (
            ("Arial", "Helvetica", ("", "-Oblique", "-Bold", "-BoldOblique")),
            ("CourierNew", "Courier", ("", "-Oblique", "-Bold", "-BoldOblique")),
            ("TimesNewRoman", "Times", ("-Roman", "-Italic", "-Bold", "-BoldItalic")),
        )
        for suffix, style in zip(("", ",Italic", ",Bold", ",BoldItalic"), styles, strict=True)
    },
}
# Scripts written right to left, whose lines PDFium reorders char by char (see _owners).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
_META_KEYS_ALL = (*_META_KEYS, "CreationDate", "ModDate", "Trapped")

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Obj = dict[str, Any]
# A char as a tuple while the page is read (dicts cost a microsecond each):
# (x0, x1, top, bottom, size, text, fontname, upright)
CharTuple = tuple[float, float, float, float, float, str, str, bool]
_X0, _X1, _TOP, _BOTTOM, _SIZE, _TEXT, _FONT, _UPRIGHT = range(8)


# ---------------------------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------------------------


def open_document(path: Path, password: str | None) -> Any:
    """Open with PDFium, turning its load error codes into our typed errors."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdf(str(path), "wrong password" if password else "") from exc
        if code == raw.FPDF_ERR_SECURITY:
            raise EncryptedPdf(str(path), "unsupported security handler") from exc
        raise MalformedPdf(str(path), f"PdfiumError: {exc}"[:200]) from exc


def check_text(path: Path, n: int, runs: list[PageRun]) -> None:
    """No characters on any page: a scan, or (nothing drawn at all) a blank document."""
    if sum(r.chars for r in runs) == 0:
        if sum(r.objects for r in runs) == 0:
            # Nothing at all on any page: pdfminer reads such files (corpus issue-297) as
            # having no pages, and "run OCR" would be wrong advice for a blank document.
            raise NoPages(str(path))
        raise NoTextLayer(str(path), f"{n} page(s) without text")


def document_info(doc: Any) -> tuple[int, dict[str, str]]:
    """Page count and metadata of an open document."""
    meta = read_metadata(doc.raw)
    n = len(doc)
    return n, meta


def read_pages(doc: Any, path: Path, opts: Any, first: int, last: int) -> PageRun:
    """Pages ``first``..``last`` (1-based, inclusive) of an open document."""
    import pypdfium2.raw as raw

    run = PageRun()
    type3 = Type3Descents(path, opts.password)
    for index in range(first, last + 1):
        handle = raw.FPDF_LoadPage(doc.raw, index - 1)
        if not handle:
            raise MalformedPdf(str(path), f"page {index}: PDFium cannot load it")
        try:
            with page_errors(path, index):
                page = PdfiumPage(handle, type3)
                lines, n_chars = read_page(page, index)
        finally:
            raw.FPDF_ClosePage(handle)  # keep memory flat on long documents
        run.chars += n_chars
        run.objects += page.n_objects
        run.pages.append(Page(number=index, width=page.width, height=page.height, lines=lines))
    return run


def read_metadata(doc: Any) -> dict[str, str]:
    """The Info entries PDFium can be asked for by name, lower-cased as ``ingest.pdf`` has them."""
    import pypdfium2.raw as raw

    out: dict[str, str] = {}
    for key in _META_KEYS_ALL:
        size = raw.FPDF_GetMetaText(doc, key.encode("ascii"), None, 0)
        if size <= 2:  # absent or empty (PDFium cannot tell them apart)
            continue
        buf = ctypes.create_string_buffer(size)
        raw.FPDF_GetMetaText(doc, key.encode("ascii"), buf, size)
        out[key.lower()] = buf.raw[: size - 2].decode("utf-16-le", errors="replace")
    return out


# ---------------------------------------------------------------------------------------------
# Geometry: PDF user space -> pdfminer's device space -> pdfplumber's page coordinates
# ---------------------------------------------------------------------------------------------


class PageFrame:
    """pdfminer's page rotation and pdfplumber's flip, as one map from PDF user space.

    pdfminer turns the page by its /Rotate and moves the media box to the origin; pdfplumber
    then flips y (``top`` from the top edge) and adds the media box's corner back (its issue
    1181). Reproducing both keeps every coordinate comparable with the pdfplumber backend.
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        # pdfminer builds its page matrix from the box as written (even upside down) ...
        x0, y0, x1, y1 = mediabox
        self.rotation = rotation % 360
        if self.rotation == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif self.rotation == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif self.rotation == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        # ... and pdfplumber its page size from the box put in order.
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        box = (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)
        self.width = box[2] - box[0]
        self.height = box[3] - box[1]
        self.left = box[0]
        self.top = self.height - box[3]
        # Unrotated media box at the origin, the common case: device space is user space.
        self.plain = self.ctm == (1, 0, 0, 1, 0, 0)

    def device(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e, b * x + d * y + f

    def point(self, x: float, y: float) -> Point:
        """(x, top) in pdfplumber's coordinates of a point in PDF user space."""
        dx, dy = self.device(x, y)
        return (dx + self.left if self.left else dx), (self.height - dy) + self.top

    def matrix(self, m: Matrix) -> Matrix:
        """A user-space matrix followed by the page rotation (pdfminer's device space)."""
        return _mult(m, self.ctm)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """pdfminer's mult_matrix: m then n."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _apply(m: Matrix, x: float, y: float) -> Point:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def page_frame(page: Any) -> PageFrame:
    """The page's media box (its own, else the inherited one PDFium resolved) and rotation."""
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        box = (left.value, bottom.value, right.value, top.value)
    else:
        # Inherited from the page tree: PDFium resolves it into the page box, which a crop
        # box would cut (pdfplumber keeps the media box; rare enough to accept).
        rect = raw.FS_RECTF()
        raw.FPDF_GetPageBoundingBox(page, rect)
        box = (rect.left, rect.bottom, rect.right, rect.top)
    x0, y0, x1, y1 = (round(v, _DIGITS) for v in box)
    return PageFrame((x0, y0, x1, y1), (raw.FPDFPage_GetRotation(page) or 0) * 90)


def _key(handle: Any) -> int | None:
    """A PDFium handle as an int: ctypes pointers compare by identity, not by address."""
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


# ---------------------------------------------------------------------------------------------
# The page, as ingest.pdf.read_page sees a pdfplumber page
# ---------------------------------------------------------------------------------------------


class PdfiumPage:
    """A PDFium page with the parts of pdfplumber's ``Page`` that ``read_page`` uses."""

    def __init__(self, handle: Any, type3: Type3Descents | None = None) -> None:
        import pypdfium2.raw as raw

        self.frame = page_frame(handle)
        self.width = self.frame.width
        self.height = self.frame.height
        left, top = self.frame.left, self.frame.top
        self.bbox = (left, top, left + self.width, top + self.height)
        order, self.paths = page_objects(handle)
        self.n_objects = raw.FPDFPage_CountObjects(handle)
        textpage = raw.FPDFText_LoadPage(handle)
        try:
            self.char_tuples = page_chars(textpage, self.frame, order, type3)
        finally:
            raw.FPDFText_ClosePage(textpage)
        self._edges: dict[str, Any] | None = None

    @property
    def chars(self) -> Sequence[Obj]:
        """pdfplumber char dicts; ``read_page`` only counts them, so they are built on demand."""
        return _CharDicts(self.char_tuples)

    @property
    def edges(self) -> list[Obj]:
        """pdfplumber's ``page.edges``: every line, rectangle side and polyline segment."""
        return [e for kind in ("line", "rect", "curve") for e in self._shapes()[kind]]

    @property
    def objects(self) -> dict[str, list[Obj]]:
        """pdfplumber's ``page.objects`` for the drawn shapes: one entry per line, rectangle or
        curve (as edge lists: a rectangle's four sides, a curve's segments)."""
        shapes = self._shapes()
        return {
            "line": shapes["line"],
            "rect": [shapes["rect"][i : i + 4] for i in range(0, len(shapes["rect"]), 4)],
            "curve": shapes["curve_objects"],
        }

    def _shapes(self) -> dict[str, Any]:
        if self._edges is None:
            self._edges = page_edges(self.paths, self.frame)
        return self._edges

    def extract_words(self, x_tolerance: float = 3, y_tolerance: float = 3, **_: Any) -> list[Obj]:
        """Words with ``fontname`` and ``size``, as ``extract_words(extra_attrs=[...])``."""
        return chars_to_words(self.char_tuples, x_tolerance, y_tolerance)

    def find_tables(self, table_settings: dict[str, Any]) -> list[Any]:
        """Ruled tables: pdfplumber's ``TableFinder`` on this page's edges, as ``page.find_tables``.

        Its tables read their cells' text from ``chars`` (``Table.extract``) as on a pdfplumber
        page. A page without a grid's worth of rules skips the finder.
        """
        if not _could_hold_table(self.edges):
            return []
        from pdfplumber.table import TableFinder

        return TableFinder(self, table_settings).tables  # type: ignore[arg-type]


class _CharDicts(Sequence[Obj]):
    """The page's chars as pdfplumber dicts, built on first use; ``len`` costs nothing."""

    def __init__(self, chars: list[CharTuple]) -> None:
        self._tuples = chars
        self._dicts: list[Obj] | None = None

    def _all(self) -> list[Obj]:
        if self._dicts is None:
            self._dicts = [
                {
                    "text": c[_TEXT],
                    "fontname": c[_FONT],
                    "size": c[_SIZE],
                    "x0": c[_X0],
                    "x1": c[_X1],
                    "top": c[_TOP],
                    "bottom": c[_BOTTOM],
                    "doctop": c[_TOP],
                    "upright": c[_UPRIGHT],
                }
                for c in self._tuples
            ]
        return self._dicts

    def __len__(self) -> int:
        return len(self._tuples)

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[Obj]:
        return iter(self._all())


def page_objects(page: Any) -> tuple[dict[int | None, int], list[tuple[Any, Matrix]]]:
    """The page's objects in content order, form contents in place, as pdfminer walks them.

    Returns the rank of every text object, by which chars are put back in content order
    (PDFium's text page moves objects it finds on one line), and every path object with its
    matrix to user space (composed through the forms that hold it).
    """
    import pypdfium2.raw as raw

    order: dict[int | None, int] = {}
    paths: list[tuple[Any, Matrix]] = []
    text, path, form = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM

    def walk(objects: list[Any], outer: Matrix | None) -> None:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == text:
                order[_key(obj)] = len(order)
            elif kind in (path, form):
                fm = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, fm)
                m: Matrix = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                if outer is not None:
                    m = _mult(m, outer)
                if kind == path:
                    paths.append((obj, m))
                else:
                    n = raw.FPDFFormObj_CountObjects(obj)
                    walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(n)], m)

    walk([raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))], None)
    return order, paths


# ---------------------------------------------------------------------------------------------
# Chars
# ---------------------------------------------------------------------------------------------


class _TextObject(NamedTuple):
    """What every char of one PDFium text object shares."""

    fontname: str
    fontsize: float
    matrix: Matrix  # text rendering matrix in device space, translation left out
    lo: float  # descent line and top of the em box above the baseline, in text space
    hi: float
    upright: bool
    font: int | None
    rank: int  # position of the object in content order


def _text_object(
    textpage: Any,
    index: int,
    rank: int,
    frame: PageFrame,
    fonts: dict[int | None, Any],
    type3: Type3Descents | None = None,
) -> _TextObject:
    """Font name, size, descent and matrix of the text object holding char ``index``."""
    import pypdfium2.raw as raw

    font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, index))
    font_key = _key(font)
    known = fonts.get(font_key)
    if known is None:
        known = fonts[font_key] = _font(textpage, index, font, type3)
    name, descent = known
    size = round(float(raw.FPDFText_GetFontSize(textpage, index)), _DIGITS)
    fm = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, fm)
    a, b, c, d = (round(v, _DIGITS + 2) for v in (fm.a, fm.b, fm.c, fm.d))
    dm = frame.matrix((a, b, c, d, 0.0, 0.0))
    lo = descent * size
    upright = dm[0] * dm[3] > 0 and dm[1] * dm[2] <= 0
    return _TextObject(name, size, dm, lo, lo + size, upright, font_key, rank)


def _font(textpage: Any, index: int, font: Any, type3: Type3Descents | None) -> tuple[str, float]:
    """A font's name and descent per point of size, as pdfminer has them."""
    import pypdfium2.raw as raw

    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    n = raw.FPDFText_GetFontInfo(textpage, index, buf, 256, flags)
    name = buf.value.decode("utf-8", errors="replace") if n else ""
    standard = STANDARD_FONTS.get(name)
    if standard is not None:
        name, units = standard
    else:
        if type3 is not None and font and _is_type3(font):
            known = type3.descent(name)
            if known is not None:
                return name, known
        value = ctypes.c_float()
        ok = font and raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), value)
        units = float(round(value.value)) if ok else 0.0
    descent = units * 0.001
    return name, -descent if descent > 0 else descent  # pdfminer turns a positive one negative


def _is_type3(font: Any) -> bool:
    """A Type 3 font: embedded, yet without a font program (its glyphs are content streams)."""
    import pypdfium2.raw as raw

    size = ctypes.c_size_t()
    raw.FPDFFont_GetFontData(font, None, 0, size)
    return bool(raw.FPDFFont_GetIsEmbedded(font)) and size.value == 0


class Type3Descents:
    """pdfminer's descent of each Type 3 font of a document: its FontBBox bottom, scaled.

    PDFium exposes neither a Type 3 font's FontBBox nor its FontMatrix, and its own descent for
    such fonts depends on which glyphs it has drawn. pdfminer (already installed with
    pdfplumber) reads them from the font dictionaries, once per document and only when a
    Type 3 font turns up (matplotlib's default for the text of figures).
    """

    def __init__(self, path: Path, password: str | None) -> None:
        self.path, self.password = path, password
        self.table: dict[str, float] | None = None

    def descent(self, name: str) -> float | None:
        if self.table is None:
            try:
                self.table = self._read()
            except Exception:  # a file pdfminer cannot read: keep PDFium's value
                self.table = {}
        return self.table.get(name)

    def _read(self) -> dict[str, float]:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import dict_value, list_value, resolve1
        from pdfminer.psparser import literal_name

        table: dict[str, float] = {}
        seen: set[int] = set()
        with open(self.path, "rb") as fp:
            doc = PDFDocument(PDFParser(fp), password=self.password or "")
            for page in PDFPage.create_pages(doc):
                fonts = dict_value(dict_value(page.resources).get("Font", {}))
                for ref in fonts.values():
                    key = getattr(ref, "objid", id(ref))
                    if key in seen:
                        continue
                    seen.add(key)
                    spec = dict_value(ref)
                    if literal_name(spec.get("Subtype")) != "Type3" or "BaseFont" not in spec:
                        continue
                    a, b, c, d, _, _ = (float(resolve1(v)) for v in list_value(spec["FontMatrix"]))
                    bottom = float(resolve1(list_value(spec["FontBBox"])[1]))
                    table.setdefault(literal_name(spec["BaseFont"]), bottom * (b + d))
        return table


def _prototype(func: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called through a plain prototype (handles passed as ints).

    A void* result comes back as an int, which is hashable (ctypes pointers compare by
    identity) and cheaper than casting a pointer on every call.
    """
    address = ctypes.cast(func, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _owners(get_object: Any, tp: int, n: int) -> list[int | None]:
    """The text object of every char index, from a few calls instead of one per char.

    PDFium appends each text object's chars in one piece (it may move whole objects, and
    puts made-up spaces between them, which own nothing), so two indices with the same owner
    enclose only that owner's chars: bisecting finds each object's bounds in O(log n) calls.
    Right-to-left lines are reordered char by char, so pages with such script are not
    given to this (see ``_RTL``).
    """
    owners: list[int | None] = [None] * n
    stack = [(0, n - 1, get_object(tp, 0), get_object(tp, n - 1))]
    while stack:
        lo, hi, k_lo, k_hi = stack.pop()
        if k_lo == k_hi and k_lo is not None:
            owners[lo : hi + 1] = [k_lo] * (hi - lo + 1)
        elif hi - lo <= 1:
            owners[lo], owners[hi] = k_lo, k_hi
        else:
            mid = (lo + hi) // 2
            k_mid = get_object(tp, mid)
            stack.append((lo, mid, k_lo, k_mid))
            stack.append((mid, hi, k_mid, k_hi))
    return owners


def _page_text(textpage: Any, n: int) -> str | None:
    """All chars' text in one call; None when it does not map one-to-one onto char indices."""
    import pypdfium2.raw as raw

    buf = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(buf)[: max(0, written - 1) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def page_chars(
    textpage: Any,
    frame: PageFrame,
    order: dict[int | None, int],
    type3: Type3Descents | None = None,
) -> list[CharTuple]:
    """The page's chars in content order, without the spaces and line ends PDFium makes up.

    pdfminer has no made-up chars and splits words at gaps instead, so PDFium's "generated"
    ones go and the gap rule does their work. Each box is pdfminer's: ``apply_matrix_rect`` of
    the text rendering matrix (device space, at the char's origin) over ``(0, descent, advance,
    descent + size)``, written with the same floating-point operations. This loop is the
    backend's hot spot (a few microseconds a char), hence the locals and per-object caches.
    """
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = _page_text(textpage, n)
    # The per-char calls go through void*-typed prototypes: pypdfium2's typed ones convert and
    # check every argument, which costs more than PDFium's work.
    vp, c_int = ctypes.c_void_p, ctypes.c_int
    get_object = _prototype(raw.FPDFText_GetTextObject, vp, vp, c_int)
    get_origin = _prototype(raw.FPDFText_GetCharOrigin, c_int, vp, c_int, vp, vp)
    is_generated = _prototype(raw.FPDFText_IsGenerated, c_int, vp, c_int)
    tp = _key(textpage)
    owners = _owners(get_object, tp, n) if text is not None and not _RTL.search(text) else None
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_p, oy_p = ctypes.addressof(ox), ctypes.addressof(oy)
    objects: dict[int | None, _TextObject] = {}
    fonts: dict[int | None, Any] = {}
    widths: dict[int | None, dict[str, float | None]] = {}
    by_object: dict[int, list[CharTuple]] = {}
    plain = frame.plain
    height, left, top0 = frame.height, frame.left, frame.top
    last_key: int | None = -1
    obj: _TextObject | None = None
    raw_y, f = None, 0.0
    last_x, last_char_key = None, -1
    for i in range(n):
        ch = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(textpage, i))
        if ch.isspace():
            if is_generated(tp, i) == 1:
                continue
        elif ch == "\x00":
            continue
        elif ch in "\x02\ufffe":  # PDFium's mark for a hyphen ending a line (U+FFFE in GetText)
            ch = "-"
        elif "\ud800" <= ch <= "\udfff":  # a broken ToUnicode map: no text can hold a lone
            ch = "\ufffd"  # surrogate (it could not even be written as UTF-8)
        key = owners[i] if owners is not None else get_object(tp, i)
        if key != last_key or obj is None:
            obj = objects.get(key)
            if obj is None:
                rank = order.get(key, len(order))
                obj = objects[key] = _text_object(textpage, i, rank, frame, fonts, type3)
            last_key = key
            fontname, fontsize, upright = obj.fontname, obj.fontsize, obj.upright
            a, b, c, d = obj.matrix[:4]
            lo, hi = obj.lo, obj.hi
            dlo, dhi = d * lo, d * hi
            axis = plain and b == 0 and c == 0 and a > 0 and d > 0
            wmap = widths.setdefault(obj.font, {})
            bucket = by_object.setdefault(obj.rank, [])
            raw_y = None
        w = wmap.get(ch, -1.0)
        if w == -1.0:
            w = wmap[ch] = _char_width(textpage, i, ch)
        adv = w * fontsize if w is not None else _loose_advance(textpage, i, a, b)
        get_origin(tp, i, ox_p, oy_p)
        if (
            ox.value == last_x
            and oy.value == raw_y
            and key == last_char_key
            and bucket
            and not ch.isspace()
            and not bucket[-1][_TEXT].isspace()
        ):
            # Several chars at one origin: one glyph that maps to several letters (a ligature
            # mapped to "ffi"). pdfminer keeps it as one char with that text and the glyph's
            # advance, which PDFium's loose box spans.
            prev = bucket[-1]
            x1 = prev[_X1]
            if axis:
                x1 = max(x1, prev[_X0] + a * _loose_advance(textpage, i, a, b))
            bucket[-1] = (prev[0], x1, *prev[2:5], prev[_TEXT] + ch, *prev[6:])
            continue
        last_x, last_char_key = ox.value, key
        # Single-precision noise off (see _DIGITS), without round()'s cost on every char.
        e = math.floor(ox.value * _SCALE + 0.5) / _SCALE
        if oy.value != raw_y:
            raw_y = oy.value
            f = math.floor(raw_y * _SCALE + 0.5) / _SCALE
        if axis:
            # b = c = 0: pdfminer's four corners reduce to these, with identical results.
            x0, x1 = e, a * adv + e
            y0, y1 = dlo + f, dhi + f
            size = y1 - y0
        else:
            ex, fy = (e, f) if plain else frame.device(e, f)
            xs = (c * lo + ex, a * adv + c * lo + ex, a * adv + c * hi + ex, c * hi + ex)
            ys = (d * lo + fy, b * adv + d * lo + fy, b * adv + d * hi + fy, d * hi + fy)
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            # Rotated text: each char's height carries its own rounding noise, which would cut
            # the runs of one size that words are made from.
            size = round(y1 - y0, 9)
        if left:
            x0, x1 = x0 + left, x1 + left
        bucket.append(
            (x0, x1, (height - y1) + top0, (height - y0) + top0, size, ch, fontname, upright)
        )
    return [c for rank in sorted(by_object) for c in by_object[rank]]


def _char_width(textpage: Any, index: int, ch: str) -> float | None:
    """Advance width in text space per point of size: pdfminer's ``char_width()``.

    PDFium's "glyph width" call takes a Unicode code point and maps it to the char code itself.
    """
    import pypdfium2.raw as raw

    width = ctypes.c_float()
    font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, index))
    ok = font and raw.FPDFFont_GetGlyphWidth(font, ord(ch), 1000.0, width)
    return width.value * 0.001 if ok and width.value > 0 else None


def _loose_advance(textpage: Any, index: int, a: float, b: float) -> float:
    """The advance of a char the font has no width for (an unmapped glyph), from its loose box.

    The loose box spans the advance unless the ink overhangs it: close enough for word gaps.
    """
    import pypdfium2.raw as raw

    loose = raw.FS_RECTF()
    if not raw.FPDFText_GetLooseCharBox(textpage, index, loose):
        return 0.0
    return abs(loose.right - loose.left) / ((a * a + b * b) ** 0.5 or 1.0)


# ---------------------------------------------------------------------------------------------
# Chars -> words, as pdfplumber's WordExtractor with extra_attrs=["fontname", "size"]
# ---------------------------------------------------------------------------------------------


def _cluster(chars: list[Any], index: int | str, tolerance: float) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: values chained within ``tolerance``, in value order."""
    values = {c[index] for c in chars}
    if len(values) == 1:  # the usual run: one text object on one baseline
        return [chars]
    ids: dict[float, int] = {}
    cluster, last = 0, None
    for v in sorted(values):
        if last is not None and v > last + tolerance:
            cluster += 1
        ids[v] = cluster
        last = v
    ordered = sorted(chars, key=lambda c: ids[c[index]])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda c: ids[c[index]])]


def _line_words(
    line: list[CharTuple], upright: bool, x_tol: float, y_tol: float
) -> list[list[CharTuple]]:
    """One line's chars in reading order, split at blanks and at gaps over the tolerance.

    pdfplumber's test: a char starts a new word if it starts left of the previous one, more
    than the tolerance after its end, or off its line (``top``); rotated text is read top to
    bottom with the axes swapped.
    """
    words: list[list[CharTuple]] = []
    word: list[CharTuple] = []
    prev: CharTuple | None = None
    if upright:
        for ch in sorted(line, key=_by_x0):
            if ch[5].isspace():  # _TEXT; literal indices keep this loop fast
                if word:
                    words.append(word)
                word, prev = [], None
                continue
            if prev is not None and (
                ch[0] < prev[0] or ch[0] > prev[1] + x_tol or abs(ch[2] - prev[2]) > y_tol
            ):
                words.append(word)
                word = []
            word.append(ch)
            prev = ch
    else:
        for ch in sorted(line, key=_by_top):
            if ch[_TEXT].isspace():
                if word:
                    words.append(word)
                word, prev = [], None
                continue
            if prev is not None and (
                ch[_TOP] < prev[_TOP]
                or ch[_TOP] > prev[_BOTTOM] + y_tol
                or abs(ch[_X0] - prev[_X0]) > x_tol
            ):
                words.append(word)
                word = []
            word.append(ch)
            prev = ch
    if word:
        words.append(word)
    return words


_by_x0 = itemgetter(_X0)
_by_top = itemgetter(_TOP, _BOTTOM)
_texts = itemgetter(_TEXT)
_x0s, _x1s, _tops, _bottoms = (itemgetter(k) for k in (_X0, _X1, _TOP, _BOTTOM))


def _word(chars: list[CharTuple]) -> Obj:
    """pdfplumber's ``merge_chars``: the chars' box, text and the first char's font."""
    first = chars[0]
    if len(chars) == 1:
        x0, x1, top, bottom = first[_X0], first[_X1], first[_TOP], first[_BOTTOM]
    else:
        x0, x1 = min(map(_x0s, chars)), max(map(_x1s, chars))
        top, bottom = min(map(_tops, chars)), max(map(_bottoms, chars))
    return {
        "text": "".join(map(_texts, chars)).translate(_LIGATURES),
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "upright": first[_UPRIGHT],
        "fontname": first[_FONT],
        "size": first[_SIZE],
    }


def chars_to_words(chars: list[CharTuple], x_tol: float = 3, y_tol: float = 3) -> list[Obj]:
    """Words with font name and size, as pdfplumber's ``extract_words`` makes them.

    Chars are taken in runs of one orientation, font and size (content order), each run
    clustered into lines by ``top`` (by ``x0`` for rotated text) and split into words.
    """
    words: list[Obj] = []
    for (upright, _, _), group in itertools.groupby(chars, key=itemgetter(_UPRIGHT, _FONT, _SIZE)):
        run = list(group)
        lines = _cluster(run, _TOP if upright else _X0, y_tol if upright else x_tol)
        for line in lines:
            words.extend(map(_word, _line_words(line, upright, x_tol, y_tol)))
    return words


# ---------------------------------------------------------------------------------------------
# Ruled tables: path objects -> pdfplumber edges
# ---------------------------------------------------------------------------------------------


def path_subpaths(obj: Any, m: Matrix) -> list[tuple[str, list[Point]]]:
    """A path object as pdfminer sees it: per subpath, its operators (m, l, c, h) and points.

    PDFium stores a curve as three Bezier points and closing as a flag on the last segment;
    pdfminer keeps one point per operator (a curve's end point) and an ``h`` operator whose
    point is the subpath's start.
    """
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, list[Point]]] = []
    shape, pts = "", []
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = _apply(m, x.value, y.value)
        pt = (round(px, _DIGITS), round(py, _DIGITS))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if shape:
                out.append((shape, pts))
            shape, pts, bezier = "m", [pt], 0
        elif kind == raw.FPDF_SEGMENT_LINETO and shape:
            shape += "l"
            pts.append(pt)
        elif kind == raw.FPDF_SEGMENT_BEZIERTO and shape:
            bezier += 1
            if bezier % 3:
                continue
            shape += "c"
            pts.append(pt)
        else:
            continue
        if raw.FPDFPathSegment_GetClose(seg):
            shape += "h"
            pts.append(pts[0])
    if shape:
        out.append((shape, pts))
    return out


def _edge(kind: str, p0: Point, p1: Point, orientation: str | None) -> Obj:
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _is_rect(pts: list[Point]) -> bool:
    """pdfminer's test for a rectangle: a closed loop of four axis-aligned sides."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts[:5]
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return pts[0] == last and square


def page_edges(paths: list[tuple[Any, Matrix]], frame: PageFrame) -> dict[str, Any]:
    """pdfplumber's edges by kind: lines, rectangle sides, polyline segments (and polylines).

    Shapes are classified as pdfminer's ``paint_path`` does (two points: a line; a closed
    axis-aligned four-point loop: a rectangle; anything else: a curve) and cut into edges as
    pdfplumber's ``line_to_edge``, ``rect_to_edges`` and ``curve_to_edges`` do.
    """
    lines: list[Obj] = []
    rects: list[Obj] = []
    curves: list[Obj] = []
    curve_objects: list[list[Obj]] = []
    for obj, m in paths:
        for shape, user_pts in path_subpaths(obj, m):
            if len(shape) > 3 and shape[-2:] == "lh" and user_pts[-2] == user_pts[0]:
                shape = shape[:-2] + "h"  # a redundant "l" back to the start
                user_pts = user_pts[:-1]
            pts = [frame.point(*p) for p in user_pts]
            if shape in {"mlh", "ml"}:
                # line_to_edge: anything not horizontal counts as vertical.
                flat = pts[0][1] == pts[1][1]
                lines.append(_edge("line", pts[0], pts[1], "h" if flat else "v"))
            elif shape in {"mlllh", "mllll"} and _is_rect(user_pts):
                x0, x1 = sorted((pts[0][0], pts[2][0]))
                top, bottom = sorted((pts[0][1], pts[2][1]))
                rects.append(_edge("rect_edge", (x0, top), (x1, top), "h"))
                rects.append(_edge("rect_edge", (x0, bottom), (x1, bottom), "h"))
                rects.append(_edge("rect_edge", (x0, top), (x0, bottom), "v"))
                rects.append(_edge("rect_edge", (x1, top), (x1, bottom), "v"))
            else:
                segments = [
                    _edge(
                        "curve_edge",
                        p0,
                        p1,
                        "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
                    )
                    for p0, p1 in itertools.pairwise(pts)
                ]
                curves.extend(segments)
                curve_objects.append(segments)
    return {"line": lines, "rect": rects, "curve": curves, "curve_objects": curve_objects}


def _could_hold_table(edges: list[Obj]) -> bool:
    """A grid of two cells needs three rules one way and two the other, before merging."""
    v = sum(1 for e in edges if e["orientation"] == "v" and e["height"] >= 1)
    h = sum(1 for e in edges if e["orientation"] == "h" and e["width"] >= 1)
    return v >= 2 and h >= 2 and max(v, h) >= 3
