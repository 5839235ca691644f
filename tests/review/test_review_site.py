"""The review site's builder: which files, that the pages hold the rows, that the corrections
lines it builds parse as corrections, that nothing is fetched from the network, that the site
is small, and that it is switched into place whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from isecg_extract.cli import main
from isecg_extract.corrections import apply_corrections, read_corrections
from isecg_extract.review import build_review
from isecg_extract.review.lines import correction_line, corrections_file

from conftest import WORD_PDF

MB = 1_000_000
REMOTE = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import|fetch\(|XMLHttpRequest|https?://"""
)


def data_of(site_root: Path, key: str) -> dict:
    text = (site_root / "docs" / key / "data.js").read_text(encoding="utf-8")
    assert text.startswith("window.REVIEW = ") and text.endswith(";\n")
    return json.loads(text[len("window.REVIEW = ") : -2])


def test_files_of_a_report_site(word_site, word_out):
    root = word_site.dest
    names = {p.relative_to(root).as_posix() for p in word_site.files}
    assert {"index.html", "assets/review.css", "assets/review.js"} <= names
    assert {"docs/word/index.html", "docs/word/data.js"} <= names
    data = data_of(root, "word")
    pages_with_rows = {
        int(ev["page"])
        for t in data["tables"].values()
        for ev in t["evidence"].values()
        if ev["page"]
    }
    images = {n for n in names if n.startswith("docs/word/pages/")}
    # Only the pages that hold rows: the cover and the TOC hold none.
    assert images == {f"docs/word/pages/page-{n:04d}.png" for n in pages_with_rows}
    assert 1 not in pages_with_rows and len(images) < 14
    assert not list(root.parent.glob(".site.isecg-*"))  # no staging folder left beside it


def test_the_pages_hold_every_row(word_site, word_out):
    data = data_of(word_site.dest, "word")
    report = json.loads((word_out / "report.json").read_text(encoding="utf-8"))
    for table, spec in data["tables"].items():
        assert spec["rows"] == report[table], table
        assert set(spec["evidence"]) == {str(r[spec["key"]]) for r in report[table]}
    assert "docs/word/index.html" in (word_site.dest / "index.html").read_text(encoding="utf-8")
    assert data["checks"] and data["checks"][0]["code"] == "member-count"


def test_every_row_that_comes_from_the_text_is_located(word_site):
    data = data_of(word_site.dest, "word")
    for table in ("sections", "agencies", "activities", "changes", "events", "mentions"):
        evidence = data["tables"][table]["evidence"]
        assert all(ev["boxes"] for ev in evidence.values()), table
    asa = data["tables"]["agencies"]["evidence"]["asa"]
    assert asa["located"] == "bbox" and asa["page"] == 8
    assert asa["boxes"] == [[72.0, 100.8, 523.3, 137.8]]
    plan = data["tables"]["activities"]["evidence"]["isecg-2026-01"]
    assert plan["located"] == "text" and plan["page"] == 5
    assert plan["context"][1].startswith("In 2026, ISECG will continue to advance its role")
    # The box lies on the page, over the top of page 5 where the sentence is.
    w, h = data["pages"]["5"]["w"], data["pages"]["5"]["h"]
    for x0, top, x1, bottom in plan["boxes"]:
        assert 0 <= x0 < x1 <= w and 0 <= top < bottom <= h / 3


