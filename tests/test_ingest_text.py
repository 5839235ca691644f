from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isecg_extract.errors import EmptyInput, InputNotFound, NotAReport, TooLarge
from isecg_extract.ingest import IngestOptions, ingest, is_pdf
from isecg_extract.ingest.text import decode_text, text_to_pages


def test_form_feed_starts_a_new_page_and_blank_lines_set_gaps():
    pages = text_to_pages("Title\n\nFirst para\nwraps here\f\nSecond page")
    assert [p.number for p in pages] == [1, 2]
    lines = pages[0].lines
    assert [line.text for line in lines] == ["Title", "First para", "wraps here"]
    assert [line.gap_before for line in lines] == [True, True, False]
    assert pages[1].lines[0].page == 2


def test_tab_separated_cells_and_indent():
    (page,) = text_to_pages("Australia\t \tAustralian Space Agency (ASA)\n  - nested item")
    assert page.lines[0].cells == ["Australia", "Australian Space Agency (ASA)"]
    assert page.lines[1].indent == 2 and page.lines[1].cells is None


def test_decoding_falls_back_from_utf8_to_utf16_and_latin1():
    assert decode_text("Agência".encode("utf-16"), "x") == "Agência"
    assert decode_text("Agência".encode("latin-1"), "x") == "Agência"
    with pytest.raises(NotAReport):
        decode_text(bytes(range(256)) * 10, "x")
    with pytest.raises(EmptyInput):
        decode_text(b"  \n ", "x")


def test_ingest_errors_name_the_file(tmp_path):
    with pytest.raises(InputNotFound) as exc:
        ingest(tmp_path / "missing.txt")
    assert "missing.txt" in str(exc.value)
    big = tmp_path / "big.txt"
    big.write_text("x" * 100)
    with pytest.raises(TooLarge):
        ingest(big, IngestOptions(max_bytes=10))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInput):
        ingest(empty)


def test_pdf_recognised_by_content_not_name():
    assert is_pdf(b"%PDF-1.7\n...")
    assert is_pdf(b"\xef\xbb\xbfjunk%PDF-1.4")
    assert not is_pdf(b"<html><body>%PD")


def test_tables_drawn_with_pipes_and_spaces_become_cells():
    from isecg_extract.ingest.text import drawn_cells

    piped = [
        "Country                | Agency",
        "-----------------------+--------------------------------",
        "Australia              | Commonwealth Scientific and Industrial Research",
        "                       | Organisation (CSIRO)",
        "Canada                 | Canadian Space Agency (CSA)",
    ]
    assert drawn_cells(piped) == [
        ["Country", "Agency"],
        [],
        ["Australia", "Commonwealth Scientific and Industrial Research Organisation (CSIRO)"],
        [],
        ["Canada", "Canadian Space Agency (CSA)"],
    ]
    spaced = [
        "NOSA        Norwegian Space Agency                   Norway",
        "POLSA       Polish Space Agency                      Poland",
        "SSO         Swiss Space Office                       Switzerland",
    ]
    assert drawn_cells(spaced)[1] == ["POLSA", "Polish Space Agency", "Poland"]
    # A long name wrapped onto an indented line of its own under the first column.
    wrapped = [
        "Agency                                           Acronym     Country",
        "Commonwealth Scientific and Industrial Research  CSIRO       Australia",
        "  Organisation",
        "European Space Agency                            ESA         Europe",
        "national space agency of the                     XSA         Xland",
        "Kingdom of X                                     XSA2        Xland",
    ]
    cells = drawn_cells(wrapped)
    assert cells[1] == [
        "Commonwealth Scientific and Industrial Research Organisation",
        "CSIRO",
        "Australia",
    ]
    assert cells[2] == [] and cells[3] == ["European Space Agency", "ESA", "Europe"]
    assert cells[5][0] == "Kingdom of X"  # a row of its own, acronym and country filled


def test_toc_lines_lists_and_prose_are_no_tables():
    from isecg_extract.ingest.text import drawn_cells

    toc = [
        "1.  Introduction ............ 3",
        "2.  Membership .............. 4",
        "3.  Outlook ................. 5",
    ]
    bullets = [
        "•  the IAWG will develop missions;",
        "•  the SCWG will write;",
        "•  the ERWG will publish.",
    ]
    prose = [
        "The group met twice.  It agreed a plan for the",
        "roadmap and the white paper.  Delegates then went",
        "on to discuss the next steps for the working groups.",
    ]
    for lines in (toc, bullets, prose):
        assert drawn_cells(lines) == [None] * len(lines)


@given(st.lists(st.text(alphabet=" |-abcXYZ12\t.()", max_size=40), max_size=12))
def test_drawn_cells_keeps_one_entry_per_line(lines):
    from isecg_extract.ingest.text import drawn_cells

    out = drawn_cells(lines)
    assert len(out) == len(lines)
    assert all(c is None or isinstance(c, list) for c in out)
