"""Font names and descents as pdfminer has them, which is what a char's box is built from.

pdfminer reads the 14 standard fonts' metrics from its own AFM tables whatever the PDF holds,
and a Type 3 font's descent from its FontBBox, which PDFium does not expose: both are
reproduced here so that a char's bottom is where pdfplumber puts it.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

# The standard fonts by the names a PDF may give them -> (AFM FontName, Descent), from
# pdfminer.fontmetrics; pdfminer names them by the AFM FontName.
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


def font_name_and_descent(
    textpage: Any, index: int, font: Any, type3: Type3Descents | None
) -> tuple[str, float]:
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