def test_corrections_lines_parse_as_corrections(tmp_path, cfg, word_site):
    data = data_of(word_site.dest, "word")
    doc = data["doc_id"]
    lines = [
        correction_line(doc, "agencies", "asa", "drop", note='not a member, "really"'),
        correction_line(doc, "events", "iac-2025", "replace", "month", "9", "held in September"),
        correction_line(
            doc, "publications", "lss-gap", "add", "title", "LSS Gap Report, v2", "missed"
        ),
        correction_line(doc, "publications", "lss-gap", "add", "year", "2026", "missed"),
    ]
    for table, spec in data["tables"].items():  # every column the page offers to edit
        row = spec["rows"][0]
        for column in spec["editable"]:
            value = row.get(column)
            value = (
                ""
                if value is None
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
            lines.append(
                correction_line(doc, table, str(row[spec["key"]]), "replace", column, value, "x")
            )
    (tmp_path / "corrections.csv").write_text(corrections_file(lines), encoding="utf-8")
    parsed = read_corrections(tmp_path, cfg.tables["tables"])
    assert len(parsed) == len(lines)
    assert (parsed[0].action, parsed[0].note) == ("drop", 'not a member, "really"')
    assert parsed[2].value == "LSS Gap Report, v2"
    tables = {t: [dict(r) for r in spec["rows"]] for t, spec in data["tables"].items()}
    unapplied = apply_corrections(doc, tables, parsed[:4], cfg.tables["tables"])
    assert unapplied == []
    assert "asa" not in {r["agency_id"] for r in tables["agencies"]}
    assert next(r for r in tables["events"] if r["event_id"] == "iac-2025")["month"] == 9


def test_no_network_resource_and_a_small_site(word_site):
    for path in word_site.files:
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            if path.name == "data.js":  # the report's own words may name a web site
                text = text[: text.index('"tables"')]
            assert not REMOTE.search(text), (path, REMOTE.search(text))
    assert word_site.size < 10 * MB  # the target: under 10 MB for the 2025 sample
    assert word_site.size < 2 * MB  # today's: about 0.7 MB


def test_build_time(word_out, tmp_path):
    site = build_review([word_out], tmp_path / "site", [WORD_PDF])
    assert site.seconds < 20  # target 5 s (about 2 s today); generous on a shared machine


def test_a_batch_site_has_years_diffs_and_the_timeline(years_site, years_out):
    root = years_site.dest
    index = (root / "index.html").read_text(encoding="utf-8")
    for year, doc in ((2023, "isecg-ar-2023"), (2025, "isecg-ar-2025"), (2026, "isecg-ar-2026")):
        assert f"<td>{year}</td>" in index and doc in index
    assert "annual report" in index and "full" in index  # kind and coverage
    assert (root / "timeline.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (root / "timeline.svg").read_text(encoding="utf-8")
    import matplotlib.pyplot as plt

    from isecg_extract.compare.timeline import build_timeline
    from isecg_extract.compare.timeline_chart import text_overlaps, timeline_figure
    from isecg_extract.compare.timeline_lanes import lanes

    tl = build_timeline(years_out)
    groups = {ln.ids[0]: ln for ln in lanes(tl, "group")}
    # A merge shows where the merged group ends and on the group it went into.
    assert ("merged", 2025) in {(c.change, y) for y, c in groups["esawg"].events}
    assert ("merged", 2025) in {(c.change, y) for y, c in groups["scwg"].events}
    assert groups["cwg"].label == "CWG → CSWG"  # renamed in 2026: one lane
    fig = timeline_figure(tl)
    try:
        assert text_overlaps(fig) == []  # the batch's own timeline: no label over another
    finally:
        plt.close(fig)
    diffs = sorted((root / "diffs").glob("*.html"))
    assert [p.name for p in diffs] == ["out-2023-2025.html", "out-2025-2026.html"]
    page = (root / "diffs" / "out-2025-2026.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./docs/([^/]+)/index\.html#t=(\w+)&amp;r=([^"]+)"', page)
    assert links
    for key, table, row_id in links:  # every evidence link names a row of its document
        data = data_of(root, key)
        assert row_id in data["tables"][table]["evidence"], (key, table, row_id)
    assert ("isecg-ar-2026", "agencies", "philsa") in links  # joined in 2026
    assert ("isecg-ar-2025", "agencies", "vnsc") in links  # left: its evidence is in 2025


def test_a_failed_build_leaves_the_old_site(word_out, tmp_path, monkeypatch):
    dest = tmp_path / "site"
    build_review([word_out], dest, [WORD_PDF])
    before = sorted(p.relative_to(dest) for p in dest.rglob("*"))

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("isecg_extract.review.build.render_pages", broken)
    from isecg_extract.errors import OutputUnwritable

    with pytest.raises(OutputUnwritable):
        build_review([word_out], dest, [WORD_PDF])
    assert sorted(p.relative_to(dest) for p in dest.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_missing_source_still_gives_the_tables(word_out, tmp_path):
    site = build_review([word_out], tmp_path / "site")  # no --source; not beside the folder
    data = data_of(site.dest, "word")
    assert data["pages"] == {} and "--source" in data["source_note"]
    assert data["tables"]["agencies"]["rows"]


def test_cli_reviews_a_report_file_in_one_command(tmp_path):
    text = tmp_path / "report.txt"
    text.write_bytes(YEAR_2025.read_bytes())
    result = CliRunner().invoke(main, ["review", str(text), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{tmp_path / 'site'}/index.html: 1 documents")
    data = data_of(tmp_path / "site", "report")
    # A text input: no page images, the text around each row from its sentences.
    assert data["pages"] == {} and data["input_format"] == "text"
    ctx = data["tables"]["activities"]["evidence"]["isecg-2026-01"]["context"]
    assert ctx[1].startswith("In 2026, ISECG will continue")


def test_cli_errors(tmp_path):
    result = CliRunner().invoke(main, ["review", str(tmp_path / "nope"), "-o", str(tmp_path / "s")])
    assert result.exit_code == 3
    assert result.output.startswith(f"isecg-extract: {tmp_path / 'nope'}: ")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        main, ["review", str(tmp_path / "empty"), "-o", str(tmp_path / "s")]
    )
    assert result.exit_code == 17


YEAR_2025 = WORD_PDF.parent / "isecg-annual-report-2025.txt"
