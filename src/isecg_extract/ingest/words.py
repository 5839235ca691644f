"""Words from chars by pdfplumber's word rules, on char tuples: the PDFium engine's words, and
the text of ruled tables' cells for both engines.

pdfplumber's ``WordExtractor`` (``extract_words`` with ``extra_attrs=["fontname", "size"]``)
and its ``extract_text`` work on char dicts through several calls per char (and per cell):
with the dicts made for them, about three times what this costs, which would take the PDFium
engine below its speed target (docs/benchmarks.md). So their rules (``cluster_objects`` in
``iter_chars_to_lines``, ``char_begins_new_word``, ``merge_chars``, and ``extract_text``'s
lines of words) are transcribed here over ``CharTuple``; ``tests/test_ingest_pdfium_words.py``
holds them to pdfplumber's own on every corpus, fixture and sample PDF, and pyproject.toml
pins pdfplumber to the minor version they were read from.

No engine is imported here: ``ingest.segments`` (which both engines import) reads cells'
text with it, and the PDFium engine its words.
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

# A char as a tuple (a dict costs a microsecond, and a page has thousands):
# (x0, x1, top, bottom, size, text, fontname, upright)
CharTuple = tuple[float, float, float, float, float, str, str, bool]
X0, X1, TOP, BOTTOM, SIZE, TEXT, FONT, UPRIGHT = range(8)

Word = dict[str, Any]

# pdfplumber expands these when it joins chars into words (pdfplumber.utils.text.LIGATURES).
LIGATURES = str.maketrans(
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
_by_x0 = itemgetter(X0)
_by_top = itemgetter(TOP, BOTTOM)
_texts = itemgetter(TEXT)
_x0s, _x1s, _tops, _bottoms = (itemgetter(k) for k in (X0, X1, TOP, BOTTOM))
char_tuple = itemgetter("x0", "x1", "top", "bottom", "size", "text", "fontname", "upright")
"""A pdfplumber char dict as a ``CharTuple``."""


def chars_to_words(chars: list[CharTuple], x_tol: float = 3, y_tol: float = 3) -> list[Word]:
    """Words with font name and size, as pdfplumber's ``extract_words`` makes them.

    Chars are taken in runs of one orientation, font and size (content order), each run
    clustered into lines by ``top`` (by ``x0`` for rotated text) and split into words.
    """
    words: list[Word] = []
    for (upright, _, _), group in itertools.groupby(chars, key=itemgetter(UPRIGHT, FONT, SIZE)):
        run = list(group)
        lines = cluster_objects(run, TOP if upright else X0, y_tol if upright else x_tol)
        for line in lines:
            words.extend(map(_word, _line_words(line, upright, x_tol, y_tol)))
    return words


def cluster_objects(objs: list[Any], index: int | str, tolerance: float) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: values chained within ``tolerance``, in value order.

    Its own would do (it takes tuples), but it builds a dict and sorts on every call, even for
    a run on one baseline: on pages of many short runs that costs 3-7 ms a page (corpus:
    issue-848, nics-background-checks), and 0.3 ms a page on the long sample report. Objects
    are char tuples (``index`` a position) or edge dicts (``index`` a key: the table finder's
    snapping, ``ingest.pdfium.tables``).
    """
    values = {c[index] for c in objs}
    if len(values) == 1:  # the usual run: one text object on one baseline
        return [objs]
    ids: dict[float, int] = {}
    cluster, last = 0, None
    for v in sorted(values):
        if last is not None and v > last + tolerance:
            cluster += 1
        ids[v] = cluster
        last = v
    ordered = sorted(objs, key=lambda c: ids[c[index]])
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
            if ch[5].isspace():  # TEXT; literal indices keep this loop fast
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
            if ch[TEXT].isspace():
                if word:
                    words.append(word)
                word, prev = [], None
                continue
            if prev is not None and (
                ch[TOP] < prev[TOP]
                or ch[TOP] > prev[BOTTOM] + y_tol
                or abs(ch[X0] - prev[X0]) > x_tol
            ):
                words.append(word)
                word = []
            word.append(ch)
            prev = ch
    if word:
        words.append(word)
    return words


def _word(chars: list[CharTuple]) -> Word:
    """pdfplumber's ``merge_chars``: the chars' box, text and the first char's font."""
    first = chars[0]
    if len(chars) == 1:
        x0, x1, top, bottom = first[X0], first[X1], first[TOP], first[BOTTOM]
    else:
        x0, x1 = min(map(_x0s, chars)), max(map(_x1s, chars))
        top, bottom = min(map(_tops, chars)), max(map(_bottoms, chars))
    return {
        "text": "".join(map(_texts, chars)).translate(LIGATURES),
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "upright": first[UPRIGHT],
        "fontname": first[FONT],
        "size": first[SIZE],
    }


def table_rows(table: Any, chars: list[CharTuple], x_tol: float = 3) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract()`` from a page's char tuples, with the same result.

    pdfplumber tests every char of the page against every row through a function call (about
    25 ms a table page) and turns each cell's chars into text with ``extract_text``; this does
    the same tests inline, on the chars whose centre is inside the table only (a char belongs
    to a row, then a cell, when its centre is inside, right and bottom edges excluded), and
    the same text assembly (``cell_text``).
    """
    x0, top, x1, bottom = table.bbox
    centred = [
        (h, v, c)
        for c in chars
        if x0 <= (h := (c[X0] + c[X1]) / 2) <= x1
        and top <= (v := (c[TOP] + c[BOTTOM]) / 2) <= bottom
    ]
    out: list[list[str | None]] = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        in_row = [t for t in centred if rx0 <= t[0] < rx1 and rtop <= t[1] < rbottom]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            own = [c for h, v, c in in_row if cx0 <= h < cx1 and ctop <= v < cbottom]
            cells.append(cell_text(own, x_tol) if own else "")
        out.append(cells)
    return out


def cell_text(chars: list[CharTuple], x_tol: float = 3, y_tol: float = 3) -> str:
    """pdfplumber's ``extract_text`` (no layout): words by its rules, lines by ``top``."""
    words: list[tuple[float, str]] = []
    for upright, group in itertools.groupby(chars, key=itemgetter(UPRIGHT)):
        run = list(group)
        for line in cluster_objects(run, TOP if upright else X0, y_tol if upright else x_tol):
            for w in _line_words(line, upright, x_tol, y_tol):
                text = "".join(map(_texts, w)).translate(LIGATURES)
                words.append((min(map(_tops, w)), text))
    if not words:
        return ""
    return "\n".join(" ".join(w[1] for w in line) for line in cluster_objects(words, 0, y_tol))
