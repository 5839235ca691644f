"""The PDFium backend (``--engine pdfium``) is a drop-in for pdfplumber: same pages, same output.

The layout stage and everything after it read only what ingest returns, so equality is tested
where it matters: the segments themselves, then what the whole pipeline makes of them
(headings, the member table, scores), then the typed errors on the hostile corpus files.
No test here times anything: speed is measured by ``make bench`` (tools/bench.py).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import CORPUS, GOLD, SAMPLES

pytest.importorskip("pypdfium2")

from isecg_extract.errors import ExtractError, MalformedPdf  # noqa: E402
from isecg_extract.ingest import IngestOptions, ingest  # noqa: E402
from isecg_extract.model import Line  # noqa: E402

SAMPLE_PDFS = sorted(p for p in SAMPLES.glob("*.pdf") if "-x" not in p.stem)
# The report as other producers render it (LibreOffice, WeasyPrint, Typst, matplotlib).
FOREIGN = sorted((SAMPLES.parent / "tests" / "fixtures" / "pdfs").glob("*.pdf"))
# Typst writes fractional glyph widths, which PDFium rounds to whole 1/1000 em and positions
# glyphs with: x drifts by up to ~3.3 pt along a dot-leader line. Text and order still agree.
GEOMETRY_TOLERANCE = {"ar2025-typst.pdf": 3.5}
ENGINES = ("pdfplumber", "pdfium")


def _read(path: Path, engine: str, **options: object):
    return ingest(path, IngestOptions(engine=engine, **options))  # type: ignore[arg-type]


def _outcome(path: Path, engine: str, **options: object) -> tuple[str, str]:
    """What an engine makes of a file: the error (class and message) or the lines' texts."""
    try:
        raw = _read(path, engine, **options)
    except ExtractError as exc:
        # The detail of a parser failure quotes the parser itself; the class must agree.
        message = "" if isinstance(exc, MalformedPdf) else exc.one_line()
        return type(exc).__name__, message
    return "ok", "\n".join(ln.text for ln in raw.lines())


def _key(line: Line) -> tuple[float, float]:
    # pdfplumber's own float noise can order two lines on one baseline either way.
    return (round(line.bbox[1], 2), round(line.bbox[0], 2))


# ---------------------------------------------------------------------------------------------
# Ingest: the same segments
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested() -> dict[tuple[str, str], object]:
    return {(pdf.name, engine): _read(pdf, engine) for pdf in SAMPLE_PDFS for engine in ENGINES}


def test_there_are_sample_pdfs_to_compare():
    assert len(SAMPLE_PDFS) >= 2


@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_pdfium_gives_the_same_pages_and_segments(pdf, ingested):
    _assert_same_segments(ingested[(pdf, "pdfplumber")], ingested[(pdf, "pdfium")], abs_tol=0.01)


@pytest.mark.parametrize("pdf", FOREIGN, ids=lambda p: p.name)
def test_pdfium_gives_the_same_segments_for_other_producers(pdf):
    tol = GEOMETRY_TOLERANCE.get(pdf.name, 0.01)
    _assert_same_segments(_read(pdf, "pdfplumber"), _read(pdf, "pdfium"), abs_tol=tol)


def _assert_same_segments(plumber, pdfium, abs_tol: float) -> None:
    assert len(pdfium.pages) == len(plumber.pages)
    assert pdfium.metadata.get("title") == plumber.metadata.get("title")
    assert pdfium.metadata["pages"] == plumber.metadata["pages"]
    for a, b in zip(plumber.pages, pdfium.pages, strict=True):
        assert (b.number, b.width, b.height) == pytest.approx((a.number, a.width, a.height))
        left, right = sorted(a.lines, key=_key), sorted(b.lines, key=_key)
        assert [ln.text for ln in right] == [ln.text for ln in left], f"page {a.number}"
        for x, y in zip(left, right, strict=True):
            where = f"page {a.number}: {x.text!r}"
            assert y.bbox == pytest.approx(x.bbox, abs=abs_tol), where
            assert (y.font_size, y.bold, y.italic, y.cells) == (
                x.font_size,
                x.bold,
                x.italic,
                x.cells,
            ), where
            # Word edges are rounded to 0.01 pt; a value on a .005 boundary may round apart.
            assert (y.word_x is None) == (x.word_x is None), where
            if x.word_x:
                assert y.word_x == pytest.approx(x.word_x, abs=abs_tol + 0.001), where


