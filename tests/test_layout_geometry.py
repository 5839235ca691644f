"""Issue 21: tables, contents pages and headings read by geometry, on small hand-made pages.

Each case is a shape a blind rendering or a random design showed: a row whose cells sit a
few points apart, a table filling one column of three, a table beside a column of text, a
contents page with no page numbers, small capitals whose glyphs map to the wrong case.
"""

from __future__ import annotations

from isecg_extract.config import load_config
from isecg_extract.ingest.segments import merge_touching, words_to_segments
from isecg_extract.layout.cells import merge_cells
from isecg_extract.layout.columns import find_gutter, find_gutters
from isecg_extract.model import Line
from isecg_extract.structure.toc import read_toc


def _line(x0, top, x1, text="word " * 8, size=10.0, bold=False, page=1):
    return Line(
        text=text.strip(), page=page, bbox=(x0, top, x1, top + size), font_size=size, bold=bold
    )


def _word(text, x0, x1, top, bottom, size, font="F"):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
            "fontname": font}  # fmt: skip


def _member_rows(offset: float, country_first: bool) -> list[Line]:
    """A member table whose bold country cell is set 1.5 pt larger and ``offset`` pt lower
    than its agency cell; the reading order puts the agency first when it is higher."""
    lines = []
    rows = [
        ("Australia", ["Australian Space Agency (ASA) Commonwealth Scientific and",
                       "Industrial Research Organisation (CSIRO)"]),
        ("Brazil", ["Agência Espacial Brasileira (AEB)"]),
        ("Canada", ["Canadian Space Agency (CSA)"]),
        ("China", ["China National Space Administration (CNSA)"]),
    ]  # fmt: skip
    top = 100.0
    for country, agency in rows:
        cell = _line(60, top + offset, 105, country, 11.5, bold=True)
        names = [_line(165, top + 15 * k, 420, text, 10.0) for k, text in enumerate(agency)]
        lines += [cell, *names] if country_first else [names[0], cell, *names[1:]]
        top += 15 * len(agency) + 10
    return lines


def test_cells_of_a_row_set_a_few_points_apart_are_one_row():
    rows = merge_cells(_member_rows(offset=3.0, country_first=False), None)
    assert [r.cells for r in rows] == [
        ["Australia", "Australian Space Agency (ASA) Commonwealth Scientific and Industrial "
         "Research Organisation (CSIRO)"],
        ["Brazil", "Agência Espacial Brasileira (AEB)"],
        ["Canada", "Canadian Space Agency (CSA)"],
        ["China", "China National Space Administration (CNSA)"],
    ]  # fmt: skip


def test_a_lone_pair_of_uneven_lines_is_no_table_row():
    """One heading beside a line of text a few points lower: nothing repeats it, so no row."""
    lines = [_line(60, 100, 160, "Scope", 12.0, bold=True), _line(200, 103, 500, "Text of it")]
    rows = merge_cells(lines, None)
    assert all(r.cells is None for r in rows) and len(rows) == 2


def test_a_margin_note_in_a_smaller_type_is_no_cell_of_the_text_beside_it():
    lines = []
    for k in range(4):
        lines.append(_line(23, 100 + 40 * k, 86, "Approved by the", 7.6))
        lines.append(_line(114, 101 + 40 * k, 533, "body text " * 8, 9.6))
    rows = merge_cells(lines, None)
    assert all(r.cells is None for r in rows) and len(rows) == 8


def test_a_table_filling_one_column_of_three_keeps_the_gutters():
    """Three text columns, the third holding a two-column member table: the empty band
    between the table's own columns is no gutter, and the table does not hide the page's."""
    page = []
    for i in range(20):
        page.append(_line(43, 60 + 11 * i, 205, "text " * 6, 9.0))
        page.append(_line(222, 60 + 11 * i, 375, "text " * 6, 9.0))
    for i in range(10):
        page.append(_line(393, 60 + 22 * i, 430, "Country", 8.5))
        page.append(_line(474, 60 + 22 * i, 552, "Agency (ACR)", 8.5))
    gutters = find_gutters(page, 595)
    assert len(gutters) == 2
    assert 205 < gutters[0] < 222 and 375 < gutters[1] < 393


