"""The review site in a real browser (Debian's Chromium, headless, through Playwright),
opened from file://: select a row and see its box on the right page and its sentence; filter
and sort; make a correction, parse it, apply it and see the row shown as corrected; follow a
diff event to its evidence; no console error and no network request on the way."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from isecg_extract.corrections import read_corrections
from isecg_extract.review import build_review

from conftest import WORD_PDF

pytestmark = pytest.mark.slow


def doc_url(site, key: str, fragment: str = "") -> str:
    return (site.dest / "docs" / key / "index.html").as_uri() + fragment


def test_select_a_row_shows_its_box_on_its_page_and_its_sentence(word_site, page):
    p = page.page
    p.goto(doc_url(word_site, "word"))
    p.click("#tabs button[data-table=agencies]")
    p.click("#rows tr[data-id=asa]")
    assert "r=asa" in p.url
    assert p.get_attribute("#rows tr.selected", "data-id") == "asa"
    figure = p.locator("#detail .page")
    assert figure.get_attribute("data-page") == "8"
    assert p.get_attribute("#detail .page img", "src") == "pages/page-0008.png"
    # The box lies on the row's bbox: 72.0,100.8,523.3,137.8 on a 595.3 x 841.9 page.
    img = p.locator("#detail .page img").bounding_box()
    box = p.locator("#detail .hl").bounding_box()
    scale = img["width"] / 595.3
    assert abs(box["x"] - img["x"] - 72.0 * scale) < 2
    assert abs(box["y"] - img["y"] - 100.8 * scale) < 2
    assert abs(box["width"] - (523.3 - 72.0) * scale) < 2
    assert abs(box["height"] - (137.8 - 100.8) * scale) < 2
    assert p.text_content("#provenance") and "annex-ii-isecg-members" in p.text_content(
        "#provenance"
    )
    # A plan: its sentence highlighted in its paragraph, its words boxed on page 5.
    p.click("#tabs button[data-table=activities]")
    p.click("#rows tr[data-id='isecg-2026-01']")
    assert p.text_content("#context mark").startswith("In 2026, ISECG will continue")
    assert "A key focus will be enhancing collaboration" in p.text_content("#context")
    assert p.locator("#detail .page").get_attribute("data-page") == "5"
    assert p.locator("#detail .hl").count() >= 1
    assert page.errors == [] and page.remote() == []


def test_filter_sort_and_checks(word_site, page):
    p = page.page
    p.goto(doc_url(word_site, "word", "#t=agencies"))
    assert p.locator("#rows tbody tr").count() == 28
    p.fill("#filter", "Italy")
    assert [r.get_attribute("data-id") for r in p.locator("#rows tbody tr").all()] == ["asi"]
    p.fill("#filter", "")
    p.click("#rows th[data-col=acronym]")
    acronyms = [t.strip() for t in p.locator("#rows tbody tr td:nth-child(2)").all_text_contents()]
    assert acronyms == sorted(acronyms, key=str.lower) or acronyms == sorted(acronyms)
    p.click("#rows th[data-col=acronym]")  # again: descending
    again = [t.strip() for t in p.locator("#rows tbody tr td:nth-child(2)").all_text_contents()]
    assert again == acronyms[::-1]
    assert "member-count" in p.text_content("#check-list")
    p.click("#check-list a.row-link")
    assert p.get_attribute("#rows", "data-table") == "documents"
    assert page.errors == [] and page.remote() == []


def test_a_correction_made_in_the_page_applies(word_out, page, pipeline_copy, tmp_path):
    from isecg_extract.pipeline import ExtractOptions, extract_to

    site = build_review([word_out], tmp_path / "site", [WORD_PDF])
    p = page.page
    p.goto(doc_url(site, "word", "#t=events&r=iac-2025"))
    p.fill("#note", "IAC 2025 was held in September")
    p.click("#act-wrong")
    wrong = p.text_content("#lines")
    assert wrong == "isecg-ar-2025,events,iac-2025,drop,,,IAC 2025 was held in September"
    p.click("#clear")
    p.select_option("#edit-column", "month")
    p.fill("#edit-value", "9")
    p.click("#act-edit")
    p.goto(doc_url(site, "word", "#t=publications&r=annual-report-2024"))
    p.fill("#note", "missed, with a comma")
    p.click("#add-row summary")
    p.fill("#add-id", "lss-gap-report")
    p.fill("#add-row input[data-col=title]", 'LSS "Gap" Report')
    p.fill("#add-row input[data-col=year]", "2026")
    p.click("#act-add")
    lines = p.text_content("#lines").splitlines()
    # The page forgets nothing when the hash changes; the edit and the two add lines are there.
    assert (
        lines[0] == "isecg-ar-2025,events,iac-2025,replace,month,9,IAC 2025 was held in September"
    )
    with p.expect_download() as download:
        p.click("#download")
    saved = tmp_path / "corrections-download.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "doc_id,table,row_id,action,column,value,note"
    assert text.splitlines()[1:] == lines
    # Appended to pipeline/corrections.csv as the page says (without the header), they parse ...
    with (pipeline_copy / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in text.splitlines()[1:]))
    from isecg_extract.config import load_config

    cfg = load_config(str(pipeline_copy))
    parsed = read_corrections(pipeline_copy, cfg.tables["tables"])
    added = [c for c in parsed if c.row_id == "lss-gap-report"]
    # "missing row here" fills the new row's section and page from the row it was made beside.
    assert {(c.column, c.value) for c in added} == {
        ("title", 'LSS "Gap" Report'),
        ("year", "2026"),
        ("section_id", "isecg-webnews-2025"),
        ("page", "7"),
    }
    assert list(csv.reader(io.StringIO(lines[-1])))[0][-1] == "missed, with a comma"
    # ... and the next extraction applies them: the rows show as corrected.
    again = tmp_path / "again"
    extract_to(WORD_PDF, again, ExtractOptions(config_dir=str(pipeline_copy)))
    site = build_review([again], tmp_path / "site", [WORD_PDF])
    p.goto(doc_url(site, "again", "#t=events&r=iac-2025"))
    row = p.locator("#rows tr[data-id='iac-2025']")
    assert "corrected" in row.get_attribute("class")
    assert "corrected by hand: IAC 2025 was held in September" in p.text_content(
        "#detail .corrected"
    )
    assert "1 corrected" in p.text_content("#tabs button[data-table=events]")
    p.goto(doc_url(site, "again", "#t=publications&r=lss-gap-report"))
    assert "corrected" in p.locator("#rows tr[data-id='lss-gap-report']").get_attribute("class")
    assert page.errors == [] and page.remote() == []


def test_a_diff_event_leads_to_its_evidence(years_site, page):
    p = page.page
    p.goto((years_site.dest / "index.html").as_uri())
    p.click("text=2025→2026")
    assert p.url.endswith("diffs/out-2025-2026.html")
    p.click("a.evidence[href*='r=philsa']")
    assert "docs/isecg-ar-2026/index.html#t=agencies&r=philsa" in p.url
    assert p.get_attribute("#rows tr.selected", "data-id") == "philsa"
    assert "agencies / philsa" in p.text_content("#detail h2")
    p.go_back()
    p.click("a.evidence[href*='r=vnsc']")
    assert "docs/isecg-ar-2025/index.html#t=agencies&r=vnsc" in p.url
    assert p.get_attribute("#rows tr.selected", "data-id") == "vnsc"
    assert page.errors == [] and page.remote() == []


def test_the_site_works_when_moved(word_site, page, tmp_path):
    """Links are relative: the folder can be zipped, sent, opened elsewhere."""
    moved = tmp_path / "elsewhere"
    shutil.copytree(word_site.dest, moved)
    p = page.page
    p.goto((moved / "docs" / "word" / "index.html").as_uri() + "#t=sections&r=executive-summary")
    assert p.locator("#detail .hl").count() == 1
    assert p.evaluate("document.querySelector('#detail img').naturalWidth") > 500
    p.click("header a")
    assert p.url.endswith("elsewhere/index.html")
    assert page.errors == [] and page.remote() == []