def test_pdfium_reads_the_ruled_member_table_into_cells(ingested):
    rows = [
        ln
        for page in ingested[("isecg-annual-report-2025-word.pdf", "pdfium")].pages
        for ln in page.lines
        if ln.cells
    ]
    assert len(rows) >= 20
    assert all(len(ln.cells) == 2 for ln in rows)
    assert ["Canada", "Canadian Space Agency (CSA)"] in [ln.cells for ln in rows]


def _pages_of(path: Path):
    """Each page of ``path`` as pdfplumber sees it and as the PDFium backend rebuilds it."""
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from isecg_extract.ingest.pdfium import PdfiumPage

    doc = pdfium.PdfDocument(str(path))
    with pdfplumber.open(path) as pdf:
        for index, plumber_page in enumerate(pdf.pages):
            handle = raw.FPDF_LoadPage(doc.raw, index)
            try:
                yield plumber_page, PdfiumPage(handle)
            finally:
                raw.FPDF_ClosePage(handle)
    doc.close()


RULED = [
    *SAMPLE_PDFS,
    *FOREIGN,
    CORPUS / "senate-expenditures.pdf",
    CORPUS / "la-precinct-bulletin-2014-p1.pdf",
]


@pytest.mark.parametrize("pdf", RULED, ids=lambda p: p.name)
def test_pdfium_page_shapes_and_grids_are_pdfplumbers(pdf):
    """The rules read from PDFium's paths, and the grids found on them, are pdfplumber's own."""
    from pdfplumber.table import TableFinder

    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    for plumber_page, page in _pages_of(pdf):
        for kind in ("line", "rect", "curve"):
            assert len(page.objects[kind]) == len(plumber_page.objects.get(kind, [])), kind
        ours = [(t.bbox, [(r.bbox, r.cells) for r in t.rows]) for t in page.find_tables(settings)]
        theirs = [
            (t.bbox, [(r.bbox, r.cells) for r in t.rows])
            for t in TableFinder(plumber_page, settings).tables
        ]
        assert len(ours) == len(theirs)
        for (box, rows), (their_box, their_rows) in zip(ours, theirs, strict=True):
            assert box == pytest.approx(their_box, abs=1e-3)
            assert len(rows) == len(their_rows)


# ---------------------------------------------------------------------------------------------
# The whole pipeline: same headings, member rows and scores
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str], Path]:
    from isecg_extract.pipeline import ExtractOptions, extract_to

    out = {}
    for pdf in SAMPLE_PDFS:
        for engine in ENGINES:
            folder = tmp_path_factory.mktemp(f"{pdf.stem}-{engine}")
            extract_to(pdf, folder, ExtractOptions(ingest=IngestOptions(engine=engine)))
            out[(pdf.name, engine)] = folder
    return out