def test_a_table_beside_a_column_of_text_keeps_the_gutter():
    page = []
    for i in range(24):
        page.append(_line(305, 60 + 10.5 * i, 545, "text " * 9, 9.0))
    for i in range(9):
        page.append(_line(55, 62 + 27 * i, 110, "Country", 8.5))
        page.append(_line(159, 62 + 27 * i, 230, "Agency", 8.5))
        page.append(_line(250, 62 + 27 * i, 280, "ACR", 8.5))
    gutter = find_gutter(page, 595)
    assert gutter is not None and 280 < gutter < 305


def test_the_two_halves_of_a_narrow_table_are_not_a_table_beside_text():
    """A table whose rows share their tops across the empty band is one table."""
    page = []
    for i in range(12):
        page.append(_line(55, 62 + 14 * i, 110, "Country", 8.5))
        page.append(_line(159, 62 + 14 * i, 230, "Agency", 8.5))
        page.append(_line(305, 62 + 14 * i, 545, "text " * 9, 9.0))
    assert find_gutter(page, 595) is None


def _toc_lines(with_wrap: bool) -> list[Line]:
    titles = [
        (57, "Executive Summary"),
        (57, "Highlights, Achievements, and Special Projects in 2025"),
        (71, "Promoting the Global Exploration Roadmap 2024"),
        (57, "Outlook for 2026"),
        (71, "ISECG Working Groups"),
        (85, "Exploration Roadmap Working Group (ERWG) & International Architecture Working"),
        (85, "Group (IAWG)"),
        (57, "Annex I: Publications"),
    ]
    lines = [_line(57, 74, 193, "Table of Contents", 17.0, page=2)]
    top = 108.0
    for k, (x, text) in enumerate(titles):
        wrapped = with_wrap and k == 6
        top += 16.0 if wrapped else 18.7
        lines.append(_line(x, top, x + 8 * len(text), text, 10.5, page=2))
    lines.append(_line(57, 74, 238, "Executive Summary", 16.0, page=3))
    return lines


def test_a_contents_page_without_page_numbers():
    cfg = load_config(None)
    lines = _toc_lines(with_wrap=True)
    entries, end = read_toc(lines, 1, cfg)
    assert [e.title for e in entries] == [
        "Executive Summary",
        "Highlights, Achievements, and Special Projects in 2025",
        "Promoting the Global Exploration Roadmap 2024",
        "Outlook for 2026",
        "ISECG Working Groups",
        "Exploration Roadmap Working Group (ERWG) & International Architecture Working "
        "Group (IAWG)",
        "Annex I: Publications",
    ]
    assert [e.level for e in entries] == [1, 1, 2, 1, 2, 3, 1]
    assert all(e.page is None for e in entries)
    assert lines[end].page == 3  # the body starts on the next page


def test_running_text_under_a_contents_heading_is_no_contents():
    cfg = load_config(None)
    lines = [_line(57, 74, 193, "Contents", 17.0)]
    lines += [_line(57, 100 + 14 * i, 500, "This sentence runs on as text does.", 10.5)
              for i in range(6)]  # fmt: skip
    entries, _ = read_toc(lines, 1, cfg)
    assert entries == []


def test_small_capitals_whose_glyphs_map_to_the_wrong_case():
    """A small-capitals font that maps glyphs to either case ("iSEcg p rioritiES"): letters of
    the full size are capitals, the smaller ones lower case."""
    sc = "DejaVu-Serif-Small-Caps"
    words = [
        _word("o", 57.0, 66.0, 646.7, 657.7, 11.0, sc),
        _word("utlook", 66.3, 107.9, 648.4, 657.2, 8.8, sc),
        _word("for", 111.3, 131.9, 648.4, 657.2, 8.8, sc),
        _word("2027", 135.2, 164.1, 646.7, 657.7, 11.0, sc),
        _word("iSEcg", 57.0, 95.3, 672.8, 683.8, 11.0, sc),
        _word("p", 99.4, 106.8, 672.8, 683.8, 11.0, sc),
        _word("rioritiES", 107.1, 158.7, 674.4, 683.2, 8.8, sc),
        _word("(cWg)", 160.0, 190.0, 672.8, 683.8, 11.0, sc),
        _word("Throughout", 305.6, 371.3, 664.8, 675.8, 11.0),
    ]
    out = [w["text"] for w in merge_touching(words)]
    assert out == ["Outlook", "for", "2027", "ISECG", "Priorities", "(CWG)", "Throughout"]


