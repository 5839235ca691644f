"""One PDF page, as either engine parses it, into segments: the lines the layout stage reads.

A segment is a run of words on one baseline with no wide gap: a line of one column, or one
table cell. Ruled tables come from pdfplumber's table finder; their words are taken out of the
segments and their rows kept as lines with cells. The layout stage then finds columns, running
headers and footers, and heading fonts from these segments.

The page is pdfplumber's ``Page`` (``ingest.pdf``) or the PDFium engine's ``PdfiumPage``
(``ingest.pdfium``), which has the same ``chars``, ``extract_words``, ``objects`` and
``find_tables``; this module imports neither engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from isecg_extract.errors import ExtractError, MalformedPdf, memory_error
from isecg_extract.ingest.words import char_tuple, table_rows
from isecg_extract.model import Line

_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_HYPHENS = str.maketrans({"\u00ad": "-", "\u2010": "-", "\u2011": "-"})


def normalise_glyphs(text: str) -> str:
    """Ligatures (U+FB00-FB4F) to letters; drawn soft or Unicode hyphens to "-" (then wrapped
    words are rejoined like any other); invisible format characters (U+2060, U+200B) dropped."""
    if text.isascii():
        return text  # nothing to normalise, and most words are plain ASCII
    text = "".join(
        unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb4f" else ch for ch in text
    ).translate(_HYPHENS)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def our_error(exc: BaseException, path: Path) -> BaseException | None:
    """Our own error (a refused stream) or a MemoryError, wrapped by pdfplumber, as it was."""
    seen = [exc, *exc.args, exc.__cause__, exc.__context__]
    for e in seen:
        if isinstance(e, ExtractError):
            return e
        if isinstance(e, MemoryError):
            return memory_error(str(path))
    return None


@contextmanager
def page_errors(path: Path, index: int) -> Iterator[None]:
    """A parser's failure on one page, whatever its type, as MalformedPdf naming the page."""
    try:
        yield
    except ExtractError:
        raise
    except MemoryError as exc:
        raise memory_error(str(path), f"page {index}") from exc
    except Exception as exc:
        ours = our_error(exc, path)
        if ours is not None:
            raise ours from exc
        raise MalformedPdf(
            str(path), f"page {index}: {exc.__class__.__name__}: {exc}"[:200]
        ) from exc


def read_page(page: Any, number: int) -> tuple[list[Line], int]:
    """The page's segments and ruled table rows, top to bottom, and how many chars it has."""
    words = page.extract_words(
        extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=2, y_tolerance=2
    )
    words = merge_touching(words)
    n_chars = len(page.chars)
    table_lines, boxes = ruled_tables(page, number, words)
    words = [w for w in words if not any(_inside(w, b) for b in boxes)]
    segments = words_to_segments(words, number)
    mark_drawn_bullets(segments, small_shapes(page))
    return sorted(segments + table_lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])), n_chars