def _rows(folder: Path, name: str, columns: list[str]) -> list[tuple[str, ...]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [tuple(row[c] for c in columns) for row in csv.DictReader(f)]


@pytest.mark.slow
@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_pdfium_gives_the_same_headings(pdf, extracted):
    columns = ["section_id", "parent_id", "level", "title", "page"]
    plumber = _rows(extracted[(pdf, "pdfplumber")], "sections", columns)
    assert plumber
    assert _rows(extracted[(pdf, "pdfium")], "sections", columns) == plumber


@pytest.mark.slow
@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_pdfium_gives_the_same_member_table(pdf, extracted):
    columns = ["agency_id", "acronym", "name", "country", "country_code"]
    plumber = _rows(extracted[(pdf, "pdfplumber")], "agencies", columns)
    assert len(plumber) >= 20
    assert _rows(extracted[(pdf, "pdfium")], "agencies", columns) == plumber


@pytest.mark.slow
@pytest.mark.parametrize("pdf", [p.name for p in SAMPLE_PDFS])
def test_pdfium_scores_like_pdfplumber(pdf, extracted, scorer):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    _, _, plumber = scorer.score_all(str(extracted[(pdf, "pdfplumber")]), gold)
    results, _, pdfium = scorer.score_all(str(extracted[(pdf, "pdfium")]), gold)
    assert pdfium >= plumber - 0.01, {r["dataset"]: r["f1"] for r in results}


@pytest.mark.slow
@pytest.mark.parametrize(
    "pdf", [p for p in FOREIGN if p.stem.startswith("ar2025")], ids=lambda p: p.stem
)
def test_pdfium_scores_like_pdfplumber_on_other_producers(pdf, tmp_path, scorer):
    from isecg_extract.pipeline import ExtractOptions, extract_to

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    macro = {}
    for engine in ENGINES:
        out = tmp_path / engine
        extract_to(pdf, out, ExtractOptions(ingest=IngestOptions(engine=engine)))
        macro[engine] = scorer.score_all(str(out), gold)[2]
    assert macro["pdfium"] >= macro["pdfplumber"] - 0.01, macro


@pytest.mark.slow
def test_cli_engine_option_selects_pdfium(tmp_path):
    from isecg_extract.cli import main

    pdf = SAMPLE_PDFS[0]
    result = CliRunner().invoke(
        main, ["extract", str(pdf), "-o", str(tmp_path / "o"), "--engine", "pdfium", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "agencies.csv").exists()


# ---------------------------------------------------------------------------------------------
# Hostile input: the same typed errors with the same messages
# ---------------------------------------------------------------------------------------------

CORPUS_CASES = [
    ("empty.pdf", "EmptyInput"),
    ("password-example.pdf", "EncryptedPdf"),
    ("issue-297-example.pdf", "NoPages"),
    ("issue-203-decimalize.pdf", "NoTextLayer"),
    ("malformed-from-issue-932.pdf", "ok"),  # damaged, but both parsers recover its text
]


@pytest.mark.parametrize(("name", "expected"), CORPUS_CASES)
def test_pdfium_meets_hostile_files_as_pdfplumber_does(name, expected):
    path = CORPUS / name
    pdfium = _outcome(path, "pdfium")
    assert pdfium[0] == expected, pdfium
    assert pdfium == _outcome(path, "pdfplumber")


def test_pdfium_wrong_and_right_password():
    path = CORPUS / "password-example.pdf"
    wrong = _outcome(path, "pdfium", password="nope")
    assert wrong == (
        "EncryptedPdf",
        f"{path}: encrypted PDF; give the password with --password: wrong password",
    )
    assert wrong == _outcome(path, "pdfplumber", password="nope")
    assert _outcome(path, "pdfium", password="test")[0] in {"ok", "NoTextLayer"}


def test_pdfium_refuses_more_pages_than_max_pages():
    pdf = SAMPLE_PDFS[0]
    pdfium = _outcome(pdf, "pdfium", max_pages=2)
    assert pdfium[0] == "TooLarge"
    assert pdfium == _outcome(pdf, "pdfplumber", max_pages=2)


def test_pdfium_turns_a_broken_file_into_malformed_pdf(tmp_path):
    data = (SAMPLE_PDFS[0]).read_bytes()
    broken = tmp_path / "truncated.pdf"
    broken.write_bytes(data[:900])
    assert _outcome(broken, "pdfium")[0] == "MalformedPdf"