def test_lower_case_words_in_small_capitals_stay_on_their_line():
    """A word of small capitals alone ("and") has a lower top than the capitals beside it, but
    the same baseline: it is on their line."""
    words = [
        _word("Achievements,", 57.0, 116.0, 79.0, 89.0, 9.5),
        _word("and", 118.0, 133.0, 81.5, 88.6, 6.5),
    ]
    segments = words_to_segments(words, 1)
    assert [s.text for s in segments] == ["Achievements, and"]


def test_a_footnote_marker_is_taken_off_a_title_and_kept_as_a_note():
    """Issue 21 item 5: "Promoting the Global Exploration Roadmap 2024¹" is the title without
    its marker; the marker is the line's note. A number on the baseline stays."""
    words = [
        _word("Roadmap", 57.0, 110.0, 367.0, 377.0, 10.0),
        _word("2024", 113.0, 135.0, 367.0, 377.0, 10.0),
        _word("1", 135.5, 139.0, 365.0, 372.0, 6.5),
    ]
    (segment,) = words_to_segments(words, 3)
    assert segment.text == "Roadmap 2024" and segment.notes == ["1"]
    plain = [
        _word("Annex", 57.0, 90.0, 100.0, 110.0, 10.0),
        _word("1", 93.0, 98.0, 100.0, 110.0, 10.0),
    ]
    (segment,) = words_to_segments(plain, 3)
    assert segment.text == "Annex 1" and segment.notes is None


def test_pdfium_reads_lualatex_words_apart():
    """Issue 21 item 6: PDFium's width call gives LuaLaTeX's glyphs (several per letter) too
    large an advance, which ran words together ("oncommercialisationby"); both engines read
    them apart now."""
    from isecg_extract.ingest import IngestOptions, ingest

    from helpers import ROOT

    pdf = ROOT / "tests" / "fixtures" / "blind-renderings" / "set1" / "r3-lualatex-3col.pdf"
    for engine in ("pdfplumber", "pdfium"):
        raw = ingest(pdf, IngestOptions(engine=engine, jobs=1))
        text = " ".join(ln.text for ln in raw.pages[3].lines)
        assert "on commercialisation by finalising" in text, engine
        assert "commercialisationby" not in text, engine


def _cells(x0, top, texts_and_x, size=9.0, page=1):
    """A row of cells as the layout joins them (first cell at ``x0``)."""
    texts = [t for t, _ in texts_and_x]
    xs = [x for _, x in texts_and_x]
    ln = _line(x0, top, xs[-1] + 40, " ".join(texts), size, page=page)
    ln.cells, ln.cell_x = texts, xs[1:]
    return ln


def test_contents_with_the_page_number_before_each_title():
    cfg = load_config(None)
    lines = [_line(57, 74, 193, "Table of Contents", 17.0, page=2)]
    rows = [("3", 72, "Executive Summary"), ("4", 72, "Highlights, Achievements"),
            ("4", 90, "Promoting the Global Exploration Roadmap 2024"), ("6", 72, "Outlook for 2026")]  # fmt: skip
    for k, (page, x, title) in enumerate(rows):
        lines.append(_cells(40, 100 + 18 * k, [(page, 40), (title, x)], 10.5, page=2))
    entries, _ = read_toc(lines, 1, cfg)
    assert [(e.title, e.page, e.level) for e in entries] == [
        ("Executive Summary", 3, 1),
        ("Highlights, Achievements", 4, 1),
        ("Promoting the Global Exploration Roadmap 2024", 4, 2),
        ("Outlook for 2026", 6, 1),
    ]


def test_a_section_number_set_apart_is_no_page_number_first():
    """ "1    Introduction . . . 4" (a section number a tab from its title, its page at the
    end) is a titled entry, not page 1."""
    cfg = load_config(None)
    lines = [_line(57, 74, 193, "Contents", 17.0, page=2)]
    for k, (num, title, page) in enumerate([("1", "Introduction", 4), ("2", "Meetings", 6)]):
        lines.append(_cells(60, 100 + 18 * k, [(num, 60), (f"{title} . . . . . {page}", 90)]))
    entries, _ = read_toc(lines, 1, cfg)
    assert [e.page for e in entries] == [4, 6]