def small_shapes(page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes of the page's small drawn shapes (dots, squares): list markers that are not text.

    pdfplumber gives shapes as dicts with a box; the PDFium page as lists of edges.
    """
    boxes = []
    objects = page.objects
    for kind in ("curve", "rect"):
        for obj in objects.get(kind, []):
            parts = obj if isinstance(obj, list) else [obj]
            if not parts:
                continue
            x0 = min(e["x0"] for e in parts)
            x1 = max(e["x1"] for e in parts)
            top = min(e["top"] for e in parts)
            bottom = max(e["bottom"] for e in parts)
            if 1.0 <= x1 - x0 <= 8.0 and 1.0 <= bottom - top <= 8.0:
                boxes.append((x0, top, x1, bottom))
    return boxes


def mark_drawn_bullets(
    segments: list[Line], shapes: list[tuple[float, float, float, float]]
) -> None:
    """A small dot or square drawn just left of a line, at its middle, is the line's bullet
    (browsers and designed layouts draw list markers as shapes): the line gets a "•" marker."""
    if not shapes:
        return
    by_row: dict[int, list[Line]] = {}
    for seg in segments:
        by_row.setdefault(int(seg.bbox[1] // 20), []).append(seg)
    for x0, top, x1, bottom in shapes:
        mid = (top + bottom) / 2
        near = by_row.get(int(mid // 20), []) + by_row.get(int(mid // 20) - 1, [])
        for seg in near:
            size = seg.font_size or 10.0
            if (
                seg.bbox[1] <= mid <= seg.bbox[3]
                and x1 - x0 <= 0.6 * size
                and 0 < seg.bbox[0] - x1 <= 2.5 * size
                and not seg.text.startswith("•")
            ):
                seg.text = f"• {seg.text}"
                seg.word_x = [x0, *(seg.word_x or [])] if seg.word_x else None
                seg.word_end = [x1, *(seg.word_end or [])] if seg.word_end else None
                seg.bbox = (x0, seg.bbox[1], seg.bbox[2], seg.bbox[3])
                break


_PUNCT_ONLY = re.compile(r"^[.,;:!?)\]’'\"]+$")


def merge_touching(words: list[dict]) -> list[dict]:
    """Words that touch are one word: a font-subset change inside a word ("Bene|fi|ts") makes
    pdfplumber start a new word, since it splits on font changes; so does the change of size of
    small capitals ("E|XECUTIVE S|UMMARY", ``_small_caps``)."""
    merged: list[dict] = []
    for w in words:
        p = merged[-1] if merged else None
        if p is not None and _one_word(p, w):
            keep = p if len(p["text"]) >= len(w["text"]) else w
            merged[-1] = dict(
                p,
                text=p["text"] + w["text"],
                x1=w["x1"],
                bottom=max(p["bottom"], w["bottom"]),
                fontname=keep["fontname"],
            )
        else:
            merged.append(w)
    return _small_caps(merged)


def _one_word(p: dict, w: dict) -> bool:
    gap = w["x0"] - p["x1"]
    same_size = abs(w["size"] - p["size"]) < 0.1
    if -0.5 <= gap <= 0.5:
        if same_size and abs(w["top"] - p["top"]) <= 1.0:
            return True
        if _PUNCT_ONLY.match(w["text"]) and abs(w["bottom"] - p["bottom"]) <= 1.0:
            return True  # punctuation of another size (small capitals) on the word's baseline
    # One size, in a font of other vertical metrics (a small-capitals font beside its roman:
    # "E|xecutive", kerned "W|orking"): its box overlaps most of the other one's.
    return same_size and -0.2 * w["size"] <= gap <= 0.5 and _overlap(p, w) >= 0.6


def _overlap(a: dict, b: dict) -> float:
    """How much of the lower of two word boxes the other one's height covers."""
    shared = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return shared / max(0.01, min(a["bottom"] - a["top"], b["bottom"] - b["top"]))


def _small_caps(words: list[dict]) -> list[dict]:
    """A letter of the text size touching letters of a smaller size on its baseline is one
    word in small capitals ("E" 9.5 pt + "XECUTIVE" 6.7 pt). pdfplumber reads each size as a run
    of its own, so the two are not next to each other in its list; a raised footnote marker or
    a drop capital does not share the baseline and stays apart.

    Small-capital fonts often map several glyphs to one letter, so the letters' case in the
    text is arbitrary ("iSEcg p rioritiES"). Their size says what the author typed: in that
    font, letters of the full size are capitals, the smaller ones lower case.
    """
    initials = [i for i, w in enumerate(words) if 1 <= len(w["text"]) <= 2 and w["text"].isalpha()]
    if not initials:
        return words
    starts: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        if w["text"][:1].isalpha():
            starts.setdefault(round(w["x0"]), []).append(i)
    taken: set[int] = set()
    sizes: dict[int, tuple[float, float]] = {}  # merged word -> (full size, small size)
    out = list(words)
    for i in initials:
        p = out[i]
        for x in (round(p["x1"]) - 1, round(p["x1"]), round(p["x1"]) + 1):
            j = next(
                (
                    j
                    for j in starts.get(x, [])
                    if j != i
                    and j not in taken
                    and -0.5 <= words[j]["x0"] - p["x1"] <= 0.5
                    # on one baseline: boxes of two sizes end apart by the descent's share
                    # of the difference (up to 0.4 of it in fonts with deep descenders)
                    and abs(words[j]["bottom"] - p["bottom"])
                    <= max(1.0, 0.4 * (p["size"] - words[j]["size"]))
                    and words[j]["size"] < p["size"] - 0.5
                ),
                None,
            )
            if j is not None:
                w = words[j]
                sizes[i] = (p["size"], w["size"])
                out[i] = dict(
                    p,
                    text=p["text"].upper() + w["text"].lower(),
                    x1=w["x1"],
                    bottom=max(p["bottom"], w["bottom"]),
                )
                taken.add(j)
                break
    for i, (full, small) in sizes.items():
        _type_neighbours(out, taken, i, full, small)
    return [w for k, w in enumerate(out) if k not in taken]


def _type_neighbours(
    words: list[dict], taken: set[int], start: int, full: float, small: float
) -> None:
    """The words around a small-capitals word on its baseline, in its font and one of its two
    sizes, in the case their size says (see ``_small_caps``): "iSEcg" before "Priorities" is
    "ISECG". Only the run of such words next to each other: a line of body text in the same
    font and size elsewhere on the page keeps its letters as they are."""
    anchor = words[start]
    line = sorted(
        (
            k
            for k, w in enumerate(words)
            if k not in taken
            and w["fontname"] == anchor["fontname"]
            and abs(w["bottom"] - anchor["bottom"]) <= 1.0
        ),
        key=lambda k: words[k]["x0"],
    )
    at = line.index(start)
    for step in (-1, 1):
        k, prev = at + step, words[start]
        while 0 <= k < len(line):
            w = words[line[k]]
            gap = w["x0"] - prev["x1"] if step > 0 else prev["x0"] - w["x1"]
            if gap > 1.5 * full:
                break
            text = w["text"]
            if any(ch.isalpha() for ch in text) and not (text[:1].isupper() and text[1:].islower()):
                if abs(w["size"] - full) <= 0.3:
                    words[line[k]] = dict(w, text=text.upper())
                elif abs(w["size"] - small) <= 0.3:
                    words[line[k]] = dict(w, text=text.lower())
                else:
                    break
            prev = w
            k += step


def _inside(w: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def ruled_tables(
    page: Any, number: int, words: list[dict] | None = None
) -> tuple[list[Line], list[tuple[float, float, float, float]]]:
    """Tables drawn with rules: each row a line with cells, at the row's position.

    Each row keeps where its cells' text starts (``cell_x``), so a borderless row beside it (a
    zebra table: shaded rows drawn as boxes, plain rows not) can be cut at the same edges.
    """
    lines: list[Line] = []
    boxes = []
    # The table finder is the costliest step of a page; a ruled table needs rules, so a page
    # with fewer than a grid's worth of lines and rectangles (a header rule, say) skips it.
    if len(page.objects.get("line", [])) + len(page.objects.get("rect", [])) < 4:
        return [], []
    try:
        tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    except Exception:
        return [], []
    for table in tables:
        rows = _table_rows(page, table)
        if not rows or max(len(r) for r in rows) < 2 or _mostly_spanning(table):
            continue
        boxes.append(tuple(table.bbox))
        inside = [w for w in words or [] if _inside(w, table.bbox)]
        for row, cells in zip(table.rows, rows, strict=False):
            texts = [normalise_glyphs(" ".join((c or "").split())) for c in cells]
            if not any(texts):
                continue
            lines.append(
                Line(
                    text=" ".join(t for t in texts if t),
                    page=number,
                    bbox=tuple(float(v) for v in row.bbox),
                    cells=texts,
                    cell_x=[_text_start(box, inside) for box in row.cells[1:]],
                )
            )
    return lines, boxes


def _mostly_spanning(table: Any) -> bool:
    """Most rows are one box across the table (shaded rows with no rules between their cells):
    the finder cannot see their cells, so the words are left to the borderless reading, which
    finds the columns by where the words stand."""
    body = table.rows[1:] or table.rows  # under a header row that has its rules
    split = sum(1 for row in body if sum(1 for c in row.cells if c is not None) >= 2)
    return 2 * split < len(body)


def _text_start(box: Any, words: list[dict]) -> float:
    """Where the text of a table cell starts: its first word, else the cell's left edge."""
    if box is None:
        return 0.0
    xs = [w["x0"] for w in words if _inside(w, box)]
    return float(min(xs)) if xs else float(box[0])


def _table_rows(page: Any, table: Any) -> list[list[str | None]]:
    """``table.extract()``'s cell texts, from the chars inside the table only, by
    ``ingest.words.table_rows`` (pdfplumber's own costs about 25 ms a table page)."""
    chars = getattr(page, "char_tuples", None)  # the PDFium engine's page has them already
    if chars is None:
        chars = [char_tuple(c) for c in page.chars]
    # Words as the page's words are split (x_tolerance 2, not pdfplumber's 3 for cells): a
    # producer that places each word without a space glyph leaves gaps of a space's width.
    return table_rows(table, chars, x_tol=2)


def words_to_segments(words: list[dict], number: int) -> list[Line]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        first = rows[-1][0] if rows else None
        if first is not None and (
            abs(w["top"] - first["top"]) <= max(2.0, 0.3 * w["size"])
            # a smaller type on the same baseline (small capitals): its top is lower
            or abs(w["size"] - first["size"]) > 0.5
            and abs(w["bottom"] - first["bottom"]) <= 1.0
        ):
            rows[-1].append(w)
        else:
            rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    gutters = _gap_columns(rows)
    segments: list[Line] = []
    for row in rows:
        cuts = set(_cuts(row, gutters))
        run: list[dict] = [row[0]]
        for i, w in enumerate(row[1:], start=1):
            if i in cuts:
                segments.append(_segment(run, number))
                run = [w]
            else:
                run.append(w)
        segments.append(_segment(run, number))
    return segments


def _gap_columns(rows: list[list[dict]]) -> bytearray:
    """x positions (2-pt bins) where many rows have a wide gap and almost no row has a word:
    a gutter between columns, even where justified word spaces on each row are as wide.

    A river in justified text is not one: other rows have words there. Linear in the words
    (difference arrays over the page width).
    """
    width = int(max((w["x1"] for row in rows for w in row), default=0)) // 2 + 3
    gap_rows = [0] * width
    word_rows = [0] * width
    for row in rows:
        for p, w in zip(row, row[1:], strict=False):
            if w["x0"] - p["x1"] >= max(8.0, 0.8 * min(p["size"], w["size"])):
                gap_rows[int(p["x1"]) // 2 + 1] += 1
                gap_rows[int(w["x0"]) // 2] -= 1
        for w in row:
            word_rows[int(w["x0"]) // 2] += 1
            word_rows[int(w["x1"]) // 2 + 1] -= 1
    out = bytearray(width)
    g = c = 0
    for i in range(width):
        g += gap_rows[i]
        c += word_rows[i]
        out[i] = g >= 5 and c <= 0.1 * g
    return out


def _cuts(row: list[dict], gutters: bytearray | None = None) -> list[int]:
    """Where a row of words breaks into segments (columns, table cells, a heading beside text).

    A wide gap breaks it, measured against the smaller of the two fonts, so a heading's size
    does not swallow the gutter beside it; a change of font size with a word's gap breaks it
    too. A wide gap like two or more others on the row does not: that is the stretched word
    spacing of a justified line, not a cell border.
    """
    gaps = [w["x0"] - p["x1"] for p, w in zip(row, row[1:], strict=False)]
    if not gaps or max(gaps) < 0.5 * min(w["size"] for w in row):
        return []  # word spaces only: no rule below cuts at a gap this narrow
    spaces = sorted(gaps)[len(gaps) // 2] if len(gaps) >= 3 else None
    cuts = []
    for i, gap in enumerate(gaps, start=1):
        a, b = row[i - 1]["size"], row[i]["size"]
        size = min(a, b)
        if (
            gutters
            and gap >= 0.5 * max(a, b)
            and any(
                gutters[k] for k in range(int(row[i - 1]["x1"]) // 2 + 1, int(row[i]["x0"]) // 2)
            )
        ):
            cuts.append(i)  # a gutter the rows around show (not a title's space over it)
            continue
        # Between large words the word space is wide too; a gap three times the row's usual
        # space is a break all the same (two headings side by side in two columns).
        # (Not after a lone marker: a list bullet stands a tab away from its text.)
        last = cuts[-1] if cuts else 0
        wide = (
            spaces is not None
            and i - last >= 2
            and gap > max(12.0, 0.9 * size)
            and gap >= 3 * spaces
        )
        if gap > max(12.0, 1.4 * size) or wide:
            like = sum(1 for k, g in enumerate(gaps, start=1) if k != i and abs(g - gap) <= 1.5)
            if like >= 2 or (like == 1 and len(gaps) == 2):
                continue
            cuts.append(i)
        elif abs(a - b) > 0.2 * size and gap > 0.8 * size:
            cuts.append(i)
    return cuts


def _word_edges(words: list[dict]) -> tuple[list[float], list[float]]:
    """x0 and x1 of every space-separated token, so layout can split a row at a table's column
    edge, or at a gutter a line of two columns runs over."""
    starts, ends = [], []
    for w in words:
        text = w["text"]
        if text.isascii() and text.isprintable() and " " not in text:  # one token: most words
            starts.append(round(float(w["x0"]), 2))
            ends.append(round(float(w["x1"]), 2))
            continue
        tokens = normalise_glyphs(text).split()
        if not tokens:
            continue
        step = (w["x1"] - w["x0"]) / max(1, len(w["text"]))
        pos = 0
        for t in tokens:
            idx = max(0, w["text"].find(t, pos))
            starts.append(round(float(w["x0"] + step * idx), 2))
            ends.append(round(float(w["x0"] + step * (idx + len(t))), 2))
            pos = idx + len(t)
    return starts, ends


@lru_cache(maxsize=1024)
def _font_style(fontname: str) -> tuple[bool, bool]:
    """(italic, bold) from a font's name; a document has few fonts and many words."""
    return bool(_ITALIC.search(fontname)), bool(_BOLD.search(fontname))


_NOTE_MARK = re.compile(r"^(?:\d{1,2}|[*†‡§])$")


def _note_marks(words: list[dict]) -> tuple[list[dict], list[str]]:
    """Footnote markers: a number or sign in a smaller type, raised above the baseline of the
    word it follows ("Roadmap 2024¹"). They are taken off the text, so that a title is the
    title and a sentence reads on, and kept as the line's notes."""
    kept: list[dict] = []
    marks: list[str] = []
    for w in words:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and _NOTE_MARK.match(w["text"])
            and w["size"] <= 0.8 * prev["size"]
            and prev["bottom"] - w["bottom"] >= 0.15 * prev["size"]
            and w["x0"] - prev["x1"] <= 0.5 * prev["size"]
        ):
            marks.append(w["text"])
            continue
        kept.append(w)
    return kept, marks


def _segment(words: list[dict], number: int) -> Line:
    words, marks = _note_marks(words)
    italic = [_font_style(w["fontname"])[0] for w in words]
    bold = [_font_style(w["fontname"])[1] for w in words]
    parts = []
    i = 0
    while i < len(words):
        text = normalise_glyphs(words[i]["text"])
        if italic[i] and not all(italic):
            # Partial italics mark titles of works: keep them as *...* like the text exports do.
            j = i
            while j + 1 < len(words) and italic[j + 1]:
                j += 1
            run = " ".join(normalise_glyphs(w["text"]) for w in words[i : j + 1])
            parts.append(f"*{run}*")
            i = j + 1
            continue
        parts.append(text)
        i += 1
    starts, ends = _word_edges(words)
    sizes = [w["size"] for w in words]
    chars = [len(w["text"]) for w in words]
    size = sum(s * c for s, c in zip(sizes, chars, strict=True)) / max(1, sum(chars))
    return Line(
        text=" ".join(parts),
        page=number,
        bbox=(
            float(min(w["x0"] for w in words)),
            float(min(w["top"] for w in words)),
            float(max(w["x1"] for w in words)),
            float(max(w["bottom"] for w in words)),
        ),
        font_size=round(size, 2),
        word_x=starts,
        word_end=ends,
        bold=sum(bold) > len(bold) / 2,
        italic=all(italic),
        notes=marks or None,
    )
