"""The layout matrix: the 2025 report and a synthetic year rendered by other producers and in
other designs (tools/render_matrix.py), each scored against its gold (pages from the rendering).
"""

from __future__ import annotations

import json

import pytest

from isecg_extract.model import Line, Table
from isecg_extract.structure.tables import unfold_pairs

from helpers import ROOT

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
    assert macro >= 0.95, detail
    assert by_name["agencies"]["f1"] >= 0.95, detail
    assert by_name["sections"].get("page_accuracy", 1.0) >= 0.95, detail


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
    from isecg_extract.pdf_layout import find_gutters, reading_order

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