def test_two_tables_side_by_side_with_one_header_are_two_columns():
    page = [_line(60, 75, 324, "Annex II: ISECG Members", 22.0)]
    for side in (0, 377):
        for x, text in ((65, "Country"), (179, "Member agency"), (320, "Acronym")):
            page.append(_line(x + side, 113, x + side + 40, text, 8.5))
        for i in range(8):
            page.append(_line(65 + side, 140 + 24 * i, 110 + side, "Country", 10.5))
            page.append(_line(179 + side, 136 + 24 * i, 290 + side, "Some Space Agency", 9.0))
            page.append(_line(320 + side, 136 + 24 * i, 350 + side, "ACR", 8.8))
    gutter = find_gutter(page, 842)
    assert gutter is not None and 357 < gutter < 442


def test_a_cell_centred_in_its_row_joins_it():
    """A country set in the middle of its row's height, beside an agency name over three
    lines: one row, the country first."""
    header = _cells(65, 113, [("Country", 65), ("Member agency", 179), ("Acronym", 320)], 8.5)
    lines = [
        header,
        _line(179, 136, 284, "Australian Space Agency", 9.0),
        _line(320, 136, 337, "ASA", 9.0),
        _line(179, 148, 288, "Commonwealth Scientific", 9.0),
        _line(65, 150, 111, "Australia", 10.5, bold=True),
        _line(179, 160, 281, "and Industrial Research", 9.0),
        _line(179, 172, 234, "Organisation (CSIRO)", 9.0),
        _line(179, 198, 295, "Agência Espacial Brasileira (AEB)", 9.0),
        _line(65, 198, 94, "Brazil", 9.0, bold=True),
    ]
    rows = merge_cells(lines, None)
    assert [r.cells for r in rows][1] == [
        "Australia",
        "Australian Space Agency Commonwealth Scientific and Industrial Research "
        "Organisation (CSIRO)",
        "ASA",
    ]


def test_a_section_number_a_tab_from_its_title_is_one_heading_line():
    from isecg_extract.layout.fonts import join_numbered_titles

    row = _cells(85, 153, [("1.1", 85), ("Purpose of this Report", 120)], 12.0)
    body = _cells(85, 200, [("1", 85), ("Agenzia Spaziale Italiana (ASI)", 120)], 10.5)
    join_numbered_titles([row, body], 10.5)
    assert row.cells is None and row.text == "1.1 Purpose of this Report"
    assert body.cells == ["1", "Agenzia Spaziale Italiana (ASI)"]  # a row in the body's type


def test_a_running_title_in_small_capitals_is_taken_out():
    from isecg_extract.layout.margins import running_titles
    from isecg_extract.model import Page

    head = _line(443, 43, 533, "EXECUTIVE SUMMARY", 8.97, page=3)
    title = _line(66, 81, 196, "Executive Summary", 14.35, page=3)
    text = _line(66, 120, 500, "In 2025, the group met twice.", 9.96, page=3)
    page = Page(3, 3, 595, 842, [head, title, text])
    (kept,) = running_titles([page], [[head, title, text]])
    assert [ln.text for ln in kept] == ["Executive Summary", "In 2025, the group met twice."]


def test_small_capitals_set_apart_from_their_capitals():
    """Apache FOP imitates small capitals with letters of a smaller size whose boxes end 1.6 pt
    above the capital's; tufte-latex sets them in a small-capitals font of the same size but
    other vertical metrics, kerned under a "W"."""
    fop = [
        _word("E", 54.0, 66.65, 80.06, 99.06, 19.0, "Sans-Bold"),
        _word("XECUTIVE", 66.65, 140.58, 82.69, 97.49, 14.8, "Sans-Bold"),
    ]
    assert [w["text"] for w in merge_touching(fop)] == ["Executive"]
    tufte = [
        _word("E", 72.0, 79.3, 74.57, 86.53, 11.96, "Palladio-Roman"),
        _word("xecutive", 79.31, 127.8, 71.27, 83.23, 11.96, "Palladio-SC"),
        _word("W", 131.0, 142.0, 74.57, 86.53, 11.96, "Palladio-Roman"),
        _word("orking", 141.2, 175.0, 71.27, 83.23, 11.96, "Palladio-SC"),
    ]
    assert [w["text"] for w in merge_touching(tufte)] == ["Executive", "Working"]
    # Two words of one line a word space apart stay two words.
    apart = [
        _word("In", 72.0, 81.2, 96.5, 106.5, 9.96),
        _word("2014", 84.1, 104.0, 93.7, 103.7, 9.96),
    ]
    assert [w["text"] for w in merge_touching(apart)] == ["In", "2014"]
