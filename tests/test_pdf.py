"""PDF ingest and layout: the sample renderings score like the text; every corpus file is handled."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main
from isecg_extract.ingest.pdf import normalise_glyphs
from isecg_extract.layout.cells import merge_cells
from isecg_extract.layout.columns import find_gutter, reading_order
from isecg_extract.layout.margins import PAGE_NUMBER
from isecg_extract.model import Line

from helpers import CORPUS, GOLD, SAMPLES
from quality import assert_at_least_today, assert_readme_quotes

SAMPLE_PDFS = sorted(p for p in SAMPLES.glob("*.pdf") if "-x" not in p.stem)


def test_there_are_at_least_two_sample_layouts():
    assert len(SAMPLE_PDFS) >= 2


@pytest.fixture(scope="module")
def pdf_outputs(tmp_path_factory):
    from isecg_extract.pipeline import extract_to

    out = {}
    for pdf in SAMPLE_PDFS:
        folder = tmp_path_factory.mktemp(pdf.stem)
        extract_to(pdf, folder)
        out[pdf.name] = folder
    return out


@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_sample_pdf_scores_like_the_text(pdf, pdf_outputs, scorer):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    results, doc, macro = scorer.score_all(str(pdf_outputs[pdf]), gold)
    by_name = {r["dataset"]: r for r in results}
    assert_at_least_today(pdf.removesuffix(".pdf"), results, macro)
    assert_readme_quotes(pdf, macro)
    assert by_name["agencies"]["f1"] == 1.0
    assert by_name["sections"]["level_accuracy"] == 1.0
    assert doc["report_year"] and doc["published"]


@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_section_pages_are_the_printed_pages_the_toc_gives(pdf, pdf_outputs):
    with open(pdf_outputs[pdf] / "sections.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["page"] == r["toc_page"] for r in rows), [
        (r["title"], r["page"], r["toc_page"]) for r in rows if r["page"] != r["toc_page"]
    ]
    assert all(r["bbox"] for r in rows)  # PDF provenance: where the heading stands


def test_pdf_provenance_on_agencies_and_activities(pdf_outputs):
    folder = pdf_outputs[SAMPLE_PDFS[0].name]
    with open(folder / "agencies.csv", encoding="utf-8") as f:
        agencies = list(csv.DictReader(f))
    assert all(a["page"] and a["physical_page"] and a["bbox"] for a in agencies)
    with open(folder / "activities.csv", encoding="utf-8") as f:
        acts = list(csv.DictReader(f))
    assert all(a["page"] and a["physical_page"] and a["section_id"] for a in acts)


EXPECTED_FAILURES = {
    "empty.pdf": (4, "empty file"),
    "password-example.pdf": (7, "encrypted PDF"),
    "issue-297-example.pdf": (8, "PDF has no pages"),
    "issue-203-decimalize.pdf": (9, "no text layer"),
}


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.pdf")))
def test_every_corpus_file_extracts_or_fails_with_one_line(name, tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(CORPUS / name), "-o", str(tmp_path / "o"), "-q"]
    )
    assert "Traceback" not in result.output
    if name in EXPECTED_FAILURES:
        code, reason = EXPECTED_FAILURES[name]
        assert result.exit_code == code, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"isecg-extract: {CORPUS / name}: ") and reason in line
        assert not (tmp_path / "o").exists()
    else:
        assert result.exit_code == 0, result.output
        for dataset in ("documents", "sections", "mentions"):
            assert (tmp_path / "o" / f"{dataset}.csv").exists()


def test_encrypted_pdf_opens_with_its_password(tmp_path):
    path = CORPUS / "password-example.pdf"
    result = CliRunner().invoke(
        main, ["extract", str(path), "-o", str(tmp_path), "-q", "--password", "test"]
    )
    assert result.exit_code == 0, result.output


def test_ligatures_hyphens_and_format_characters_are_normalised():
    from isecg_extract.structure.chunks import join_lines

    assert normalise_glyphs("eﬃcient ﬁnal") == "efficient final"
    # A drawn soft hyphen ends a wrapped word (rejoined) or stands for a real hyphen (kept).
    assert join_lines(normalise_glyphs("coordi\u00ad"), "nation") == "coordination"
    assert normalise_glyphs("GLEX\u00ad25") == "GLEX-25"
    assert normalise_glyphs("Com\u2010") == "Com-"
    assert normalise_glyphs("\u20603.1 Priorities") == "3.1 Priorities"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("5", 5),
        ("Page 12", 12),
        ("— 7 —", 7),
        ("- 3 -", 3),
        ("4 of 13", 4),
        ("Outlook for 2026", None),
        ("Annex II", None),
    ],
)
def test_page_number_lines(text, number):
    m = PAGE_NUMBER.match(text)
    assert (int(m.group(1)) if m else None) == number


def _line(x0, top, x1, text="word " * 8, size=10.0):
    return Line(text=text.strip(), page=1, bbox=(x0, top, x1, top + size), font_size=size)


def test_two_columns_are_read_left_then_right_around_a_full_width_heading():
    left = [_line(50, 100 + 12 * i, 290, f"left {i}") for i in range(6)]
    right = [_line(320, 100 + 12 * i, 560, f"right {i}") for i in range(6)]
    heading = _line(50, 180, 200, "Annex Title", size=16)
    lower_left = [_line(50, 210 + 12 * i, 290, f"low-left {i}") for i in range(5)]
    lower_right = [_line(320, 210 + 12 * i, 560, f"low-right {i}") for i in range(5)]
    page = left + right + [heading] + lower_left + lower_right
    gutter = find_gutter(page, 612)
    assert gutter is not None and 290 < gutter < 320
    order = [ln.text for ln in reading_order(page, gutter)]
    assert (
        order.index("left 5")
        < order.index("right 0")
        < order.index("Annex Title")
        < order.index("low-left 0")
    )
    assert order.index("low-left 4") < order.index("low-right 0")


def test_single_column_table_is_not_taken_for_two_columns():
    rows = [_line(72, 100 + 14 * i, 130, "Country") for i in range(10)]
    rows += [_line(200, 100 + 14 * i, 480, "Some Space Agency (SSA)") for i in range(10)]
    assert find_gutter(rows, 595) is None


def test_borderless_rows_become_cells_and_wrapped_cells_continue():
    a = _line(54, 100, 100, "Australia", 9.5)
    b = _line(136, 100, 260, "Australian Space Agency (ASA)", 9.5)
    c = _line(136, 111, 260, "Commonwealth Scientific and", 9.5)
    d = _line(54, 130, 100, "Brazil", 9.5)
    e = _line(136, 130, 260, "Agência Espacial Brasileira (AEB)", 9.5)
    rows = merge_cells([a, b, c, d, e], None)
    assert [r.cells for r in rows] == [
        ["Australia", "Australian Space Agency (ASA) Commonwealth Scientific and"],
        ["Brazil", "Agência Espacial Brasileira (AEB)"],
    ]


def test_inspect_draws_the_page_with_a_legend(tmp_path):
    from PIL import Image

    png = tmp_path / "page.png"
    pdf = next(p for p in SAMPLE_PDFS if "twocol" in p.name)
    result = CliRunner().invoke(main, ["inspect", str(pdf), "--page", "5", "--png", str(png)])
    assert result.exit_code == 0, result.output
    assert "table rows" in result.output and "gutter 3" in result.output
    with Image.open(png) as im:
        assert im.format == "PNG" and im.width > 500
    bad = CliRunner().invoke(main, ["inspect", str(pdf), "--page", "99", "--png", str(png)])
    assert bad.exit_code != 0 and "no page 99" in bad.output


FOREIGN = sorted((SAMPLES.parent / "tests" / "fixtures" / "pdfs").glob("*.pdf"))


@pytest.mark.parametrize("pdf", FOREIGN, ids=lambda p: p.stem)
def test_pdfs_from_other_producers_score_like_the_text(pdf, tmp_path, scorer):
    from isecg_extract.pipeline import extract_to

    from helpers import VARIANTS

    gold_path = {
        "ar2025": GOLD,
        "varA": VARIANTS / "variant-a-2026.gold.json",
        "varB": VARIANTS / "variant-b-2024.gold.json",
    }[pdf.stem.split("-")[0]]
    extract_to(pdf, tmp_path)
    results, _, macro = scorer.score_all(
        str(tmp_path), json.loads(gold_path.read_text(encoding="utf-8"))
    )
    by_name = {r["dataset"]: r for r in results}
    assert_at_least_today(pdf.stem, results, macro)
    assert by_name["agencies"]["f1"] == 1.0


def _word(text, x0, x1, top, bottom, size):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
            "fontname": "F"}  # fmt: skip


def test_small_capitals_are_one_word_with_their_larger_initials():
    """Issue 21 item 5: a heading in small capitals is drawn as a capital of the text size and
    smaller capitals on one baseline; pdfplumber reads each size as a run of its own."""
    from isecg_extract.ingest.segments import merge_touching

    words = [
        _word("E", 57.0, 63.9, 68.5, 77.9, 9.5),
        _word("S", 107.4, 113.9, 68.5, 77.9, 9.5),
        _word("XECUTIVE", 64.2, 103.8, 70.6, 77.3, 6.7),
        _word("UMMARY", 114.2, 149.3, 70.6, 77.3, 6.7),
        _word("1", 149.4, 152.0, 66.0, 72.0, 5.0),  # a raised footnote marker stays apart
    ]
    # The sizes say what the author typed: capitals of the full size, lower case smaller.
    assert [w["text"] for w in merge_touching(words)] == ["Executive", "Summary", "1"]
    # A capital beside smaller capitals on another baseline (a drop capital) stays apart.
    drop = [_word("T", 57.0, 70.0, 60.0, 90.0, 30.0), _word("HE", 70.2, 80.0, 60.0, 68.0, 9.5)]
    assert [w["text"] for w in merge_touching(drop)] == ["T", "HE"]
