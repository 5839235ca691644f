"""The layout matrix: the 2025 report and a synthetic year rendered by other producers and in
other designs (tools/render_matrix.py), each scored against its gold (pages from the rendering).
"""

from __future__ import annotations

import json

import pytest

from isecg_extract.model import Line, Table
from isecg_extract.structure.tables import unfold_pairs

from helpers import ROOT
from quality import assert_at_least_today

MATRIX = ROOT / "tests" / "fixtures" / "pdfs" / "matrix"
RENDERINGS = sorted(MATRIX.glob("*.pdf"))


def test_the_matrix_covers_twelve_designs_from_four_producers():
    seed = [p for p in RENDERINGS if p.stem.startswith("ar2025-")]
    producers = {p.stem.split("-")[1] for p in seed}
    assert len(seed) >= 12 and len(producers) >= 4
    assert any(p.stem.startswith("synth2026-") for p in RENDERINGS)
    assert all(p.with_suffix(".gold.json").exists() for p in RENDERINGS)


@pytest.mark.parametrize("pdf", RENDERINGS, ids=lambda p: p.stem)
def test_rendering_scores_against_its_gold(pdf, tmp_path, scorer):
    from isecg_extract.pipeline import extract_to

    gold = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))
    extract_to(pdf, tmp_path)
    results, _, macro = scorer.score_all(str(tmp_path), gold)
    by_name = {r["dataset"]: r for r in results}
    detail = {k: (v["f1"], v.get("missed"), v.get("extra")) for k, v in by_name.items()}
    assert_at_least_today(pdf.stem, results, macro)
    assert by_name["sections"].get("page_accuracy", 1.0) >= 0.99, detail


def test_a_grid_of_pairs_is_unfolded_into_rows_of_pairs():
    rows = [
        ["Country", "Agency", "Country", "Agency"],
        ["Brazil", "Brazilian Space Agency (AEB)", "Norway", "Norwegian Space Agency (NOSA)"],
        ["Canada", "Canadian Space Agency (CSA)", "Poland", "Polish Space Agency (POLSA)"],
        ["China", "China National Space Administration (CNSA)", "", ""],
    ]
    out = unfold_pairs(Table("t1", "s", rows, [8], [8] * 4, [None] * 4))
    assert out.rows == [
        ["Country", "Agency"],
        ["Brazil", "Brazilian Space Agency (AEB)"],
        ["Canada", "Canadian Space Agency (CSA)"],
        ["China", "China National Space Administration (CNSA)"],
        ["Norway", "Norwegian Space Agency (NOSA)"],
        ["Poland", "Polish Space Agency (POLSA)"],
    ]


def test_a_four_column_table_of_different_columns_is_kept():
    rows = [
        ["GER", "2024", "Roadmap of exploration (ERWG)", "published"],
        ["LSS", "2026", "Gap report on surface systems (TWG)", "planned"],
        ["SCCP", "2026", "Science coordination plan (SWG)", "draft"],
    ]
    table = Table("t1", "s", rows, [1], [1] * 3, [None] * 3)
    assert unfold_pairs(table).rows == rows


def _words(spec):
    """pdfplumber-like words: (x0, x1, text) on one baseline, 10 pt."""
    return [
        {"x0": a, "x1": b, "top": 100.0, "bottom": 110.0, "text": t, "size": 10.0, "fontname": "F"}
        for a, b, t in spec
    ]


def test_justified_word_spaces_are_not_cell_borders():
    from isecg_extract.ingest.pdf import words_to_segments

    justified = _words(
        [
            (50, 110, "exploration"),
            (128, 190, "conferences,"),
            (208, 250, "including"),
            (268, 285, "the"),
        ]
    )
    assert [s.text for s in words_to_segments(justified, 1)] == [
        "exploration conferences, including the"
    ]
    row = _words([(50, 90, "Brazil"), (150, 200, "Agência"), (203, 250, "Espacial")])
    assert [s.text for s in words_to_segments(row, 1)] == ["Brazil", "Agência Espacial"]


def test_three_columns_are_read_column_by_column():
    from isecg_extract.layout.columns import find_gutters, reading_order

    def line(x0, top, text):
        return Line(text=text, page=1, bbox=(x0, top, x0 + 150, top + 10), font_size=10.0)

    page = [
        line(x, 100 + 12 * i, f"c{c} {i}") for c, x in enumerate((50, 220, 390)) for i in range(8)
    ]
    gutters = find_gutters(page, 595)
    assert len(gutters) == 2 and 200 < gutters[0] < 220 and 370 < gutters[1] < 390
    order = [ln.text for ln in reading_order(page, gutters)]
    assert order.index("c0 7") < order.index("c1 0") and order.index("c1 7") < order.index("c2 0")


