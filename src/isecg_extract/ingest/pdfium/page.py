"""A PDFium page as ``ingest.segments.read_page`` sees a pdfplumber page (``PdfiumPage``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from isecg_extract.ingest.pdfium.chars import CharDicts, handle_key, page_chars
from isecg_extract.ingest.pdfium.edges import could_hold_table, page_edges
from isecg_extract.ingest.pdfium.fonts import Type3Descents
from isecg_extract.ingest.pdfium.frame import Matrix, mult_matrix, page_frame
from isecg_extract.ingest.pdfium.tables import LINES, lines_tables
from isecg_extract.ingest.words import chars_to_words

Obj = dict[str, Any]


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
        self._char_dicts = CharDicts(self.char_tuples)
        self._shape_cache: tuple[list[Obj], dict[str, list[Obj]]] | None = None

    @property
    def chars(self) -> Sequence[Obj]:
        """pdfplumber char dicts, built once and only when iterated: ``read_page`` only counts
        them (cells' text comes from ``char_tuples``), pdfplumber's ``Table.extract`` reads them."""
        return self._char_dicts

    @property
    def edges(self) -> list[Obj]:
        """pdfplumber's ``page.edges``: every line, rectangle side and polyline segment."""
        return self._shapes()[0]

    @property
    def objects(self) -> dict[str, list[Obj]]:
        """pdfplumber's ``page.objects`` for the drawn shapes: one entry per line, rectangle or
        curve (as edge lists: a rectangle's four sides, a curve's segments)."""
        return self._shapes()[1]

    def _shapes(self) -> tuple[list[Obj], dict[str, list[Obj]]]:
        """Edges and objects, made once: ``read_page`` asks for the objects twice (rules, drawn
        bullets) and ``find_tables`` for the edges twice."""
        if self._shape_cache is None:
            shapes = page_edges(self.paths, self.frame)
            rects = shapes["rect"]
            edges = [e for kind in ("line", "rect", "curve") for e in shapes[kind]]
            objects = {
                "line": shapes["line"],
                "rect": [rects[i : i + 4] for i in range(0, len(rects), 4)],
                "curve": shapes["curve_objects"],
            }
            self._shape_cache = (edges, objects)
        return self._shape_cache

    def extract_words(self, x_tolerance: float = 3, y_tolerance: float = 3, **_: Any) -> list[Obj]:
        """Words with ``fontname`` and ``size``, as ``extract_words(extra_attrs=[...])``."""
        return chars_to_words(self.char_tuples, x_tolerance, y_tolerance)

    def find_tables(self, table_settings: dict[str, Any]) -> list[Any]:
        """Ruled tables, as pdfplumber's ``page.find_tables`` finds them on this page's edges.

        The "lines" settings ``read_page`` asks for are answered by ``tables.lines_tables``,
        which spares every page reader ``import pdfplumber``; any others go to pdfplumber's own
        ``TableFinder``. A page without a grid's worth of rules has no table.
        """
        if not could_hold_table(self.edges):
            return []
        if table_settings == LINES:
            return lines_tables(self.edges, self.char_tuples)
        from pdfplumber.table import TableFinder

        return TableFinder(self, table_settings).tables  # type: ignore[arg-type]


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
                order[handle_key(obj)] = len(order)
            elif kind in (path, form):
                fm = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, fm)
                m: Matrix = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                if outer is not None:
                    m = mult_matrix(m, outer)
                if kind == path:
                    paths.append((obj, m))
                else:
                    n = raw.FPDFFormObj_CountObjects(obj)
                    walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(n)], m)

    walk([raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))], None)
    return order, paths
