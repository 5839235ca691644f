from __future__ import annotations

import pytest

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