def test_a_header_row_repeated_after_a_break_is_dropped():
    from isecg_extract.structure.tables import drop_repeated_headers

    rows = [["Country", "Agency"], ["Brazil", "AEB"], ["Country", "Agency"], ["Canada", "CSA"]]
    out = drop_repeated_headers(Table("t1", "s", rows, [4, 5], [4, 4, 5, 5], [None] * 4))
    assert out.rows == [["Country", "Agency"], ["Brazil", "AEB"], ["Canada", "CSA"]]
    assert out.row_pages == [4, 4, 5]


def test_a_row_split_by_a_break_is_joined_to_its_row():
    from isecg_extract.structure.tables import join_split_rows

    rows = [["Norway", "Norwegian Space"], ["", "Agency (NOSA)"], ["", "Second Agency (SA)"]]
    boxes = [(60, 700, 300, 720), (60, 80, 300, 90), (60, 92, 300, 102)]
    out = join_split_rows(Table("t1", "s", rows, [6, 7], [6, 7, 7], boxes))
    # The rest at the top of the next page joins; a later row without a country stays a row.
    assert out.rows == [["Norway", "Norwegian Space Agency (NOSA)"], ["", "Second Agency (SA)"]]


def test_list_markers_drawn_as_shapes_become_bullets():
    from isecg_extract.ingest.pdf import mark_drawn_bullets

    item = Line(text="Annual Report 2024", page=1, bbox=(80, 100, 200, 110), font_size=10.0)
    far = Line(text="Other text", page=1, bbox=(300, 130, 400, 140), font_size=10.0)
    mark_drawn_bullets([item, far], [(70, 103, 74, 107), (280, 100, 284, 104)])
    assert item.text == "• Annual Report 2024" and item.bbox[0] == 70
    assert far.text == "Other text"  # a dot above the line's middle, and far: not its marker


def test_headings_set_tight_are_split_where_a_toc_title_ends(cfg):
    from isecg_extract.model import TocEntry
    from isecg_extract.structure.chunks import Chunk
    from isecg_extract.structure.headings import split_at_toc_titles

    def bold(text):
        return Line(text=text, page=3, bold=True, font_size=10.0)

    toc = [TocEntry("Outlook for 2026", 5), TocEntry("ISECG Priorities", 5)]
    run = Chunk("text", [bold("Outlook for 2026"), bold("ISECG Priorities")], "x")
    broken = [
        Chunk("text", [bold("Outlook for")], "Outlook for"),
        Chunk("text", [bold("2026")], "2026"),
    ]
    for c in broken:
        c.first.heading_rank = 1
    out = split_at_toc_titles([run], toc)
    assert [c.text for c in out] == ["Outlook for 2026", "ISECG Priorities"]
    assert [c.text for c in split_at_toc_titles(broken, toc)] == ["Outlook for 2026"]


def test_side_notes_leave_the_body_and_follow_the_paragraph_beside_them():
    from isecg_extract.layout.notes import place_margin_notes, split_margin_notes
    from isecg_extract.layout.paragraphs import mark_gaps_and_indent

    def body(top, text, gap=False):
        return Line(text=text, page=1, bbox=(60, top, 440, top + 10), font_size=10.0)

    lines = [body(100, "First paragraph line one"), body(113, "and its line two ends.")]
    note = Line(text="In brief.", page=1, bbox=(480, 101, 560, 108), font_size=7.5)
    lines += [note, body(140, "Second paragraph starts here"), body(153, "and goes on.")]
    lines += [body(166, "still"), body(179, "going")]
    kept, notes = split_margin_notes(lines, 10.0)
    assert notes == [note] and note not in kept
    mark_gaps_and_indent(kept, None, 10.0)
    order = [ln.text for ln in place_margin_notes(kept, notes)]
    assert order.index("and its line two ends.") < order.index("In brief.")
    assert order.index("In brief.") < order.index("Second paragraph starts here")


def test_a_gutter_is_found_where_justified_spaces_are_as_wide():
    from isecg_extract.ingest.pdf import words_to_segments

    words = []
    for r in range(8):
        top = 100.0 + 12 * r
        # Two justified columns (60-290, 306-536): four words a line whose widths differ from
        # line to line, spaced as wide as the 16-pt gutter between the columns.
        widths = [
            [30, 75, 40],
            [62, 28, 55],
            [45, 50, 33],
            [80, 30, 25],
            [25, 40, 90],
            [55, 65, 20],
            [35, 85, 30],
            [70, 25, 60],
        ][r]
        for left in (60.0, 306.0):
            last = 230 - sum(widths) - 3 * 16
            x = left
            for w in [*widths, last]:
                words.append(
                    {
                        "x0": x,
                        "x1": x + w,
                        "top": top,
                        "bottom": top + 10,
                        "text": "word",
                        "size": 10.0,
                        "fontname": "F",
                    }
                )
                x += w + 16
    segs = words_to_segments(words, 1)
    assert len(segs) == 16
    assert all(s.bbox[2] <= 290.5 or s.bbox[0] >= 306 for s in segs)
