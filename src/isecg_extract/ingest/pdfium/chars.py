"""The page's chars from PDFium's text page, in pdfminer's boxes and content order.

A char is a tuple while the page is read (a dict costs a microsecond, and a page has
thousands): ``ingest.words.CharTuple``, indexed by ``X0`` .. ``UPRIGHT``, which the word rules
read. ``CharDicts`` turns them into pdfplumber's dicts where a caller asks for those.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from isecg_extract.ingest.pdfium.fonts import Type3Descents, font_name_and_descent
from isecg_extract.ingest.pdfium.frame import DIGITS, SCALE, Matrix, PageFrame
from isecg_extract.ingest.words import BOTTOM, FONT, SIZE, TEXT, TOP, UPRIGHT, X0, X1, CharTuple

# Scripts written right to left, whose lines PDFium reorders char by char (see _owners).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def handle_key(handle: Any) -> int | None:
    """A PDFium handle as an int: ctypes pointers compare by identity, not by address."""
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


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
    font_key = handle_key(font)
    known = fonts.get(font_key)
    if known is None:
        known = fonts[font_key] = font_name_and_descent(textpage, index, font, type3)
    name, descent = known
    size = round(float(raw.FPDFText_GetFontSize(textpage, index)), DIGITS)
    fm = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, fm)
    a, b, c, d = (round(v, DIGITS + 2) for v in (fm.a, fm.b, fm.c, fm.d))
    dm = frame.matrix((a, b, c, d, 0.0, 0.0))
    lo = descent * size
    upright = dm[0] * dm[3] > 0 and dm[1] * dm[2] <= 0
    return _TextObject(name, size, dm, lo, lo + size, upright, font_key, rank)


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
    tp = handle_key(textpage)
    owners = _owners(get_object, tp, n) if text is not None and not _RTL.search(text) else None
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_p, oy_p = ctypes.addressof(ox), ctypes.addressof(oy)
    objects: dict[int | None, _TextObject] = {}
    fonts: dict[int | None, Any] = {}
    widths: dict[int | None, dict[str, float | None]] = {}
    checks: dict[Any, _WidthCheck] = {}
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
            check = checks.get(obj.font)
            if check is None:
                check = checks[obj.font] = _WidthCheck()
            bucket = by_object.setdefault(obj.rank, [])
            raw_y = None
        w = wmap.get(ch, -1.0)
        if w == -1.0:
            w = wmap[ch] = _char_width(textpage, i, ch)
        wide = None  # the char's own advance, where the width call gave a larger one
        if w is None:
            adv = _loose_advance(textpage, i, a, b)
        else:
            adv = w * fontsize
            if check.open:
                loose = _loose_advance(textpage, i, a, b)
                tol = max(0.3, 0.03 * adv)
                if adv - loose > tol:
                    wide = loose
                    if check.flagged:
                        adv = loose
                check.count(abs(adv - loose) > tol or wide is not None)
        get_origin(tp, i, ox_p, oy_p)
        if (
            ox.value == last_x
            and oy.value == raw_y
            and key == last_char_key
            and bucket
            and not ch.isspace()
            and not bucket[-1][TEXT].isspace()
        ):
            # Several chars at one origin: one glyph that maps to several letters (a ligature
            # mapped to "ffi"). pdfminer keeps it as one char with that text and the glyph's
            # advance, which PDFium's loose box spans.
            prev = bucket[-1]
            x1 = prev[X1]
            if axis:
                x1 = max(x1, prev[X0] + a * _loose_advance(textpage, i, a, b))
            bucket[-1] = (prev[0], x1, *prev[2:5], prev[TEXT] + ch, *prev[6:])
            continue
        last_x, last_char_key = ox.value, key
        # Single-precision noise off (see DIGITS), without round()'s cost on every char.
        e = math.floor(ox.value * SCALE + 0.5) / SCALE
        if oy.value != raw_y:
            raw_y = oy.value
            f = math.floor(raw_y * SCALE + 0.5) / SCALE
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
        if wide is not None and not check.flagged and axis:
            check.pending.append((bucket, len(bucket) - 1, x0 + a * wide))
        if check.flagged and check.pending:
            check.patch()
    return [c for rank in sorted(by_object) for c in by_object[rank]]


class _WidthCheck:
    """Whether the width call gives a font's chars their advance.

    The call maps the letter back to a char code, which a font with several glyphs for one
    letter (small capitals, alternates: LuaLaTeX's fonts) gets wrong, and the advances it
    gives are off, too large for some: words run together ("oncommercialisationby"). A font's
    first chars are checked against their own advance (the loose box); when many differ, the
    font's chars that the call makes too wide take their own advance, from then on and back
    to the ones already read. (A loose box wider than the advance, where ink overhangs it, is
    no reason to change one.) A few that differ (a tabular figure) leave the font alone: its
    boxes stay pdfminer's to the last digit.
    """

    __slots__ = ("checked", "wide", "flagged", "pending")

    LIMIT = 200  # chars checked per font and page before its widths are trusted
    MIN_WIDE = 5
    SHARE = 0.25

    def __init__(self) -> None:
        self.checked = 0
        self.wide = 0
        self.flagged = False
        self.pending: list[tuple[list[CharTuple], int, float]] = []

    @property
    def open(self) -> bool:
        return self.flagged or self.checked < self.LIMIT

    def count(self, differs: bool) -> None:
        self.checked += 1
        self.wide += differs
        if (
            not self.flagged
            and self.wide >= self.MIN_WIDE
            and self.wide >= self.SHARE * self.checked
        ):
            self.flagged = True
        if not self.flagged and self.checked >= self.LIMIT:
            self.pending = []

    def patch(self) -> None:
        for bucket, j, x1 in self.pending:
            t = bucket[j]
            bucket[j] = (t[0], x1, *t[2:])
        self.pending = []


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


class CharDicts(Sequence[dict[str, Any]]):
    """The page's chars as pdfplumber dicts, built on first use; ``len`` costs nothing."""

    def __init__(self, chars: list[CharTuple]) -> None:
        self._tuples = chars
        self._dicts: list[dict[str, Any]] | None = None

    def _all(self) -> list[dict[str, Any]]:
        if self._dicts is None:
            self._dicts = [
                {
                    "text": c[TEXT],
                    "fontname": c[FONT],
                    "size": c[SIZE],
                    "x0": c[X0],
                    "x1": c[X1],
                    "top": c[TOP],
                    "bottom": c[BOTTOM],
                    "doctop": c[TOP],
                    "upright": c[UPRIGHT],
                }
                for c in self._tuples
            ]
        return self._dicts

    def __len__(self) -> int:
        return len(self._tuples)

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._all())
