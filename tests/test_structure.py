from __future__ import annotations

from isecg_extract.structure import build_structure

REPORT = """2024 Annual Report

May 2025

International Space Exploration Coordination Group

Table of Contents

Introduction\t3
Outlook for 2025.....\t4
Working Groups\t4
Alpha Working Group (AWG)\t4
Annex A: Members\t6

Introduction

This report covers the year. It is short.

Outlook for 2025

Working Groups

Alpha Working Group (AWG)

The AWG will continue its work on the roadmap and the coordination of the
\f
shared database with partners.

- First item
 - Nested item
- Second item

Annex A: Members

Australia\t \tAustralian Space Agency (ASA) Commonwealth Scientific and Industrial Research Organisation (CSIRO)
Ukraine (SSAU)\t\tState Space Agency of Ukraine (SSAU)
"""


def test_front_matter_toc_and_levels(cfg, make_raw):
    st = build_structure(make_raw(REPORT), cfg)
    assert st.front.title == "2024 Annual Report"
    assert st.front.report_year == 2024
    assert st.front.published == "2025-05"
    assert st.front.publisher == "International Space Exploration Coordination Group"
    assert [(e.title, e.page) for e in st.toc][:2] == [("Introduction", 3), ("Outlook for 2025", 4)]
    levels = {s.title: (s.level, s.page, s.parent_id) for s in st.sections}
    assert levels["Introduction"] == (1, 3, "")
    assert levels["Outlook for 2025"][0] == 1
    assert levels["Working Groups"][:1] == (2,)
    assert levels["Alpha Working Group (AWG)"] == (3, 4, "working-groups")
    assert levels["Annex A: Members"][0] == 1


def test_paragraph_cut_by_a_page_break_is_rejoined(cfg, make_raw):
    st = build_structure(make_raw(REPORT), cfg)
    paras = [b.text for b in st.blocks if b.kind == "paragraph"]
    assert any(p.endswith("coordination of the shared database with partners.") for p in paras)


def test_nested_lists_and_member_table(cfg, make_raw):
    st = build_structure(make_raw(REPORT), cfg)
    items = [(b.list_level, b.text) for b in st.blocks if b.kind == "list_item"]
    assert items == [(0, "First item"), (1, "Nested item"), (0, "Second item")]
    (table,) = st.tables
    assert table.section_id == "annex-a-members"
    assert table.rows[1] == ["Ukraine (SSAU)", "State Space Agency of Ukraine (SSAU)"]


def test_character_offsets_point_into_the_report_text(cfg, make_raw):
    st = build_structure(make_raw(REPORT), cfg)
    for b in st.blocks:
        assert st.text[b.char_start : b.char_end] == b.text


def test_numbered_headings_without_toc_take_levels_from_numbers(cfg, make_raw):
    text = "1. Introduction\n\nSome text here.\n\n1.1 Scope of Work\n\nMore text.\n\n2. Outlook\n\nThe end.\n"
    st = build_structure(make_raw(text), cfg)
    assert [(s.title, s.level) for s in st.sections] == [
        ("1. Introduction", 1),
        ("1.1 Scope of Work", 2),
        ("2. Outlook", 1),
    ]


def test_a_list_item_with_a_heading_title_stays_a_list_item(cfg, make_raw):
    text = "Contents\n\nPublications\t2\nWhite Paper\t2\n\nPublications\n\nWhite Paper\n\nText about it.\n\n- White Paper\n- Other item\n"
    st = build_structure(make_raw(text), cfg)
    assert [s.title for s in st.sections] == ["Publications", "White Paper"]
    assert [b.text for b in st.blocks if b.kind == "list_item"] == ["White Paper", "Other item"]


MEMBER_ANNEX = (
    "1. Introduction\n\nThe group met twice.\n\nAnnex: ISECG Member Agencies\n\n"
    "1. Agenzia Spaziale Italiana (ASI), Italy\n"
    "2. Centre National d'Etudes Spatiales (CNES), France\n"
    "3. Canadian Space Agency (CSA), Canada\n"
    "4. German Aerospace Center (DLR), Germany\n\n"
    "2. Outlook\n\nThe end.\n"
)


def test_a_run_of_numbered_lines_is_a_list_not_headings(cfg, make_raw):
    """Issue 26 item 4: a numbered member annex of a text export is list items, and the
    numbered headings around it stay headings."""
    st = build_structure(make_raw(MEMBER_ANNEX), cfg)
    assert [s.title for s in st.sections] == [
        "1. Introduction",
        "Annex: ISECG Member Agencies",
        "2. Outlook",
    ]
    items = [b.text for b in st.blocks if b.kind == "list_item"]
    assert items[0] == "Agenzia Spaziale Italiana (ASI), Italy" and len(items) == 4


def test_two_numbered_headings_in_a_row_are_still_headings(cfg, make_raw):
    text = (
        "2. Working Groups\n2.1 Technology Working Group\n\nIt met twice.\n\n3. Outlook\n\nEnd.\n"
    )
    st = build_structure(make_raw(text), cfg)
    assert [s.title for s in st.sections] == [
        "2. Working Groups",
        "2.1 Technology Working Group",
        "3. Outlook",
    ]
